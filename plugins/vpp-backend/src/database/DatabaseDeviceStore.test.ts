import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  VPP_DEVICE_SEARCH_FIELDS,
  VppDeviceSearchField,
} from '@internal/plugin-vpp-common';
import { Knex } from 'knex';
import { DatabaseDeviceStore } from './DatabaseDeviceStore';
import { DeviceSearch, DeviceState } from './DeviceStore';
import { makeDeviceState } from '../__testUtils__/deviceState';

jest.setTimeout(60_000);

const page = {
  sort: 'displayName' as const,
  order: 'asc' as const,
  offset: 0,
  limit: 50,
};

describe.each(TestDatabases.create().eachSupportedId())(
  'DatabaseDeviceStore (%s)',
  databaseId => {
    const databases = TestDatabases.create();
    let knex: Knex;
    let store: DatabaseDeviceStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      store = await DatabaseDeviceStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
    });

    async function insert(...devices: DeviceState[]) {
      for (const device of devices) {
        expect(await store.insertDevice(device)).toBe(true);
      }
    }

    const udidsOf = async (search: DeviceSearch) => {
      const { items, totalCount } = await store.searchDevices(search, page);
      // The count is read elsewhere (the listing, SQLite's text index): it must agree.
      expect(totalCount).toBe(items.length);
      return items.map(d => d.udid).sort();
    };

    it('stores a device and reads it back, and refuses a second with its UDID', async () => {
      const device = makeDeviceState(1, {
        displayName: 'Reception iPad',
        email: 'taro@example.com',
        lastCheckInAt: new Date('2026-12-01T10:00:00Z'),
      });
      await insert(device);
      const {
        enrollmentChangedAt: _a,
        enrollmentEventRank: _b,
        factsAt: _c,
        rowVersion: _d,
        ...record
      } = device;
      expect(await store.getDevice(device.id)).toEqual(record);
      expect(await store.getDeviceStateByUdid(device.udid)).toEqual(device);
      expect(
        await store.insertDevice(makeDeviceState(2, { udid: device.udid })),
      ).toBe(false);
    });

    it('inserts many devices at once, leaving out known UDIDs', async () => {
      await insert(makeDeviceState(1));
      const many = Array.from({ length: 450 }, (_, i) =>
        makeDeviceState(i + 1),
      );
      expect(await store.insertDevices(many)).toBe(449);
      expect((await store.searchDevices({}, page)).totalCount).toBe(450);
      expect(await udidsOf({ q: makeDeviceState(450).serialNumber! })).toEqual([
        makeDeviceState(450).udid,
      ]);
    });

    it('hides devices whose platform no check-in has told yet', async () => {
      const unknown = makeDeviceState(1, { platform: null });
      await insert(unknown);
      expect(await store.getDevice(unknown.id)).toBeUndefined();
      expect((await store.searchDevices({}, page)).totalCount).toBe(0);
      expect(await udidsOf({ q: unknown.serialNumber! })).toEqual([]);
      const state = (await store.getDeviceStateByUdid(unknown.udid))!;
      // Listed (and counted) once a check-in tells the platform, and found by text.
      await store.updateDeviceState(state, { platform: 'ios' }, new Date());
      expect(await udidsOf({ q: unknown.serialNumber! })).toEqual([
        unknown.udid,
      ]);
      expect(
        await udidsOf({
          q: unknown.serialNumber!,
          field: { name: 'udid', value: unknown.udid.slice(-6) },
        }),
      ).toEqual([unknown.udid]);
      expect((await store.searchDevices({}, page)).totalCount).toBe(1);
    });

    it.each(VPP_DEVICE_SEARCH_FIELDS.map(f => [f]))(
      'finds a device by a part of %s, by that field and by free text',
      async (field: VppDeviceSearchField) => {
        const target = makeDeviceState(1, { [field]: 'Needle-ＸＹＺ-42' });
        const other = makeDeviceState(2);
        await insert(target, other);
        // Case-insensitive, full-width folded, any part of the value.
        for (const value of ['needle-xyz', 'XYZ-42', 'ｎｅｅｄｌｅ']) {
          expect(await udidsOf({ field: { name: field, value } })).toEqual([
            target.udid,
          ]);
          expect(await udidsOf({ q: value })).toEqual([target.udid]);
        }
        // Another field does not match it.
        const another = VPP_DEVICE_SEARCH_FIELDS.find(f => f !== field)!;
        expect(
          await udidsOf({ field: { name: another, value: 'needle' } }),
        ).toEqual([]);
      },
    );

    it('takes LIKE wildcards in a search literally', async () => {
      await insert(
        makeDeviceState(1, { notes1: '100% charged' }),
        makeDeviceState(2, { notes1: '1000 charged' }),
      );
      expect(await udidsOf({ q: '100%' })).toEqual([makeDeviceState(1).udid]);
      expect(await udidsOf({ q: '_' })).toEqual([]);
    });

    it('filters by group, platform, enrollment and the permission criteria', async () => {
      await insert(
        makeDeviceState(1, { group: 'group:default/tokyo-it' }),
        makeDeviceState(2, {
          group: 'group:default/tokyo-sales',
          platform: 'macos',
        }),
        makeDeviceState(3, {
          group: 'group:default/osaka-it',
          enrolled: false,
        }),
      );
      const [one, two, three] = [1, 2, 3].map(i => makeDeviceState(i).udid);
      expect(
        await udidsOf({
          groups: ['group:default/tokyo-it', 'group:default/tokyo-sales'],
        }),
      ).toEqual([one, two]);
      expect(await udidsOf({ platform: 'macos' })).toEqual([two]);
      expect(await udidsOf({ enrolled: false })).toEqual([three]);
      expect(
        await udidsOf({
          filter: {
            anyOf: [
              { key: 'group', values: ['group:default/osaka-it'] },
              { key: 'group', values: ['group:default/tokyo-sales'] },
            ],
          },
        }),
      ).toEqual([two, three]);
      expect(
        await udidsOf({
          filter: { not: { key: 'group', values: ['group:default/osaka-it'] } },
        }),
      ).toEqual([one, two]);
    });

    it('sorts and pages with a total count', async () => {
      await insert(
        makeDeviceState(1, { displayName: 'charlie' }),
        makeDeviceState(2, { displayName: 'Alpha' }),
        makeDeviceState(3, { displayName: 'bravo' }),
      );
      const first = await store.searchDevices(
        {},
        { ...page, limit: 2, order: 'desc' },
      );
      expect(first.totalCount).toBe(3);
      expect(first.items.map(d => d.displayName)).toEqual(['charlie', 'bravo']);
      const second = await store.searchDevices(
        {},
        { ...page, offset: 2, limit: 2, order: 'desc' },
      );
      expect(second.items.map(d => d.displayName)).toEqual(['Alpha']);
      const streamed = [];
      for await (const d of store.streamDevices({}, page)) {
        streamed.push(d.displayName);
      }
      expect(streamed).toEqual(['Alpha', 'bravo', 'charlie']);
    });

    it('pages a search in a name or e-mail the same whichever table orders it', async () => {
      // On PostgreSQL a display-name search's page is found over the listing when it
      // holds the sort column (display name, e-mail) and over the devices otherwise
      // (model); an e-mail search's over the devices.
      await insert(
        makeDeviceState(1, { displayName: "Ken's iPad", model: 'iPad14,1' }),
        makeDeviceState(2, { displayName: "ken's Mac", model: 'iMac21,1' }),
        makeDeviceState(3, { displayName: "Aiko's iPad" }),
        makeDeviceState(4, { displayName: 'Lobby KEN', email: 'ken@x.jp' }),
        makeDeviceState(5, { displayName: 'Front desk', email: 'a@ken.jp' }),
      );
      const names = async (
        search: DeviceSearch,
        sort: 'displayName' | 'email' | 'model',
        order: 'asc' | 'desc',
        offset: number,
      ) => {
        const result = await store.searchDevices(search, {
          sort,
          order,
          offset,
          limit: 2,
        });
        return [result.totalCount, ...result.items.map(d => d.displayName)];
      };
      const byName = { field: { name: 'displayName' as const, value: 'KEN' } };
      expect(await names(byName, 'displayName', 'asc', 0)).toEqual([
        3,
        "Ken's iPad",
        "ken's Mac",
      ]);
      expect(await names(byName, 'displayName', 'asc', 2)).toEqual([
        3,
        'Lobby KEN',
      ]);
      expect(await names(byName, 'displayName', 'desc', 0)).toEqual([
        3,
        'Lobby KEN',
        "ken's Mac",
      ]);
      expect(await names(byName, 'model', 'desc', 0)).toEqual([
        3,
        'Lobby KEN',
        "Ken's iPad",
      ]);
      const byEmail = { field: { name: 'email' as const, value: 'ken' } };
      expect(await names(byEmail, 'email', 'asc', 0)).toEqual([
        2,
        'Front desk',
        'Lobby KEN',
      ]);
      expect(
        await names({ ...byEmail, q: 'lobby' }, 'displayName', 'asc', 0),
      ).toEqual([1, 'Lobby KEN']);
    });

    describe('install state of one app', () => {
      const app = 'com.example.notes';
      const inventory = (day: number) => new Date(`2026-12-0${day}T09:00:00Z`);
      const [none, without, v1, v2] = [1, 2, 3, 4].map(i => makeDeviceState(i));

      beforeEach(async () => {
        await insert(none, without, v1, v2);
        const entry = (version: string) => ({
          bundleId: app,
          adamId: null,
          name: 'Notes',
          version,
          managed: true,
          installing: false,
        });
        await store.replaceInventory(without.udid, inventory(1), []);
        await store.replaceInventory(v1.udid, inventory(2), [entry('1.0')]);
        await store.replaceInventory(v2.udid, inventory(3), [entry('2.0')]);
      });

      it('selects devices without inventory, without the app, with it, in a version', async () => {
        const select = (criteria: Omit<DeviceSearch['app'] & {}, 'bundleId'>) =>
          udidsOf({ app: { bundleId: app, ...criteria } });
        expect(await select({ installState: 'no-inventory' })).toEqual([
          none.udid,
        ]);
        expect(await select({ installState: 'not-installed' })).toEqual([
          without.udid,
        ]);
        expect(await select({ installState: 'installed' })).toEqual(
          [v1.udid, v2.udid].sort(),
        );
        expect(
          await select({ installState: 'installed', version: '2.0' }),
        ).toEqual([v2.udid]);
        expect(await select({ installState: 'any' })).toHaveLength(4);
        expect(
          await select({ installState: 'any', inventoryBefore: inventory(3) }),
        ).toEqual([none.udid, without.udid, v1.udid].sort());
      });

      it('counts each state and each installed version', async () => {
        expect(await store.countInstallStatus({}, app)).toEqual({
          noInventory: 1,
          notInstalled: 1,
          installed: 2,
          versions: [
            { version: '2.0', count: 1 },
            { version: '1.0', count: 1 },
          ],
        });
        expect(
          await store.countInstallStatus(
            { groups: ['group:default/none'] },
            app,
          ),
        ).toEqual({
          noInventory: 0,
          notInstalled: 0,
          installed: 0,
          versions: [],
        });
      });

      it('keeps a newer inventory when an older or repeated answer arrives', async () => {
        expect(
          await store.replaceInventory(v1.udid, inventory(1), []),
        ).toBeUndefined();
        expect(
          await store.replaceInventory(v1.udid, inventory(2), []),
        ).toBeUndefined();
        expect(await store.getInstalledApps(v1.id)).toEqual([
          expect.objectContaining({ bundleId: app, version: '1.0' }),
        ]);
        const replaced = await store.replaceInventory(
          v1.udid,
          inventory(4),
          [],
        );
        expect(replaced?.device).toMatchObject({
          id: v1.id,
          udid: v1.udid,
          serialNumber: v1.serialNumber,
          inventoryAt: inventory(4),
        });
        expect(replaced?.previous).toEqual([
          {
            bundleId: app,
            adamId: null,
            name: 'Notes',
            version: '1.0',
            managed: true,
            installing: false,
          },
        ]);
        expect(await store.getInstalledApps(v1.id)).toEqual([]);
        expect((await store.getDevice(v1.id))!.inventoryAt).toEqual(
          inventory(4),
        );
        expect(
          await store.replaceInventory('no-such-udid', inventory(5), []),
        ).toBeUndefined();
      });

      it('replaces a list: apps gone, changed, kept and new, the same app once', async () => {
        const maps = {
          bundleId: 'com.example.maps',
          adamId: '6450000102',
          name: 'Maps',
          version: '3',
          managed: false,
          installing: true,
        };
        const mail = { ...maps, bundleId: 'com.example.mail', name: 'Mail' };
        const first = await store.replaceInventory(v2.udid, inventory(4), [
          maps,
          mail,
        ]);
        expect(first?.previous.map(a => [a.bundleId, a.version])).toEqual([
          [app, '2.0'],
        ]);
        const second = await store.replaceInventory(v2.udid, inventory(5), [
          { ...maps, version: '4', installing: false },
          mail,
          { ...mail, name: 'Mail (repeated)' },
        ]);
        expect(second?.previous).toEqual([mail, maps]);
        expect(await store.getInstalledApps(v2.id)).toEqual([
          { ...mail, name: 'Mail (repeated)' },
          { ...maps, version: '4', installing: false },
        ]);
      });

      it('writes answers that arrive together each to its own device, in turn for one device', async () => {
        const entry = (bundleId: string, version: string) => ({
          bundleId,
          adamId: null,
          name: bundleId,
          version,
          managed: true,
          installing: false,
        });
        // Started together: PostgreSQL writes the first alone and the rest in shared
        // statements, but never v1's two answers in one (the older, second, then
        // changes nothing).
        const [, a, b, c, d, e] = await Promise.all([
          store.replaceInventory(without.udid, inventory(5), []),
          store.replaceInventory(v1.udid, inventory(5), [entry('one', '1')]),
          store.replaceInventory(v2.udid, inventory(5), []),
          store.replaceInventory(v1.udid, inventory(4), [entry('old', '1')]),
          store.replaceInventory(none.udid, inventory(5), [
            entry('two', '2'),
            entry('three', '3'),
          ]),
          store.replaceInventory('no-such-udid', inventory(5), []),
        ]);
        expect(a?.device.id).toBe(v1.id);
        expect(a?.previous).toEqual([{ ...entry(app, '1.0'), name: 'Notes' }]);
        expect(b?.device.id).toBe(v2.id);
        expect(b?.previous.map(x => x.version)).toEqual(['2.0']);
        expect(c).toBeUndefined();
        expect(d?.device.id).toBe(none.id);
        expect(d?.previous).toEqual([]);
        expect(e).toBeUndefined();
        expect(await store.getInstalledApps(v1.id)).toEqual([
          entry('one', '1'),
        ]);
        expect(await store.getInstalledApps(v2.id)).toEqual([]);
        expect(await store.getInstalledApps(none.id)).toEqual([
          entry('three', '3'),
          entry('two', '2'),
        ]);
      });
    });

    it('records answers to its commands, together when they arrive together', async () => {
      const sentAt = new Date('2026-12-01T10:00:00Z');
      const at = (s: number) => new Date(sentAt.getTime() + s * 1000);
      await store.recordCommands([
        {
          commandId: 'c1',
          enrollmentId: 'e1',
          purpose: 'installed-apps',
          sentAt,
          status: 'queued',
        },
        {
          commandId: 'c1',
          enrollmentId: 'e2',
          purpose: 'installed-apps',
          sentAt,
          status: 'queued',
        },
        {
          commandId: 'c2',
          enrollmentId: 'e1',
          purpose: 'device-information',
          detail: '{"why":"enrolled"}',
          sentAt,
          status: 'queued',
        },
      ]);
      const answer = (
        commandId: string,
        enrollmentId: string,
        status: string,
        s: number,
      ) => store.answerCommand({ commandId, enrollmentId, status, at: at(s) });
      // Concurrent: the first goes alone, the rest in one statement; the repeated
      // c1/e1 answer waits for its own (and, older, changes nothing).
      expect(
        await Promise.all([
          answer('c1', 'e1', 'Acknowledged', 5),
          answer('c1', 'e2', 'Error', 5),
          answer('c2', 'e1', 'Acknowledged', 6),
          answer('c1', 'e1', 'NotNow', 4),
          answer('c9', 'e1', 'Acknowledged', 5),
        ]),
      ).toEqual([
        { purpose: 'installed-apps', detail: undefined },
        { purpose: 'installed-apps', detail: undefined },
        { purpose: 'device-information', detail: '{"why":"enrolled"}' },
        { purpose: 'installed-apps', detail: undefined },
        undefined,
      ]);
      const rows = await knex('vpp_mdm_commands')
        .select('command_id', 'enrollment_id', 'status')
        .orderBy(['command_id', 'enrollment_id']);
      expect(rows).toEqual([
        { command_id: 'c1', enrollment_id: 'e1', status: 'Acknowledged' },
        { command_id: 'c1', enrollment_id: 'e2', status: 'Error' },
        { command_id: 'c2', enrollment_id: 'e1', status: 'Acknowledged' },
      ]);
    });

    it('finds an app’s bundle id in App Store metadata or in device reports', async () => {
      await knex('vpp_app_metadata').insert({
        country_code: 'jp',
        adam_id: '6450000101',
        name: 'Notes',
        bundle_id: 'com.example.notes',
        fetched_at: new Date(),
      });
      expect(await store.findBundleId('6450000101')).toBe('com.example.notes');
      const device = makeDeviceState(1);
      await insert(device);
      await store.replaceInventory(device.udid, new Date(), [
        {
          bundleId: 'com.example.maps',
          adamId: '6450000102',
          name: 'Maps',
          version: '3',
          managed: false,
          installing: false,
        },
      ]);
      expect(await store.findBundleId('6450000102')).toBe('com.example.maps');
      expect(await store.findBundleId('1')).toBeUndefined();
    });
  },
);
