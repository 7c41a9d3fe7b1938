import {
  APPLE_ASSETS_PAGE_EXAMPLE,
  APPLE_SERVICE_CONFIG_EXAMPLE,
  recordingFetch,
} from './appleExamples';
import {
  TOKEN,
  common,
  fakeApple,
  serviceConfig,
  useFakeAppleTest,
} from './clientTestUtils';
import { ManualClock } from './clock';
import { SlidingWindowRateLimiter } from './rateLimiter';
import { ServiceConfigCache } from './serviceConfig';
import { sendJson, startTestServer } from './testUtils';

const env = useFakeAppleTest();
const { client, appleRequests } = env;

describe('AppleVppClient service configuration and rate limit', () => {
  it('re-reads the service configuration after 5 minutes and falls back to defaults', async () => {
    const manual = new ManualClock(Date.now());
    const cache = new ServiceConfigCache({ clock: manual });
    env.server.setHandler(
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
      env.server.requests.filter(r => r.path.endsWith('/service/config'))
        .length;
    expect(configReads()).toBe(1);
    await manual.advance(60_000);
    await c.getAssets();
    expect(configReads()).toBe(2);
    expect((await c.getServiceUrls()).getAssets).toBe(
      `${env.server.url}/mdm/v2/assets`,
    );
  });

  it('uses default limits when the service configuration cannot be read', async () => {
    env.server.setHandler((q, r) =>
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
      env.server.setHandler(
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
    env.server.setHandler(
      fakeApple(
        {
          'GET /assets': (_q, r) =>
            sendJson(r, 200, { assets: [], totalPages: 1 }),
        },
        serviceConfig(4),
      ),
    );
    const limiter = new SpyLimiter({ clock: env.clock });
    const c = client({ rateLimiter: limiter });
    await Promise.all(Array.from({ length: 10 }, () => c.getAssets()));
    expect(limits).toEqual(Array(10).fill(4));
    expect([...keys]).toEqual([c.tokenFingerprint]);
    expect([...keys][0]).not.toContain(TOKEN.slice(0, 10));
    // 10 requests at 4 per window: the limiter made the client wait twice (at least).
    expect(env.clock.sleeps.length).toBeGreaterThanOrEqual(2);
  });
});
