import { AppleVppError } from './errors';

/**
 * Retry policy shared by the Apple client and the iTunes lookup client.
 *
 * What is retried (decided by {@link decideRetry}):
 * - HTTP 429 / Apple 9646 ("too many requests"): always, with exponential back-off or the
 *   `Retry-After` Apple sent.
 * - HTTP 5xx / Apple 9603: always (a synchronous failure starts no asynchronous work on Apple's
 *   side, so repeating is safe), honouring `Retry-After` (seconds or HTTP date).
 * - Network errors and timeouts: only for requests marked idempotent, because a request that got no
 *   answer may have been executed. See `AppleVppClient` for which endpoints are marked so.
 * - Anything else (4xx validation errors, token errors, 9630–9632 throttling): never.
 *
 * A `Retry-After` longer than `maxRetryAfterMs` is not waited for: the error is thrown with
 * `retryAfterMs` set so the caller can schedule the work later (Apple warns that calling again too
 * early can extend a lock-out).
 */
export interface RetryOptions {
  /** Attempts in total, including the first. */
  maxAttempts: number;
  /** First back-off delay when Apple gives no `Retry-After`. */
  baseDelayMs: number;
  /** Growth factor of the back-off. */
  multiplier: number;
  /** Cap of a computed back-off delay. */
  maxDelayMs: number;
  /** Longest `Retry-After` the client waits for by itself. */
  maxRetryAfterMs: number;
  /**
   * Random source in [0, 1) for jitter (the delay is drawn from [delay/2, delay]). Inject a
   * constant for deterministic tests.
   */
  random: () => number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  multiplier: 2,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  random: Math.random,
};

export function resolveRetryOptions(
  options: Partial<RetryOptions> | undefined,
): RetryOptions {
  return { ...DEFAULT_RETRY_OPTIONS, ...stripUndefined(options ?? {}) };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

/**
 * Parses a `Retry-After` header: either delay-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`). Returns milliseconds to wait (≥ 0), or `undefined` if the
 * header is absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  const trimmed = value.trim();
  if (trimmed === '') {
    return undefined;
  }
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.round(Number(trimmed) * 1000);
  }
  // An HTTP date always has a day or month name (IMF-fixdate, RFC 850, asctime).
  const date = /[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : NaN;
  if (Number.isNaN(date)) {
    return undefined;
  }
  return Math.max(0, date - nowMs);
}

/** Exponential back-off with "equal jitter" for retry number `retry` (1 = first retry). */
export function backoffDelayMs(retry: number, options: RetryOptions): number {
  const exponential =
    options.baseDelayMs * Math.pow(options.multiplier, Math.max(0, retry - 1));
  const capped = Math.min(options.maxDelayMs, exponential);
  return Math.round(capped / 2 + (options.random() * capped) / 2);
}

export type RetryDecision =
  | { retry: true; delayMs: number; reason: string }
  | { retry: false };

/**
 * Decides whether a failed attempt is retried and after how long.
 *
 * @param error - the failure of attempt number `attempt` (1-based)
 * @param idempotent - whether repeating the request after a lost answer is safe
 */
export function decideRetry(
  error: AppleVppError,
  attempt: number,
  idempotent: boolean,
  options: RetryOptions,
): RetryDecision {
  if (attempt >= options.maxAttempts) {
    return { retry: false };
  }
  const retryable =
    error.kind === 'rate-limited' ||
    error.kind === 'server' ||
    ((error.kind === 'network' || error.kind === 'timeout') && idempotent);
  if (!retryable) {
    return { retry: false };
  }
  if (error.httpStatus === 501 || error.httpStatus === 505) {
    // "Not implemented" / "HTTP version not supported" will not get better.
    return { retry: false };
  }
  if (error.retryAfterMs !== undefined) {
    if (error.retryAfterMs > options.maxRetryAfterMs) {
      return { retry: false };
    }
    return {
      retry: true,
      delayMs: error.retryAfterMs,
      reason: `${error.kind}, Retry-After ${Math.round(
        error.retryAfterMs / 1000,
      )} s`,
    };
  }
  return {
    retry: true,
    delayMs: backoffDelayMs(attempt, options),
    reason: `${error.kind}, back-off`,
  };
}
