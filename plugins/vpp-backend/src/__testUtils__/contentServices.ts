import { LoggerService } from '@backstage/backend-plugin-api';
import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ITunesLookupClient } from '../apple';
import { DatabaseContentStore } from '../database/DatabaseContentStore';
import { DatabaseTokenStore } from '../database/DatabaseTokenStore';
import { AppleClientTokenGateway } from '../services/AppleClientTokenGateway';
import { readVppConfig, VppSyncConfig } from '../services/config';
import { SyncService, SyncServiceOptions } from '../services/SyncService';
import { TokenCipher } from '../services/TokenCipher';
import { TokenService } from '../services/TokenService';
import { migratedDatabase } from './testDatabase';

/* The token and sync services of the service tests, on a test database and the simulator. */

/** This installation in Apple's `mdmInfo`. */
export const TEST_MDM_IDENTITY = {
  id: 'vpp-test',
  name: 'VPP for Backstage',
  metadata: 't',
};

export const TEST_CIPHER = TokenCipher.fromSecret(
  'test-key-test-key-test-key-test-key!',
);

/** The sync settings of a configuration that sets none. */
export function defaultSyncConfig(): VppSyncConfig {
  return readVppConfig(new ConfigReader({ vpp: { encryptionKey: 'test' } }))
    .sync;
}

/** The token and content stores on a fresh database of `databaseId`. */
export async function openContentStores(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
) {
  const database = await migratedDatabase(databases, databaseId);
  return {
    database,
    tokenStore: await DatabaseTokenStore.create({ database }),
    content: await DatabaseContentStore.create({ database }),
  };
}

/** Token management against the Apple at `appleBaseUrl`. */
export function makeTokenService(
  store: DatabaseTokenStore,
  appleBaseUrl: string,
): TokenService {
  return new TokenService({
    store,
    apple: new AppleClientTokenGateway({
      baseUrl: appleBaseUrl,
      identity: TEST_MDM_IDENTITY,
    }),
    cipher: TEST_CIPHER,
    mdmIdentity: TEST_MDM_IDENTITY,
    warningDays: 30,
  });
}

/** A sync service with the test identity and cipher; `overrides` replace the rest. */
export function makeSyncService(
  options: Pick<SyncServiceOptions, 'tokens' | 'content' | 'appleBaseUrl'> & {
    lookupUrl: string;
  } & Partial<SyncServiceOptions>,
): SyncService {
  const { lookupUrl, ...rest } = options;
  return new SyncService({
    cipher: TEST_CIPHER,
    mdmIdentity: TEST_MDM_IDENTITY,
    lookup: new ITunesLookupClient({ lookupUrl }),
    config: defaultSyncConfig(),
    warningDays: 30,
    logger: mockServices.logger.mock(),
    ...rest,
  });
}

/** A logger whose info, warn and error messages go to `logs`. */
export function loggerInto(logs: string[]): LoggerService {
  const logger = mockServices.logger.mock();
  for (const level of ['info', 'warn', 'error'] as const) {
    logger[level].mockImplementation((m: string) => {
      logs.push(m);
    });
  }
  return logger;
}
