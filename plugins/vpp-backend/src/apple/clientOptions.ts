import type { Clock } from './clock';
import type { FetchLike } from './http';
import type { PageIteratorOptions } from './pagination';
import { SlidingWindowRateLimiter, defaultRateLimiter } from './rateLimiter';
import type { AppleRequesterOptions } from './requester';
import { AppleRequestHolds, defaultRequestHolds } from './requestHolds';
import type {
  AppleVppLogger,
  BackoffListener,
  RequestOptions,
} from './requestTypes';
import type { MdmInfoChange, ResponseMetadata } from './responseObserver';
import { RetryOptions, resolveRetryOptions } from './retry';
import { ServiceConfigCache } from './serviceConfig';
import type { MdmInfo } from './types';

/* What `AppleVppClient` is created and its pages are iterated with, and the defaults. */

/** Apple's production base URL of the App and Book Management API 2. */
export const APPLE_VPP_BASE_URL = 'https://vpp.itunes.apple.com/mdm/v2';

/** Default per-request timeout (headers and body). Fleet uses the same. */
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface AppleVppClientOptions {
  /**
   * The content token: the whole `.vpptoken` file content (trimmed), as returned in
   * `parseTokenFile(...).bearer`. Kept in a private field; never logged or put in errors.
   */
  token: string;
  /**
   * Default {@link APPLE_VPP_BASE_URL}. `GET /service/config` is read here; each endpoint then
   * goes to the URL that configuration announces when it is HTTPS on an Apple host or on this
   * base URL's origin, else (with a warning) to this base URL + the documented path.
   */
  baseUrl?: string;
  /** Our identity; responses carrying another `mdmInfo` trigger `onMdmInfoChange`. */
  mdmInfo?: MdmInfo;
  /**
   * Called when the observed `mdmInfo` changes: first sight of another service's identity, ours →
   * another, another → ours, or gone from a client-config response. Errors thrown here are logged
   * and ignored.
   */
  onMdmInfoChange?: (change: MdmInfoChange) => void;
  /** Called after every successful authenticated response. */
  onResponse?: (metadata: ResponseMetadata) => void;
  /** Default: global `fetch`. */
  fetch?: FetchLike;
  clock?: Clock;
  /** Per-attempt timeout, default 10 s. */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** Default: the process-wide {@link defaultRateLimiter}, keyed by the token's fingerprint. */
  rateLimiter?: SlidingWindowRateLimiter;
  /** Default: a cache private to this client. Share one between clients to save requests. */
  serviceConfigCache?: ServiceConfigCache;
  /**
   * Apple's `Retry-After` waits, for every client of the process. Default: the process-wide
   * {@link defaultRequestHolds}.
   */
  holds?: AppleRequestHolds;
  /**
   * Default for {@link RequestOptions.retryUntil} of every call of this client (scheduled work
   * creates its client with its task's deadline).
   */
  retryUntil?: number;
  /**
   * Called before each back-off sleep and each slice (≤ 1 minute) of a `Retry-After` wait, e.g.
   * to renew a lease while Apple keeps us waiting. A rejection aborts the request with it.
   */
  onBackoff?: BackoffListener;
  logger?: AppleVppLogger;
  userAgent?: string;
}

export type IterateOptions = RequestOptions &
  Pick<PageIteratorOptions, 'concurrency'>;

/** The request pipeline's options for a client: `options` with their defaults filled in. */
export function requesterOptions(
  options: AppleVppClientOptions,
  client: Pick<
    AppleRequesterOptions,
    | 'bearer'
    | 'tokenFingerprint'
    | 'baseUrl'
    | 'clock'
    | 'onAuthenticatedResponse'
  >,
): AppleRequesterOptions {
  const fetchImpl = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
  if (!fetchImpl) {
    throw new Error('No fetch implementation available');
  }
  return {
    ...client,
    fetch: fetchImpl,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: resolveRetryOptions(options.retry),
    rateLimiter: options.rateLimiter ?? defaultRateLimiter,
    serviceConfig:
      options.serviceConfigCache ??
      new ServiceConfigCache({ clock: client.clock }),
    holds: options.holds ?? defaultRequestHolds,
    retryUntil: options.retryUntil,
    onBackoff: options.onBackoff,
    logger: options.logger,
    userAgent: options.userAgent,
  };
}
