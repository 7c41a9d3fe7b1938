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
 * Caches `GET /service/config` per base URL. Values older than `ttlMs` (5 min) are re-read on the
 * next use; concurrent users share one request. If a refresh fails, the previous value keeps being
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

/**
 * URLs of the service configuration that do not match `baseUrl` + the documented path. They are
 * not used (requests always go to the configured base URL); this is for a warning only.
 */
export function findUntrustedServiceUrls(
  baseUrl: string,
  urls: Record<string, string>,
): Array<{ name: string; url: string }> {
  const base = normalise(baseUrl);
  const out: Array<{ name: string; url: string }> = [];
  for (const [name, path] of Object.entries(EXPECTED_SERVICE_PATHS)) {
    const url = urls[name];
    if (url !== undefined && normalise(url) !== `${base}${path}`) {
      out.push({ name, url });
    }
  }
  return out;
}
