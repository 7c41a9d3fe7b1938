import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseSettingsStore } from '../database/DatabaseSettingsStore';
import { SettingRef, SettingsService } from './SettingsService';

jest.setTimeout(60_000);

const ADMIN = 'user:default/admin';

describe('SettingsService', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let store: DatabaseSettingsStore;

  beforeEach(async () => {
    const knex = await databases.init('SQLITE_3');
    store = await DatabaseSettingsStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
  });

  it('refuses (409) to delete a setting a scheduled or running distribution uses', async () => {
    const asked: SettingRef[] = [];
    const inUse = new Map<string, string[]>();
    const service = new SettingsService({
      store,
      isInUse: async setting => {
        asked.push(setting);
        return inUse.get(setting.id) ?? [];
      },
    });
    const config = await service.createAppConfig(
      { name: 'Notes', adamId: '6450000101', values: { a: 1 } },
      ADMIN,
    );
    const vpn = await service.createVpnConfig(
      {
        name: 'Office VPN',
        vpnUuid: '5A7C1A0E-33B4-4F39-9E0C-0D1B8C1F2A11',
        platforms: ['ios'],
      },
      ADMIN,
    );
    inUse.set(config.id, ['d-1']);
    inUse.set(vpn.id, ['d-1', 'd-2']);
    await expect(service.deleteAppConfig(config.id)).rejects.toMatchObject({
      name: 'ConflictError',
      message:
        'The managed app configuration "Notes" is used by a distribution that is scheduled or running (d-1); cancel it or wait until it ends.',
    });
    await expect(service.deleteVpnConfig(vpn.id)).rejects.toThrow(
      'The VPN setting "Office VPN" is used by 2 distributions that are scheduled or running (d-1, d-2); cancel them or wait until they end.',
    );
    expect(asked).toEqual([
      { kind: 'app-config', id: config.id },
      { kind: 'vpn-config', id: vpn.id },
    ]);
    expect((await service.listAppConfigs()).totalCount).toBe(1);

    inUse.clear();
    await service.deleteAppConfig(config.id);
    await service.deleteVpnConfig(vpn.id);
    expect((await service.listVpnConfigs()).totalCount).toBe(0);
  });

  it('hands installs the configuration with real dates', async () => {
    const service = new SettingsService({ store });
    const config = await service.createAppConfig(
      {
        name: 'Notes',
        bundleId: 'com.example.notes',
        values: { since: { $date: '2027-04-01' }, list: [{ n: 1 }] },
      },
      ADMIN,
    );
    expect(await service.getInstallConfiguration(config.id)).toEqual({
      config,
      configuration: {
        since: new Date('2027-04-01T00:00:00Z'),
        list: [{ n: 1 }],
      },
    });
    await expect(service.getInstallConfiguration('nope')).rejects.toThrow(
      'No managed app configuration with id "nope" exists.',
    );
  });
});
