import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, isError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  VppApiClient,
  VppSyncStatus,
  VppToken,
} from '@internal/plugin-vpp-common';
import {
  callVpp,
  createVppClientFor,
  parseTokenRef,
  tokenEntityRef,
  VppActionOptions,
} from './helpers';
import { examples } from './vppTokenSync.examples';
import {
  checkTimeoutMinutes,
  minutes,
  realClock,
  retryingRead,
  SyncClock,
} from './waiting';

/** Options of {@link createVppTokenSyncAction}. @public */
export interface VppTokenSyncActionOptions extends VppActionOptions {
  /** How often the sync status is read while waiting. @defaultValue 2000 */
  pollIntervalMs?: number;
  /** For tests: a clock whose sleeps take no time. @defaultValue the real clock */
  clock?: SyncClock;
}

const DEFAULT_TIMEOUT_MINUTES = 30;
const DEFAULT_POLL_INTERVAL_MS = 2000;
/** A progress line every 30 s keeps a long sync visible without flooding the task log. */
const PROGRESS_INTERVAL_MS = 30_000;
/** Token states the vpp backend syncs with; the others get a 409 (R-TOK-8). */
const USABLE_STATUSES = ['ok', 'expiring'];

/** What the start of a sync leaves for a retried task (checkpoint value, JSON). */
type SyncStart = {
  displayName: string;
  message: string;
  started: boolean;
  /**
   * When the sync that is waited for began (backend clock), to tell its outcome from
   * older ones; null when it had already ended by the time the start was answered.
   */
  since: string | null;
};

/**
 * `vpp:token:sync`: fetches the apps, books and license assignments of a content token
 * from Apple into the vpp backend (`POST /api/vpp/tokens/:id/sync`), as the user who
 * runs the template, and by default waits for the sync to end. A sync of the same
 * content that is already running is waited for instead of starting another.
 *
 * Dry run: starts nothing; checks that the token can be synced and reports the
 * current content.
 *
 * @public
 */
export function createVppTokenSyncAction(options: VppTokenSyncActionOptions) {
  const clock = options.clock ?? realClock;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;

  return createTemplateAction({
    id: 'vpp:token:sync',
    description:
      'Syncs the purchased apps and books and the license assignments of an Apple Apps and Books content token from Apple into the vpp backend, and by default waits until the sync has ended. A sync that is already running for the same content is waited for, not started twice. A dry run starts nothing: it checks that the token can be synced and reports the current content.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        token: z =>
          z.string({
            description:
              'The token to sync: its catalog entity ref (resource:default/vpp-token-<id>, as EntityPicker sends it) or its id. A token that shares licenses syncs the token it shares from.',
          }),
        wait: z =>
          z
            .boolean({
              description:
                'Wait until the sync has ended and fail the step if it failed. Default true. With false the step ends once the sync has started and outputs only tokenId, entityRef and message.',
            })
            .optional(),
        timeoutMinutes: z =>
          z
            .number({
              description: `How long to wait for the sync, in minutes. Default ${DEFAULT_TIMEOUT_MINUTES}. When the time is up the step fails, but the sync keeps running in the vpp backend.`,
            })
            .positive()
            .optional(),
      },
      output: {
        tokenId: z => z.string({ description: 'Id of the synced token.' }),
        entityRef: z =>
          z.string({
            description:
              'Catalog entity ref of the token, e.g. resource:default/vpp-token-<id>.',
          }),
        message: z =>
          z.string({
            description:
              'What the vpp backend answered to the start, e.g. "Sync started for …" or that a sync was already running.',
          }),
        lastSyncAt: z =>
          z
            .string({
              description:
                'When the sync ended (ISO 8601). Only when waiting; in a dry run the last sync so far, if any.',
            })
            .optional(),
        assetCount: z =>
          z
            .number({
              description:
                'Number of purchased apps and books after the sync. Only when waiting; in a dry run the current number.',
            })
            .optional(),
        assignmentCount: z =>
          z
            .number({
              description:
                'Number of license assignments after the sync. Only when waiting; in a dry run the current number.',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const tokenId = parseTokenRef(ctx.input.token, 'sync');
      const wait = ctx.input.wait ?? true;
      const timeoutMinutes =
        ctx.input.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES;
      checkTimeoutMinutes(timeoutMinutes);
      const client = createVppClientFor(
        await ctx.getInitiatorCredentials(),
        options,
      );
      const { logger } = ctx;

      if (ctx.isDryRun) {
        const preview = await dryRun(client, tokenId, wait, logger);
        ctx.output('tokenId', tokenId);
        ctx.output('entityRef', tokenEntityRef(tokenId));
        ctx.output('message', preview.message);
        if (preview.lastSyncAt) {
          ctx.output('lastSyncAt', preview.lastSyncAt);
        }
        ctx.output('assetCount', preview.assetCount);
        ctx.output('assignmentCount', preview.assignmentCount);
        return;
      }

      // The checkpoint keeps a retried task from starting a second sync: it joins the
      // first one, or reuses its result when it succeeded.
      let startedByThisAttempt = false;
      let start = await ctx.checkpoint<SyncStart>({
        key: `vpp.token.sync.${tokenId}`,
        fn: async () => {
          startedByThisAttempt = true;
          return startSync(client, tokenId, wait, logger);
        },
      });
      if (!startedByThisAttempt) {
        logger.info(
          `Continuing with the sync of "${
            start.displayName
          }" that an earlier attempt of this task started${
            start.since ? ` at ${start.since}` : ''
          }.`,
        );
      }

      if (!wait) {
        logger.info(
          `Not waiting for the sync to end (wait is false); it continues in the vpp backend. Its result shows on the token page, /vpp/tokens/${tokenId}.`,
        );
        ctx.output('tokenId', tokenId);
        ctx.output('entityRef', tokenEntityRef(tokenId));
        ctx.output('message', start.message);
        return;
      }

      const waitFor = (s: SyncStart) =>
        waitForSync({
          client,
          tokenId,
          displayName: s.displayName,
          timeoutMinutes,
          pollIntervalMs,
          clock,
          logger,
          signal: ctx.signal,
        });

      let status = await waitFor(start);
      if (
        !startedByThisAttempt &&
        outcome(status, start.since).kind !== 'synced'
      ) {
        // Re-reporting the earlier attempt's failure would make retrying pointless.
        logger.info(
          `The sync started by the earlier attempt did not succeed; starting a new one.`,
        );
        start = await startSync(client, tokenId, wait, logger);
        status = await waitFor(start);
      }

      const result = outcome(status, start.since);
      if (result.kind === 'no-result') {
        throw new Error(
          `The sync of "${start.displayName}" ended without a result (the vpp backend may have restarted while it ran). Run the template again to start a new sync.`,
        );
      }
      if (result.kind === 'failed') {
        throw new Error(
          `The sync of "${start.displayName}" failed: ${result.error}`,
        );
      }

      logger.info(
        `Synced "${start.displayName}": ${status.assetCount} apps and books, ${status.assignmentCount} license assignments.`,
      );
      ctx.output('tokenId', tokenId);
      ctx.output('entityRef', tokenEntityRef(tokenId));
      ctx.output('message', start.message);
      ctx.output('lastSyncAt', result.lastSyncAt);
      ctx.output('assetCount', status.assetCount);
      ctx.output('assignmentCount', status.assignmentCount);
    },
  });
}

async function startSync(
  client: VppApiClient,
  tokenId: string,
  wait: boolean,
  logger: LoggerService,
): Promise<SyncStart> {
  const token = await callVpp(() => client.getToken(tokenId));
  const response = await callVpp(() => client.startSync(tokenId));
  logger.info(response.message);
  if (!response.started) {
    logger.info(
      wait
        ? 'Waiting for that sync instead of starting another.'
        : 'No second sync was started.',
    );
  }
  return {
    displayName: token.displayName,
    message: response.message,
    started: response.started,
    since: response.status.runningSince ?? null,
  };
}

/**
 * How the sync that began at `since` ended, judged from a status that is no longer
 * running. A successful sync clears `lastError`, so an error at or after `since` is
 * this sync's; without `since` the latest outcome counts.
 */
function outcome(
  status: VppSyncStatus,
  since: string | null,
):
  | { kind: 'synced'; lastSyncAt: string }
  | { kind: 'failed'; error: string }
  | { kind: 'no-result' } {
  const atOrAfterSince = (instant?: string) =>
    !since ||
    (instant !== undefined && Date.parse(instant) >= Date.parse(since));
  if (status.lastError && atOrAfterSince(status.lastErrorAt)) {
    return { kind: 'failed', error: status.lastError };
  }
  if (status.lastSyncAt && atOrAfterSince(status.lastSyncAt)) {
    return { kind: 'synced', lastSyncAt: status.lastSyncAt };
  }
  return { kind: 'no-result' };
}

/** Reads the sync status until it is no longer running; returns that status. */
async function waitForSync(o: {
  client: VppApiClient;
  tokenId: string;
  displayName: string;
  timeoutMinutes: number;
  pollIntervalMs: number;
  clock: SyncClock;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<VppSyncStatus> {
  const { clock, logger, signal } = o;
  const name = `"${o.displayName}"`;
  const begin = clock.now();
  const deadline = begin + o.timeoutMinutes * 60_000;
  let nextProgress = begin + PROGRESS_INTERVAL_MS;
  const readStatus = retryingRead(
    () => callVpp(() => o.client.getSyncStatus(o.tokenId)),
    `the sync status of ${name}`,
    logger,
  );
  const cancelled = () =>
    new Error(
      `Stopped waiting for the sync of ${name} because the task was cancelled. The sync keeps running in the vpp backend; its result shows on the token page, /vpp/tokens/${o.tokenId}.`,
    );

  for (;;) {
    if (signal?.aborted) {
      throw cancelled();
    }
    const status = await readStatus();
    if (status && !status.running) {
      return status;
    }

    const now = clock.now();
    if (now >= deadline) {
      throw new Error(
        `The sync of ${name} did not end within ${minutes(
          o.timeoutMinutes,
        )}. It keeps running in the vpp backend: see its result on the token page, /vpp/tokens/${
          o.tokenId
        }, or run the template again to wait for it (a new run joins the running sync instead of starting another). For large locations, raise timeoutMinutes.`,
      );
    }
    if (now >= nextProgress) {
      logger.info(
        `Still syncing ${name} (${Math.round((now - begin) / 1000)} s)`,
      );
      nextProgress += PROGRESS_INTERVAL_MS;
    }
    try {
      await clock.sleep(Math.min(o.pollIntervalMs, deadline - now), signal);
    } catch (error) {
      if (signal?.aborted) {
        throw cancelled();
      }
      throw error;
    }
  }
}

/** Checks what a real run would do, without starting a sync. */
async function dryRun(
  client: VppApiClient,
  tokenId: string,
  wait: boolean,
  logger: LoggerService,
): Promise<{
  message: string;
  lastSyncAt?: string;
  assetCount: number;
  assignmentCount: number;
}> {
  logger.info(
    `Dry run: checking the sync of token ${tokenId}; nothing is started.`,
  );
  const token = await callVpp(() => client.getToken(tokenId));
  assertUsable(token, token);
  if (token.sharesFrom) {
    // The backend syncs the source; its state decides. A user who may not read the
    // source still gets the real run's answer, so a failed read is no reason to stop.
    const sourceId = token.sharesFrom;
    try {
      const source = await callVpp(() => client.getToken(sourceId));
      assertUsable(token, source);
    } catch (error) {
      if (isError(error) && error.name === 'ConflictError') {
        throw error;
      }
      logger.warn(
        `Dry run: could not check the token "${
          token.displayName
        }" shares licenses from (${
          isError(error) ? error.message : String(error)
        }); a real run checks it.`,
      );
    }
  }

  const status = await callVpp(() => client.getSyncStatus(tokenId));
  const current = status.lastSyncAt
    ? `last synced at ${status.lastSyncAt}: ${status.assetCount} apps and books, ${status.assignmentCount} license assignments`
    : 'never synced yet';
  const message = status.running
    ? `Dry run: a sync of "${token.displayName}" is already running${
        status.runningSince ? ` (since ${status.runningSince})` : ''
      }; a real run would ${
        wait ? 'wait for it' : 'leave it running'
      } instead of starting another (${current}).`
    : `Dry run: a real run would start a sync of "${token.displayName}"${
        wait ? ' and wait for it to end' : ''
      } (${current}).`;
  logger.info(message);
  if (status.outOfDateMessage) {
    logger.info(status.outOfDateMessage);
  }
  if (status.lastError) {
    logger.warn(
      `The last sync failed${
        status.lastErrorAt ? ` at ${status.lastErrorAt}` : ''
      }: ${status.lastError}`,
    );
  }
  return {
    message,
    lastSyncAt: status.lastSyncAt,
    assetCount: status.assetCount,
    assignmentCount: status.assignmentCount,
  };
}

/** The vpp backend's refusal (R-TOK-8), worded the same way, for the dry run. */
function assertUsable(requested: VppToken, source: VppToken): void {
  if (USABLE_STATUSES.includes(source.status)) {
    return;
  }
  const via =
    requested.id === source.id
      ? ''
      : ` (it shares licenses from "${source.displayName}")`;
  throw new ConflictError(
    `"${requested.displayName}"${via} cannot be synced because the token is ${source.status}. ${source.statusReason}`,
  );
}
