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
import { AppleVppError, isAppleVppError } from './errors';
import { waitForEvent, WaitForEventOptions, EventOutcome } from './events';
import { FetchLike } from './http';
import { PageIterator, PageIteratorOptions } from './pagination';
import {
  SlidingWindowRateLimiter,
  defaultRateLimiter,
  tokenFingerprint,
} from './rateLimiter';
import { AppleRequester, AppleVppLogger, RequestOptions } from './requester';
import { RetryOptions, resolveRetryOptions } from './retry';
import {
  MdmInfoChange,
  ResponseMetadata,
  ResponseObserver,
} from './responseObserver';
import { AppleRequestHolds, defaultRequestHolds } from './requestHolds';
import { ServiceConfigCache } from './serviceConfig';
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
  eventResponseSchema,
  getAssetsResponseSchema,
  getAssignmentsResponseSchema,
  getUsersResponseSchema,
  statusResponseSchema,
} from './types';

export type {
  AppleVppLogMeta,
  AppleVppLogger,
  RequestOptions,
} from './requester';
export { classifyMdmInfo, sameMdmIdentity } from './responseObserver';
export type { MdmInfoChange, ResponseMetadata } from './responseObserver';

/** Apple's production base URL of the App and Book Management API 2. */
export const APPLE_VPP_BASE_URL = 'https://vpp.itunes.apple.com/mdm/v2';

/** Default per-request timeout (headers and body). Fleet uses the same. */
export const DEFAULT_TIMEOUT_MS = 10_000;

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

export type IterateOptions = RequestOptions &
  Pick<PageIteratorOptions, 'concurrency'>;

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
  readonly #requester: AppleRequester;
  readonly #clock: Clock;
  readonly #logger?: AppleVppLogger;
  readonly #observer: ResponseObserver;

  constructor(options: AppleVppClientOptions) {
    const token = typeof options.token === 'string' ? options.token.trim() : '';
    if (token === '' || /[\r\n\0]/.test(token)) {
      throw new AppleVppError({
        kind: 'token-invalid',
        message:
          'The content token is empty or contains line breaks; pass the trimmed .vpptoken file content',
      });
    }
    this.tokenFingerprint = tokenFingerprint(token);
    this.baseUrl = (options.baseUrl ?? APPLE_VPP_BASE_URL).replace(/\/+$/, '');
    const fetchImpl =
      options.fetch ?? (globalThis.fetch as unknown as FetchLike);
    if (!fetchImpl) {
      throw new Error('No fetch implementation available');
    }
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger;
    this.#observer = new ResponseObserver({
      clock: this.#clock,
      logger: options.logger,
      mdmInfo: options.mdmInfo,
      onMdmInfoChange: options.onMdmInfoChange,
      onResponse: options.onResponse,
    });
    this.#requester = new AppleRequester({
      bearer: token,
      tokenFingerprint: this.tokenFingerprint,
      baseUrl: this.baseUrl,
      fetch: fetchImpl,
      clock: this.#clock,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retry: resolveRetryOptions(options.retry),
      rateLimiter: options.rateLimiter ?? defaultRateLimiter,
      serviceConfig:
        options.serviceConfigCache ??
        new ServiceConfigCache({ clock: this.#clock }),
      holds: options.holds ?? defaultRequestHolds,
      retryUntil: options.retryUntil,
      onBackoff: options.onBackoff,
      logger: options.logger,
      userAgent: options.userAgent,
      onAuthenticatedResponse: (data, spec, endpoint, raw, attempt) =>
        this.#observer.observe(data, spec, endpoint, raw, attempt),
    });
  }

  /** Metadata of the last successful authenticated response. */
  get lastResponseMetadata(): ResponseMetadata | undefined {
    return this.#observer.lastMetadata;
  }

  /** The `mdmInfo` last observed at Apple (`null` = none set, `undefined` = not yet seen). */
  get observedMdmInfo(): MdmInfo | null | undefined {
    return this.#observer.observedMdmInfo;
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
  getServiceConfig(
    options: RequestOptions & { forceRefresh?: boolean } = {},
  ): Promise<ServiceConfigResponse> {
    return this.#requester.serviceConfig(options);
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
    return this.#requester.request(
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
    return this.#requester.request(
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
    return this.#requester.request(
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
    return this.#requester.request(
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
    return this.#requester.request(
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
    return this.#requester.request(
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
    return this.#requester.request(
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
    return this.#requester.request(
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
    return this.#requester.request(
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
    return this.#requester.request(
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
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
