import { PermissionCriteria } from '@backstage/plugin-permission-common';

/** What Apple last said about a token, independent of its stored expiry. */
export type AppleTokenState =
  | 'ok'
  | 'revoked'
  | 'invalid'
  | 'expired'
  | 'claimed-elsewhere';

/** A stored token record, without its encrypted file. */
export interface TokenRecord {
  id: string;
  displayName: string;
  owner: string;
  orgName: string;
  locationName: string;
  locationUid: string;
  countryCode: string;
  defaultPlatform?: string;
  expiresAt: Date;
  appleState: AppleTokenState;
  appleStateReason?: string;
  appleCheckedAt?: Date;
  claimedBy?: string;
  sharesFrom?: string;
  notes: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A filter produced by the permission framework's conditional decisions. */
export type TokenFilter = { key: 'owner'; values: string[] };

/** The location facts a (re)validated token file carries. */
export interface TokenLocationFacts {
  orgName: string;
  locationName: string;
  locationUid: string;
  countryCode: string;
  defaultPlatform?: string;
  expiresAt: Date;
}

export interface TokenAppleStatePatch {
  appleState: AppleTokenState;
  appleStateReason?: string;
  claimedBy?: string;
  checkedAt: Date;
}

/** Persistence of content tokens. Shares follow their source in every write. */
export interface TokenStore {
  listTokens(options?: {
    filter?: PermissionCriteria<TokenFilter>;
  }): Promise<TokenRecord[]>;
  getToken(id: string): Promise<TokenRecord | undefined>;
  getTokens(ids: string[]): Promise<TokenRecord[]>;
  /** Source records (not shares) for an Apple location. */
  findSourcesByLocationUid(locationUid: string): Promise<TokenRecord[]>;
  listShares(sourceId: string): Promise<TokenRecord[]>;
  /** The encrypted token file of a record, following a share to its source. */
  getTokenCiphertext(id: string): Promise<string | undefined>;
  insertToken(
    record: TokenRecord,
    tokenCiphertext: string | null,
  ): Promise<void>;
  updateDetails(
    id: string,
    patch: Partial<Pick<TokenRecord, 'displayName' | 'notes' | 'owner'>>,
    now: Date,
  ): Promise<void>;
  /**
   * Replaces the token file of a source and the facts it carries, in the source and
   * all its shares, in one transaction; resets Apple's verdict to `ok`.
   */
  renewToken(
    sourceId: string,
    facts: TokenLocationFacts,
    tokenCiphertext: string,
    now: Date,
  ): Promise<void>;
  /** Records Apple's verdict on a source and all its shares. */
  setAppleState(sourceId: string, patch: TokenAppleStatePatch): Promise<void>;
  /** Deletes a record; deleting a source deletes its shares too. */
  deleteToken(id: string): Promise<void>;
}
