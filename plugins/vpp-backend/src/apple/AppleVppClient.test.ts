import { inspect } from 'node:util';
import {
  AppleVppClient,
  AppleVppClientOptions,
  MdmInfoChange,
} from './AppleVppClient';
import {
  APPLE_ASSETS_PAGE_EXAMPLE,
  APPLE_SERVICE_CONFIG_EXAMPLE,
  recordingFetch,
} from './appleExamples';
import { ManualClock } from './clock';
import { AppleVppError } from './errors';
import { SlidingWindowRateLimiter } from './rateLimiter';
import { AppleHoldError, AppleRequestHolds } from './requestHolds';
import { EXPECTED_SERVICE_PATHS, ServiceConfigCache } from './serviceConfig';
import {
  InstantClock,
  RecordedRequest,
  TestServer,
  dropConnection,
  sendJson,
  startTestServer,
  tokenFor,
} from './testUtils';
import type { ServerResponse } from 'node:http';

const TOKEN = tokenFor({ token: 'c2VjcmV0LWlubmVyLXRva2VuLXZhbHVl' });
const OURS = { id: 'backstage-1', name: 'Backstage VPP', metadata: '1.0.0' };
const OTHER = { id: 'other-mdm', name: 'Other MDM', metadata: 'x' };

const serviceConfig = (maxRequestPerSecond = 1000) => ({
  errorCodes: [{ errorNumber: 9601, errorMessage: 'Login required.' }],
  limits: {
    maxAssets: 25,
    maxClientUserIds: 1000,
    maxSerialNumbers: 1000,
    maxRevokeClientUserIds: 100,
    maxRevokeSerialNumbers: 100,
    maxUsers: 100,
    maxRequestPerSecond,
  },
  notificationTypes: ['ASSET_MANAGEMENT'],
});

/** The URLs a fake Apple announces: its own origin, as the simulator does. */
const ownUrls = (req: RecordedRequest) =>
  Object.fromEntries(
    Object.entries(EXPECTED_SERVICE_PATHS).map(([name, path]) => [
      name,
      `http://${req.headers.host}/mdm/v2${path}`,
    ]),
  );

type Route = (
  req: RecordedRequest,
  res: ServerResponse,
) => void | Promise<void>;

/** A fake Apple: `/service/config` plus per-test routes keyed by `METHOD /path`. */
function fakeApple(
  routes: Record<string, Route>,
  config = serviceConfig(),
): Route {
  return (req, res) => {
    const path = req.path.replace(/^\/mdm\/v2/, '');
    if (req.method === 'GET' && path === '/service/config') {
      return sendJson(res, 200, { urls: ownUrls(req), ...config });
    }
    const route = routes[`${req.method} ${path}`];
    if (!route) {
      return sendJson(res, 405, {
        errorNumber: 9726,
        errorMessage: 'Method not supported',
      });
    }
    return route(req, res);
  };
}

const common = {
  uId: '2049025000431439',
  tokenExpirationDate: '2031-03-01T10:00:00+0000',
};

let server: TestServer;
let clock: InstantClock;

beforeEach(async () => {
  server = await startTestServer();
  clock = new InstantClock();
});

afterEach(async () => {
  await server.close();
});

function client(options: Partial<AppleVppClientOptions> = {}) {
  return new AppleVppClient({
    token: TOKEN,
    baseUrl: `${server.url}/mdm/v2`,
    clock,
    rateLimiter: new SlidingWindowRateLimiter({ clock }),
    // Per test: every test uses the same token.
    holds: new AppleRequestHolds(),
    retry: { random: () => 1 },
    ...options,
  });
}

const appleRequests = () =>
  server.requests.filter(r => !r.path.endsWith('/service/config'));

describe('AppleVppClient requests', () => {
  it('calls every endpoint with the documented method, path, query and body', async () => {
    const event = { ...common, eventId: 'ev-1' };
    server.setHandler(
      fakeApple({
        'GET /client/config': (_q, r) =>
          sendJson(r, 200, {
            ...common,
            locationName: 'Main',
            countryISO2ACode: 'US',
          }),
        'POST /client/config': (q, r) =>
          sendJson(r, 200, { ...common, ...(q.json as object) }),
        'GET /assets': (_q, r) =>
          sendJson(r, 200, {
            ...common,
            assets: [],
            currentPageIndex: 0,
            size: 0,
            totalPages: 1,
            versionId: 'v',
          }),
        'GET /assignments': (_q, r) =>
          sendJson(r, 200, {
            ...common,
            assignments: [],
            currentPageIndex: 0,
            totalPages: 1,
            versionId: 'v',
          }),
        'GET /users': (_q, r) =>
          sendJson(r, 200, {
            ...common,
            users: [],
            currentPageIndex: 0,
            totalPages: 1,
            versionId: 'v',
          }),
        'POST /assets/associate': (_q, r) => sendJson(r, 200, event),
        'POST /assets/disassociate': (_q, r) => sendJson(r, 200, event),
        'POST /assets/revoke': (_q, r) => sendJson(r, 200, event),
        'GET /status': (_q, r) =>
          sendJson(r, 200, {
            ...common,
            eventStatus: 'COMPLETE',
            eventType: 'ASSOCIATE',
            numRequested: 1,
            numCompleted: 1,
          }),
        'POST /users/create': (_q, r) => sendJson(r, 200, event),
        'POST /users/update': (_q, r) => sendJson(r, 200, event),
        'POST /users/retire': (_q, r) => sendJson(r, 200, event),
      }),
    );
    const c = client();
    const assets = [{ adamId: '361309726', pricingParam: 'STDQ' }];
    expect((await c.getClientConfig()).locationName).toBe('Main');
    await c.updateClientConfig({
      mdmInfo: { ...OURS, metadata: '1.0.0' },
      notificationTypes: ['ASSET_MANAGEMENT'],
    });
    await c.getAssets({
      pageIndex: 2,
      productType: 'App',
      pricingParam: 'STDQ',
      revocable: true,
      deviceAssignable: false,
      minAvailableCount: 1,
      maxAvailableCount: 9,
      minAssignedCount: 0,
      maxAssignedCount: 5,
      adamId: '361309726',
      unlimited: true,
    });
    await c.getAssignments({
      adamId: '1',
      serialNumber: 'S1',
      clientUserId: 'u',
      pricingParam: 'PLUS',
      pageIndex: 0,
      sinceVersionId: 'v9',
      excludeInactiveUsers: true,
      includeUserState: false,
    });
    await c.getUsers({
      activeOnly: true,
      retiredOnly: false,
      clientUserId: 'u',
      sinceVersionId: 'v3',
    });
    expect(
      (await c.associateAssets({ assets, serialNumbers: ['S1'] })).eventId,
    ).toBe('ev-1');
    await c.disassociateAssets({ assets, clientUserIds: ['u1'] });
    await c.revokeAssets({ serialNumbers: ['S1'] });
    expect((await c.getEventStatus('ev-1')).eventStatus).toBe('COMPLETE');
    await c.createUsers({
      users: [{ clientUserId: 'u1', email: 'u1@example.com' }],
    });
    await c.updateUsers({
      users: [{ clientUserId: 'u1', email: 'u2@example.com' }],
    });
    await c.retireUsers({ users: [{ clientUserId: 'u1' }] });

    const seen = appleRequests().map(
      r => `${r.method} ${r.path.replace('/mdm/v2', '')}?${r.query.toString()}`,
    );
    expect(seen).toEqual([
      'GET /client/config?',
      'POST /client/config?',
      'GET /assets?pageIndex=2&productType=App&pricingParam=STDQ&revocable=true&deviceAssignable=false&minAvailableCount=1&maxAvailableCount=9&minAssignedCount=0&maxAssignedCount=5&adamId=361309726&unlimited=true',
      'GET /assignments?adamId=1&serialNumber=S1&clientUserId=u&pricingParam=PLUS&pageIndex=0&sinceVersionId=v9&excludeInactiveUsers=true&includeUserState=false',
      'GET /users?activeOnly=true&retiredOnly=false&clientUserId=u&sinceVersionId=v3',
      'POST /assets/associate?',
      'POST /assets/disassociate?',
      'POST /assets/revoke?',
      'GET /status?eventId=ev-1',
      'POST /users/create?',
      'POST /users/update?',
      'POST /users/retire?',
    ]);
    const associate = appleRequests()[5];
    expect(associate.json).toEqual({ assets, serialNumbers: ['S1'] });
    expect(associate.headers['content-type']).toBe('application/json');
    for (const r of appleRequests()) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.headers.accept).toBe('application/json');
    }
    // The service configuration is read once, without the token.
    const configRequests = server.requests.filter(r =>
      r.path.endsWith('/service/config'),
    );
    expect(configRequests).toHaveLength(1);
    expect(configRequests[0].headers.authorization).toBeUndefined();
  });

  it('keeps unknown fields and tolerates nulls and numeric strings', async () => {
    server.setHandler(
      fakeApple({
        'GET /assets': (_q, r) =>
          sendJson(r, 200, {
            ...common,
            mdmInfo: null,
            assets: [
              {
                adamId: 361309726,
                pricingParam: 'STDQ',
                availableCount: '5',
                brandNewField: { x: 1 },
              },
            ],
            totalPages: 1,
            somethingNew: true,
          }),
      }),
    );
    const page = await client().getAssets();
    expect(page.assets[0]).toMatchObject({
      adamId: '361309726',
      availableCount: 5,
      brandNewField: { x: 1 },
    });
    expect((page as unknown as Record<string, unknown>).somethingNew).toBe(
      true,
    );
    expect(page.mdmInfo).toBeUndefined();
  });

  it('reports an answer of the wrong shape as invalid-response, without retrying', async () => {
    server.setHandler(
      fakeApple({
        'GET /assets': (_q, r) => sendJson(r, 200, { assets: 'nope' }),
      }),
    );
    await expect(client().getAssets()).rejects.toMatchObject({
      kind: 'invalid-response',
    });
    server.setHandler(
      fakeApple({
        'GET /assets': (_q, r) => sendJson(r, 200, '<html>proxy</html>'),
      }),
    );
    await expect(client().getAssets()).rejects.toMatchObject({
      kind: 'invalid-response',
      httpStatus: 200,
    });
  });
});

describe('AppleVppClient errors', () => {
  it('reads errorNumber from a 200 body before trusting the status', async () => {
    server.setHandler(
      fakeApple({
        'GET /client/config': (_q, r) =>
          sendJson(r, 200, {
            errorNumber: 9622,
            errorMessage: 'Invalid authentication token',
          }),
      }),
    );
    const error = await client()
      .getClientConfig()
      .catch(e => e);
    expect(error).toBeInstanceOf(AppleVppError);
    expect(error).toMatchObject({
      kind: 'token-invalid',
      errorNumber: 9622,
      httpStatus: 200,
      tokenUnusable: true,
      attempts: 1,
    });
  });

  it.each([
    [9621, 401, 'token-expired'],
    [9625, 401, 'token-revoked'],
    [9601, 401, 'token-invalid'],
    [9722, 401, 'token-invalid'],
    [9707, 400, 'invalid-request'],
    [9721, 400, 'invalid-version'],
    [9650, 400, 'page-out-of-range'],
    [9634, 410, 'service-unavailable'],
  ])(
    'maps %i / HTTP %i to %s without retrying',
    async (errorNumber, status, kind) => {
      server.setHandler(
        fakeApple({
          'POST /assets/associate': (_q, r) =>
            sendJson(r, status, {
              errorNumber,
              errorMessage: 'Apple says no',
              errorInfo: {
                assets: [{ adamId: '1', pricingParam: 'STDQ' }],
                serialNumbers: ['S1'],
              },
            }),
        }),
      );
      const error: AppleVppError = await client()
        .associateAssets({
          assets: [{ adamId: '1', pricingParam: 'STDQ' }],
          serialNumbers: ['S1'],
        })
        .catch(e => e);
      expect(error).toMatchObject({
        kind,
        errorNumber,
        httpStatus: status,
        errorMessage: 'Apple says no',
        attempts: 1,
      });
      expect(error.assets).toEqual([{ adamId: '1', pricingParam: 'STDQ' }]);
      expect(error.serialNumbers).toEqual(['S1']);
      expect(appleRequests()).toHaveLength(1);
    },
  );

  it('never puts the token in messages, JSON or inspect output — even if Apple echoes it', async () => {
    server.setHandler(
      fakeApple({
        'GET /client/config': (_q, r) =>
          sendJson(r, 401, {
            errorNumber: 9601,
            errorMessage: `Bad token ${TOKEN}`,
          }),
      }),
    );
    const c = client();
    const error: AppleVppError = await c.getClientConfig().catch(e => e);
    const everything = [
      error.message,
      error.errorMessage,
      JSON.stringify(error),
      inspect(error),
      inspect(c),
      JSON.stringify(c),
      String(error.stack),
    ].join('\n');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('c2VjcmV0LWlubmVyLXRva2VuLXZhbHVl');
    expect(error.errorMessage).toContain('[REDACTED]');
  });

  it('rejects a token with line breaks at construction', () => {
    expect(() => new AppleVppClient({ token: 'abc\ndef' })).toThrow(
      AppleVppError,
    );
    expect(() => new AppleVppClient({ token: '  ' })).toThrow(/empty/);
  });
});

describe('AppleVppClient retries', () => {
  function failTimes(n: number, fail: Route, ok: Route): Route {
    let calls = 0;
    return (q, r) => (calls++ < n ? fail(q, r) : ok(q, r));
  }
  const okAssets: Route = (_q, r) =>
    sendJson(r, 200, { ...common, assets: [], totalPages: 1 });

  it('honours Retry-After in seconds on 5xx', async () => {
    server.setHandler(
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
    expect(clock.sleeps).toHaveLength(2);
    for (const ms of clock.sleeps) {
      expect(ms).toBeGreaterThan(2_900);
      expect(ms).toBeLessThanOrEqual(3_000);
    }
    expect(appleRequests()).toHaveLength(3);
  });

  it('honours Retry-After as an HTTP date', async () => {
    server.setHandler(
      fakeApple({
        'GET /assets': failTimes(
          1,
          (_q, r) =>
            sendJson(r, 500, 'oops', {
              'Retry-After': new Date(clock.now() + 10_000).toUTCString(),
            }),
          okAssets,
        ),
      }),
    );
    await client().getAssets();
    expect(clock.sleeps).toHaveLength(1);
    // HTTP dates have 1-second resolution.
    expect(clock.sleeps[0]).toBeGreaterThan(8_000);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(10_000);
  });

  it('backs off exponentially on 429/9646 without Retry-After, also for POSTs', async () => {
    server.setHandler(
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
    expect(clock.sleeps).toEqual([1000, 2000, 4000]);
  });

  it('treats 9646 in a 200 answer as rate limiting too', async () => {
    server.setHandler(
      fakeApple({
        'GET /assets': failTimes(
          1,
          (_q, r) => sendJson(r, 200, { errorNumber: 9646 }),
          okAssets,
        ),
      }),
    );
    await client().getAssets();
    expect(clock.sleeps).toEqual([1000]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    server.setHandler(
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
    expect(clock.sleeps).toEqual([500, 1000]);
  });

  it('does not wait for a Retry-After longer than maxRetryAfterMs', async () => {
    server.setHandler(
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
    expect(error.retryAt.getTime()).toBeGreaterThan(clock.now() + 3_590_000);
    expect(clock.sleeps).toEqual([]);
  });

  it('times out slow answers, and retries the GET', async () => {
    let calls = 0;
    server.setHandler(
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
    server.setHandler(
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
    server.setHandler(
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
    server.setHandler(
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
      server.setHandler(
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
      clock,
      rateLimiter: new SlidingWindowRateLimiter({ clock }),
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
    server.setHandler(
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

describe('AppleVppClient service configuration and rate limit', () => {
  it('re-reads the service configuration after 5 minutes and falls back to defaults', async () => {
    const manual = new ManualClock(Date.now());
    const cache = new ServiceConfigCache({ clock: manual });
    server.setHandler(
      fakeApple(
        {
          'GET /assets': (_q, r) =>
            sendJson(r, 200, { assets: [], totalPages: 1 }),
        },
        serviceConfig(7),
      ),
    );
    const c = client({ serviceConfigCache: cache });
    expect((await c.getLimits()).maxRequestPerSecond).toBe(7);
    await c.getAssets();
    await manual.advance(4 * 60_000);
    await c.getAssets();
    const configReads = () =>
      server.requests.filter(r => r.path.endsWith('/service/config')).length;
    expect(configReads()).toBe(1);
    await manual.advance(60_000);
    await c.getAssets();
    expect(configReads()).toBe(2);
    expect((await c.getServiceUrls()).getAssets).toBe(
      `${server.url}/mdm/v2/assets`,
    );
  });

  it('uses default limits when the service configuration cannot be read', async () => {
    server.setHandler((q, r) =>
      q.path.endsWith('/service/config')
        ? sendJson(r, 404, {})
        : sendJson(r, 200, { assets: [], totalPages: 1 }),
    );
    const c = client();
    await expect(c.getAssets()).resolves.toBeDefined();
    expect((await c.getLimits()).maxRequestPerSecond).toBe(15);
  });

  it("follows the service configuration's URLs on Apple hosts", async () => {
    const moved = {
      ...APPLE_SERVICE_CONFIG_EXAMPLE,
      urls: {
        ...APPLE_SERVICE_CONFIG_EXAMPLE.urls,
        getAssets: 'https://vpp2.itunes.apple.com/mdm/v3/assets',
      },
    };
    const { fetch, calls } = recordingFetch(url =>
      url.pathname.endsWith('/service/config')
        ? { status: 200, body: moved }
        : { status: 200, body: APPLE_ASSETS_PAGE_EXAMPLE },
    );
    // Configured: the simulator's address; Apple's hosts are still Apple's.
    const c = client({ baseUrl: 'http://127.0.0.1:9/mdm/v2', fetch });
    await c.getAssets({ pageIndex: 2 });
    await c.getAssignments();
    expect(calls.map(x => x.url)).toEqual([
      'http://127.0.0.1:9/mdm/v2/service/config',
      'https://vpp2.itunes.apple.com/mdm/v3/assets?pageIndex=2',
      'https://vpp.itunes.apple.com/mdm/v2/assignments',
    ]);
    expect(calls[0].authorization).toBeUndefined();
    expect(calls[1].authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('sends nothing to an announced URL on any other host, and warns', async () => {
    const elsewhere = await startTestServer((_q, r) =>
      sendJson(r, 200, { ...common, assets: [], totalPages: 1 }),
    );
    try {
      const announced = {
        ...serviceConfig(),
        urls: {
          getAssets: `${elsewhere.url}/mdm/v2/assets`,
          getAssignments: 'https://evil.example.com/mdm/v2/assignments',
          clientConfig: `${elsewhere.url.replace('http:', 'https:')}/x`,
        },
      };
      server.setHandler(
        fakeApple(
          {
            'GET /assets': (_q, r) =>
              sendJson(r, 200, { ...common, assets: [], totalPages: 1 }),
          },
          announced,
        ),
      );
      const warnings: string[] = [];
      const c = client({ logger: { warn: m => warnings.push(m) } });
      await c.getAssets();
      await c.getAssets();
      expect(elsewhere.requests).toEqual([]);
      expect(appleRequests().map(r => r.path)).toEqual([
        '/mdm/v2/assets',
        '/mdm/v2/assets',
      ]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('the content token is not sent there');
    } finally {
      await elsewhere.close();
    }
  });

  it("re-reads Apple's URLs every 5 minutes and follows a change", async () => {
    const manual = new ManualClock(Date.now());
    let announced = APPLE_SERVICE_CONFIG_EXAMPLE;
    const { fetch, calls } = recordingFetch(url =>
      url.pathname.endsWith('/service/config')
        ? { status: 200, body: announced }
        : { status: 200, body: APPLE_ASSETS_PAGE_EXAMPLE },
    );
    const c = client({
      baseUrl: 'https://vpp.itunes.apple.com/mdm/v2',
      fetch,
      clock: manual,
      rateLimiter: new SlidingWindowRateLimiter({ clock: manual }),
      serviceConfigCache: new ServiceConfigCache({ clock: manual }),
    });
    await c.getAssets();
    announced = {
      ...APPLE_SERVICE_CONFIG_EXAMPLE,
      urls: {
        ...APPLE_SERVICE_CONFIG_EXAMPLE.urls,
        getAssets: 'https://vpp.apple.com/mdm/v2/assets',
      },
    };
    await manual.advance(4 * 60_000 + 59_000);
    await c.getAssets();
    await manual.advance(1_000);
    await c.getAssets();
    expect(calls.map(x => x.url)).toEqual([
      'https://vpp.itunes.apple.com/mdm/v2/service/config',
      'https://vpp.itunes.apple.com/mdm/v2/assets',
      'https://vpp.itunes.apple.com/mdm/v2/assets',
      'https://vpp.itunes.apple.com/mdm/v2/service/config',
      'https://vpp.apple.com/mdm/v2/assets',
    ]);
  });

  it('rate-limits by the token at maxRequestPerSecond from the service configuration', async () => {
    const limits: number[] = [];
    const keys = new Set<string>();
    class SpyLimiter extends SlidingWindowRateLimiter {
      override acquire(key: string, limit: number, signal?: AbortSignal) {
        limits.push(limit);
        keys.add(key);
        return super.acquire(key, limit, signal);
      }
    }
    server.setHandler(
      fakeApple(
        {
          'GET /assets': (_q, r) =>
            sendJson(r, 200, { assets: [], totalPages: 1 }),
        },
        serviceConfig(4),
      ),
    );
    const limiter = new SpyLimiter({ clock });
    const c = client({ rateLimiter: limiter });
    await Promise.all(Array.from({ length: 10 }, () => c.getAssets()));
    expect(limits).toEqual(Array(10).fill(4));
    expect([...keys]).toEqual([c.tokenFingerprint]);
    expect([...keys][0]).not.toContain(TOKEN.slice(0, 10));
    // 10 requests at 4 per window: the limiter made the client wait twice (at least).
    expect(clock.sleeps.length).toBeGreaterThanOrEqual(2);
  });
});

describe('AppleVppClient mdmInfo', () => {
  it('reports changes of the managing service and returns metadata', async () => {
    let mdmInfo: object | undefined = OURS;
    server.setHandler(
      fakeApple({
        'GET /client/config': (_q, r) =>
          sendJson(r, 200, { ...common, ...(mdmInfo ? { mdmInfo } : {}) }),
        'GET /assets': (_q, r) =>
          sendJson(r, 200, {
            ...common,
            ...(mdmInfo ? { mdmInfo } : {}),
            assets: [],
            totalPages: 1,
          }),
        'POST /assets/associate': (_q, r) =>
          sendJson(r, 200, { ...common, eventId: 'e' }),
      }),
    );
    const changes: MdmInfoChange[] = [];
    const c = client({
      mdmInfo: OURS,
      onMdmInfoChange: change => changes.push(change),
    });

    await c.getClientConfig();
    await c.getAssets();
    expect(changes).toEqual([]);
    expect(c.lastResponseMetadata).toMatchObject({
      uId: '2049025000431439',
      tokenExpirationDate: '2031-03-01T10:00:00+0000',
      tokenExpiresAt: new Date('2031-03-01T10:00:00Z'),
      mdmInfoIsOurs: true,
      endpoint: 'GET /assets',
    });

    mdmInfo = OTHER;
    await c.getAssets();
    await c.getAssets();
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      previous: OURS,
      current: OTHER,
      isOurs: false,
      endpoint: 'GET /assets',
      uId: '2049025000431439',
    });

    // Responses that never carry mdmInfo (EventResponse) do not count as "absent".
    await c.associateAssets({
      assets: [{ adamId: '1', pricingParam: 'STDQ' }],
      serialNumbers: ['S'],
    });
    expect(changes).toHaveLength(1);

    // Absent from /client/config after it was set: reported as cleared.
    mdmInfo = undefined;
    await c.getClientConfig();
    expect(changes[1]).toMatchObject({
      previous: OTHER,
      current: null,
      isOurs: false,
    });

    mdmInfo = OURS;
    await c.getAssets();
    expect(changes[2]).toMatchObject({
      previous: null,
      current: OURS,
      isOurs: true,
    });
  });

  it('reports another service on first sight, but not an unclaimed location', async () => {
    server.setHandler(
      fakeApple({
        'GET /client/config': (_q, r) => sendJson(r, 200, { ...common }),
      }),
    );
    const changes: MdmInfoChange[] = [];
    const c = client({
      mdmInfo: OURS,
      onMdmInfoChange: change => changes.push(change),
    });
    await c.getClientConfig();
    expect(changes).toEqual([]);
    expect(c.observedMdmInfo).toBeNull();

    server.setHandler(
      fakeApple({
        'GET /client/config': (_q, r) =>
          sendJson(r, 200, { ...common, mdmInfo: OTHER }),
      }),
    );
    const fresh = client({
      mdmInfo: OURS,
      onMdmInfoChange: change => changes.push(change),
    });
    await fresh.getClientConfig();
    expect(changes).toEqual([
      expect.objectContaining({
        previous: undefined,
        current: OTHER,
        isOurs: false,
      }),
    ]);
  });

  it('counts mdmInfo as ours after a successful POST even if the answer does not echo it', async () => {
    let echo = false;
    server.setHandler(
      fakeApple({
        'POST /client/config': (_q, r) => sendJson(r, 200, { ...common }),
        'GET /client/config': (_q, r) =>
          sendJson(r, 200, { ...common, ...(echo ? { mdmInfo: OURS } : {}) }),
      }),
    );
    const changes: MdmInfoChange[] = [];
    const c = client({
      mdmInfo: OURS,
      onMdmInfoChange: change => changes.push(change),
    });
    await c.updateClientConfig({ mdmInfo: { ...OURS, metadata: '1.0.0' } });
    expect(c.observedMdmInfo).toMatchObject({ id: OURS.id });
    echo = true;
    await c.getClientConfig();
    expect(changes).toEqual([]);
    echo = false;
    await c.getClientConfig();
    expect(changes).toEqual([
      expect.objectContaining({ current: null, isOurs: false }),
    ]);
  });

  it('survives a throwing callback', async () => {
    server.setHandler(
      fakeApple({
        'GET /client/config': (_q, r) => sendJson(r, 200, { mdmInfo: OTHER }),
      }),
    );
    const c = client({
      mdmInfo: OURS,
      onMdmInfoChange: () => {
        throw new Error('callback bug');
      },
    });
    await expect(c.getClientConfig()).resolves.toMatchObject({
      mdmInfo: OTHER,
    });
  });
});

describe('AppleVppClient paging, batches and events', () => {
  function pagedAssignments(
    totalPages: number,
    perPage: number,
    versionId = 'v-42',
  ) {
    return (q: RecordedRequest, r: ServerResponse) => {
      const pageIndex = Number(q.query.get('pageIndex') ?? 0);
      if (pageIndex >= totalPages) {
        return sendJson(r, 400, {
          errorNumber: 9650,
          errorMessage: 'Page index out of range',
        });
      }
      return sendJson(r, 200, {
        ...common,
        assignments: Array.from({ length: perPage }, (_, i) => ({
          adamId: '1',
          pricingParam: 'STDQ',
          serialNumber: `S${pageIndex * perPage + i}`,
        })),
        currentPageIndex: pageIndex,
        ...(pageIndex + 1 < totalPages ? { nextPageIndex: pageIndex + 1 } : {}),
        size: perPage,
        totalPages,
        versionId,
      });
    };
  }

  it('iterates all assignment pages in order and exposes the first versionId', async () => {
    server.setHandler(
      fakeApple({ 'GET /assignments': pagedAssignments(12, 50) }),
    );
    const iterator = client().iterateAssignments({ sinceVersionId: 'v-1' });
    const serials: string[] = [];
    for await (const page of iterator) {
      serials.push(...page.assignments.map(a => a.serialNumber!));
    }
    expect(serials).toEqual(Array.from({ length: 600 }, (_, i) => `S${i}`));
    expect(iterator.versionId).toBe('v-42');
    expect(iterator.maxInFlight).toBeLessThanOrEqual(5);
    expect(
      appleRequests().every(r => r.query.get('sinceVersionId') === 'v-1'),
    ).toBe(true);
  });

  it('submits batches within the limits and waits for every event', async () => {
    let eventNumber = 0;
    const bodies = new Map<string, { serialNumbers?: string[] }>();
    server.setHandler(
      fakeApple(
        {
          'POST /assets/associate': (q, r) => {
            const eventId = `e${eventNumber++}`;
            bodies.set(eventId, q.json as { serialNumbers?: string[] });
            sendJson(r, 200, { eventId });
          },
          'GET /status': (q, r) => {
            const eventId = q.query.get('eventId')!;
            const serials = bodies.get(eventId)?.serialNumbers ?? [];
            const failing = serials.filter(s => s === 'S1500');
            sendJson(r, 200, {
              eventStatus: failing.length ? 'FAILED' : 'COMPLETE',
              numRequested: serials.length,
              numCompleted: serials.length - failing.length,
              failures: failing.length
                ? [{ errorNumber: 9709, errorInfo: { serialNumbers: failing } }]
                : [],
            });
          },
        },
        {
          ...serviceConfig(),
          limits: {
            ...serviceConfig().limits,
            maxSerialNumbers: 1000,
            maxAssets: 25,
          },
        },
      ),
    );
    const result = await client().associateAssetsAndWait(
      {
        assets: [{ adamId: '1' }],
        serialNumbers: Array.from({ length: 2500 }, (_, i) => `S${i}`),
      },
      { pollIntervalMs: 10, firstPollDelayMs: 0 },
    );
    const posts = appleRequests().filter(r => r.method === 'POST');
    expect(
      posts.map(
        p => (p.json as { serialNumbers: string[] }).serialNumbers.length,
      ),
    ).toEqual([1000, 1000, 500]);
    expect(result.final).toBe(true);
    expect(result.failed).toEqual([
      expect.objectContaining({ identifier: 'S1500', errorNumber: 9709 }),
    ]);
    expect(result.succeeded.serialNumbers).toHaveLength(2499);
  });
});
