import { Clock, systemClock } from '../apple/clock';
import { describeNetworkError, FetchLike } from '../apple/http';
import {
  NanoMdmAnswer,
  NanoMdmApiResult,
  parseNanoMdmApiResult,
} from './apiResult';
import {
  CommandDelivery,
  DeliveryOutcome,
  deliverCommandGroups,
  deliverCommands,
} from './delivery';
import {
  MdmAuthError,
  MdmResponseError,
  MdmUnreachableError,
  redact,
} from './errors';

/** Default per-attempt timeout (headers and body). */
export const DEFAULT_NANOMDM_TIMEOUT_MS = 30_000;
/** Default number of enrollment ids per enqueue and per push request. */
export const DEFAULT_NANOMDM_BATCH_SIZE = 500;

/** Minimal logger; Backstage's `LoggerService` fits. Never receives the API key. */
export interface MdmLogger {
  debug?(message: string, meta?: MdmLogMeta): void;
  info?(message: string, meta?: MdmLogMeta): void;
  warn?(message: string, meta?: MdmLogMeta): void;
}

/** Log fields: plain values only (fits Backstage's `JsonObject`). */
export type MdmLogMeta = {
  [key: string]: string | number | boolean | undefined;
};

/**
 * Retries of one request: connection failures, timeouts, 429 and 5xx answers that carry
 * no NanoMDM result are repeated with exponential back-off and jitter. Repeating an
 * enqueue is safe because NanoMDM stores a CommandUUID once: the repeat of a stored
 * request answers "duplicate", which counts as queued.
 */
export interface MdmRetryOptions {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** Delay before the first retry (before jitter). */
  baseDelayMs: number;
  /** Cap of one delay. */
  maxDelayMs: number;
  /** Random source in [0, 1) for jitter: the delay is drawn from [d/2, d]. */
  random: () => number;
}

export const DEFAULT_MDM_RETRY_OPTIONS: MdmRetryOptions = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  random: Math.random,
};

/** Exponential back-off with "equal jitter" before retry number `retry` (1 = first retry). */
export function mdmBackoffDelayMs(
  retry: number,
  options: MdmRetryOptions,
): number {
  const exponential = options.baseDelayMs * Math.pow(2, Math.max(0, retry - 1));
  const capped = Math.min(options.maxDelayMs, exponential);
  return Math.round(capped / 2 + (options.random() * capped) / 2);
}

export interface NanoMdmClientOptions {
  /** NanoMDM's address, e.g. `https://mdm.example.com` (the API is under `/v1/…`). */
  baseUrl: string;
  /** HTTP Basic password of user `nanomdm`. Kept private; never logged. */
  apiKey: string;
  /** Ids per enqueue and per push request; default {@link DEFAULT_NANOMDM_BATCH_SIZE}. */
  batchSize?: number;
  /** Per-attempt timeout; default {@link DEFAULT_NANOMDM_TIMEOUT_MS}. */
  timeoutMs?: number;
  retry?: Partial<MdmRetryOptions>;
  /** Default: global `fetch`. */
  fetch?: FetchLike;
  /** Time source of timeouts and back-off; tests inject a `ManualClock`. */
  clock?: Clock;
  logger?: MdmLogger;
}

class TimeoutMarker extends Error {}

interface RawAnswer {
  status: number;
  text: string;
}

/**
 * Client of NanoMDM's command API (`http/api/api.go`): `PUT /v1/enqueue/<ids>` with a raw
 * command plist, `GET /v1/push/<ids>`, `GET /version`. Enrollment ids travel in the path,
 * comma-separated, each URL-encoded.
 */
export class NanoMdmClient {
  readonly baseUrl: string;
  readonly batchSize: number;
  readonly #apiKey: string;
  readonly #authorization: string;
  readonly #fetch: FetchLike;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #retry: MdmRetryOptions;
  readonly #logger?: MdmLogger;

  constructor(options: NanoMdmClientOptions) {
    if (
      typeof options.baseUrl !== 'string' ||
      !/^https?:\/\//.test(options.baseUrl)
    ) {
      throw new TypeError('NanoMDM baseUrl must be an http(s) URL');
    }
    if (typeof options.apiKey !== 'string' || options.apiKey === '') {
      throw new TypeError('NanoMDM apiKey must be a non-empty string');
    }
    const batchSize = options.batchSize ?? DEFAULT_NANOMDM_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new TypeError('NanoMDM batchSize must be a positive integer');
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.batchSize = batchSize;
    this.#apiKey = options.apiKey;
    this.#authorization = `Basic ${Buffer.from(
      `nanomdm:${options.apiKey}`,
    ).toString('base64')}`;
    const fetchImpl =
      options.fetch ?? (globalThis.fetch as unknown as FetchLike);
    if (!fetchImpl) {
      throw new Error('No fetch implementation available');
    }
    this.#fetch = fetchImpl;
    this.#clock = options.clock ?? systemClock;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_NANOMDM_TIMEOUT_MS;
    this.#retry = {
      ...DEFAULT_MDM_RETRY_OPTIONS,
      ...Object.fromEntries(
        Object.entries(options.retry ?? {}).filter(([, v]) => v !== undefined),
      ),
    };
    this.#logger = options.logger;
  }

  /** Keeps the API key out of `console.log`/`util.inspect` output. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `NanoMdmClient { baseUrl: '${this.baseUrl}' }`;
  }

  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, batchSize: this.batchSize };
  }

  /** `GET /version` (no authentication): NanoMDM's version, e.g. `v0.9.0`. */
  async version(): Promise<string> {
    return this.#request(
      'GET',
      '/version',
      'GET /version',
      undefined,
      false,
      raw => {
        if (raw.status !== 200) {
          return undefined;
        }
        try {
          const body = JSON.parse(raw.text) as { version?: unknown };
          return typeof body?.version === 'string' ? body.version : undefined;
        } catch {
          return undefined;
        }
      },
    );
  }

  /**
   * `PUT /v1/enqueue/<ids>[?nopush=1]` with the command plist as body. Resolves with
   * NanoMDM's result whatever it says (read `commandError` to know what was not queued);
   * throws {@link MdmAuthError}, {@link MdmUnreachableError} or {@link MdmResponseError}.
   */
  enqueue(
    ids: readonly string[],
    command: string,
    options: { noPush?: boolean } = {},
  ): Promise<NanoMdmAnswer> {
    const query = options.noPush ? '?nopush=1' : '';
    return this.#request(
      'PUT',
      `/v1/enqueue/${idsPath(ids)}${query}`,
      `PUT /v1/enqueue (${ids.length} ids${options.noPush ? ', nopush' : ''})`,
      command,
      true,
      decisiveAnswer,
    );
  }

  /** `GET /v1/push/<ids>`: wakes the devices so they fetch their queued commands. */
  push(ids: readonly string[]): Promise<NanoMdmAnswer> {
    return this.#request(
      'GET',
      `/v1/push/${idsPath(ids)}`,
      `GET /v1/push (${ids.length} ids)`,
      undefined,
      true,
      decisiveAnswer,
    );
  }

  /**
   * Queues commands for many devices and wakes them: each delivery is enqueued in
   * batches of `batchSize` with `?nopush=1`, then every queued id is pushed, one push
   * request per batch. See `deliverCommands` for CommandUUIDs, duplicates and unknown ids.
   */
  deliver(deliveries: CommandDelivery[]): Promise<DeliveryOutcome[]> {
    return deliverCommands(this, deliveries, { batchSize: this.batchSize });
  }

  /** {@link deliver} for several groups: all enqueued, then each device pushed once. */
  deliverGroups(groups: CommandDelivery[][]): Promise<DeliveryOutcome[][]> {
    return deliverCommandGroups(this, groups, { batchSize: this.batchSize });
  }

  async #request<T>(
    method: 'GET' | 'PUT',
    path: string,
    endpoint: string,
    body: string | undefined,
    authenticated: boolean,
    decide: (raw: RawAnswer) => T | undefined,
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (authenticated) {
      headers.Authorization = this.#authorization;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/xml';
    }
    let lastProblem = '';
    let lastStatus: number | undefined;
    for (let attempt = 1; ; attempt++) {
      let raw: RawAnswer | undefined;
      try {
        raw = await this.#sendOnce(
          method,
          `${this.baseUrl}${path}`,
          headers,
          body,
        );
      } catch (error) {
        lastStatus = undefined;
        lastProblem =
          error instanceof TimeoutMarker
            ? `no answer within ${this.#timeoutMs} ms`
            : describeNetworkError(error, this.#secrets());
      }
      if (raw) {
        lastStatus = raw.status;
        if (raw.status === 401) {
          throw new MdmAuthError({
            message: `NanoMDM refused the API key for ${endpoint} (401); check vpp.mdm.nanomdm.apiKey`,
            endpoint,
            httpStatus: 401,
            attempts: attempt,
          });
        }
        const decided = decide(raw);
        if (decided !== undefined) {
          return decided;
        }
        if (raw.status !== 429 && raw.status < 500) {
          throw new MdmResponseError({
            message: `NanoMDM answered ${endpoint} with HTTP ${
              raw.status
            } and no API result: ${this.#excerpt(raw.text)}`,
            endpoint,
            httpStatus: raw.status,
            attempts: attempt,
          });
        }
        lastProblem = `HTTP ${raw.status} without a result: ${this.#excerpt(
          raw.text,
        )}`;
      }
      if (attempt >= this.#retry.maxAttempts) {
        throw new MdmUnreachableError({
          message: `NanoMDM at ${this.baseUrl} did not answer ${endpoint} after ${attempt} attempt(s): ${lastProblem}`,
          endpoint,
          httpStatus: lastStatus,
          attempts: attempt,
        });
      }
      const delayMs = mdmBackoffDelayMs(attempt, this.#retry);
      this.#logger?.warn?.(`NanoMDM ${endpoint} failed; retrying`, {
        attempt,
        delayMs,
        problem: lastProblem,
      });
      await this.#clock.sleep(delayMs);
    }
  }

  /** One exchange; the timeout (on the injected clock) covers headers and body. */
  async #sendOnce(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<RawAnswer> {
    const controller = new AbortController();
    const stopTimer = new AbortController();
    this.#clock.sleep(this.#timeoutMs, stopTimer.signal).then(
      () => controller.abort(new TimeoutMarker()),
      () => undefined,
    );
    try {
      const response = await this.#fetch(url, {
        method,
        headers,
        body,
        signal: controller.signal,
      });
      const text = await response.text();
      return { status: response.status, text };
    } catch (error) {
      if (controller.signal.reason instanceof TimeoutMarker) {
        throw controller.signal.reason;
      }
      throw error;
    } finally {
      stopTimer.abort();
    }
  }

  #secrets(): string[] {
    return [this.#apiKey, this.#authorization.slice('Basic '.length)];
  }

  #excerpt(text: string): string {
    const oneLine = text.replace(/\s+/g, ' ').trim();
    return redact(
      oneLine === '' ? '(empty body)' : oneLine,
      this.#secrets(),
    ).slice(0, 200);
  }
}

/** Ids in a path: URL-encoded each, joined by commas (NanoMDM splits the path on `,`). */
function idsPath(ids: readonly string[]): string {
  return ids.map(id => encodeURIComponent(id)).join(',');
}

/**
 * A NanoMDM result with 200/207, or a 500 that states an error (`command_error`,
 * `push_error` or an id's error). A 500 stating nothing came from something else and is
 * retried.
 */
function decisiveAnswer(raw: RawAnswer): NanoMdmAnswer | undefined {
  if (raw.status !== 200 && raw.status !== 207 && raw.status !== 500) {
    return undefined;
  }
  const result = parseNanoMdmApiResult(raw.text);
  if (!result) {
    return undefined;
  }
  if (raw.status === 500 && !statesAnError(result)) {
    return undefined;
  }
  return { httpStatus: raw.status, result };
}

function statesAnError(result: NanoMdmApiResult): boolean {
  return (
    result.commandError !== undefined ||
    result.pushError !== undefined ||
    Object.values(result.status).some(
      r => r.commandError !== undefined || r.pushError !== undefined,
    )
  );
}
