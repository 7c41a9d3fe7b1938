import { z } from 'zod';
import { Clock, systemClock } from './clock';
import {
  BatchSubmission,
  PartialBatchSubmissionError,
  mergeEventOutcomes,
  MergedEventOutcome,
} from './batchSubmission';
import {
  ManageAssetsInput,
  planManageAssetsBatches,
  planRevokeBatches,
  planUserBatches,
  resolveLimits,
} from './batching';
import {
  AppleVppError,
  classifyAppleError,
  isAppleVppError,
  redactSecrets,
} from './errors';
import { waitForEvent, WaitForEventOptions, EventOutcome } from './events';
import {
  abortedError,
  FetchLike,
  RawResponse,
  sendOnce,
  tryParseJson,
} from './http';
import { PageIterator, PageIteratorOptions } from './pagination';
import {
  RatePermit,
  SlidingWindowRateLimiter,
  defaultRateLimiter,
  tokenFingerprint,
} from './rateLimiter';
import {
  RetryOptions,
  decideRetry,
  resolveRetryOptions,
  parseRetryAfter,
} from './retry';
import {
  AppleHold,
  AppleHoldError,
  AppleRequestHolds,
  defaultRequestHolds,
} from './requestHolds';
import {
  ServiceConfigCache,
  ServiceEndpoints,
  resolveServiceEndpoints,
} from './serviceConfig';
import { parseAppleDate } from './tokenFile';
import {
  ClientConfigRequest,
  ClientConfigResponse,
  EventResponse,
  GetAssetsQuery,
  GetAssetsResponse,
  GetAssignmentsQuery,
  GetAssignmentsResponse,
  GetUsersQuery,
  GetUsersResponse,
  ManageAssetsRequest,
  ManageUsersRequest,
  MdmInfo,
  RequestUser,
  RevokeAssetsRequest,
  ServiceConfigLimits,
  ServiceConfigResponse,
  StatusResponse,
  clientConfigResponseSchema,
  errorResponseSchema,
  eventResponseSchema,
  getAssetsResponseSchema,
  getAssignmentsResponseSchema,
  getUsersResponseSchema,
  serviceConfigResponseSchema,
  statusResponseSchema,
} from './types';

/** Apple's production base URL of the App and Book Management API 2. */
export const APPLE_VPP_BASE_URL = 'https://vpp.itunes.apple.com/mdm/v2';

/** Default per-request timeout (headers and body). Fleet uses the same. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Fields of a log line: plain values only, so Backstage's `LoggerService` accepts them. */
export type AppleVppLogMeta = Record<
  string,
  string | number | boolean | undefined
>;

/** Minimal logger; compatible with Backstage's `LoggerService`. Never receives the token. */
export interface AppleVppLogger {
  debug?(message: string, meta?: AppleVppLogMeta): void;
  info?(message: string, meta?: AppleVppLogMeta): void;
  warn?(message: string, meta?: AppleVppLogMeta): void;
}

/** Reported when the device-management service recorded at Apple for this location changes. */
export interface MdmInfoChange {
  /** What was observed before; `undefined` if this is the first observation of this client. */
  previous: MdmInfo | null | undefined;
  /** What Apple reports now; `null` when a client-config response no longer carries `mdmInfo`. */
  current: MdmInfo | null;
  /** Our identity, as given to the client. */
  ours?: MdmInfo;
  /** `current` has our `id` and `name`. */
  isOurs: boolean;
  /** The endpoint whose response revealed the change, e.g. `GET /assignments`. */
  endpoint: string;
  uId?: string;
}

/** Metadata Apple attaches to every authenticated response. */
export interface ResponseMetadata {
  endpoint: string;
  httpStatus: number;
  attempts: number;
  receivedAt: Date;
  uId?: string;
  tokenExpirationDate?: string;
  /** `tokenExpirationDate` parsed. */
  tokenExpiresAt?: Date;
  mdmInfo?: MdmInfo;
  /** Whether `mdmInfo` is ours; `undefined` when the response has none or we have no identity. */
  mdmInfoIsOurs?: boolean;
}

export interface AppleVppClientOptions {
  /**
   * The content token: the whole `.vpptoken` file content (trimmed), as returned in
   * `parseTokenFile(...).bearer`. Kept in a private field; never logged or put in errors.
   */
  token: string;
  /**
   * Default {@link APPLE_VPP_BASE_URL}. `GET /service/config` is read here; each endpoint then
   * goes to the URL that configuration announces when it is HTTPS on an Apple host or on this
   * base URL's origin, else (with a warning) to this base URL + the documented path.
   */
  baseUrl?: string;
  /** Our identity; responses carrying another `mdmInfo` trigger `onMdmInfoChange`. */
  mdmInfo?: MdmInfo;
  /**
   * Called when the observed `mdmInfo` changes: first sight of another service's identity, ours →
   * another, another → ours, or gone from a client-config response. Errors thrown here are logged
   * and ignored.
   */
  onMdmInfoChange?: (change: MdmInfoChange) => void;
  /** Called after every successful authenticated response. */
  onResponse?: (metadata: ResponseMetadata) => void;
  /** Default: global `fetch`. */
  fetch?: FetchLike;
  clock?: Clock;
  /** Per-attempt timeout, default 10 s. */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** Default: the process-wide {@link defaultRateLimiter}, keyed by the token's fingerprint. */
  rateLimiter?: SlidingWindowRateLimiter;
  /** Default: a cache private to this client. Share one between clients to save requests. */
  serviceConfigCache?: ServiceConfigCache;
  /**
   * Apple's `Retry-After` waits, for every client of the process. Default: the process-wide
   * {@link defaultRequestHolds}.
   */
  holds?: AppleRequestHolds;
  /**
   * Default for {@link RequestOptions.retryUntil} of every call of this client (scheduled work
   * creates its client with its task's deadline).
   */
  retryUntil?: number;
  /**
   * Called before each back-off sleep and each slice (≤ 1 minute) of a `Retry-After` wait, e.g.
   * to renew a lease while Apple keeps us waiting. A rejection aborts the request with it.
   */
  onBackoff?: (wait: {
    endpoint: string;
    delayMs: number;
    reason: string;
  }) => Promise<void> | void;
  logger?: AppleVppLogger;
  userAgent?: string;
}

/** Options accepted by every call. */
export interface RequestOptions {
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number;
  /**
   * Deadline (epoch ms) of scheduled work. Without it a call is interactive: at most
   * `maxAttempts` attempts and `Retry-After` waits up to `maxRetryAfterMs`. With it, 429/9646 and
   * 5xx are retried with back-off past `maxAttempts` (Apple: "until successful") and Apple's
   * waits are honoured, as long as they end before the deadline. Either way a wait that ends
   * later throws an {@link AppleHoldError} saying until when.
   */
  retryUntil?: number;
}

export type IterateOptions = RequestOptions &
  Pick<PageIteratorOptions, 'concurrency'>;

interface RequestSpec<T> {
  method: 'GET' | 'POST';
  path: string;
  query?: object;
  body?: unknown;
  schema: z.ZodType<T, z.ZodTypeDef, unknown>;
  /** Safe to repeat when the answer was lost (network error, timeout). */
  idempotent: boolean;
  authenticated: boolean;
}

/**
 * Typed client of Apple's Apps and Books API v2 for one content token.
 *
 * Every call: waits for the per-token rate limiter (`limits.maxRequestPerSecond` from the service
 * configuration, refreshed every 5 minutes), sends the request with a timeout, reads the body and
 * checks it for `errorNumber` BEFORE trusting the HTTP status (Apple may answer 200 with an error
 * body), retries what is safe to retry, validates the answer loosely, and checks `mdmInfo`.
 *
 * Which requests are retried after a lost answer (network error / timeout):
 * - all GETs;
 * - `POST /assets/associate`: associating a pair that is already associated is a no-op at Apple
 *   (Fleet re-associates on every install), so a duplicate caused by a retry costs no license;
 *   the only effect is a second event id, of which we wait for the last one;
 * - `POST /client/config`: it sets the same values again (and Apple sends one more test
 *   notification).
 * Not retried after a lost answer, because a duplicate would produce misleading failures:
 * disassociate (the second run would fail for pairs the first removed), revoke, and users
 * create/update/retire (a second create fails with 9716). These throw an error with
 * `requestMayHaveBeenProcessed: true`; re-read state before repeating them. All requests are
 * retried after 429/9646 and 5xx (Apple processed nothing) and after connection failures that
 * happened before anything was sent (connection refused, DNS).
 */
export class AppleVppClient {
  readonly baseUrl: string;
  /** Non-secret identifier of the token, safe for logs. */
  readonly tokenFingerprint: string;
  readonly #bearer: string;
  readonly #fetch: FetchLike;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #retry: RetryOptions;
  readonly #rateLimiter: SlidingWindowRateLimiter;
  readonly #serviceConfig: ServiceConfigCache;
  readonly #holds: AppleRequestHolds;
  readonly #retryUntil?: number;
  readonly #onBackoff?: AppleVppClientOptions['onBackoff'];
  readonly #logger?: AppleVppLogger;
  readonly #mdmInfo?: MdmInfo;
  readonly #onMdmInfoChange?: (change: MdmInfoChange) => void;
  readonly #onResponse?: (metadata: ResponseMetadata) => void;
  readonly #userAgent?: string;
  #observedMdmInfo: MdmInfo | null | undefined = undefined;
  #lastMetadata?: ResponseMetadata;

  constructor(options: AppleVppClientOptions) {
    const token = typeof options.token === 'string' ? options.token.trim() : '';
    if (token === '' || /[\r\n\0]/.test(token)) {
      throw new AppleVppError({
        kind: 'token-invalid',
        message:
          'The content token is empty or contains line breaks; pass the trimmed .vpptoken file content',
      });
    }
    this.#bearer = token;
    this.tokenFingerprint = tokenFingerprint(token);
    this.baseUrl = (options.baseUrl ?? APPLE_VPP_BASE_URL).replace(/\/+$/, '');
    const fetchImpl =
      options.fetch ?? (globalThis.fetch as unknown as FetchLike);
    if (!fetchImpl) {
      throw new Error('No fetch implementation available');
    }
    this.#fetch = fetchImpl;
    this.#clock = options.clock ?? systemClock;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#retry = resolveRetryOptions(options.retry);
    this.#rateLimiter = options.rateLimiter ?? defaultRateLimiter;
    this.#serviceConfig =
      options.serviceConfigCache ??
      new ServiceConfigCache({ clock: this.#clock });
    this.#holds = options.holds ?? defaultRequestHolds;
    this.#retryUntil = options.retryUntil;
    this.#onBackoff = options.onBackoff;
    this.#logger = options.logger;
    this.#mdmInfo = options.mdmInfo;
    this.#onMdmInfoChange = options.onMdmInfoChange;
    this.#onResponse = options.onResponse;
    this.#userAgent = options.userAgent;
  }

  /** Metadata of the last successful authenticated response. */
  get lastResponseMetadata(): ResponseMetadata | undefined {
    return this.#lastMetadata;
  }

  /** The `mdmInfo` last observed at Apple (`null` = none set, `undefined` = not yet seen). */
  get observedMdmInfo(): MdmInfo | null | undefined {
    return this.#observedMdmInfo;
  }

  /** Keeps the token out of `console.log`/`util.inspect` output. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `AppleVppClient { baseUrl: '${this.baseUrl}', token: '${this.tokenFingerprint}…' }`;
  }

  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, tokenFingerprint: this.tokenFingerprint };
  }

  // ------------------------------------------------------------------------------------------
  // Service configuration
  // ------------------------------------------------------------------------------------------

  /** `GET /service/config` (no authentication), cached for 5 minutes per base URL. */
  async getServiceConfig(
    options: RequestOptions & { forceRefresh?: boolean } = {},
  ): Promise<ServiceConfigResponse> {
    const config = await this.#serviceConfig.get(
      this.baseUrl,
      () =>
        this.#request(
          {
            method: 'GET',
            path: '/service/config',
            schema: serviceConfigResponseSchema,
            idempotent: true,
            authenticated: false,
          },
          options,
        ),
      { forceRefresh: options.forceRefresh },
    );
    return config;
  }

  /**
   * Limits from the service configuration, with Apple's documented example values for anything
   * missing. Falls back to those defaults entirely if the configuration cannot be read.
   */
  async getLimits(
    options: RequestOptions = {},
  ): Promise<Required<ServiceConfigLimits>> {
    try {
      return resolveLimits((await this.getServiceConfig(options)).limits);
    } catch (error) {
      if (isAppleVppError(error) && error.kind === 'aborted') {
        throw error;
      }
      this.#logger?.warn?.(
        'Apple VPP service configuration unavailable; using default limits',
        { error: describe(error), token: this.tokenFingerprint },
      );
      return resolveLimits(undefined);
    }
  }

  /**
   * URLs announced by the service configuration, as Apple sent them. Requests follow them only
   * when trustworthy (see `isTrustedServiceUrl`).
   */
  async getServiceUrls(
    options: RequestOptions = {},
  ): Promise<Record<string, string>> {
    return (await this.getServiceConfig(options)).urls ?? {};
  }

  // ------------------------------------------------------------------------------------------
  // Client configuration
  // ------------------------------------------------------------------------------------------

  /** `GET /client/config`: location name, country, `uId`, `mdmInfo`, notification settings. */
  getClientConfig(options: RequestOptions = {}): Promise<ClientConfigResponse> {
    return this.#request(
      {
        method: 'GET',
        path: '/client/config',
        schema: clientConfigResponseSchema,
        idempotent: true,
        authenticated: true,
      },
      options,
    );
  }

  /** `POST /client/config`: set `mdmInfo` and/or notification settings. */
  updateClientConfig(
    request: ClientConfigRequest,
    options: RequestOptions = {},
  ): Promise<ClientConfigResponse> {
    return this.#request(
      {
        method: 'POST',
        path: '/client/config',
        body: request,
        schema: clientConfigResponseSchema,
        idempotent: true,
        authenticated: true,
      },
      options,
    );
  }

  // ------------------------------------------------------------------------------------------
  // Assets, assignments, users (paged)
  // ------------------------------------------------------------------------------------------

  /** `GET /assets` (one page). */
  getAssets(
    query: GetAssetsQuery = {},
    options: RequestOptions = {},
  ): Promise<GetAssetsResponse> {
    return this.#request(
      {
        method: 'GET',
        path: '/assets',
        query,
        schema: getAssetsResponseSchema,
        idempotent: true,
        authenticated: true,
      },
      options,
    );
  }

  /** `GET /assignments` (one page). */
  getAssignments(
    query: GetAssignmentsQuery = {},
    options: RequestOptions = {},
  ): Promise<GetAssignmentsResponse> {
    return this.#request(
      {
        method: 'GET',
        path: '/assignments',
        query,
        schema: getAssignmentsResponseSchema,
        idempotent: true,
        authenticated: true,
      },
      options,
    );
  }

  /** `GET /users` (one page). */
  getUsers(
    query: GetUsersQuery = {},
    options: RequestOptions = {},
  ): Promise<GetUsersResponse> {
    return this.#request(
      {
        method: 'GET',
        path: '/users',
        query,
        schema: getUsersResponseSchema,
        idempotent: true,
        authenticated: true,
      },
      options,
    );
  }

  /** All pages of `/assets`, ≤ 5 in flight, in order. */
  iterateAssets(
    query: Omit<GetAssetsQuery, 'pageIndex'> = {},
    options: IterateOptions = {},
  ): PageIterator<GetAssetsResponse> {
    return new PageIterator(
      (pageIndex, signal) =>
        this.getAssets(
          { ...query, pageIndex },
          { signal, timeoutMs: options.timeoutMs },
        ),
      { concurrency: options.concurrency, signal: options.signal },
    );
  }

  /**
   * All pages of `/assignments`, ≤ 5 in flight, in order. Store the iterator's `versionId` (the
   * first page's) and pass it as `sinceVersionId` next time for an incremental sync.
   */
  iterateAssignments(
    query: Omit<GetAssignmentsQuery, 'pageIndex'> = {},
    options: IterateOptions = {},
  ): PageIterator<GetAssignmentsResponse> {
    return new PageIterator(
      (pageIndex, signal) =>
        this.getAssignments(
          { ...query, pageIndex },
          { signal, timeoutMs: options.timeoutMs },
        ),
      { concurrency: options.concurrency, signal: options.signal },
    );
  }

  /** All pages of `/users`, ≤ 5 in flight, in order. */
  iterateUsers(
    query: Omit<GetUsersQuery, 'pageIndex'> = {},
    options: IterateOptions = {},
  ): PageIterator<GetUsersResponse> {
    return new PageIterator(
      (pageIndex, signal) =>
        this.getUsers(
          { ...query, pageIndex },
          { signal, timeoutMs: options.timeoutMs },
        ),
      { concurrency: options.concurrency, signal: options.signal },
    );
  }

  // ------------------------------------------------------------------------------------------
  // License management (asynchronous)
  // ------------------------------------------------------------------------------------------

  /** `POST /assets/associate` (one request; see {@link AppleVppClient.associateAssetsInBatches}). */
  associateAssets(
    request: ManageAssetsRequest,
    options: RequestOptions = {},
  ): Promise<EventResponse> {
    return this.#request(
      {
        method: 'POST',
        path: '/assets/associate',
        body: request,
        schema: eventResponseSchema,
        idempotent: true, // idempotent per (asset, identifier) pair at Apple — see class doc
        authenticated: true,
      },
      options,
    );
  }

  /** `POST /assets/disassociate` (one request). */
  disassociateAssets(
    request: ManageAssetsRequest,
    options: RequestOptions = {},
  ): Promise<EventResponse> {
    return this.#request(
      {
        method: 'POST',
        path: '/assets/disassociate',
        body: request,
        schema: eventResponseSchema,
        idempotent: false,
        authenticated: true,
      },
      options,
    );
  }

  /** `POST /assets/revoke`: removes all revocable licenses of the given devices/users. */
  revokeAssets(
    request: RevokeAssetsRequest,
    options: RequestOptions = {},
  ): Promise<EventResponse> {
    return this.#request(
      {
        method: 'POST',
        path: '/assets/revoke',
        body: request,
        schema: eventResponseSchema,
        idempotent: false,
        authenticated: true,
      },
      options,
    );
  }

  /** `GET /status?eventId=`. */
  getEventStatus(
    eventId: string,
    options: RequestOptions = {},
  ): Promise<StatusResponse> {
    return this.#request(
      {
        method: 'GET',
        path: '/status',
        query: { eventId },
        schema: statusResponseSchema,
        idempotent: true,
        authenticated: true,
      },
      options,
    );
  }

  /** `POST /users/create`. */
  createUsers(
    request: ManageUsersRequest,
    options: RequestOptions = {},
  ): Promise<EventResponse> {
    return this.#manageUsers('/users/create', request, options);
  }

  /** `POST /users/update`. */
  updateUsers(
    request: ManageUsersRequest,
    options: RequestOptions = {},
  ): Promise<EventResponse> {
    return this.#manageUsers('/users/update', request, options);
  }

  /** `POST /users/retire`. */
  retireUsers(
    request: ManageUsersRequest,
    options: RequestOptions = {},
  ): Promise<EventResponse> {
    return this.#manageUsers('/users/retire', request, options);
  }

  #manageUsers(
    path: string,
    request: ManageUsersRequest,
    options: RequestOptions,
  ): Promise<EventResponse> {
    return this.#request(
      {
        method: 'POST',
        path,
        body: request,
        schema: eventResponseSchema,
        idempotent: false,
        authenticated: true,
      },
      options,
    );
  }

  // ------------------------------------------------------------------------------------------
  // Batches and events
  // ------------------------------------------------------------------------------------------

  /**
   * Associates any number of assets with any number of serials/users, split into the fewest
   * requests the current limits allow (one identifier kind per request, duplicates removed).
   * Requests are sent one after the other. If one fails, a {@link PartialBatchSubmissionError}
   * tells which were submitted.
   */
  async associateAssetsInBatches(
    input: ManageAssetsInput,
    options: RequestOptions = {},
  ): Promise<BatchSubmission<ManageAssetsRequest>[]> {
    const limits = await this.getLimits(options);
    return this.#submitAll(planManageAssetsBatches(input, limits), request =>
      this.associateAssets(request, options),
    );
  }

  /** Like {@link AppleVppClient.associateAssetsInBatches}, for disassociation. */
  async disassociateAssetsInBatches(
    input: ManageAssetsInput,
    options: RequestOptions = {},
  ): Promise<BatchSubmission<ManageAssetsRequest>[]> {
    const limits = await this.getLimits(options);
    return this.#submitAll(planManageAssetsBatches(input, limits), request =>
      this.disassociateAssets(request, options),
    );
  }

  /** Revoke split by `maxRevokeSerialNumbers` / `maxRevokeClientUserIds`. */
  async revokeAssetsInBatches(
    input: {
      serialNumbers?: Iterable<string>;
      clientUserIds?: Iterable<string>;
    },
    options: RequestOptions = {},
  ): Promise<BatchSubmission<RevokeAssetsRequest>[]> {
    const limits = await this.getLimits(options);
    return this.#submitAll(planRevokeBatches(input, limits), request =>
      this.revokeAssets(request, options),
    );
  }

  /** User create/update/retire split by `maxUsers`. */
  async manageUsersInBatches(
    action: 'create' | 'update' | 'retire',
    users: Iterable<RequestUser>,
    options: RequestOptions = {},
  ): Promise<BatchSubmission<ManageUsersRequest>[]> {
    const limits = await this.getLimits(options);
    const send = {
      create: (r: ManageUsersRequest) => this.createUsers(r, options),
      update: (r: ManageUsersRequest) => this.updateUsers(r, options),
      retire: (r: ManageUsersRequest) => this.retireUsers(r, options),
    }[action];
    return this.#submitAll(planUserBatches(users, limits), send);
  }

  /**
   * Polls `/status` until the event is final; see {@link waitForEvent}. Defaults to the client's
   * clock; polling never goes faster than `pollIntervalMs` (default 30 s).
   */
  waitForEvent(
    eventId: string,
    options: WaitForEventOptions = {},
  ): Promise<EventOutcome> {
    return waitForEvent(
      (id, signal) => this.getEventStatus(id, { signal }),
      eventId,
      { clock: this.#clock, ...options },
    );
  }

  /**
   * Submits batches (from one of the `…InBatches` methods) and waits for all their events, each
   * re-sent if it stays PENDING too long, then merges the per-serial/per-user results.
   */
  async waitForBatches<
    R extends ManageAssetsRequest | RevokeAssetsRequest | ManageUsersRequest,
  >(
    submissions: BatchSubmission<R>[],
    resend: (request: R) => Promise<EventResponse>,
    options: Omit<WaitForEventOptions, 'request' | 'resubmit'> = {},
  ): Promise<MergedEventOutcome> {
    const outcomes = await Promise.all(
      submissions.map(submission =>
        this.waitForEvent(submission.eventId, {
          ...options,
          request: submission.request,
          resubmit: () => resend(submission.request),
        }),
      ),
    );
    return mergeEventOutcomes(outcomes);
  }

  /** Associate in batches and wait for every event. */
  async associateAssetsAndWait(
    input: ManageAssetsInput,
    options: Omit<WaitForEventOptions, 'request' | 'resubmit'> = {},
  ): Promise<MergedEventOutcome> {
    const submissions = await this.associateAssetsInBatches(input, {
      signal: options.signal,
    });
    return this.waitForBatches(
      submissions,
      r => this.associateAssets(r),
      options,
    );
  }

  /** Disassociate in batches and wait for every event. */
  async disassociateAssetsAndWait(
    input: ManageAssetsInput,
    options: Omit<WaitForEventOptions, 'request' | 'resubmit'> = {},
  ): Promise<MergedEventOutcome> {
    const submissions = await this.disassociateAssetsInBatches(input, {
      signal: options.signal,
    });
    return this.waitForBatches(
      submissions,
      r => this.disassociateAssets(r),
      options,
    );
  }

  async #submitAll<R>(
    requests: R[],
    send: (request: R) => Promise<EventResponse>,
  ): Promise<BatchSubmission<R>[]> {
    const submitted: BatchSubmission<R>[] = [];
    for (const [index, request] of requests.entries()) {
      try {
        const response = await send(request);
        submitted.push({ request, eventId: response.eventId, response });
      } catch (error) {
        if (submitted.length === 0) {
          throw error;
        }
        throw new PartialBatchSubmissionError(
          submitted,
          requests.slice(index),
          error,
        );
      }
    }
    return submitted;
  }

  // ------------------------------------------------------------------------------------------
  // Request pipeline
  // ------------------------------------------------------------------------------------------

  async #request<T>(spec: RequestSpec<T>, options: RequestOptions): Promise<T> {
    const endpoint = `${spec.method} ${spec.path}`;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.#userAgent) {
      headers['User-Agent'] = this.#userAgent;
    }
    if (spec.authenticated) {
      headers.Authorization = `Bearer ${this.#bearer}`;
    }
    let body: string | undefined;
    if (spec.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(spec.body);
    }
    const signal = options.signal;
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    const retryUntil = options.retryUntil ?? this.#retryUntil;

    for (let attempt = 1; ; attempt++) {
      let error: AppleVppError;
      try {
        await this.#honourHolds(spec, { signal, retryUntil, attempt });
        let permit: RatePermit | undefined;
        let url = buildUrl(`${this.baseUrl}${spec.path}`, spec.query);
        if (spec.path !== '/service/config') {
          const settings = await this.#serviceSettings(signal);
          url = buildUrl(
            settings.endpoints.urls.get(spec.path) ??
              `${this.baseUrl}${spec.path}`,
            spec.query,
          );
          if (spec.authenticated) {
            permit = await this.#rateLimiter.acquire(
              this.tokenFingerprint,
              settings.limits.maxRequestPerSecond,
              signal,
            );
          }
        }
        let raw: RawResponse;
        try {
          raw = await sendOnce({
            fetch: this.#fetch,
            url,
            method: spec.method,
            headers,
            body,
            timeoutMs,
            signal,
            endpoint: spec.path,
            secrets: [this.#bearer],
            // The slot's window starts when the answer arrives (see SlidingWindowRateLimiter).
            onSettled: () => permit?.release(),
          });
        } finally {
          permit?.release();
        }
        return this.#interpret(raw, spec, endpoint, attempt);
      } catch (caught) {
        if (caught instanceof AppleHoldError) {
          throw caught;
        }
        error = this.#toAppleError(caught, spec, signal);
      }
      const mayHaveBeenProcessed =
        (error.kind === 'network' && error.requestMayHaveBeenProcessed) ||
        error.kind === 'timeout';
      const now = this.#clock.now();
      const held = this.#recordHold(error, now);
      const decision = decideRetry(
        error,
        attempt,
        spec.idempotent || !mayHaveBeenProcessed,
        this.#retry,
        { now, retryUntil },
      );
      if (!decision.retry) {
        if (held && decision.heldUntil !== undefined) {
          throw new AppleHoldError({
            hold: held,
            now,
            method: spec.method,
            endpoint: spec.path,
            attempts: attempt,
            sent: true,
          });
        }
        throw withContext(error, {
          attempts: attempt,
          requestMayHaveBeenProcessed:
            spec.method === 'POST' && !spec.idempotent && mayHaveBeenProcessed,
        });
      }
      if (spec.authenticated && error.kind === 'rate-limited' && !held) {
        // Make parallel requests of this token back off too.
        this.#rateLimiter.pauseFor(this.tokenFingerprint, decision.delayMs);
      }
      const retryMeta = {
        token: this.tokenFingerprint,
        attempt,
        delayMs: decision.delayMs,
        reason: decision.reason,
        errorNumber: error.errorNumber,
        httpStatus: error.httpStatus,
      };
      if (decision.beyondAttempts) {
        this.#logger?.warn?.(
          `Apple VPP ${endpoint}: Apple is busy; backing off ${Math.round(
            decision.delayMs / 1000,
          )} s and continuing (attempt ${attempt}; the caller allows until ${new Date(
            retryUntil!,
          ).toISOString()})`,
          retryMeta,
        );
      } else {
        this.#logger?.warn?.(
          `Apple VPP ${endpoint} failed; retrying`,
          retryMeta,
        );
      }
      if (held) {
        // The hold makes the next attempt wait (and every other request it covers).
        continue;
      }
      try {
        await this.#onBackoff?.({
          endpoint,
          delayMs: decision.delayMs,
          reason: decision.reason,
        });
        await this.#clock.sleep(decision.delayMs, signal);
      } catch (abortError) {
        throw this.#toAppleError(abortError, spec, signal);
      }
    }
  }

  /**
   * Records Apple's `Retry-After` as a hold: on the whole service after a 5xx (Apple says the
   * service is unavailable), on this token otherwise.
   */
  #recordHold(error: AppleVppError, now: number): AppleHold | undefined {
    if (error.retryAfterMs === undefined || error.httpStatus === undefined) {
      return undefined;
    }
    const hold: AppleHold = {
      scope:
        error.httpStatus >= 500 || !this.#isAuthenticatedEndpoint(error)
          ? 'service'
          : 'token',
      until: now + error.retryAfterMs,
      kind: error.kind,
      errorNumber: error.errorNumber,
      errorMessage: error.errorMessage,
      httpStatus: error.httpStatus,
    };
    this.#holds.hold(
      { service: this.baseUrl, token: this.tokenFingerprint },
      hold,
    );
    return hold;
  }

  #isAuthenticatedEndpoint(error: AppleVppError): boolean {
    return error.endpoint !== '/service/config';
  }

  /**
   * Waits while Apple's `Retry-After` holds requests of this token or of the service, as long as
   * the caller can wait (`retryUntil`, else `maxRetryAfterMs`); otherwise throws an
   * {@link AppleHoldError} saying until when. Long waits are cut into slices, so `onBackoff`
   * (e.g. a lease renewal) runs at least every {@link HOLD_SLICE_MS}.
   */
  async #honourHolds(
    spec: RequestSpec<unknown>,
    context: { signal?: AbortSignal; retryUntil?: number; attempt: number },
  ): Promise<void> {
    const started = this.#clock.now();
    const canWaitUntil =
      context.retryUntil ?? started + this.#retry.maxRetryAfterMs;
    let logged = false;
    for (;;) {
      const now = this.#clock.now();
      const hold = this.#holds.current(
        this.baseUrl,
        spec.authenticated ? this.tokenFingerprint : undefined,
        now,
      );
      if (!hold) {
        return;
      }
      if (hold.until > canWaitUntil) {
        throw new AppleHoldError({
          hold,
          now,
          method: spec.method,
          endpoint: spec.path,
          attempts: context.attempt - 1,
          sent: false,
        });
      }
      const waitMs = hold.until - now;
      if (!logged) {
        logged = true;
        this.#logger?.info?.(
          `Apple VPP ${spec.method} ${spec.path}: waiting until ${new Date(
            hold.until,
          ).toISOString()}, as Apple asked (${
            hold.scope === 'service' ? 'whole service' : 'this token'
          })`,
          {
            token: this.tokenFingerprint,
            delayMs: waitMs,
            errorNumber: hold.errorNumber,
            httpStatus: hold.httpStatus,
          },
        );
      }
      try {
        await this.#onBackoff?.({
          endpoint: `${spec.method} ${spec.path}`,
          delayMs: waitMs,
          reason: `Retry-After (${hold.scope})`,
        });
        await this.#clock.sleep(
          Math.min(waitMs, HOLD_SLICE_MS),
          context.signal,
        );
      } catch (abortError) {
        throw this.#toAppleError(abortError, spec, context.signal);
      }
    }
  }

  /**
   * Limits and endpoint URLs from the (cached, 5-minute) service configuration; Apple's
   * documented example limits and the configured base URL when it cannot be read.
   */
  async #serviceSettings(signal?: AbortSignal): Promise<{
    limits: Required<ServiceConfigLimits>;
    endpoints: ServiceEndpoints;
  }> {
    let config: ServiceConfigResponse;
    try {
      config = await this.getServiceConfig({ signal });
    } catch (error) {
      if (isAppleVppError(error) && error.kind === 'aborted') {
        throw error;
      }
      this.#logger?.warn?.(
        'Apple VPP service configuration unavailable; using default limits and the configured base URL',
        { error: describe(error), token: this.tokenFingerprint },
      );
      return {
        limits: resolveLimits(undefined),
        endpoints: resolveServiceEndpoints(this.baseUrl, undefined),
      };
    }
    return {
      limits: resolveLimits(config.limits),
      endpoints: this.#endpoints(config),
    };
  }

  /** Resolved once per fetched configuration; refused URLs are logged then, once. */
  #endpoints(config: ServiceConfigResponse): ServiceEndpoints {
    const known = RESOLVED_ENDPOINTS.get(config);
    if (known && known.baseUrl === this.baseUrl) {
      return known.endpoints;
    }
    const endpoints = resolveServiceEndpoints(this.baseUrl, config.urls);
    RESOLVED_ENDPOINTS.set(config, { baseUrl: this.baseUrl, endpoints });
    if (endpoints.refused.length > 0) {
      this.#logger?.warn?.(
        'Apple VPP service configuration announces URLs that are neither HTTPS on an Apple host nor on the configured base URL; the content token is not sent there, the configured base URL is used for them instead',
        {
          refused: endpoints.refused.map(r => `${r.name}: ${r.url}`).join(', '),
        },
      );
    }
    return endpoints;
  }

  #interpret<T>(
    raw: RawResponse,
    spec: RequestSpec<T>,
    endpoint: string,
    attempt: number,
  ): T {
    const json = tryParseJson(raw.text);
    const retryAfterMs = parseRetryAfter(
      raw.headers.get('retry-after'),
      this.#clock.now(),
    );

    // 1. An error body wins over the HTTP status (Apple may answer 200 with an error).
    if (
      isRecord(json) &&
      json.errorNumber !== undefined &&
      json.errorNumber !== null
    ) {
      const parsed = errorResponseSchema.safeParse(json);
      const errorNumber = parsed.success
        ? parsed.data.errorNumber
        : Number(json.errorNumber);
      if (Number.isFinite(errorNumber)) {
        const errorMessage = redactSecrets(
          parsed.success
            ? parsed.data.errorMessage ?? ''
            : String(json.errorMessage ?? ''),
          [this.#bearer],
        );
        const kind = classifyAppleError(errorNumber, raw.status);
        throw new AppleVppError({
          kind,
          message: `Apple VPP ${endpoint} failed with error ${errorNumber}${
            errorMessage ? ` (${errorMessage})` : ''
          }, HTTP ${raw.status}`,
          errorNumber,
          errorMessage: errorMessage || undefined,
          httpStatus: raw.status,
          errorInfo: parsed.success ? parsed.data.errorInfo : undefined,
          method: spec.method,
          endpoint: spec.path,
          retryAfterMs,
          attempts: attempt,
        });
      }
    }

    // 2. Then the HTTP status.
    if (raw.status < 200 || raw.status >= 300) {
      throw new AppleVppError({
        kind: classifyAppleError(undefined, raw.status),
        message: `Apple VPP ${endpoint} failed with HTTP ${raw.status}`,
        httpStatus: raw.status,
        method: spec.method,
        endpoint: spec.path,
        retryAfterMs,
        attempts: attempt,
      });
    }

    // 3. Then the shape.
    if (json === undefined) {
      throw new AppleVppError({
        kind: 'invalid-response',
        message: `Apple VPP ${endpoint} answered HTTP ${raw.status} without a JSON body`,
        httpStatus: raw.status,
        method: spec.method,
        endpoint: spec.path,
        attempts: attempt,
      });
    }
    const parsed = spec.schema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 5)
        .map(issue => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ');
      throw new AppleVppError({
        kind: 'invalid-response',
        message: `Apple VPP ${endpoint} answered with an unexpected shape: ${issues}`,
        httpStatus: raw.status,
        method: spec.method,
        endpoint: spec.path,
        attempts: attempt,
      });
    }
    if (spec.authenticated) {
      this.#afterResponse(
        parsed.data as Record<string, unknown>,
        spec,
        endpoint,
        raw,
        attempt,
      );
    }
    return parsed.data;
  }

  #afterResponse(
    data: Record<string, unknown>,
    spec: RequestSpec<unknown>,
    endpoint: string,
    raw: RawResponse,
    attempt: number,
  ) {
    const mdmInfo = data.mdmInfo as MdmInfo | undefined;
    const tokenExpirationDate =
      typeof data.tokenExpirationDate === 'string'
        ? data.tokenExpirationDate
        : undefined;
    const metadata: ResponseMetadata = {
      endpoint,
      httpStatus: raw.status,
      attempts: attempt,
      receivedAt: new Date(this.#clock.now()),
      uId: typeof data.uId === 'string' ? data.uId : undefined,
      tokenExpirationDate,
      tokenExpiresAt: tokenExpirationDate
        ? parseAppleDate(tokenExpirationDate)
        : undefined,
      mdmInfo,
      mdmInfoIsOurs:
        mdmInfo && this.#mdmInfo
          ? sameMdmIdentity(mdmInfo, this.#mdmInfo)
          : undefined,
    };
    this.#lastMetadata = metadata;
    // A successful POST that set mdmInfo means it is ours now, even if the answer does not echo it.
    const requested =
      spec.method === 'POST' && spec.path === '/client/config'
        ? (spec.body as ClientConfigRequest | undefined)?.mdmInfo
        : undefined;
    this.#observeMdmInfo(
      mdmInfo ?? requested,
      spec.path === '/client/config',
      endpoint,
      metadata.uId,
    );
    if (this.#onResponse) {
      try {
        this.#onResponse(metadata);
      } catch (error) {
        this.#logger?.warn?.('onResponse callback failed', {
          error: describe(error),
        });
      }
    }
  }

  /**
   * `mdmInfo` is compared on every response that carries it. Its ABSENCE is only taken as
   * information on `/client/config` responses: Apple documents that it appears there once set,
   * while other response types (e.g. `EventResponse` in Apple's examples) may simply not include
   * it. So: absent on `/client/config` after we had seen one → reported as `current: null`;
   * absent elsewhere → ignored.
   */
  #observeMdmInfo(
    mdmInfo: MdmInfo | undefined,
    authoritative: boolean,
    endpoint: string,
    uId: string | undefined,
  ) {
    let current: MdmInfo | null;
    if (mdmInfo) {
      current = mdmInfo;
    } else if (authoritative) {
      current = null;
    } else {
      return;
    }
    const previous = this.#observedMdmInfo;
    this.#observedMdmInfo = current;
    const changed =
      previous === undefined
        ? current !== null &&
          !(this.#mdmInfo && sameMdmIdentity(current, this.#mdmInfo))
        : !sameMdmIdentityOrNull(previous, current);
    if (!changed || !this.#onMdmInfoChange) {
      return;
    }
    try {
      this.#onMdmInfoChange({
        previous,
        current,
        ours: this.#mdmInfo,
        isOurs:
          current !== null &&
          !!this.#mdmInfo &&
          sameMdmIdentity(current, this.#mdmInfo),
        endpoint,
        uId,
      });
    } catch (error) {
      this.#logger?.warn?.('onMdmInfoChange callback failed', {
        error: describe(error),
      });
    }
  }

  #toAppleError(
    caught: unknown,
    spec: RequestSpec<unknown>,
    signal: AbortSignal | undefined,
  ): AppleVppError {
    if (isAppleVppError(caught)) {
      return caught;
    }
    if (signal?.aborted || isAbortLike(caught)) {
      return abortedError({ method: spec.method, endpoint: spec.path }, caught);
    }
    return new AppleVppError({
      kind: 'unknown',
      message: `Apple VPP ${spec.method} ${spec.path} failed: ${redactSecrets(
        describe(caught),
        [this.#bearer],
      )}`,
      method: spec.method,
      endpoint: spec.path,
    });
  }
}

/** True when both describe the same service (`id` and `name`; `metadata` may differ). */
export function sameMdmIdentity(a: MdmInfo, b: MdmInfo): boolean {
  return a.id === b.id && a.name === b.name;
}

function sameMdmIdentityOrNull(a: MdmInfo | null, b: MdmInfo | null): boolean {
  if (a === null || b === null) {
    return a === b;
  }
  return sameMdmIdentity(a, b);
}

/**
 * Who manages the location according to a `mdmInfo` Apple returned: nobody, us, or another
 * service (R-TOK-3).
 */
export function classifyMdmInfo(
  current: MdmInfo | null | undefined,
  ours: MdmInfo,
): 'absent' | 'ours' | 'other' {
  if (!current) {
    return 'absent';
  }
  return sameMdmIdentity(current, ours) ? 'ours' : 'other';
}

/** Longest single sleep while a hold lasts; `onBackoff` runs between slices. */
const HOLD_SLICE_MS = 60_000;

/** Endpoint URLs per fetched service configuration (the cache shares one object per base URL). */
const RESOLVED_ENDPOINTS = new WeakMap<
  ServiceConfigResponse,
  { baseUrl: string; endpoints: ServiceEndpoints }
>();

function buildUrl(endpointUrl: string, query?: object): string {
  const url = new URL(endpointUrl);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) {
      continue;
    }
    url.searchParams.set(key, String(value));
  }
  return url.toString();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAbortLike(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'AbortError' || error.name === 'TimeoutError')
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withContext(
  error: AppleVppError,
  extra: { attempts: number; requestMayHaveBeenProcessed: boolean },
): AppleVppError {
  return new AppleVppError({
    kind: error.kind,
    message:
      extra.requestMayHaveBeenProcessed &&
      !error.message.includes('may have been processed')
        ? `${error.message} (the request may have been processed; check before repeating it)`
        : error.message,
    errorNumber: error.errorNumber,
    errorMessage: error.errorMessage,
    httpStatus: error.httpStatus,
    errorInfo: error.errorInfo,
    method: error.method,
    endpoint: error.endpoint,
    retryAfterMs: error.retryAfterMs,
    attempts: extra.attempts,
    requestMayHaveBeenProcessed: extra.requestMayHaveBeenProcessed,
    cause: error.cause,
  });
}
