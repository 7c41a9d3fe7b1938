import { AppleVppError, redactSecrets } from './errors';

/** The subset of the global `fetch` the clients use; inject another implementation for tests. */
export type FetchLike = (
  input: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: string;
    signal: AbortSignal;
  },
) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export interface RawResponse {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
}

export interface SendOptions {
  fetch: FetchLike;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** For error messages: path relative to the base URL (no query secrets). */
  endpoint: string;
  /** Strings that must never appear in an error message. */
  secrets: ReadonlyArray<string | undefined>;
  /** Called once when the response headers arrived or the exchange failed. */
  onSettled?: () => void;
}

class TimeoutMarker extends Error {
  constructor() {
    super('timeout');
  }
}

/**
 * One HTTP exchange with a timeout covering both the headers and the body. Failures become
 * {@link AppleVppError}s of kind `timeout`, `network` or `aborted`; messages never contain secrets.
 */
export async function sendOnce(options: SendOptions): Promise<RawResponse> {
  const { signal } = options;
  if (signal?.aborted) {
    throw abortedError(options, signal.reason);
  }
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new TimeoutMarker()),
    options.timeoutMs,
  );
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await options.fetch(options.url, {
      method: options.method,
      headers: options.headers,
      body: options.body,
      signal: controller.signal,
    });
    options.onSettled?.();
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (controller.signal.reason instanceof TimeoutMarker) {
      throw new AppleVppError({
        kind: 'timeout',
        message: `Apple did not answer ${options.method} ${options.endpoint} within ${options.timeoutMs} ms`,
        method: options.method,
        endpoint: options.endpoint,
      });
    }
    if (signal?.aborted) {
      throw abortedError(options, signal.reason);
    }
    throw new AppleVppError({
      kind: 'network',
      message: `Could not reach Apple for ${options.method} ${
        options.endpoint
      }: ${describeNetworkError(error, options.secrets)}`,
      method: options.method,
      endpoint: options.endpoint,
      requestMayHaveBeenProcessed: !failedBeforeSending(error),
    });
  } finally {
    options.onSettled?.();
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** The error of a request the caller cancelled (or whose timeout cancelled it). */
export function abortedError(
  request: { method: string; endpoint: string },
  reason: unknown,
): AppleVppError {
  return new AppleVppError({
    kind: 'aborted',
    message: `${request.method} ${request.endpoint} was aborted`,
    method: request.method,
    endpoint: request.endpoint,
    cause: reason,
  });
}

/** A short, secret-free description of a low-level network failure (e.g. `ECONNRESET`). */
export function describeNetworkError(
  error: unknown,
  secrets: ReadonlyArray<string | undefined>,
): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      parts.push(
        typeof code === 'string' && !current.message.includes(code)
          ? `${current.message} (${code})`
          : current.message,
      );
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return redactSecrets(parts.join(': ') || 'unknown error', secrets).slice(
    0,
    500,
  );
}

/** Error codes meaning the connection was never established, so nothing was sent. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** True when a fetch failure happened while connecting (the request cannot have reached Apple). */
export function failedBeforeSending(error: unknown): boolean {
  let current: unknown = error;
  for (
    let depth = 0;
    depth < 5 && current && typeof current === 'object';
    depth++
  ) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) {
      return true;
    }
    const nested = (current as { errors?: unknown }).errors;
    if (
      Array.isArray(nested) &&
      nested.length > 0 &&
      nested.every(failedBeforeSending)
    ) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Parses a body as JSON, returning `undefined` when it is not JSON. */
export function tryParseJson(text: string): unknown {
  if (text.trim() === '') {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
