import { RunningSimulator } from '../server';
import {
  AppleClient,
  appleClient,
  startTestSimulator,
  tokenOf,
} from '../testUtils';

const NOTES = { adamId: '6450000101', pricingParam: 'STDQ' };
const FIELD_SURVEY = { adamId: '6450000102', pricingParam: 'STDQ' };
const MENU_BAR = { adamId: '6450000103', pricingParam: 'STDQ' };
const CHAT = { adamId: '6450000104', pricingParam: 'STDQ' };
const LEGACY_VIEWER = { adamId: '6450000109', pricingParam: 'STDQ' };
const KIOSK = { adamId: '6450000110', pricingParam: 'STDQ' };
const HANDBOOK = { adamId: '6450000201', pricingParam: 'STDQ' };

const serials = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('asset and user management (async events)', () => {
  let sim: RunningSimulator;
  let tokyo: AppleClient;

  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.state.reset();
    tokyo = appleClient(sim, tokenOf(sim, 'loc-tokyo'));
  });

  async function assetOf(client: AppleClient, adamId: string) {
    const answer = await client.get(`/assets?adamId=${adamId}`);
    return answer.body.assets[0];
  }

  /** Runs an event to completion (event-driven, no sleeps) and returns its status. */
  async function finished(client: AppleClient, eventId: string) {
    await sim.state.waitForEvent(eventId);
    const status = await client.get(`/status?eventId=${eventId}`);
    expect(status.status).toBe(200);
    return status.body;
  }

  describe('associate', () => {
    it('returns an EventResponse, is PENDING, then COMPLETE with numRequested = assets × (serials + users)', async () => {
      sim.state.setOptions({ eventDelayMs: 60_000 });
      const answer = await tokyo.post('/assets/associate', {
        assets: [NOTES, CHAT],
        serialNumbers: ['serial-1', 'serial-2', 'serial-3', 'serial-4'],
        clientUserIds: ['user-tanaka', 'user-suzuki'],
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        uId: '2049025000431001',
      });
      const pending = await tokyo.get(`/status?eventId=${answer.body.eventId}`);
      expect(pending.body).toEqual({
        eventStatus: 'PENDING',
        eventType: 'ASSOCIATE',
        numCompleted: 0,
        numRequested: 12,
        uId: '2049025000431001',
      });
      // Nothing is assigned before the event completes.
      expect((await assetOf(tokyo, '6450000101')).assignedCount).toBe(4);

      sim.state.completePendingEvents();
      const complete = await tokyo.get(
        `/status?eventId=${answer.body.eventId}`,
      );
      expect(complete.body).toEqual({
        eventStatus: 'COMPLETE',
        eventType: 'ASSOCIATE',
        numCompleted: 12,
        numRequested: 12,
        uId: '2049025000431001',
      });
      const notes = await assetOf(tokyo, '6450000101');
      expect(notes).toMatchObject({ assignedCount: 9, availableCount: 41 });
      const assignments = await tokyo.get('/assignments?serialNumber=serial-3');
      expect(assignments.body.assignments).toEqual([
        { ...NOTES, serialNumber: 'serial-3' },
        { ...CHAT, serialNumber: 'serial-3' },
      ]);
    });

    it('re-associating an existing pair is a no-op that consumes no licence', async () => {
      const before = await assetOf(tokyo, '6450000101');
      const answer = await tokyo.post('/assets/associate', {
        assets: [NOTES],
        serialNumbers: ['DMPTK0001', 'DMPTK0002'],
      });
      const status = await finished(tokyo, answer.body.eventId);
      expect(status).toMatchObject({
        eventStatus: 'COMPLETE',
        numCompleted: 2,
        numRequested: 2,
      });
      expect(await assetOf(tokyo, '6450000101')).toEqual(before);
    });

    it('assigns what is available and FAILS the rest with 9709 naming the serials', async () => {
      // Field Survey has 1 licence left in Tokyo.
      const answer = await tokyo.post('/assets/associate', {
        assets: [FIELD_SURVEY],
        serialNumbers: ['NEW-A', 'NEW-B', 'NEW-C'],
      });
      expect(answer.status).toBe(200);
      const status = await finished(tokyo, answer.body.eventId);
      expect(status).toEqual({
        eventStatus: 'FAILED',
        eventType: 'ASSOCIATE',
        failures: [
          {
            errorNumber: 9709,
            errorMessage:
              'There are not enough licenses for this app or book available to assign to the selected group.',
            errorInfo: {
              assets: [FIELD_SURVEY],
              serialNumbers: ['NEW-B', 'NEW-C'],
            },
          },
        ],
        numCompleted: 1,
        numRequested: 3,
        uId: '2049025000431001',
      });
      expect(await assetOf(tokyo, '6450000102')).toMatchObject({
        assignedCount: 5,
        availableCount: 0,
        totalCount: 5,
      });
    });

    it('fails clientUserIds without a registered user with 9609 (Apple’s 14/16 example)', async () => {
      const answer = await tokyo.post('/assets/associate', {
        assets: [NOTES, CHAT],
        clientUserIds: ['user-tanaka', 'user-suzuki', 'user-nobody'],
        serialNumbers: ['S-1', 'S-2', 'S-3'],
      });
      const status = await finished(tokyo, answer.body.eventId);
      expect(status).toMatchObject({
        eventStatus: 'FAILED',
        numCompleted: 10,
        numRequested: 12,
        failures: [
          {
            errorNumber: 9609,
            errorInfo: { clientUserIds: ['user-nobody'] },
          },
        ],
      });
    });

    it('counts licences across concurrent events', async () => {
      sim.state.setOptions({ eventDelayMs: 60_000 });
      const osaka = appleClient(sim, tokenOf(sim, 'loc-osaka'));
      // Osaka: Example Notes has 1 licence left.
      const first = await osaka.post('/assets/associate', {
        assets: [NOTES],
        serialNumbers: ['X-1'],
      });
      const second = await osaka.post('/assets/associate', {
        assets: [NOTES],
        serialNumbers: ['X-2'],
      });
      sim.state.completePendingEvents();
      expect(
        (await osaka.get(`/status?eventId=${first.body.eventId}`)).body
          .eventStatus,
      ).toBe('COMPLETE');
      const failed = (await osaka.get(`/status?eventId=${second.body.eventId}`))
        .body;
      expect(failed.eventStatus).toBe('FAILED');
      expect(failed.failures[0].errorInfo.serialNumbers).toEqual(['X-2']);
    });
  });

  describe('disassociate and revoke', () => {
    it('disassociate returns licences; unknown pairs are harmless', async () => {
      const answer = await tokyo.post('/assets/disassociate', {
        assets: [FIELD_SURVEY],
        serialNumbers: ['DMPTK0001', 'DMPTK0002', 'NEVER-ASSIGNED'],
      });
      const status = await finished(tokyo, answer.body.eventId);
      expect(status).toMatchObject({
        eventStatus: 'COMPLETE',
        eventType: 'DISASSOCIATE',
        numCompleted: 3,
        numRequested: 3,
      });
      expect(await assetOf(tokyo, '6450000102')).toMatchObject({
        assignedCount: 2,
        availableCount: 3,
      });
      const left = await tokyo.get('/assignments?adamId=6450000102');
      expect(left.body.assignments.map((a: any) => a.serialNumber)).toEqual([
        'DMPTK0003',
        'DMPTK0004',
      ]);
    });

    it('revoke removes every revocable asset of the serials and users', async () => {
      const answer = await tokyo.post('/assets/revoke', {
        serialNumbers: ['DMPTK0001', 'DMPTK0010'],
        clientUserIds: ['user-tanaka'],
      });
      expect(answer.status).toBe(200);
      const status = await finished(tokyo, answer.body.eventId);
      expect(status).toMatchObject({
        eventStatus: 'COMPLETE',
        eventType: 'REVOKE',
        numRequested: 3,
        numCompleted: 3,
      });
      const device = await tokyo.get('/assignments?serialNumber=DMPTK0001');
      expect(device.body.assignments).toEqual([]);
      const user = await tokyo.get('/assignments?clientUserId=user-tanaka');
      expect(user.body.assignments).toEqual([]);
      // The kiosk app is not revocable and stays.
      const kiosk = await tokyo.get('/assignments?serialNumber=DMPTK0010');
      expect(kiosk.body.assignments).toEqual([
        { ...KIOSK, serialNumber: 'DMPTK0010' },
      ]);
      expect((await assetOf(tokyo, '6450000101')).assignedCount).toBe(2);
    });
  });

  describe('synchronous errors', () => {
    const tooMany = (n: number) => serials('S', n);
    it.each([
      ['associate', {}, 9718],
      ['associate', { assets: [], serialNumbers: ['A'] }, 9718],
      ['associate', { assets: [NOTES] }, 9719],
      [
        'associate',
        { assets: [NOTES], serialNumbers: [], clientUserIds: [] },
        9719,
      ],
      [
        'associate',
        { assets: [{ adamId: 'abc' }], serialNumbers: ['A'] },
        9602,
      ],
      [
        'associate',
        { assets: [{ ...NOTES, pricingParam: 'GOLD' }], serialNumbers: ['A'] },
        9602,
      ],
      ['associate', { assets: [NOTES], serialNumbers: [42] }, 9602],
      [
        'associate',
        {
          assets: Array.from({ length: 26 }, (_, i) => ({
            adamId: String(100 + i),
          })),
          serialNumbers: ['A'],
        },
        9700,
      ],
      ['associate', { assets: [NOTES], clientUserIds: tooMany(1001) }, 9701],
      ['associate', { assets: [NOTES], serialNumbers: tooMany(1001) }, 9702],
      ['associate', { assets: [NOTES, NOTES], serialNumbers: ['A'] }, 9703],
      ['associate', { assets: [NOTES], clientUserIds: ['u', 'u'] }, 9704],
      ['associate', { assets: [NOTES], serialNumbers: ['A', 'A'] }, 9705],
      ['associate', { assets: [HANDBOOK], serialNumbers: ['A'] }, 9707],
      [
        'associate',
        { assets: [LEGACY_VIEWER, NOTES], serialNumbers: ['A'] },
        9707,
      ],
      [
        'associate',
        {
          assets: [{ adamId: '6450000108', pricingParam: 'STDQ' }],
          serialNumbers: ['A'],
        },
        9602,
      ],
      ['disassociate', { assets: [KIOSK], serialNumbers: ['A'] }, 9706],
      ['disassociate', { assets: [NOTES] }, 9719],
      ['revoke', {}, 9719],
      ['revoke', { serialNumbers: tooMany(101) }, 9702],
      ['revoke', { clientUserIds: tooMany(101) }, 9701],
      ['revoke', { serialNumbers: ['A', 'A'] }, 9705],
      ['revoke', { clientUserIds: ['u', 'u'] }, 9704],
    ])('%s %j → %i with HTTP 400', async (endpoint, body, errorNumber) => {
      const answer = await tokyo.post(`/assets/${endpoint}`, body);
      expect(answer.status).toBe(400);
      expect(answer.body.errorNumber).toBe(errorNumber);
      expect(answer.body.eventId).toBeUndefined();
      expect(sim.state.events.list()).toHaveLength(0);
    });

    it('names the offending assets in errorInfo', async () => {
      const notAssignable = await tokyo.post('/assets/associate', {
        assets: [HANDBOOK, NOTES],
        serialNumbers: ['A'],
      });
      expect(notAssignable.body.errorInfo).toEqual({ assets: [HANDBOOK] });
      const notOwned = await tokyo.post('/assets/associate', {
        assets: [NOTES, { adamId: '6450000108', pricingParam: 'STDQ' }],
        serialNumbers: ['A'],
      });
      expect(notOwned.body.errorInfo).toEqual({
        assets: [{ adamId: '6450000108', pricingParam: 'STDQ' }],
      });
    });

    it('books can still be assigned to users', async () => {
      const answer = await tokyo.post('/assets/associate', {
        assets: [HANDBOOK],
        clientUserIds: ['user-suzuki'],
      });
      expect(answer.status).toBe(200);
      expect((await finished(tokyo, answer.body.eventId)).eventStatus).toBe(
        'COMPLETE',
      );
    });

    it('with unknownAssetError=async an unowned asset fails in /status instead', async () => {
      sim.state.setOptions({ unknownAssetError: 'async' });
      const answer = await tokyo.post('/assets/associate', {
        assets: [NOTES, { adamId: '6450000108', pricingParam: 'STDQ' }],
        serialNumbers: ['A', 'B'],
      });
      expect(answer.status).toBe(200);
      const status = await finished(tokyo, answer.body.eventId);
      expect(status).toMatchObject({
        eventStatus: 'FAILED',
        numCompleted: 2,
        numRequested: 4,
        failures: [
          {
            errorNumber: 9602,
            errorInfo: {
              assets: [{ adamId: '6450000108', pricingParam: 'STDQ' }],
            },
          },
        ],
      });
    });

    it('maxAssets follows the configured limits', async () => {
      sim.state.setOptions({ limits: { maxAssets: 1 } });
      const answer = await tokyo.post('/assets/associate', {
        assets: [NOTES, MENU_BAR],
        serialNumbers: ['A'],
      });
      expect(answer.body.errorNumber).toBe(9700);
    });

    it('/status: missing eventId → 9602, unknown or another location’s → 9708', async () => {
      expect((await tokyo.get('/status')).body.errorNumber).toBe(9602);
      const unknown = await tokyo.get(
        '/status?eventId=00000000-0000-0000-0000-000000000000',
      );
      expect(unknown.status).toBe(400);
      expect(unknown.body).toEqual({
        errorNumber: 9708,
        errorMessage: 'EventId could not be found.',
      });
      const event = await tokyo.post('/assets/associate', {
        assets: [NOTES],
        serialNumbers: ['A'],
      });
      const osaka = appleClient(sim, tokenOf(sim, 'loc-osaka'));
      expect(
        (await osaka.get(`/status?eventId=${event.body.eventId}`)).body
          .errorNumber,
      ).toBe(9708);
    });
  });

  describe('users', () => {
    it('GET /users answers like Apple’s example and filters', async () => {
      const all = await tokyo.get('/users');
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({
        currentPageIndex: 0,
        size: 3,
        totalPages: 1,
        uId: '2049025000431001',
        versionId: expect.any(String),
      });
      expect(all.body.users).toEqual([
        {
          clientUserId: 'user-tanaka',
          email: 'tanaka@example.co.jp',
          idHash: expect.any(String),
          status: 'Associated',
        },
        {
          clientUserId: 'user-suzuki',
          email: 'suzuki@example.co.jp',
          inviteCode: expect.stringMatching(/^[0-9a-f]{32}$/),
          status: 'Registered',
        },
        {
          clientUserId: 'user-sato',
          email: 'sato@example.co.jp',
          status: 'Retired',
        },
      ]);
      const active = await tokyo.get('/users?activeOnly=true');
      expect(active.body.users.map((u: any) => u.clientUserId)).toEqual([
        'user-tanaka',
        'user-suzuki',
      ]);
      const retired = await tokyo.get('/users?retiredOnly=true');
      expect(retired.body.users.map((u: any) => u.clientUserId)).toEqual([
        'user-sato',
      ]);
      const one = await tokyo.get('/users?clientUserId=user-suzuki');
      expect(one.body.users).toHaveLength(1);
      sim.state.setOptions({ pageSizes: { users: 2 } });
      const paged = await tokyo.get('/users?pageIndex=1');
      expect(paged.body).toMatchObject({
        currentPageIndex: 1,
        size: 1,
        totalPages: 2,
      });
      expect((await tokyo.get('/users?pageIndex=2')).body.errorNumber).toBe(
        9650,
      );
    });

    it('create → update → retire, with statuses, sinceVersionId and 9716/9609 failures', async () => {
      const start = (await tokyo.get('/users')).body.versionId;
      const created = await tokyo.post('/users/create', {
        users: [
          { clientUserId: 'client-1', email: 'client-1@example.co.jp' },
          {
            clientUserId: 'client-2',
            email: 'client-2@example.co.jp',
            managedAppleId: 'c2@appleid.example.co.jp',
          },
          { clientUserId: 'user-tanaka', email: 'dup@example.co.jp' },
        ],
      });
      expect(created.status).toBe(200);
      const createStatus = await finished(tokyo, created.body.eventId);
      expect(createStatus).toMatchObject({
        eventStatus: 'FAILED',
        eventType: 'CREATE',
        numCompleted: 2,
        numRequested: 3,
        failures: [
          { errorNumber: 9716, errorInfo: { clientUserIds: ['user-tanaka'] } },
        ],
      });
      const changed = await tokyo.get(`/users?sinceVersionId=${start}`);
      expect(changed.body.users).toEqual([
        {
          clientUserId: 'client-1',
          email: 'client-1@example.co.jp',
          inviteCode: expect.any(String),
          status: 'Registered',
        },
        {
          clientUserId: 'client-2',
          email: 'client-2@example.co.jp',
          idHash: expect.any(String),
          status: 'Associated',
        },
      ]);

      const updated = await tokyo.post('/users/update', {
        users: [
          { clientUserId: 'client-1', email: 'new@example.co.jp' },
          { clientUserId: 'ghost' },
        ],
      });
      expect(await finished(tokyo, updated.body.eventId)).toMatchObject({
        eventStatus: 'FAILED',
        eventType: 'UPDATE',
        numCompleted: 1,
        failures: [
          { errorNumber: 9609, errorInfo: { clientUserIds: ['ghost'] } },
        ],
      });

      const retired = await tokyo.post('/users/retire', {
        users: [{ clientUserId: 'client-1' }],
      });
      expect(await finished(tokyo, retired.body.eventId)).toMatchObject({
        eventStatus: 'COMPLETE',
        eventType: 'RETIRE',
        numCompleted: 1,
        numRequested: 1,
      });
      const row = await tokyo.get('/users?clientUserId=client-1');
      expect(row.body.users).toEqual([
        {
          clientUserId: 'client-1',
          email: 'new@example.co.jp',
          status: 'Retired',
        },
      ]);
      // A retired clientUserId can be created again: one Retired and one active row.
      const again = await tokyo.post('/users/create', {
        users: [{ clientUserId: 'client-1' }],
      });
      expect((await finished(tokyo, again.body.eventId)).eventStatus).toBe(
        'COMPLETE',
      );
      expect(
        (await tokyo.get('/users?clientUserId=client-1')).body.users,
      ).toHaveLength(2);
      expect(
        (await tokyo.get('/users?clientUserId=client-1&activeOnly=true')).body
          .users,
      ).toHaveLength(1);
      expect(
        (
          await tokyo.get(
            '/users?sinceVersionId=00000000-0000-0000-0000-000000000000',
          )
        ).body.errorNumber,
      ).toBe(9721);
    });

    it('retiring a user returns its licences', async () => {
      const before = await assetOf(tokyo, '6450000101');
      const retired = await tokyo.post('/users/retire', {
        users: [{ clientUserId: 'user-tanaka' }],
      });
      await finished(tokyo, retired.body.eventId);
      expect((await assetOf(tokyo, '6450000101')).assignedCount).toBe(
        before.assignedCount - 1,
      );
    });

    it.each([
      ['create', {}, 9720],
      ['create', { users: [] }, 9720],
      ['create', { users: [{ email: 'a@example.com' }] }, 9602],
      [
        'create',
        { users: serials('u', 101).map(clientUserId => ({ clientUserId })) },
        9714,
      ],
      [
        'create',
        { users: [{ clientUserId: 'a' }, { clientUserId: 'a' }] },
        9715,
      ],
      [
        'create',
        { users: [{ clientUserId: 'a', email: 'not-an-email' }] },
        9717,
      ],
      ['update', { users: [{ clientUserId: 'a', email: 'x@' }] }, 9717],
      ['retire', { users: [] }, 9720],
    ])('users/%s %j → %i', async (endpoint, body, errorNumber) => {
      const answer = await tokyo.post(`/users/${endpoint}`, body);
      expect(answer.status).toBe(400);
      expect(answer.body.errorNumber).toBe(errorNumber);
    });
  });
});
