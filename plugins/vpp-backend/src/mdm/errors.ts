/**
 * Errors of the NanoMDM command API client. Messages name the request (`PUT /v1/enqueue`,
 * how many ids) and what happened, never the API key or the `Authorization` header.
 */

/** What went wrong, in terms a caller can act on. */
export type MdmClientErrorKind =
  /** Connection failures, timeouts, and 5xx answers carrying no NanoMDM result, after retries. */
  | 'unreachable'
  /** 401: the API key (HTTP Basic password of user `nanomdm`) is wrong or missing. */
  | 'auth'
  /** Any other answer that is not a NanoMDM result (wrong base URL, proxy page…). */
  | 'invalid-response';

export interface MdmClientErrorOptions {
  message: string;
  /** e.g. `PUT /v1/enqueue` (ids left out). */
  endpoint: string;
  httpStatus?: number;
  attempts?: number;
  cause?: unknown;
}

/** Base class of the client's errors. */
export class MdmClientError extends Error {
  readonly kind: MdmClientErrorKind;
  readonly endpoint: string;
  readonly httpStatus?: number;
  /** Attempts made, the first included. */
  readonly attempts: number;

  constructor(kind: MdmClientErrorKind, options: MdmClientErrorOptions) {
    super(options.message, { cause: options.cause });
    this.kind = kind;
    this.endpoint = options.endpoint;
    this.httpStatus = options.httpStatus;
    this.attempts = options.attempts ?? 1;
  }
}

/** The MDM server could not be reached, or kept failing, within the retries. */
export class MdmUnreachableError extends MdmClientError {
  name = 'MdmUnreachableError';
  constructor(options: MdmClientErrorOptions) {
    super('unreachable', options);
  }
}

/** The MDM server refused the API key (401). Not retried. */
export class MdmAuthError extends MdmClientError {
  name = 'MdmAuthError';
  constructor(options: MdmClientErrorOptions) {
    super('auth', options);
  }
}

/** The MDM server answered something that is not a NanoMDM API result. Not retried. */
export class MdmResponseError extends MdmClientError {
  name = 'MdmResponseError';
  constructor(options: MdmClientErrorOptions) {
    super('invalid-response', options);
  }
}

export function isMdmClientError(error: unknown): error is MdmClientError {
  return error instanceof MdmClientError;
}

/** Replaces every occurrence of each secret (4 characters or more) with `[REDACTED]`. */
export function redact(
  text: string,
  secrets: ReadonlyArray<string | undefined>,
): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) {
      result = result.split(secret).join('[REDACTED]');
    }
  }
  return result;
}
