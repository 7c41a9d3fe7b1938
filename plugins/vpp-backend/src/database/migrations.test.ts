import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { makeTokenRecord } from '../__testUtils__/tokenRecord';
import { DatabaseTokenStore } from './DatabaseTokenStore';

jest.setTimeout(60_000);

const directory = resolvePackagePath(
  '@internal/plugin-vpp-backend',
  'migrations',
);
const TOKEN = 'c0a80101-0000-4000-8000-000000000001';

describe.each(TestDatabases.create().eachSupportedId())(
  'migrations (%s)',
  databaseId => {
    const databases = TestDatabases.create();

    it('moves assignments to one row per asset, forcing a full pass, and back', async () => {
      const knex = await databases.init(databaseId);
      // Tokens, content and reminders: the schema before assignees per asset.
      for (let i = 0; i < 3; i++) await knex.migrate.up({ directory });
      const tokens = await DatabaseTokenStore.create({
        database: mockServices.database({ knex }),
        skipMigrations: true,
      });
      await tokens.insertToken(makeTokenRecord({ id: TOKEN }), 'cipher');
      await knex('vpp_sync_state').insert({
        token_id: TOKEN,
        assignments_version_id: 'v-41',
        assignment_count: 1,
      });
      await knex('vpp_assignments').insert({
        token_id: TOKEN,
        adam_id: '6450000101',
        pricing_param: 'STDQ',
        serial_number: 'C02XL0AAJGH5',
      });

      await knex.migrate.up({ directory });
      expect(await knex.schema.hasTable('vpp_assignments')).toBe(false);
      expect(await knex('vpp_asset_assignees')).toEqual([]);
      // No version to continue from: the next sync is a full pass and fetches them again.
      expect(await knex('vpp_sync_state').first()).toMatchObject({
        assignments_version_id: null,
        assignment_count: 1,
      });
      await knex('vpp_asset_assignees').insert({
        token_id: TOKEN,
        adam_id: '6450000101',
        pricing_param: 'STDQ',
        serial_numbers: '["C02XL0AAJGH5"]',
        client_user_ids: '[]',
        assignment_count: 1,
      });

      await knex.migrate.down({ directory });
      expect(await knex.schema.hasTable('vpp_asset_assignees')).toBe(false);
      expect(await knex('vpp_assignments')).toEqual([]);
      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('vpp_asset_assignees')).toBe(true);
    });
  },
);
