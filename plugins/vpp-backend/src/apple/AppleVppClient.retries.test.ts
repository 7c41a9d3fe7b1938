import { AppleVppClient } from './AppleVppClient';
import {
  Route,
  TOKEN,
  common,
  fakeApple,
  useFakeAppleTest,
} from './clientTestUtils';
import { AppleVppError } from './errors';
import { SlidingWindowRateLimiter } from './rateLimiter';
import { AppleHoldError } from './requestHolds';
import { dropConnection, sendJson, startTestServer } from './testUtils';

const env = useFakeAppleTest();
const { client, appleRequests } = env;

describe('AppleVppClient retries', () => {
  function failTimes(n: number, fail: Route, ok: Route): Route {
    let calls = 0;
    return (q, r) => (calls++ < n ? fail(q, r) : ok(q, r));
  }
  const okAssets: Route = (_q, r) =>
    sendJson(r, 200, { ...common, assets: [], totalPages: 1 });

  it('honours Retry-After in seconds on 5xx', async () => {
    env.server.setHandler(
      fakeApple({
        'GET /assets': failTimes(
          2,
          (_q, r) =>
            sendJson(
              r,
              503,
              { errorNumber: 9603, errorMessage: 'Internal error' },
              { 'Retry-After': '3' },
            ),
          okAssets,
        ),
      }),
    );
    const page = await client().getAssets();
    expect(page.assets).toEqual([]);
    // Waited through the hold, measured from when the answer was read.
    expect(env.clock.sleeps).toHaveLength(2);
    for (const ms of env.clock.sleeps) {
      expect(ms).toBeGreaterThan(2_900);
      expect(ms).toBeLessThanOrEqual(3_000);
    }
    expect(appleRequests()).toHaveLength(3);
  });

  it('honours Retry-After as an HTTP date', async () => {
    env.server.setHandler(
      fakeApple({
        'GET /assets': failTimes(
          1,
          (_q, r) =>
            sendJson(r, 500, 'oops', {
              'Retry-After': new Date(env.clock.now() + 10_000).toUTCString(),
            }),
          okAssets,
        ),
      }),
    );
    await client().getAssets();
    expect(env.clock.sleeps).toHaveLength(1);
    // HTTP dates have 1-second resolution.
    expect(env.clock.sleeps[0]).toBeGreaterThan(8_000);
    expect(env.clock.sleeps[0]).toBeLessThanOrEqual(10_000);
  });

  it('backs off exponentially on 429/9646 without Retry-After, also for POSTs', async () => {
    env.server.setHandler(
      fakeApple({
        'POST /assets/disassociate': failTimes(
          3,
          (_q, r) =>
            sendJson(r, 429, {
              errorNumber: 9646,
              errorMessage: 'Too many requests',
            }),
          (_q, r) => sendJson(r, 200, { ...common, eventId: 'e' }),
        ),
      }),
    );
    const response = await client().disassociateAssets({
      assets: [{ adamId: '1', pricingParam: 'STDQ' }],
      serialNumbers: ['S'],
    });
    expect(response.eventId).toBe('e');
    // 1 s, 2 s, 4 s (random fixed at 1 → upper end of the jitter range).
    expect(env.clock.sleeps).toEqual([1000, 2000, 4000]);
  });

  it('treats 9646 in a 200 answer as rate limiting too', async () => {
    env.server.setHandler(
      fakeApple({
        'GET /assets': failTimes(
          1,
          (_q, r) => sendJson(r, 200, { errorNumber: 9646 }),
          okAssets,
        ),
      }),
    );
    await client().getAssets();
    expect(env.clock.sleeps).toEqual([1000]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    env.server.setHandler(
      fakeApple({ 'GET /assets': (_q, r) => sendJson(r, 502, 'bad gateway') }),
    );
    const error = await client({ retry: { maxAttempts: 3, random: () => 0 } })
      .getAssets()
      .catch(e => e);
    expect(error).toMatchObject({
      kind: 'server',
      httpStatus: 502,
      attempts: 3,
    });
    expect(env.clock.sleeps).toEqual([500, 1000]);
  });

  it('does not wait for a Retry-After longer than maxRetryAfterMs', async () => {
    env.server.setHandler(
      fakeApple({
        'GET /assets': (_q, r) =>
          sendJson(r, 503, {}, { 'Retry-After': '3600' }),
      }),
    );
    const error = await client()
      .getAssets()
      .catch(e => e);
    expect(error).toBeInstanceOf(AppleHoldError);
    expect(error).toMatchObject({
      kind: 'server',
      retryAfterMs: 3_600_000,
      attempts: 1,
      sent: true,
    });
    expect(error.retryAt.getTime()).toBeGreaterThan(
      env.clock.now() + 3_590_000,
    );
    expect(env.clock.sleeps).toEqual([]);
  });

  it('times out slow answers, and retries the GET', async () => {
    let calls = 0;
    env.server.setHandler(
      fakeApple({
        'GET /assets': (q, r) => {
          if (calls++ === 0) {
            setTimeout(() => okAssets(q, r), 1_000);
            return;
          }
          okAssets(q, r);
        },
      }),
    );
    const c = client({ timeoutMs: 150 });
    await expect(c.getAssets()).resolves.toMatchObject({ assets: [] });
    expect(calls).toBe(2);
  });

  it('does not retry a timed-out disassociate, and says it may have been processed', async () => {
    env.server.setHandler(
      fakeApple({
        'POST /assets/disassociate': (_q, r) =>
          void setTimeout(() => sendJson(r, 200, { eventId: 'late' }), 1_000),
      }),
    );
    const error: AppleVppError = await client({ timeoutMs: 150 })
      .disassociateAssets({
        assets: [{ adamId: '1', pricingParam: 'STDQ' }],
        serialNumbers: ['S'],
      })
      .catch(e => e);
    expect(error).toMatchObject({
      kind: 'timeout',
      requestMayHaveBeenProcessed: true,
      attempts: 1,
    });
    expect(error.message).toContain('may have been processed');
    expect(appleRequests()).toHaveLength(1);
  });

  it('retries a GET after a dropped connection', async () => {
    env.server.setHandler(
      fakeApple({
        'GET /assignments': failTimes(
          2,
          (_q, r) => dropConnection(r),
          (_q, r) => sendJson(r, 200, { assignments: [], totalPages: 1 }),
        ),
      }),
    );
    await expect(client().getAssignments()).resolves.toMatchObject({
      assignments: [],
    });
    expect(appleRequests()).toHaveLength(3);
  });

  it('retries associate after a dropped connection (idempotent per pair at Apple)', async () => {
    env.server.setHandler(
      fakeApple({
        'POST /assets/associate': failTimes(
          1,
          (_q, r) => dropConnection(r),
          (_q, r) => sendJson(r, 200, { eventId: 'e2' }),
        ),
      }),
    );
    const response = await client().associateAssets({
      assets: [{ adamId: '1', pricingParam: 'STDQ' }],
      serialNumbers: ['S'],
    });
    expect(response.eventId).toBe('e2');
    expect(appleRequests()).toHaveLength(2);
  });

  it.each(['revokeAssets', 'createUsers'] as const)(
    'does not retry %s after a dropped connection',
    async method => {
      env.server.setHandler(
        fakeApple({
          'POST /assets/revoke': (_q, r) => dropConnection(r),
          'POST /users/create': (_q, r) => dropConnection(r),
        }),
      );
      const c = client();
      const call =
        method === 'revokeAssets'
          ? c.revokeAssets({ serialNumbers: ['S'] })
          : c.createUsers({ users: [{ clientUserId: 'u' }] });
      const error = await call.catch(e => e);
      expect(error).toMatchObject({
        kind: 'network',
        requestMayHaveBeenProcessed: true,
      });
      expect(appleRequests()).toHaveLength(1);
    },
  );

  it('retries even non-idempotent requests when the connection was refused (nothing was sent)', async () => {
    const closed = await startTestServer();
    const url = closed.url;
    await closed.close();
    const c = new AppleVppClient({
      token: TOKEN,
      baseUrl: `${url}/mdm/v2`,
      clock: env.clock,
      rateLimiter: new SlidingWindowRateLimiter({ clock: env.clock }),
      retry: { maxAttempts: 3, random: () => 1 },
    });
    const error = await c
      .createUsers({ users: [{ clientUserId: 'u' }] })
      .catch(e => e);
    expect(error).toMatchObject({
      kind: 'network',
      attempts: 3,
      requestMayHaveBeenProcessed: false,
    });
  });

  it('stops when the caller aborts, also during a back-off', async () => {
    env.server.setHandler(
      fakeApple({
        'GET /assets': (_q, r) => void setTimeout(() => okAssets(_q, r), 2_000),
      }),
    );
    const controller = new AbortController();
    const promise = client({ clock: undefined }).getAssets(
      {},
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 50);
    await expect(promise).rejects.toMatchObject({ kind: 'aborted' });
  });
});
