/* eslint-disable no-console */
/**
 * Benchmark of the distribution engine (issue #11), on SQLite and PostgreSQL.
 *
 *   yarn bench distribute [--devices 10000] [--pg postgresql://user:pass@host:port]
 *                         [--only sqlite|postgres]
 *
 * For each database, in a process of its own (RSS never shrinks, so a second database
 * would inherit the first one's peak): `--devices` enrolled iPhones (written to the
 * database as check-ins would leave them; the simulator in a child process has them
 * enrolled), a registered and synced token, and one distribution of three apps to every
 * device in auto mode, worked by back-to-back worker passes of this process while the
 * simulator's devices answer through the MDM webhook of this process. Event delay 0, push
 * delay 0, installs finish at once.
 *
 * Prints: Apple associate calls (the minimum is ⌈devices / maxSerialNumbers⌉ for the one
 * set of three apps), all Apple calls by path, MDM enqueue calls and pushes, the wall
 * time from the distribution's creation until every item is `installed`, peak RSS and
 * heap of this process, and the database rows written (inserted, updated, deleted).
 * Targets: associate calls = the minimum; wall < 60 s; peak RSS < 400 MB. `yarn bench`
 * runs it with a 512 MB heap limit (see `scripts/bench.js`; the header line says which).
 *
 * Prints figures only; it never asserts timings.
 */
import knexFactory, { Knex } from 'knex';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { DeviceState } from '../src/database/DeviceStore';
import { createDistributionRuntime } from '../src/services/distributions';
import {
  PROOF_API_KEY,
  PROOF_APPS,
  PROOF_ENCRYPTION_KEY,
  PROOF_IDENTITY,
  PROOF_LOCATION,
  PROOF_USER,
  registerAndSync,
  PROOF_WEBHOOK_SECRET,
  quietLogger,
  startWebhookReceiver,
} from '../src/services/distributions/proofHarness';
import { gc, measure, pidsNamed } from './measure';
import { postgresConnection, runEachDatabase } from './databases';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '10000' },
    pg: { type: 'string' },
    only: { type: 'string' },
  },
});
const DEVICES = Number(args.devices);
/** Apple's example `maxSerialNumbers` (the simulator's `/service/config`). */
const MAX_SERIAL_NUMBERS = 1000;
const FINAL = new Set(['completed', 'completed-with-failures', 'cancelled']);

const started = performance.now();
/** A line on stderr with the seconds since start, so a slow phase shows. */
function progress(message: string) {
  process.stderr.write(
    `  [${((performance.now() - started) / 1000).toFixed(1)} s] ${message}\n`,
  );
}
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const int = (n: number) => n.toLocaleString('en-US');

type Runtime = Awaited<ReturnType<typeof createDistributionRuntime>>;

interface SimulatorReport {
  associateCalls: number;
  associatedPairs: number;
  pairsAssociatedMoreThanOnce: number;
  appleCalls: number;
  appleCallsByPath: Record<string, number>;
  appleMaxPerSecond: number;
  enqueueCalls: number;
  enqueueWithoutPush: number;
  pushCalls: number;
  appsInstalledOnDevices: number;
  installCommandsRepeated: number;
  installCommandsMissing: number;
  webhook: { sent: number; failed: number };
}

// ---- Databases --------------------------------------------------------------------------

async function openDatabase(kind: 'sqlite' | 'postgres'): Promise<{
  knex: Knex;
  rowsWritten: () => Promise<Map<string, [number, number, number]>>;
  /** Bytes of an in-memory database (part of this process's RSS). */
  inMemoryBytes?: () => Promise<number>;
  close: () => Promise<void>;
}> {
  if (kind === 'sqlite') {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    return {
      knex,
      // One connection: total_changes() is every row it inserted, updated or deleted.
      rowsWritten: async () => {
        const [{ changes }] = await knex.raw(
          'SELECT total_changes() AS changes',
        );
        return new Map([['(all tables)', [Number(changes), 0, 0]]]);
      },
      inMemoryBytes: async () => {
        const [{ bytes }] = await knex.raw(
          'SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()',
        );
        return Number(bytes);
      },
      close: () => knex.destroy(),
    };
  }
  const connection = postgresConnection(args.pg);
  if (!connection) {
    throw new Error(
      'No PostgreSQL: pass --pg <connection string>, set VPP_BENCH_POSTGRES, or install it with scripts/setup.sh --with-test-deps',
    );
  }
  const name = `vpp_bench_distribute_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection });
  await admin.raw(`CREATE DATABASE ${name}`);
  const knex = knexFactory({
    client: 'pg',
    connection: `${connection.replace(/\/$/, '')}/${name}`,
  });
  return {
    knex,
    rowsWritten: async () => {
      // Statistics reach the view when each session flushes them (≤ 1 s after its last
      // transaction).
      await new Promise(resolve => setTimeout(resolve, 1500));
      await knex.raw('SELECT pg_stat_clear_snapshot()');
      const { rows } = await knex.raw(
        `SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_del AS del
           FROM pg_stat_user_tables ORDER BY relname`,
      );
      return new Map(
        rows.map((r: Record<string, string>) => [
          r.relname,
          [Number(r.ins), Number(r.upd), Number(r.del)],
        ]),
      );
    },
    close: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE ${name}`);
      await admin.destroy();
    },
  };
}

function writtenSince(
  before: Map<string, [number, number, number]>,
  after: Map<string, [number, number, number]>,
) {
  const rows: Array<[string, number, number, number]> = [];
  for (const [table, [ins, upd, del]] of after) {
    const [i0, u0, d0] = before.get(table) ?? [0, 0, 0];
    if (ins - i0 + upd - u0 + del - d0 > 0) {
      rows.push([table, ins - i0, upd - u0, del - d0]);
    }
  }
  return rows;
}

// ---- Simulator --------------------------------------------------------------------------

async function startSimulatorProcess(webhookUrl: string) {
  const child = spawn(
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      path.join(__dirname, 'distributeSimulator.ts'),
      JSON.stringify({
        devices: DEVICES,
        webhookUrl,
        webhookPassword: PROOF_WEBHOOK_SECRET,
      }),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'], cwd: __dirname },
  );
  const lines = createInterface({ input: child.stdout! });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', line => waiting.shift()?.(line));
  const next = () =>
    new Promise<string>((resolve, reject) => {
      waiting.push(resolve);
      child.once('exit', code =>
        reject(new Error(`simulator exited with ${code}`)),
      );
    });
  const announced: {
    appleBaseUrl: string;
    lookupUrl: string;
    nanomdmUrl: string;
    devices: Array<{ udid: string; serialNumber: string }>;
  } = JSON.parse(await next());
  return {
    ...announced,
    report: async (): Promise<SimulatorReport> => {
      const answer = next();
      child.stdin!.write('report\n');
      return JSON.parse(await answer);
    },
    pid: child.pid!,
    kill: () => child.kill(),
  };
}

/** The simulator's devices as their check-ins leave them in the database. */
function deviceRows(
  devices: Array<{ udid: string; serialNumber: string }>,
): DeviceState[] {
  const now = new Date();
  return devices.map((d, n) => ({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    udid: d.udid,
    enrollmentId: d.udid,
    serialNumber: d.serialNumber,
    platform: 'ios',
    model: 'MTLW3J/A',
    productName: 'iPhone15,4',
    osVersion: '17.4.1',
    wifiMac: null,
    enrolled: true,
    enrollmentChangedAt: now,
    enrollmentEventRank: 2,
    factsAt: now,
    lastCheckInAt: now,
    group: 'group:default/tokyo-it',
    inventoryAt: now,
    displayName: null,
    deviceNumber: null,
    userName: null,
    employeeNumber: null,
    phone1: null,
    phone2: null,
    email: null,
    notes1: null,
    notes2: null,
    notes3: null,
    rowVersion: 0,
    createdAt: now,
    updatedAt: now,
  }));
}

// ---- The run ----------------------------------------------------------------------------

async function benchDatabase(kind: 'sqlite' | 'postgres') {
  console.log(
    `\n=== ${
      kind === 'sqlite' ? 'SQLite (better-sqlite3, in memory)' : 'PostgreSQL'
    } ===`,
  );
  const db = await openDatabase(kind);
  let runtime: Runtime | undefined;
  let nanomdmUrl = '';
  const receiver = await startWebhookReceiver({
    nanomdmUrl: () => nanomdmUrl,
    sink: () => runtime!.devices,
  });
  const sim = await startSimulatorProcess(receiver.url);
  nanomdmUrl = sim.nanomdmUrl;
  progress('simulator started, devices enrolled there');
  try {
    runtime = await createDistributionRuntime({
      knex: db.knex,
      appleBaseUrl: sim.appleBaseUrl,
      mdm: { baseUrl: sim.nanomdmUrl, apiKey: PROOF_API_KEY },
      // Production's waits (Apple's polling pace, the verify delay), this installation.
      config: {
        mdmIdentity: PROOF_IDENTITY,
        encryptionKey: PROOF_ENCRYPTION_KEY,
      },
      logger: quietLogger,
    });
    await runtime.deviceStore.insertDevices(deviceRows(sim.devices));
    progress('devices written');
    const tokenFile = await (
      await fetch(
        `${
          new URL(sim.appleBaseUrl).origin
        }/abm/locations/${PROOF_LOCATION}/token`,
        { method: 'POST' },
      )
    ).text();
    const tokenId = await registerAndSync(runtime, sim, tokenFile);
    progress('token registered and synced; distributing');
    const appleBefore = await sim.report();
    const rowsBefore = await db.rowsWritten();
    for (const eventKind of Object.keys(receiver.received)) {
      delete receiver.received[eventKind];
    }
    gc();
    const { result, wallMs, peakRss, peakHeap, before, cpuMs, otherCpuMs } =
      await measure(
        async () => {
          const distribution = await runtime!.distributions.create(
            {
              tokenId,
              adamIds: PROOF_APPS.map(a => a.adamId),
              platform: 'ios',
              licenseMode: 'auto',
              targets: { enrolled: true },
            },
            PROOF_USER,
            undefined,
          );
          if (!('id' in distribution)) throw new Error('A dry run');
          let passes = 0;
          let shownAt = performance.now();
          for (;;) {
            await runtime!.runWorkerPass();
            passes++;
            // The state alone: counting 30,000 items each pass would be the bench's cost.
            const row = await runtime!.distributionStore.getDistribution(
              distribution.id,
            );
            if (row && FINAL.has(row.state)) {
              const current = await runtime!.distributions.get(distribution.id);
              return { current, passes };
            }
            if (performance.now() - shownAt > 5000) {
              shownAt = performance.now();
              const current = await runtime!.distributions.get(distribution.id);
              progress(`pass ${passes}: ${JSON.stringify(current.counts)}`);
            }
            // The scheduler's pause between passes, made short.
            await new Promise(resolve => setTimeout(resolve, 50));
          }
        },
        {
          // Apple, NanoMDM and 10,000 devices answering: the other core's work.
          simulator: async () => [sim.pid],
          ...(kind === 'postgres'
            ? { PostgreSQL: () => pidsNamed('postgres') }
            : {}),
        },
      );
    const after = await sim.report();
    const rowsAfter = await db.rowsWritten();
    const inMemory = await db.inMemoryBytes?.();
    const { current, passes } = result;
    const items = PROOF_APPS.length * DEVICES;
    const minimum = Math.ceil(DEVICES / MAX_SERIAL_NUMBERS);
    console.log(
      `Distribution of ${PROOF_APPS.length} apps to ${int(DEVICES)} devices: ${
        current.state
      }, items ${JSON.stringify(current.counts)} after ${passes} worker passes`,
    );
    console.log(
      `  Wall time until every item is installed: ${(wallMs / 1000).toFixed(
        1,
      )} s (target < 60 s); apps installed on the simulated devices ${int(
        after.appsInstalledOnDevices,
      )} of ${int(items)}`,
    );
    console.log(
      `  Apple associate calls: ${
        after.associateCalls - appleBefore.associateCalls
      } (minimum ${minimum}); pairs associated ${int(
        after.associatedPairs,
      )}, more than once ${after.pairsAssociatedMoreThanOnce}`,
    );
    const appleByPath = Object.entries(after.appleCallsByPath)
      .map(([p, n]) => [p, n - (appleBefore.appleCallsByPath[p] ?? 0)] as const)
      .filter(([, n]) => n > 0)
      .map(([p, n]) => `${p} ${n}`)
      .join(', ');
    console.log(
      `  All Apple calls: ${
        after.appleCalls - appleBefore.appleCalls
      } (${appleByPath}); at most ${
        after.appleMaxPerSecond
      } in any second (Apple allows 15)`,
    );
    console.log(
      `  MDM: ${after.enqueueCalls - appleBefore.enqueueCalls} enqueue calls (${
        after.enqueueWithoutPush - appleBefore.enqueueWithoutPush
      } with nopush), ${
        after.pushCalls - appleBefore.pushCalls
      } push calls; InstallApplication repeated ${
        after.installCommandsRepeated
      }, missing ${after.installCommandsMissing}; webhook events ${int(
        after.webhook.sent - appleBefore.webhook.sent,
      )} (${after.webhook.failed} not accepted): ${Object.entries(
        receiver.received,
      )
        .map(([eventKind, n]) => `${eventKind} ${int(n)}`)
        .join(', ')}`,
    );
    const cpu = Object.entries(otherCpuMs)
      .map(([name, ms]) => `, ${name} ${(ms / 1000).toFixed(1)} s`)
      .join('');
    console.log(
      `  Memory of this process: RSS ${mib(before.rss)} before, peak RSS ${mib(
        peakRss,
      )} (target < 400 MB)${
        inMemory === undefined
          ? ''
          : `, of which the in-memory database ${mib(inMemory)}`
      }, peak heap ${mib(peakHeap)}; CPU ${(cpuMs / 1000).toFixed(1)} s${cpu}`,
    );
    const written = writtenSince(rowsBefore, rowsAfter);
    const total = written.reduce((sum, [, i, u, d]) => sum + i + u + d, 0);
    console.log(`  Database rows written: ${int(total)}`);
    for (const [table, ins, upd, del] of written) {
      console.log(
        kind === 'sqlite'
          ? `    ${table}: ${int(ins)} inserted, updated or deleted`
          : `    ${table}: ${int(ins)} inserted, ${int(upd)} updated, ${int(
              del,
            )} deleted`,
      );
    }
  } finally {
    await runtime?.close();
    sim.kill();
    await receiver.close();
    await db.close();
  }
}

async function main() {
  if (!args.only) {
    runEachDatabase(__filename);
    return;
  }
  console.log(
    `Distribution benchmark — Node ${process.version}, heap limit ${mib(
      getHeapStatistics().heap_size_limit,
    )}, ${int(DEVICES)} devices × ${
      PROOF_APPS.length
    } apps, auto mode, simulator event delay 0${
      (globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc)'
    }`,
  );
  await benchDatabase(args.only as 'sqlite' | 'postgres');
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
