import { AppleVppError } from './errors';
import {
  DEFAULT_RETRY_OPTIONS,
  backoffDelayMs,
  decideRetry,
  parseRetryAfter,
  resolveRetryOptions,
} from './retry';

const now = Date.UTC(2030, 0, 1, 12, 0, 0);

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });

  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Tue, 01 Jan 2030 12:00:30 GMT', now)).toBe(30_000);
    // A date in the past means "now".
    expect(parseRetryAfter('Tue, 01 Jan 2030 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores missing or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('backoff and decisions', () => {
  const options = resolveRetryOptions({ random: () => 1 });
  const error = (
    init: Partial<ConstructorParameters<typeof AppleVppError>[0]>,
  ) => new AppleVppError({ kind: 'server', message: 'x', ...init });

  it('grows exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(n => backoffDelayMs(n, options))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
    const low = resolveRetryOptions({ random: () => 0 });
    expect(backoffDelayMs(3, low)).toBe(2000);
  });

  it('honours Retry-After', () => {
    expect(
      decideRetry(
        error({ httpStatus: 503, retryAfterMs: 7000 }),
        1,
        false,
        options,
      ),
    ).toEqual(expect.objectContaining({ retry: true, delayMs: 7000 }));
  });

  it('gives up when Retry-After is longer than allowed', () => {
    expect(
      decideRetry(
        error({ httpStatus: 503, retryAfterMs: 600_000 }),
        1,
        true,
        options,
        { now: 1_000 },
      ),
    ).toEqual({ retry: false, heldUntil: 601_000 });
  });

  it('lets a deadline carry 429/9646 and 5xx past maxAttempts, and only those', () => {
    const budget = { now: 0, retryUntil: 3_600_000 };
    const last = DEFAULT_RETRY_OPTIONS.maxAttempts;
    expect(
      decideRetry(error({ kind: 'rate-limited' }), 12, true, options, budget),
    ).toEqual({
      retry: true,
      delayMs: 30_000,
      reason: 'rate-limited, back-off',
      beyondAttempts: true,
    });
    expect(
      decideRetry(error({ httpStatus: 503 }), last, true, options, budget)
        .retry,
    ).toBe(true);
    expect(
      decideRetry(error({ kind: 'network' }), last, true, options, budget)
        .retry,
    ).toBe(false);
    // A Retry-After longer than maxRetryAfterMs is fine when the deadline allows it …
    expect(
      decideRetry(
        error({ httpStatus: 503, retryAfterMs: 600_000 }),
        1,
        true,
        options,
        budget,
      ),
    ).toMatchObject({ retry: true, delayMs: 600_000 });
    // … and nothing is when it does not.
    expect(
      decideRetry(error({ kind: 'rate-limited' }), 12, true, options, {
        now: 0,
        retryUntil: 29_999,
      }),
    ).toEqual({ retry: false });
  });

  it('retries 429/9646 and 5xx, network/timeout only when idempotent', () => {
    expect(
      decideRetry(error({ kind: 'rate-limited' }), 1, false, options).retry,
    ).toBe(true);
    expect(
      decideRetry(error({ kind: 'server', httpStatus: 500 }), 1, false, options)
        .retry,
    ).toBe(true);
    expect(
      decideRetry(error({ kind: 'network' }), 1, true, options).retry,
    ).toBe(true);
    expect(
      decideRetry(error({ kind: 'network' }), 1, false, options).retry,
    ).toBe(false);
    expect(
      decideRetry(error({ kind: 'timeout' }), 1, false, options).retry,
    ).toBe(false);
    expect(
      decideRetry(error({ kind: 'token-expired' }), 1, true, options).retry,
    ).toBe(false);
    expect(
      decideRetry(error({ kind: 'throttled' }), 1, true, options).retry,
    ).toBe(false);
    expect(
      decideRetry(error({ kind: 'server', httpStatus: 501 }), 1, true, options)
        .retry,
    ).toBe(false);
  });

  it('stops after maxAttempts', () => {
    expect(
      decideRetry(error({}), DEFAULT_RETRY_OPTIONS.maxAttempts, true, options),
    ).toEqual({
      retry: false,
    });
  });
});
