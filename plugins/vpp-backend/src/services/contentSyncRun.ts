import { ConflictError } from '@backstage/errors';
import { AppleVppClient, AppStoreMetadata, MdmInfoChange } from '../apple';
import { isAppleVppError } from '../apple/errors';
import {
  AssetAssignees,
  AssetRow,
  SyncStateRecord,
} from '../database/ContentStore';
import { TokenRecord } from '../database/TokenStore';
import { ensureNotificationSubscription } from './appleNotifications';
import {
  describeAppleFailure,
  tokenStateFromAppleError,
} from './appleFailures';
import {
  AssignmentsByAsset,
  mergeAssignees,
  replaceAssignees,
} from './assigneeChanges';
import { errorText, SyncDeps } from './syncDeps';
import { LeaseKeeper, WriteChain } from './syncRun';
import { computeTokenStatus } from './tokenStatus';

/* One sync of a source token's content, its lease held: assets, assignments, metadata. */

/** What a sync run may take: its task's time budget, and a way to stop it. */
export interface RunBudget {
  full?: boolean;
  signal?: AbortSignal;
  /**
   * Epoch ms by which the run must be done. Until then Apple's 9646/5xx answers are backed off
   * and retried rather than failing the run (Apple: retry "until successful").
   */
  deadline?: number;
}

export interface SyncOutcome {
  tokenId: string;
  full: boolean;
  assets: number;
  assignmentsWritten: number;
  assignmentsRemoved: number;
  metadataLookedUp: number;
  durationMs: number;
  /**
   * Wall time of each step, for the logs and the benchmark. Writes trail the fetching:
   * a step's writes may end in the next step.
   */
  phasesMs: { assets: number; assignments: number; metadata: number };
}

/**
 * Assets per write of their assignees: a few hundred kilobytes per statement at a
 * hundred assignments per asset.
 */
const SAVE_BATCH_ASSETS = 500;

/**
 * Syncs `source` under the lease `state` was taken with, and lets the lease go at the end
 * (failSync on failure, the token's Apple state updated when Apple refused it).
 */
export async function runContentSync(
  deps: SyncDeps,
  source: TokenRecord,
  state: SyncStateRecord,
  options: RunBudget,
): Promise<SyncOutcome> {
  const started = deps.now();
  const { logger } = deps;
  const label = `content token ${source.id} ("${source.displayName}")`;
  let mdmChange: MdmInfoChange | undefined;
  const writes = new WriteChain();
  try {
    let lease: LeaseKeeper | undefined = undefined;
    const client = await deps.appleClient(source, {
      onMdmInfoChange: change => {
        if (!change.isOurs && change.current) mdmChange = change;
      },
      retryUntil: options.deadline,
      // Apple may keep a run waiting for minutes: the lease must outlive the wait.
      onBackoff: () => lease?.keep(),
    });
    lease = new LeaseKeeper(
      () =>
        deps.content.renewLease(
          source.id,
          deps.instanceId,
          deps.now(),
          deps.config.leaseMs,
        ),
      deps.config.leaseMs / 3,
      deps.now,
    );
    await ensureNotificationSubscription(deps, source, state, client);

    const generation = state.generation + 1;
    const fullDue =
      options.full ||
      !state.assignmentsVersionId ||
      !state.lastFullSyncAt ||
      started.getTime() - state.lastFullSyncAt.getTime() >=
        deps.config.fullSyncIntervalMs;
    // A full pass compares with what is stored; read it while the assets come in.
    let stored = fullDue ? deps.content.loadAssignees(source.id) : undefined;
    stored?.catch(() => {});

    const phaseStart = performance.now();
    let assets = 0;
    const assetPages = client.iterateAssets({}, { signal: options.signal });
    for await (const page of assetPages) {
      // Without the `unlimited` parameter free content comes in `assets` too, with
      // totalCount 2147483647 (Apple's "unlimited").
      const rows = page.assets.map(toAssetRow);
      writes.check();
      writes.add(() => deps.content.upsertAssets(source.id, rows, generation));
      assets += rows.length;
      await lease.keep();
    }
    const assetsStored = writes.add(() =>
      deps.content.sweepAssets(source.id, generation),
    );
    const assetsDone = performance.now();

    let pass: AssignmentPass | undefined;
    if (!stored) {
      try {
        pass = await assignmentPass(
          deps,
          client,
          source,
          { sinceVersionId: state.assignmentsVersionId },
          { lease, writes, signal: options.signal },
        );
      } catch (error) {
        if (!(isAppleVppError(error) && error.kind === 'invalid-version')) {
          throw error;
        }
        logger.info(
          `Apple no longer knows the assignments version of ${label}; doing a full pass`,
        );
        stored = deps.content.loadAssignees(source.id);
      }
    }
    if (stored) {
      pass = await assignmentPass(
        deps,
        client,
        source,
        { stored: await stored },
        { lease, writes, signal: options.signal },
      );
    }
    const full = stored !== undefined;
    const removed = pass!.removed;

    const assignmentsDone = performance.now();
    // The lookup needs the assets; the assignees may still be being written meanwhile.
    await assetsStored;
    const metadataLookedUp = await refreshMetadata(
      deps,
      source,
      options.signal,
    );
    await writes.done();
    const phasesMs = {
      assets: Math.round(assetsDone - phaseStart),
      assignments: Math.round(assignmentsDone - assetsDone),
      metadata: Math.round(performance.now() - assignmentsDone),
    };

    await deps.content.finishSync(source.id, deps.instanceId, {
      at: deps.now(),
      full,
      assetsVersionId: assetPages.versionId,
      assignmentsVersionId: pass!.versionId,
      generation,
    });
    if (mdmChange) {
      await deps.setAppleState(
        source,
        'claimed-elsewhere',
        mdmChange.current?.name || mdmChange.current?.id,
      );
    }
    const outcome: SyncOutcome = {
      tokenId: source.id,
      full,
      assets,
      assignmentsWritten: pass!.written,
      assignmentsRemoved: removed,
      metadataLookedUp,
      durationMs: deps.now().getTime() - started.getTime(),
      phasesMs,
    };
    logger.info(
      `Synced ${label}: ${assets} assets, ${
        outcome.assignmentsWritten
      } assignments ${
        full ? `(full pass, ${removed} removed)` : '(incremental)'
      }, ${metadataLookedUp} looked up in the App Store, in ${
        outcome.durationMs
      } ms`,
    );
    return outcome;
  } catch (error) {
    await writes.settled();
    const appleState = tokenStateFromAppleError(error);
    const message = appleState
      ? `Apple refused the token: ${describeAppleFailure(error)}`
      : describeAppleFailure(error);
    await deps.content.failSync(
      source.id,
      deps.instanceId,
      message,
      deps.now(),
    );
    if (appleState) {
      const refreshed = await deps.setAppleState(
        source,
        appleState,
        describeAppleFailure(error),
      );
      const { statusReason } = computeTokenStatus(
        refreshed,
        deps.now(),
        deps.warningDays,
      );
      throw new ConflictError(
        `"${source.displayName}" could not be synced: ${statusReason}`,
      );
    }
    throw error;
  }
}

/**
 * One pass over `/assignments`, gathered by asset. Full (`stored` given): Apple's
 * lists replace the stored ones. Incremental (`sinceVersionId`): what Apple returns is
 * added. Either way only assets whose assignees changed are written, one row per
 * asset, which keeps a daily full pass over 200,000 assignments close to the cost of
 * fetching them. The writes are queued on `run.writes`; the pass does not wait for them.
 */
async function assignmentPass(
  deps: SyncDeps,
  client: AppleVppClient,
  source: TokenRecord,
  mode: { sinceVersionId?: string; stored?: AssetAssignees[] },
  run: { lease: LeaseKeeper; writes: WriteChain; signal?: AbortSignal },
): Promise<AssignmentPass> {
  const { lease, writes } = run;
  const pages = client.iterateAssignments(
    mode.sinceVersionId ? { sinceVersionId: mode.sinceVersionId } : {},
    { signal: run.signal },
  );
  const listed = new AssignmentsByAsset();
  for await (const page of pages) {
    for (const assignment of page.assignments) listed.add(assignment);
    writes.check();
    await lease.keep();
    if (pages.pagesYielded % 50 === 0 && pages.totalPages) {
      deps.logger.info(
        `Syncing content token ${source.id}: assignments page ${pages.pagesYielded}/${pages.totalPages}`,
      );
    }
  }
  const assets = listed.toList();
  const changes = mode.stored
    ? replaceAssignees(mode.stored, assets)
    : mergeAssignees(
        await deps.content.loadAssignees(
          source.id,
          assets.map(a => a.adamId),
        ),
        assets,
      );
  for (let i = 0; i < changes.save.length; i += SAVE_BATCH_ASSETS) {
    const batch = changes.save.slice(i, i + SAVE_BATCH_ASSETS);
    writes.add(async () => {
      await deps.content.saveAssignees(source.id, batch);
      await lease.keep();
    });
  }
  writes.add(() => deps.content.deleteAssignees(source.id, changes.remove));
  return {
    versionId: pages.versionId,
    written: changes.added,
    removed: changes.removed,
  };
}

/** Looks up new apps, and apps not looked up for a while, in the token's storefront. */
async function refreshMetadata(
  deps: SyncDeps,
  source: TokenRecord,
  signal?: AbortSignal,
): Promise<number> {
  const staleBefore = new Date(
    deps.now().getTime() - deps.config.metadataMaxAgeMs,
  );
  const adamIds = await deps.content.listAdamIdsNeedingMetadata(
    source.id,
    source.countryCode,
    staleBefore,
  );
  if (adamIds.length === 0) {
    return 0;
  }
  let found: Map<string, AppStoreMetadata>;
  try {
    found = await deps.lookup.lookup(adamIds, {
      country: source.countryCode,
      signal,
    });
  } catch (error) {
    // Names and icons are a nicety; counts are already stored. Next sync tries again.
    deps.logger.warn(
      `App Store lookup for content token ${source.id} failed: ${errorText(
        error,
      )}`,
    );
    return 0;
  }
  await deps.content.upsertMetadata(
    source.countryCode,
    adamIds.map(adamId => {
      const m = found.get(adamId);
      return m
        ? {
            adamId,
            name: m.name,
            iconUrl: m.iconUrl,
            bundleId: m.bundleId,
            version: m.version,
            minimumOsVersion: m.minimumOsVersion,
            platforms: m.platforms,
          }
        : { adamId };
    }),
    deps.now(),
  );
  return adamIds.length;
}

interface AssignmentPass {
  versionId?: string;
  /** Assignments that were not stored. */
  written: number;
  removed: number;
}

function toAssetRow(a: {
  adamId: string;
  pricingParam?: string;
  productType?: string;
  totalCount?: number;
  assignedCount?: number;
  availableCount?: number;
  retiredCount?: number;
  deviceAssignable?: boolean;
  revocable?: boolean;
  supportedPlatforms?: string[];
}): AssetRow {
  const total = a.totalCount ?? 0;
  const assigned = a.assignedCount ?? 0;
  return {
    adamId: a.adamId,
    pricingParam: a.pricingParam ?? 'STDQ',
    productType: a.productType === 'Book' ? 'Book' : 'App',
    totalCount: total,
    assignedCount: assigned,
    availableCount: a.availableCount ?? Math.max(0, total - assigned),
    retiredCount: a.retiredCount ?? 0,
    deviceAssignable: a.deviceAssignable ?? false,
    revocable: a.revocable ?? false,
    platforms: a.supportedPlatforms ?? [],
  };
}
