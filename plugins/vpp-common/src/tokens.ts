/**
 * One status per content token (R-TOK-5), computed from the stored expiry and the last
 * answer Apple gave for the token.
 *
 * @public
 */
export type VppTokenStatus =
  | 'ok'
  | 'expiring'
  | 'expired'
  | 'revoked'
  | 'invalid'
  | 'claimed-elsewhere';

/** @public */
export const VPP_TOKEN_STATUSES: readonly VppTokenStatus[] = [
  'ok',
  'expiring',
  'expired',
  'revoked',
  'invalid',
  'claimed-elsewhere',
];

/**
 * A content token (Apple Business Manager / Apple School Manager location) as the API
 * returns it. Never contains the token file or the secret inside it.
 *
 * @public
 */
export interface VppToken {
  id: string;
  displayName: string;
  /** Owning catalog group, e.g. `group:default/tokyo-it`. */
  owner: string;
  orgName: string;
  /** The ABM/ASM location (organizational unit) the token belongs to. */
  locationName: string;
  /** Apple's stable id of the location (`uId`). */
  locationUid: string;
  /** Storefront country of the location, ISO 3166-1 alpha-2 (e.g. `JP`). */
  countryCode: string;
  /** ISO-8601 instant. */
  expiresAt: string;
  /** Whole days until expiry; negative once expired. */
  daysLeft: number;
  status: VppTokenStatus;
  /** A sentence a person can act on, explaining the status. */
  statusReason: string;
  /** Name of the other MDM product that holds this location, when it is not us. */
  claimedBy?: string;
  /** For a license-sharing record: the id of the token it shares licenses from. */
  sharesFrom?: string;
  notes: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** @public */
export interface RegisterTokenRequest {
  /** The `.vpptoken` file content as downloaded from Apple Business Manager. */
  tokenFile: string;
  /** Owning catalog group, e.g. `group:default/tokyo-it`. */
  owner: string;
  displayName?: string;
  notes?: string;
  /** Take the location over from another MDM product that currently manages it. */
  takeOver?: boolean;
}

/** The five renewal checks of R-TOK-4, in the order they are made. @public */
export type RenewalCheckId =
  | 'registered'
  | 'later-expiry'
  | 'not-other-mdm'
  | 'not-other-account'
  | 'location-exists';

/** @public */
export interface RenewalCheck {
  id: RenewalCheckId;
  passed: boolean;
  message: string;
}

/** @public */
export interface RenewalPreview {
  /** True when every check passed and the renewal can be committed. */
  ok: boolean;
  checks: RenewalCheck[];
  current: VppToken;
  /** What the new file holds; absent when the file could not be read or validated. */
  next?: {
    expiresAt: string;
    locationName: string;
    /** The MDM product that currently manages the location, if not us. */
    claimedBy?: string;
  };
}

/** @public */
export interface RenewTokenRequest {
  tokenFile: string;
  takeOver?: boolean;
}

/** @public */
export interface UpdateTokenRequest {
  displayName?: string;
  notes?: string;
  owner?: string;
}

/** @public */
export interface ShareTokenRequest {
  /** The group that receives a share of the licenses. */
  owner: string;
  displayName?: string;
  notes?: string;
}
