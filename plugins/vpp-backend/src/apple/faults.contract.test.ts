import { startSimulator } from '@internal/vpp-simulator';
import {
  Simulator,
  clientFor,
  control,
  downloadToken,
} from './contractTestUtils';
import { AppleVppError } from './errors';

jest.setTimeout(30_000);

interface LogEntry {
  time: number;
  method: string;
  path: string;
  status?: number;
  fault?: string;
  aborted?: boolean;
}

let sim: Simulator;
let bearer: string;

beforeEach(async () => {
  sim = await startSimulator({ port: 0, eventDelayMs: 20, rateLimit: false });
  bearer = (await downloadToken(sim, 'loc-tokyo')).bearer;
  await control(sim, 'DELETE', '/requests');
});

afterEach(async () => {
  await sim.close();
});

const fault = (body: Record<string, unknown>) =>
  control(sim, 'POST', '/faults', body);
const log = async (pathPrefix: string) =>
  control<LogEntry[]>(
    sim,
    'GET',
    `/requests?pathPrefix=${encodeURIComponent(pathPrefix)}`,
  );
const STDQ = (adamId: string) => ({ adamId, pricingParam: 'STDQ' });

describe('contract: faults', () => {
  it('5xx with Retry-After: waits as told, then succeeds', async () => {
    await fault({
      kind: 'error',
      status: 503,
      retryAfter: 1,
      count: 2,
      pathPrefix: '/mdm/v2/assets',
    });
    const page = await clientFor(sim, bearer).getAssets();
    expect(page.assets.length).toBeGreaterThan(0);
    const entries = await log('/mdm/v2/assets');
    expect(entries.map(e => e.status)).toEqual([503, 503, 200]);
    expect(entries[1].time - entries[0].time).toBeGreaterThanOrEqual(990);
    expect(entries[2].time - entries[1].time).toBeGreaterThanOrEqual(990);
  });

  it('500 without Retry-After: exponential back-off', async () => {
    await fault({
      kind: 'error',
      status: 500,
      retryAfter: null,
      count: 2,
      pathPrefix: '/mdm/v2/client/config',
    });
    await expect(
      clientFor(sim, bearer).getClientConfig(),
    ).resolves.toMatchObject({ locationName: 'Example Corp Tokyo' });
    expect((await log('/mdm/v2/client/config')).map(e => e.status)).toEqual([
      500, 500, 200,
    ]);
  });

  it('gives up after the last attempt with a typed server error', async () => {
    await fault({
      kind: 'error',
      status: 502,
      retryAfter: null,
      count: 10,
      pathPrefix: '/mdm/v2/users',
    });
    const error = await clientFor(sim, bearer, {
      retry: { maxAttempts: 3, baseDelayMs: 10 },
    })
      .getUsers()
      .catch(e => e);
    expect(error).toBeInstanceOf(AppleVppError);
    expect(error).toMatchObject({
      kind: 'server',
      httpStatus: 502,
      attempts: 3,
    });
  });

  it('429 / 9646: backs off and succeeds, also for a POST', async () => {
    await fault({
      kind: 'rateLimit',
      count: 2,
      pathPrefix: '/mdm/v2/assets/revoke',
    });
    const client = clientFor(sim, bearer);
    const { eventId } = await client.revokeAssets({
      serialNumbers: ['DMPTK0001'],
    });
    expect(eventId).toBeTruthy();
    const entries = await log('/mdm/v2/assets/revoke');
    expect(entries.map(e => e.status)).toEqual([429, 429, 200]);
    expect(entries[1].time - entries[0].time).toBeGreaterThanOrEqual(990);
  });

  it('slow answer → timeout; a GET is retried', async () => {
    await fault({
      kind: 'slow',
      delayMs: 3000,
      count: 1,
      pathPrefix: '/mdm/v2/assignments',
    });
    const client = clientFor(sim, bearer, { timeoutMs: 400 });
    const started = Date.now();
    const page = await client.getAssignments();
    expect(page.assignments.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(2900);
    const entries = await log('/mdm/v2/assignments');
    expect(entries).toHaveLength(2);
    expect(entries[0].aborted).toBe(true);
  });

  it('slow answer → timeout; disassociate is not repeated and says it may have been processed', async () => {
    await fault({
      kind: 'slow',
      delayMs: 3000,
      count: 1,
      pathPrefix: '/mdm/v2/assets/disassociate',
    });
    const error = await clientFor(sim, bearer, { timeoutMs: 400 })
      .disassociateAssets({
        assets: [STDQ('6450000101')],
        serialNumbers: ['DMPTK0001'],
      })
      .catch(e => e);
    expect(error).toMatchObject({
      kind: 'timeout',
      requestMayHaveBeenProcessed: true,
      attempts: 1,
    });
    expect(await log('/mdm/v2/assets/disassociate')).toHaveLength(1);
  });

  it('slow answer → timeout; associate is retried (idempotent per pair)', async () => {
    await fault({
      kind: 'slow',
      delayMs: 3000,
      count: 1,
      pathPrefix: '/mdm/v2/assets/associate',
    });
    const { eventId } = await clientFor(sim, bearer, {
      timeoutMs: 400,
    }).associateAssets({
      assets: [STDQ('6450000101')],
      serialNumbers: ['RETRYSERIAL'],
    });
    expect(eventId).toBeTruthy();
    expect(await log('/mdm/v2/assets/associate')).toHaveLength(2);
  });

  it('dropped connection: a GET is retried, a revoke is not', async () => {
    await fault({ kind: 'drop', count: 1, pathPrefix: '/mdm/v2/status' });
    await fault({
      kind: 'drop',
      count: 1,
      pathPrefix: '/mdm/v2/assets/revoke',
    });
    const client = clientFor(sim, bearer);
    const { eventId } = await client.associateAssets({
      assets: [STDQ('6450000101')],
      serialNumbers: ['DROPSERIAL'],
    });
    await expect(client.getEventStatus(eventId)).resolves.toMatchObject({
      eventType: 'ASSOCIATE',
    });
    expect(await log('/mdm/v2/status')).toHaveLength(2);

    const error = await client
      .revokeAssets({ serialNumbers: ['DROPSERIAL'] })
      .catch(e => e);
    expect(error).toMatchObject({
      kind: 'network',
      requestMayHaveBeenProcessed: true,
      attempts: 1,
    });
    expect(error.message).not.toContain(bearer);
    expect(await log('/mdm/v2/assets/revoke')).toHaveLength(1);
  });
});
