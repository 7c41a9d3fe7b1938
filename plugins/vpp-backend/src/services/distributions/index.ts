import { LoggerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { ConfigReader } from '@backstage/config';
import { AppleRequestHolds, ITunesLookupClient } from '../../apple';
import { AppleClientTokenGateway } from '../AppleClientTokenGateway';
import { readVppConfig } from '../config';
import { SyncService } from '../SyncService';
import { TokenService } from '../TokenService';
import { DatabaseContentStore } from '../../database/DatabaseContentStore';
import { DatabaseDeviceStore } from '../../database/DatabaseDeviceStore';
import { DatabaseDistributionStore } from '../../database/DatabaseDistributionStore';
import { DatabaseLicenseStore } from '../../database/DatabaseLicenseStore';
import { DatabaseSettingsStore } from '../../database/DatabaseSettingsStore';
import { DatabaseTokenStore } from '../../database/DatabaseTokenStore';
import { NanoMdmConnector } from '../../mdm';
import { MdmIdentity } from '../AppleTokenGateway';
import { DeviceGroups } from '../deviceGroups';
import { DeviceService } from '../DeviceService';
import { LicenseService } from '../LicenseService';
import { SettingsService } from '../SettingsService';
import { TokenCipher } from '../TokenCipher';
import { AppleClients } from './appleAccess';
import { AutoReclaimer } from './AutoReclaimer';
import { DistributionService } from './DistributionService';
import {
  DistributionWorker,
  DistributionWorkerConfig,
} from './DistributionWorker';

export { AppleClients } from './appleAccess';
export { AutoReclaimer, AUTO_RECLAIM_ACTOR } from './AutoReclaimer';
export { DistributionService } from './DistributionService';
export type { DistributionServiceOptions } from './DistributionService';
export {
  DEFAULT_WORKER_CONFIG,
  DistributionWorker,
} from './DistributionWorker';
export type {
  DistributionWorkerConfig,
  DistributionWorkerOptions,
} from './DistributionWorker';
export { planDistribution, compareVersions } from './planning';

const TEST_IDENTITY: MdmIdentity = {
  id: 'vpp-backstage',
  name: 'VPP for Backstage',
  metadata: 'distribution-runtime',
};

/**
 * Everything the distribution worker needs, built from a knex (migrations run) without
 * Backstage services: for tests that run `runWorkerPass` in child processes, several
 * instances on one database, and the benchmark. Devices without a catalog land in
 * `defaultGroup` (no group tree is read).
 */
export async function createDistributionRuntime(options: {
  knex: Knex;
  appleBaseUrl: string;
  /** App Store lookup for the content sync; by default `/lookup` next to Apple's base URL. */
  lookupUrl?: string;
  mdm: { baseUrl: string; apiKey: string; batchSize?: number };
  config?: Partial<DistributionWorkerConfig> & {
    encryptionKey?: string;
    warningDays?: number;
    defaultGroup?: string;
    mdmIdentity?: MdmIdentity;
  };
  logger: LoggerService;
  now?: () => Date;
}) {
  const { knex, logger, config = {} } = options;
  const database = {
    getClient: async () => knex,
    migrations: { skip: false },
  };
  const tokenStore = await DatabaseTokenStore.create({ database });
  const contentStore = await DatabaseContentStore.create({ database });
  const tokens = tokenStore;
  const content = contentStore;
  const ledger = await DatabaseLicenseStore.create({ database });
  const deviceStore = await DatabaseDeviceStore.create({ database });
  const store = await DatabaseDistributionStore.create({ database });
  const settingsStore = await DatabaseSettingsStore.create({ database });
  const cipher = TokenCipher.fromSecret(
    config.encryptionKey ?? 'vpp-distribution-runtime-key-for-tests-and-bench',
  );
  const mdmIdentity = config.mdmIdentity ?? TEST_IDENTITY;
  const holds = new AppleRequestHolds();
  const connector = new NanoMdmConnector({
    baseUrl: options.mdm.baseUrl,
    apiKey: options.mdm.apiKey,
    ...(options.mdm.batchSize ? { batchSize: options.mdm.batchSize } : {}),
  });
  // No catalog here: an empty group tree (every device in the default group).
  const groups = new DeviceGroups({
    catalog: { getEntities: async () => ({ items: [] }) } as never,
    auth: { getOwnServiceCredentials: async () => ({}) } as never,
  });
  const devices = new DeviceService({
    store: deviceStore,
    groups,
    connector,
    defaultGroup: config.defaultGroup ?? 'unassigned-devices',
    logger,
    now: options.now,
  });
  const settings = new SettingsService({
    store: settingsStore,
    isInUse: setting => store.findUsingSetting(setting),
    now: options.now,
  });
  const licenses = new LicenseService({
    tokens,
    content,
    ledger,
    cipher,
    appleBaseUrl: options.appleBaseUrl,
    mdmIdentity,
    warningDays: config.warningDays ?? 30,
    holds,
    logger,
    ...(config.eventPollMs !== undefined
      ? {
          eventWait: {
            pollIntervalMs: Math.max(config.eventPollMs, 1),
            firstPollDelayMs: config.eventFirstPollMs ?? 0,
          },
        }
      : {}),
    managedSerials: async serials =>
      new Set(
        (
          await deviceStore.findDevicesByKeys({
            serialNumbers: serials,
            udids: [],
          })
        ).map(d => d.serialNumber!),
      ),
    now: options.now,
  });
  const worker = new DistributionWorker({
    store,
    tokens,
    ledger,
    apple: new AppleClients({
      tokens,
      cipher,
      appleBaseUrl: options.appleBaseUrl,
      mdmIdentity,
      holds,
    }),
    devices: deviceStore,
    settings,
    connector,
    logger,
    config: {
      // Within the connector's batch: devices get the command id the worker recorded.
      sendBatchSize: options.mdm.batchSize ?? 500,
      ...config,
    },
    now: options.now,
  });
  const distributions = new DistributionService({
    store,
    tokens,
    content,
    ledger,
    devices,
    settings,
    warningDays: config.warningDays ?? 30,
    now: options.now,
  });
  const reclaimer = new AutoReclaimer({
    ledger,
    licenses,
    tokens,
    devices: deviceStore,
    logger,
  });
  devices.addListener(worker);
  devices.addListener(reclaimer);
  const warningDays = config.warningDays ?? 30;
  const sync = new SyncService({
    holds,
    tokens: tokenStore,
    content: contentStore,
    cipher,
    appleBaseUrl: options.appleBaseUrl,
    mdmIdentity,
    lookup: new ITunesLookupClient({
      lookupUrl:
        options.lookupUrl ??
        `${options.appleBaseUrl.replace(/\/mdm\/v2\/?$/, '')}/lookup`,
    }),
    config: readVppConfig(
      new ConfigReader({ vpp: { encryptionKey: 'distribution-runtime' } }),
    ).sync,
    warningDays,
    logger,
  });
  const tokenService = new TokenService({
    store: tokenStore,
    apple: new AppleClientTokenGateway({
      baseUrl: options.appleBaseUrl,
      identity: mdmIdentity,
      holds,
    }),
    cipher,
    mdmIdentity,
    warningDays,
    now: options.now,
  });
  return {
    distributions,
    /** The distributions' rows (a distribution's state without counting its items). */
    distributionStore: store,
    worker,
    devices,
    deviceStore,
    licenses,
    ledger,
    content: contentStore,
    tokens: tokenStore,
    /** The content sync (`syncToken`) and token registration (`register`). */
    sync,
    tokenService,
    settings,
    reclaimer,
    cipher,
    connector,
    runWorkerPass: (signal?: AbortSignal) => worker.runPass({ signal }),
    close: async () => {
      await knex.destroy();
    },
  };
}
