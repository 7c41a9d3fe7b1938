import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { createHash } from 'node:crypto';
import { version } from '../../package.json';
import { MdmIdentity } from './AppleTokenGateway';
import { APPLE_VPP_BASE_URL } from './health';

export interface VppConfig {
  appleBaseUrl: string;
  encryptionKey: string;
  warningDays: number;
  mdmIdentity: MdmIdentity;
  sync: VppSyncConfig;
  devices: VppDeviceConfig;
  distributions: VppDistributionConfig;
}

/** `vpp.distributions.*`; see config.d.ts. */
export interface VppDistributionConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  reclaimSchedule: SchedulerServiceTaskScheduleDefinition;
  leaseMs: number;
  eventPollMs: number;
  maxInstallAttempts: number;
  verifyDelayMs: number;
  verifyIntervalMs: number;
  sendingGraceMs: number;
  /** Devices per install send: the NanoMDM connector's batch size. */
  sendBatchSize: number;
}

/** `vpp.devices.*` and `vpp.mdm.webhook.*`; the connector reads its own `vpp.mdm.<name>`. */
export interface VppDeviceConfig {
  /** Group of a device whose enrolment names no group the catalog has. */
  defaultGroup: string;
  /** HTTP Basic password of `POST /mdm/webhook`; unset: the webhook refuses everything. */
  webhookSecret?: string;
  /** Key of NanoMDM's webhook body signature (`-webhook-hmac-key`); unset: not checked. */
  webhookHmacKey?: string;
}

/** `vpp.sync.*`, `vpp.content.*` and the status refresh; see config.d.ts. */
export interface VppSyncConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  statusRefreshSchedule: SchedulerServiceTaskScheduleDefinition;
  /** A full assignments pass at least this often; incremental passes in between. */
  fullSyncIntervalMs: number;
  /** Content older than this is shown as possibly out of date (R-SYNC-3). */
  maxAgeMs: number;
  /** App Store metadata is looked up again after this long. */
  metadataMaxAgeMs: number;
  /** A sync lease not renewed for this long is taken over by another instance. */
  leaseMs: number;
  lowLicenseThreshold: number;
  lookupUrl?: string;
  /** Where Apple sends notifications for our tokens; unset: no subscription. */
  appleNotificationUrl?: string;
}

const DEFAULT_SYNC_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 1 },
  timeout: { hours: 1 },
  initialDelay: { minutes: 1 },
};

const DEFAULT_STATUS_REFRESH_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 24 },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 2 },
  };

function readSchedule(
  config: Config,
  key: string,
  fallback: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  return config.has(key)
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig(key),
      )
    : fallback;
}

function readDurationMs(
  config: Config,
  key: string,
  fallback: HumanDuration,
): number {
  const ms = durationToMilliseconds(
    config.has(key) ? readDurationFromConfig(config, { key }) : fallback,
  );
  if (!(ms > 0)) {
    throw new Error(`${key} must be a positive duration, e.g. { hours: 24 }`);
  }
  return ms;
}

function readSyncConfig(config: Config): VppSyncConfig {
  const lowLicenseThreshold =
    config.getOptionalNumber('vpp.content.lowLicenseThreshold') ?? 5;
  if (!Number.isInteger(lowLicenseThreshold) || lowLicenseThreshold < 0) {
    throw new Error(
      'vpp.content.lowLicenseThreshold must be a whole number of licenses, 0 or more',
    );
  }
  const appleNotificationUrl = config.getOptionalString(
    'vpp.apple.notificationUrl',
  );
  if (appleNotificationUrl && !URL.canParse(appleNotificationUrl)) {
    throw new Error(
      `vpp.apple.notificationUrl "${appleNotificationUrl}" is not a URL; set it to the https address at which Apple reaches /api/vpp/apple/notifications of this backend`,
    );
  }
  return {
    schedule: readSchedule(config, 'vpp.sync.schedule', DEFAULT_SYNC_SCHEDULE),
    statusRefreshSchedule: readSchedule(
      config,
      'vpp.tokens.statusRefresh.schedule',
      DEFAULT_STATUS_REFRESH_SCHEDULE,
    ),
    fullSyncIntervalMs: readDurationMs(config, 'vpp.sync.fullSyncInterval', {
      hours: 24,
    }),
    maxAgeMs: readDurationMs(config, 'vpp.sync.maxAge', { hours: 24 }),
    metadataMaxAgeMs: readDurationMs(config, 'vpp.sync.metadataMaxAge', {
      days: 7,
    }),
    leaseMs: readDurationMs(config, 'vpp.sync.lease', { minutes: 10 }),
    lowLicenseThreshold,
    lookupUrl: config.getOptionalString('vpp.apple.lookupUrl'),
    appleNotificationUrl,
  };
}

function readDistributionConfig(config: Config): VppDistributionConfig {
  const maxInstallAttempts =
    config.getOptionalNumber('vpp.distributions.maxInstallAttempts') ?? 3;
  if (!Number.isInteger(maxInstallAttempts) || maxInstallAttempts < 1) {
    throw new Error(
      'vpp.distributions.maxInstallAttempts must be a whole number, 1 or more',
    );
  }
  return {
    schedule: readSchedule(config, 'vpp.distributions.schedule', {
      frequency: { seconds: 5 },
      timeout: { minutes: 10 },
      initialDelay: { seconds: 10 },
    }),
    reclaimSchedule: readSchedule(
      config,
      'vpp.distributions.reclaim.schedule',
      {
        frequency: { minutes: 30 },
        timeout: { minutes: 20 },
        initialDelay: { minutes: 3 },
      },
    ),
    leaseMs: readDurationMs(config, 'vpp.distributions.lease', { minutes: 2 }),
    eventPollMs: readDurationMs(config, 'vpp.distributions.eventPollInterval', {
      seconds: 30,
    }),
    maxInstallAttempts,
    verifyDelayMs: readDurationMs(config, 'vpp.distributions.verifyDelay', {
      seconds: 10,
    }),
    verifyIntervalMs: readDurationMs(
      config,
      'vpp.distributions.verifyInterval',
      { minutes: 1 },
    ),
    sendingGraceMs: readDurationMs(config, 'vpp.distributions.sendingGrace', {
      minutes: 10,
    }),
    sendBatchSize: config.getOptionalNumber('vpp.mdm.nanomdm.batchSize') ?? 500,
  };
}

/** Reads and checks the `vpp.*` configuration; see config.d.ts for every key. */
export function readVppConfig(config: RootConfigService): VppConfig {
  const encryptionKey = config.getOptionalString('vpp.encryptionKey');
  if (!encryptionKey) {
    throw new Error(
      'vpp.encryptionKey is not set. Content token files are stored encrypted with it; set it to a long random secret (e.g. `openssl rand -base64 48`, via the VPP_ENCRYPTION_KEY environment variable in production) and keep it: tokens stored with one key cannot be read with another.',
    );
  }
  const warningDays = config.getOptionalNumber('vpp.tokens.warningDays') ?? 30;
  if (!Number.isInteger(warningDays) || warningDays < 0) {
    throw new Error(
      'vpp.tokens.warningDays must be a whole number of days, 0 or more',
    );
  }
  const baseUrl =
    config.getOptionalString('backend.baseUrl') ?? 'http://localhost:7007';
  return {
    appleBaseUrl:
      config.getOptionalString('vpp.apple.baseUrl') ?? APPLE_VPP_BASE_URL,
    encryptionKey,
    warningDays,
    sync: readSyncConfig(config),
    distributions: readDistributionConfig(config),
    devices: {
      defaultGroup:
        config.getOptionalString('vpp.devices.defaultGroup') ??
        'group:default/unassigned-devices',
      webhookSecret: config.getOptionalString('vpp.mdm.webhook.secret'),
      webhookHmacKey: config.getOptionalString('vpp.mdm.webhook.hmacKey'),
    },
    mdmIdentity: {
      // Stable per installation unless configured: derived from the backend's public URL.
      id:
        config.getOptionalString('vpp.mdm.id') ??
        createHash('sha256').update(baseUrl).digest('hex').slice(0, 32),
      name: config.getOptionalString('vpp.mdm.name') ?? 'VPP for Backstage',
      metadata: `vpp-backend ${version}`,
    },
  };
}
