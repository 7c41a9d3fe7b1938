/* eslint-disable no-console */
/**
 * Benchmark of the content sync (issue #5), on SQLite and on PostgreSQL.
 *
 *   yarn bench sync [--assignments 200000] [--assets 2000] [--changes 1000] [--runs 3]
 *                   [--pg postgresql://user:pass@host:port] [--only sqlite|postgres]
 *
 * The simulator runs in a child process with one location of 2,000 assets and 200,000
 * assignments (pages of 300 assets and 1,000 assignments); its advertised
 * maxRequestPerSecond is raised to 10,000 so that the figures show our own cost rather
 * than Apple's rate limit (at Apple's 15 requests/s the 207 pages alone take ~14 s,
 * which would hide the storage cost the ratio is meant to show).
 *
 * For each database, after one uncounted warm-up fetch, it runs `--runs` rounds of:
 * - the fetch floor: the same Apple requests in the same order (assets, assignments,
 *   App Store lookup) without storing anything;
 * - a full sync into an empty database (content tables emptied first);
 * - a full sync again (every row exists).
 * On two shared cores one run can be off by half a second either way, so it prints the
 * median of each with every run listed; the ratio is median sync / median floor. Also
 * rows per second, per-step times (assets, assignments, lookup) of the floor and the
 * syncs, peak memory (RSS and heap, sampled every 10 ms; this process only — the
 * simulator is elsewhere), and the CPU time of this process, of the simulator and of
 * PostgreSQL (on two cores the three compete, so CPU spent anywhere shows in the wall
 * time). Then:
 * - an incremental sync after 1,000 new assignments (sinceVersionId).
 * Targets from the issue: ratio ≤ 1.5, peak memory < 400 MB, incremental < 2 s.
 * Prints figures only; it never asserts timings.
 */
import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import { spawn, ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigReader } from '@backstage/config';
import knexFactory, { Knex } from 'knex';
import {
  AppleVppClient,
  ITunesLookupClient,
  parseTokenFile,
  SlidingWindowRateLimiter,
} from '../src/apple';
import { DatabaseContentStore } from '../src/database/DatabaseContentStore';
import { DatabaseTokenStore } from '../src/database/DatabaseTokenStore';
import { AppleClientTokenGateway } from '../src/services/AppleClientTokenGateway';
import { readVppConfig, VppSyncConfig } from '../src/services/config';
import { SyncOutcome, SyncService } from '../src/services/SyncService';
import { TokenCipher } from '../src/services/TokenCipher';
import { TokenService } from '../src/services/TokenService';
import { Measured, measure, pidsNamed, WatchedProcesses } from './measure';
import { postgresConnection, runEachDatabase } from './databases';

const { values: args } = parseArgs({
  options: {
    assignments: { type: 'string', default: '200000' },
    assets: { type: 'string', default: '2000' },
    changes: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    pg: { type: 'string' },
    only: { type: 'string' },
  },
});
const ASSIGNMENTS = Number(args.assignments);
const ASSETS = Number(args.assets);
const CHANGES = Number(args.changes);
const RUNS = Math.max(1, Number(args.runs));

const identity = {
  id: 'vpp-bench',
  name: 'VPP for Backstage',
  metadata: 'bench',
};
const cipher = TokenCipher.fromSecret('bench-key-bench-key-bench-key-bench!');
// The defaults of a real installation.
const syncConfig: VppSyncConfig = readVppConfig(
  new ConfigReader({ vpp: { encryptionKey: 'bench' } }),
).sync;

interface FetchResult {
  assets: number;
  assignments: number;
  phasesMs: { assets: number; assignments: number; metadata: number };
}

/** The run with the median wall time (the upper one of two middles). */
function median<T>(runs: Array<Measured<T>>): Measured<T> {
  const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  return sorted[Math.floor(sorted.length / 2)];
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

interface SimulatorUrls {
  baseUrl: string;
  appleBaseUrl: string;
  lookupUrl: string;
}

async function startSimulatorProcess(): Promise<{
  urls: SimulatorUrls;
  child: ChildProcess;
}> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      path.join(__dirname, 'syncSimulator.ts'),
      String(ASSIGNMENTS),
      String(ASSETS),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], cwd: __dirname },
  );
  const lines = createInterface({ input: child.stdout! });
  const urls = await new Promise<SimulatorUrls>((resolve, reject) => {
    child.once('exit', code =>
      reject(new Error(`simulator exited with ${code}`)),
    );
    lines.once('line', line => resolve(JSON.parse(line)));
  });
  return { urls, child };
}

async function control(sim: SimulatorUrls, route: string, body?: unknown) {
  const response = await fetch(`${sim.baseUrl}/control${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`control ${route}: ${await response.text()}`);
  }
  return response.json();
}

async function openDatabase(
  kind: 'sqlite' | 'postgres',
): Promise<{ knex: Knex; close: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    return { knex, close: () => knex.destroy() };
  }
  const connection = postgresConnection(args.pg);
  if (!connection) {
    throw new Error(
      'No PostgreSQL: pass --pg <connection string>, set VPP_BENCH_POSTGRES, or install it with scripts/setup.sh --with-test-deps',
    );
  }
  const name = `vpp_bench_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection });
  await admin.raw(`CREATE DATABASE ${name}`);
  const knex = knexFactory({
    client: 'pg',
    connection: `${connection.replace(/\/$/, '')}/${name}`,
  });
  return {
    knex,
    close: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE ${name}`);
      await admin.destroy();
    },
  };
}

async function benchDatabase(
  sim: SimulatorUrls,
  simulatorPid: number,
  kind: 'sqlite' | 'postgres',
) {
  const { knex, close } = await openDatabase(kind);
  // Where else the CPU goes: on two cores the three processes compete for it.
  const watched: WatchedProcesses = {
    simulator: async () => [simulatorPid],
    ...(kind === 'postgres' ? { PostgreSQL: () => pidsNamed('postgres') } : {}),
  };
  try {
    await control(sim, '/reset', {});
    await control(sim, '/options', {
      limits: { maxRequestPerSecond: 10_000 },
    });
    // A plain DatabaseService: the test utilities would add ~150 MB to this process.
    const database: DatabaseService = { getClient: async () => knex };
    const tokenStore = await DatabaseTokenStore.create({ database });
    const content = await DatabaseContentStore.create({ database });
    const tokens = new TokenService({
      store: tokenStore,
      apple: new AppleClientTokenGateway({
        baseUrl: sim.appleBaseUrl,
        identity,
      }),
      cipher,
      mdmIdentity: identity,
      warningDays: 30,
    });
    const download = await fetch(
      `${sim.baseUrl}/abm/locations/loc-large/token`,
      { method: 'POST' },
    );
    const file = await download.text();
    const bearer = parseTokenFile(file).bearer;
    const token = await tokens.register(
      { tokenFile: file, owner: 'group:default/bench' },
      'user:default/bench',
    );
    // Warnings and errors only: the figures are the output.
    const quiet = {
      debug() {},
      info() {},
      warn: (message: string) => console.warn(`  warn: ${message}`),
      error: (message: string) => console.error(`  error: ${message}`),
      child() {
        return quiet;
      },
    } as unknown as LoggerService;
    const sync = new SyncService({
      tokens: tokenStore,
      content,
      cipher,
      appleBaseUrl: sim.appleBaseUrl,
      mdmIdentity: identity,
      lookup: new ITunesLookupClient({
        lookupUrl: sim.lookupUrl,
        maxRequestsPerMinute: 10_000,
      }),
      config: syncConfig,
      warningDays: 30,
      logger: quiet,
      rateLimiter: new SlidingWindowRateLimiter(),
    });

    /** The same Apple traffic as a full sync, in the same order, nothing stored. */
    const fetchOnly = () =>
      measure(async () => {
        const client = new AppleVppClient({
          token: bearer,
          baseUrl: sim.appleBaseUrl,
          rateLimiter: new SlidingWindowRateLimiter(),
        });
        const t0 = performance.now();
        const adamIds: string[] = [];
        for await (const page of client.iterateAssets()) {
          for (const a of page.assets) adamIds.push(a.adamId);
        }
        const t1 = performance.now();
        let assignments = 0;
        for await (const page of client.iterateAssignments()) {
          assignments += page.assignments.length;
        }
        const t2 = performance.now();
        await new ITunesLookupClient({
          lookupUrl: sim.lookupUrl,
          maxRequestsPerMinute: 10_000,
        }).lookup(adamIds, { country: token.countryCode });
        return {
          assets: adamIds.length,
          assignments,
          phasesMs: {
            assets: t1 - t0,
            assignments: t2 - t1,
            metadata: performance.now() - t2,
          },
        };
      }, watched);
    /** Back to an empty database (the token stays), so the next sync writes every row. */
    const emptyContent = async () => {
      const tables = [
        'vpp_asset_assignees',
        'vpp_assets',
        'vpp_app_metadata',
        'vpp_sync_state',
      ];
      if (kind === 'postgres') {
        // TRUNCATE rather than DELETE: no dead rows left for the next sync to step over.
        await knex.raw(`TRUNCATE ${tables.join(', ')}`);
      } else {
        for (const table of tables) await knex(table).delete();
      }
    };

    // One fetch to warm up both processes (JIT, connections); not counted.
    await fetchOnly();
    const floors: Array<Measured<FetchResult>> = [];
    const firsts: Array<Measured<SyncOutcome | undefined>> = [];
    const agains: Array<Measured<SyncOutcome | undefined>> = [];
    for (let run = 0; run < RUNS; run++) {
      floors.push(await fetchOnly());
      await emptyContent();
      firsts.push(
        await measure(() => sync.syncToken(token.id, { full: true }), watched),
      );
      agains.push(
        await measure(() => sync.syncToken(token.id, { full: true }), watched),
      );
    }
    const floor = median(floors);
    const floorMs = floor.wallMs;

    // 1,000 new assignments: buy licenses, associate new serial numbers.
    const asset = await pickAssignableAsset(token.id, knex);
    await control(sim, '/locations/loc-large/purchase', {
      adamId: asset,
      countDelta: CHANGES,
    });
    const apple = new AppleVppClient({
      token: bearer,
      baseUrl: sim.appleBaseUrl,
      rateLimiter: new SlidingWindowRateLimiter(),
    });
    const serials = Array.from(
      { length: CHANGES },
      (_, i) => `BENCH${String(i).padStart(7, '0')}`,
    );
    await apple.associateAssetsAndWait({
      assets: [{ adamId: asset, pricingParam: 'STDQ' }],
      serialNumbers: serials,
    });
    const incremental = await measure(() => sync.syncToken(token.id), watched);
    const stored = await sync.getStatus(token.id);

    const total = floor.result.assets + floor.result.assignments;
    const phases = (p: {
      assets: number;
      assignments: number;
      metadata: number;
    }) =>
      `assets ${secs(p.assets)}, assignments ${secs(
        p.assignments,
      )}, lookup ${secs(p.metadata)}`;
    const cpu = (m: Measured<unknown>) =>
      [
        `this process ${secs(m.cpuMs)}`,
        ...Object.entries(m.otherCpuMs).map(
          ([name, ms]) => `${name} ${secs(ms)}`,
        ),
      ].join(', ');
    const range = (ms: Array<Measured<unknown>>) =>
      ms.length > 1
        ? ` (${ms.map(m => (m.wallMs / 1000).toFixed(2)).join(', ')})`
        : '';
    console.log(
      `\n${
        kind === 'sqlite' ? 'SQLite (better-sqlite3, in memory)' : 'PostgreSQL'
      } — median of ${RUNS} run${RUNS > 1 ? 's' : ''}, every run listed`,
    );
    console.log(
      `  fetch only (floor)     ${secs(floorMs)}${range(floors)}   ${
        floor.result.assets
      } assets, ${floor.result.assignments.toLocaleString(
        'en-US',
      )} assignments   (${phases(floor.result.phasesMs)})   CPU ${cpu(
        floor,
      )}   peak RSS ${mib(Math.max(...floors.map(m => m.peakRss)))}`,
    );
    for (const [label, runs] of [
      ['full sync, empty db', firsts],
      ['full sync, rows exist', agains],
    ] as const) {
      const m = median(runs);
      console.log(
        `  ${label.padEnd(22)} ${secs(m.wallMs)}${range(runs)}   ratio ${(
          m.wallMs / floorMs
        ).toFixed(2)}   ${Math.round(total / (m.wallMs / 1000)).toLocaleString(
          'en-US',
        )} rows/s   (${phases(m.result!.phasesMs)})   CPU ${cpu(
          m,
        )}   peak RSS ${mib(Math.max(...runs.map(r => r.peakRss)))}, heap ${mib(
          Math.max(...runs.map(r => r.peakHeap)),
        )}`,
      );
    }
    console.log(
      `  incremental, ${CHANGES} new   ${secs(incremental.wallMs)}   (${
        incremental.result?.full ? 'full!' : 'sinceVersionId'
      }, ${
        incremental.result?.assignmentsWritten
      } assignments written)   peak RSS ${mib(incremental.peakRss)}`,
    );
    console.log(
      `  stored: ${
        stored.assetCount
      } assets, ${stored.assignmentCount.toLocaleString(
        'en-US',
      )} assignments; ${
        firsts[0].result?.metadataLookedUp
      } App Store lookups on a first sync`,
    );
    if (stored.assignmentCount !== floor.result.assignments + CHANGES) {
      console.log(
        `  MISMATCH: expected ${
          floor.result.assignments + CHANGES
        } assignments`,
      );
      process.exitCode = 1;
    }
  } finally {
    await close();
  }
}

/** A paid, device-assignable app of the token, to buy more licenses of. */
async function pickAssignableAsset(
  tokenId: string,
  knex: Knex,
): Promise<string> {
  const row = await knex('vpp_assets')
    .where({ token_id: tokenId, device_assignable: true, product_type: 'App' })
    .andWhere('total_count', '<', 2147483647)
    .orderBy('adam_id')
    .first();
  return row.adam_id;
}

async function main() {
  if (!args.only) {
    runEachDatabase(__filename);
    return;
  }
  console.log(
    `Content sync benchmark — Node ${
      process.version
    }, ${ASSETS} assets, ${ASSIGNMENTS.toLocaleString(
      'en-US',
    )} assignments, ${CHANGES} incremental changes${
      (globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc)'
    }`,
  );
  console.log(`RSS at start: ${mib(process.memoryUsage().rss)}`);
  const started = performance.now();
  const { urls, child } = await startSimulatorProcess();
  console.log(
    `Simulator (separate process) ready in ${secs(
      performance.now() - started,
    )}`,
  );
  try {
    const kinds = (['sqlite', 'postgres'] as const).filter(
      k => !args.only || args.only === k,
    );
    for (const kind of kinds) {
      await benchDatabase(urls, child.pid!, kind);
    }
    console.log(
      'Targets: full sync ≤ 1.5 × fetch floor, peak memory < 400 MB, incremental < 2 s.\n',
    );
  } finally {
    child.kill();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
