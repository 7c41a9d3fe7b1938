import { startTestBackend } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import { DateTime } from 'luxon';
import request from 'supertest';
import { vppPlugin } from '../plugin';
import {
  permissionsBy,
  RecordedAuditEvent,
  recordingAuditor,
  registerTokyoAndWaitForSync,
  vppTestConfig,
} from '../__testUtils__/pluginBackend';

jest.setTimeout(60_000);

const NOTES = '6450000101';
const SCANNER = '6450000106';

describe('license ledger API (against the simulator)', () => {
  let sim: RunningSimulator;
  let server: Parameters<typeof request>[0];
  let auditEvents: RecordedAuditEvent[];
  let listDecision: PolicyDecision | undefined;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, rateLimit: false, eventDelayMs: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  /**
   * Starts the plugin. `denied` permissions are refused; `vpp.token.read` lists are
   * answered with `listDecision`.
   */
  async function start(
    options: { denied?: string[]; listDecision?: PolicyDecision } = {},
  ) {
    sim.state.reset();
    auditEvents = [];
    listDecision = options.listDecision;
    const denied = options.denied ?? [];
    const backend = await startTestBackend({
      features: [
        vppPlugin,
        recordingAuditor(auditEvents),
        permissionsBy(
          permission => !denied.includes(permission),
          permission =>
            permission === 'vpp.token.read' && listDecision
              ? listDecision
              : { result: AuthorizeResult.ALLOW },
        ),
        vppTestConfig({ baseUrl: sim.appleBaseUrl, lookupUrl: sim.lookupUrl }),
      ],
    });
    server = backend.server;
  }

  async function registerAndSync(): Promise<string> {
    // Registration starts the first sync by itself; wait for it to end.
    const id = await registerTokyoAndWaitForSync(
      server,
      sim,
      DateTime.utc().plus({ days: 200 }).toISO()!,
    );
    auditEvents.length = 0;
    sim.state.clearRequestLog();
    return id;
  }

  const posts = () => sim.state.requests().filter(r => r.method === 'POST');

  it('assigns in a dry run without changing anything, then for real with an audit event', async () => {
    await start();
    const tokenId = await registerAndSync();
    const body = {
      tokenId,
      adamIds: [NOTES, SCANNER],
      serials: ['NEW0001', 'DMPTK0001'],
    };
    const dry = await request(server)
      .post('/api/vpp/licenses/assign')
      .send({ ...body, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      tokenId,
      action: 'assign',
      dryRun: true,
      appleRequests: [
        { adamIds: [NOTES, SCANNER], serialNumbers: ['NEW0001'] },
        { adamIds: [SCANNER], serialNumbers: ['DMPTK0001'] },
      ],
      skipped: [
        {
          adamId: NOTES,
          serialNumber: 'DMPTK0001',
          reason: 'already-assigned',
        },
      ],
    });
    expect(posts()).toEqual([]);
    expect(auditEvents).toEqual([]);

    // Waits for Apple's event at Apple's pace (first look after 5 s).
    const done = await request(server)
      .post('/api/vpp/licenses/assign')
      .send(body);
    expect(done.status).toBe(200);
    expect(done.body.succeeded).toHaveLength(3);
    expect(done.body.message).toBe(
      '3 licenses assigned, 0 failed, 0 still in progress at Apple, 1 left alone (2 calls to Apple).',
    );
    expect(
      posts().filter(r => r.path === '/mdm/v2/assets/associate'),
    ).toHaveLength(2);
    expect(auditEvents).toEqual([
      { eventId: 'license-assign', outcome: 'success' },
    ]);

    const list = await request(server).get(
      `/api/vpp/licenses?tokenId=${tokenId}&mode=manual`,
    );
    expect(list.body).toMatchObject({
      totalCount: 3,
      items: expect.arrayContaining([
        expect.objectContaining({
          adamId: SCANNER,
          serialNumber: 'DMPTK0001',
          mode: 'manual',
          assignedBy: 'user:default/mock',
        }),
      ]),
    });
    const all = await request(server).get('/api/vpp/licenses?limit=1');
    expect(all.body.totalCount).toBe(13 + 3);

    const orphans = await request(server).get(
      `/api/vpp/licenses/orphans?tokenId=${tokenId}`,
    );
    expect(orphans.status).toBe(200);
    expect(orphans.body).toMatchObject({
      tokenId,
      notAtApple: { items: [], totalCount: 0 },
      unmanagedSerials: { checked: true },
    });
    // This backend manages no device, so every serial Apple licenses is unmanaged.
    expect(orphans.body.unmanagedSerials.items.length).toBeGreaterThan(0);
    for (const item of orphans.body.unmanagedSerials.items) {
      expect(item).toMatchObject({ tokenId, state: 'assigned' });
    }
  });

  it('refuses bad requests with a 400 naming the problem, before asking Apple', async () => {
    await start();
    const tokenId = await registerAndSync();
    const cases: Array<[object, string | RegExp]> = [
      [{ adamIds: [NOTES], serials: ['A1'] }, /^tokenId is required/],
      [
        { tokenId, adamIds: ['notes'], serials: ['A1'] },
        'adamIds must be App Store ids (digits only); these are not: "notes".',
      ],
      [
        { tokenId, adamIds: [NOTES], serials: ['C02 X', 'ok1', ''] },
        'serials must be device serial numbers (letters and digits); these 2 are not: "C02 X", "".',
      ],
      [
        { tokenId, adamIds: [], serials: ['A1'] },
        'adamIds must name at least one app.',
      ],
      [
        { tokenId, adamIds: [NOTES], serials: ['A1'], dryRun: 'yes' },
        'dryRun must be true or false.',
      ],
      [
        { tokenId, adamIds: ['6450000109'], serials: ['A1'] },
        /cannot be assigned to devices/,
      ],
    ];
    for (const [body, message] of cases) {
      const res = await request(server)
        .post('/api/vpp/licenses/assign')
        .send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
    const query = await request(server).get('/api/vpp/licenses?mode=lost');
    expect(query.status).toBe(400);
    expect(query.body.error.message).toBe(
      'mode must be one of auto, manual, pre-existing.',
    );
    const orphans = await request(server).get('/api/vpp/licenses/orphans');
    expect(orphans.status).toBe(400);
    expect(
      (
        await request(server)
          .post('/api/vpp/licenses/revoke')
          .send({ tokenId: 'nope', adamIds: [NOTES], serials: ['A1'] })
      ).status,
    ).toBe(404);
    expect(posts()).toEqual([]);
  });

  it('needs vpp.license.manage on the token to assign or revoke, and token read to list', async () => {
    await start({
      denied: ['vpp.license.manage', 'vpp.token.read'],
      listDecision: { result: AuthorizeResult.DENY },
    });
    for (const action of ['assign', 'revoke']) {
      const res = await request(server)
        .post(`/api/vpp/licenses/${action}`)
        .send({ tokenId: 't1', adamIds: [NOTES], serials: ['A1'] });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        `You are not allowed to ${action} licenses of this content token (permission vpp.license.manage).`,
      );
    }
    const one = await request(server).get('/api/vpp/licenses?tokenId=t1');
    expect(one.status).toBe(403);
    expect(one.body.error.message).toMatch(
      /see this content token's licenses \(permission vpp\.token\.read\)/,
    );
    expect(
      (await request(server).get('/api/vpp/licenses/orphans?tokenId=t1'))
        .status,
    ).toBe(403);
    // Lists are filtered, not refused.
    expect((await request(server).get('/api/vpp/licenses')).body).toEqual({
      items: [],
      totalCount: 0,
    });
    expect(auditEvents).toEqual([]);
  });

  it('lists only the licenses of tokens the owner condition allows', async () => {
    const owners = (group: string): PolicyDecision => ({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'vpp',
      resourceType: 'vpp-token',
      conditions: {
        rule: 'IS_TOKEN_OWNER',
        resourceType: 'vpp-token',
        params: { owners: [group] },
      },
    });
    await start({ listDecision: owners('group:default/osaka-it') });
    await registerAndSync();
    expect((await request(server).get('/api/vpp/licenses')).body).toEqual({
      items: [],
      totalCount: 0,
    });
    listDecision = owners('group:default/tokyo-it');
    const mine = await request(server).get('/api/vpp/licenses?limit=2');
    expect(mine.body.totalCount).toBe(13);
    expect(mine.body.items).toHaveLength(2);
  });
});
