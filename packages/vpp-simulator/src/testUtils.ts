import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  RunningSimulator,
  startSimulator,
  StartSimulatorOptions,
} from './server';

/** Test helpers: a simulator on an ephemeral port plus a tiny HTTP client. Not exported. */

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export async function request(
  url: string,
  init: RequestInit = {},
): Promise<HttpAnswer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

export interface AppleClient {
  get(path: string): Promise<HttpAnswer>;
  post(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpAnswer>;
  send(method: string, path: string, init?: RequestInit): Promise<HttpAnswer>;
}

export function appleClient(sim: RunningSimulator, token: string): AppleClient {
  const auth = { Authorization: `Bearer ${token}` };
  return {
    get: path => request(`${sim.appleBaseUrl}${path}`, { headers: auth }),
    post: (path, body, headers = {}) =>
      request(`${sim.appleBaseUrl}${path}`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    send: (method, path, init = {}) =>
      request(`${sim.appleBaseUrl}${path}`, {
        ...init,
        method,
        headers: { ...auth, ...(init.headers as Record<string, string>) },
      }),
  };
}

/** The first fixture token of a location (its `.vpptoken` file content). */
export function tokenOf(sim: RunningSimulator, locationId: string): string {
  const token = sim.state.listTokens(locationId)[0];
  if (!token) {
    throw new Error(`No token for ${locationId}`);
  }
  return token.fileContent;
}

/**
 * Starts a simulator for one test file. Rate limiting is off and events complete quickly
 * unless a test asks otherwise.
 */
export async function startTestSimulator(
  options: StartSimulatorOptions = {},
): Promise<RunningSimulator> {
  return startSimulator({
    port: 0,
    rateLimit: false,
    eventDelayMs: 10,
    duplicateNotificationRate: 0,
    notificationRetryDelayMs: 20,
    ...options,
  });
}

export interface ReceivedNotification {
  authorization?: string;
  contentType?: string;
  /** `X-Hmac-Signature` (NanoMDM's signed webhook). */
  signature?: string;
  /** The body's bytes as sent. */
  raw: string;
  body: any;
}

/** A local HTTP server that records notifications; `respondWith` sets the next statuses. */
export async function startNotificationReceiver() {
  const received: ReceivedNotification[] = [];
  const statuses: number[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const status = statuses.length > 0 ? statuses.shift()! : 200;
      if (status >= 200 && status < 300) {
        received.push({
          authorization: req.headers.authorization,
          contentType: req.headers['content-type'],
          signature: req.headers['x-hmac-signature'] as string | undefined,
          raw: Buffer.concat(chunks).toString('utf8'),
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        });
      }
      res.statusCode = status;
      res.end();
      for (const waiter of [...waiters]) {
        if (received.length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/vpp/notify`,
    received,
    /** Statuses for the next deliveries (then 200). */
    respondWith(...next: number[]) {
      statuses.push(...next);
    },
    /** Resolves once `count` notifications were accepted (event-driven, no timing). */
    waitFor(count: number): Promise<void> {
      if (received.length >= count) {
        return Promise.resolve();
      }
      return new Promise(resolve => waiters.push({ count, resolve }));
    },
    close(): Promise<void> {
      return new Promise(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
