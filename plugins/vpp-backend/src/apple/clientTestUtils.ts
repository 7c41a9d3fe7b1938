/*
 * Helpers for the `AppleVppClient*.test.ts` files: a fake Apple served by the test server of
 * `testUtils.ts` (its own `/service/config` plus each test's routes), and a client pointed at
 * it whose sleeps end at once. Not part of the public surface.
 */
import type { ServerResponse } from 'node:http';
import { AppleVppClient, AppleVppClientOptions } from './AppleVppClient';
import { DEFAULT_LIMITS } from './batching';
import { SlidingWindowRateLimiter } from './rateLimiter';
import { AppleRequestHolds } from './requestHolds';
import { EXPECTED_SERVICE_PATHS } from './serviceConfig';
import {
  InstantClock,
  RecordedRequest,
  TestServer,
  sendJson,
  startTestServer,
  tokenFor,
} from './testUtils';

export const TOKEN = tokenFor({ token: 'c2VjcmV0LWlubmVyLXRva2VuLXZhbHVl' });
export const OURS = {
  id: 'backstage-1',
  name: 'Backstage VPP',
  metadata: '1.0.0',
};
export const OTHER = { id: 'other-mdm', name: 'Other MDM', metadata: 'x' };

export const serviceConfig = (maxRequestPerSecond = 1000) => ({
  errorCodes: [{ errorNumber: 9601, errorMessage: 'Login required.' }],
  limits: { ...DEFAULT_LIMITS, maxRequestPerSecond },
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

export type Route = (
  req: RecordedRequest,
  res: ServerResponse,
) => void | Promise<void>;

/** A fake Apple: `/service/config` plus per-test routes keyed by `METHOD /path`. */
export function fakeApple(
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

export const common = {
  uId: '2049025000431439',
  tokenExpirationDate: '2031-03-01T10:00:00+0000',
};

/** The test server and clock of the running test, and a client of the fake Apple on them. */
export interface FakeAppleTest {
  readonly server: TestServer;
  readonly clock: InstantClock;
  /** A client of the fake Apple, with this test's clock and its own rate limiter and holds. */
  client(options?: Partial<AppleVppClientOptions>): AppleVppClient;
  /** What reached the fake Apple, except the service configuration reads. */
  appleRequests(): RecordedRequest[];
}

/** Starts a test server and a clock before each test of the calling file, closes it after. */
export function useFakeAppleTest(): FakeAppleTest {
  let server: TestServer | undefined;
  let clock: InstantClock | undefined;

  beforeEach(async () => {
    server = await startTestServer();
    clock = new InstantClock();
  });

  afterEach(async () => {
    await server?.close();
  });

  const test: FakeAppleTest = {
    get server() {
      if (!server) throw new Error('useFakeAppleTest: no test is running');
      return server;
    },
    get clock() {
      if (!clock) throw new Error('useFakeAppleTest: no test is running');
      return clock;
    },
    client(options = {}) {
      return new AppleVppClient({
        token: TOKEN,
        baseUrl: `${test.server.url}/mdm/v2`,
        clock: test.clock,
        rateLimiter: new SlidingWindowRateLimiter({ clock: test.clock }),
        // Per test: every test uses the same token.
        holds: new AppleRequestHolds(),
        retry: { random: () => 1 },
        ...options,
      });
    },
    appleRequests() {
      return test.server.requests.filter(
        r => !r.path.endsWith('/service/config'),
      );
    },
  };
  return test;
}
