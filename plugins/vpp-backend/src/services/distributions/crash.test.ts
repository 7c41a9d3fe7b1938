/**
 * R-DIST-8, crash safety: the distribution worker runs in a child process
 * (crashWorker.ts) that is killed with SIGKILL at random moments (seeded) and started
 * again, until every item is final — on SQLite (a file both processes open) and on
 * PostgreSQL. Then every item is `installed`, Apple was asked to associate each (app,
 * serial) exactly once, and each device received each `InstallApplication` exactly once.
 *
 * The devices' answers reach the webhook of this process (NanoMDM does not retry a
 * webhook, so a receiver that dies with the worker would lose them, as a real backend
 * never would); every step the worker makes — associate, follow the event, enqueue and
 * push, ask for the installed apps — is made by the child that gets killed.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import knexFactory, { Knex } from 'knex';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { CrashWorkerInput } from './crashWorker';
import { createDistributionRuntime } from './index';
import {
  AssociationLog,
  outcomeProblems,
  PROOF_API_KEY,
  PROOF_APPS,
  PROOF_LOCATION,
  PROOF_USER,
  PROOF_WEBHOOK_SECRET,
  PROOF_WORKER_CONFIG,
  deviceIdsBySerial,
  registerAndSync,
  proofDevices,
  proofFixture,
  quietLogger,
  seededSequence,
  startWebhookReceiver,
} from './proofHarness';

jest.setTimeout(300_000);

/**
 * Devices per distribution (× 2 apps = items); every distribution takes fresh ones. Small
 * rounds: on a quiet machine a worker often finishes a round before its kill lands, so the
 * kills needed must fit in many rounds.
 */
const ROUND_DEVICES = 8;
const DEVICES = 200;
const APPS = [PROOF_APPS[0].adamId, PROOF_APPS[1].adamId];
/** Killed runs per database at least (two databases: ≥ 50 in all). */
const KILLED_RUNS = 25;
/** A kill comes this long after the worker is ready, at most (uniformly random). */
const KILL_WINDOW_MS = 400;
/** …or right after one of its first external steps (an associate call, an enqueue). */
const STEPS_WINDOW = 3;
/** Each run's clock is this much later than the last: a dead worker's leases expire. */
const RESTART_CLOCK_STEP_MS = 60 * 60 * 1000;
const MAX_RUNS_PER_DISTRIBUTION = 60;
const FINAL = new Set(['completed', 'completed-with-failures', 'cancelled']);

type Runtime = Awaited<ReturnType<typeof createDistributionRuntime>>;

interface TestDatabase {
  knex: Knex;
  child: CrashWorkerInput['database'];
  close: () => Promise<void>;
}

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const withPostgres = databases.supports('POSTGRES_15');

async function openDatabase(kind: string): Promise<TestDatabase> {
  if (kind === 'POSTGRES_15') {
    const knex = await databases.init('POSTGRES_15');
    return {
      knex,
      child: {
        client: 'pg',
        // knex hides the password of a connection it holds: the same server, by URL.
        connection: `${process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING!.replace(
          /\/$/,
          '',
        )}/${
          (
            (knex.client.config as Knex.Config).connection as {
              database: string;
            }
          ).database
        }`,
      },
      close: async () => {},
    };
  }
  // Two processes on one SQLite database: a file, in WAL mode so readers do not wait.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vpp-crash-'));
  const filename = path.join(dir, 'vpp.sqlite');
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
  });
  await knex.raw('PRAGMA journal_mode = WAL');
  return {
    knex,
    child: { client: 'better-sqlite3', connection: { filename } },
    close: async () => {
      await knex.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describe('distribution worker killed at random moments', () => {
  let sim: RunningSimulator;
  let associations: AssociationLog;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let receiving: Runtime | undefined;
  let onExternalStep: (() => void) | undefined;
  const workerFile = path.join(__dirname, 'crashWorker.ts');

  /** Calls {@link onExternalStep} after the simulator's `method` did its work. */
  function observeStep(target: Record<string, Function>, method: string) {
    const original = target[method].bind(target);
    target[method] = (...args: unknown[]) => {
      const result = original(...args);
      onExternalStep?.();
      return result;
    };
  }

  beforeAll(async () => {
    receiver = await startWebhookReceiver({
      nanomdmUrl: () => sim.nanomdmUrl,
      sink: () => {
        if (!receiving) throw new Error('No runtime receives device events');
        return receiving.devices;
      },
    });
    sim = await startSimulator({
      port: 0,
      eventDelayMs: 0,
      fixture: proofFixture(1000),
      random: seededSequence(7),
      mdm: {
        apiKey: PROOF_API_KEY,
        webhookUrl: receiver.url,
        webhookPassword: PROOF_WEBHOOK_SECRET,
        devices: proofDevices(DEVICES),
        random: seededSequence(11),
        switches: {
          pushDelayMs: 0,
          installTimeMs: 0,
          duplicateEventRate: 0.05,
          outOfOrderRate: 0,
        },
      },
    });
    associations = new AssociationLog(sim);
    // Every external step a worker makes, seen where it lands: Apple's associate and
    // NanoMDM's enqueue. A kill from here comes after the other side acted and before
    // the worker can record its answer — the moment R-DIST-8 is about.
    observeStep(
      sim.state as unknown as Record<string, Function>,
      'startAssetEvent',
    );
    observeStep(sim.mdm as unknown as Record<string, Function>, 'enqueue');
  });
  afterAll(async () => {
    await sim?.close();
    await receiver?.close();
  });

  describe.each(['SQLITE_FILE', ...(withPostgres ? ['POSTGRES_15'] : [])])(
    'on %s',
    kind => {
      let db: TestDatabase;
      let runtime: Runtime;
      let tokenId: string;
      let serials: string[] = [];
      let deviceIds = new Map<string, string>();
      let clockOffsetMs = 0;
      const random = seededSequence(kind === 'SQLITE_FILE' ? 101 : 202);

      beforeAll(async () => {
        sim.state.reset();
        sim.mdm.reset();
        associations.clear();
        db = await openDatabase(kind);
        runtime = await createDistributionRuntime({
          knex: db.knex,
          appleBaseUrl: sim.appleBaseUrl,
          mdm: { baseUrl: sim.nanomdmUrl, apiKey: PROOF_API_KEY },
          config: PROOF_WORKER_CONFIG,
          logger: quietLogger,
          // The whole system's clock moves on at each restart (see runWorker).
          now: () => new Date(Date.now() + clockOffsetMs),
        });
        receiving = runtime;
        tokenId = await registerAndSync(
          runtime,
          sim,
          sim.state.downloadToken(PROOF_LOCATION),
        );
        sim.mdm.enrollAll();
        await sim.mdm.idle();
        serials = [...sim.mdm.devices.all()].map(d => d.serialNumber).sort();
        deviceIds = await deviceIdsBySerial(runtime, serials);
        if (deviceIds.size !== DEVICES) {
          throw new Error(`${deviceIds.size} of ${DEVICES} devices enrolled`);
        }
      });
      afterAll(async () => {
        receiving = undefined;
        await runtime?.close();
        await db?.close();
      });

      /** Serial numbers of the devices no distribution has used yet. */
      const takeDevices = () => serials.splice(0, ROUND_DEVICES);

      async function createDistribution(devices: string[]): Promise<string> {
        const distribution = await runtime.distributions.create(
          {
            tokenId,
            adamIds: APPS,
            platform: 'ios',
            licenseMode: 'auto',
            targets: { deviceIds: devices.map(s => deviceIds.get(s)!) },
          },
          PROOF_USER,
          undefined,
        );
        expect(distribution.plan.items).toBe(devices.length * APPS.length);
        return 'id' in distribution ? distribution.id : '';
      }

      /**
       * One worker process: started, then killed — `afterMs` after it is ready, or
       * right after its `atStep`-th external step reached the simulator — or never
       * (undefined), or finished by itself. Resolves when it is gone and every device
       * answer it caused has been delivered.
       */
      async function runWorker(
        distributionId: string,
        kill: { afterMs: number } | { atStep: number } | undefined,
      ): Promise<'killed' | 'finished'> {
        clockOffsetMs += RESTART_CLOCK_STEP_MS;
        const input: CrashWorkerInput = {
          database: db.child,
          appleBaseUrl: sim.appleBaseUrl,
          nanomdmUrl: sim.nanomdmUrl,
          apiKey: PROOF_API_KEY,
          distributionIds: [distributionId],
          config: PROOF_WORKER_CONFIG,
          clockOffsetMs,
        };
        const child: ChildProcess = spawn(
          process.execPath,
          [
            '--require',
            require.resolve('@backstage/cli/config/nodeTransform.cjs'),
            workerFile,
            JSON.stringify(input),
          ],
          { stdio: ['ignore', 'pipe', 'pipe'], cwd: __dirname },
        );
        let stderr = '';
        child.stderr?.on('data', chunk => {
          stderr += chunk;
        });
        const exited = new Promise<{
          code: number | null;
          signal: string | null;
        }>(resolve =>
          child.once('exit', (code, signal) => resolve({ code, signal })),
        );
        let timer: NodeJS.Timeout | undefined;
        createInterface({ input: child.stdout! }).on('line', line => {
          if (line !== 'ready' || !kill) return;
          if ('afterMs' in kill) {
            timer = setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
            return;
          }
          let steps = 0;
          onExternalStep = () => {
            if (++steps === kill.atStep) child.kill('SIGKILL');
          };
        });
        const { code, signal } = await exited;
        clearTimeout(timer);
        onExternalStep = undefined;
        await sim.mdm.idle();
        if (signal === 'SIGKILL') return 'killed';
        if (code !== 0) {
          throw new Error(`The worker exited with ${code}:\n${stderr}`);
        }
        return 'finished';
      }

      async function expectAllInstalled(
        distributionId: string,
        devices: string[],
      ) {
        expect(
          await outcomeProblems({
            sim,
            associations,
            distributions: runtime.distributions,
            distributionId,
            serials: devices,
            adamIds: APPS,
          }),
        ).toEqual([]);
      }

      it('installs everything with a worker that is never killed', async () => {
        const devices = takeDevices();
        const id = await createDistribution(devices);
        await expect(runWorker(id, undefined)).resolves.toBe('finished');
        await expectAllInstalled(id, devices);
      });

      it(`installs everything exactly once with the worker killed at random (≥ ${KILLED_RUNS} kills)`, async () => {
        let killed = 0;
        let distributions = 0;
        /** Item states found after a kill: what the killed worker was in the middle of. */
        const killedIn = new Set<string>();
        while (killed < KILLED_RUNS) {
          const devices = takeDevices();
          if (devices.length < ROUND_DEVICES) {
            throw new Error(`Out of devices after ${killed} kills`);
          }
          const id = await createDistribution(devices);
          distributions++;
          for (let runs = 0; ; runs++) {
            if (runs >= MAX_RUNS_PER_DISTRIBUTION) {
              throw new Error(
                `Distribution ${distributions} not final after ${runs} runs: ${JSON.stringify(
                  (await runtime.distributions.get(id)).counts,
                )}`,
              );
            }
            // Half the kills at a random time, half right after a random external step.
            const outcome = await runWorker(
              id,
              random() < 0.5
                ? { afterMs: Math.floor(random() * KILL_WINDOW_MS) }
                : { atStep: 1 + Math.floor(random() * STEPS_WINDOW) },
            );
            const { state, counts } = await runtime.distributions.get(id);
            if (outcome === 'killed') {
              killed++;
              for (const [itemState, n] of Object.entries(counts)) {
                if (n) killedIn.add(itemState);
              }
            }
            if (FINAL.has(state)) break;
          }
          await expectAllInstalled(id, devices);
        }
        expect(associations.repeated()).toEqual([]);
        // The kills hit every phase: Apple's part and the devices' part.
        expect([...killedIn].sort()).toEqual(
          expect.arrayContaining(['installing', 'licensed', 'licensing']),
        );
      });
    },
  );
});
