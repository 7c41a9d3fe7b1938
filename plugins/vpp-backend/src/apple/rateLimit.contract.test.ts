import { generateLargeLocation, startSimulator } from '@internal/vpp-simulator';
import {
  Simulator,
  clientFor,
  control,
  downloadToken,
  instrumentedFetch,
  tokenIdOf,
} from './contractTestUtils';
import { SlidingWindowRateLimiter } from './rateLimiter';
import { maxInWindow } from './testUtils';

jest.setTimeout(60_000);

interface Stats {
  tokenId: string;
  total: number;
  maxInAnyWindow: number;
  byStatus: Record<string, number>;
  firstAt: number;
  lastAt: number;
}

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    rateLimit: true,
    pageSizes: { assignments: 50 },
    fixture: {
      name: 'rate',
      catalog: [],
      locations: [
        generateLargeLocation({
          id: 'loc-rate',
          assets: 60,
          assignments: 2000,
        }),
      ],
    },
  });
});

afterAll(async () => {
  await sim.close();
});

describe('contract: rate limiting', () => {
  it('never exceeds maxRequestPerSecond in any 1-second window (simulator log and own instrumentation)', async () => {
    const token = await downloadToken(sim, 'loc-rate');
    const tokenId = await tokenIdOf(sim, token.bearer);
    await control(sim, 'DELETE', '/requests');
    const { fetch, sentAt } = instrumentedFetch();
    // Two clients of the same token in one process share the limiter (keyed by token hash).
    const limiter = new SlidingWindowRateLimiter();
    const a = clientFor(sim, token.bearer, { fetch, rateLimiter: limiter });
    const b = clientFor(sim, token.bearer, { fetch, rateLimiter: limiter });
    const limit = (await a.getLimits()).maxRequestPerSecond;
    expect(limit).toBe(15);

    const iterator = a.iterateAssignments();
    const [assignmentCount] = await Promise.all([
      (async () => {
        let count = 0;
        for await (const page of iterator) count += page.assignments.length;
        return count;
      })(),
      Promise.all(
        Array.from({ length: 20 }, () => b.getAssets({ unlimited: false })),
      ),
    ]);
    expect(assignmentCount).toBe(2000);

    const [stats] = await control<Stats[]>(
      sim,
      'GET',
      `/requests/stats?tokenId=${tokenId}`,
    );
    // 40 pages + 20 asset reads, none refused.
    expect(stats.total).toBe(60);
    expect(stats.byStatus['429']).toBeUndefined();
    expect(stats.maxInAnyWindow).toBeLessThanOrEqual(limit);
    expect(sentAt).toHaveLength(60);
    expect(maxInWindow(sentAt, 1000)).toBeLessThanOrEqual(limit);
  });
});
