import { TestDatabases } from '@backstage/backend-test-utils';
import { describeHealth } from './health';

jest.setTimeout(60_000);

describe('describeHealth', () => {
  const databases = TestDatabases.create();

  it.each(databases.eachSupportedId())(
    'names the database client in use (%s)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const health = describeHealth({
        knex,
        appleBaseUrl: 'https://vpp.itunes.apple.com/mdm/v2',
      });
      expect(health.database.client).toBe(
        databaseId.startsWith('POSTGRES') ? 'pg' : 'better-sqlite3',
      );
      expect(health.apple.simulated).toBe(false);
    },
  );
});
