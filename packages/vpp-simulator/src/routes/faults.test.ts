import { RunningSimulator } from '../server';
import {
  appleClient,
  AppleClient,
  request,
  startTestSimulator,
  tokenOf,
} from '../testUtils';

describe('fault injection', () => {
  let sim: RunningSimulator;
  let client: AppleClient;

  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.state.reset();
    client = appleClient(sim, tokenOf(sim, 'loc-us'));
  });

  const control = (path: string, method = 'GET', body?: unknown) =>
    request(`${sim.baseUrl}/control${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('error: the next N requests get 503 + Retry-After (9729), then normal answers', async () => {
    const fault = await control('/faults', 'POST', {
      kind: 'error',
      count: 2,
      retryAfter: 120,
    });
    expect(fault.status).toBe(200);
    expect(fault.body).toMatchObject({
      kind: 'error',
      remaining: 2,
      status: 503,
    });
    for (let i = 0; i < 2; i++) {
      const answer = await client.get('/assets');
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('120');
      expect(answer.body.errorNumber).toBe(9729);
    }
    expect((await client.get('/assets')).status).toBe(200);
    expect((await control('/faults')).body).toEqual([]);
  });

  it('error: configurable status, no Retry-After with retryAfter null', async () => {
    sim.state.injectFault({ kind: 'error', status: 500, retryAfter: null });
    const answer = await client.get('/assets');
    expect(answer.status).toBe(500);
    expect(answer.headers.get('retry-after')).toBeNull();
    expect(answer.body.errorNumber).toBe(9603);
  });

  it('rateLimit: 429 with 9646 and Retry-After', async () => {
    sim.state.injectFault({ kind: 'rateLimit' });
    const answer = await client.get('/client/config');
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.body).toEqual({
      errorNumber: 9646,
      errorMessage:
        'There are too many recent requests. Try again momentarily.',
    });
  });

  it('slow: answers normally after the delay', async () => {
    sim.state.injectFault({ kind: 'slow', delayMs: 400 });
    const started = Date.now();
    const answer = await client.get('/assets');
    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
  });

  it('slow requests can be aborted by the client', async () => {
    sim.state.injectFault({ kind: 'slow', delayMs: 30_000 });
    await expect(
      fetch(`${sim.appleBaseUrl}/service/config`, {
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow();
  });

  it('drop: destroys the connection without an answer', async () => {
    sim.state.injectFault({ kind: 'drop' });
    await expect(fetch(`${sim.appleBaseUrl}/service/config`)).rejects.toThrow();
    expect((await client.get('/assets')).status).toBe(200);
    const [dropped] = sim.state.requests({ pathPrefix: '/mdm/v2/service' });
    expect(dropped).toMatchObject({ fault: 'drop', aborted: true });
  });

  it('pathPrefix and method limit which requests are hit', async () => {
    sim.state.injectFault({
      kind: 'error',
      pathPrefix: '/mdm/v2/assets/associate',
      method: 'POST',
    });
    expect((await client.get('/assets')).status).toBe(200);
    expect((await request(`${sim.lookupUrl}?id=6450000101`)).status).toBe(200);
    const associate = await client.post('/assets/associate', {
      assets: [{ adamId: '6450000101', pricingParam: 'STDQ' }],
      serialNumbers: ['A'],
    });
    expect(associate.status).toBe(503);
  });

  it('also applies to the iTunes lookup, never to /control', async () => {
    sim.state.injectFault({ kind: 'error', count: 5 });
    expect((await control('/state')).status).toBe(200);
    expect((await request(`${sim.lookupUrl}?id=6450000101`)).status).toBe(503);
    expect(sim.state.listFaults()[0].remaining).toBe(4);
    await control('/faults', 'DELETE');
    expect((await request(`${sim.lookupUrl}?id=6450000101`)).status).toBe(200);
  });

  it('rejects bad fault definitions', async () => {
    expect((await control('/faults', 'POST', { kind: 'explode' })).status).toBe(
      400,
    );
    expect(
      (await control('/faults', 'POST', { kind: 'error', status: 404 })).status,
    ).toBe(400);
    expect(
      (await control('/faults', 'POST', { kind: 'drop', count: 0 })).status,
    ).toBe(400);
  });
});
