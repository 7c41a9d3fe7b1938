import { ConflictError } from '@backstage/errors';

/* The two helpers of one sync run: its write queue and its lease keeper. */

/**
 * The sync's writes, one after the other in the order given, while the sync goes on
 * fetching: the database works while the next pages arrive, so the two overlap instead
 * of adding up. The first failure skips the writes after it and is thrown by
 * {@link WriteChain.check} and {@link WriteChain.done}.
 */
export class WriteChain {
  #tail: Promise<void> = Promise.resolve();
  #failure?: { error: unknown };

  /** Queues a write; the promise settles when it is done. */
  add(write: () => Promise<unknown>): Promise<void> {
    const done = this.#tail.then(async () => {
      await write();
    });
    done.catch(error => {
      this.#failure ??= { error };
    });
    this.#tail = done;
    return done;
  }

  /** Throws when a write failed already, so a sync stops fetching for nothing. */
  check(): void {
    if (this.#failure) throw this.#failure.error;
  }

  /** Waits for every queued write. */
  done(): Promise<void> {
    return this.#tail;
  }

  /** Waits for every queued write, failed or not (before a failed sync lets go). */
  async settled(): Promise<void> {
    await this.#tail.catch(() => {});
  }
}

/** Renews the sync lease every `intervalMs` while pages are being written. */
export class LeaseKeeper {
  #last: number;

  constructor(
    private readonly renew: () => Promise<boolean>,
    private readonly intervalMs: number,
    private readonly now: () => Date,
  ) {
    this.#last = now().getTime();
  }

  async keep(): Promise<void> {
    const t = this.now().getTime();
    if (t - this.#last < this.intervalMs) {
      return;
    }
    this.#last = t;
    if (!(await this.renew())) {
      throw new ConflictError(
        'The sync lease was lost to another instance (this one was too slow); the other instance carries on.',
      );
    }
  }
}
