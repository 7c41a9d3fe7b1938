import { RunningSimulator } from '../server';
import {
  appleClient,
  request,
  startTestSimulator,
  tokenOf,
} from '../testUtils';

describe('control API', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.state.reset());

  const control = (path: string, method = 'GET', body?: unknown) =>
    request(`${sim.baseUrl}/control${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('lists its routes and 404s unknown ones', async () => {
    const index = await control('');
    expect(index.body.routes.length).toBeGreaterThan(10);
    expect((await control('/nope')).status).toBe(404);
  });

  it('answers an unknown route with the route list and a body that does not parse with 400', async () => {
    const unknown = await control('/nope');
    expect(unknown.body).toEqual({
      error: 'Unknown control route',
      routes: (await control('')).body.routes,
    });
    const garbled = await request(`${sim.baseUrl}/control/options`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"rateLimit":',
    });
    expect(garbled.status).toBe(400);
    expect(garbled.body.error).toMatch(/^Bad request: /);
    expect(
      (
        await control('/tokens/state', 'POST', {
          token: 'nope',
          state: 'revoked',
        })
      ).body,
    ).toEqual({ error: 'Unknown token' });
  });

  it('shows state and resets to the fixture', async () => {
    const client = appleClient(sim, tokenOf(sim, 'loc-us'));
    await client.post('/client/config', {
      mdmInfo: { id: 'a', name: 'b', metadata: 'c' },
    });
    const state = await control('/state');
    const us = state.body.locations.find((l: any) => l.id === 'loc-us');
    expect(us.mdmInfo).toEqual({ id: 'a', name: 'b', metadata: 'c' });
    expect(state.body.tokens.length).toBeGreaterThanOrEqual(4);
    expect((await control('/reset', 'POST')).body).toEqual({ ok: true });
    expect((await client.get('/client/config')).body.mdmInfo).toBeUndefined();
  });

  it('marks tokens expired, revoked, invalid and valid again', async () => {
    const token = tokenOf(sim, 'loc-tokyo');
    const client = appleClient(sim, token);
    for (const [state, errorNumber] of [
      ['expired', 9621],
      ['revoked', 9625],
      ['invalid', 9622],
    ] as const) {
      const answer = await control('/tokens/state', 'POST', { token, state });
      expect(answer.status).toBe(200);
      expect(answer.body.state).toBe(state);
      expect((await client.get('/assets')).body.errorNumber).toBe(errorNumber);
    }
    // By id as well.
    const [info] = (await control('/tokens?locationId=loc-tokyo')).body;
    await control('/tokens/state', 'POST', { token: info.id, state: 'valid' });
    expect((await client.get('/assets')).status).toBe(200);
    expect(
      (await control('/tokens/state', 'POST', { token, state: 'sleepy' }))
        .status,
    ).toBe(400);
    expect(
      (
        await control('/tokens/state', 'POST', {
          token: 'nope',
          state: 'valid',
        })
      ).status,
    ).toBe(404);
  });

  it('issues tokens as JSON', async () => {
    const answer = await control('/locations/loc-us/tokens', 'POST', {
      expiresAt: '2030-11-08T22:33:22+0000',
    });
    expect(answer.body).toMatchObject({
      locationId: 'loc-us',
      expDate: '2030-11-08T22:33:22+0000',
      state: 'valid',
      source: 'download',
    });
    const client = appleClient(sim, answer.body.fileContent);
    expect(
      (await client.get('/client/config')).body.tokenExpirationDate,
    ).toBeUndefined();
  });

  it('changes counts (purchase and refund) and rejects impossible ones', async () => {
    const bought = await control('/locations/loc-sapporo/purchase', 'POST', {
      adamId: '6450000106',
      countDelta: 5,
    });
    expect(bought.body).toMatchObject({ totalCount: 5, availableCount: 5 });
    const sapporo = appleClient(sim, tokenOf(sim, 'loc-sapporo'));
    expect((await sapporo.get('/assets')).body.assets).toEqual([
      expect.objectContaining({
        adamId: '6450000106',
        totalCount: 5,
        productType: 'App',
      }),
    ]);
    // Osaka's Field Survey has 2 licences, both assigned.
    const refund = await control('/locations/loc-osaka/purchase', 'POST', {
      adamId: '6450000102',
      countDelta: -1,
    });
    expect(refund.status).toBe(400);
    expect(
      (
        await control('/locations/loc-osaka/purchase', 'POST', {
          adamId: '6450000104',
          countDelta: 1,
        })
      ).body.error,
    ).toMatch(/unlimited/);
    expect(
      (
        await control('/locations/loc-nowhere/purchase', 'POST', {
          adamId: '6450000101',
          countDelta: 1,
        })
      ).status,
    ).toBe(404);
  });

  it('changes options and rejects unknown values', async () => {
    const answer = await control('/options', 'POST', {
      eventDelayMs: 5,
      pageSizes: { assignments: 3 },
    });
    expect(answer.body).toMatchObject({
      eventDelayMs: 5,
      pageSizes: { assignments: 3 },
    });
    expect(
      (await control('/options', 'POST', { rateLimit: 'yes' })).status,
    ).toBe(400);
    expect(
      (await control('/options', 'POST', { pageSizes: { bogus: 1 } })).status,
    ).toBe(400);
    expect((await control('/options')).body.eventDelayMs).toBe(5);
  });

  it('reports the request log with timestamps and per-token stats', async () => {
    const token = tokenOf(sim, 'loc-us');
    const client = appleClient(sim, token);
    const started = Date.now();
    for (let i = 0; i < 4; i++) {
      await client.get('/assets');
    }
    await request(`${sim.lookupUrl}?id=6450000101`);
    const tokenId = sim.state.listTokens('loc-us')[0].id;
    const log = await control(`/requests?tokenId=${tokenId}`);
    expect(log.body).toHaveLength(4);
    expect(log.body[0]).toMatchObject({
      method: 'GET',
      path: '/mdm/v2/assets',
      tokenId,
      locationId: 'loc-us',
      status: 200,
    });
    expect(log.body[0].time).toBeGreaterThanOrEqual(started);
    const stats = await control(`/requests/stats?pathPrefix=/mdm/v2`);
    expect(stats.body).toEqual([
      expect.objectContaining({ tokenId, total: 4, byStatus: { '200': 4 } }),
    ]);
    expect(stats.body[0].maxInAnyWindow).toBeGreaterThanOrEqual(1);
    expect((await control('/requests?pathPrefix=/lookup')).body).toHaveLength(
      1,
    );
    expect(
      (await control(`/requests?since=${Date.now() + 60_000}`)).body,
    ).toEqual([]);
    // Control calls are not logged.
    expect((await control('/requests?pathPrefix=/control')).body).toEqual([]);
    await control('/requests', 'DELETE');
    expect((await control('/requests')).body).toEqual([]);
  });

  it('lists and completes events, lists notifications, associates users', async () => {
    sim.state.setOptions({ eventDelayMs: 60_000 });
    const client = appleClient(sim, tokenOf(sim, 'loc-tokyo'));
    const event = await client.post('/assets/associate', {
      assets: [{ adamId: '6450000101', pricingParam: 'STDQ' }],
      serialNumbers: ['A'],
    });
    const events = await control('/events?locationId=loc-tokyo');
    expect(events.body).toEqual([
      expect.objectContaining({
        eventId: event.body.eventId,
        eventStatus: 'PENDING',
      }),
    ]);
    await control('/events/complete', 'POST');
    expect(
      (await client.get(`/status?eventId=${event.body.eventId}`)).body
        .eventStatus,
    ).toBe('COMPLETE');
    expect((await control('/notifications')).body).toEqual([]);

    const associated = await control(
      '/locations/loc-tokyo/users/user-suzuki/associate',
      'POST',
    );
    expect(associated.body).toMatchObject({
      clientUserId: 'user-suzuki',
      status: 'Associated',
    });
    expect(
      (
        await control(
          '/locations/loc-tokyo/users/user-suzuki/associate',
          'POST',
        )
      ).status,
    ).toBe(400);
  });
});
