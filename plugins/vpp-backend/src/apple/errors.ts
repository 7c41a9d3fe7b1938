import type { Asset, ResponseErrorInfo } from './types';

/**
 * What went wrong, in terms a caller can act on. Match on `kind` for behaviour and on
 * `errorNumber` for detail; Apple may add numbers at any time (they map to `unknown` or to a kind
 * derived from the HTTP status).
 */
export type AppleVppErrorKind =
  /** 9621: the content token has expired. */
  | 'token-expired'
  /** 9625: Apple revoked the content token. */
  | 'token-revoked'
  /** 9601 / 9622 / 9722, or a 401 without number: the token is not accepted. */
  | 'token-invalid'
  /**
   * 9637 / HTTP 403: the Apple account behind the token may not do this (e.g. a facilitator
   * account). A permission of the account, not a token state: the token stays usable.
   */
  | 'not-permitted'
  /** 9646 / HTTP 429: too many requests. Retried automatically. */
  | 'rate-limited'
  /** 9630–9632: Apple throttles repeated identical failing calls. Not retried. */
  | 'throttled'
  /** 9709: not enough licenses (asynchronous, in event failures). */
  | 'not-enough-licenses'
  /** 9650: page index out of range (data changed during paging). */
  | 'page-out-of-range'
  /** 9721: invalid `sinceVersionId` — do a full sync. */
  | 'invalid-version'
  /** 9708, 9604, 9609, 9610, 9619: the thing referred to does not exist. */
  | 'not-found'
  /** 9716: a user with that clientUserId already exists. */
  | 'conflict'
  /** 9728: Apple could not reach the notification URL. */
  | 'notification-unreachable'
  /** Other 4xx validation errors (9600, 9602, 9700–9727 …). */
  | 'invalid-request'
  /** 9634 / 9644 / HTTP 410: endpoint retired or service in maintenance. */
  | 'service-unavailable'
  /** 9603 / 9729 / HTTP 5xx: Apple-side failure. Retried automatically. */
  | 'server'
  /** Connection failed or was dropped. Retried for idempotent requests only. */
  | 'network'
  /** No answer within the request timeout. Retried for idempotent requests only. */
  | 'timeout'
  /** The caller aborted the request. */
  | 'aborted'
  /** The answer could not be understood (not JSON, wrong shape). */
  | 'invalid-response'
  | 'unknown';

/** Error numbers after which the content token cannot be used until it is replaced. */
export const TOKEN_UNUSABLE_ERROR_NUMBERS: ReadonlySet<number> = new Set([
  9601, 9621, 9622, 9625, 9722,
]);

const KIND_BY_NUMBER: Record<number, AppleVppErrorKind> = {
  9600: 'invalid-request',
  9601: 'token-invalid',
  9602: 'invalid-request',
  9603: 'server',
  9604: 'not-found',
  9607: 'invalid-request',
  9609: 'not-found',
  9610: 'not-found',
  9616: 'conflict',
  9619: 'not-found',
  9621: 'token-expired',
  9622: 'token-invalid',
  9624: 'invalid-request',
  9625: 'token-revoked',
  9626: 'conflict',
  9628: 'invalid-request',
  9630: 'throttled',
  9631: 'throttled',
  9632: 'throttled',
  9634: 'service-unavailable',
  9637: 'not-permitted',
  9643: 'conflict',
  9644: 'service-unavailable',
  9646: 'rate-limited',
  9650: 'page-out-of-range',
  9708: 'not-found',
  9709: 'not-enough-licenses',
  9716: 'conflict',
  9721: 'invalid-version',
  9722: 'token-invalid',
  9728: 'notification-unreachable',
  // "Service temporarily unavailable" (HTTP 503): retried, honouring Retry-After.
  9729: 'server',
};

/** Maps an Apple error number (and/or HTTP status) to an {@link AppleVppErrorKind}. */
export function classifyAppleError(
  errorNumber: number | undefined,
  httpStatus: number | undefined,
): AppleVppErrorKind {
  if (errorNumber !== undefined) {
    const known = KIND_BY_NUMBER[errorNumber];
    if (known) {
      return known;
    }
    if (errorNumber >= 9700 && errorNumber <= 9727) {
      return 'invalid-request';
    }
  }
  if (httpStatus === undefined) {
    return 'unknown';
  }
  if (httpStatus === 429) {
    return 'rate-limited';
  }
  if (httpStatus === 401) {
    return 'token-invalid';
  }
  if (httpStatus === 403) {
    // Apple's only documented 403 is 9637, a permission of the account.
    return 'not-permitted';
  }
  if (httpStatus === 410) {
    return 'service-unavailable';
  }
  if (httpStatus === 408) {
    return 'timeout';
  }
  if (httpStatus >= 500) {
    return 'server';
  }
  if (httpStatus >= 400) {
    return 'invalid-request';
  }
  return 'unknown';
}

export interface AppleVppErrorInit {
  kind: AppleVppErrorKind;
  message: string;
  errorNumber?: number;
  errorMessage?: string;
  httpStatus?: number;
  errorInfo?: ResponseErrorInfo;
  method?: string;
  /** Endpoint path relative to the base URL, e.g. `/assets/associate`. Never contains secrets. */
  endpoint?: string;
  /** Wait Apple asked for (from `Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  /** How many attempts were made before giving up. */
  attempts?: number;
  /**
   * True when a non-idempotent request failed without an answer (dropped connection, timeout):
   * Apple may or may not have processed it. Re-read state before repeating it.
   */
  requestMayHaveBeenProcessed?: boolean;
  cause?: unknown;
}

/**
 * Every failure of the Apple client. Never contains the content token: messages are built from
 * Apple's answer and the endpoint path only, and the client redacts the token from Apple's text.
 */
export class AppleVppError extends Error {
  override readonly name = 'AppleVppError';
  readonly kind: AppleVppErrorKind;
  readonly errorNumber?: number;
  /** Apple's own `errorMessage`, verbatim (English). */
  readonly errorMessage?: string;
  readonly httpStatus?: number;
  readonly errorInfo?: ResponseErrorInfo;
  readonly method?: string;
  readonly endpoint?: string;
  readonly retryAfterMs?: number;
  readonly attempts?: number;
  readonly requestMayHaveBeenProcessed: boolean;

  constructor(init: AppleVppErrorInit) {
    super(
      init.message,
      init.cause !== undefined ? { cause: init.cause } : undefined,
    );
    this.kind = init.kind;
    this.errorNumber = init.errorNumber;
    this.errorMessage = init.errorMessage;
    this.httpStatus = init.httpStatus;
    this.errorInfo = init.errorInfo;
    this.method = init.method;
    this.endpoint = init.endpoint;
    this.retryAfterMs = init.retryAfterMs;
    this.attempts = init.attempts;
    this.requestMayHaveBeenProcessed =
      init.requestMayHaveBeenProcessed ?? false;
  }

  /** Assets named in Apple's `errorInfo`. */
  get assets(): Asset[] {
    return this.errorInfo?.assets ?? [];
  }

  /** Serial numbers named in Apple's `errorInfo`. */
  get serialNumbers(): string[] {
    return this.errorInfo?.serialNumbers ?? [];
  }

  /** Client user ids named in Apple's `errorInfo`. */
  get clientUserIds(): string[] {
    return this.errorInfo?.clientUserIds ?? [];
  }

  /** True for 9601/9621/9622/9625/9722 (and a bare 401): the token must be replaced. */
  get tokenUnusable(): boolean {
    return (
      (this.errorNumber !== undefined &&
        TOKEN_UNUSABLE_ERROR_NUMBERS.has(this.errorNumber)) ||
      this.kind === 'token-expired' ||
      this.kind === 'token-revoked' ||
      this.kind === 'token-invalid'
    );
  }

  /** Whether the client retries this kind of failure by itself (for idempotent requests). */
  get transient(): boolean {
    return (
      this.kind === 'rate-limited' ||
      this.kind === 'server' ||
      this.kind === 'network' ||
      this.kind === 'timeout'
    );
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      kind: this.kind,
      errorNumber: this.errorNumber,
      errorMessage: this.errorMessage,
      httpStatus: this.httpStatus,
      errorInfo: this.errorInfo,
      method: this.method,
      endpoint: this.endpoint,
      retryAfterMs: this.retryAfterMs,
      attempts: this.attempts,
      requestMayHaveBeenProcessed: this.requestMayHaveBeenProcessed,
    };
  }
}

export function isAppleVppError(error: unknown): error is AppleVppError {
  return error instanceof AppleVppError;
}

/**
 * Replaces every occurrence of the given secrets in `text`. Used on anything derived from a
 * response or a low-level error before it goes into an error message or a log line.
 */
export function redactSecrets(
  text: string,
  secrets: ReadonlyArray<string | undefined>,
): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 8) {
      result = result.split(secret).join('[REDACTED]');
    }
  }
  return result;
}
