import { AppleVppError } from './errors';
import { PageIterator, collectPages } from './pagination';

interface TestPage {
  currentPageIndex: number;
  nextPageIndex?: number;
  totalPages: number;
  versionId: string;
  items: number[];
}

function delay(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** A fake paged source; `totalPagesAt(i)` may change while pages are fetched. */
function source(options: {
  totalPagesAt: (requestNumber: number) => number;
  perPage?: number;
  versionAt?: (requestNumber: number) => string;
  latencyMs?: (pageIndex: number) => number;
}) {
  let requests = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const requested: number[] = [];
  const fetchPage = async (
    pageIndex: number,
    signal: AbortSignal,
  ): Promise<TestPage> => {
    const n = requests++;
    requested.push(pageIndex);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await delay(options.latencyMs?.(pageIndex) ?? 1 + (pageIndex % 3));
      if (signal.aborted) throw signal.reason;
      const totalPages = options.totalPagesAt(n);
      if (pageIndex >= Math.max(totalPages, 1)) {
        throw new AppleVppError({
          kind: 'page-out-of-range',
          message: 'out of range',
          errorNumber: 9650,
          httpStatus: 400,
        });
      }
      const perPage = options.perPage ?? 10;
      return {
        currentPageIndex: pageIndex,
        nextPageIndex: pageIndex + 1 < totalPages ? pageIndex + 1 : undefined,
        totalPages,
        versionId: options.versionAt?.(n) ?? 'v1',
        items: Array.from(
          { length: totalPages === 0 ? 0 : perPage },
          (_, i) => pageIndex * perPage + i,
        ),
      };
    } finally {
      inFlight--;
    }
  };
  return {
    fetchPage,
    get maxInFlight() {
      return maxInFlight;
    },
    requested,
  };
}

describe('PageIterator', () => {
  it('yields all pages in order with at most 5 in flight, and the first versionId', async () => {
    const src = source({
      totalPagesAt: () => 23,
      versionAt: n => (n === 0 ? 'v-first' : 'v-first'),
      latencyMs: i => (i % 2 === 0 ? 8 : 1),
    });
    const iterator = new PageIterator(src.fetchPage);
    const result = await collectPages(iterator, p => p.items);
    expect(result.pages).toBe(23);
    expect(result.items).toEqual(Array.from({ length: 230 }, (_, i) => i));
    expect(result.versionId).toBe('v-first');
    expect(result.dataChanged).toBe(false);
    expect(src.maxInFlight).toBeLessThanOrEqual(5);
    expect(src.maxInFlight).toBeGreaterThan(1);
    expect(iterator.maxInFlight).toBeLessThanOrEqual(5);
  });

  it('caps concurrency at 5 even if asked for more, and honours a lower value', async () => {
    const src = source({ totalPagesAt: () => 30 });
    await collectPages(
      new PageIterator(src.fetchPage, { concurrency: 50 }),
      p => p.items,
    );
    expect(src.maxInFlight).toBeLessThanOrEqual(5);
    const one = source({ totalPagesAt: () => 6 });
    await collectPages(
      new PageIterator(one.fetchPage, { concurrency: 1 }),
      p => p.items,
    );
    expect(one.maxInFlight).toBe(1);
  });

  it('handles an empty result (totalPages 0 or 1 with no next page)', async () => {
    for (const total of [0, 1]) {
      const src = source({ totalPagesAt: () => total, perPage: 0 });
      const result = await collectPages(
        new PageIterator(src.fetchPage),
        p => p.items,
      );
      expect(result.pages).toBe(1);
      expect(result.items).toEqual([]);
    }
  });

  it('keeps going when totalPages grows mid-traversal (follows nextPageIndex)', async () => {
    const src = source({ totalPagesAt: n => (n < 3 ? 4 : 9) });
    const result = await collectPages(new PageIterator(src.fetchPage), p => [
      p.currentPageIndex,
    ]);
    expect(result.pages).toBe(9);
    expect(result.items).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('stops at the page without nextPageIndex when totalPages shrinks, ignoring prefetched errors', async () => {
    const src = source({ totalPagesAt: n => (n === 0 ? 10 : 4) });
    const iterator = new PageIterator(src.fetchPage);
    const pages: number[] = [];
    for await (const page of iterator) pages.push(page.currentPageIndex);
    expect(pages).toEqual([0, 1, 2, 3]);
    expect(iterator.totalPages).toBe(4);
  });

  it('ends with dataChanged when an announced page is out of range', async () => {
    // Page 0 says there are 3 pages; by the time page 2 is read only 2 remain.
    const src = source({
      totalPagesAt: n => (n <= 1 ? 3 : 2),
      latencyMs: i => (i === 2 ? 20 : 1),
    });
    const iterator = new PageIterator(src.fetchPage, { concurrency: 1 });
    const pages: number[] = [];
    for await (const page of iterator) pages.push(page.currentPageIndex);
    expect(pages).toEqual([0, 1]);
    expect(iterator.dataChanged).toBe(true);
  });

  it('flags a versionId change during the traversal but keeps the first one', async () => {
    const src = source({
      totalPagesAt: () => 5,
      versionAt: n => (n < 2 ? 'v1' : 'v2'),
    });
    const iterator = new PageIterator(src.fetchPage);
    await collectPages(iterator, p => p.items);
    expect(iterator.versionId).toBe('v1');
    expect(iterator.dataChanged).toBe(true);
  });

  it('propagates errors of pages that are needed', async () => {
    const iterator = new PageIterator<TestPage>(async pageIndex => {
      if (pageIndex === 2) throw new Error('boom');
      return {
        currentPageIndex: pageIndex,
        nextPageIndex: pageIndex + 1,
        totalPages: 5,
        versionId: 'v',
        items: [],
      };
    });
    await expect(collectPages(iterator, p => p.items)).rejects.toThrow('boom');
  });

  it('cancels pages in flight when the consumer stops early', async () => {
    const signals: AbortSignal[] = [];
    const iterator = new PageIterator<TestPage>(async (pageIndex, signal) => {
      signals.push(signal);
      await delay(5);
      return {
        currentPageIndex: pageIndex,
        nextPageIndex: pageIndex + 1,
        totalPages: 50,
        versionId: 'v',
        items: [],
      };
    });
    for await (const page of iterator) {
      if (page.currentPageIndex === 1) break;
    }
    expect(signals.length).toBeLessThanOrEqual(7);
    expect(signals.every(s => s.aborted)).toBe(true);
  });

  it('rejects at once when the caller signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const iterator = new PageIterator<TestPage>(
      async () => {
        throw new Error('should not be called');
      },
      { signal: controller.signal },
    );
    await expect(collectPages(iterator, p => p.items)).rejects.toThrow('stop');
  });
});
