import {
  PageSizes,
  ServiceLimits,
  SimulatorOptionsInput,
  SimulatorSwitches,
} from './types';

/** Apple's example values from `GET /service/config`. */
export const DEFAULT_LIMITS: ServiceLimits = {
  maxAssets: 25,
  maxUsers: 100,
  maxNotificationLength: 512,
  maxRevokeClientUserIds: 100,
  maxClientUserIds: 1000,
  maxSerialNumbers: 1000,
  maxRevokeSerialNumbers: 100,
  maxRequestPerSecond: 15,
  maxSubscriptions: 25,
  maxSubscriptionClientUserIds: 1000,
  maxMdmNameLength: 100,
  maxMdmMetadataLength: 255,
  maxMdmIdLength: 100,
};

/** Apple: "server-controlled, on the order of several hundred" (examples 549, 999, 1000). */
export const DEFAULT_PAGE_SIZES: PageSizes = {
  assets: 300,
  assignments: 1000,
  users: 500,
};

export const DEFAULT_SWITCHES: SimulatorSwitches = {
  eventDelayMs: 300,
  rateLimit: true,
  revokeOnNewDownload: false,
  tokenExpirationDateAlways: false,
  errorsWithStatus200: false,
  allowHttpNotificationUrls: false,
  duplicateNotificationRate: 0.1,
  notificationMaxAttempts: 3,
  notificationRetryDelayMs: 1000,
  notificationTimeoutMs: 5000,
  notificationBatchSize: 100,
  unknownAssetError: 'sync',
  unlimitedTrueReturnsOnlyUnlimited: false,
  emptyResultTotalPages: 0,
  adamIdListFilter: false,
  unknownTokenErrorNumber: 9622,
  pageSizes: DEFAULT_PAGE_SIZES,
  limits: DEFAULT_LIMITS,
  requestLogLimit: 100000,
};

const SWITCH_KEYS = Object.keys(DEFAULT_SWITCHES) as Array<
  keyof SimulatorSwitches
>;

/** Applies `input` on top of `base`, ignoring unknown keys and undefined values; validates types. */
export function mergeSwitches(
  base: SimulatorSwitches,
  input: SimulatorOptionsInput | undefined,
): SimulatorSwitches {
  const result: SimulatorSwitches = {
    ...base,
    pageSizes: { ...base.pageSizes },
    limits: { ...base.limits },
  };
  if (!input) {
    return result;
  }
  for (const key of SWITCH_KEYS) {
    const value = (input as Record<string, unknown>)[key];
    if (value === undefined) {
      continue;
    }
    if (key === 'pageSizes' || key === 'limits') {
      const target = result[key] as unknown as Record<string, number>;
      for (const [name, size] of Object.entries(value as object)) {
        if (!(name in target)) {
          throw new Error(`Unknown ${key} key: ${name}`);
        }
        if (!Number.isInteger(size) || size < 1) {
          throw new Error(`${key}.${name} must be a positive integer`);
        }
        target[name] = size;
      }
      continue;
    }
    const expected = typeof DEFAULT_SWITCHES[key];
    if (typeof value !== expected) {
      throw new Error(`Option ${key} must be a ${expected}`);
    }
    (result as unknown as Record<string, unknown>)[key] = value;
  }
  if (
    result.duplicateNotificationRate < 0 ||
    result.duplicateNotificationRate > 1
  ) {
    throw new Error('duplicateNotificationRate must be between 0 and 1');
  }
  if (!['sync', 'async'].includes(result.unknownAssetError)) {
    throw new Error("unknownAssetError must be 'sync' or 'async'");
  }
  if (![0, 1].includes(result.emptyResultTotalPages)) {
    throw new Error('emptyResultTotalPages must be 0 or 1');
  }
  if (![9622, 9601].includes(result.unknownTokenErrorNumber)) {
    throw new Error('unknownTokenErrorNumber must be 9622 or 9601');
  }
  if (result.eventDelayMs < 0 || result.notificationRetryDelayMs < 0) {
    throw new Error('Delays must not be negative');
  }
  return result;
}
