import { abortReason } from './clock';
import { isAppleVppError } from './errors';

/** Apple allows at most five simultaneous requests while paging. */
export const MAX_PAGES_IN_FLIGHT = 5;

/** Paging fields of Apple's page-index paginated responses. */
export interface PageFields {
  currentPageIndex?: number;
  nextPageIndex?: number;
  totalPages?: number;
  versionId?: string;
}

export type FetchPage<P> = (
  pageIndex: number,
  signal: AbortSignal,
) => Promise<P>;

export interface PageIteratorOptions {
  /** Pages fetched at the same time (1–5, default 5). */
  concurrency?: number;
  signal?: AbortSignal;
}

/**
 * Async iterator over all pages of `/assets`, `/assignments` or `/users`.
 *
 * - Page 0 is fetched first; its `totalPages` tells how far to prefetch. After that up to
 *   `concurrency` (≤ 5) pages are in flight, and pages are yielded strictly in order.
 * - The end is where a page has no `nextPageIndex` (Apple's documented rule; `totalPages` is only a
 *   hint). If `totalPages` grows mid-traversal, fetching continues while `nextPageIndex` says so; if
 *   it shrinks, prefetched pages past the end are discarded (their errors ignored), and a 9650
 *   ("page out of range") for a page the previous page announced ends the traversal with
 *   {@link PageIterator.dataChanged} set.
 * - {@link PageIterator.versionId} is the FIRST page's `versionId`: store it and pass it as
 *   `sinceVersionId` for the next incremental sync. Changes that happen during the traversal have
 *   later versions and are therefore picked up by that next sync.
 *
 * Breaking out of a `for await` loop cancels pages still in flight. Each `for await` over the same
 * iterator starts a new traversal.
 */
export class PageIterator<P extends PageFields> implements AsyncIterable<P> {
  readonly #fetchPage: FetchPage<P>;
  readonly #concurrency: number;
  readonly #signal?: AbortSignal;
  #versionId?: string;
  #totalPages?: number;
  #pagesYielded = 0;
  #dataChanged = false;
  #maxInFlight = 0;

  constructor(fetchPage: FetchPage<P>, options: PageIteratorOptions = {}) {
    this.#fetchPage = fetchPage;
    this.#concurrency = Math.max(
      1,
      Math.min(
        MAX_PAGES_IN_FLIGHT,
        Math.floor(options.concurrency ?? MAX_PAGES_IN_FLIGHT),
      ),
    );
    this.#signal = options.signal;
  }

  /** `versionId` of the first page (available once the first page has been yielded). */
  get versionId(): string | undefined {
    return this.#versionId;
  }

  /** Latest `totalPages` seen. */
  get totalPages(): number | undefined {
    return this.#totalPages;
  }

  get pagesYielded(): number {
    return this.#pagesYielded;
  }

  /**
   * True when the data changed during the traversal (a later page carried another `versionId`, or
   * an announced page was out of range). The pages are still usable; the next incremental sync from
   * {@link PageIterator.versionId} catches up.
   */
  get dataChanged(): boolean {
    return this.#dataChanged;
  }

  /** Highest number of page requests that were in flight at once (diagnostics/tests). */
  get maxInFlight(): number {
    return this.#maxInFlight;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<P, void, undefined> {
    this.#versionId = undefined;
    this.#totalPages = undefined;
    this.#pagesYielded = 0;
    this.#dataChanged = false;
    this.#maxInFlight = 0;

    const controller = new AbortController();
    const outer = this.#signal;
    const onAbort = () =>
      controller.abort(outer ? abortReason(outer) : undefined);
    if (outer?.aborted) {
      throw abortReason(outer);
    }
    outer?.addEventListener('abort', onAbort, { once: true });

    const pending = new Map<number, Promise<P>>();
    let inFlight = 0;
    const start = (pageIndex: number) => {
      if (pending.has(pageIndex)) {
        return;
      }
      inFlight++;
      this.#maxInFlight = Math.max(this.#maxInFlight, inFlight);
      const promise = this.#fetchPage(pageIndex, controller.signal).finally(
        () => {
          inFlight--;
        },
      );
      // Errors of pages that are never consumed (past the end) must not become unhandled.
      promise.catch(() => undefined);
      pending.set(pageIndex, promise);
    };

    try {
      start(0);
      let current = await this.#take(pending, 0);
      this.#versionId = current.versionId;
      this.#totalPages = current.totalPages;
      let currentIndex = 0;
      for (;;) {
        const next = nextIndexOf(current, currentIndex);
        if (next !== undefined) {
          this.#fill(start, pending, next);
        }
        this.#pagesYielded++;
        yield current;
        if (next === undefined) {
          return;
        }
        let page: P;
        try {
          page = await this.#take(pending, next);
        } catch (error) {
          if (isAppleVppError(error) && error.errorNumber === 9650) {
            // The announced page no longer exists: the data shrank while we were reading.
            this.#dataChanged = true;
            return;
          }
          throw error;
        }
        if (page.totalPages !== undefined) {
          this.#totalPages = page.totalPages;
        }
        if (
          page.versionId !== undefined &&
          this.#versionId !== undefined &&
          page.versionId !== this.#versionId
        ) {
          this.#dataChanged = true;
        }
        current = page;
        currentIndex = next;
        // Pages before `next` can never be used any more.
        for (const index of pending.keys()) {
          if (index < next) pending.delete(index);
        }
      }
    } finally {
      outer?.removeEventListener('abort', onAbort);
      controller.abort(new Error('page iteration finished'));
      pending.clear();
    }
  }

  /** Keeps pages `from` … `from + concurrency - 1` (bounded by `totalPages`) requested. */
  #fill(
    start: (i: number) => void,
    pending: Map<number, Promise<P>>,
    from: number,
  ) {
    start(from);
    const total = this.#totalPages ?? 0;
    for (let i = from + 1; i < from + this.#concurrency && i < total; i++) {
      if (!pending.has(i)) {
        start(i);
      }
    }
  }

  async #take(pending: Map<number, Promise<P>>, index: number): Promise<P> {
    const promise = pending.get(index);
    if (!promise) {
      throw new Error(`page ${index} was not requested`);
    }
    pending.delete(index);
    return promise;
  }
}

function nextIndexOf(
  page: PageFields,
  currentIndex: number,
): number | undefined {
  const next = page.nextPageIndex;
  if (next === undefined || next === null || !Number.isFinite(next)) {
    return undefined;
  }
  // Guard against a server that repeats or goes backwards: always make progress.
  return next > currentIndex ? next : currentIndex + 1;
}

/** Collects every item of every page (convenience for small result sets and tests). */
export async function collectPages<P extends PageFields, T>(
  iterator: PageIterator<P>,
  items: (page: P) => T[],
): Promise<{
  items: T[];
  versionId?: string;
  pages: number;
  dataChanged: boolean;
}> {
  const all: T[] = [];
  for await (const page of iterator) {
    all.push(...items(page));
  }
  return {
    items: all,
    versionId: iterator.versionId,
    pages: iterator.pagesYielded,
    dataChanged: iterator.dataChanged,
  };
}
