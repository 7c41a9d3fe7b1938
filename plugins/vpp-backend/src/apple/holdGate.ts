import { Clock } from './clock';
import { AppleVppError } from './errors';
import { AppleHold, AppleHoldError, AppleRequestHolds } from './requestHolds';
import type {
  AppleVppLogger,
  BackoffListener,
  RequestSpec,
} from './requestTypes';

/** Longest single sleep while a hold lasts; `onBackoff` runs between slices. */
const HOLD_SLICE_MS = 60_000;

export interface HoldGateOptions {
  holds: AppleRequestHolds;
  /** The configured base URL: the scope of holds on the whole service. */
  baseUrl: string;
  tokenFingerprint: string;
  clock: Clock;
  /** How long an interactive call (no `retryUntil`) may wait. */
  maxRetryAfterMs: number;
  onBackoff?: BackoffListener;
  logger?: AppleVppLogger;
}

/**
 * One token's side of the process-wide {@link AppleRequestHolds}: records Apple's
 * `Retry-After` as a hold, and makes each request wait for the holds covering it.
 */
export class HoldGate {
  readonly #options: HoldGateOptions;

  constructor(options: HoldGateOptions) {
    this.#options = options;
  }

  /**
   * Records Apple's `Retry-After` as a hold: on the whole service after a 5xx (Apple says the
   * service is unavailable), on this token otherwise.
   */
  record(error: AppleVppError, now: number): AppleHold | undefined {
    if (error.retryAfterMs === undefined || error.httpStatus === undefined) {
      return undefined;
    }
    const hold: AppleHold = {
      scope:
        error.httpStatus >= 500 || !isAuthenticatedEndpoint(error)
          ? 'service'
          : 'token',
      until: now + error.retryAfterMs,
      kind: error.kind,
      errorNumber: error.errorNumber,
      errorMessage: error.errorMessage,
      httpStatus: error.httpStatus,
    };
    this.#options.holds.hold(
      { service: this.#options.baseUrl, token: this.#options.tokenFingerprint },
      hold,
    );
    return hold;
  }

  /**
   * Waits while Apple's `Retry-After` holds requests of this token or of the service, as long as
   * the caller can wait (`retryUntil`, else `maxRetryAfterMs`); otherwise throws an
   * {@link AppleHoldError} saying until when. Long waits are cut into slices, so `onBackoff`
   * (e.g. a lease renewal) runs at least every {@link HOLD_SLICE_MS}. An abort or a rejection of
   * `onBackoff` is thrown as it is.
   */
  async wait(
    spec: RequestSpec<unknown>,
    context: { signal?: AbortSignal; retryUntil?: number; attempt: number },
  ): Promise<void> {
    const { clock, holds, logger, onBackoff, tokenFingerprint } = this.#options;
    const started = clock.now();
    const canWaitUntil =
      context.retryUntil ?? started + this.#options.maxRetryAfterMs;
    let logged = false;
    for (;;) {
      const now = clock.now();
      const hold = holds.current(
        this.#options.baseUrl,
        spec.authenticated ? tokenFingerprint : undefined,
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
        logger?.info?.(
          `Apple VPP ${spec.method} ${spec.path}: waiting until ${new Date(
            hold.until,
          ).toISOString()}, as Apple asked (${
            hold.scope === 'service' ? 'whole service' : 'this token'
          })`,
          {
            token: tokenFingerprint,
            delayMs: waitMs,
            errorNumber: hold.errorNumber,
            httpStatus: hold.httpStatus,
          },
        );
      }
      await onBackoff?.({
        endpoint: `${spec.method} ${spec.path}`,
        delayMs: waitMs,
        reason: `Retry-After (${hold.scope})`,
      });
      await clock.sleep(Math.min(waitMs, HOLD_SLICE_MS), context.signal);
    }
  }
}

function isAuthenticatedEndpoint(error: AppleVppError): boolean {
  return error.endpoint !== '/service/config';
}
