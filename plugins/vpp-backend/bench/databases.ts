import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The PostgreSQL a benchmark measures: `--pg`, else `VPP_BENCH_POSTGRES` or the test
 * command's connection string, else the local cluster `scripts/postgres.sh` starts.
 */
export function postgresConnection(pg?: string): string | undefined {
  if (pg) return pg;
  const fromEnv =
    process.env.VPP_BENCH_POSTGRES ??
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (fromEnv) return fromEnv;
  // The same local cluster the test command uses.
  const script = path.resolve(__dirname, '../../../scripts/postgres.sh');
  const run = spawnSync('bash', [script], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/**
 * Runs the benchmark file again once per database with `--only <database>`, each in a
 * process of its own: RSS never shrinks much, so a second database measured in the same
 * process would inherit the first one's peak. Sets the exit code when one fails.
 */
export function runEachDatabase(file: string): void {
  for (const only of ['sqlite', 'postgres']) {
    const run = spawnSync(
      process.execPath,
      [...process.execArgv, file, ...process.argv.slice(2), '--only', only],
      { stdio: 'inherit', cwd: path.dirname(file) },
    );
    if (run.status !== 0) process.exitCode = run.status ?? 1;
  }
}
