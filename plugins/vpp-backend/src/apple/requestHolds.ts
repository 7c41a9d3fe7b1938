import { AppleVppError, AppleVppErrorKind } from './errors';

/** Whom a hold stops: one content token, or every request to the service. */
export type AppleHoldScope = 'token' | 'service';

/** Apple's "do not call before" instant, with what Apple answered when it said so. */
export interface AppleHold {
  scope: AppleHoldScope;
  /** Epoch milliseconds: no request of this scope is sent before it. */
  until: number;
  kind: AppleVppErrorKind;
  errorNumber?: number;
  errorMessage?: string;
  httpStatus?: number;
}

/**
 * Apple: "a Retry-After header indicates how long the client must wait before making additional
 * requests". This remembers that instant for the whole process, so it binds every client and
 * every caller (sync, token management, distributions) and outlives the request that got it, the
 * client that made it and the scheduled run it belonged to:
 *
 * - per content token (keyed by its fingerprint, never the token) after 429/9646 or any other
 *   non-5xx answer carrying `Retry-After`;
 * - per service (the configured base URL) after a 5xx carrying `Retry-After` (9729 "service
 *   temporarily unavailable", 9603): Apple is saying the service is down, not that one token
 *   called too often.
 *
 * A hold is only ever extended, never shortened, and is forgotten once it has passed. Create
 * one per process and give it to every Apple client ({@link defaultRequestHolds} is used by
 * clients given none).
 */
export class AppleRequestHolds {
  readonly #tokens = new Map<string, AppleHold>();
  readonly #services = new Map<string, AppleHold>();

  /** Records Apple's wait. `service` is the configured base URL; `token` its fingerprint. */
  hold(
    target: { service: string; token?: string },
    hold: Omit<AppleHold, 'until'> & { until: number },
  ): void {
    const map = hold.scope === 'service' ? this.#services : this.#tokens;
    const key =
      hold.scope === 'service' ? serviceKey(target.service) : target.token;
    if (key === undefined) {
      return;
    }
    const existing = map.get(key);
    if (!existing || existing.until < hold.until) {
      map.set(key, { ...hold });
    }
  }

  /**
   * The hold in force at `now` (the caller's clock) for a request to `service` (of `token`, when
   * authenticated): the one that ends last when both the service and the token are held.
   */
  current(
    service: string,
    token: string | undefined,
    now: number,
  ): AppleHold | undefined {
    const found = [
      this.#live(this.#services, serviceKey(service), now),
      token === undefined ? undefined : this.#live(this.#tokens, token, now),
    ].filter((h): h is AppleHold => h !== undefined);
    return found.sort((a, b) => b.until - a.until)[0];
  }

  #live(
    map: Map<string, AppleHold>,
    key: string,
    now: number,
  ): AppleHold | undefined {
    const hold = map.get(key);
    if (hold && hold.until <= now) {
      map.delete(key);
      return undefined;
    }
    return hold;
  }
}

function serviceKey(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** The process-wide holds used by clients that are not given their own. */
export const defaultRequestHolds = new AppleRequestHolds();

/**
 * A request was not sent (or not repeated) because Apple asked for no requests until
 * {@link AppleHoldError.retryAt}, later than the caller can wait. Carries the number and status
 * of the answer that set the hold, so it is explained like that answer.
 */
export class AppleHoldError extends AppleVppError {
  /** When requests may be sent again. */
  readonly retryAt: Date;
  readonly holdScope: AppleHoldScope;
  /** True when this very request got the answer that set the hold. */
  readonly sent: boolean;

  constructor(init: {
    hold: AppleHold;
    now: number;
    method: string;
    endpoint: string;
    attempts?: number;
    sent: boolean;
  }) {
    const { hold } = init;
    const at = new Date(hold.until).toISOString();
    const answer = [
      hold.errorNumber !== undefined ? `error ${hold.errorNumber}` : undefined,
      hold.httpStatus !== undefined ? `HTTP ${hold.httpStatus}` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    const whom =
      hold.scope === 'service'
        ? 'to the Apps and Books service'
        : 'for this content token';
    super({
      kind: hold.kind,
      message: init.sent
        ? `Apple VPP ${init.method} ${init.endpoint} failed${
            answer ? ` (${answer})` : ''
          }; Apple asked for no further requests ${whom} until ${at}`
        : `Apple VPP ${init.method} ${
            init.endpoint
          } was not sent: Apple asked for no requests ${whom} until ${at}${
            answer ? ` (${answer})` : ''
          }`,
      errorNumber: hold.errorNumber,
      errorMessage: hold.errorMessage,
      httpStatus: hold.httpStatus,
      method: init.method,
      endpoint: init.endpoint,
      retryAfterMs: Math.max(0, hold.until - init.now),
      attempts: init.attempts,
    });
    this.retryAt = new Date(hold.until);
    this.holdScope = hold.scope;
    this.sent = init.sent;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      retryAt: this.retryAt.toISOString(),
      holdScope: this.holdScope,
    };
  }
}

export function isAppleHoldError(error: unknown): error is AppleHoldError {
  return error instanceof AppleHoldError;
}
