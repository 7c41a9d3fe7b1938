import { Clock, systemClock } from './clock';
import type { ServiceConfigResponse } from './types';

export interface ServiceConfigCacheOptions {
  clock?: Clock;
  /** Apple: URLs and limits can change; re-read every 5 minutes. */
  ttlMs?: number;
  /** After a failed load, wait this long before trying again (stale or default values are used meanwhile). */
  failureBackoffMs?: number;
}

interface Entry {
  value?: ServiceConfigResponse;
  fetchedAt: number;
  failedAt?: number;
  lastError?: unknown;
  inflight?: Promise<ServiceConfigResponse>;
}

/**
 * Caches `GET /service/config` per base URL. Apple: "The values in limits and urls are dynamic
 * and can change without notice. Sync them every 5 minutes" — so values older than `ttlMs`
 * (5 min) are re-read on the next request that needs them (no timer of its own); concurrent
 * users share one request. If a refresh fails, the previous value keeps being
 * used (and the failure is remembered for `failureBackoffMs` so Apple is not hammered).
 *
 * Share one instance between clients of many tokens; the service configuration does not depend on
 * the token.
 */
export class ServiceConfigCache {
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #failureBackoffMs: number;
  readonly #entries = new Map<string, Entry>();

  constructor(options: ServiceConfigCacheOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#ttlMs = options.ttlMs ?? 5 * 60_000;
    this.#failureBackoffMs = options.failureBackoffMs ?? 30_000;
  }

  get ttlMs(): number {
    return this.#ttlMs;
  }

  /**
   * Returns the configuration for `baseUrl`, loading it with `load` when missing or stale.
   * Throws only when there is no value at all and loading fails.
   */
  async get(
    baseUrl: string,
    load: () => Promise<ServiceConfigResponse>,
    options: { forceRefresh?: boolean } = {},
  ): Promise<ServiceConfigResponse> {
    const entry = this.#entry(baseUrl);
    const now = this.#clock.now();
    const fresh =
      entry.value !== undefined && now - entry.fetchedAt < this.#ttlMs;
    if (fresh && !options.forceRefresh) {
      return entry.value!;
    }
    const recentlyFailed =
      entry.failedAt !== undefined &&
      now - entry.failedAt < this.#failureBackoffMs;
    if (recentlyFailed && !options.forceRefresh) {
      if (entry.value !== undefined) {
        return entry.value;
      }
      throw entry.lastError;
    }
    if (!entry.inflight) {
      entry.inflight = load()
        .then(value => {
          entry.value = value;
          entry.fetchedAt = this.#clock.now();
          entry.failedAt = undefined;
          entry.lastError = undefined;
          return value;
        })
        .catch(error => {
          entry.failedAt = this.#clock.now();
          entry.lastError = error;
          throw error;
        })
        .finally(() => {
          entry.inflight = undefined;
        });
    }
    try {
      return await entry.inflight;
    } catch (error) {
      if (entry.value !== undefined) {
        return entry.value;
      }
      throw error;
    }
  }

  /** The cached value without loading (possibly stale), if any. */
  peek(baseUrl: string): ServiceConfigResponse | undefined {
    return this.#entries.get(normalise(baseUrl))?.value;
  }

  /** When the cached value for `baseUrl` was fetched (epoch ms), if ever. */
  fetchedAt(baseUrl: string): number | undefined {
    const entry = this.#entries.get(normalise(baseUrl));
    return entry?.value !== undefined ? entry.fetchedAt : undefined;
  }

  invalidate(baseUrl?: string): void {
    if (baseUrl === undefined) {
      this.#entries.clear();
    } else {
      this.#entries.delete(normalise(baseUrl));
    }
  }

  #entry(baseUrl: string): Entry {
    const key = normalise(baseUrl);
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = { fetchedAt: 0 };
      this.#entries.set(key, entry);
    }
    return entry;
  }
}

function normalise(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** Where each v2 URL of the service configuration is expected, relative to the base URL. */
export const EXPECTED_SERVICE_PATHS: Readonly<Record<string, string>> = {
  clientConfig: '/client/config',
  getAssets: '/assets',
  getAssignments: '/assignments',
  associateAssets: '/assets/associate',
  disassociateAssets: '/assets/disassociate',
  revokeAssets: '/assets/revoke',
  eventStatus: '/status',
  getUsers: '/users',
  createUsers: '/users/create',
  updateUsers: '/users/update',
  retireUsers: '/users/retire',
};

/** The name in `urls` of the endpoint at `path` (relative to the base URL), if Apple names one. */
export const SERVICE_URL_NAME_BY_PATH: Readonly<Record<string, string>> =
  Object.fromEntries(
    Object.entries(EXPECTED_SERVICE_PATHS).map(([name, path]) => [path, name]),
  );

/**
 * True for hosts run by Apple: `apple.com` and every name under it (`vpp.itunes.apple.com`,
 * `uclient-api.itunes.apple.com`, `buy.itunes.apple.com` in Apple's own example). The whole
 * `apple.com` zone is Apple's, and Apple says the announced URLs may change without notice, so a
 * narrower list (say `*.itunes.apple.com`) would turn a move inside Apple into an outage, while
 * anything wider (look-alikes such as `apple.com.example.net`, other Apple-owned zones nobody
 * announced) would only add hosts a token has no business visiting.
 */
export function isAppleHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'apple.com' || host.endsWith('.apple.com');
}

/**
 * Whether a URL announced by `GET /service/config` may receive the content token: HTTPS on an
 * Apple host on the default port, or the configured base URL's own origin (which is where the
 * configuration came from, e.g. the simulator). Never URLs with credentials in them.
 */
export function isTrustedServiceUrl(url: string, baseUrl: string): boolean {
  let parsed: URL;
  let base: URL;
  try {
    parsed = new URL(url);
    base = new URL(baseUrl);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) {
    return false;
  }
  if (parsed.origin === base.origin) {
    return true;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.port === '' &&
    isAppleHost(parsed.hostname)
  );
}

/** Where each endpoint's requests go, and the announced URLs that were refused. */
export interface ServiceEndpoints {
  /** Endpoint path (`/assets`) → absolute URL without query. */
  urls: ReadonlyMap<string, string>;
  /** Announced URLs not followed (not HTTPS on an Apple host, nor the base URL's origin). */
  refused: ReadonlyArray<{ name: string; url: string }>;
}

/**
 * The URL of every documented endpoint: Apple's announced one when trustworthy (see
 * {@link isTrustedServiceUrl}), else the configured base URL + the documented path.
 */
export function resolveServiceEndpoints(
  baseUrl: string,
  urls: Record<string, string> | undefined,
): ServiceEndpoints {
  const base = normalise(baseUrl);
  const resolved = new Map<string, string>();
  const refused: Array<{ name: string; url: string }> = [];
  for (const [name, path] of Object.entries(EXPECTED_SERVICE_PATHS)) {
    const announced = urls?.[name];
    if (typeof announced === 'string' && announced !== '') {
      if (isTrustedServiceUrl(announced, base)) {
        resolved.set(path, announced);
        continue;
      }
      refused.push({ name, url: announced });
    }
    resolved.set(path, `${base}${path}`);
  }
  return { urls: resolved, refused };
}
