import { z } from 'zod';

/* What callers of the request pipeline (`requester.ts`) pass and receive, besides Apple's types. */

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

/** Told before each back-off sleep and each slice of a `Retry-After` wait; may reject to stop. */
export type BackoffListener = (wait: {
  endpoint: string;
  delayMs: number;
  reason: string;
}) => Promise<void> | void;
