import { defaultFixture } from '../fixtures';
import { SimulatorState } from '../state';
import { MdmState } from './mdmState';
import { commandPlist } from './testUtils';

describe('MdmState persistence', () => {
  it('survives a JSON round trip: devices, apps, queues and the command log', async () => {
    const apple = new SimulatorState(defaultFixture);
    const before = new MdmState(apple, {
      switches: { pushDelayMs: 0, installTimeMs: 600_000 },
    });
    const phone = before.devices.bySerialNumber('DMPTK0001')!;
    const tablet = before.devices.bySerialNumber('DMPTK0003')!;
    before.setOnline(tablet.udid, false);
    before.enqueue(
      [phone.udid, tablet.udid],
      commandPlist('InstallApplication', { iTunesStoreID: 6450000101 }, 'p-1'),
      false,
    );
    await before.idle();
    before.checkOut(before.devices.bySerialNumber('C02TK0001')!.udid);

    const snapshot = JSON.parse(JSON.stringify(before.toJSON()));
    const after = new MdmState(apple);
    after.restore(snapshot);

    const restoredPhone = after.devices.get(phone.udid)!;
    expect(restoredPhone.apps).toEqual(phone.apps);
    expect(
      restoredPhone.apps.find(app => app.bundleId === 'com.example.notes')
        ?.installingUntil,
    ).toBeGreaterThan(Date.now());
    expect(after.devices.get(tablet.udid)).toMatchObject({
      online: false,
      pendingWake: true,
    });
    expect(after.queues.queued(tablet.udid).map(c => c.commandUuid)).toEqual([
      'p-1',
    ]);
    expect(after.commandLog.list(phone.udid)).toEqual(
      before.commandLog.list(phone.udid),
    );
    expect(after.devices.bySerialNumber('C02TK0001')!.enrollment).toBe(
      'checked-out',
    );
    // A restored duplicate CommandUUID is still a duplicate.
    expect(
      after.enqueue(
        [phone.udid],
        commandPlist('DeviceInformation', {}, 'p-1'),
        true,
      ).status,
    ).toBe(500);
    // The offline tablet answers once back online.
    after.setOnline(tablet.udid, true);
    await after.idle();
    expect(after.commandLog.list(tablet.udid)[0].status).toBe('Acknowledged');
    before.dispose();
    after.dispose();
    apple.dispose();
  });
});
