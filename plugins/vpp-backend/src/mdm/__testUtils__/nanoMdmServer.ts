import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import plist from 'plist';

/**
 * A real HTTP server on 127.0.0.1 for the client tests: it answers with recorded NanoMDM
 * responses (`__fixtures__/nanomdm/*.http`) or with what a handler computes, and records
 * every request.
 */

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ReceivedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  /** The enrollment ids of `/v1/enqueue/<ids>` or `/v1/push/<ids>`, decoded. */
  ids: string[];
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Handler = (
  request: ReceivedRequest,
) =>
  | RecordedResponse
  | 'hang'
  | 'drop'
  | Promise<RecordedResponse | 'hang' | 'drop'>;

const FIXTURES = path.resolve(__dirname, '../__fixtures__/nanomdm');

/** Reads a recorded answer: status line, headers, blank line, body (byte for byte). */
export function recorded(name: string): RecordedResponse {
  const text = fs.readFileSync(path.join(FIXTURES, `${name}.http`), 'utf8');
  const split = text.indexOf('\n\n');
  const [statusLine, ...headerLines] = text.slice(0, split).split('\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: text.slice(split + 2),
  };
}

/** NanoMDM's JSON: `encoding/json` with tab indentation and HTML escaping. */
export function goJson(value: unknown): string {
  return `${JSON.stringify(value, null, '\t')
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')}\n`;
}

export function jsonResponse(status: number, value: unknown): RecordedResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json' },
    body: goJson(value),
  };
}

export class NanoMdmTestServer {
  readonly requests: ReceivedRequest[] = [];
  readonly #server: http.Server;
  readonly #hanging: http.ServerResponse[] = [];
  #onRequest: Array<() => void> = [];
  handler: Handler;

  private constructor(handler: Handler) {
    this.handler = handler;
    this.#server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', async () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const idsMatch = /\/v1\/(?:enqueue|push)\/(.*)$/.exec(url.pathname);
        const received: ReceivedRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          ids: idsMatch?.[1]
            ? idsMatch[1].split(',').map(decodeURIComponent)
            : [],
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        this.requests.push(received);
        const answer = await this.handler(received);
        const waiting = this.#onRequest;
        this.#onRequest = [];
        waiting.forEach(resolve => resolve());
        if (answer === 'hang') {
          this.#hanging.push(res);
          return;
        }
        if (answer === 'drop') {
          req.socket.destroy();
          return;
        }
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      });
    });
  }

  static async start(handler: Handler): Promise<NanoMdmTestServer> {
    const server = new NanoMdmTestServer(handler);
    await new Promise<void>(resolve =>
      server.#server.listen(0, '127.0.0.1', resolve),
    );
    return server;
  }

  get baseUrl(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/nanomdm`;
  }

  /** Resolves when the next request has been received (and handled). */
  nextRequest(): Promise<void> {
    return new Promise(resolve => this.#onRequest.push(resolve));
  }

  async close(): Promise<void> {
    this.#hanging.forEach(res => res.socket?.destroy());
    this.#server.closeAllConnections();
    await new Promise<void>(resolve => this.#server.close(() => resolve()));
  }
}

/** The CommandUUID and RequestType NanoMDM reads from an enqueued body. */
export function commandOf(body: string): {
  commandUuid: string;
  requestType: string;
} {
  const parsed = plist.parse(body) as {
    CommandUUID: string;
    Command: { RequestType: string };
  };
  return {
    commandUuid: parsed.CommandUUID,
    requestType: parsed.Command.RequestType,
  };
}

/**
 * Behaves like NanoMDM with PostgreSQL storage (see `__fixtures__/nanomdm/README.md`):
 * Basic auth, a CommandUUID stored once, a whole request rejected when one id is unknown,
 * `push data missing for id` for ids without push data. `stored` maps each CommandUUID to
 * the ids it was queued for.
 */
export class PostgresLikeNanoMdm {
  readonly stored = new Map<string, string[]>();
  readonly pushed: string[][] = [];
  /** Answer the next n enqueues with 503 after storing (an answer lost on the way). */
  loseAnswers = 0;
  #push = 0;

  constructor(
    readonly apiKey: string,
    readonly enrolled: Set<string>,
    readonly withoutPushData: Set<string> = new Set(),
  ) {}

  readonly handle: Handler = request => {
    const expected = `Basic ${Buffer.from(`nanomdm:${this.apiKey}`).toString(
      'base64',
    )}`;
    if (request.url.endsWith('/version')) {
      return recorded('version');
    }
    if (request.headers.authorization !== expected) {
      return recorded('unauthorized');
    }
    if (request.ids.length === 0) {
      return jsonResponse(500, {
        command_error: 'getting enrollment ids: empty path',
      });
    }
    if (request.url.includes('/v1/enqueue/')) {
      return this.#enqueue(request);
    }
    return this.#pushTo(request.ids);
  };

  #enqueue(request: ReceivedRequest): RecordedResponse {
    const noPush = (request.query.get('nopush') ?? '') !== '';
    const { commandUuid, requestType } = commandOf(request.body);
    const head = { no_push: noPush || undefined };
    const tail = { command_uuid: commandUuid, request_type: requestType };
    if (this.stored.has(commandUuid)) {
      return jsonResponse(500, {
        ...head,
        command_error:
          'pq: duplicate key value violates unique constraint "commands_pkey"',
        ...tail,
      });
    }
    if (request.ids.some(id => !this.enrolled.has(id))) {
      return jsonResponse(500, {
        ...head,
        command_error:
          'pq: insert or update on table "enrollment_queue" violates foreign key constraint "enrollment_queue_id_fkey"',
        ...tail,
      });
    }
    this.stored.set(commandUuid, request.ids);
    if (this.loseAnswers > 0) {
      this.loseAnswers--;
      return { status: 503, headers: {}, body: 'upstream connect error' };
    }
    if (noPush) {
      return jsonResponse(200, { ...head, ...tail });
    }
    const pushed = this.#pushTo(request.ids);
    const status = JSON.parse(pushed.body).status;
    return jsonResponse(pushed.status, { status, ...tail });
  }

  #pushTo(ids: string[]): RecordedResponse {
    this.pushed.push(ids);
    const status: Record<string, object> = {};
    let errors = 0;
    for (const id of ids) {
      if (this.enrolled.has(id) && !this.withoutPushData.has(id)) {
        status[id] = { push_result: `apns-${++this.#push}` };
      } else {
        errors++;
        status[id] = { push_error: 'push data missing for id' };
      }
    }
    let code = 207;
    if (errors === 0) code = 200;
    else if (errors === ids.length) code = 500;
    return jsonResponse(code, { status });
  }
}
