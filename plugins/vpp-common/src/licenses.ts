/**
 * How a device license came to be (R-LIC-1): `auto` by a distribution, `manual` through
 * `POST /licenses/assign`, `pre-existing` when Apple lists it and this product did not
 * make it (another MDM, or before this product managed the location).
 *
 * @public
 */
export type VppLicenseMode = 'auto' | 'manual' | 'pre-existing';

/** @public */
export const VPP_LICENSE_MODES: readonly VppLicenseMode[] = [
  'auto',
  'manual',
  'pre-existing',
];

/**
 * Where a ledger entry stands: `assigning` and `revoking` while Apple works on it (or when
 * the answer was lost — the entry says so until the next change), `assigned` once Apple
 * confirmed it. Pre-existing entries are always `assigned`.
 *
 * @public
 */
export type VppLicenseState = 'assigning' | 'assigned' | 'revoking';

/**
 * One device license of an app at Apple, as the ledger knows it.
 *
 * @public
 */
export interface VppLicense {
  /** The token the license was assigned through (for pre-existing ones: the source token). */
  tokenId: string;
  adamId: string;
  pricingParam: string;
  serialNumber: string;
  mode: VppLicenseMode;
  state: VppLicenseState;
  /** User entity ref; absent for pre-existing licenses. */
  assignedBy?: string;
  /** ISO instant; absent for pre-existing licenses. */
  assignedAt?: string;
  /** The distribution that assigned it (`auto` mode). */
  distributionId?: string;
}

/**
 * Query of `GET /licenses`. `tokenId` selects the token's Apple location: licenses made
 * through the token, through the other tokens sharing that location, and pre-existing
 * ones.
 *
 * @public
 */
export interface VppLicenseListQuery {
  tokenId?: string;
  adamId?: string;
  serialNumber?: string;
  mode?: VppLicenseMode;
  /** @defaultValue 0 */
  offset?: number;
  /** At most 500. @defaultValue 100 */
  limit?: number;
}

/** @public */
export interface VppLicenseList {
  /** Ledger entries first (newest first), then pre-existing licenses by app and serial. */
  items: VppLicense[];
  totalCount: number;
}

/**
 * Body of `POST /licenses/assign` and `POST /licenses/revoke`: every app with every
 * serial number.
 *
 * @public
 */
export interface VppLicenseChangeRequest {
  tokenId: string;
  adamIds: string[];
  serials: string[];
  /** Report what Apple would be asked, change nothing. @defaultValue false */
  dryRun?: boolean;
}

/** @public */
export interface VppLicensePair {
  adamId: string;
  serialNumber: string;
}

/** A pair Apple refused, with its error explained. @public */
export interface VppLicensePairFailure extends VppLicensePair {
  /** Apple's error number, e.g. 9709 (no licenses left). */
  errorNumber?: number;
  reason: string;
}

/** A pair not sent to Apple, and why. @public */
export interface VppLicensePairSkip extends VppLicensePair {
  reason: 'already-assigned' | 'in-progress';
  message: string;
}

/** One call to Apple (`POST /assets/associate` or `/disassociate`), made or planned. @public */
export interface VppLicenseAppleRequest {
  adamIds: string[];
  serialNumbers: string[];
}

/** License counts of one app in the request, from the last sync. @public */
export interface VppLicenseAppSummary {
  adamId: string;
  name?: string;
  /** Pairs of this app sent (or, in a dry run, to be sent) to Apple. */
  requested: number;
  /** Licenses Apple had available at the last sync. */
  available: number;
}

/** Answer of `POST /licenses/assign` and `POST /licenses/revoke`. @public */
export interface VppLicenseChangeResult {
  tokenId: string;
  action: 'assign' | 'revoke';
  dryRun: boolean;
  /** The calls made to Apple (dry run: the calls that would be made). */
  appleRequests: VppLicenseAppleRequest[];
  apps: VppLicenseAppSummary[];
  /** Pairs Apple confirmed (empty in a dry run). */
  succeeded: VppLicensePair[];
  failed: VppLicensePairFailure[];
  skipped: VppLicensePairSkip[];
  /** Pairs whose outcome Apple had not reported when waiting ended. */
  pending: VppLicensePair[];
  /** One sentence summing up the outcome. */
  message: string;
}

/** Some of the licenses in one orphan category, and how many there are. @public */
export interface VppLicenseOrphanList {
  /** The first 1,000, by app and serial number. */
  items: VppLicense[];
  totalCount: number;
}

/**
 * Answer of `GET /licenses/orphans?tokenId=` (R-LIC-4), compared with Apple's license
 * assignments as the token's syncs fetched them.
 *
 * @public
 */
export interface VppLicenseOrphans {
  tokenId: string;
  /**
   * ISO instant of the last full sync the ledger was compared with; absent when the
   * token has never been fully synced (then nothing is compared).
   */
  comparedWith?: string;
  /**
   * Ledger entries Apple no longer shows. Entries confirmed shortly before that sync are
   * not judged until the next one.
   */
  notAtApple: VppLicenseOrphanList;
  /** Licenses Apple shows for serial numbers no managed device has. */
  unmanagedSerials: VppLicenseOrphanList & {
    /** False while this installation has no device inventory to compare with. */
    checked: boolean;
    message?: string;
  };
}
