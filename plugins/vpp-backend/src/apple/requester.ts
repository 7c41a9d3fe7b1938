import { z } from 'zod';
import { Clock } from './clock';
import { resolveLimits } from './batching';
import {
  AppleVppError,
  classifyAppleError,
  isAppleVppError,
  redactSecrets,
} from './errors';
import {
  abortedError,
  FetchLike,
  RawResponse,
  sendOnce,
  tryParseJson,
} from './http';
import { RatePermit, SlidingWindowRateLimiter } from './rateLimiter';
import { RetryOptions, decideRetry, parseRetryAfter } from './retry';
import { AppleHold, AppleHoldError, AppleRequestHolds } from './requestHolds';
import {
  ServiceConfigCache,
  ServiceEndpoints,
  resolveServiceEndpoints,
} from './serviceConfig';
import {
  ServiceConfigLimits,
  ServiceConfigResponse,
  errorResponseSchema,
  serviceConfigResponseSchema,
} from './types';

/*
 * The request pipeline of `AppleVppClient`: Apple's Retry-After holds, the service
 * configuration (limits and endpoint URLs), the per-token rate limit, one HTTP exchange,
 * retries, and the reading of Apple's answer (error body before HTTP status). The client keeps
 * the endpoints' shapes and what it learns from answers (mdmInfo, metadata).
 */

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

/** One endpoint call as the client describes it. */
export interface RequestSpec<T> {
  method: 'GET' | 'POST';
  path: string;
  query?: object;
  body?: unknown;
  schema: z.ZodType<T, z.ZodTypeDef, unknown>;
  /** Safe to repeat when the answer was lost (network error, timeout). */
  idempotent: boolean;
  authenticated: boolean;
}

/** What the pipeline needs; see `AppleVppClientOptions` for the meaning of each. */
export interface AppleRequesterOptions {
  bearer: string;
  tokenFingerprint: string;
  baseUrl: string;
  fetch: FetchLike;
  clock: Clock;
  timeoutMs: number;
  retry: RetryOptions;
  rateLimiter: SlidingWindowRateLimiter;
  serviceConfig: ServiceConfigCache;
  holds: AppleRequestHolds;
  retryUntil?: number;
  onBackoff?: (wait: {
    endpoint: string;
    delayMs: number;
    reason: string;
  }) => Promise<void> | void;
  logger?: AppleVppLogger;
  userAgent?: string;
  /** Called with every successful authenticated answer, after it was validated. */
  onAuthenticatedResponse?: (
    data: Record<string, unknown>,
    spec: RequestSpec<unknown>,
    endpoint: string,
    raw: RawResponse,
    attempt: number,
  ) => void;
}

/** Sends the requests of one content token. Holds the token; never shows it. */
export class AppleRequester {
  readonly baseUrl: string;
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
  readonly #onBackoff?: AppleRequesterOptions['onBackoff'];
  readonly #logger?: AppleVppLogger;
  readonly #userAgent?: string;
  readonly #onAuthenticatedResponse?: AppleRequesterOptions['onAuthenticatedResponse'];

  constructor(options: AppleRequesterOptions) {
    this.baseUrl = options.baseUrl;
    this.tokenFingerprint = options.tokenFingerprint;
    this.#bearer = options.bearer;
    this.#fetch = options.fetch;
    this.#clock = options.clock;
    this.#timeoutMs = options.timeoutMs;
    this.#retry = options.retry;
    this.#rateLimiter = options.rateLimiter;
    this.#serviceConfig = options.serviceConfig;
    this.#holds = options.holds;
    this.#retryUntil = options.retryUntil;
    this.#onBackoff = options.onBackoff;
    this.#logger = options.logger;
    this.#userAgent = options.userAgent;
    this.#onAuthenticatedResponse = options.onAuthenticatedResponse;
  }

  /** Keeps the token out of `console.log`/`util.inspect` output. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `AppleRequester { baseUrl: '${this.baseUrl}', token: '${this.tokenFingerprint}…' }`;
  }

  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, tokenFingerprint: this.tokenFingerprint };
  }

  /** `GET /service/config` (no authentication), cached for 5 minutes per base URL. */
  serviceConfig(
    options: RequestOptions & { forceRefresh?: boolean } = {},
  ): Promise<ServiceConfigResponse> {
    return this.#serviceConfig.get(
      this.baseUrl,
      () =>
        this.request(
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
  }

  /** Sends one logical request: holds, limits, URL, rate limit, retries, interpretation. */
  async request<T>(spec: RequestSpec<T>, options: RequestOptions): Promise<T> {
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
      config = await this.serviceConfig({ signal });
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
      this.#onAuthenticatedResponse?.(
        parsed.data as Record<string, unknown>,
        spec,
        endpoint,
        raw,
        attempt,
      );
    }
    return parsed.data;
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
