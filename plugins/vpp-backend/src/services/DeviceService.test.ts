import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  MdmCheckInEvent,
  MdmCommandResultEvent,
} from '@internal/plugin-vpp-node';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import { DatabaseDeviceStore } from '../database/DatabaseDeviceStore';
import { NanoMdmConnector } from '../mdm';
import { exampleOrgGroups } from '../__testUtils__/groups';
import { DeviceGroups } from './deviceGroups';
import { DeviceImportError, DeviceService } from './DeviceService';

jest.setTimeout(60_000);

const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 9, minute, 0, 0));

function checkIn(
  udid: string,
  type: MdmCheckInEvent['type'],
  minute: number,
  extra: Partial<MdmCheckInEvent> = {},
): MdmCheckInEvent {
  return {
    kind: 'check-in',
    type,
    udid,
    enrollmentId: udid,
    occurredAt: at(minute),
    ...extra,
  };
}

function result(
  udid: string,
  commandId: string,
  minute: number,
  extra: Partial<MdmCommandResultEvent> = {},
): MdmCommandResultEvent {
  return {
    kind: 'command-result',
    udid,
    enrollmentId: udid,
    commandId,
    status: 'acknowledged',
    occurredAt: at(minute),
    ...extra,
  };
}

const facts = (serialNumber: string, osVersion = '17.4.1') => ({
  serialNumber,
  productName: 'iPhone15,4',
  modelName: 'iPhone',
  osVersion,
  deviceName: "Taro's iPhone",
});

describe('DeviceService', () => {
  let sim: RunningSimulator;
  let service: DeviceService;
  let store: DatabaseDeviceStore;
  /** A device the simulated NanoMDM knows, so commands to it are queued. */
  let known: string;
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      rateLimit: false,
      mdm: { switches: { notNowRate: 0, duplicateEventRate: 0 } },
    });
  });
  afterAll(() => sim.close());

  beforeEach(async () => {
    sim.mdm.reset();
    known = [...sim.mdm.devices.all()][0].udid;
    const knex = await databases.init('SQLITE_3');
    store = await DatabaseDeviceStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    service = new DeviceService({
      store,
      groups: new DeviceGroups({
        catalog: catalogServiceMock({ entities: exampleOrgGroups }),
        auth: mockServices.auth(),
      }),
      connector: new NanoMdmConnector({
        baseUrl: sim.nanomdmUrl,
        apiKey: 'nanomdm-simulator-key',
      }),
      defaultGroup: 'unassigned-devices',
      logger: mockServices.logger.mock(),
    });
  });

  const device = async (udid: string) =>
    (await store.getDeviceStateByUdid(udid))!;
  const requestTypes = (udid: string) =>
    sim.mdm.commandLog.decoded(udid).map(c => c.requestType);

  it("writes a check-in's last-seen time once for its events, to the second, and never backwards", async () => {
    await service.handle([checkIn(known, 'authenticate', 1)]);
    const touches = jest.spyOn(store, 'touchCheckIn');
    const t = at(2).getTime();
    const ms = (offset: number) => ({ occurredAt: new Date(t + offset) });
    // A check-in: Idle, then an answer per command, milliseconds apart.
    await service.handle([
      checkIn(known, 'idle', 2),
      result(known, 'cmd-1', 2, ms(40)),
      result(known, 'cmd-2', 2, ms(90)),
    ]);
    expect(touches).toHaveBeenCalledTimes(1);
    expect((await device(known)).lastCheckInAt).toEqual(at(2));
    // A second later is written; a late event from before changes nothing.
    await service.handle([checkIn(known, 'idle', 2, ms(1500))]);
    await service.handle([checkIn(known, 'idle', 1)]);
    expect(touches).toHaveBeenCalledTimes(3);
    expect((await device(known)).lastCheckInAt).toEqual(new Date(t + 1500));
  });

  it('creates a device on Authenticate in the group its enrolment names, enrolled after TokenUpdate', async () => {
    await service.handle([
      checkIn(known, 'authenticate', 1, {
        facts: facts('F2LTEST0001'),
        urlParams: { group: 'tokyo-sales' },
      }),
    ]);
    expect(await device(known)).toMatchObject({
      enrolled: false,
      group: 'group:default/tokyo-sales',
      serialNumber: 'F2LTEST0001',
      platform: 'ios',
      productName: 'iPhone15,4',
      osVersion: '17.4.1',
      displayName: "Taro's iPhone",
      lastCheckInAt: at(1),
    });
    expect(requestTypes(known)).toEqual([]);

    await service.handle([checkIn(known, 'token-update', 2)]);
    expect(await device(known)).toMatchObject({ enrolled: true });
    // The inventory is asked for at once: facts and installed apps.
    expect(requestTypes(known)).toEqual([
      'DeviceInformation',
      'InstalledApplicationList',
    ]);
  });

  it('uses the default group for a group the catalog lacks, or none', async () => {
    await service.handle([
      checkIn('UDID-A', 'authenticate', 1, {
        facts: facts('A'),
        urlParams: { group: 'nagoya-it' },
      }),
      checkIn('UDID-B', 'authenticate', 1, { facts: facts('B') }),
      checkIn('UDID-C', 'authenticate', 1, {
        facts: facts('C'),
        urlParams: { group: 'group:default/osaka-it' },
      }),
    ]);
    expect((await device('UDID-A')).group).toBe(
      'group:default/unassigned-devices',
    );
    expect((await device('UDID-B')).group).toBe(
      'group:default/unassigned-devices',
    );
    expect((await device('UDID-C')).group).toBe('group:default/osaka-it');
  });

  it('moves a device out of the default group once the catalog has its enrolment group', async () => {
    await service.handle([
      checkIn('UDID-A', 'authenticate', 1, {
        facts: facts('A'),
        urlParams: { group: 'nagoya-it' },
      }),
    ]);
    expect((await device('UDID-A')).group).toBe(
      'group:default/unassigned-devices',
    );
    // Still unknown: stays. Then a group the catalog has: moves.
    await service.handle([
      checkIn('UDID-A', 'token-update', 2, {
        urlParams: { group: 'nagoya-it' },
      }),
    ]);
    expect((await device('UDID-A')).group).toBe(
      'group:default/unassigned-devices',
    );
    await service.handle([
      checkIn('UDID-A', 'authenticate', 3, {
        urlParams: { group: 'osaka-it' },
      }),
    ]);
    expect((await device('UDID-A')).group).toBe('group:default/osaka-it');
    // An administrator's group is kept.
    const { id } = await device('UDID-A');
    await service.updateDevice(id, { group: 'tokyo-it' }, undefined);
    await service.handle([
      checkIn('UDID-A', 'token-update', 4, {
        urlParams: { group: 'osaka-it' },
      }),
    ]);
    expect((await device('UDID-A')).group).toBe('group:default/tokyo-it');
  });

  it('handles a repeated TokenUpdate once', async () => {
    const events = [
      checkIn(known, 'authenticate', 1, { facts: facts('S1') }),
      checkIn(known, 'token-update', 2),
    ];
    await service.handle(events);
    const before = await device(known);
    await service.handle(events);
    await service.handle([events[1]]);
    expect(await device(known)).toEqual(before);
    expect(requestTypes(known)).toHaveLength(2);
  });

  it('never lets an older event overwrite newer state', async () => {
    await service.handle([
      checkIn('UDID-A', 'authenticate', 1, { facts: facts('A', '17.0') }),
      checkIn('UDID-A', 'check-out', 10),
      // Late: the enrolment before the check-out, and older facts.
      checkIn('UDID-A', 'token-update', 5),
      checkIn('UDID-A', 'authenticate', 0, { facts: facts('A', '16.0') }),
    ]);
    expect(await device('UDID-A')).toMatchObject({
      enrolled: false,
      osVersion: '17.0',
      lastCheckInAt: at(10),
    });
    // Newer facts from DeviceInformation win over the Authenticate's.
    await service.handle([
      result('UDID-A', 'c-info', 11, {
        deviceFacts: { osVersion: '17.2', wifiMac: 'A4:83:E7:00:00:01' },
      }),
      checkIn('UDID-A', 'authenticate', 9, { facts: facts('A', '17.1') }),
    ]);
    expect(await device('UDID-A')).toMatchObject({
      osVersion: '17.2',
      wifiMac: 'a4:83:e7:00:00:01',
      lastCheckInAt: at(11),
    });
  });

  it('enrols a device whose TokenUpdate overtakes its Authenticate', async () => {
    await service.handle([
      checkIn('UDID-A', 'token-update', 1),
      checkIn('UDID-A', 'authenticate', 1, { facts: facts('A') }),
    ]);
    expect(await device('UDID-A')).toMatchObject({
      enrolled: true,
      serialNumber: 'A',
      platform: 'ios',
    });
  });

  it('keeps the inventory of the newest InstalledApplicationList answer', async () => {
    await service.handle([
      checkIn('UDID-A', 'authenticate', 1, { facts: facts('A') }),
    ]);
    const { id } = await device('UDID-A');
    const apps = (version: string) => [
      { bundleId: 'com.example.notes', name: 'Notes', version, managed: true },
    ];
    await service.handle([
      result('UDID-A', 'c-2', 20, { installedApps: apps('2.0') }),
      result('UDID-A', 'c-1', 10, { installedApps: apps('1.0') }),
    ]);
    const detail = await service.getDevice(id, undefined);
    expect(detail.inventoryAt).toBe(at(20).toISOString());
    expect(detail.installedApps).toEqual([
      {
        bundleId: 'com.example.notes',
        name: 'Notes',
        version: '2.0',
        managed: true,
        installing: false,
      },
    ]);
    // A NotNow answer changes nothing.
    await service.handle([
      result('UDID-A', 'c-3', 30, { status: 'not-now', installedApps: [] }),
    ]);
    expect((await service.getDevice(id, undefined)).installedApps).toHaveLength(
      1,
    );
  });

  it('reads an answer without a list to a recorded InstalledApplicationList as empty', async () => {
    await service.handle([
      checkIn(known, 'authenticate', 1, { facts: facts('S1') }),
      checkIn(known, 'token-update', 2),
    ]);
    const [, listCommand] = sim.mdm.commandLog.decoded(known);
    await service.handle([result(known, listCommand.commandUuid, 3)]);
    const { id } = await device(known);
    expect(await service.getDevice(id, undefined)).toMatchObject({
      inventoryAt: at(3).toISOString(),
      installedApps: [],
    });
  });

  it('ignores an Idle from a device it does not know', async () => {
    await service.handle([checkIn('UDID-X', 'idle', 1)]);
    expect(await store.getDeviceStateByUdid('UDID-X')).toBeUndefined();
  });

  it('asks enrolled devices for their inventory and says which it skipped', async () => {
    await service.handle([
      checkIn(known, 'authenticate', 1, { facts: facts('S1') }),
      checkIn(known, 'token-update', 2),
      checkIn('UDID-OUT', 'authenticate', 1, { facts: facts('S2') }),
    ]);
    const enrolled = await device(known);
    const unenrolled = await device('UDID-OUT');
    const answer = await service.requestInventory(
      [enrolled.id, unenrolled.id, 'no-such-id'],
      undefined,
    );
    expect(answer.requested).toBe(1);
    expect(answer.skipped).toEqual(
      expect.arrayContaining([
        { id: 'no-such-id', reason: 'No such device.' },
        { id: unenrolled.id, reason: 'The device is not enrolled.' },
      ]),
    );
    expect(requestTypes(known)).toHaveLength(4);
  });

  it('reports devices the MDM does not know as not queued', async () => {
    await service.handle([
      checkIn('UDID-NEW', 'authenticate', 1, { facts: facts('S3') }),
      checkIn('UDID-NEW', 'token-update', 2),
    ]);
    const { id } = await device('UDID-NEW');
    const answer = await service.requestInventory([id], undefined);
    expect(answer.requested).toBe(0);
    expect(answer.skipped).toEqual([{ id, reason: expect.any(String) }]);
  });

  describe('groups, access and administrators’ changes', () => {
    beforeEach(async () => {
      await service.handle([
        checkIn('UDID-IT', 'authenticate', 1, {
          facts: facts('SIT'),
          urlParams: { group: 'tokyo-it' },
        }),
        checkIn('UDID-SALES', 'authenticate', 1, {
          facts: facts('SSALES'),
          urlParams: { group: 'tokyo-sales' },
        }),
        checkIn('UDID-OSAKA', 'authenticate', 1, {
          facts: facts('SOSAKA'),
          urlParams: { group: 'osaka-it' },
        }),
      ]);
    });

    const serials = async (items: Array<{ serialNumber: string | null }>) =>
      items.map(d => d.serialNumber).sort();

    it('lists a group with or without its subgroups', async () => {
      const list = (query: object) => service.listDevices(query, undefined);
      expect(
        await serials(
          (
            await list({ group: 'tokyo-office', includeSubgroups: true })
          ).items,
        ),
      ).toEqual(['SIT', 'SSALES']);
      expect((await list({ group: 'tokyo-office' })).totalCount).toBe(0);
      expect(
        (await list({ group: 'group:default/osaka-it' })).items,
      ).toHaveLength(1);
    });

    it('shows only the devices of the groups (and subgroups) a condition names', async () => {
      const access = {
        key: 'group' as const,
        values: ['group:default/tokyo-office'],
      };
      const { items } = await service.listDevices({}, access);
      expect(await serials(items)).toEqual(['SIT', 'SSALES']);
      const osaka = await device('UDID-OSAKA');
      await expect(service.getDevice(osaka.id, access)).rejects.toThrow(
        /not allowed/,
      );
      const it_ = await device('UDID-IT');
      await expect(
        service.updateDevice(it_.id, { group: 'osaka-it' }, access),
      ).rejects.toThrow(/not allowed to move devices into/);
    });

    it('updates attributes and the group, refusing a group the catalog lacks', async () => {
      const { id } = await device('UDID-IT');
      const updated = await service.updateDevice(
        id,
        {
          displayName: 'Front desk',
          email: 'taro@example.com',
          group: 'osaka-it',
        },
        undefined,
      );
      expect(updated).toMatchObject({
        displayName: 'Front desk',
        email: 'taro@example.com',
        group: 'group:default/osaka-it',
      });
      await expect(
        service.updateDevice(id, { group: 'nagoya-it' }, undefined),
      ).rejects.toThrow(/not in the catalog/);
    });

    it('imports good rows in one go, and previews without writing', async () => {
      const csv = [
        'serialNumber,displayName,E-mail,group',
        'SIT,Front desk,taro@example.com,',
        'ssales,Sales 1,,osaka-it',
      ].join('\n');
      const preview = await service.importCsv(csv, { dryRun: true }, undefined);
      expect(preview).toMatchObject({ dryRun: true, rows: 2, updated: 2 });
      expect((await device('UDID-IT')).displayName).toBe("Taro's iPhone");

      const done = await service.importCsv(csv, { dryRun: false }, undefined);
      expect(done.updated).toBe(2);
      expect(await device('UDID-IT')).toMatchObject({
        displayName: 'Front desk',
        email: 'taro@example.com',
        group: 'group:default/tokyo-it',
      });
      expect(await device('UDID-SALES')).toMatchObject({
        displayName: 'Sales 1',
        group: 'group:default/osaka-it',
      });
      // The same file again changes nothing.
      expect(
        (await service.importCsv(csv, { dryRun: false }, undefined)).updated,
      ).toBe(0);
    });

    it('refuses a file with bad rows, listing each, and writes nothing', async () => {
      const csv = [
        'udid,serialNumber,email,notes1,group',
        'UDID-IT,,taro@example.com,ok,',
        ',NO-SUCH,taro@example.com,,',
        ',SSALES,not-an-address,,',
        'UDID-OSAKA,,,,nagoya-it',
        ',SIT,,,',
        ',,,,',
      ].join('\n');
      const error = await service
        .importCsv(csv, { dryRun: false }, undefined)
        .catch(e => e);
      expect(error).toBeInstanceOf(DeviceImportError);
      expect(error.rows).toEqual([
        { line: 3, reason: 'No device has serial number NO-SUCH.' },
        { line: 4, reason: expect.stringMatching(/not an e-mail address/) },
        {
          line: 5,
          reason: 'Group group:default/nagoya-it is not in the catalog.',
        },
        { line: 6, reason: 'The device is also on line 2.' },
        {
          line: 7,
          reason: expect.stringMatching(/neither a serialNumber nor a udid/),
        },
      ]);
      expect((await device('UDID-IT')).email).toBeNull();
    });

    it('refuses a header with an unknown column', async () => {
      const error = await service
        .importCsv('serialNumber,shoeSize\nSIT,42', { dryRun: true }, undefined)
        .catch(e => e);
      expect(error.rows).toEqual([
        { line: 1, reason: expect.stringMatching(/unknown column "shoeSize"/) },
      ]);
    });

    it('refuses rows for devices the caller may not change', async () => {
      const access = {
        key: 'group' as const,
        values: ['group:default/tokyo-office'],
      };
      const error = await service
        .importCsv(
          'serialNumber,notes1\nSIT,a\nSOSAKA,b',
          { dryRun: false },
          access,
        )
        .catch(e => e);
      expect(error.rows).toEqual([
        { line: 3, reason: expect.stringMatching(/not allowed to update/) },
      ]);
      expect((await device('UDID-IT')).notes1).toBeNull();
    });

    it('exports the devices of a search as CSV', async () => {
      const stream = await service.exportCsv({ group: 'tokyo-it' }, undefined);
      let text = '';
      for await (const chunk of stream) text += chunk;
      const lines = text.trim().split('\n');
      expect(lines[0]).toMatch(/^id,udid,serialNumber,platform,/);
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain('SIT');
    });
  });
});
