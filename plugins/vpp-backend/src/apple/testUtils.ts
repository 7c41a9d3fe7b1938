/*
 * Helpers for the tests of this folder: a tiny local HTTP server whose behaviour each test
 * controls, and a clock whose sleeps complete at once while moving virtual time forward.
 * Not part of the public surface.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from './clock';

export interface RecordedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** `JSON.parse(body)` when the body is JSON. */
  json?: unknown;
  receivedAt: number;
}

export type TestHandler = (
  request: RecordedRequest,
  response: http.ServerResponse,
) => void | Promise<void>;

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  setHandler(handler: TestHandler): void;
  close(): Promise<void>;
}

export async function startTestServer(
  handler?: TestHandler,
): Promise<TestServer> {
  let current: TestHandler = handler ?? ((_req, res) => sendJson(res, 404, {}));
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json,
        receivedAt: Date.now(),
      };
      requests.push(recorded);
      Promise.resolve(current(recorded, res)).catch(error => {
        if (!res.headersSent) {
          sendJson(res, 599, { testServerError: String(error) });
        }
      });
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setHandler(next) {
      current = next;
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(text);
}

/** Drops the connection without an answer. */
export function dropConnection(res: http.ServerResponse): void {
  res.socket?.destroy();
}

/**
 * A clock whose `sleep()` resolves immediately, advancing a virtual offset and recording the
 * requested durations. `now()` is real time plus the offset.
 */
export class InstantClock implements Clock {
  readonly sleeps: number[] = [];
  #offset = 0;

  now(): number {
    return Date.now() + this.#offset;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) {
      throw signal.reason;
    }
    if (ms > 0) {
      this.sleeps.push(ms);
      this.#offset += ms;
    }
    await Promise.resolve();
  }
}

/** Largest number of timestamps inside any window of `windowMs` (half-open). */
export function maxInWindow(timestamps: number[], windowMs: number): number {
  const sorted = [...timestamps].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= windowMs) {
      start++;
    }
    max = Math.max(max, end - start + 1);
  }
  return max;
}

export function tokenFor(
  fields: { token?: string; expDate?: string; orgName?: string } = {},
) {
  return Buffer.from(
    JSON.stringify({
      token: fields.token ?? 'VGhpcyBpcyBub3QgYSByZWFsIHRva2Vu',
      expDate: fields.expDate ?? '2031-03-01T10:00:00+0000',
      orgName: fields.orgName ?? 'Acme Corp',
    }),
  ).toString('base64');
}
