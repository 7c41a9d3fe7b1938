import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';

/**
 * A fresh database of `databaseId` for the plugin's stores; the first store created on it
 * runs the migrations.
 */
export async function migratedDatabase(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
): Promise<DatabaseService> {
  const knex = await databases.init(databaseId);
  return mockServices.database({ knex, migrations: { skip: false } });
}
