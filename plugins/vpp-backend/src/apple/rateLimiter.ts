import { createHash } from 'node:crypto';
import { Clock, abortReason, systemClock } from './clock';

/**
 * Short, stable, non-reversible identifier of a content token (SHA-256 of the bearer, 16 hex
 * characters). Used as the rate-limiter key and in logs; the raw token is never kept as a key.
 */
export function tokenFingerprint(bearer: string): string {
  return createHash('sha256').update(bearer, 'utf8').digest('hex').slice(0, 16);
}

export interface SlidingWindowRateLimiterOptions {
  clock?: Clock;
  /** Length of the window the limit applies to. Apple's limit is per second. */
  windowMs?: number;
  /** Extra time added to the window, against rounding of timestamps. Default 25 ms. */
  safetyMarginMs?: number;
  /**
   * A permit that is never released counts as finished after this long (protects against a
   * caller that forgets `release()`). Default 5 minutes.
   */
  maxHoldMs?: number;
}

/** Returned by {@link SlidingWindowRateLimiter.acquire}; call `release()` once the answer arrived. */
export interface RatePermit {
  /**
   * Marks the request as finished: its response (headers) arrived, or it failed. Idempotent.
   */
  release(): void;
}

interface Permit {
  grantedAt: number;
  /** When the response arrived; undefined while in flight. */
  releasedAt?: number;
}

interface KeyState {
  permits: Permit[];
  /** No grants before this time (set after a 429 / Retry-After). */
  pausedUntil: number;
  /** Tail of the FIFO queue of waiters. */
  tail: Promise<void>;
  waiting: number;
  /** Wakes the head-of-queue waiter when a permit is released. */
  wake?: () => void;
}

/**
 * Per-key rate limiter that keeps the number of requests ARRIVING at the server within `limit`
 * per `window`, whatever the network does.
 *
 * Why not simply space the send times? Because the server counts arrivals: a request sent early
 * but delayed on the way (connection set-up, TLS, a paused event loop) can arrive together with
 * later ones. (Measured against the simulator: a cold burst of 15 requests took up to 1.1 s to
 * arrive, so send-time spacing let 22 arrive within one second.)
 *
 * Rule: a request may be sent at time t only while fewer than `limit` earlier requests are either
 * still in flight or got their answer after t − window. A request arrives somewhere between being
 * sent and its answer, so any `window`-long interval at the server that contains the new request
 * can only contain requests from that set — hence never more than `limit`. The price is that a
 * slot is held for latency + window rather than window (with 100 ms latency, 15 req/s becomes
 * ~13.6 req/s).
 *
 * Waiters for a key are served strictly in arrival order. The limiter is in-process: several
 * backend instances sharing one token each need a share of the limit (or a shared limiter).
 */
export class SlidingWindowRateLimiter {
  readonly #clock: Clock;
  readonly #windowMs: number;
  readonly #marginMs: number;
  readonly #maxHoldMs: number;
  readonly #states = new Map<string, KeyState>();

  constructor(options: SlidingWindowRateLimiterOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#windowMs = options.windowMs ?? 1000;
    this.#marginMs = options.safetyMarginMs ?? 25;
    this.#maxHoldMs = options.maxHoldMs ?? 5 * 60_000;
  }

  /** The time a finished request keeps its slot: window + safety margin. */
  get effectiveWindowMs(): number {
    return this.#windowMs + this.#marginMs;
  }

  /**
   * Waits until a request for `key` may be sent under `limit` requests per window, and records
   * it. Call `release()` on the returned permit when the answer arrived (or the request failed).
   * Rejects with the signal's reason if `signal` aborts while waiting.
   */
  async acquire(
    key: string,
    limit: number,
    signal?: AbortSignal,
  ): Promise<RatePermit> {
    const effectiveLimit =
      Number.isFinite(limit) && limit >= 1 ? Math.floor(limit) : 1;
    const state = this.#state(key);
    const previous = state.tail;
    let done!: () => void;
    state.tail = new Promise<void>(resolve => {
      done = resolve;
    });
    state.waiting++;
    try {
      try {
        await raceAbort(previous, signal);
      } catch (error) {
        // Keep the queue order intact: our turn ends only when the previous one's does.
        previous.then(done, done);
        throw error;
      }
      try {
        return await this.#waitForSlot(state, effectiveLimit, signal);
      } finally {
        done();
      }
    } finally {
      state.waiting--;
      this.#prune();
    }
  }

  /**
   * Blocks all grants for `key` during the next `delayMs` milliseconds. Used when Apple answers
   * 429/9646 or sends `Retry-After`, so that parallel requests of the same token back off together.
   */
  pauseFor(key: string, delayMs: number): void {
    const state = this.#state(key);
    state.pausedUntil = Math.max(
      state.pausedUntil,
      this.#clock.now() + delayMs,
    );
  }

  /** Requests of `key` that currently hold a slot (diagnostics and tests). */
  occupiedSlots(key: string): number {
    const state = this.#states.get(key);
    return state ? this.#occupied(state, this.#clock.now()).length : 0;
  }

  async #waitForSlot(
    state: KeyState,
    limit: number,
    signal: AbortSignal | undefined,
  ): Promise<RatePermit> {
    for (;;) {
      if (signal?.aborted) {
        throw abortReason(signal);
      }
      const now = this.#clock.now();
      const occupied = this.#occupied(state, now);
      state.permits = occupied;
      if (now >= state.pausedUntil && occupied.length < limit) {
        const permit: Permit = { grantedAt: now };
        state.permits.push(permit);
        return {
          release: () => {
            if (permit.releasedAt === undefined) {
              permit.releasedAt = this.#clock.now();
              state.wake?.();
            }
          },
        };
      }
      // Earliest moment something changes by itself: the pause ends, or a finished request
      // leaves the window. An in-flight request finishing wakes us through `wake`.
      let wakeAt = Number.POSITIVE_INFINITY;
      if (now < state.pausedUntil) {
        wakeAt = state.pausedUntil;
      } else {
        for (const permit of occupied) {
          const leavesAt =
            permit.releasedAt !== undefined
              ? permit.releasedAt + this.effectiveWindowMs
              : permit.grantedAt + this.#maxHoldMs + this.effectiveWindowMs;
          wakeAt = Math.min(wakeAt, leavesAt);
        }
      }
      await this.#sleepOrWake(state, Math.max(1, wakeAt - now), signal);
    }
  }

  /** Permits still holding a slot at `now`. */
  #occupied(state: KeyState, now: number): Permit[] {
    const window = this.effectiveWindowMs;
    return state.permits.filter(permit => {
      const finishedAt =
        permit.releasedAt ??
        (now - permit.grantedAt >= this.#maxHoldMs
          ? permit.grantedAt + this.#maxHoldMs
          : undefined);
      return finishedAt === undefined || finishedAt + window > now;
    });
  }

  async #sleepOrWake(
    state: KeyState,
    ms: number,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const controller = new AbortController();
    const onAbort = () =>
      controller.abort(signal ? abortReason(signal) : undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await new Promise<void>((resolve, reject) => {
        state.wake = () => {
          state.wake = undefined;
          resolve();
        };
        const sleepMs = Number.isFinite(ms) ? ms : 2 ** 31 - 1;
        this.#clock.sleep(sleepMs, controller.signal).then(resolve, () => {
          if (signal?.aborted) {
            reject(abortReason(signal));
          } else {
            resolve();
          }
        });
      });
    } finally {
      state.wake = undefined;
      signal?.removeEventListener('abort', onAbort);
      // Cancel the timer if we were woken by a release.
      controller.abort(new Error('woken'));
    }
  }

  #state(key: string): KeyState {
    let state = this.#states.get(key);
    if (!state) {
      state = {
        permits: [],
        pausedUntil: 0,
        tail: Promise.resolve(),
        waiting: 0,
      };
      this.#states.set(key, state);
    }
    return state;
  }

  /** Forgets idle keys so that a long-running process with many tokens does not grow forever. */
  #prune(): void {
    if (this.#states.size < 256) {
      return;
    }
    const now = this.#clock.now();
    for (const [key, state] of this.#states) {
      if (
        state.waiting === 0 &&
        this.#occupied(state, now).length === 0 &&
        state.pausedUntil < now
      ) {
        this.#states.delete(key);
      }
    }
  }
}

function raceAbort(
  promise: Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  if (!signal) {
    return promise;
  }
  if (signal.aborted) {
    return Promise.reject(abortReason(signal));
  }
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      error => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * The process-wide limiter used by clients that are not given one, so that every client created
 * for the same token in this process shares one budget.
 */
export const defaultRateLimiter = new SlidingWindowRateLimiter();
