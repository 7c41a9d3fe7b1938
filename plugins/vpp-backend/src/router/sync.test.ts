import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import { DateTime } from 'luxon';
import request from 'supertest';
import { vppPlugin } from '../plugin';

jest.setTimeout(60_000);

const config = (sim: RunningSimulator) =>
  mockServices.rootConfig.factory({
    data: {
      backend: { baseUrl: 'http://localhost:7007' },
      vpp: {
        encryptionKey: 'test-key-test-key-test-key-test-key!',
        apple: { baseUrl: sim.appleBaseUrl, lookupUrl: sim.lookupUrl },
        // Short, so the "stale" banner can be seen and confirmed within a test.
        sync: { maxAge: { seconds: 1 } },
      },
    },
  });

describe('content sync API (against the simulator)', () => {
  let sim: RunningSimulator;
  let server: Parameters<typeof request>[0];
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, rateLimit: false, eventDelayMs: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  // Stops the plugin (and the syncs it started in the background) while the simulator is up.
  afterEach(async () => {
    await backend.stop();
  });

  beforeEach(async () => {
    sim.state.reset();
    backend = await startTestBackend({
      features: [vppPlugin, config(sim)],
    });
    server = backend.server;
  });

  async function register(locationId: string) {
    const tokenFile = sim.state.downloadToken(
      locationId,
      DateTime.utc().plus({ days: 200 }).toISO()!,
    );
    const res = await request(server)
      .post('/api/vpp/tokens')
      .send({ tokenFile, owner: 'group:default/tokyo-it' });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, tokenFile };
  }

  async function waitUntilIdle(id: string) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const status = await request(server).get(`/api/vpp/tokens/${id}/sync`);
      if (!status.body.running) return status;
      if (Date.now() > deadline) throw new Error('sync did not finish');
      await new Promise(r => setTimeout(r, 50));
    }
  }

  async function syncAndWait(id: string) {
    await waitUntilIdle(id);
    const started = await request(server).post(`/api/vpp/tokens/${id}/sync`);
    expect(started.status).toBe(202);
    return { started, status: await waitUntilIdle(id) };
  }

  it('starts a sync (202, "Sync started"), then lists the content with counts', async () => {
    const { id } = await register('loc-tokyo');
    // Registration starts the first sync by itself.
    const first = await waitUntilIdle(id);
    expect(first.body.lastSyncAt).toBeDefined();

    const { started, status } = await syncAndWait(id);
    expect(started.body).toMatchObject({ started: true });
    expect(started.body.message).toMatch(
      /^Sync started for "Example Corp Tokyo"/,
    );
    expect(status.body).toMatchObject({
      running: false,
      outOfDate: false,
      assetCount: sim.state.location('loc-tokyo').assets.size,
      lowLicenseThreshold: 5,
    });
    expect(status.body.lastSyncAt).toBeDefined();
    expect(status.body.lastError).toBeUndefined();

    const apps = await request(server).get(
      `/api/vpp/tokens/${id}/assets?productType=App&limit=3`,
    );
    expect(apps.status).toBe(200);
    expect(apps.body.items).toHaveLength(3);
    expect(apps.body.totalCount).toBeGreaterThan(3);
    for (const item of apps.body.items) {
      expect(item).toEqual(
        expect.objectContaining({
          productType: 'App',
          name: expect.any(String),
          totalCount: expect.any(Number),
          assignedCount: expect.any(Number),
          availableCount: expect.any(Number),
          deviceAssignable: expect.any(Boolean),
          lowLicense: expect.any(Boolean),
        }),
      );
    }
    const search = await request(server).get(
      `/api/vpp/tokens/${id}/assets?q=${encodeURIComponent('勤怠')}`,
    );
    expect(search.body.items.map((i: { adamId: string }) => i.adamId)).toEqual([
      '6450000107',
    ]);
  });

  it('refuses bad queries with a message naming the problem', async () => {
    const { id } = await register('loc-tokyo');
    const cases: Array<[string, RegExp]> = [
      ['limit=abc', /limit must be a whole number/],
      ['limit=1000', /limit must be between 1 and 500/],
      ['productType=Game', /productType must be App or Book/],
      ['platform=Android', /platform must be one of iOS, macOS/],
      ['colour=red', /Unknown field colour/],
    ];
    for (const [query, message] of cases) {
      const res = await request(server).get(
        `/api/vpp/tokens/${id}/assets?${query}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
  });

  it('answers 404 for an unknown token on every sync route', async () => {
    for (const [method, path] of [
      ['get', '/sync'],
      ['post', '/sync'],
      ['post', '/sync/confirm'],
      ['get', '/assets'],
    ] as const) {
      const res = await request(server)[method](
        `/api/vpp/tokens/00000000-0000-4000-8000-000000000000${path}`,
      );
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(/No content token with id/);
    }
  });

  it('refuses to sync an expired token with 409, naming it and the renewal steps (R-TOK-8)', async () => {
    const { id, tokenFile } = await register('loc-osaka');
    await waitUntilIdle(id);
    sim.state.setTokenState(tokenFile.trim(), 'expired');
    // The first attempt learns from Apple that the token expired…
    await syncAndWait(id);
    const status = await request(server).get(`/api/vpp/tokens/${id}/sync`);
    expect(status.body.lastError).toMatch(/Apple refused the token/);
    const token = await request(server).get(`/api/vpp/tokens/${id}`);
    expect(token.body.status).toBe('expired');
    // …and from then on the sync is refused up front.
    const refused = await request(server).post(`/api/vpp/tokens/${id}/sync`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(
      /"Example Corp Osaka" cannot be synced because the token is expired\..*download the content token for "Example Corp Osaka"/s,
    );
  });

  it('confirms (dismisses) the out-of-date banner', async () => {
    const { id } = await register('loc-tokyo');
    await syncAndWait(id);
    await new Promise(r => setTimeout(r, 1100));
    const stale = await request(server).get(`/api/vpp/tokens/${id}/sync`);
    expect(stale.body).toMatchObject({
      outOfDate: true,
      outOfDateReason: 'stale',
    });
    expect(stale.body.outOfDateMessage).toMatch(/more than 1 second/);
    const confirmed = await request(server).post(
      `/api/vpp/tokens/${id}/sync/confirm`,
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.outOfDate).toBe(false);
  });

  it('accepts Apple notifications only with the bearer it gave Apple', async () => {
    const none = await request(server)
      .post('/api/vpp/apple/notifications')
      .send({});
    expect(none.status).toBe(401);
    expect(none.body.error.message).toMatch(/Authorization: Bearer/);
    const malformed = await request(server)
      .post('/api/vpp/apple/notifications')
      .set('Authorization', 'Bearer abc')
      .send({ notificationType: 'ASSET_COUNT' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/notificationId/);
    const unknown = await request(server)
      .post('/api/vpp/apple/notifications')
      .set('Authorization', 'Bearer abc')
      .send({
        notificationId: 'n-1',
        notificationType: 'ASSET_COUNT',
        uId: '2049025000431001',
        notification: {},
      });
    expect(unknown.status).toBe(401);
  });
});

describe('content sync API permissions', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, rateLimit: false });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('refuses sync, confirm and reading content when the policy denies it', async () => {
    const { server } = await startTestBackend({
      features: [
        vppPlugin,
        config(sim),
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [method, path] of [
      ['post', '/sync'],
      ['post', '/sync/confirm'],
      ['get', '/sync'],
      ['get', '/assets'],
    ] as const) {
      const res = await request(server)[method](`/api/vpp/tokens/${id}${path}`);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/vpp\.token\.(update|read)/);
    }
  });
});
