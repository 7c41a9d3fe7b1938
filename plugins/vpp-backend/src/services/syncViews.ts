import {
  VppAsset,
  VppPlatform,
  VppSyncStatus,
} from '@internal/plugin-vpp-common';
import { StoredAsset, SyncStateRecord } from '../database/ContentStore';
import { TokenRecord } from '../database/TokenStore';
import { VppSyncConfig } from './config';
import { outOfDate } from './contentFreshness';

/* How the sync's state and the stored assets read in the API. */

/** The sync status `record` shows: that of its source `sourceId` for a share. */
export function toSyncStatus(
  record: TokenRecord,
  sourceId: string,
  state: SyncStateRecord | undefined,
  now: Date,
  config: Pick<VppSyncConfig, 'maxAgeMs' | 'lowLicenseThreshold'>,
): VppSyncStatus {
  const running = Boolean(
    state?.leaseExpiresAt && state.leaseExpiresAt > now && state.runningBy,
  );
  const { reason, message } = outOfDate(state, now, config.maxAgeMs);
  return {
    tokenId: record.id,
    sourceTokenId: sourceId,
    lastSyncAt: state?.lastSyncAt?.toISOString(),
    lastFullSyncAt: state?.lastFullSyncAt?.toISOString(),
    running,
    runningSince: running ? state?.runningSince?.toISOString() : undefined,
    lastError: state?.lastError,
    lastErrorAt: state?.lastErrorAt?.toISOString(),
    outOfDate: reason !== undefined,
    outOfDateReason: reason,
    outOfDateMessage: message,
    countsChangedAt: state?.countsChangedAt?.toISOString(),
    assetCount: state?.assetCount ?? 0,
    assignmentCount: state?.assignmentCount ?? 0,
    lowLicenseThreshold: config.lowLicenseThreshold,
  };
}

/** A stored asset in the API; `lowLicense` below `lowLicenseThreshold` available. */
export function toApiAsset(
  a: StoredAsset,
  lowLicenseThreshold: number,
): VppAsset {
  return {
    adamId: a.adamId,
    pricingParam: a.pricingParam,
    productType: a.productType,
    name: a.name,
    iconUrl: a.iconUrl,
    bundleId: a.bundleId,
    version: a.version,
    minimumOsVersion: a.minimumOsVersion,
    // Apple's own list wins; the store's lookup fills in when Apple sent none.
    platforms: (a.platforms.length
      ? a.platforms
      : a.metadataPlatforms ?? []) as VppPlatform[],
    totalCount: a.totalCount,
    assignedCount: a.assignedCount,
    availableCount: a.availableCount,
    retiredCount: a.retiredCount,
    deviceAssignable: a.deviceAssignable,
    revocable: a.revocable,
    lowLicense:
      a.productType === 'App' &&
      a.totalCount > 0 &&
      a.availableCount < lowLicenseThreshold,
  };
}
