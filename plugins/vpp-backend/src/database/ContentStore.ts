import { VppPlatform, VppProductType } from '@internal/plugin-vpp-common';

/** One asset of a token: Apple's identity of a purchase. */
export interface AssetKey {
  adamId: string;
  pricingParam: string;
}

/** One asset as Apple's `/assets` reports it, normalised. */
export interface AssetRow extends AssetKey {
  productType: VppProductType;
  totalCount: number;
  assignedCount: number;
  availableCount: number;
  retiredCount: number;
  deviceAssignable: boolean;
  revocable: boolean;
  platforms: string[];
}

/** Who holds the licenses of one asset. Both lists sorted, without repeats. */
export interface AssetAssignees extends AssetKey {
  /** Device licenses. */
  serialNumbers: string[];
  /** User licenses. */
  clientUserIds: string[];
}

/** App Store metadata of one adamId in one storefront; `name` absent = unknown there. */
export interface AppMetadataRow {
  adamId: string;
  name?: string;
  iconUrl?: string;
  bundleId?: string;
  version?: string;
  minimumOsVersion?: string;
  platforms?: string[];
}

/** An asset joined with its metadata in the token's storefront. */
export interface StoredAsset
  extends AssetRow,
    Omit<AppMetadataRow, 'platforms'> {
  metadataPlatforms?: string[];
}

export interface SyncStateRecord {
  tokenId: string;
  lastSyncAt?: Date;
  lastFullSyncAt?: Date;
  assetsVersionId?: string;
  assignmentsVersionId?: string;
  generation: number;
  runningSince?: Date;
  runningBy?: string;
  leaseExpiresAt?: Date;
  lastError?: string;
  lastErrorAt?: Date;
  countsChangedAt?: Date;
  confirmedAt?: Date;
  notificationAuthHash?: string;
  notificationUrl?: string;
  assetCount: number;
  assignmentCount: number;
}

export interface AssetQuery {
  productType?: VppProductType;
  platform?: VppPlatform;
  q?: string;
  offset: number;
  limit: number;
  countryCode: string;
}

/** What a finished sync writes into the state row. */
export interface SyncSuccess {
  at: Date;
  full: boolean;
  assetsVersionId?: string;
  assignmentsVersionId?: string;
  generation: number;
}

/**
 * Persistence of each source token's purchased content and sync state. Every write is
 * idempotent (upserts keyed by Apple's identities), so a sync that is re-run or taken
 * over by another instance converges to the same rows.
 */
export interface ContentStore {
  /** The state row, created empty on first use. */
  getState(tokenId: string): Promise<SyncStateRecord>;
  getStates(tokenIds: string[]): Promise<Map<string, SyncStateRecord>>;
  /**
   * Takes the token's sync lease unless another holder's lease is still valid. Returns
   * the state at the moment of taking it, or undefined when someone else holds it.
   */
  acquireLease(
    tokenId: string,
    holder: string,
    now: Date,
    leaseMs: number,
  ): Promise<SyncStateRecord | undefined>;
  /** Extends the lease; false when it was lost (expired and taken by someone else). */
  renewLease(
    tokenId: string,
    holder: string,
    now: Date,
    leaseMs: number,
  ): Promise<boolean>;
  /** Records success, clears the error and releases the lease. */
  finishSync(
    tokenId: string,
    holder: string,
    success: SyncSuccess,
  ): Promise<void>;
  /** Records the failure and releases the lease. */
  failSync(
    tokenId: string,
    holder: string,
    error: string,
    at: Date,
  ): Promise<void>;

  upsertAssets(
    tokenId: string,
    rows: AssetRow[],
    generation: number,
  ): Promise<void>;
  /** Removes assets not seen in the pass with `generation`. */
  sweepAssets(tokenId: string, generation: number): Promise<number>;
  /**
   * The license assignments of the token's assets: all of them, or those of the assets
   * with one of `adamIds`. Assets without assignments have none stored.
   */
  loadAssignees(tokenId: string, adamIds?: string[]): Promise<AssetAssignees[]>;
  /** Replaces the assignees of these assets; other assets' stay as they are. */
  saveAssignees(tokenId: string, assets: AssetAssignees[]): Promise<void>;
  /** Forgets the assignees of assets that have no assignments any more. */
  deleteAssignees(tokenId: string, assets: AssetKey[]): Promise<void>;
  /** License assignments of the token, devices and users together. */
  countAssignments(tokenId: string): Promise<number>;

  listAssets(
    tokenId: string,
    query: AssetQuery,
  ): Promise<{ items: StoredAsset[]; totalCount: number }>;
  /** adamIds of the token's assets whose metadata is missing or older than `staleBefore`. */
  listAdamIdsNeedingMetadata(
    tokenId: string,
    countryCode: string,
    staleBefore: Date,
  ): Promise<string[]>;
  upsertMetadata(
    countryCode: string,
    rows: AppMetadataRow[],
    fetchedAt: Date,
  ): Promise<void>;

  markCountsChanged(tokenIds: string[], at: Date): Promise<void>;
  confirm(tokenId: string, at: Date): Promise<void>;
  /** Stores the hash of the bearer Apple will send with notifications, and the URL. */
  setNotificationSubscription(
    tokenId: string,
    authHash: string,
    url: string,
  ): Promise<void>;
  /**
   * Records a notification id; false when it was already recorded (Apple may deliver a
   * notification more than once).
   */
  recordNotification(
    notificationId: string,
    notificationType: string,
    locationUid: string,
    at: Date,
  ): Promise<boolean>;
  pruneNotifications(before: Date): Promise<number>;
}
