import { VppPlatform, VppProductType } from '@internal/plugin-vpp-common';
import type { StoredAssignments } from './StoredAssignments';

/** One asset as Apple's `/assets` reports it, normalised. */
export interface AssetRow {
  adamId: string;
  pricingParam: string;
  productType: VppProductType;
  totalCount: number;
  assignedCount: number;
  availableCount: number;
  retiredCount: number;
  deviceAssignable: boolean;
  revocable: boolean;
  platforms: string[];
}

/** One license assignment: an asset to a device serial number or a user. */
export interface AssignmentRow {
  adamId: string;
  pricingParam: string;
  /** '' for user licenses. */
  serialNumber: string;
  /** '' for device licenses. */
  clientUserId: string;
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
   * Adds assignments; ones already stored are left alone (an assignment has no fields
   * besides its identity). One statement per call: pass thousands at a time, not one.
   */
  insertAssignments(
    tokenId: string,
    rows: AssignmentRow[],
    options?: {
      /** The caller believes none is stored: try the cheaper plain insert first. */
      expectNew?: boolean;
    },
  ): Promise<void>;
  deleteAssignments(tokenId: string, rows: AssignmentRow[]): Promise<void>;
  /** Every stored assignment of the token, for a full pass to tell what went. */
  loadStoredAssignments(tokenId: string): Promise<StoredAssignments>;
  countAssignments(tokenId: string): Promise<number>;
  /**
   * Removes the assignments of tokens that no longer exist (the rest of a token's
   * content goes with it through foreign keys; assignments have none, for speed).
   * With `tokenId`, only that token's.
   */
  removeOrphanedAssignments(tokenId?: string): Promise<number>;

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
