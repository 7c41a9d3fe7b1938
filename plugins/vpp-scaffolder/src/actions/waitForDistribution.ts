import { LoggerService } from '@backstage/backend-plugin-api';
import { Distribution, DistributionApi, FINAL_STATES } from './distributionApi';
import { callVpp } from './helpers';
import { describeCounts, distributionUrl } from './installReport';
import { minutes, retryingRead, SyncClock } from './waiting';

/** What the install step waits for before it ends. @public */
export type InstallWaitFor = 'none' | 'licensed' | 'installed';

/** Counts are logged when they change, and at least this often, so a long wait stays visible. */
const PROGRESS_INTERVAL_MS = 60_000;
/** Item states before a license is confirmed for the item. */
const BEFORE_LICENSED = ['pending', 'licensing'];

function reached(d: Distribution, waitFor: InstallWaitFor): boolean {
  if (FINAL_STATES.includes(d.state)) {
    return true;
  }
  if (waitFor !== 'licensed' || d.state === 'scheduled') {
    return false;
  }
  const total = Object.values(d.counts).reduce((n, c) => n + c, 0);
  return total > 0 && BEFORE_LICENSED.every(s => !d.counts[s]);
}

/** Reads the distribution until `waitFor` is reached; logs the counts as they change. */
export async function waitForDistribution(o: {
  api: DistributionApi;
  id: string;
  waitFor: InstallWaitFor;
  timeoutMinutes: number;
  pollIntervalMs: number;
  clock: SyncClock;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<Distribution> {
  const { clock, logger, signal, id } = o;
  const url = distributionUrl(id);
  const deadline = clock.now() + o.timeoutMinutes * 60_000;
  const readDistribution = retryingRead(
    () => callVpp(() => o.api.get(id)),
    `distribution ${id}`,
    logger,
  );
  let lastLogged = '';
  let lastLoggedAt = clock.now();
  logger.info(
    `Waiting until every item is ${
      o.waitFor === 'licensed' ? 'licensed' : 'installed'
    } (or failed), at most ${o.timeoutMinutes} minutes.`,
  );
  for (;;) {
    if (signal?.aborted) {
      throw new Error(
        `Stopped waiting for distribution ${id} because the task was cancelled. The distribution keeps running; follow it at ${url}.`,
      );
    }
    const d = await readDistribution();
    if (d) {
      const line = `Distribution ${id} is ${d.state}: ${describeCounts(
        d.counts,
      )}.`;
      if (
        line !== lastLogged ||
        clock.now() - lastLoggedAt >= PROGRESS_INTERVAL_MS
      ) {
        logger.info(line);
        lastLogged = line;
        lastLoggedAt = clock.now();
      }
      if (reached(d, o.waitFor)) {
        return d;
      }
    }
    const left = deadline - clock.now();
    if (left <= 0) {
      throw new Error(
        `Distribution ${id} did not reach "${o.waitFor}" within ${minutes(
          o.timeoutMinutes,
        )} (${
          lastLogged || 'no counts read'
        }). It keeps running: follow it at ${url}, or raise timeoutMinutes.`,
      );
    }
    try {
      await clock.sleep(Math.min(o.pollIntervalMs, left), signal);
    } catch {
      // A cancelled task: the loop's check says so.
    }
  }
}
