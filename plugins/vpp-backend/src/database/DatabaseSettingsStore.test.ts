import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DatabaseSettingsStore } from './DatabaseSettingsStore';
import { AppConfigRecord, VpnConfigRecord } from './SettingsStore';

jest.setTimeout(60_000);

const t0 = new Date('2027-01-10T08:00:00Z');
const later = new Date('2027-01-11T08:00:00Z');

const appConfig = (
  overrides: Partial<AppConfigRecord> = {},
): AppConfigRecord => ({
  id: 'c0a80101-0000-4000-8000-0000000000c1',
  name: 'Notes — Tokyo',
  adamId: '6450000101',
  values: {
    serverUrl: 'https://notes.example.com',
    retries: 3,
    ratio: 0.5,
    enabled: true,
    since: { $date: '2027-01-01T00:00:00.000Z' },
    tags: ['a', { nested: ['b'] }],
  },
  description: 'Server for the Tokyo office',
  createdBy: 'user:default/guest',
  createdAt: t0,
  updatedBy: 'user:default/guest',
  updatedAt: t0,
  ...overrides,
});

const vpnConfig = (
  overrides: Partial<VpnConfigRecord> = {},
): VpnConfigRecord => ({
  id: 'c0a80101-0000-4000-8000-0000000000d1',
  name: 'Office VPN',
  vpnUuid: '5A7C1A0E-33B4-4F39-9E0C-0D1B8C1F2A11',
  platforms: ['ios', 'macos'],
  description: '',
  createdBy: 'user:default/guest',
  createdAt: t0,
  updatedBy: 'user:default/guest',
  updatedAt: t0,
  ...overrides,
});

describe.each(TestDatabases.create().eachSupportedId())(
  'DatabaseSettingsStore (%s)',
  databaseId => {
    const databases = TestDatabases.create();
    let store: DatabaseSettingsStore;
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      store = await DatabaseSettingsStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
    });

    it('stores an app configuration with every plist type and reads it back unchanged', async () => {
      await store.insertAppConfig(appConfig());
      expect(await store.getAppConfig(appConfig().id)).toEqual(appConfig());
      expect(await store.getAppConfig('nope')).toBeUndefined();
    });

    it('keeps names unique ignoring case and width, on insert and rename', async () => {
      await store.insertAppConfig(appConfig());
      await expect(
        store.insertAppConfig(
          appConfig({ id: 'other', name: '  ＮＯＴＥＳ — tokyo ' }),
        ),
      ).rejects.toThrow(
        'A managed app configuration named "  ＮＯＴＥＳ — tokyo " already exists; choose another name.',
      );
      await store.insertAppConfig(
        appConfig({ id: 'other', name: 'Notes — Osaka' }),
      );
      await expect(
        store.updateAppConfig(
          appConfig({ id: 'other', name: 'notes — TOKYO' }),
        ),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      // Renaming to its own name in another case is fine.
      expect(
        await store.updateAppConfig(
          appConfig({ id: 'other', name: 'NOTES — OSAKA', updatedAt: later }),
        ),
      ).toBe(true);
      expect(
        await store.updateAppConfig(appConfig({ id: 'gone', name: 'Gone' })),
      ).toBe(false);
    });

    it('lets only one of two racing inserts of the same name in', async () => {
      const results = await Promise.allSettled(
        ['a', 'b', 'c', 'd'].map(id =>
          store.insertVpnConfig(vpnConfig({ id, name: 'Race' })),
        ),
      );
      expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter(x => x.status === 'rejected')) {
        expect((r as PromiseRejectedResult).reason.name).toBe('ConflictError');
      }
    });

    it('lists with filters and paging, by name', async () => {
      await store.insertAppConfig(appConfig());
      await store.insertAppConfig(
        appConfig({
          id: 'b',
          name: 'Alpha',
          adamId: undefined,
          bundleId: 'com.example.chat',
          description: '',
        }),
      );
      await store.insertAppConfig(
        appConfig({ id: 'c', name: 'Beta', description: 'Osaka' }),
      );
      const all = await store.listAppConfigs({ offset: 0, limit: 2 });
      expect(all.totalCount).toBe(3);
      expect(all.items.map(i => i.name)).toEqual(['Alpha', 'Beta']);
      expect(
        (
          await store.listAppConfigs({
            offset: 0,
            limit: 10,
            adamId: '6450000101',
          })
        ).items.map(i => i.id),
      ).toEqual(['c', appConfig().id]);
      expect(
        (
          await store.listAppConfigs({
            offset: 0,
            limit: 10,
            bundleId: 'com.example.chat',
          })
        ).items.map(i => i.id),
      ).toEqual(['b']);
      expect(
        (
          await store.listAppConfigs({ offset: 0, limit: 10, q: 'TOKYO' })
        ).items.map(i => i.id),
      ).toEqual([appConfig().id]);

      await store.insertVpnConfig(vpnConfig());
      await store.insertVpnConfig(
        vpnConfig({ id: 'm', name: 'Mac only', platforms: ['macos'] }),
      );
      expect(
        (
          await store.listVpnConfigs({ offset: 0, limit: 10, platform: 'ios' })
        ).items.map(i => i.name),
      ).toEqual(['Office VPN']);
      expect(await store.getVpnConfig('m')).toEqual(
        vpnConfig({ id: 'm', name: 'Mac only', platforms: ['macos'] }),
      );
    });

    it('deletes', async () => {
      await store.insertVpnConfig(vpnConfig());
      expect(await store.deleteVpnConfig(vpnConfig().id)).toBe(true);
      expect(await store.deleteVpnConfig(vpnConfig().id)).toBe(false);
      await store.insertAppConfig(appConfig());
      expect(await store.deleteAppConfig(appConfig().id)).toBe(true);
      expect(await store.getAppConfig(appConfig().id)).toBeUndefined();
    });

    it('migrates down and up again', async () => {
      const directory = resolvePackagePath(
        '@internal/plugin-vpp-backend',
        'migrations',
      );
      const name = '20261206120000_settings_and_ledger.js';
      await knex.migrate.down({ directory, name });
      for (const table of [
        'vpp_app_configs',
        'vpp_vpn_configs',
        'vpp_license_ledger',
      ]) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
      await knex.migrate.latest({ directory });
      await store.insertVpnConfig(vpnConfig());
      expect(await knex.schema.hasTable('vpp_license_ledger')).toBe(true);
    });
  },
);
