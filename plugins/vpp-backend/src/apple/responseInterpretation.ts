import {
  AppleVppError,
  classifyAppleError,
  isAppleVppError,
  redactSecrets,
} from './errors';
import { abortedError, RawResponse, tryParseJson } from './http';
import { parseRetryAfter } from './retry';
import type { RequestSpec } from './requestTypes';
import { errorResponseSchema } from './types';

/*
 * How the request pipeline turns what happened into a result or an `AppleVppError`: Apple's
 * answer (error body before HTTP status, then the shape), and anything thrown on the way.
 * Messages never contain the token (`secrets`).
 */

/** What an answer is read with. */
export interface AnswerContext {
  /** `METHOD /path`, for messages. */
  endpoint: string;
  attempt: number;
  /** When the answer arrived (epoch ms), for a `Retry-After` given as an HTTP date. */
  now: number;
  secrets: ReadonlyArray<string>;
}

/** The validated answer, or the `AppleVppError` it stands for. */
export function interpretResponse<T>(
  raw: RawResponse,
  spec: RequestSpec<T>,
  context: AnswerContext,
): T {
  const { endpoint, attempt } = context;
  const json = tryParseJson(raw.text);
  const retryAfterMs = parseRetryAfter(
    raw.headers.get('retry-after'),
    context.now,
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
        context.secrets,
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
  return parsed.data;
}

/** Anything a request threw, as an `AppleVppError` (one already is stays as it is). */
export function toAppleVppError(
  caught: unknown,
  spec: RequestSpec<unknown>,
  signal: AbortSignal | undefined,
  secrets: ReadonlyArray<string>,
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
      describeError(caught),
      secrets,
    )}`,
    method: spec.method,
    endpoint: spec.path,
  });
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

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The final error of a request: how many attempts it took, whether Apple may have acted. */
export function withAttemptContext(
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
