import { AppleVppClient, AppleVppClientOptions } from './AppleVppClient';
import {
  APPLE_ASSETS_PAGE_EXAMPLE,
  APPLE_ERROR_EXAMPLES,
  APPLE_SERVICE_CONFIG_EXAMPLE,
  AppleExampleAnswer,
  recordingFetch,
} from './appleExamples';
import { ManualClock } from './clock';
import { SlidingWindowRateLimiter } from './rateLimiter';
import {
  AppleHoldError,
  AppleRequestHolds,
  isAppleHoldError,
} from './requestHolds';
import { ServiceConfigCache } from './serviceConfig';
import { tokenFor } from './testUtils';

const APPLE = 'https://vpp.itunes.apple.com/mdm/v2';
const TOKEN_A = tokenFor({ token: 'dG9rZW4tb2YtbG9jYXRpb24tQQ' });
const TOKEN_B = tokenFor({ token: 'dG9rZW4tb2YtbG9jYXRpb24tQg' });

/**
 * One process: a clock, the shared holds, and Apple answering `/assets` with whatever the test
 * puts in `assets` (Apple's example page by default).
 */
function process_() {
  const clock = new ManualClock();
  const holds = new AppleRequestHolds();
  const serviceConfig = new ServiceConfigCache({ clock });
  const rateLimiter = new SlidingWindowRateLimiter({ clock });
  const next: AppleExampleAnswer[] = [];
  const { fetch, calls } = recordingFetch(url =>
    url.pathname.endsWith('/service/config')
      ? { status: 200, body: APPLE_SERVICE_CONFIG_EXAMPLE }
      : next.shift() ?? { status: 200, body: APPLE_ASSETS_PAGE_EXAMPLE },
  );
  const logs: string[] = [];
  const client = (
    token: string,
    options: Partial<AppleVppClientOptions> = {},
  ) =>
    new AppleVppClient({
      token,
      baseUrl: APPLE,
      fetch,
      clock,
      holds,
      serviceConfigCache: serviceConfig,
      rateLimiter,
      retry: { random: () => 1 },
      logger: {
        info: m => logs.push(m),
        warn: m => logs.push(m),
      },
      ...options,
    });
  const assetCalls = () =>
    calls.filter(c => !c.url.endsWith('/service/config'));
  /** Runs `work` to its end, moving the clock to each sleep's deadline. */
  async function settle<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const result = work.finally(() => {
      done = true;
    });
    result.catch(() => {});
    while (!done) {
      await clock.advanceToNext();
    }
    return result;
  }
  return { clock, holds, next, client, calls, assetCalls, logs, settle };
}

describe("Apple's Retry-After holds every later request", () => {
  it('a 503 (9729) with Retry-After: 300 holds the next call of the token for 300 s', async () => {
    const p = process_();
    const start = p.clock.now();
    p.next.push(APPLE_ERROR_EXAMPLES.serviceUnavailable(300));

    const first = await p
      .client(TOKEN_A)
      .getAssets()
      .catch(e => e);
    expect(first).toBeInstanceOf(AppleHoldError);
    expect(first).toMatchObject({
      kind: 'server',
      errorNumber: 9729,
      httpStatus: 503,
      holdScope: 'service',
      sent: true,
      retryAfterMs: 300_000,
    });
    expect(first.retryAt).toEqual(new Date(start + 300_000));
    expect(first.message).toContain(new Date(start + 300_000).toISOString());
    expect(p.assetCalls()).toHaveLength(1);

    // An interactive caller, a minute later, with a new client: not sent, told until when.
    await p.clock.advance(60_000);
    const second = await p
      .client(TOKEN_A)
      .getAssets()
      .catch(e => e);
    expect(isAppleHoldError(second)).toBe(true);
    expect(second).toMatchObject({ sent: false, retryAfterMs: 240_000 });
    expect(second.retryAt).toEqual(new Date(start + 300_000));
    expect(second.message).toContain('was not sent');
    expect(p.assetCalls()).toHaveLength(1);

    // Scheduled work that can wait waits until the instant Apple named, not a moment less.
    const scheduled = p
      .client(TOKEN_A, { retryUntil: start + 3_600_000 })
      .getAssets();
    scheduled.catch(() => {});
    await p.clock.advance(239_999);
    expect(p.assetCalls()).toHaveLength(1);
    await p.clock.advance(1);
    await expect(scheduled).resolves.toMatchObject({ totalPages: 1 });
    expect(p.assetCalls()).toHaveLength(2);
    expect(p.clock.now()).toBe(start + 300_000);
    expect(p.logs.join('\n')).toContain('as Apple asked (whole service)');
  });

  it('a service-wide 5xx holds every token; 429/9646 holds only its own token', async () => {
    const p = process_();
    p.next.push(APPLE_ERROR_EXAMPLES.serviceUnavailable(300));
    await expect(p.client(TOKEN_A).getAssets()).rejects.toBeInstanceOf(
      AppleHoldError,
    );
    await expect(p.client(TOKEN_B).getAssets()).rejects.toMatchObject({
      holdScope: 'service',
      sent: false,
    });
    // Even the unauthenticated service configuration is not asked for (the cached one serves).
    const configReads = () =>
      p.calls.filter(c => c.url.endsWith('/service/config')).length;
    const before = configReads();
    await p.client(TOKEN_B).getServiceConfig({ forceRefresh: true });
    expect(configReads()).toBe(before);

    await p.clock.advance(300_000);
    p.next.push(APPLE_ERROR_EXAMPLES.tooManyRequests(600));
    await expect(p.client(TOKEN_A).getAssets()).rejects.toMatchObject({
      kind: 'rate-limited',
      errorNumber: 9646,
      holdScope: 'token',
    });
    await expect(p.client(TOKEN_A).getAssets()).rejects.toMatchObject({
      holdScope: 'token',
      sent: false,
    });
    await expect(p.client(TOKEN_B).getAssets()).resolves.toMatchObject({
      totalPages: 1,
    });
  });

  it('a short Retry-After is waited for by the same call, and pauses the token meanwhile', async () => {
    const p = process_();
    p.next.push(APPLE_ERROR_EXAMPLES.tooManyRequests(20));
    const first = p.client(TOKEN_A).getAssets();
    for (let i = 0; i < 50 && p.clock.pendingSleeps === 0; i++) {
      await p.clock.advance(0);
    }
    expect(p.assetCalls()).toHaveLength(1);
    // Another caller of the same token is held too, not sent at once.
    const other = p.client(TOKEN_A).getAssets();
    await p.clock.advance(19_000);
    expect(p.assetCalls()).toHaveLength(1);
    await p.settle(Promise.all([first, other]));
    expect(p.assetCalls()).toHaveLength(3);
  });

  it('never shortens a hold', () => {
    const holds = new AppleRequestHolds();
    const base = { kind: 'server' as const, scope: 'service' as const };
    holds.hold({ service: APPLE }, { ...base, until: 5_000 });
    holds.hold({ service: `${APPLE}/` }, { ...base, until: 2_000 });
    expect(holds.current(APPLE, undefined, 1_000)?.until).toBe(5_000);
    expect(holds.current(APPLE, 'any', 5_000)).toBeUndefined();
  });
});

describe('9646 bursts: interactive calls stay bounded, scheduled work carries on', () => {
  it('an interactive call gives up after maxAttempts', async () => {
    const p = process_();
    for (let i = 0; i < 12; i++) {
      p.next.push(APPLE_ERROR_EXAMPLES.tooManyRequests());
    }
    const error = await p.settle(p.client(TOKEN_A).getAssets()).catch(e => e);
    expect(error).toMatchObject({ kind: 'rate-limited', attempts: 5 });
    expect(p.assetCalls()).toHaveLength(5);
  });

  it('scheduled work backs off past maxAttempts until Apple answers, and logs it', async () => {
    const p = process_();
    for (let i = 0; i < 12; i++) {
      p.next.push(APPLE_ERROR_EXAMPLES.tooManyRequests());
    }
    const deadline = p.clock.now() + 3_600_000;
    const page = await p.settle(
      p.client(TOKEN_A, { retryUntil: deadline }).getAssets(),
    );
    expect(page.assets).toHaveLength(1);
    expect(p.assetCalls()).toHaveLength(13);
    expect(p.logs.filter(l => l.includes('backing off'))).toHaveLength(8);
    expect(p.logs.join('\n')).toContain(
      `the caller allows until ${new Date(deadline).toISOString()}`,
    );
  });

  it('scheduled work stops at its deadline', async () => {
    const p = process_();
    for (let i = 0; i < 100; i++) {
      p.next.push(APPLE_ERROR_EXAMPLES.tooManyRequests());
    }
    const deadline = p.clock.now() + 120_000;
    const error = await p
      .settle(p.client(TOKEN_A, { retryUntil: deadline }).getAssets())
      .catch(e => e);
    expect(error).toMatchObject({ kind: 'rate-limited', errorNumber: 9646 });
    expect(p.clock.now()).toBeLessThanOrEqual(deadline);
    // A Retry-After beyond the deadline is not waited for either.
    p.next.length = 0;
    p.next.push(APPLE_ERROR_EXAMPLES.serviceUnavailable(3_600));
    await expect(
      p.client(TOKEN_A, { retryUntil: p.clock.now() + 60_000 }).getAssets(),
    ).rejects.toMatchObject({ sent: true, errorNumber: 9729 });
  });
});
