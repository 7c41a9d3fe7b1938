/** Our identity in Apple's `mdmInfo` (R-TOK-3). */
export interface MdmIdentity {
  id: string;
  name: string;
  metadata: string;
}

/** What `GET /client/config` tells about the token's location. */
export interface TokenLocationInfo {
  locationName: string;
  locationUid: string;
  countryCode: string;
  defaultPlatform?: string;
  mdmInfo?: { id: string; name: string; metadata?: string };
}

/**
 * The Apple calls token management needs, in terms of a token file's bearer value.
 * Implemented on top of the Apple client; a narrow seam so TokenService does not depend
 * on paging, batching or rate limiting.
 */
export interface AppleTokenGateway {
  readLocation(bearer: string): Promise<TokenLocationInfo>;
  /** Writes our `mdmInfo` for the location (last writer wins at Apple). */
  claim(bearer: string): Promise<void>;
  /**
   * Marks our `mdmInfo` as released. Apple documents no way to clear `mdmInfo`, so a
   * release writes ours with metadata `released`, which we (and the renewal checks)
   * treat as "managed by nobody".
   */
  release(bearer: string): Promise<void>;
}

/** Metadata value written on release; see {@link AppleTokenGateway.release}. */
export const RELEASED_METADATA = 'released';

/** Who holds the location, from our point of view. */
export function claimant(
  info: Pick<TokenLocationInfo, 'mdmInfo'>,
  us: MdmIdentity,
): { ours: true } | { ours: false; name: string } | undefined {
  const m = info.mdmInfo;
  if (!m || m.metadata === RELEASED_METADATA) {
    return undefined;
  }
  if (m.id === us.id) {
    return { ours: true };
  }
  return { ours: false, name: m.name || m.id };
}
