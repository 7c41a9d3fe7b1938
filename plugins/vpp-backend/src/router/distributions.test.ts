import { startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
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

// Fixture "Example Corp Tokyo": Notes, a book (Employee Handbook) and an app that is
// not device-assignable (Legacy Viewer).
const NOTES = '6450000101';
const LEGACY = '6450000109';
const HANDBOOK = '6450000201';

describe('distributions API', () => {
  let sim: RunningSimulator;
  let server: Parameters<typeof request>[0];
  let auditEvents: RecordedAuditEvent[];
  let tokenId: string;
  const expiry = DateTime.utc().plus({ days: 200 }).startOf('second');

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, rateLimit: false, eventDelayMs: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  async function start(denied: string[] = []) {
    sim.state.reset();
    auditEvents = [];
    const backend = await startTestBackend({
      features: [
        vppPlugin,
        recordingAuditor(auditEvents, { withMeta: true }),
        permissionsBy(
          permission => !denied.includes(permission),
          permission => ({
            result: denied.includes(permission)
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
          }),
        ),
        vppTestConfig({ baseUrl: sim.appleBaseUrl, lookupUrl: sim.lookupUrl }),
      ],
    });
    server = backend.server;
    tokenId = await registerTokyoAndWaitForSync(server, sim, expiry.toISO()!);
    auditEvents.length = 0;
  }

  const body = (overrides: Record<string, unknown> = {}) => ({
    tokenId,
    adamIds: [NOTES],
    platform: 'ios',
    licenseMode: 'auto',
    // The test backend has no catalog, so no group filter here.
    targets: { enrolled: true },
    ...overrides,
  });

  it('refuses bad requests with specific 400s and writes nothing', async () => {
    await start();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ platform: 'android' }, 'platform is required: ios or macos.'],
      [{ adamIds: ['abc'] }, 'adamIds must be App Store ids'],
      [{ adamIds: [] }, 'adamIds must name at least one app.'],
      [
        { licenseMode: 'sometimes' },
        'licenseMode is required: auto or manual.',
      ],
      [
        { targets: { deviceIds: ['x'], enrolled: true } },
        'targets: give deviceIds or filters, not both',
      ],
      [{ colour: 'red' }, 'Unknown field colour.'],
      [{ scheduledAt: 'tomorrow' }, 'scheduledAt must be an ISO 8601 instant'],
      [
        { scheduledAt: expiry.toISO() },
        `scheduledAt must be no later than ${expiry
          .toUTC()
          .minus({ days: 1 })
          .toISODate()} (UTC)`,
      ],
      [{ adamIds: [HANDBOOK] }, 'is a book; only apps can be distributed.'],
      [{ adamIds: [LEGACY] }, 'cannot be assigned to devices'],
      [
        { targets: { deviceIds: ['no-such-device'] } },
        'No such device: no-such-device.',
      ],
      [{ vpnConfigId: 'nope' }, 'vpnConfigId: no VPN setting nope.'],
    ];
    for (const [overrides, message] of cases) {
      const res = await request(server)
        .post('/api/vpp/distributions')
        .send(body(overrides));
      expect({ overrides, status: res.status }).toEqual({
        overrides,
        status: 400,
      });
      expect(res.body.error.message).toContain(message);
    }
    const list = await request(server).get('/api/vpp/distributions');
    expect(list.body).toEqual({ items: [], totalCount: 0 });
  });

  it('plans in a dry run, creates with an audit event naming the token, lists, cancels', async () => {
    await start();
    const dry = await request(server)
      .post('/api/vpp/distributions')
      .send(body({ dryRun: true }));
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      plan: {
        devicesMatched: 0,
        apps: [{ adamId: NOTES, needed: 0, alreadyLicensed: 0 }],
      },
    });
    expect(auditEvents).toEqual([]);

    const created = await request(server)
      .post('/api/vpp/distributions')
      .send(
        body({
          scheduledAt: DateTime.utc().plus({ days: 1 }).toISO(),
          preventBackup: true,
        }),
      );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      tokenId,
      adamIds: [NOTES],
      platform: 'ios',
      licenseMode: 'auto',
      preventBackup: true,
      removable: true,
      state: 'scheduled',
      counts: {},
      createdBy: 'user:default/mock',
    });
    expect(auditEvents).toEqual([
      expect.objectContaining({
        eventId: 'distribution-create',
        outcome: 'success',
        meta: expect.objectContaining({ tokenId }),
      }),
    ]);
    const id = created.body.id;
    const list = await request(server).get(
      `/api/vpp/distributions?tokenId=${tokenId}&state=scheduled`,
    );
    expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([id]);
    expect(
      (
        await request(server).get(
          `/api/vpp/distributions/${id}/items?state=failed`,
        )
      ).body,
    ).toEqual({ items: [], totalCount: 0 });
    expect(
      (
        await request(server).get(
          `/api/vpp/distributions/${id}/items?state=done`,
        )
      ).status,
    ).toBe(400);

    const cancelled = await request(server).post(
      `/api/vpp/distributions/${id}/cancel`,
    );
    expect(cancelled.body.state).toBe('cancelled');
    const retry = await request(server).post(
      `/api/vpp/distributions/${id}/retry`,
    );
    expect(retry.status).toBe(409);
    expect(
      (await request(server).get('/api/vpp/distributions/nope')).status,
    ).toBe(404);
  });

  it('needs vpp.distribution.create on the token', async () => {
    await start(['vpp.distribution.create']);
    const res = await request(server)
      .post('/api/vpp/distributions')
      .send(body());
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('vpp.distribution.create');
  });
});
