import http from 'node:http';
import { AddressInfo } from 'node:net';
import util from 'node:util';
import { Clock, ManualClock } from '../apple/clock';
import { removeApplicationCommand } from './commands';
import { MdmAuthError, MdmResponseError, MdmUnreachableError } from './errors';
import { mdmBackoffDelayMs, NanoMdmClient } from './NanoMdmClient';
import {
  NanoMdmTestServer,
  RecordedResponse,
  recorded,
} from './__testUtils__/nanoMdmServer';

const API_KEY = 'nanomdm-api-key-s3cret';
const A = '6A0E5B32-1C3D-4E5F-8A9B-0C1D2E3F4A5B';
const B = '7B1F6C43-2D4E-4F60-9BAC-1D2E3F4A5B6C';
const U = '00000000-0000-4000-8000-0000DEADBEEF';
const CMD = '3c1f2b9a-8f7e-4d6c-9b5a-2e1d0c9b8a7f';
const BODY = removeApplicationCommand(CMD, 'com.example.app');

/**
 * Back-off sleeps resolve at once and are recorded; the per-attempt timeout (a sleep with
 * an abort signal) only ends when the client cancels it.
 */
class RecordingClock implements Clock {
  readonly backoffs: number[] = [];
  now() {
    return 0;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal) {
      return new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason), {
          once: true,
        }),
      );
    }
    this.backoffs.push(ms);
    return Promise.resolve();
  }
}

describe('NanoMdmClient', () => {
  let server: NanoMdmTestServer;
  let answers: Array<RecordedResponse | 'hang' | 'drop'>;
  let clock: RecordingClock;

  const client = (
    overrides: Partial<ConstructorParameters<typeof NanoMdmClient>[0]> = {},
  ) =>
    new NanoMdmClient({
      baseUrl: server.baseUrl,
      apiKey: API_KEY,
      clock,
      retry: { random: () => 0.5 },
      ...overrides,
    });

  beforeEach(async () => {
    answers = [];
    clock = new RecordingClock();
    server = await NanoMdmTestServer.start(() => {
      const next = answers.shift();
      if (!next) throw new Error('unexpected request');
      return next;
    });
  });

  afterEach(() => server.close());

  it('enqueues the raw plist for many ids with Basic auth and nopush', async () => {
    answers.push(recorded('enqueue-nopush'));
    const answer = await client().enqueue([A, B], BODY, { noPush: true });
    expect(answer).toEqual({
      httpStatus: 200,
      result: {
        status: {},
        noPush: true,
        commandUuid: CMD,
        requestType: 'InstallApplication',
      },
    });
    const [request] = server.requests;
    expect(request.method).toBe('PUT');
    expect(request.url).toBe(`/nanomdm/v1/enqueue/${A},${B}?nopush=1`);
    expect(request.body).toBe(BODY);
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from(`nanomdm:${API_KEY}`).toString('base64')}`,
    );
  });

  it('URL-encodes each id and keeps the commas', async () => {
    answers.push(recorded('enqueue-nopush'));
    await client().enqueue(['A:user 1', 'B/2'], BODY);
    expect(server.requests[0].url).toBe(
      '/nanomdm/v1/enqueue/A%3Auser%201,B%2F2',
    );
    expect(server.requests[0].ids).toEqual(['A:user 1', 'B/2']);
  });

  it('reads per-id push results of an enqueue with push', async () => {
    answers.push(recorded('enqueue-pushed'));
    const { result } = await client().enqueue([A, B], BODY);
    expect(result.noPush).toBe(false);
    expect(result.status[A]).toEqual({
      pushResult: '5F0A2C7E-0B1D-4A3C-9E8F-112233445566',
    });
  });

  it.each([
    [
      'enqueue-duplicate',
      500,
      { commandError: expect.stringContaining('duplicate key') },
    ],
    [
      'enqueue-unknown-id',
      500,
      { commandError: expect.stringContaining('foreign key') },
    ],
    [
      'enqueue-not-a-plist',
      500,
      { commandError: expect.stringContaining('decoding command') },
    ],
    [
      'enqueue-empty-path',
      500,
      { commandError: 'getting enrollment ids: empty path' },
    ],
    [
      'enqueue-queued-push-failed',
      500,
      { pushError: expect.stringContaining('push cert') },
    ],
  ])(
    "resolves with NanoMDM's decision in %s (no retry)",
    async (fixture, status, expected) => {
      answers.push(recorded(fixture));
      const answer = await client().enqueue([A, B], BODY);
      expect(answer.httpStatus).toBe(status);
      expect(answer.result).toEqual(expect.objectContaining(expected));
      expect(server.requests).toHaveLength(1);
    },
  );

  it('pushes with GET /v1/push/<ids> and reads 200, 207 and 500 answers', async () => {
    answers.push(
      recorded('push'),
      recorded('push-unknown-id'),
      recorded('push-all-failed'),
    );
    const c = client();
    expect((await c.push([A, B])).result.status[B]).toEqual({
      pushResult: '6A1B3D8F-1C2E-4B4D-8F90-223344556677',
    });
    const partial = await c.push([A, U]);
    expect(partial.httpStatus).toBe(207);
    expect(partial.result.status[U]).toEqual({
      pushError: 'push data missing for id',
    });
    const failed = await c.push([A, B]);
    expect(failed.httpStatus).toBe(500);
    expect(failed.result.status[A].pushError).toBe('push data missing for id');
    expect(server.requests.map(r => `${r.method} ${r.url}`)).toEqual([
      `GET /nanomdm/v1/push/${A},${B}`,
      `GET /nanomdm/v1/push/${A},${U}`,
      `GET /nanomdm/v1/push/${A},${B}`,
    ]);
  });

  it('reads the version without authentication', async () => {
    answers.push(recorded('version'));
    expect(await client().version()).toBe('v0.9.0');
    expect(server.requests[0].url).toBe('/nanomdm/version');
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });

  it('throws MdmAuthError on 401 without retrying or showing the key', async () => {
    answers.push(recorded('unauthorized'));
    const error = await client()
      .enqueue([A], BODY)
      .catch(e => e);
    expect(error).toBeInstanceOf(MdmAuthError);
    expect(error).toMatchObject({ kind: 'auth', httpStatus: 401, attempts: 1 });
    expect(error.message).toContain('PUT /v1/enqueue (1 ids)');
    expect(server.requests).toHaveLength(1);
    expect(clock.backoffs).toEqual([]);
  });

  it('retries 5xx answers without a decision with exponential back-off', async () => {
    answers.push(
      { status: 503, headers: {}, body: 'no healthy upstream' },
      { status: 500, headers: {}, body: 'Internal Server Error' },
      { status: 502, headers: {}, body: '<html>Bad Gateway</html>' },
      recorded('enqueue-nopush'),
    );
    const answer = await client().enqueue([A, B], BODY, { noPush: true });
    expect(answer.httpStatus).toBe(200);
    expect(server.requests).toHaveLength(4);
    expect(server.requests.every(r => r.body === BODY)).toBe(true);
    // random 0.5 → three quarters of 500, 1000, 2000 ms
    expect(clock.backoffs).toEqual([375, 750, 1500]);
  });

  it('retries a 500 whose JSON states no error', async () => {
    answers.push({ status: 500, headers: {}, body: '{}' }, recorded('push'));
    expect((await client().push([A, B])).httpStatus).toBe(200);
    expect(clock.backoffs).toHaveLength(1);
  });

  it('gives up after maxAttempts with MdmUnreachableError', async () => {
    for (let i = 0; i < 3; i++) {
      answers.push({ status: 503, headers: {}, body: 'down' });
    }
    const error = await client({ retry: { maxAttempts: 3, random: () => 0 } })
      .enqueue([A], BODY)
      .catch(e => e);
    expect(error).toBeInstanceOf(MdmUnreachableError);
    expect(error).toMatchObject({
      kind: 'unreachable',
      attempts: 3,
      httpStatus: 503,
    });
    expect(error.message).toContain('HTTP 503 without a result: down');
    expect(clock.backoffs).toEqual([250, 500]);
  });

  it('retries dropped connections and refused connections', async () => {
    answers.push('drop', recorded('push'));
    expect((await client().push([A])).httpStatus).toBe(200);
    expect(server.requests).toHaveLength(2);

    const closed = http.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>(resolve => closed.close(() => resolve()));
    const error = await client({
      baseUrl: `http://127.0.0.1:${port}`,
      retry: { maxAttempts: 2, random: () => 0.5 },
    })
      .push([A])
      .catch(e => e);
    expect(error).toBeInstanceOf(MdmUnreachableError);
    expect(error.attempts).toBe(2);
    expect(error.message).toMatch(/ECONNREFUSED|fetch failed/);
  });

  it('times out on the injected clock and retries', async () => {
    const manual = new ManualClock();
    answers.push('hang', recorded('push'));
    const firstReceived = server.nextRequest();
    const pending = client({ clock: manual, timeoutMs: 5000 }).push([A]);
    await firstReceived;
    const secondReceived = server.nextRequest();
    await manual.advance(5000); // the timeout fires
    await manual.advanceToNext(); // the back-off elapses
    await secondReceived;
    expect((await pending).httpStatus).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it('reports a timeout on the last attempt', async () => {
    const manual = new ManualClock();
    answers.push('hang');
    const received = server.nextRequest();
    const pending = client({
      clock: manual,
      timeoutMs: 5000,
      retry: { maxAttempts: 1 },
    })
      .push([A])
      .catch(e => e);
    await received;
    await manual.advance(5000);
    const error = await pending;
    expect(error).toBeInstanceOf(MdmUnreachableError);
    expect(error.message).toContain('no answer within 5000 ms');
  });

  it('does not retry other 4xx answers', async () => {
    answers.push({ status: 404, headers: {}, body: '404 page not found\n' });
    const error = await client()
      .enqueue([A], BODY)
      .catch(e => e);
    expect(error).toBeInstanceOf(MdmResponseError);
    expect(error.message).toContain(
      'HTTP 404 and no API result: 404 page not found',
    );
    expect(server.requests).toHaveLength(1);
  });

  it('treats a 200 that is not a NanoMDM result as a wrong base URL', async () => {
    answers.push({ status: 200, headers: {}, body: '<html>portal</html>' });
    await expect(client().push([A])).rejects.toBeInstanceOf(MdmResponseError);
  });

  it('never puts the API key in errors, logs or its own printout', async () => {
    const authorization = Buffer.from(`nanomdm:${API_KEY}`).toString('base64');
    const warnings: string[] = [];
    // A proxy that echoes the request headers, key included.
    server.handler = request => ({
      status: 502,
      headers: {},
      body: `bad gateway for ${request.headers.authorization} (${API_KEY})`,
    });
    const c = client({
      retry: { maxAttempts: 2, random: () => 0.5 },
      logger: {
        warn: (message, meta) => warnings.push(message + JSON.stringify(meta)),
      },
    });
    const error = await c.enqueue([A], BODY).catch(e => e);
    expect(error).toBeInstanceOf(MdmUnreachableError);
    const everything = [
      error.message,
      JSON.stringify(error),
      util.inspect(error),
      ...warnings,
      util.inspect(c),
      JSON.stringify(c),
    ].join('\n');
    expect(warnings).toHaveLength(1);
    expect(error.message).toContain('[REDACTED]');
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain(authorization);
  });

  it('checks its options', () => {
    expect(
      () => new NanoMdmClient({ baseUrl: 'mdm.example.com', apiKey: 'k' }),
    ).toThrow('baseUrl must be an http(s) URL');
    expect(
      () => new NanoMdmClient({ baseUrl: 'http://x', apiKey: '' }),
    ).toThrow('apiKey must be a non-empty string');
    expect(
      () =>
        new NanoMdmClient({ baseUrl: 'http://x', apiKey: 'k', batchSize: 0 }),
    ).toThrow('batchSize must be a positive integer');
  });
});

describe('mdmBackoffDelayMs', () => {
  const options = { maxAttempts: 10, baseDelayMs: 500, maxDelayMs: 2000 };

  it('doubles from the base, jittered between half and the whole, up to the cap', () => {
    expect(
      [1, 2, 3, 4, 5].map(n =>
        mdmBackoffDelayMs(n, { ...options, random: () => 0 }),
      ),
    ).toEqual([250, 500, 1000, 1000, 1000]);
    expect(
      [1, 2, 3, 4, 5].map(n =>
        mdmBackoffDelayMs(n, { ...options, random: () => 0.999999 }),
      ),
    ).toEqual([500, 1000, 2000, 2000, 2000]);
  });
});
