/* eslint-disable no-console */
/**
 * The worker the crash test (crash.test.ts) kills: a process of its own that builds the
 * distribution runtime on the test's database and runs worker passes until the given
 * distributions are final, then exits 0. The test sends it SIGKILL at a random moment
 * and starts another one, so every external step it makes is a step a killed instance
 * may have half made. Argument: one JSON {@link CrashWorkerInput}. Prints `ready` once
 * the runtime is built (the test times its kill from then).
 */
import knexFactory, { Knex } from 'knex';
import { createDistributionRuntime } from './index';
import { quietLogger } from './proofHarness';

export interface CrashWorkerInput {
  /** knex's `client` and `connection` for the test's database. */
  database: {
    client: string;
    connection: Knex.StaticConnectionConfig | string;
  };
  appleBaseUrl: string;
  nanomdmUrl: string;
  apiKey: string;
  distributionIds: string[];
  /** Passed to the runtime as is (the test shortens the waits a dead worker leaves). */
  config?: Record<string, unknown>;
  /** Added to the clock: each run is later than the last, as a restart would be. */
  clockOffsetMs: number;
}

const FINAL = new Set(['completed', 'completed-with-failures', 'cancelled']);

async function main() {
  const input: CrashWorkerInput = JSON.parse(process.argv[2]);
  const knex = knexFactory({
    client: input.database.client,
    connection: input.database.connection,
    useNullAsDefault: true,
    ...(input.database.client.includes('sqlite')
      ? {}
      : { pool: { min: 0, max: 5 } }),
  });
  const runtime = await createDistributionRuntime({
    knex,
    appleBaseUrl: input.appleBaseUrl,
    mdm: { baseUrl: input.nanomdmUrl, apiKey: input.apiKey },
    config: input.config as never,
    logger: quietLogger,
    now: () => new Date(Date.now() + input.clockOffsetMs),
  });
  console.log('ready');
  for (;;) {
    await runtime.runWorkerPass();
    const states = await Promise.all(
      input.distributionIds.map(
        async id => (await runtime.distributions.get(id)).state,
      ),
    );
    if (states.every(state => FINAL.has(state))) break;
    // The scheduler's interval between passes, made short.
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  await runtime.close();
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
