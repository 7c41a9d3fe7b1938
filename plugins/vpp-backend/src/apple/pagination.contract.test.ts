import { generateLargeLocation, startSimulator } from '@internal/vpp-simulator';
import {
  Simulator,
  clientFor,
  control,
  downloadToken,
} from './contractTestUtils';
import { FetchLike } from './http';

jest.setTimeout(60_000);

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    rateLimit: false,
    eventDelayMs: 10,
    pageSizes: { assignments: 100, assets: 50 },
    // Rate limiting is tested elsewhere; let the client go fast here.
    limits: { maxRequestPerSecond: 1000 },
    fixture: {
      name: 'pages',
      catalog: [],
      locations: [
        generateLargeLocation({
          id: 'loc-pages',
          assets: 300,
          assignments: 12_345,
        }),
      ],
    },
  });
});

afterAll(async () => {
  await sim.close();
});

/** Counts requests in flight at the same time. */
function concurrencyProbe(): { fetch: FetchLike; max: () => number } {
  let current = 0;
  let max = 0;
  return {
    max: () => max,
    fetch: async (url, init) => {
      current++;
      max = Math.max(max, current);
      try {
        const response = await fetch(url, init);
        const text = await response.text();
        return {
          status: response.status,
          headers: response.headers,
          text: async () => text,
        };
      } finally {
        current--;
      }
    },
  };
}

describe('contract: pagination', () => {
  it('reads thousands of assignments over 124 pages, ≤ 5 in flight, in order, with the first versionId', async () => {
    const token = await downloadToken(sim, 'loc-pages');
    const probe = concurrencyProbe();
    const client = clientFor(sim, token.bearer, { fetch: probe.fetch });
    const iterator = client.iterateAssignments();
    const seen = new Set<string>();
    const pageIndexes: number[] = [];
    for await (const page of iterator) {
      pageIndexes.push(page.currentPageIndex!);
      for (const a of page.assignments)
        seen.add(`${a.adamId}/${a.serialNumber}`);
    }
    expect(seen.size).toBe(12_345);
    expect(pageIndexes).toEqual(Array.from({ length: 124 }, (_, i) => i));
    expect(probe.max()).toBeLessThanOrEqual(5);
    expect(probe.max()).toBeGreaterThan(1);
    const state = await control<{
      locations: Array<{ id: string; versionIds: { assignments: string } }>;
    }>(sim, 'GET', '/state');
    expect(iterator.versionId).toBe(
      state.locations.find(l => l.id === 'loc-pages')!.versionIds.assignments,
    );
    expect(iterator.dataChanged).toBe(false);

    // Nothing changed since: an incremental sync returns zero records.
    const delta = await client.getAssignments({
      sinceVersionId: iterator.versionId,
    });
    expect(delta.assignments).toEqual([]);
  });

  it('tolerates the data growing mid-traversal (more pages than announced)', async () => {
    const token = await downloadToken(sim, 'loc-pages');
    const client = clientFor(sim, token.bearer);
    const [asset] =
      (await client.getAssets({ deviceAssignable: true, unlimited: true }))
        .unlimitedAssets ?? [];
    expect(asset).toBeDefined();
    const iterator = client.iterateAssignments({}, { concurrency: 2 });
    const seen = new Set<string>();
    let grown = false;
    for await (const page of iterator) {
      for (const a of page.assignments)
        seen.add(`${a.adamId}/${a.serialNumber}`);
      if (!grown && page.currentPageIndex === 3) {
        grown = true;
        const serialNumbers = Array.from({ length: 500 }, (_, i) => `GROW${i}`);
        const { eventId } = await client.associateAssets({
          assets: [{ adamId: asset.adamId, pricingParam: 'STDQ' }],
          serialNumbers,
        });
        await client.waitForEvent(eventId, {
          pollIntervalMs: 10,
          firstPollDelayMs: 0,
        });
      }
    }
    expect(iterator.totalPages).toBeGreaterThan(124);
    expect(iterator.dataChanged).toBe(true);
    // Every record that existed before is there; new ones may or may not be (next sync gets them).
    expect(seen.size).toBeGreaterThanOrEqual(12_345);
    const added: string[] = [];
    for await (const page of client.iterateAssignments({
      sinceVersionId: iterator.versionId,
    })) {
      for (const a of page.assignments) {
        if (a.serialNumber?.startsWith('GROW')) added.push(a.serialNumber);
      }
    }
    expect(added).toHaveLength(500);
  });

  it('iterates assets and users', async () => {
    const token = await downloadToken(sim, 'loc-pages');
    const client = clientFor(sim, token.bearer);
    let assets = 0;
    const iterator = client.iterateAssets({ unlimited: true });
    for await (const page of iterator)
      assets += page.assets.length + (page.unlimitedAssets?.length ?? 0);
    expect(assets).toBe(300);
    expect(iterator.pagesYielded).toBe(6);
    let users = 0;
    for await (const page of client.iterateUsers()) users += page.users.length;
    expect(users).toBeGreaterThanOrEqual(0);
  });
});
