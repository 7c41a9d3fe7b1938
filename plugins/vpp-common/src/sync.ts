/** Apple's product types. @public */
export type VppProductType = 'App' | 'Book';

/** Platforms an asset runs on, as Apple names them in `supportedPlatforms`. @public */
export type VppPlatform = 'iOS' | 'macOS' | 'tvOS' | 'watchOS' | 'visionOS';

/**
 * One purchased app or book of a token's location, with Apple's license counts (from the
 * last sync) and App Store metadata in the token's storefront.
 *
 * @public
 */
export interface VppAsset {
  adamId: string;
  /** `STDQ` or `PLUS` (books). */
  pricingParam: string;
  productType: VppProductType;
  /** From the App Store lookup; absent until the metadata was fetched. */
  name?: string;
  iconUrl?: string;
  bundleId?: string;
  version?: string;
  minimumOsVersion?: string;
  platforms: VppPlatform[];
  totalCount: number;
  assignedCount: number;
  availableCount: number;
  retiredCount: number;
  /**
   * False for content that cannot be assigned to devices, e.g. paid apps bought as
   * redemption codes (R-SYNC-4): such assets cannot be distributed.
   */
  deviceAssignable: boolean;
  revocable: boolean;
  /** Available licenses are under the configured low-license threshold. */
  lowLicense: boolean;
}

/** Query of `GET /tokens/:id/assets`. @public */
export interface ListAssetsQuery {
  productType?: VppProductType;
  platform?: VppPlatform;
  /** Matches name, bundle id or adamId (case-insensitive substring). */
  q?: string;
  /** @defaultValue 0 */
  offset?: number;
  /** At most 500. @defaultValue 100 */
  limit?: number;
}

/** @public */
export interface ListAssetsResponse {
  items: VppAsset[];
  /** Number of assets matching the filters, regardless of paging. */
  totalCount: number;
}

/** Why a token's content may be out of date (R-SYNC-3). @public */
export type VppOutOfDateReason =
  /** Never synced. */
  | 'never-synced'
  /** The last sync is older than `vpp.sync.maxAge`. */
  | 'stale'
  /** Apple reported a purchase, refund or transfer after the last sync. */
  | 'counts-changed';

/** State of a token's content sync, as `GET /tokens/:id/sync` returns it. @public */
export interface VppSyncStatus {
  tokenId: string;
  /** The token whose content is synced: the token itself, or the source it shares from. */
  sourceTokenId: string;
  /** ISO instant of the last successful sync (full or incremental). */
  lastSyncAt?: string;
  /** ISO instant of the last successful full sync. */
  lastFullSyncAt?: string;
  running: boolean;
  /** ISO instant the running sync started. */
  runningSince?: string;
  /** Message of the last failed sync; cleared by a successful one. */
  lastError?: string;
  lastErrorAt?: string;
  outOfDate: boolean;
  outOfDateReason?: VppOutOfDateReason;
  /** A sentence a person can act on, explaining `outOfDateReason`. */
  outOfDateMessage?: string;
  /** ISO instant Apple last reported a license count change (ASSET_COUNT). */
  countsChangedAt?: string;
  /** Number of assets and license assignments stored by the last sync. */
  assetCount: number;
  assignmentCount: number;
  /** The threshold under which an app's available licenses are flagged as low. */
  lowLicenseThreshold: number;
}

/** Answer of `POST /tokens/:id/sync` (202). @public */
export interface StartSyncResponse {
  /** "Sync started" or why nothing new was started. */
  message: string;
  /** False when a sync of the same content was already running. */
  started: boolean;
  status: VppSyncStatus;
}
