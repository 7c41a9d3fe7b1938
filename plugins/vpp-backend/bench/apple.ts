/* eslint-disable no-console */
/**
 * Benchmark of the Apple VPP client against the in-process simulator.
 *
 *   yarn bench apple
 *
 * 1. A generated location with 200,000 assignments in pages of 1,000, simulator rate limiting OFF:
 *    a. the client obeying the advertised `maxRequestPerSecond` (15, Apple's value);
 *    b. the advertised limit raised to 10,000/s, to measure the client's own throughput.
 *    Prints pages/s, wall time and peak memory (RSS, heap; sampled every 10 ms).
 * 2. Simulator rate limiting ON, advertised limit 15/s: a fixed number of requests from 20
 *    concurrent callers; prints the achieved rate, the busiest 1-second window and refusals.
 *
 * Prints figures only; it never asserts timings.
 */
import { generateLargeLocation, startSimulator } from '@internal/vpp-simulator';
import {
  AppleVppClient,
  SlidingWindowRateLimiter,
  parseTokenFile,
} from '../src/apple';
import { measure } from './measure';

const ASSIGNMENTS = 200_000;
const PAGE_SIZE = 1_000;
const RATE_REQUESTS = 150;
const RATE_CALLERS = 20;

interface Stats {
  total: number;
  maxInAnyWindow: number;
  byStatus: Record<string, number>;
  firstAt: number;
  lastAt: number;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function main() {
  console.log(
    `Apple VPP client benchmark — Node ${process.version}, ${process.platform}/${process.arch}` +
      `${
        (globalThis as { gc?: unknown }).gc
          ? ''
          : ' (run with --expose-gc for stable memory figures)'
      }`,
  );
  const setupStart = performance.now();
  const sim = await startSimulator({
    port: 0,
    rateLimit: false,
    eventDelayMs: 50,
    pageSizes: { assignments: PAGE_SIZE },
    fixture: {
      name: 'bench',
      catalog: [],
      locations: [
        generateLargeLocation({ id: 'loc-bench', assignments: ASSIGNMENTS }),
      ],
    },
  });
  const control = async (path: string, body: unknown) => {
    const response = await fetch(`${sim.baseUrl}/control${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(
        `control ${path}: ${response.status} ${await response.text()}`,
      );
    }
    return response.json();
  };
  try {
    const download = await fetch(
      `${sim.baseUrl}/abm/locations/loc-bench/token`,
      {
        method: 'POST',
      },
    );
    const token = parseTokenFile(await download.text());
    const tokens = (await control('/tokens', undefined)) as Array<{
      id: string;
      fileContent: string;
    }>;
    const tokenId = tokens.find(t => t.fileContent === token.bearer)!.id;
    console.log(
      `Simulator with ${ASSIGNMENTS.toLocaleString(
        'en-US',
      )} assignments ready in ${(
        (performance.now() - setupStart) /
        1000
      ).toFixed(1)} s (RSS ${mib(process.memoryUsage().rss)})\n`,
    );

    const traverse = async (label: string) => {
      // A fresh client (and limiter) per run, as a sync job would create.
      const client = new AppleVppClient({
        token: token.bearer,
        baseUrl: sim.appleBaseUrl,
        rateLimiter: new SlidingWindowRateLimiter(),
      });
      const limit = (await client.getLimits()).maxRequestPerSecond;
      const run = await measure(async () => {
        const iterator = client.iterateAssignments();
        let assignments = 0;
        for await (const page of iterator) {
          assignments += page.assignments.length;
        }
        return {
          assignments,
          pages: iterator.pagesYielded,
          maxInFlight: iterator.maxInFlight,
        };
      });
      const { assignments, pages, maxInFlight } = run.result;
      if (assignments !== ASSIGNMENTS) {
        throw new Error(
          `expected ${ASSIGNMENTS} assignments, got ${assignments}`,
        );
      }
      console.log(`${label} (advertised maxRequestPerSecond ${limit})`);
      console.log(
        `  pages              ${pages} × ${PAGE_SIZE} = ${assignments.toLocaleString(
          'en-US',
        )} assignments`,
      );
      console.log(`  wall time          ${(run.wallMs / 1000).toFixed(2)} s`);
      console.log(
        `  pages per second   ${((pages * 1000) / run.wallMs).toFixed(1)}`,
      );
      console.log(
        `  assignments/s      ${Math.round(
          (assignments * 1000) / run.wallMs,
        ).toLocaleString('en-US')}`,
      );
      console.log(`  max pages in flight ${maxInFlight}`);
      console.log(
        `  peak RSS           ${mib(run.peakRss)} (+${mib(
          run.peakRss - run.before.rss,
        )} over start)`,
      );
      console.log(
        `  peak heap used     ${mib(run.peakHeap)} (+${mib(
          run.peakHeap - run.before.heapUsed,
        )} over start)\n`,
      );
    };

    console.log('1. Full assignment sync, simulator rate limiting OFF');
    await traverse('1a. client at the advertised limit');
    await control('/options', { limits: { maxRequestPerSecond: 10_000 } });
    await traverse('1b. client unthrottled');

    console.log(
      `2. Rate limiting ON: ${RATE_REQUESTS} requests from ${RATE_CALLERS} concurrent callers`,
    );
    await control('/options', { limits: { maxRequestPerSecond: 15 } });
    await control('/rate-limit', { enabled: true });
    await fetch(`${sim.baseUrl}/control/requests`, { method: 'DELETE' });
    const client = new AppleVppClient({
      token: token.bearer,
      baseUrl: sim.appleBaseUrl,
      rateLimiter: new SlidingWindowRateLimiter(),
    });
    const limit = (await client.getLimits()).maxRequestPerSecond;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: RATE_CALLERS }, async () => {
        while (next < RATE_REQUESTS) {
          const n = next++;
          if (n % 3 === 0) {
            await client.getAssets({ pageIndex: n % 7 });
          } else if (n % 3 === 1) {
            await client.getAssignments({ pageIndex: n % 200 });
          } else {
            await client.getClientConfig();
          }
        }
      }),
    );
    const wallMs = performance.now() - started;
    const [stats] = (await control(
      `/requests/stats?tokenId=${tokenId}`,
      undefined,
    )) as Stats[];
    const spanMs = stats.lastAt - stats.firstAt;
    console.log(
      `  requests sent      ${stats.total} (${JSON.stringify(stats.byStatus)})`,
    );
    console.log(`  wall time          ${(wallMs / 1000).toFixed(2)} s`);
    console.log(
      `  average rate       ${((stats.total * 1000) / wallMs).toFixed(
        2,
      )} req/s (includes the initial burst of ${limit})`,
    );
    console.log(
      `  steady-state rate  ${(
        ((stats.total - limit) * 1000) /
        Math.max(1, spanMs)
      ).toFixed(2)} req/s (after the first window)`,
    );
    console.log(`  maxRequestPerSecond ${limit}`);
    console.log(
      `  busiest 1 s window ${stats.maxInAnyWindow} requests (simulator clock)`,
    );
    console.log(`  refused (429)      ${stats.byStatus['429'] ?? 0}`);
  } finally {
    await sim.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
