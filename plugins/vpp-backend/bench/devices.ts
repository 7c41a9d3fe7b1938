/* eslint-disable no-console */
/**
 * Benchmark of device search and webhook ingest (issue #10), on SQLite and PostgreSQL.
 *
 *   yarn bench devices [--full] [--devices 100000] [--events 20000] [--queries 40]
 *                      [--pg postgresql://user:pass@host:port] [--only sqlite|postgres]
 *                      [--keep]
 *
 * The default (a few minutes) searches 100,000 devices and ingests 20,000 events, which
 * is enough for a steady rate; `--full` ingests 100,000 as the figure asks.
 * `--keep` leaves the PostgreSQL database in place (its name is printed) for EXPLAIN.
 *
 * For each database, in a process of its own (RSS never shrinks, so a second database
 * would inherit the first one's peak):
 *
 * 1. Loads `--devices` devices across a catalog of 61 groups (a company, 10 offices of 5
 *    teams each), with seed A's attributes filled the way an import leaves them, and an
 *    installed-apps inventory for 70 % of them (about 8 apps each from a pool of 40).
 *    Then VACUUM ANALYZE (ANALYZE on SQLite), as autovacuum would after a load.
 * 2. Search through the device service (as `GET /devices` does: the page of 50 and the
 *    total count): `--queries` searches per filter, each for a part of a random device's
 *    value (what a person types), for each of the 14 fields, free text, a group with its
 *    subgroups, and the install state of an app. Prints p50 and p95 per filter.
 *    Target: p95 < 100 ms.
 * 3. Ingest of `--events` NanoMDM webhook events over HTTP into the webhook route (the
 *    NanoMDM connector parses them, the device service applies them), 32 requests in
 *    flight: new devices enrolling (Authenticate, then TokenUpdate, which queues the
 *    inventory commands at the simulator's NanoMDM in a child process), Idle check-ins
 *    of known devices, re-enrolments with new facts and check-outs; 5 % sent twice.
 *    Prints events/s, and heap and RSS at each tenth to show whether memory stays flat.
 *    Target: ≥ 1,000 events/s on PostgreSQL.
 *
 * Prints figures only; it never asserts timings.
 */
import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  VPP_DEVICE_SEARCH_FIELDS,
  VppDeviceListQuery,
  VppDeviceSearchField,
} from '@internal/plugin-vpp-common';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { DatabaseDeviceStore } from '../src/database/DatabaseDeviceStore';
import { DeviceState } from '../src/database/DeviceStore';
import { NanoMdmConnector } from '../src/mdm';
import { createMdmWebhookRouter } from '../src/router/mdmWebhook';
import { DeviceGroups } from '../src/services/deviceGroups';
import { DeviceService } from '../src/services/DeviceService';
import { gc, measure, pidsNamed } from './measure';
import { postgresConnection, runEachDatabase } from './databases';
import {
  APPS,
  device,
  groupEntities,
  OFFICES,
  pick,
  random,
  TEAMS,
} from './devicesData';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '100000' },
    events: { type: 'string' },
    full: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    queries: { type: 'string', default: '40' },
    pg: { type: 'string' },
    only: { type: 'string' },
  },
});
const DEVICES = Number(args.devices);
const EVENTS = Number(args.events ?? (args.full ? 100_000 : 20_000));
const QUERIES = Number(args.queries);
const IN_FLIGHT = 32;
const SECRET = 'bench-webhook-secret';

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

// ---- Databases --------------------------------------------------------------------------

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
  const name = `vpp_bench_devices_${Date.now()}`;
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
      if (args.keep) console.log(`Kept PostgreSQL database ${name}`);
      else await admin.raw(`DROP DATABASE ${name}`);
      await admin.destroy();
    },
  };
}

const quietLogger: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => quietLogger,
};

// ---- Steps ------------------------------------------------------------------------------

async function load(
  store: DatabaseDeviceStore,
  knex: Knex,
): Promise<DeviceState[]> {
  const now = new Date();
  const devices: DeviceState[] = [];
  const started = performance.now();
  for (let n = 0; n < DEVICES; n += 5000) {
    const batch = Array.from({ length: Math.min(5000, DEVICES - n) }, (_, i) =>
      device(n + i, now),
    );
    await store.insertDevices(batch);
    const apps = batch
      .filter(d => d.inventoryAt)
      .flatMap(d =>
        APPS.filter(() => random() < 0.2).map(bundleId => ({
          device_id: d.id,
          bundle_id: bundleId,
          adam_id: null,
          name: bundleId,
          version: pick(['1.0', '1.1', '2.0']),
          managed: random() < 0.5,
          installing: false,
        })),
      );
    for (let i = 0; i < apps.length; i += 500) {
      await knex('vpp_device_apps').insert(apps.slice(i, i + 500));
    }
    devices.push(...batch);
  }
  const client = String(knex.client.config.client);
  // What autovacuum does after a load: statistics, and the visibility map that lets
  // PostgreSQL answer the install-state subqueries from the index alone.
  if (client.includes('sqlite')) await knex.raw('ANALYZE');
  else {
    await knex.raw(
      'VACUUM ANALYZE vpp_devices, vpp_device_listing, vpp_device_apps',
    );
  }
  const [{ count }] = await knex('vpp_device_apps').count({ count: '*' });
  console.log(
    `Loaded ${DEVICES.toLocaleString('en-US')} devices and ${Number(
      count,
    ).toLocaleString('en-US')} installed apps in ${(
      (performance.now() - started) /
      1000
    ).toFixed(1)} s`,
  );
  return devices;
}

/** A part of a value, as a person types it: 4–8 characters from somewhere inside. */
function partOf(value: string): string {
  if (value.length <= 4) return value;
  const length = Math.min(value.length, 4 + Math.floor(random() * 5));
  const start = Math.floor(random() * (value.length - length + 1));
  return value.slice(start, start + length).trim() || value;
}

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function searches(service: DeviceService, devices: DeviceState[]) {
  const rows: Array<[string, number, number, number]> = [];
  const run = async (label: string, query: () => VppDeviceListQuery) => {
    // One uncounted warm-up, then the timed queries.
    await service.listDevices(query(), undefined);
    const times: number[] = [];
    let matched = 0;
    for (let i = 0; i < QUERIES; i++) {
      const q = query();
      const started = performance.now();
      const { totalCount } = await service.listDevices(q, undefined);
      times.push(performance.now() - started);
      matched += totalCount;
    }
    times.sort((a, b) => a - b);
    rows.push([
      label,
      percentile(times, 50),
      percentile(times, 95),
      matched / QUERIES,
    ]);
  };
  const valueOf = (field: VppDeviceSearchField) => {
    for (;;) {
      const value = pick(devices)[field];
      if (value) return value;
    }
  };
  for (const field of VPP_DEVICE_SEARCH_FIELDS) {
    await run(`field ${field}`, () => ({
      field,
      value: partOf(valueOf(field)),
    }));
  }
  await run('free text (q)', () => ({
    q: partOf(valueOf(pick(VPP_DEVICE_SEARCH_FIELDS))),
  }));
  await run('group + subgroups', () => ({
    group: pick(OFFICES),
    includeSubgroups: true,
  }));
  await run('install state', () => ({
    bundleId: pick(APPS),
    installState: pick(['no-inventory', 'not-installed', 'installed'] as const),
  }));
  await run('install state + version + group', () => ({
    bundleId: pick(APPS),
    installState: 'installed',
    version: '2.0',
    group: pick(OFFICES),
    includeSubgroups: true,
  }));
  await run('no filter (first page)', () => ({}));
  console.log(
    `\nSearch, ${QUERIES} queries per filter (page of 50 + total count):`,
  );
  console.log(
    `  ${'filter'.padEnd(34)} ${'p50'.padStart(9)} ${'p95'.padStart(
      9,
    )}   avg. matches`,
  );
  for (const [label, p50, p95, matched] of rows) {
    console.log(
      `  ${label.padEnd(34)} ${ms(p50).padStart(9)} ${ms(p95).padStart(
        9,
      )}   ${Math.round(matched)}`,
    );
  }
}

async function ingest(
  service: DeviceService,
  devices: DeviceState[],
  enrolling: string[],
  connector: NanoMdmConnector,
) {
  const app = express();
  app.use(
    createMdmWebhookRouter({
      secret: SECRET,
      connector,
      sink: service,
      logger: quietLogger,
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const url = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/mdm/webhook`;
  // The sender is a process of its own, so its CPU and memory are not counted as ours.
  const input = path.join(os.tmpdir(), `vpp-bench-devices-${process.pid}.json`);
  await writeFile(
    input,
    JSON.stringify({
      url,
      secret: SECRET,
      events: EVENTS,
      inFlight: IN_FLIGHT,
      udids: devices.map(d => d.udid),
      enrolling,
      groups: TEAMS,
    }),
  );
  const samples: string[] = [];
  // Started, and its bodies built, before the measurement; `go` starts the sending.
  const child = spawn(
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      path.join(__dirname, 'devicesWebhookClient.ts'),
      input,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'], cwd: __dirname },
  );
  const lines = createInterface({ input: child.stdout! })[
    Symbol.asyncIterator
  ]();
  const nextLine = async () => {
    const next = await lines.next();
    if (next.done) throw new Error('the webhook client ended early');
    return next.value as string;
  };
  try {
    if ((await nextLine()) !== 'ready') {
      throw new Error('the webhook client did not start');
    }
    const measured = await measure(
      async () => {
        const started = performance.now();
        const sampler = setInterval(() => {
          const m = process.memoryUsage();
          samples.push(
            `${((performance.now() - started) / 1000).toFixed(0)}s ${mib(
              m.heapUsed,
            )}/${mib(m.rss)}`,
          );
        }, 5000);
        try {
          child.stdin!.write('go\n');
          return JSON.parse(await nextLine()) as {
            sent: number;
            failed: number;
            cpuMs: number;
          };
        } finally {
          clearInterval(sampler);
        }
      },
      {
        PostgreSQL: () => pidsNamed('postgres'),
      },
    );
    const { sent, failed, cpuMs: clientCpuMs } = measured.result;
    const rate = EVENTS / (measured.wallMs / 1000);
    console.log(
      `\nWebhook ingest: ${EVENTS.toLocaleString('en-US')} events (+${(
        sent - EVENTS
      ).toLocaleString('en-US')} repeats, ${failed} not 200) in ${(
        measured.wallMs / 1000
      ).toFixed(1)} s = ${Math.round(rate).toLocaleString(
        'en-US',
      )} events/s, ${IN_FLIGHT} in flight`,
    );
    const cpu = (label: string, value?: number) =>
      value === undefined ? '' : `, ${label} ${(value / 1000).toFixed(1)} s`;
    console.log(
      `  CPU: this process (the backend) ${(measured.cpuMs / 1000).toFixed(
        1,
      )} s = ${(measured.cpuMs / sent).toFixed(2)} ms an event${cpu(
        'PostgreSQL',
        measured.otherCpuMs.PostgreSQL,
      )}${cpu('webhook sender', clientCpuMs)}`,
    );
    console.log(
      `  Memory: heap ${mib(measured.before.heapUsed)} before, peak heap ${mib(
        measured.peakHeap,
      )}, peak RSS ${mib(measured.peakRss)}; heap/RSS every 5 s: ${samples.join(
        ', ',
      )}`,
    );
  } finally {
    child.kill();
    server.close();
    await rm(input, { force: true });
  }
}

async function startNanoMdm(enrolling: number): Promise<{
  nanomdmUrl: string;
  udids: string[];
  kill: () => void;
}> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      path.join(__dirname, 'devicesSimulator.ts'),
      String(enrolling),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], cwd: __dirname },
  );
  const lines = createInterface({ input: child.stdout! });
  const started = await new Promise<{ nanomdmUrl: string; udids: string[] }>(
    (resolve, reject) => {
      child.once('exit', code =>
        reject(new Error(`simulator exited with ${code}`)),
      );
      lines.once('line', line => resolve(JSON.parse(line)));
    },
  );
  return { ...started, kill: () => child.kill() };
}

async function benchDatabase(kind: 'sqlite' | 'postgres') {
  console.log(
    `\n=== ${
      kind === 'sqlite' ? 'SQLite (better-sqlite3, in memory)' : 'PostgreSQL'
    } ===`,
  );
  const { knex, close } = await openDatabase(kind);
  const nanomdm = await startNanoMdm(Math.floor(EVENTS * 0.1));
  try {
    // A plain DatabaseService: the test utilities would add ~150 MB to this process.
    const database: DatabaseService = { getClient: async () => knex };
    const store = await DatabaseDeviceStore.create({ database });
    if (kind === 'postgres') {
      const [{ trigram }] = (
        await knex.raw(
          `SELECT count(*)::int AS trigram FROM pg_indexes WHERE indexname = 'vpp_devices_search_trgm'`,
        )
      ).rows;
      console.log(
        `pg_trgm index: ${
          trigram ? 'yes' : 'no (the extension could not be created)'
        }`,
      );
    }
    const groups = groupEntities();
    const catalog = {
      getEntities: async () => ({ items: groups }),
    } as unknown as CatalogService;
    const connector = new NanoMdmConnector({
      baseUrl: nanomdm.nanomdmUrl,
      apiKey: 'nanomdm-simulator-key',
    });
    const service = new DeviceService({
      store,
      groups: new DeviceGroups({
        catalog,
        auth: { getOwnServiceCredentials: async () => ({}) } as any,
      }),
      connector,
      defaultGroup: 'unassigned-devices',
      logger: quietLogger,
    });
    const devices = await load(store, knex);
    await searches(service, devices);
    gc();
    if (EVENTS > 0) await ingest(service, devices, nanomdm.udids, connector);
  } finally {
    nanomdm.kill();
    await close();
  }
}

async function main() {
  if (!args.only) {
    runEachDatabase(__filename);
    return;
  }
  console.log(
    `Device benchmark — Node ${process.version}, heap limit ${Math.round(
      getHeapStatistics().heap_size_limit / 1024 / 1024,
    )} MB, ${DEVICES.toLocaleString('en-US')} devices, ${EVENTS.toLocaleString(
      'en-US',
    )} webhook events${
      (globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc)'
    }`,
  );
  await benchDatabase(args.only as 'sqlite' | 'postgres');
  console.log(
    '\nTargets: search p95 < 100 ms; ingest ≥ 1,000 events/s on PostgreSQL, memory flat.\n',
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
