/**
 * Time source used by every time-dependent piece of the Apple client (rate limiter, retries,
 * service-config cache, event polling). Production code uses {@link systemClock}; tests inject a
 * {@link ManualClock} so that nothing depends on real wall-clock timing.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds. Rejects with the signal's reason if `signal` aborts first.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Returns the reason an aborted signal carries, or a standard `AbortError`. */
export function abortReason(signal: AbortSignal): unknown {
  if (signal.reason !== undefined) {
    return signal.reason;
  }
  const error = new Error('The operation was aborted');
  error.name = 'AbortError';
  return error;
}

/** `setTimeout` as a promise, cancellable through an `AbortSignal`. */
export function abortableSleep(
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  if (signal?.aborted) {
    return Promise.reject(abortReason(signal));
  }
  if (ms <= 0) {
    return Promise.resolve();
  }
  return new Promise<void>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: abortableSleep,
};

interface ManualTimer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * A clock that only moves when told to. `sleep()` calls resolve when {@link ManualClock.advance}
 * moves the time past their deadline. Exported for tests of this library and its callers.
 */
export class ManualClock implements Clock {
  #now: number;
  #timers: ManualTimer[] = [];
  #seq = 0;

  constructor(startMs: number = Date.UTC(2030, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  /** Number of sleeps currently waiting. */
  get pendingSleeps(): number {
    return this.#timers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) {
      return Promise.reject(abortReason(signal));
    }
    if (ms <= 0) {
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      let onAbort: () => void = () => undefined;
      const timer: ManualTimer = {
        at: this.#now + ms,
        seq: this.#seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      onAbort = () => {
        this.#timers = this.#timers.filter(t => t !== timer);
        reject(abortReason(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#timers.push(timer);
    });
  }

  /**
   * Moves time forward by `ms`, waking sleepers in deadline order and letting promise chains run
   * between wake-ups (so a woken task can schedule a new sleep that also falls inside the range).
   */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await flushMicrotasks();
      const due = this.#timers
        .filter(t => t.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) {
        break;
      }
      this.#timers = this.#timers.filter(t => t !== due);
      this.#now = Math.max(this.#now, due.at);
      due.resolve();
    }
    this.#now = target;
    await flushMicrotasks();
  }

  /** Advances to the next pending sleep deadline (if any) and returns the new time. */
  async advanceToNext(): Promise<number> {
    await flushMicrotasks();
    const next = this.#timers.reduce<number | undefined>(
      (min, t) => (min === undefined || t.at < min ? t.at : min),
      undefined,
    );
    if (next !== undefined) {
      await this.advance(Math.max(0, next - this.#now));
    }
    return this.#now;
  }
}

/** Lets pending promise callbacks run (several turns, to cover chained `then`s). */
export async function flushMicrotasks(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) {
    await Promise.resolve();
  }
}
