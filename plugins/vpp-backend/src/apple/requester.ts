import { Clock } from './clock';
import { AppleVppError } from './errors';
import { FetchLike, RawResponse, sendOnce } from './http';
import { HoldGate } from './holdGate';
import { RatePermit, SlidingWindowRateLimiter } from './rateLimiter';
import { RetryOptions, decideRetry } from './retry';
import { AppleHoldError, AppleRequestHolds } from './requestHolds';
import type {
  AppleVppLogger,
  BackoffListener,
  RequestOptions,
  RequestSpec,
} from './requestTypes';
import {
  interpretResponse,
  toAppleVppError,
  withAttemptContext,
} from './responseInterpretation';
import { ServiceConfigCache } from './serviceConfig';
import { readServiceSettings } from './serviceSettings';
import { ServiceConfigResponse, serviceConfigResponseSchema } from './types';

/*
 * The request pipeline of `AppleVppClient`: Apple's Retry-After holds (`holdGate.ts`), the
 * service configuration (limits and endpoint URLs, `serviceSettings.ts`), the per-token rate
 * limit, one HTTP exchange (`http.ts`), retries, and the reading of Apple's answer (error body
 * before HTTP status, `responseInterpretation.ts`). The client keeps the endpoints' shapes and
 * what it learns from answers (mdmInfo, metadata).
 */

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
  onBackoff?: BackoffListener;
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

/** One attempt of a request, as `AppleRequester.request` prepared it. */
interface Attempt {
  number: number;
  headers: Record<string, string>;
  body: string | undefined;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  retryUntil: number | undefined;
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
  readonly #holdGate: HoldGate;
  readonly #retryUntil?: number;
  readonly #onBackoff?: BackoffListener;
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
    this.#holdGate = new HoldGate({
      holds: options.holds,
      baseUrl: options.baseUrl,
      tokenFingerprint: options.tokenFingerprint,
      clock: options.clock,
      maxRetryAfterMs: options.retry.maxRetryAfterMs,
      onBackoff: options.onBackoff,
      logger: options.logger,
    });
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
        return await this.#attempt(spec, {
          number: attempt,
          headers,
          body,
          timeoutMs,
          signal,
          retryUntil,
        });
      } catch (caught) {
        if (caught instanceof AppleHoldError) {
          throw caught;
        }
        error = toAppleVppError(caught, spec, signal, [this.#bearer]);
      }
      const mayHaveBeenProcessed =
        (error.kind === 'network' && error.requestMayHaveBeenProcessed) ||
        error.kind === 'timeout';
      const now = this.#clock.now();
      const held = this.#holdGate.record(error, now);
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
        throw withAttemptContext(error, {
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
        throw toAppleVppError(abortError, spec, signal, [this.#bearer]);
      }
    }
  }

  /** Waits for holds, finds the URL and a rate-limit slot, sends, and reads the answer. */
  async #attempt<T>(spec: RequestSpec<T>, attempt: Attempt): Promise<T> {
    const { signal } = attempt;
    await this.#holdGate.wait(spec, {
      signal,
      retryUntil: attempt.retryUntil,
      attempt: attempt.number,
    });
    let permit: RatePermit | undefined;
    let url = buildUrl(`${this.baseUrl}${spec.path}`, spec.query);
    if (spec.path !== '/service/config') {
      const settings = await readServiceSettings(
        () => this.serviceConfig({ signal }),
        {
          baseUrl: this.baseUrl,
          tokenFingerprint: this.tokenFingerprint,
          logger: this.#logger,
        },
      );
      url = buildUrl(
        settings.endpoints.urls.get(spec.path) ?? `${this.baseUrl}${spec.path}`,
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
        headers: attempt.headers,
        body: attempt.body,
        timeoutMs: attempt.timeoutMs,
        signal,
        endpoint: spec.path,
        secrets: [this.#bearer],
        // The slot's window starts when the answer arrives (see SlidingWindowRateLimiter).
        onSettled: () => permit?.release(),
      });
    } finally {
      permit?.release();
    }
    const endpoint = `${spec.method} ${spec.path}`;
    const data = interpretResponse(raw, spec, {
      endpoint,
      attempt: attempt.number,
      now: this.#clock.now(),
      secrets: [this.#bearer],
    });
    if (spec.authenticated) {
      this.#onAuthenticatedResponse?.(
        data as Record<string, unknown>,
        spec,
        endpoint,
        raw,
        attempt.number,
      );
    }
    return data;
  }
}
