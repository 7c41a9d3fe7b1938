import { TestDatabases } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import { DateTime } from 'luxon';
import { AppleRequestHolds } from '../apple';
import {
  APPLE_ERROR_EXAMPLES,
  APPLE_SERVICE_CONFIG_EXAMPLE,
} from '../apple/appleExamples';
import { sendJson, startTestServer, TestServer } from '../apple/testUtils';
import { DatabaseContentStore } from '../database/DatabaseContentStore';
import { DatabaseTokenStore } from '../database/DatabaseTokenStore';
import {
  loggerInto,
  makeSyncService,
  makeTokenService,
  openContentStores,
} from '../__testUtils__/contentServices';
import { SyncService } from './SyncService';
import { TokenService } from './TokenService';

jest.setTimeout(120_000);

/*
 * How the sync and token management meet Apple's documented refusals: 9637 (a permission of
 * the Apple account, HTTP 403) from a server answering Apple's recorded example, and bursts of
 * 9646 (too many requests) from the simulator.
 */

describe.each(TestDatabases.create().eachSupportedId())(
  "SyncService and Apple's refusals (%s)",
  databaseId => {
    const databases = TestDatabases.create();
    let sim: RunningSimulator;
    /** Answers like Apple for a facilitator account: 403 / 9637 to every token call. */
    let facilitatorApple: TestServer;
    let tokenStore: DatabaseTokenStore;
    let content: DatabaseContentStore;
    let tokens: TokenService;
    const logs: string[] = [];
    const statusChanges: string[][] = [];
    const made: SyncService[] = [];

    beforeAll(async () => {
      sim = await startSimulator({
        port: 0,
        rateLimit: false,
        eventDelayMs: 0,
      });
      facilitatorApple = await startTestServer((req, res) => {
        if (req.path.endsWith('/service/config')) {
          const { urls: _apple, ...rest } = APPLE_SERVICE_CONFIG_EXAMPLE;
          return sendJson(res, 200, rest);
        }
        const answer = APPLE_ERROR_EXAMPLES.facilitatorNotAllowed();
        return sendJson(res, answer.status, answer.body);
      });
    });
    afterAll(async () => {
      await facilitatorApple.close();
      await sim.close();
    });

    beforeEach(async () => {
      sim.state.reset();
      logs.length = 0;
      statusChanges.length = 0;
      ({ tokenStore, content } = await openContentStores(
        databases,
        databaseId,
      ));
      tokens = makeTokenService(tokenStore, sim.appleBaseUrl);
    });
    afterEach(async () => {
      await Promise.all(made.splice(0).map(s => s.stop()));
    });

    function makeSync(appleBaseUrl: string) {
      const service = makeSyncService({
        tokens: tokenStore,
        content,
        appleBaseUrl,
        lookupUrl: sim.lookupUrl,
        logger: loggerInto(logs),
        // Per test: the simulator's base URL is the same in every test.
        holds: new AppleRequestHolds(),
        onTokenStatusChanged: ids => {
          statusChanges.push(ids);
        },
      });
      made.push(service);
      return service;
    }

    async function register(locationId: string) {
      const file = sim.state.downloadToken(
        locationId,
        DateTime.utc().plus({ days: 365 }).toISO()!,
      );
      return tokens.register(
        { tokenFile: file, owner: 'group:default/tokyo-it' },
        'user:default/guest',
      );
    }

    it('9637 fails the sync with its explanation and leaves the token status alone', async () => {
      const token = await register('loc-tokyo');
      const sync = makeSync(`${facilitatorApple.url}/mdm/v2`);

      await expect(sync.syncToken(token.id)).rejects.toMatchObject({
        kind: 'not-permitted',
        errorNumber: 9637,
      });
      const status = await sync.getStatus(token.id);
      expect(status.lastError).toContain('facilitator account');
      expect(status.lastError).toContain('the token itself is still valid');
      expect(status.lastError).toContain('(Apple error 9637)');

      await sync.refreshStatuses();
      const after = await tokens.getToken(token.id);
      expect(after.status).toBe('ok');
      expect((await tokenStore.getToken(token.id))?.appleState).toBe('ok');
      expect(statusChanges).toEqual([]);
      // A manual sync is still allowed: the token is usable.
      await expect(sync.startSync(token.id)).resolves.toMatchObject({
        started: true,
      });
    });

    it('9637 at registration is reported as a permission of the account, and nothing is stored', async () => {
      const facilitatorTokens = makeTokenService(
        tokenStore,
        `${facilitatorApple.url}/mdm/v2`,
      );
      const file = sim.state.downloadToken(
        'loc-tokyo',
        DateTime.utc().plus({ days: 365 }).toISO()!,
      );
      const error = await facilitatorTokens
        .register(
          { tokenFile: file, owner: 'group:default/tokyo-it' },
          'user:default/guest',
        )
        .catch(e => e);
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toMatch(
        /^Apple does not allow the account behind this token to read the location of this token; nothing was changed\. .*facilitator/,
      );
      expect(await tokenStore.listTokens()).toEqual([]);
    });

    it('a scheduled sync facing a burst of 9646 backs off, finishes, and says so', async () => {
      const token = await register('loc-tokyo');
      // More refusals in a row than an interactive call accepts (5 attempts).
      sim.state.injectFault({
        kind: 'rateLimit',
        pathPrefix: '/mdm/v2/assets',
        method: 'GET',
        count: 12,
        retryAfter: 0,
      });
      const sync = makeSync(sim.appleBaseUrl);
      await sync.syncAll();
      const status = await sync.getStatus(token.id);
      expect(status.lastError).toBeUndefined();
      expect(status.lastSyncAt).toBeDefined();
      expect(status.assetCount).toBe(
        sim.state.location('loc-tokyo').assets.size,
      );
      expect(
        logs.filter(l => /Apple is busy; backing off/.test(l)),
      ).toHaveLength(8);
      expect(logs.join('\n')).toMatch(/1 synced, 0 skipped .*0 failed/);
    });

    it('the same burst fails a sync that a person is waiting for (bounded)', async () => {
      const token = await register('loc-tokyo');
      sim.state.injectFault({
        kind: 'rateLimit',
        pathPrefix: '/mdm/v2/assets',
        method: 'GET',
        count: 12,
        retryAfter: 0,
      });
      const sync = makeSync(sim.appleBaseUrl);
      await expect(sync.syncToken(token.id)).rejects.toMatchObject({
        kind: 'rate-limited',
        attempts: 5,
      });
      expect((await tokens.getToken(token.id)).status).toBe('ok');
    });

    it("a Retry-After beyond the run's budget fails the token's sync at once, saying until when", async () => {
      const token = await register('loc-tokyo');
      sim.state.injectFault({
        kind: 'error',
        status: 503,
        pathPrefix: '/mdm/v2/assets',
        count: 1,
        retryAfter: 7_200,
      });
      const sync = makeSync(sim.appleBaseUrl);
      await sync.syncAll();
      const status = await sync.getStatus(token.id);
      expect(status.lastError).toMatch(
        /temporarily unavailable.*Apple asked for no requests to its service before \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/,
      );
      expect(logs.join('\n')).toMatch(/0 synced, 0 skipped .*1 failed/);
      // The next pass sends nothing before that time.
      const assetRequests = () =>
        sim.state.requests({ pathPrefix: '/mdm/v2/assets' }).length;
      const before = assetRequests();
      await sync.syncAll();
      expect(assetRequests()).toBe(before);
    });
  },
);
