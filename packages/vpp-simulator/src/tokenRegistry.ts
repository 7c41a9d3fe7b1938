import { createHash, randomBytes } from 'node:crypto';
import { DAY_MS, formatAppleDate, parseIsoDate } from './dates';
import { LocationState } from './location';
import { encodeTokenFile } from './tokenFile';
import { SimulatorSwitches, TokenState } from './types';

/** Apple adds `tokenExpirationDate` when the token expires within this window. */
const EXPIRY_WARNING_MS = 15 * DAY_MS;

export interface TokenRecord {
  id: string;
  locationId: string;
  /** The inner `token` secret. */
  secret: string;
  orgName: string;
  expiresAt: Date;
  /** The `.vpptoken` file content; clients send it as the bearer token. */
  fileContent: string;
  /** The state set by fixture/control API; expiry by date is computed on top. */
  state: TokenState;
  createdAt: Date;
  source: 'fixture' | 'download';
}

export interface TokenInfo {
  id: string;
  locationId: string;
  locationName: string;
  expDate: string;
  /** Effective state: `expired` once expDate has passed. */
  state: TokenState;
  source: 'fixture' | 'download';
  createdAt: string;
  fileContent: string;
}

export type AuthResult =
  | { ok: true; token: TokenRecord; location: LocationState }
  | { ok: false; errorNumber: number; tokenId?: string };

/** Log/rate-stats id for a bearer that matches no token (never the secret itself). */
export function unknownTokenId(bearer: string): string {
  return `unknown:${createHash('sha256')
    .update(bearer)
    .digest('hex')
    .slice(0, 12)}`;
}

/** The bearer of an `Authorization: Bearer …` header, else undefined. */
function bearerOf(authorization: string): string | undefined {
  const match = /^Bearer\s+(\S[\s\S]*)$/i.exec(authorization.trim());
  return match ? match[1].trim() : undefined;
}

/**
 * Every content token of every location, fixture and downloaded ones: issuing, states, and
 * resolving a request's bearer to its token.
 */
export class TokenRegistry {
  private readonly tokensByContent = new Map<string, TokenRecord>();
  private readonly tokensById = new Map<string, TokenRecord>();
  private tokenCounter = 0;

  constructor(
    private readonly location: (locationId: string) => LocationState,
    private readonly switches: () => SimulatorSwitches,
  ) {}

  clear(): void {
    this.tokensByContent.clear();
    this.tokensById.clear();
    this.tokenCounter = 0;
  }

  /** Every token, downloaded ones included, and the counter their ids come from. */
  records(): { counter: number; tokens: TokenRecord[] } {
    return {
      counter: this.tokenCounter,
      tokens: [...this.tokensById.values()],
    };
  }

  /** Replaces every token with saved ones (a restart with a state file). */
  restore(tokens: TokenRecord[], counter: number): void {
    this.tokensByContent.clear();
    this.tokensById.clear();
    for (const token of tokens) {
      this.location(token.locationId);
      this.tokensByContent.set(token.fileContent, token);
      this.tokensById.set(token.id, token);
    }
    this.tokenCounter = counter;
  }

  /**
   * Apple Business Manager's "Download": issues a new token for the location and returns
   * the `.vpptoken` file content. Any expiry is accepted (past dates included); default one
   * year from now. With `revokeOnNewDownload` the location's older tokens become revoked.
   */
  download(location: LocationState, expiresAt?: Date | string): string {
    let expiry: Date;
    if (expiresAt === undefined) {
      expiry = new Date(Date.now() + 365 * DAY_MS);
    } else if (typeof expiresAt === 'string') {
      const parsed = parseIsoDate(expiresAt);
      if (!parsed) {
        throw new Error(`expiresAt is not an ISO-8601 date: ${expiresAt}`);
      }
      expiry = parsed;
    } else {
      expiry = expiresAt;
    }
    if (this.switches().revokeOnNewDownload) {
      for (const token of this.tokensById.values()) {
        if (token.locationId === location.id) {
          token.state = 'revoked';
        }
      }
    }
    const secret = randomBytes(48).toString('base64');
    return this.add(location, secret, expiry, 'download').fileContent;
  }

  add(
    location: LocationState,
    secret: string,
    expiresAt: Date,
    source: 'fixture' | 'download',
    state: TokenState = 'valid',
  ): TokenRecord {
    // Apple's expDate has second precision; keep the record consistent with the file.
    const expiry = new Date(Math.floor(expiresAt.getTime() / 1000) * 1000);
    const fileContent = encodeTokenFile({
      token: secret,
      expDate: expiry,
      orgName: location.orgName,
    });
    if (this.tokensByContent.has(fileContent)) {
      throw new Error(`Duplicate token for location ${location.id}`);
    }
    const record: TokenRecord = {
      id: `tok-${++this.tokenCounter}`,
      locationId: location.id,
      secret,
      orgName: location.orgName,
      expiresAt: expiry,
      fileContent,
      state,
      createdAt: new Date(),
      source,
    };
    this.tokensByContent.set(fileContent, record);
    this.tokensById.set(record.id, record);
    return record;
  }

  private effectiveState(token: TokenRecord): TokenState {
    if (token.state === 'valid' && token.expiresAt.getTime() <= Date.now()) {
      return 'expired';
    }
    return token.state;
  }

  list(locationId?: string): TokenInfo[] {
    return [...this.tokensById.values()]
      .filter(
        token => locationId === undefined || token.locationId === locationId,
      )
      .map(token => ({
        id: token.id,
        locationId: token.locationId,
        locationName: this.location(token.locationId).name,
        expDate: formatAppleDate(token.expiresAt),
        state: this.effectiveState(token),
        source: token.source,
        createdAt: token.createdAt.toISOString(),
        fileContent: token.fileContent,
      }));
  }

  /** Finds a token by id (`tok-1`), by file content (the bearer) or by its inner secret. */
  find(token: string): TokenRecord | undefined {
    const trimmed = token.trim();
    const found =
      this.tokensById.get(trimmed) ?? this.tokensByContent.get(trimmed);
    if (found) {
      return found;
    }
    for (const record of this.tokensById.values()) {
      if (record.secret === trimmed) {
        return record;
      }
    }
    return undefined;
  }

  /** Marks a token valid, expired (9621), revoked (9625) or invalid (9622). */
  setState(token: string, state: TokenState): TokenInfo {
    if (!['valid', 'expired', 'revoked', 'invalid'].includes(state)) {
      throw new Error(`Invalid token state ${state}`);
    }
    const record = this.find(token);
    if (!record) {
      throw new Error('Unknown token');
    }
    record.state = state;
    return this.list().find(t => t.id === record.id)!;
  }

  /** Resolves an `Authorization` header to a token and location, or an Apple error number. */
  authenticate(authorization: string | undefined): AuthResult {
    if (authorization === undefined || authorization.trim() === '') {
      return { ok: false, errorNumber: 9601 };
    }
    const bearer = bearerOf(authorization);
    if (bearer === undefined) {
      return { ok: false, errorNumber: 9722 };
    }
    const { unknownTokenErrorNumber } = this.switches();
    const token = this.tokensByContent.get(bearer);
    if (!token) {
      return {
        ok: false,
        errorNumber: unknownTokenErrorNumber,
        tokenId: unknownTokenId(bearer),
      };
    }
    const state = this.effectiveState(token);
    const errorNumber = {
      valid: 0,
      expired: 9621,
      revoked: 9625,
      invalid: unknownTokenErrorNumber,
    }[state];
    if (errorNumber !== 0) {
      return { ok: false, errorNumber, tokenId: token.id };
    }
    return { ok: true, token, location: this.location(token.locationId) };
  }

  /** Token id and location of a request for the request log (whatever its state). */
  identify(authorization: string | undefined): {
    tokenId?: string;
    locationId?: string;
  } {
    const bearer = bearerOf(authorization ?? '');
    if (bearer === undefined) {
      return {};
    }
    const token = this.tokensByContent.get(bearer);
    return token
      ? { tokenId: token.id, locationId: token.locationId }
      : { tokenId: unknownTokenId(bearer) };
  }

  /** `tokenExpirationDate` for a response: always, or only within 15 days of expiry. */
  expirationDate(token: TokenRecord): string | undefined {
    if (
      this.switches().tokenExpirationDateAlways ||
      token.expiresAt.getTime() - Date.now() <= EXPIRY_WARNING_MS
    ) {
      return formatAppleDate(token.expiresAt);
    }
    return undefined;
  }
}
