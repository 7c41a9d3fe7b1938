// The rows of the content tables and how they map to the ContentStore's records.
import { StoredAsset, SyncStateRecord } from './ContentStore';
import { toOptionalDate } from './dates';

export const STATE = 'vpp_sync_state';
export const ASSETS = 'vpp_assets';
export const ASSIGNEES = 'vpp_asset_assignees';
export const METADATA = 'vpp_app_metadata';
export const NOTIFICATIONS = 'vpp_apple_notifications';

type DateValue = Date | string | number;

export type StateRow = {
  token_id: string;
  last_sync_at: DateValue | null;
  last_full_sync_at: DateValue | null;
  assets_version_id: string | null;
  assignments_version_id: string | null;
  generation: number | string;
  running_since: DateValue | null;
  running_by: string | null;
  lease_expires_at: DateValue | null;
  last_error: string | null;
  last_error_at: DateValue | null;
  counts_changed_at: DateValue | null;
  confirmed_at: DateValue | null;
  notification_auth_hash: string | null;
  notification_url: string | null;
  asset_count: number | string;
  assignment_count: number | string;
};

export type AssetJoinRow = {
  adam_id: string;
  pricing_param: string;
  product_type: string;
  total_count: number;
  assigned_count: number;
  available_count: number;
  retired_count: number;
  device_assignable: boolean | number;
  revocable: boolean | number;
  platforms: string;
  name: string | null;
  icon_url: string | null;
  bundle_id: string | null;
  version: string | null;
  minimum_os_version: string | null;
  metadata_platforms: string | null;
};

export function toState(row: StateRow): SyncStateRecord {
  return {
    tokenId: row.token_id,
    lastSyncAt: toOptionalDate(row.last_sync_at),
    lastFullSyncAt: toOptionalDate(row.last_full_sync_at),
    assetsVersionId: row.assets_version_id ?? undefined,
    assignmentsVersionId: row.assignments_version_id ?? undefined,
    generation: Number(row.generation),
    runningSince: toOptionalDate(row.running_since),
    runningBy: row.running_by ?? undefined,
    leaseExpiresAt: toOptionalDate(row.lease_expires_at),
    lastError: row.last_error ?? undefined,
    lastErrorAt: toOptionalDate(row.last_error_at),
    countsChangedAt: toOptionalDate(row.counts_changed_at),
    confirmedAt: toOptionalDate(row.confirmed_at),
    notificationAuthHash: row.notification_auth_hash ?? undefined,
    notificationUrl: row.notification_url ?? undefined,
    assetCount: Number(row.asset_count),
    assignmentCount: Number(row.assignment_count),
  };
}

/** A row of the assets joined with their App Store metadata. */
export function toStoredAsset(r: AssetJoinRow): StoredAsset {
  return {
    adamId: r.adam_id,
    pricingParam: r.pricing_param,
    productType: r.product_type as StoredAsset['productType'],
    totalCount: Number(r.total_count),
    assignedCount: Number(r.assigned_count),
    availableCount: Number(r.available_count),
    retiredCount: Number(r.retired_count),
    deviceAssignable: Boolean(r.device_assignable),
    revocable: Boolean(r.revocable),
    platforms: splitList(r.platforms),
    name: r.name ?? undefined,
    iconUrl: r.icon_url ?? undefined,
    bundleId: r.bundle_id ?? undefined,
    version: r.version ?? undefined,
    minimumOsVersion: r.minimum_os_version ?? undefined,
    metadataPlatforms: r.metadata_platforms
      ? splitList(r.metadata_platforms)
      : undefined,
  };
}

function splitList(value: string | null): string[] {
  return value ? value.split(',').filter(Boolean) : [];
}

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, c => `\\${c}`)}%`;
}
