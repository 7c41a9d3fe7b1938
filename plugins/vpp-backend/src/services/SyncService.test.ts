import { TestDatabases } from '@backstage/backend-test-utils';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import { DateTime } from 'luxon';
import http from 'node:http';
import { AppleVppClient } from '../apple';
import { AssetKey } from '../database/ContentStore';
import { DatabaseContentStore } from '../database/DatabaseContentStore';
import { DatabaseTokenStore } from '../database/DatabaseTokenStore';
import {
  defaultSyncConfig,
  loggerInto,
  makeSyncService,
  makeTokenService,
  openContentStores,
} from '../__testUtils__/contentServices';
import { VppSyncConfig } from './config';
import { SyncService } from './SyncService';
import { TokenService } from './TokenService';

jest.setTimeout(120_000);

const in_ = (days: number) => DateTime.utc().plus({ days }).toISO()!;

// The defaults, with a short lease so the takeover test need not wait 10 minutes.
const syncConfig: VppSyncConfig = {
  ...defaultSyncConfig(),
  leaseMs: 60_000,
};

describe.each(TestDatabases.create().eachSupportedId())(
  'SyncService against the simulator (%s)',
  databaseId => {
    const databases = TestDatabases.create();
    let sim: RunningSimulator;
    let tokens: TokenService;
    let sync: SyncService;
    let content: DatabaseContentStore;
    let tokenStore: DatabaseTokenStore;
    const statusChanges: string[][] = [];
    const logs: string[] = [];
    /** Every SyncService of the test, stopped after it so no sync outlives it. */
    const made: SyncService[] = [];

    beforeAll(async () => {
      sim = await startSimulator({
        port: 0,
        rateLimit: false,
        eventDelayMs: 0,
        allowHttpNotificationUrls: true,
      });
    });
    afterAll(async () => {
      await sim.close();
    });

    function makeSync(
      overrides: Partial<VppSyncConfig> = {},
      instanceId?: string,
    ) {
      const service = makeSyncService({
        tokens: tokenStore,
        content,
        appleBaseUrl: sim.appleBaseUrl,
        lookupUrl: sim.lookupUrl,
        config: { ...syncConfig, ...overrides },
        logger: loggerInto(logs),
        instanceId,
        onTokenStatusChanged: ids => {
          statusChanges.push(ids);
        },
      });
      made.push(service);
      return service;
    }

    afterEach(async () => {
      await Promise.all(made.splice(0).map(s => s.stop()));
    });

    beforeEach(async () => {
      sim.state.reset();
      statusChanges.length = 0;
      logs.length = 0;
      ({ tokenStore, content } = await openContentStores(
        databases,
        databaseId,
      ));
      tokens = makeTokenService(tokenStore, sim.appleBaseUrl);
      sync = makeSync();
    });

    async function register(locationId: string, expiresAt = in_(365)) {
      const file = sim.state.downloadToken(locationId, expiresAt);
      const token = await tokens.register(
        { tokenFile: file, owner: 'group:default/tokyo-it' },
        'user:default/guest',
      );
      return { token, file };
    }

    async function allAssets(tokenId: string) {
      return (await sync.listAssets(tokenId, { limit: 500 })).items;
    }

    /** Who holds each license, as stored: exactly as the simulator has it. */
    const expectAssigneesAsInSimulator = async (
      tokenId: string,
      locationId: string,
    ) => {
      const holders = (prefix: string, keys: Iterable<string>) =>
        [...keys]
          .filter(k => k.startsWith(prefix))
          .map(k => k.slice(prefix.length))
          .sort();
      const byAsset = (a: AssetKey, b: AssetKey) =>
        `${a.adamId}/${a.pricingParam}`.localeCompare(
          `${b.adamId}/${b.pricingParam}`,
        );
      expect((await content.loadAssignees(tokenId)).sort(byAsset)).toEqual(
        [...sim.state.location(locationId).assets.values()]
          .filter(a => a.holders.size > 0)
          .map(a => ({
            adamId: a.adamId,
            pricingParam: a.pricingParam,
            serialNumbers: holders('s:', a.holders.keys()),
            clientUserIds: holders('u:', a.holders.keys()),
          }))
          .sort(byAsset),
      );
    };

    it('stores every asset with counts and names exactly as the simulator has them', async () => {
      const { token } = await register('loc-tokyo');
      const outcome = await sync.syncToken(token.id);
      expect(outcome).toMatchObject({ full: true });

      const location = sim.state.location('loc-tokyo');
      const items = await allAssets(token.id);
      expect(items).toHaveLength(location.assets.size);
      for (const asset of location.assets.values()) {
        const item = items.find(
          i =>
            i.adamId === asset.adamId && i.pricingParam === asset.pricingParam,
        );
        const catalog = sim.state.catalog.get(asset.adamId)!;
        const unlimited = 2147483647;
        expect(item).toMatchObject({
          productType: asset.productType,
          totalCount: asset.unlimited ? unlimited : asset.totalCount,
          assignedCount: asset.assignedCount,
          retiredCount: asset.retiredCount,
          deviceAssignable: asset.deviceAssignable,
          revocable: asset.revocable,
          // JP storefront: the Japanese names where the catalog has them.
          name: catalog.localizedNames?.JP ?? catalog.name,
          bundleId: catalog.bundleId,
        });
        expect(item!.availableCount).toBe(
          (asset.unlimited ? unlimited : asset.totalCount) -
            asset.assignedCount,
        );
      }
      const apps = items.filter(i => i.productType === 'App');
      expect(apps.length).toBeGreaterThan(0);
      expect(apps.every(i => /^http/.test(i.iconUrl ?? ''))).toBe(true);
      const assignments = [...location.assets.values()].reduce(
        (n, a) => n + a.holders.size,
        0,
      );
      const status = await sync.getStatus(token.id);
      expect(status).toMatchObject({
        running: false,
        outOfDate: false,
        assetCount: location.assets.size,
        assignmentCount: assignments,
      });
      expect(status.lastSyncAt).toBe(status.lastFullSyncAt);
      expect(logs.some(l => l.includes(`${location.assets.size} assets`))).toBe(
        true,
      );
      await expectAssigneesAsInSimulator(token.id, 'loc-tokyo');
    });

    it('fails the sync, and says so, when the store refuses a write', async () => {
      const { token } = await register('loc-tokyo');
      jest
        .spyOn(content, 'upsertAssets')
        .mockRejectedValueOnce(new Error('disk full'));
      await expect(sync.syncToken(token.id)).rejects.toThrow('disk full');
      const status = await sync.getStatus(token.id);
      expect(status).toMatchObject({ running: false, lastError: 'disk full' });
      expect(status.lastSyncAt).toBeUndefined();
      // The next sync starts afresh and stores everything.
      await expect(sync.syncToken(token.id)).resolves.toMatchObject({
        full: true,
      });
      expect((await sync.getStatus(token.id)).lastError).toBeUndefined();
    });

    it('flags what cannot be distributed and what runs low', async () => {
      const { token } = await register('loc-tokyo');
      await sync.syncToken(token.id);
      const items = await allAssets(token.id);
      const legacy = items.find(i => i.adamId === '6450000109')!;
      expect(legacy.deviceAssignable).toBe(false);
      const few = items.find(i => i.adamId === '6450000102')!;
      expect(few.availableCount).toBeLessThan(5);
      expect(few.lowLicense).toBe(true);
      const plenty = items.find(i => i.adamId === '6450000101')!;
      expect(plenty.lowLicense).toBe(false);
    });

    it('filters by type, platform and text, and pages', async () => {
      const { token } = await register('loc-tokyo');
      await sync.syncToken(token.id);
      const books = await sync.listAssets(token.id, { productType: 'Book' });
      expect(books.items.map(b => b.adamId).sort()).toEqual([
        '6450000201',
        '6450000202',
      ]);
      const mac = await sync.listAssets(token.id, { platform: 'macOS' });
      expect(mac.items.length).toBeGreaterThan(0);
      expect(mac.items.every(i => i.platforms.includes('macOS'))).toBe(true);
      const byBundle = await sync.listAssets(token.id, {
        q: 'COM.EXAMPLE.NOTES',
      });
      expect(byBundle.items.map(i => i.adamId)).toEqual(['6450000101']);
      const wildcard = await sync.listAssets(token.id, { q: '%' });
      expect(wildcard.totalCount).toBe(0);
      const page1 = await sync.listAssets(token.id, { limit: 4 });
      const page2 = await sync.listAssets(token.id, { limit: 4, offset: 4 });
      expect(page1.totalCount).toBe(
        sim.state.location('loc-tokyo').assets.size,
      );
      expect(page1.items).toHaveLength(4);
      expect(
        page2.items.some(i => page1.items.some(j => j.adamId === i.adamId)),
      ).toBe(false);
    });

    it('picks up a purchase and new assignments incrementally', async () => {
      const { token, file } = await register('loc-tokyo');
      await sync.syncToken(token.id);
      const before = (await sync.getStatus(token.id)).assignmentCount;

      sim.state.purchase('loc-tokyo', '6450000101', 'STDQ', 7);
      const apple = new AppleVppClient({
        token: file.trim(),
        baseUrl: sim.appleBaseUrl,
      });
      await apple.associateAssetsAndWait({
        assets: [{ adamId: '6450000101', pricingParam: 'STDQ' }],
        serialNumbers: ['INCR0001', 'INCR0002', 'INCR0003'],
      });
      sim.state.clearRequestLog();

      const outcome = await sync.syncToken(token.id);
      expect(outcome).toMatchObject({ full: false, assignmentsWritten: 3 });
      const assignmentRequests = sim.state
        .requests({ pathPrefix: '/mdm/v2/assignments' })
        .map(r => r.query);
      expect(assignmentRequests.length).toBeGreaterThan(0);
      expect(
        assignmentRequests.every(q => String(q).includes('sinceVersionId=')),
      ).toBe(true);

      const notes = (await allAssets(token.id)).find(
        i => i.adamId === '6450000101',
      )!;
      const asset =
        sim.state.location('loc-tokyo').assets.get('6450000101:STDQ') ??
        [...sim.state.location('loc-tokyo').assets.values()].find(
          a => a.adamId === '6450000101',
        )!;
      expect(notes.totalCount).toBe(asset.totalCount);
      expect(notes.assignedCount).toBe(asset.assignedCount);
      expect((await sync.getStatus(token.id)).assignmentCount).toBe(before + 3);
      await expectAssigneesAsInSimulator(token.id, 'loc-tokyo');
      // Metadata is fetched only for new or stale apps: nothing new here.
      expect(outcome!.metadataLookedUp).toBe(0);
    });

    it('falls back to a full pass when Apple rejects the version, removing what went', async () => {
      const { token, file } = await register('loc-tokyo');
      await sync.syncToken(token.id);
      const apple = new AppleVppClient({
        token: file.trim(),
        baseUrl: sim.appleBaseUrl,
      });
      const holder = [...sim.state.location('loc-tokyo').assets.values()]
        .flatMap(a => [...a.holders.keys()].map(h => ({ a, h })))
        .find(x => x.h.startsWith('s:'))!;
      await apple.disassociateAssetsAndWait({
        assets: [
          { adamId: holder.a.adamId, pricingParam: holder.a.pricingParam },
        ],
        serialNumbers: [holder.h.slice(2)],
      });
      const before = (await sync.getStatus(token.id)).assignmentCount;
      // An incremental pass cannot see removals; a full one (forced by a bad version) does.
      await knexOf(content).table('vpp_sync_state').update({
        assignments_version_id: 'not-a-version-apple-knows',
      });
      const outcome = await sync.syncToken(token.id);
      expect(outcome).toMatchObject({ full: true, assignmentsRemoved: 1 });
      expect((await sync.getStatus(token.id)).assignmentCount).toBe(before - 1);
      await expectAssigneesAsInSimulator(token.id, 'loc-tokyo');
    });

    it('records an expired token found mid-sync as expired and says how to renew', async () => {
      const { token, file } = await register('loc-osaka');
      sim.state.injectFault({
        kind: 'slow',
        pathPrefix: '/mdm/v2/assignments',
        delayMs: 300,
      });
      const running = sync.syncToken(token.id);
      await new Promise(r => setTimeout(r, 100));
      sim.state.setTokenState(file.trim(), 'expired');
      await expect(running).rejects.toThrow(
        /could not be synced: .*expired.*download the content token/is,
      );
      const refreshed = await tokens.getToken(token.id);
      expect(refreshed.status).toBe('expired');
      expect(statusChanges).toContainEqual([token.id]);
      const status = await sync.getStatus(token.id);
      expect(status.lastError).toMatch(/Apple refused the token/);
      expect(status.running).toBe(false);
      // R-TOK-8: a manual sync is now refused with the token's name and the renewal steps.
      await expect(sync.startSync(token.id)).rejects.toThrow(
        /"Example Corp Osaka" cannot be synced because the token is expired\..*Apple Business Manager/s,
      );
    });

    it('runs one sync per token across instances and lets a dead holder be taken over', async () => {
      const { token } = await register('loc-tokyo');
      const other = makeSync({}, 'instance-b');
      sim.state.injectFault({
        kind: 'slow',
        pathPrefix: '/mdm/v2/assets',
        delayMs: 300,
      });
      const first = await sync.startSync(token.id);
      expect(first.started).toBe(true);
      expect(first.message).toMatch(/^Sync started/);
      const second = await other.startSync(token.id);
      expect(second.started).toBe(false);
      expect(second.message).toMatch(/already running/);
      expect(await other.syncToken(token.id)).toBeUndefined();
      await waitFor(async () => !(await sync.getStatus(token.id)).running);
      expect((await sync.getStatus(token.id)).lastSyncAt).toBeDefined();

      // A holder that crashed leaves a lease behind; once it expires another takes over.
      await content.acquireLease(
        token.id,
        'crashed',
        new Date(Date.now() - 120_000),
        60_000,
      );
      expect(await other.syncToken(token.id)).toMatchObject({
        tokenId: token.id,
      });
    });

    it('syncs a share through its source, and shows the source content to the share', async () => {
      const { token } = await register('loc-tokyo');
      const share = await tokens.share(
        token.id,
        { owner: 'group:default/tokyo-sales' },
        'user:default/guest',
      );
      const outcome = await sync.syncToken(share.id);
      expect(outcome!.tokenId).toBe(token.id);
      const viaShare = await sync.listAssets(share.id, {});
      const viaSource = await sync.listAssets(token.id, {});
      expect(viaShare).toEqual(viaSource);
      expect((await sync.getStatus(share.id)).sourceTokenId).toBe(token.id);
    });

    it('marks content out of date on an ASSET_COUNT notification, once per notification', async () => {
      const { token } = await register('loc-tokyo');
      const received: Array<{ auth?: string; body: unknown }> = [];
      const receiver = await listen(async (auth, body) => {
        received.push({ auth, body });
        await sync.handleAppleNotification(auth, body);
      });
      try {
        const notifying = makeSync({ appleNotificationUrl: receiver.url });
        await notifying.syncToken(token.id);
        expect((await sync.getStatus(token.id)).outOfDate).toBe(false);

        sim.state.purchase('loc-tokyo', '6450000102', 'STDQ', 5);
        await sim.state.notificationsIdle();
        const status = await sync.getStatus(token.id);
        expect(status).toMatchObject({
          outOfDate: true,
          outOfDateReason: 'counts-changed',
        });
        expect(status.outOfDateMessage).toMatch(/Apple reported a change/);

        // A repeated delivery is recognised; a wrong bearer is refused.
        const asset = received.find(
          r => (r.body as any).notificationType === 'ASSET_COUNT',
        )!;
        await expect(
          sync.handleAppleNotification(asset.auth, asset.body),
        ).resolves.toEqual({ duplicate: true });
        await expect(
          sync.handleAppleNotification('Bearer wrong', asset.body),
        ).rejects.toThrow(/does not match/);

        await sync.confirm(token.id);
        expect((await sync.getStatus(token.id)).outOfDate).toBe(false);
        sim.state.purchase('loc-tokyo', '6450000102', 'STDQ', 1);
        await sim.state.notificationsIdle();
        expect((await sync.getStatus(token.id)).outOfDate).toBe(true);
        await sync.syncToken(token.id);
        expect((await sync.getStatus(token.id)).outOfDate).toBe(false);
      } finally {
        await receiver.close();
      }
    });

    it('removes the content of a deleted token with it', async () => {
      const { token } = await register('loc-tokyo');
      await sync.syncToken(token.id);
      expect(await content.countAssignments(token.id)).toBeGreaterThan(0);
      await tokens.delete(token.id);
      expect(await content.loadAssignees(token.id)).toEqual([]);
      expect(
        await knexOf(content).table('vpp_assets').where({ token_id: token.id }),
      ).toEqual([]);
    });

    it('reports never-synced and stale content', async () => {
      const { token } = await register('loc-tokyo');
      expect(await sync.getStatus(token.id)).toMatchObject({
        outOfDate: true,
        outOfDateReason: 'never-synced',
      });
      const impatient = makeSync({ maxAgeMs: 1 });
      await impatient.syncToken(token.id);
      await new Promise(r => setTimeout(r, 5));
      expect(await impatient.getStatus(token.id)).toMatchObject({
        outOfDate: true,
        outOfDateReason: 'stale',
      });
    });

    it('refreshes statuses: revocation and another MDM are caught without a sync', async () => {
      const { token, file } = await register('loc-tokyo');
      const { token: osaka, file: osakaFile } = await register('loc-osaka');
      sim.state.setTokenState(file.trim(), 'revoked');
      await new AppleVppClient({
        token: osakaFile.trim(),
        baseUrl: sim.appleBaseUrl,
      }).updateClientConfig({
        mdmInfo: { id: 'other', name: 'Other MDM', metadata: 'x' },
      });
      await sync.refreshStatuses();
      expect((await tokens.getToken(token.id)).status).toBe('revoked');
      const claimed = await tokens.getToken(osaka.id);
      expect(claimed.status).toBe('claimed-elsewhere');
      expect(claimed.claimedBy).toBe('Other MDM');
    });
  },
);

function knexOf(store: DatabaseContentStore) {
  return (store as unknown as { db: import('knex').Knex }).db;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 50));
  }
}

/** A plain HTTP server standing in for the backend route Apple posts to. */
async function listen(
  handle: (auth: string | undefined, body: unknown) => Promise<void>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', c => (text += c));
    req.on('end', () => {
      handle(req.headers.authorization, JSON.parse(text || '{}')).then(
        () => res.writeHead(200).end('{}'),
        () => res.writeHead(401).end('{}'),
      );
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/api/vpp/apple/notifications`,
    close: () => new Promise(r => server.close(() => r())),
  };
}
