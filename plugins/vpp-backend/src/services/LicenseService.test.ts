import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import { DateTime } from 'luxon';
import { AppleVppClient } from '../apple';
import { DatabaseContentStore } from '../database/DatabaseContentStore';
import { DatabaseLicenseStore } from '../database/DatabaseLicenseStore';
import { DatabaseTokenStore } from '../database/DatabaseTokenStore';
import {
  makeSyncService,
  makeTokenService,
  openContentStores,
  TEST_CIPHER,
  TEST_MDM_IDENTITY,
} from '../__testUtils__/contentServices';
import { LicenseService, LicenseServiceOptions } from './LicenseService';
import { SyncService } from './SyncService';
import { TokenService } from './TokenService';

jest.setTimeout(120_000);

const GUEST = 'user:default/guest';
// Fixture "Example Corp Tokyo": Notes (50 licenses, DMPTK0001-0003 hold one), Field
// Survey (5, one left), Scanner (20, none used), Legacy Viewer (not device-assignable),
// Kiosk Signage (not revocable), Employee Handbook (a book).
const NOTES = '6450000101';
const SURVEY = '6450000102';
const SCANNER = '6450000106';
const LEGACY = '6450000109';
const KIOSK = '6450000110';
const HANDBOOK = '6450000201';
// Apple's rules for following events, made fast: the simulator finishes them at once.
const fastEvents = { pollIntervalMs: 10, firstPollDelayMs: 0 };

describe.each(TestDatabases.create().eachSupportedId())(
  'LicenseService against the simulator (%s)',
  databaseId => {
    const databases = TestDatabases.create();
    let sim: RunningSimulator;
    let tokenStore: DatabaseTokenStore;
    let content: DatabaseContentStore;
    let ledger: DatabaseLicenseStore;
    let tokens: TokenService;
    let sync: SyncService;
    let tokenId: string;
    let tokenFile: string;

    beforeAll(async () => {
      sim = await startSimulator({
        port: 0,
        rateLimit: false,
        eventDelayMs: 0,
      });
    });
    afterAll(async () => {
      await sim.close();
    });

    beforeEach(async () => {
      sim.state.reset();
      const stores = await openContentStores(databases, databaseId);
      ({ tokenStore, content } = stores);
      ledger = await DatabaseLicenseStore.create({ database: stores.database });
      tokens = makeTokenService(tokenStore, sim.appleBaseUrl);
      sync = makeSyncService({
        tokens: tokenStore,
        content,
        appleBaseUrl: sim.appleBaseUrl,
        lookupUrl: sim.lookupUrl,
      });
      tokenFile = sim.state.downloadToken(
        'loc-tokyo',
        DateTime.utc().plus({ days: 200 }).toISO()!,
      );
      tokenId = (
        await tokens.register(
          { tokenFile, owner: 'group:default/tokyo-it' },
          GUEST,
        )
      ).id;
      await sync.syncToken(tokenId, { full: true });
      sim.state.clearRequestLog();
    });

    function licenses(overrides: Partial<LicenseServiceOptions> = {}) {
      return new LicenseService({
        tokens: tokenStore,
        content,
        ledger,
        cipher: TEST_CIPHER,
        appleBaseUrl: sim.appleBaseUrl,
        mdmIdentity: TEST_MDM_IDENTITY,
        warningDays: 30,
        logger: mockServices.logger.mock(),
        eventWait: fastEvents,
        ...overrides,
      });
    }

    const holds = (adamId: string, serial: string) =>
      sim.state.holdsDeviceLicense(adamId, serial);
    const posts = () => sim.state.requests().filter(r => r.method === 'POST');

    it('reports in a dry run what Apple would be asked, and changes nothing', async () => {
      sim.state.setOptions({ limits: { maxSerialNumbers: 2 } });
      const result = await licenses().assign(
        {
          tokenId,
          adamIds: [NOTES, SCANNER],
          serials: ['DMPTK0001', 'NEW0001', 'NEW0002', 'NEW0003'],
          dryRun: true,
        },
        GUEST,
      );
      expect(result).toMatchObject({
        dryRun: true,
        succeeded: [],
        failed: [],
        pending: [],
        skipped: [
          {
            adamId: NOTES,
            serialNumber: 'DMPTK0001',
            reason: 'already-assigned',
          },
        ],
        apps: [
          {
            adamId: NOTES,
            name: 'サンプルノート',
            requested: 3,
            available: 46,
          },
          { adamId: SCANNER, requested: 4, available: 20 },
        ],
      });
      // The new serials need both apps, DMPTK0001 only Scanner: two groups, each in
      // calls of at most two serial numbers.
      expect(result.appleRequests).toEqual([
        { adamIds: [NOTES, SCANNER], serialNumbers: ['NEW0001', 'NEW0002'] },
        { adamIds: [NOTES, SCANNER], serialNumbers: ['NEW0003'] },
        { adamIds: [SCANNER], serialNumbers: ['DMPTK0001'] },
      ]);
      expect(result.message).toMatch(/^Dry run: 7 licenses would be assigned/);
      expect(posts()).toEqual([]);
      expect(
        sim.state.requests().filter(r => r.path !== '/mdm/v2/service/config'),
      ).toEqual([]);
      expect(await ledger.listAll(tokenId)).toEqual([]);
      expect(holds(SCANNER, 'NEW0001')).toBe(false);
    });

    it('assigns in the fewest calls, records who and when, and reports 9709 per pair', async () => {
      sim.state.setOptions({ limits: { maxSerialNumbers: 2, maxAssets: 1 } });
      const service = licenses();
      const serials = ['NEW0001', 'NEW0002', 'NEW0003'];
      const result = await service.assign(
        { tokenId, adamIds: [NOTES, SURVEY], serials },
        GUEST,
      );
      // 2 apps (1 per call) × 3 serials (2 per call) = 4 calls, the minimum.
      expect(result.appleRequests).toHaveLength(4);
      expect(
        posts().filter(r => r.path === '/mdm/v2/assets/associate'),
      ).toHaveLength(4);
      // Field Survey had one license left: the first serial gets it, the others 9709.
      expect(result.succeeded).toHaveLength(4);
      expect(result.failed).toEqual([
        expect.objectContaining({
          adamId: SURVEY,
          serialNumber: 'NEW0002',
          errorNumber: 9709,
          reason: expect.stringMatching(/\(Apple error 9709\)$/),
        }),
        expect.objectContaining({
          adamId: SURVEY,
          serialNumber: 'NEW0003',
          errorNumber: 9709,
        }),
      ]);
      for (const serial of serials) expect(holds(NOTES, serial)).toBe(true);
      expect(holds(SURVEY, 'NEW0001')).toBe(true);
      expect(holds(SURVEY, 'NEW0002')).toBe(false);

      const listed = await service.list({ tokenId, mode: 'manual' });
      expect(listed.totalCount).toBe(4);
      for (const item of listed.items) {
        expect(item).toEqual({
          tokenId,
          adamId: expect.any(String),
          pricingParam: 'STDQ',
          serialNumber: expect.stringMatching(/^NEW/),
          mode: 'manual',
          state: 'assigned',
          assignedBy: GUEST,
          assignedAt: expect.any(String),
        });
      }
      // Failed pairs leave nothing behind.
      expect(
        (await ledger.listAll(tokenId)).filter(e => e.adamId === SURVEY),
      ).toHaveLength(1);

      // Again: all assigned already, nothing is sent.
      sim.state.clearRequestLog();
      const again = await service.assign(
        { tokenId, adamIds: [NOTES], serials },
        GUEST,
      );
      expect(again.appleRequests).toEqual([]);
      expect(again.skipped.map(s => s.reason)).toEqual([
        'already-assigned',
        'already-assigned',
        'already-assigned',
      ]);
      expect(posts()).toEqual([]);
    });

    it('lists the ledger with pre-existing licenses derived from the sync, filtered and paged', async () => {
      const service = licenses();
      await service.assign(
        { tokenId, adamIds: [NOTES], serials: ['NEW0001'] },
        GUEST,
      );
      const all = await service.list({ tokenId, limit: 500 });
      // The fixture's 13 device assignments in Tokyo, plus ours.
      expect(all.totalCount).toBe(14);
      expect(all.items[0]).toMatchObject({
        serialNumber: 'NEW0001',
        mode: 'manual',
      });
      expect(all.items.slice(1).every(i => i.mode === 'pre-existing')).toBe(
        true,
      );
      expect(all.items[1]).toEqual({
        tokenId,
        adamId: NOTES,
        pricingParam: 'STDQ',
        serialNumber: 'DMPTK0001',
        mode: 'pre-existing',
        state: 'assigned',
      });

      const page = await service.list({ tokenId, offset: 1, limit: 2 });
      expect(page.totalCount).toBe(14);
      expect(page.items.map(i => i.serialNumber)).toEqual([
        'DMPTK0001',
        'DMPTK0002',
      ]);
      const bySerial = await service.list({
        tokenId,
        serialNumber: 'DMPTK0001',
      });
      expect(bySerial.items.map(i => i.adamId).sort()).toEqual([
        NOTES,
        SURVEY,
        '6450000104',
      ]);
      const byApp = await service.list({ tokenId, adamId: NOTES });
      expect(byApp.totalCount).toBe(4);
      const preExisting = await service.list({
        tokenId,
        adamId: NOTES,
        mode: 'pre-existing',
      });
      expect(preExisting.totalCount).toBe(3);
      // Without a token: every location the filter lets the caller read.
      expect((await service.list({})).totalCount).toBe(14);
      expect(
        (
          await service.list(
            {},
            { key: 'owner', values: ['group:default/someone-else'] },
          )
        ).totalCount,
      ).toBe(0);
    });

    it('revokes ledger and pre-existing licenses, and stops listing them at once', async () => {
      const service = licenses();
      await service.assign(
        { tokenId, adamIds: [NOTES], serials: ['NEW0001'] },
        GUEST,
      );
      sim.state.clearRequestLog();
      const dry = await service.revoke(
        {
          tokenId,
          adamIds: [NOTES],
          serials: ['NEW0001', 'DMPTK0002'],
          dryRun: true,
        },
        'user:default/admin',
      );
      expect(dry.appleRequests).toEqual([
        { adamIds: [NOTES], serialNumbers: ['NEW0001', 'DMPTK0002'] },
      ]);
      expect(posts()).toEqual([]);

      const result = await service.revoke(
        { tokenId, adamIds: [NOTES], serials: ['NEW0001', 'DMPTK0002'] },
        'user:default/admin',
      );
      expect(result.succeeded).toHaveLength(2);
      expect(holds(NOTES, 'NEW0001')).toBe(false);
      expect(holds(NOTES, 'DMPTK0002')).toBe(false);
      // The sync's copy still has DMPTK0002, but the ledger knows better.
      const listed = await service.list({ tokenId, adamId: NOTES });
      expect(listed.items.map(i => i.serialNumber)).toEqual([
        'DMPTK0001',
        'DMPTK0003',
      ]);
      expect(await ledger.listAll(tokenId)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            serialNumber: 'DMPTK0002',
            mode: 'pre-existing',
            state: 'revoked',
            revokedBy: 'user:default/admin',
          }),
        ]),
      );
      // After the next full sync the copy agrees.
      await sync.syncToken(tokenId, { full: true });
      expect((await service.list({ tokenId, adamId: NOTES })).totalCount).toBe(
        2,
      );
    });

    it('refuses apps that cannot take part, naming them', async () => {
      const service = licenses();
      await expect(
        service.assign(
          {
            tokenId,
            adamIds: [LEGACY, HANDBOOK, '999'],
            serials: ['NEW0001'],
          },
          GUEST,
        ),
      ).rejects.toThrow(
        /^999 is not among the apps of "Example Corp Tokyo" as of the last sync \(.*\); sync the token if it was bought since\. .* \(6450000109\) cannot be assigned to devices \(Apple marks it not device-assignable, e\.g\. bought as redemption codes\)\. .* \(6450000201\) is a book; only apps can be licensed to devices\.$/,
      );
      await expect(
        service.revoke(
          { tokenId, adamIds: [KIOSK], serials: ['DMPTK0010'] },
          GUEST,
        ),
      ).rejects.toThrow(/cannot be revoked \(Apple marks it not revocable\)/);
      expect(posts()).toEqual([]);
    });

    it('refuses expired and revoked tokens (R-TOK-8), saying why', async () => {
      const service = licenses();
      // Apple revoked it; we learn it from the first call and nothing is recorded.
      sim.state.setTokenState(tokenFile, 'revoked');
      await expect(
        service.assign(
          { tokenId, adamIds: [NOTES], serials: ['NEW0001'] },
          GUEST,
        ),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringMatching(
          /^Apple refused the token of "Example Corp Tokyo"; nothing was assigned\. Apple has revoked this token/,
        ),
      });
      expect(await ledger.listAll(tokenId)).toEqual([]);
      expect((await tokenStore.getToken(tokenId))?.appleState).toBe('revoked');
      // Now known: refused before any call.
      sim.state.clearRequestLog();
      await expect(
        service.revoke(
          { tokenId, adamIds: [NOTES], serials: ['DMPTK0001'] },
          GUEST,
        ),
      ).rejects.toThrow(
        /^Licenses cannot be revoked with "Example Corp Tokyo" because the token is revoked\./,
      );
      expect(sim.state.requests()).toEqual([]);

      // Expired by date: refused without asking Apple.
      const later = licenses({
        now: () => new Date(Date.now() + 400 * 86_400_000),
      });
      await tokenStore.setAppleState(tokenId, {
        appleState: 'ok',
        checkedAt: new Date(),
      });
      await expect(
        later.assign(
          { tokenId, adamIds: [NOTES], serials: ['NEW0001'] },
          GUEST,
        ),
      ).rejects.toThrow(/because the token is expired\. This token expired on/);
      expect(sim.state.requests()).toEqual([]);
    });

    it('sends each pair once when two requests overlap', async () => {
      const service = licenses();
      const serials = Array.from({ length: 20 }, (_, i) => `RACE${i}`);
      const [a, b] = await Promise.all([
        service.assign({ tokenId, adamIds: [SCANNER], serials }, GUEST),
        licenses().assign({ tokenId, adamIds: [SCANNER], serials }, GUEST),
      ]);
      expect(a.succeeded.length + b.succeeded.length).toBe(20);
      expect(a.skipped.length + b.skipped.length).toBe(20);
      const associated = (sim.state as any).events
        .list('loc-tokyo')
        .filter((e: { eventType: string }) => e.eventType === 'ASSOCIATE')
        .reduce(
          (n: number, e: { numRequested: number }) => n + e.numRequested,
          0,
        );
      expect(associated).toBe(20);
    });

    it('lists orphans: ledger entries Apple no longer shows, and unmanaged serials through the device seam', async () => {
      const service = licenses({ syncSettleMs: 0 });
      await service.assign(
        { tokenId, adamIds: [NOTES], serials: ['NEW0001', 'NEW0002'] },
        GUEST,
      );
      // Someone else takes NEW0001's license away at Apple.
      const client = new AppleVppClient({
        token: tokenFile,
        baseUrl: sim.appleBaseUrl,
      });
      await client.disassociateAssetsAndWait(
        { assets: [{ adamId: NOTES }], serialNumbers: ['NEW0001'] },
        fastEvents,
      );
      const before = await service.findOrphans(tokenId);
      // Not yet: the last full sync is older than the assignment.
      expect(before.notAtApple.items).toEqual([]);
      expect(before.unmanagedSerials).toMatchObject({
        checked: false,
        message: expect.stringMatching(/no device inventory/),
      });

      await sync.syncToken(tokenId, { full: true });
      const after = await service.findOrphans(tokenId);
      expect(after.comparedWith).toBeDefined();
      expect(after.notAtApple).toEqual({
        items: [
          expect.objectContaining({
            adamId: NOTES,
            serialNumber: 'NEW0001',
            mode: 'manual',
          }),
        ],
        totalCount: 1,
      });

      const withDevices = licenses({
        syncSettleMs: 0,
        managedSerials: async serials =>
          new Set(serials.filter(s => s.startsWith('DMPTK'))),
      });
      const unmanaged = (await withDevices.findOrphans(tokenId))
        .unmanagedSerials;
      expect(unmanaged.checked).toBe(true);
      expect(unmanaged.items.map(i => `${i.serialNumber}/${i.mode}`)).toEqual([
        'NEW0002/manual',
        'C02TK0001/pre-existing',
      ]);
    });
  },
);
