import { RunningSimulator } from '../server';
import { appleClient, startTestSimulator, tokenOf } from '../testUtils';
import { seededRandom } from './random';
import {
  commandPlist,
  commandsOf,
  deviceBySerial,
  nanoClient,
} from './testUtils';

const API_KEY = 'devices-test-key';
const NOTES = '6450000101';

describe('simulated devices', () => {
  let sim: RunningSimulator;
  let nano: ReturnType<typeof nanoClient>;
  let counter = 0;

  beforeAll(async () => {
    sim = await startTestSimulator({
      mdm: {
        apiKey: API_KEY,
        switches: {
          pushDelayMs: 0,
          installTimeMs: 600_000,
          duplicateEventRate: 0,
          outOfOrderRate: 0,
        },
        random: seededRandom(7),
      },
    });
    nano = nanoClient(sim, API_KEY);
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.state.reset();
    sim.mdm.reset();
  });

  /** Enqueues and pushes one command, waits for the device, returns its decoded answer. */
  async function send(
    serial: string,
    requestType: string,
    keys: Record<string, unknown> = {},
  ) {
    const device = deviceBySerial(sim, serial);
    const uuid = `cmd-${++counter}`;
    const answer = await nano.enqueue(
      device.udid,
      commandPlist(requestType, keys, uuid),
    );
    expect(answer.status).toBe(200);
    await sim.mdm.idle();
    const record = commandsOf(sim, device.udid).find(
      r => r.commandUuid === uuid,
    );
    return record!.answer as Record<string, any>;
  }

  async function installedApps(serial: string, identifiers?: string[]) {
    const answer = await send(serial, 'InstalledApplicationList', {
      ManagedAppsOnly: false,
      ...(identifiers ? { Identifiers: identifiers } : {}),
    });
    expect(answer.Status).toBe('Acknowledged');
    return answer.InstalledApplicationList as Array<Record<string, any>>;
  }

  it('answers InstallApplication with 9610 when Apple holds no license for the serial', async () => {
    const answer = await send('DMPTK0005', 'InstallApplication', {
      iTunesStoreID: Number(NOTES),
      Options: { PurchaseMethod: 1 },
      ManagementFlags: 1,
    });
    expect(answer).toMatchObject({
      Status: 'Error',
      UDID: deviceBySerial(sim, 'DMPTK0005').udid,
      RejectionReason: 'Other',
      ErrorChain: [
        {
          ErrorCode: 9610,
          ErrorDomain: 'ASDErrorDomain',
          LocalizedDescription: 'License not found',
          USEnglishDescription: 'License not found',
        },
      ],
    });
    expect(
      (await installedApps('DMPTK0005')).some(
        app => app.Identifier === 'com.example.notes',
      ),
    ).toBe(false);
  });

  it('installs once the license is assigned: Acknowledged, Installing, then installed with the store version', async () => {
    const tokyo = appleClient(sim, tokenOf(sim, 'loc-tokyo'));
    const associated = await tokyo.post('/assets/associate', {
      assets: [{ adamId: NOTES, pricingParam: 'STDQ' }],
      serialNumbers: ['DMPTK0005'],
    });
    expect(associated.status).toBe(200);
    sim.state.completePendingEvents();

    const answer = await send('DMPTK0005', 'InstallApplication', {
      iTunesStoreID: Number(NOTES),
      Options: { PurchaseMethod: 1 },
      ManagementFlags: 1,
    });
    expect(answer).toMatchObject({
      Status: 'Acknowledged',
      Identifier: 'com.example.notes',
      State: 'Installing',
    });

    const [installing] = await installedApps('DMPTK0005', [
      'com.example.notes',
    ]);
    expect(installing).toMatchObject({
      Identifier: 'com.example.notes',
      Name: 'Example Notes',
      Installing: true,
    });
    const managed = await send('DMPTK0005', 'ManagedApplicationList');
    expect(managed.ManagedApplicationList['com.example.notes']).toMatchObject({
      Status: 'Installing',
      ManagementFlags: 1,
    });

    expect(sim.mdm.completeInstalls()).toBe(1);
    const [installed] = await installedApps('DMPTK0005', ['com.example.notes']);
    expect(installed).toMatchObject({
      Identifier: 'com.example.notes',
      ShortVersion: '4.2.1',
      Installing: false,
      IsValidated: true,
      DeviceBasedVPP: true,
      HasUpdateAvailable: false,
    });
    expect(
      (await send('DMPTK0005', 'ManagedApplicationList'))
        .ManagedApplicationList['com.example.notes'].Status,
    ).toBe('Managed');
  });

  it('updates an older managed app: the old version shows while installing', async () => {
    const [before] = await installedApps('DMPTK0001', ['com.example.notes']);
    expect(before).toMatchObject({
      ShortVersion: '4.1.0',
      HasUpdateAvailable: true,
    });
    const answer = await send('DMPTK0001', 'InstallApplication', {
      iTunesStoreID: Number(NOTES),
    });
    expect(answer.Status).toBe('Acknowledged');
    const [during] = await installedApps('DMPTK0001', ['com.example.notes']);
    expect(during).toMatchObject({ ShortVersion: '4.1.0', Installing: true });
    sim.mdm.completeInstalls();
    const [after] = await installedApps('DMPTK0001', ['com.example.notes']);
    expect(after).toMatchObject({ ShortVersion: '4.2.1', Installing: false });
  });

  it('refuses apps for another platform or a newer OS', async () => {
    // iOS-only Field Survey on a Mac that holds no license either: compatibility first.
    const mac = await send('C02TK0001', 'InstallApplication', {
      iTunesStoreID: 6450000102,
    });
    expect(mac).toMatchObject({
      Status: 'Error',
      RejectionReason: 'Other',
      ErrorChain: [{ ErrorDomain: 'MCMDMErrorDomain', ErrorCode: 12036 }],
    });
    // iOS 13.7 with a Field Survey license (minimum 15.0).
    const old = await send('DMPTK0004', 'InstallApplication', {
      iTunesStoreID: 6450000102,
    });
    expect(old).toMatchObject({
      Status: 'Error',
      RejectionReason: 'NotSupported',
      ErrorChain: [{ ErrorCode: 12037 }],
    });
    expect(old.ErrorChain[0].USEnglishDescription).toContain('15.0');
  });

  it('removes a managed app, and refuses one it does not manage', async () => {
    const removed = await send('DMPTK0001', 'RemoveApplication', {
      Identifier: 'com.example.notes',
    });
    expect(removed.Status).toBe('Acknowledged');
    expect(
      (await installedApps('DMPTK0001')).map(app => app.Identifier),
    ).not.toContain('com.example.notes');
    const unmanaged = await send('DMPTK0001', 'RemoveApplication', {
      Identifier: 'jp.naver.line',
    });
    expect(unmanaged).toMatchObject({
      Status: 'Error',
      ErrorChain: [{ ErrorCode: 12024 }],
    });
    const malformed = await send('DMPTK0001', 'RemoveApplication');
    expect(malformed.Status).toBe('CommandFormatError');
  });

  it('lists all apps (ManagedAppsOnly false), only the identifiers asked for, and the Items asked for', async () => {
    const all = await installedApps('DMPTK0001');
    expect(all.map(app => app.Identifier).sort()).toEqual([
      'com.apple.Pages',
      'com.example.notes',
      'com.google.chrome.ios',
      'jp.naver.line',
    ]);
    for (const app of all) {
      expect(Object.keys(app)).toEqual(
        expect.arrayContaining([
          'Identifier',
          'Name',
          'ShortVersion',
          'Version',
          'BundleSize',
          'Installing',
          'IsValidated',
        ]),
      );
    }
    const some = await send('DMPTK0001', 'InstalledApplicationList', {
      Identifiers: ['jp.naver.line', 'com.not.installed'],
      Items: ['Name'],
    });
    expect(some.InstalledApplicationList).toEqual([
      { Identifier: 'jp.naver.line', Name: 'LINE' },
    ]);
    const managedOnly = await send('DMPTK0001', 'InstalledApplicationList', {
      ManagedAppsOnly: true,
    });
    expect(
      managedOnly.InstalledApplicationList.map((app: any) => app.Identifier),
    ).toEqual(['com.example.notes']);
  });

  it('answers DeviceInformation from its facts', async () => {
    const device = deviceBySerial(sim, 'C02TK0001');
    const all = await send('C02TK0001', 'DeviceInformation');
    expect(all.QueryResponses).toMatchObject({
      UDID: device.udid,
      SerialNumber: 'C02TK0001',
      ProductName: 'Mac15,6',
      ModelName: 'MacBook Pro',
      OSVersion: '15.2',
      BuildVersion: '24C101',
      WiFiMAC: device.wifiMac,
      IsAppleSilicon: true,
    });
    const some = await send('C02TK0001', 'DeviceInformation', {
      Queries: ['OSVersion', 'SerialNumber', 'NotAQuery'],
    });
    expect(some.QueryResponses).toEqual({
      OSVersion: '15.2',
      SerialNumber: 'C02TK0001',
    });
  });

  it('answers unknown request types with an error', async () => {
    const answer = await send('DMPTK0001', 'MakeCoffee');
    expect(answer).toMatchObject({
      Status: 'Error',
      ErrorChain: [{ ErrorCode: 12021, ErrorDomain: 'MCMDMErrorDomain' }],
    });
  });

  it('NotNow keeps the command queued; it comes back at the next check-in', async () => {
    const device = deviceBySerial(sim, 'DMPTK0002');
    sim.mdm.setOptions({ notNowRate: 1 });
    await nano.enqueue(
      device.udid,
      commandPlist('DeviceInformation', {}, 'later-1'),
    );
    await nano.enqueue(device.udid, commandPlist('ProfileList', {}, 'later-2'));
    await sim.mdm.idle();
    expect(commandsOf(sim, device.udid).map(r => r.status)).toEqual([
      'NotNow',
      'NotNow',
    ]);
    expect(sim.mdm.queues.queued(device.udid).map(c => c.commandUuid)).toEqual([
      'later-1',
      'later-2',
    ]);
    sim.mdm.setOptions({ notNowRate: 0 });
    await nano.push(device.udid);
    await sim.mdm.idle();
    const records = commandsOf(sim, device.udid);
    expect(records.map(r => [r.commandUuid, r.status])).toEqual([
      ['later-1', 'Acknowledged'],
      ['later-2', 'Acknowledged'],
    ]);
    expect(records[0].deliveries).toBeGreaterThanOrEqual(2);
    expect(sim.mdm.queues.queued(device.udid)).toEqual([]);
  });

  it('with notNowRetryMs a device polls again by itself after NotNow', async () => {
    const device = deviceBySerial(sim, 'DMPTK0006');
    sim.mdm.setOptions({ notNowRate: 1, notNowRetryMs: 1 });
    await nano.enqueue(device.udid, commandPlist('ProfileList', {}, 'retry-1'));
    await sim.mdm.idle();
    expect(commandsOf(sim, device.udid)[0].status).toBe('NotNow');
    sim.mdm.setOptions({ notNowRate: 0 });
    // No push: the device comes back by itself.
    await new Promise<void>(resolve => {
      const check = () =>
        commandsOf(sim, device.udid)[0].status === 'Acknowledged'
          ? resolve()
          : setImmediate(check);
      check();
    });
    expect(sim.mdm.queues.queued(device.udid)).toEqual([]);
  });

  it('an offline device answers when it is back online', async () => {
    const device = deviceBySerial(sim, 'DMPOS0003');
    sim.mdm.setOnline(device.udid, false);
    await nano.enqueue(device.udid, commandPlist('ProfileList', {}, 'late-1'));
    await sim.mdm.idle();
    expect(commandsOf(sim, device.udid)[0].status).toBeUndefined();
    expect(device.pendingWake).toBe(true);
    sim.mdm.setOnline(device.udid, true);
    await sim.mdm.idle();
    expect(commandsOf(sim, device.udid)[0].status).toBe('Acknowledged');
    expect(device.pendingWake).toBe(false);
  });

  it('check-out removes apps installed to go with the MDM profile and unmanages the rest', async () => {
    const device = deviceBySerial(sim, 'DMPTK0001');
    sim.mdm.checkOut(device.udid);
    expect(device.enrollment).toBe('checked-out');
    expect(device.apps.map(app => app.bundleId)).not.toContain(
      'com.example.notes',
    );
    expect(() => sim.mdm.checkOut(device.udid)).toThrow(/not enrolled/);
  });
});
