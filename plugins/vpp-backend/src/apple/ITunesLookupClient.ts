import { z } from 'zod';
import { Clock, systemClock } from './clock';
import { AppleVppError, classifyAppleError, isAppleVppError } from './errors';
import { FetchLike, RawResponse, sendOnce, tryParseJson } from './http';
import { SlidingWindowRateLimiter } from './rateLimiter';
import {
  RetryOptions,
  decideRetry,
  parseRetryAfter,
  resolveRetryOptions,
} from './retry';

/** Public iTunes lookup endpoint (no authentication). */
export const ITUNES_LOOKUP_URL = 'https://itunes.apple.com/lookup';

export type AppPlatform = 'iOS' | 'macOS' | 'tvOS' | 'watchOS' | 'visionOS';

/** App Store metadata of one app, keyed by its adamId (= iTunes `trackId`). */
export interface AppStoreMetadata {
  adamId: string;
  name?: string;
  bundleId?: string;
  version?: string;
  /** `artworkUrl512` (falls back to the 100/60 px artwork). */
  iconUrl?: string;
  platforms: AppPlatform[];
  minimumOsVersion?: string;
  /** iTunes `kind`, e.g. `software`, `mac-software`. */
  kind?: string;
  /** `isVppDeviceBasedLicensingEnabled`. */
  deviceBasedLicensing?: boolean;
  /** Raw lookup result, for fields not mapped above. */
  raw: Record<string, unknown>;
}

export interface ITunesLookupClientOptions {
  /** Default {@link ITUNES_LOOKUP_URL}. */
  lookupUrl?: string;
  fetch?: FetchLike;
  clock?: Clock;
  /** Ids per request (comma-joined). Default 100. */
  batchSize?: number;
  /** Per-attempt timeout. Default 10 s. */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /**
   * Requests allowed per minute (the public endpoint is commonly quoted at ~20/min per IP).
   * Default 20.
   */
  maxRequestsPerMinute?: number;
  /** Extra query parameters, e.g. `{ entity: 'software' }`. */
  extraQuery?: Record<string, string>;
}

const lookupResultSchema = z
  .object({
    trackId: z.union([z.number(), z.string()]).transform(String),
    trackName: z.string().nullish(),
    bundleId: z.string().nullish(),
    version: z.string().nullish(),
    artworkUrl512: z.string().nullish(),
    artworkUrl100: z.string().nullish(),
    artworkUrl60: z.string().nullish(),
    supportedDevices: z.array(z.string()).nullish(),
    minimumOsVersion: z.string().nullish(),
    kind: z.string().nullish(),
    isVppDeviceBasedLicensingEnabled: z.boolean().nullish(),
  })
  .passthrough();

const lookupResponseSchema = z
  .object({
    resultCount: z.number().nullish(),
    results: z.array(z.unknown()).nullish(),
  })
  .passthrough();

const PLATFORM_ORDER: AppPlatform[] = [
  'iOS',
  'macOS',
  'tvOS',
  'watchOS',
  'visionOS',
];

/**
 * Derives platforms from iTunes `supportedDevices` (e.g. `iPhone5s-iPhone5s`, `iPadAir-iPadAir`,
 * `MacDesktop-MacDesktop`, `AppleTV4-AppleTV4`, `Watch4-Watch4`, `AppleVisionPro-AppleVisionPro`):
 * iPhone/iPad/iPod → iOS, Mac → macOS, AppleTV → tvOS, Watch → watchOS, Vision/Reality → visionOS.
 * `kind` `mac-software` always adds macOS. With no devices listed the platform follows `kind`
 * (`mac-software` → macOS, `ebook` → iOS and macOS, otherwise iOS).
 */
export function platformsFromSupportedDevices(
  supportedDevices: readonly string[] | null | undefined,
  kind: string | null | undefined,
): AppPlatform[] {
  const found = new Set<AppPlatform>();
  for (const device of supportedDevices ?? []) {
    const d = device.trim().toLowerCase();
    if (/^(iphone|ipad|ipod)/.test(d)) found.add('iOS');
    else if (/^(mac|imac)/.test(d)) found.add('macOS');
    else if (/^(appletv|tvos)/.test(d)) found.add('tvOS');
    else if (/^(watch|applewatch)/.test(d)) found.add('watchOS');
    else if (/vision|reality/.test(d)) found.add('visionOS');
  }
  if (kind === 'mac-software') {
    found.add('macOS');
  }
  if (found.size === 0) {
    if (kind === 'mac-software') {
      found.add('macOS');
    } else if (kind === 'ebook' || kind === 'epubBook') {
      // Books open in Apple Books on iPhone/iPad and Mac.
      found.add('iOS');
      found.add('macOS');
    } else {
      found.add('iOS');
    }
  }
  return PLATFORM_ORDER.filter(p => found.has(p));
}

/**
 * Client of the public iTunes lookup (`https://itunes.apple.com/lookup?id=1,2,3&country=us`):
 * batches ids, looks them up in the token's storefront country, retries 429/5xx honouring
 * `Retry-After`, and maps results by `trackId`. Ids the store does not know are simply absent from
 * the result.
 */
export class ITunesLookupClient {
  readonly lookupUrl: string;
  readonly #fetch: FetchLike;
  readonly #clock: Clock;
  readonly #batchSize: number;
  readonly #timeoutMs: number;
  readonly #retry: RetryOptions;
  readonly #limiter: SlidingWindowRateLimiter;
  readonly #maxPerMinute: number;
  readonly #extraQuery: Record<string, string>;

  constructor(options: ITunesLookupClientOptions = {}) {
    this.lookupUrl = options.lookupUrl ?? ITUNES_LOOKUP_URL;
    this.#fetch = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
    this.#clock = options.clock ?? systemClock;
    this.#batchSize = Math.max(1, Math.min(200, options.batchSize ?? 100));
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#retry = resolveRetryOptions(options.retry);
    this.#maxPerMinute = options.maxRequestsPerMinute ?? 20;
    this.#limiter = new SlidingWindowRateLimiter({
      clock: this.#clock,
      windowMs: 60_000,
      safetyMarginMs: 0,
    });
    this.#extraQuery = options.extraQuery ?? {};
  }

  /**
   * Looks up app metadata for `adamIds` in `country` (ISO 3166 alpha-2, any case; the token's
   * `countryISO2ACode`). Returns a map keyed by adamId; unknown ids are absent.
   */
  async lookup(
    adamIds: Iterable<string | number>,
    options: { country?: string; signal?: AbortSignal } = {},
  ): Promise<Map<string, AppStoreMetadata>> {
    const ids = [...new Set([...adamIds].map(id => String(id).trim()))].filter(
      id => /^\d+$/.test(id),
    );
    const result = new Map<string, AppStoreMetadata>();
    for (let i = 0; i < ids.length; i += this.#batchSize) {
      const batch = ids.slice(i, i + this.#batchSize);
      const wanted = new Set(batch);
      for (const item of await this.#lookupBatch(batch, options)) {
        if (wanted.has(item.adamId)) {
          result.set(item.adamId, item);
        }
      }
    }
    return result;
  }

  async #lookupBatch(
    ids: string[],
    options: { country?: string; signal?: AbortSignal },
  ): Promise<AppStoreMetadata[]> {
    const url = new URL(this.lookupUrl);
    url.searchParams.set('id', ids.join(','));
    if (options.country) {
      url.searchParams.set('country', options.country.trim().toLowerCase());
    }
    for (const [key, value] of Object.entries(this.#extraQuery)) {
      url.searchParams.set(key, value);
    }
    const endpoint = '/lookup';
    for (let attempt = 1; ; attempt++) {
      let error: AppleVppError;
      try {
        const permit = await this.#limiter.acquire(
          'itunes-lookup',
          this.#maxPerMinute,
          options.signal,
        );
        let raw: RawResponse;
        try {
          raw = await sendOnce({
            fetch: this.#fetch,
            url: url.toString(),
            method: 'GET',
            headers: { Accept: 'application/json' },
            timeoutMs: this.#timeoutMs,
            signal: options.signal,
            endpoint,
            secrets: [],
            onSettled: () => permit.release(),
          });
        } finally {
          permit.release();
        }
        const retryAfterMs = parseRetryAfter(
          raw.headers.get('retry-after'),
          this.#clock.now(),
        );
        if (raw.status < 200 || raw.status >= 300) {
          throw new AppleVppError({
            kind: classifyAppleError(undefined, raw.status),
            message: `iTunes lookup failed with HTTP ${raw.status}`,
            httpStatus: raw.status,
            method: 'GET',
            endpoint,
            retryAfterMs,
          });
        }
        const parsed = lookupResponseSchema.safeParse(tryParseJson(raw.text));
        if (!parsed.success) {
          throw new AppleVppError({
            kind: 'invalid-response',
            message:
              'iTunes lookup answered with something that is not a lookup result',
            httpStatus: raw.status,
            method: 'GET',
            endpoint,
          });
        }
        const items: AppStoreMetadata[] = [];
        for (const entry of parsed.data.results ?? []) {
          const item = lookupResultSchema.safeParse(entry);
          if (item.success) {
            items.push(toMetadata(item.data, entry as Record<string, unknown>));
          }
        }
        return items;
      } catch (caught) {
        if (!isAppleVppError(caught)) {
          if (options.signal?.aborted) {
            throw caught;
          }
          throw new AppleVppError({
            kind: 'unknown',
            message: `iTunes lookup failed: ${
              caught instanceof Error ? caught.message : String(caught)
            }`,
            endpoint,
          });
        }
        error = caught;
      }
      const decision = decideRetry(error, attempt, true, this.#retry);
      if (!decision.retry) {
        throw error;
      }
      if (error.kind === 'rate-limited' || error.retryAfterMs !== undefined) {
        this.#limiter.pauseFor('itunes-lookup', decision.delayMs);
      }
      await this.#clock.sleep(decision.delayMs, options.signal);
    }
  }
}

function toMetadata(
  item: z.output<typeof lookupResultSchema>,
  raw: Record<string, unknown>,
): AppStoreMetadata {
  const kind = item.kind ?? undefined;
  return {
    adamId: item.trackId,
    name: item.trackName ?? undefined,
    bundleId: item.bundleId ?? undefined,
    version: item.version ?? undefined,
    iconUrl:
      item.artworkUrl512 ??
      item.artworkUrl100 ??
      item.artworkUrl60 ??
      undefined,
    platforms: platformsFromSupportedDevices(item.supportedDevices, kind),
    minimumOsVersion: item.minimumOsVersion ?? undefined,
    kind,
    deviceBasedLicensing: item.isVppDeviceBasedLicensingEnabled ?? undefined,
    raw,
  };
}
