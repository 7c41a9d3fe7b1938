type Pending<T, R> = {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
};

/**
 * Small statements from concurrent requests (the MDM webhook's check-ins and answers)
 * that arrive while one is in flight go together in the next one: one round trip (and
 * for writes one commit) for many, where a round trip costs more than the row. Each
 * caller still resolves only once the statement holding its part has finished, with its
 * own result, so answering the request afterwards keeps the webhook's "written before
 * 200".
 */
export class StatementBatcher<T, R> {
  readonly #maxBatch: number;
  readonly #write: (batch: T[]) => Promise<R[]>;
  readonly #keyOf?: (item: T) => string;
  #pending: Array<Pending<T, R>> = [];
  #writing = false;

  constructor(options: {
    /** Writes per statement (bindings are limited). */
    maxBatch: number;
    /** Writes a batch in one statement; a result per item, in order. */
    write: (batch: T[]) => Promise<R[]>;
    /**
     * Writes with the same key are never in one statement: each goes in a later one, in
     * the order they came (one statement cannot apply two changes to one row in turn).
     */
    keyOf?: (item: T) => string;
  }) {
    this.#maxBatch = options.maxBatch;
    this.#write = options.write;
    this.#keyOf = options.keyOf;
  }

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      if (!this.#writing) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#pending.length) {
        const batch = this.#take();
        try {
          const results = await this.#write(batch.map(p => p.item));
          batch.forEach((p, i) => p.resolve(results[i]));
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.#writing = false;
    }
  }

  /** The next batch: up to the maximum, no two of one key; the rest wait their turn. */
  #take(): Array<Pending<T, R>> {
    if (!this.#keyOf) return this.#pending.splice(0, this.#maxBatch);
    const batch: Array<Pending<T, R>> = [];
    const later: Array<Pending<T, R>> = [];
    const keys = new Set<string>();
    for (const p of this.#pending) {
      const key = this.#keyOf(p.item);
      if (batch.length < this.#maxBatch && !keys.has(key)) {
        keys.add(key);
        batch.push(p);
      } else {
        keys.add(key); // keeps a later write of this key behind this one
        later.push(p);
      }
    }
    this.#pending = later;
    return batch;
  }
}
