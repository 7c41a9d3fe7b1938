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
 * A `Retry-After` longer than `maxRetryAfterMs` (or than the caller's deadline) is not waited
 * for: the client throws an `AppleHoldError` saying until when, and remembers the instant for
 * every later request (see `AppleRequestHolds`; Apple warns that calling again too early can
 * extend a lock-out). Scheduled work that passes a deadline (`retryUntil`) keeps backing off on
 * 429/9646 and 5xx past `maxAttempts` until that deadline — Apple says to retry "until
 * successful" — while interactive calls keep the bound.
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
  | {
      retry: true;
      delayMs: number;
      reason: string;
      /** True when the attempt budget is spent and only the caller's deadline allows it. */
      beyondAttempts: boolean;
    }
  | {
      retry: false;
      /** Set when Apple's `Retry-After` ends later than the caller can wait (epoch ms). */
      heldUntil?: number;
    };

/** How long the caller can keep trying; see `RequestOptions.retryUntil` of the client. */
export interface RetryBudget {
  /** The current time (epoch ms). */
  now: number;
  /**
   * Scheduled work's deadline (epoch ms). When set, 429/9646 and 5xx are retried beyond
   * `maxAttempts` (Apple: back off "until successful") as long as the next attempt starts before
   * it, and a `Retry-After` is waited for if it ends before it.
   */
  retryUntil?: number;
}

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
  budget: RetryBudget = { now: 0 },
): RetryDecision {
  const busy = error.kind === 'rate-limited' || error.kind === 'server';
  const retryable =
    busy ||
    ((error.kind === 'network' || error.kind === 'timeout') && idempotent);
  if (!retryable) {
    return { retry: false };
  }
  if (error.httpStatus === 501 || error.httpStatus === 505) {
    // "Not implemented" / "HTTP version not supported" will not get better.
    return { retry: false };
  }
  const persistent = busy && budget.retryUntil !== undefined;
  const beyondAttempts = attempt >= options.maxAttempts;
  if (beyondAttempts && !persistent) {
    return { retry: false };
  }
  const untilDeadline =
    budget.retryUntil === undefined
      ? Number.POSITIVE_INFINITY
      : budget.retryUntil - budget.now;
  if (error.retryAfterMs !== undefined) {
    const canWait = persistent
      ? untilDeadline
      : Math.min(options.maxRetryAfterMs, untilDeadline);
    if (error.retryAfterMs > canWait) {
      return { retry: false, heldUntil: budget.now + error.retryAfterMs };
    }
    return {
      retry: true,
      delayMs: error.retryAfterMs,
      reason: `${error.kind}, Retry-After ${Math.round(
        error.retryAfterMs / 1000,
      )} s`,
      beyondAttempts,
    };
  }
  const delayMs = backoffDelayMs(attempt, options);
  if (delayMs > untilDeadline) {
    return { retry: false };
  }
  return {
    retry: true,
    delayMs,
    reason: `${error.kind}, back-off`,
    beyondAttempts,
  };
}
