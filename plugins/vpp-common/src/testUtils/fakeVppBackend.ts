import { createServer, IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';
import { VppToken } from '../tokens';

/** A request the fake vpp backend received. @public */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** What the fake answers: a status and a JSON body. @public */
export type FakeReply = { status: number; body?: unknown };

/**
 * A real HTTP server that plays the vpp backend (`/api/vpp`) in tests, so the code under
 * test goes through discovery, auth and fetch exactly as in production.
 *
 * @public
 */
export interface FakeVppBackend {
  /** Base URL of the vpp plugin, i.e. what discovery returns for `vpp`. */
  vppBaseUrl: string;
  discovery: {
    getBaseUrl(pluginId: string): Promise<string>;
    getExternalBaseUrl(pluginId: string): Promise<string>;
  };
  requests: RecordedRequest[];
  /** Replaces how the server answers. */
  reply(
    handler: (request: RecordedRequest) => FakeReply | Promise<FakeReply>,
  ): void;
  close(): Promise<void>;
}

/** Starts a {@link FakeVppBackend} on a free loopback port. @public */
export async function startFakeVppBackend(
  handler: (
    request: RecordedRequest,
  ) => FakeReply | Promise<FakeReply> = () => ({
    status: 404,
  }),
): Promise<FakeVppBackend> {
  let current = handler;
  const requests: RecordedRequest[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: (req.url ?? '/').replace(/^\/api\/vpp/, ''),
        headers: req.headers,
        body: raw ? JSON.parse(raw) : undefined,
      };
      requests.push(recorded);
      try {
        const { status, body } = await current(recorded);
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      } catch (error) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(errorBody(500, 'Error', String(error))));
      }
    });
  });

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    vppBaseUrl: `${origin}/api/vpp`,
    discovery: {
      getBaseUrl: async pluginId => `${origin}/api/${pluginId}`,
      getExternalBaseUrl: async pluginId => `${origin}/api/${pluginId}`,
    },
    requests,
    reply(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close(err => (err ? reject(err) : resolve())),
      ),
  };
}

/** Backstage's error body, as the vpp backend sends it. @public */
export function errorBody(statusCode: number, name: string, message: string) {
  return {
    error: { name, message },
    response: { statusCode },
  };
}

/** A token as `GET /api/vpp/tokens` lists it. @public */
export function makeToken(overrides: Partial<VppToken> = {}): VppToken {
  return {
    id: '3f1c9a52-0b7e-4d1a-9c55-2a8e1f0b6d11',
    displayName: 'Tokyo HQ devices',
    owner: 'group:default/tokyo-it',
    orgName: 'Example Corp',
    locationName: 'Tokyo HQ',
    locationUid: '2049020201',
    countryCode: 'JP',
    expiresAt: '2027-03-31T00:00:00.000Z',
    daysLeft: 130,
    status: 'ok',
    statusReason: 'The token is valid until 31 March 2027.',
    notes: 'Downloaded by it-admin@example.com on 2026-03-31',
    createdBy: 'user:default/aiko',
    createdAt: '2026-03-31T09:00:00.000Z',
    updatedAt: '2026-03-31T09:00:00.000Z',
    ...overrides,
  };
}
