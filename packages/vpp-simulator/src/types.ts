/** Public types: fixtures (what the simulator is seeded with) and behaviour switches. */

export type Platform = 'iOS' | 'macOS' | 'tvOS' | 'watchOS' | 'visionOS';
export type PricingParam = 'STDQ' | 'PLUS';
export type ProductType = 'App' | 'Book';
export type TokenState = 'valid' | 'expired' | 'revoked' | 'invalid';
/** iTunes lookup `kind`. */
export type StoreKind = 'software' | 'mac-software' | 'ebook';
export type UserStatus = 'Registered' | 'Associated' | 'Retired';

export interface MdmInfo {
  id: string;
  name: string;
  metadata: string;
}

/** Store metadata of an app or book, served by the iTunes lookup. */
export interface FixtureCatalogItem {
  adamId: string;
  kind: StoreKind;
  /** Default (US English) name. */
  name: string;
  /** Names per storefront country code (upper case, e.g. `JP`). */
  localizedNames?: Record<string, string>;
  /** Apps only. */
  bundleId?: string;
  /** Apps only. */
  version?: string;
  /** `supportedPlatforms` of the asset; iOS-only, macOS-only or both (universal). */
  platforms: Platform[];
  minimumOsVersion?: string;
  sellerName: string;
  /** Price in the storefront's currency; 0 = free. Keyed by country, `default` otherwise. */
  price?: Record<string, number>;
  /** iTunes `isVppDeviceBasedLicensingEnabled`; default true for apps, false for books. */
  deviceBasedLicensing?: boolean;
  /** Storefront countries that sell it (upper case); default: every storefront. */
  storefronts?: string[];
  releaseDate?: string;
  fileSizeBytes?: number;
}

/** A purchased asset (adamId + pricingParam) of a location. */
export interface FixtureAsset {
  adamId: string;
  /** Default `STDQ`. */
  pricingParam?: PricingParam;
  /** Number of licenses bought; ignored when `unlimited`. */
  totalCount?: number;
  /** Free app/book with unlimited licenses (totalCount 2147483647). */
  unlimited?: boolean;
  retiredCount?: number;
  /** Default true. */
  revocable?: boolean;
  /** Default: the catalog item's deviceBasedLicensing (books never). */
  deviceAssignable?: boolean;
}

export interface FixtureAssignment {
  adamId: string;
  pricingParam?: PricingParam;
  serialNumber?: string;
  clientUserId?: string;
}

export interface FixtureUser {
  clientUserId: string;
  email?: string;
  status: UserStatus;
  managedAppleId?: string;
  inviteCode?: string;
  idHash?: string;
}

/** A content token already issued for a location. */
export interface FixtureToken {
  /** The inner `token` secret of the file. */
  token: string;
  /** ISO-8601 expiry; otherwise `expiresInDays` (default 365) from simulator start. */
  expDate?: string;
  expiresInDays?: number;
  state?: TokenState;
}

export interface FixtureLocation {
  id: string;
  name: string;
  uId: string;
  countryISO2ACode: string;
  orgName: string;
  /** Default `volumestore`. */
  defaultPlatform?: 'volumestore' | 'enterprisestore';
  /** Default `https://business.apple.com`. */
  websiteURL?: string;
  mdmInfo?: MdmInfo;
  tokens?: FixtureToken[];
  assets: FixtureAsset[];
  /** Any iterable, so generated locations need not hold every assignment in memory. */
  assignments?: Iterable<FixtureAssignment>;
  users?: FixtureUser[];
  /** Extra catalog items that only this location uses (generated locations). */
  catalog?: Iterable<FixtureCatalogItem>;
}

export interface PageSizes {
  assets: number;
  assignments: number;
  users: number;
}

/** `limits` of `GET /service/config`. */
export interface ServiceLimits {
  maxAssets: number;
  maxUsers: number;
  maxNotificationLength: number;
  maxRevokeClientUserIds: number;
  maxClientUserIds: number;
  maxSerialNumbers: number;
  maxRevokeSerialNumbers: number;
  maxRequestPerSecond: number;
  maxSubscriptions: number;
  maxSubscriptionClientUserIds: number;
  maxMdmNameLength: number;
  maxMdmMetadataLength: number;
  maxMdmIdLength: number;
}

export interface SimulatorFixture {
  name: string;
  description?: string;
  catalog: FixtureCatalogItem[];
  locations: FixtureLocation[];
  pageSizes?: Partial<PageSizes>;
  limits?: Partial<ServiceLimits>;
}

/**
 * Behaviour switches. Where Apple's contract is UNCONFIRMED the switch exists and its default
 * is the documented (or most likely) behaviour. All can be changed at runtime
 * (`state.setOptions`, `POST /control/options`).
 */
export interface SimulatorSwitches {
  /** Delay before an async event (associate, users…) completes. Default 300. */
  eventDelayMs: number;
  /** Enforce `maxRequestPerSecond` per token (429 + 9646). Default true. */
  rateLimit: boolean;
  /** Downloading a new token revokes the location's older tokens (9625). Default false. */
  revokeOnNewDownload: boolean;
  /** `tokenExpirationDate` on every response; default false = only within 15 days of expiry. */
  tokenExpirationDateAlways: boolean;
  /** Token errors (9601/9621/9622/9625/9722) come back as HTTP 200 with the error body. Default false. */
  errorsWithStatus200: boolean;
  /** Accept `http:` notification URLs (loopback tests). Default false (9712). */
  allowHttpNotificationUrls: boolean;
  /** Probability that a delivered notification is delivered a second time. Default 0.1. */
  duplicateNotificationRate: number;
  /** Attempts per notification (Apple: up to 3). */
  notificationMaxAttempts: number;
  /** Wait between notification attempts (Apple: 1–5 minutes). Default 1000. */
  notificationRetryDelayMs: number;
  /** Timeout of one notification POST. Default 5000. */
  notificationTimeoutMs: number;
  /** Elements per notification (Apple: 100). */
  notificationBatchSize: number;
  /** An asset the location does not own in associate/disassociate: sync 9602 (default) or async failure. */
  unknownAssetError: 'sync' | 'async';
  /** `unlimited=true`: also return limited assets in `assets` (default) or only `unlimitedAssets`. */
  unlimitedTrueReturnsOnlyUnlimited: boolean;
  /** `totalPages` of an empty result. Default 0. */
  emptyResultTotalPages: 0 | 1;
  /** Accept `adamId=1,2,3` lists on GET /assets (Fleet does this; undocumented). Default false. */
  adamIdListFilter: boolean;
  /** Error number for an unknown token. Default 9622 (Fleet's observation). */
  unknownTokenErrorNumber: 9622 | 9601;
  pageSizes: PageSizes;
  limits: ServiceLimits;
  /** Entries kept in the request log. Default 100000. */
  requestLogLimit: number;
}

export type SimulatorOptionsInput = Partial<
  Omit<SimulatorSwitches, 'pageSizes' | 'limits'>
> & {
  pageSizes?: Partial<PageSizes>;
  limits?: Partial<ServiceLimits>;
};
