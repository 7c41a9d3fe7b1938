import { Clock, systemClock } from './clock';
import { APPLE_ENDPOINTS } from './appleEndpoints';
import {
  BatchSubmission,
  BatchWaitOptions,
  MergedEventOutcome,
  submitBatches,
  waitForSubmissions,
} from './batchSubmission';
import {
  ManageAssetsInput,
  planManageAssetsBatches,
  planRevokeBatches,
  planUserBatches,
} from './batching';
import {
  APPLE_VPP_BASE_URL,
  AppleVppClientOptions,
  IterateOptions,
  requesterOptions,
} from './clientOptions';
import { AppleVppError } from './errors';
import { waitForEvent, WaitForEventOptions, EventOutcome } from './events';
import { PageFields, PageIterator } from './pagination';
import { tokenFingerprint } from './rateLimiter';
import { AppleRequester } from './requester';
import type { AppleVppLogger, RequestOptions } from './requestTypes';
import { ResponseMetadata, ResponseObserver } from './responseObserver';
import { readLimits } from './serviceSettings';
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
} from './types';

export type {
  AppleVppLogMeta,
  AppleVppLogger,
  RequestOptions,
} from './requestTypes';
export { classifyMdmInfo, sameMdmIdentity } from './responseObserver';
export type { MdmInfoChange, ResponseMetadata } from './responseObserver';
export { APPLE_VPP_BASE_URL, DEFAULT_TIMEOUT_MS } from './clientOptions';
export type { AppleVppClientOptions, IterateOptions } from './clientOptions';

/**
 * Typed client of Apple's Apps and Books API v2 for one content token.
 *
 * Every call: waits for the per-token rate limiter (`limits.maxRequestPerSecond` from the service
 * configuration, refreshed every 5 minutes), sends the request with a timeout, reads the body and
 * checks it for `errorNumber` BEFORE trusting the HTTP status (Apple may answer 200 with an error
 * body), retries what is safe to retry, validates the answer loosely, and checks `mdmInfo`.
 *
 * All requests are retried after 429/9646 and 5xx (Apple processed nothing) and after connection
 * failures that happened before anything was sent (connection refused, DNS); which are also
 * retried after a lost answer (network error / timeout) is said at {@link APPLE_ENDPOINTS}.
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
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger;
    this.#observer = new ResponseObserver({
      clock: this.#clock,
      logger: options.logger,
      mdmInfo: options.mdmInfo,
      onMdmInfoChange: options.onMdmInfoChange,
      onResponse: options.onResponse,
    });
    this.#requester = new AppleRequester(
      requesterOptions(options, {
        bearer: token,
        tokenFingerprint: this.tokenFingerprint,
        baseUrl: this.baseUrl,
        clock: this.#clock,
        onAuthenticatedResponse: (data, spec, endpoint, raw, attempt) =>
          this.#observer.observe(data, spec, endpoint, raw, attempt),
      }),
    );
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
    return readLimits(() => this.getServiceConfig(options), {
      tokenFingerprint: this.tokenFingerprint,
      logger: this.#logger,
    });
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
    return this.#requester.request(APPLE_ENDPOINTS.getClientConfig, options);
  }

  /** `POST /client/config`: set `mdmInfo` and/or notification settings. */
  updateClientConfig(
    request: ClientConfigRequest,
    options: RequestOptions = {},
  ): Promise<ClientConfigResponse> {
    return this.#requester.request(
      { ...APPLE_ENDPOINTS.updateClientConfig, body: request },
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
      { ...APPLE_ENDPOINTS.getAssets, query },
      options,
    );
  }

  /** `GET /assignments` (one page). */
  getAssignments(
    query: GetAssignmentsQuery = {},
    options: RequestOptions = {},
  ): Promise<GetAssignmentsResponse> {
    return this.#requester.request(
      { ...APPLE_ENDPOINTS.getAssignments, query },
      options,
    );
  }

  /** `GET /users` (one page). */
  getUsers(
    query: GetUsersQuery = {},
    options: RequestOptions = {},
  ): Promise<GetUsersResponse> {
    return this.#requester.request(
      { ...APPLE_ENDPOINTS.getUsers, query },
      options,
    );
  }

  /** All pages of `/assets`, ≤ 5 in flight, in order. */
  iterateAssets(
    query: Omit<GetAssetsQuery, 'pageIndex'> = {},
    options: IterateOptions = {},
  ): PageIterator<GetAssetsResponse> {
    return pagesOf(
      (pageIndex, callOptions) =>
        this.getAssets({ ...query, pageIndex }, callOptions),
      options,
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
    return pagesOf(
      (pageIndex, callOptions) =>
        this.getAssignments({ ...query, pageIndex }, callOptions),
      options,
    );
  }

  /** All pages of `/users`, ≤ 5 in flight, in order. */
  iterateUsers(
    query: Omit<GetUsersQuery, 'pageIndex'> = {},
    options: IterateOptions = {},
  ): PageIterator<GetUsersResponse> {
    return pagesOf(
      (pageIndex, callOptions) =>
        this.getUsers({ ...query, pageIndex }, callOptions),
      options,
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
      { ...APPLE_ENDPOINTS.associateAssets, body: request },
      options,
    );
  }

  /** `POST /assets/disassociate` (one request). */
  disassociateAssets(
    request: ManageAssetsRequest,
    options: RequestOptions = {},
  ): Promise<EventResponse> {
    return this.#requester.request(
      { ...APPLE_ENDPOINTS.disassociateAssets, body: request },
      options,
    );
  }

  /** `POST /assets/revoke`: removes all revocable licenses of the given devices/users. */
  revokeAssets(
    request: RevokeAssetsRequest,
    options: RequestOptions = {},
  ): Promise<EventResponse> {
    return this.#requester.request(
      { ...APPLE_ENDPOINTS.revokeAssets, body: request },
      options,
    );
  }

  /** `GET /status?eventId=`. */
  getEventStatus(
    eventId: string,
    options: RequestOptions = {},
  ): Promise<StatusResponse> {
    return this.#requester.request(
      { ...APPLE_ENDPOINTS.getEventStatus, query: { eventId } },
      options,
    );
  }

  /** `POST /users/create`. */
  createUsers(
    request: ManageUsersRequest,
    options: RequestOptions = {},
  ): Promise<EventResponse> {
    return this.#requester.request(
      { ...APPLE_ENDPOINTS.createUsers, body: request },
      options,
    );
  }

  /** `POST /users/update`. */
  updateUsers(
    request: ManageUsersRequest,
    options: RequestOptions = {},
  ): Promise<EventResponse> {
    return this.#requester.request(
      { ...APPLE_ENDPOINTS.updateUsers, body: request },
      options,
    );
  }

  /** `POST /users/retire`. */
  retireUsers(
    request: ManageUsersRequest,
    options: RequestOptions = {},
  ): Promise<EventResponse> {
    return this.#requester.request(
      { ...APPLE_ENDPOINTS.retireUsers, body: request },
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
    return submitBatches(planManageAssetsBatches(input, limits), request =>
      this.associateAssets(request, options),
    );
  }

  /** Like {@link AppleVppClient.associateAssetsInBatches}, for disassociation. */
  async disassociateAssetsInBatches(
    input: ManageAssetsInput,
    options: RequestOptions = {},
  ): Promise<BatchSubmission<ManageAssetsRequest>[]> {
    const limits = await this.getLimits(options);
    return submitBatches(planManageAssetsBatches(input, limits), request =>
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
    return submitBatches(planRevokeBatches(input, limits), request =>
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
    return submitBatches(planUserBatches(users, limits), send);
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
    options: BatchWaitOptions = {},
  ): Promise<MergedEventOutcome> {
    return waitForSubmissions(
      submissions,
      (eventId, eventOptions) => this.waitForEvent(eventId, eventOptions),
      resend,
      options,
    );
  }

  /** Associate in batches and wait for every event. */
  async associateAssetsAndWait(
    input: ManageAssetsInput,
    options: BatchWaitOptions = {},
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
    options: BatchWaitOptions = {},
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
}

/** All pages of one paged endpoint, each fetched with the caller's timeout. */
function pagesOf<P extends PageFields>(
  getPage: (pageIndex: number, options: RequestOptions) => Promise<P>,
  options: IterateOptions,
): PageIterator<P> {
  return new PageIterator(
    (pageIndex, signal) =>
      getPage(pageIndex, { signal, timeoutMs: options.timeoutMs }),
    { concurrency: options.concurrency, signal: options.signal },
  );
}
