import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotFoundError,
} from '@backstage/errors';
import {
  ListAssetsQuery,
  ListAssetsResponse,
  StartSyncResponse,
  VppPlatform,
  VppSyncStatus,
} from '@internal/plugin-vpp-common';
import { durationToMilliseconds } from '@backstage/types';
import { DateTime, Duration } from 'luxon';
import {
  createHash,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';
import { z } from 'zod';
import {
  AppleRequestHolds,
  AppleVppClient,
  AppleVppClientOptions,
  AppStoreMetadata,
  ITunesLookupClient,
  MdmInfoChange,
  ServiceConfigCache,
  SlidingWindowRateLimiter,
} from '../apple';
import { isAppleVppError } from '../apple/errors';
import {
  AssetAssignees,
  AssetRow,
  ContentStore,
  SyncStateRecord,
} from '../database/ContentStore';
import { TokenRecord, TokenStore } from '../database/TokenStore';
import {
  AssignmentsByAsset,
  mergeAssignees,
  replaceAssignees,
} from './assigneeChanges';
import { claimant, MdmIdentity } from './AppleTokenGateway';
import {
  describeAppleFailure,
  tokenStateFromAppleError,
} from './appleFailures';
import { VppSyncConfig } from './config';
import { TokenCipher } from './TokenCipher';
import { TokenChange } from './TokenService';
import { computeTokenStatus } from './tokenStatus';
import { formatInstant, outOfDate } from './contentFreshness';
import { LeaseKeeper, WriteChain } from './syncRun';

export { outOfDate } from './contentFreshness';

/** Notification types we subscribe to; Apple's list is the complete set each time. */
export const SUBSCRIBED_NOTIFICATION_TYPES = [
  'ASSET_MANAGEMENT',
  'ASSET_COUNT',
] as const;

/** Apple's notification envelope (§3 of the API notes). */
const notificationEnvelopeSchema = z.object({
  notificationId: z.string().min(1).max(64),
  notificationType: z.string().min(1).max(64),
  uId: z.string().min(1).max(64),
  notification: z.unknown().optional(),
});

/** The subset of the iTunes lookup the sync needs. */
export type AppMetadataLookup = Pick<ITunesLookupClient, 'lookup'>;

export interface SyncServiceOptions {
  tokens: TokenStore;
  content: ContentStore;
  cipher: TokenCipher;
  appleBaseUrl: string;
  mdmIdentity: MdmIdentity;
  lookup: AppMetadataLookup;
  config: VppSyncConfig;
  warningDays: number;
  logger: LoggerService;
  /** Told about tokens whose status changed, e.g. to refresh catalog entities. */
  onTokenStatusChanged?: (tokenIds: string[]) => Promise<void> | void;
  now?: () => Date;
  /** Identifies this instance as the holder of sync leases. */
  instanceId?: string;
  /** Shared by every Apple client this service creates (benchmarks pass their own). */
  rateLimiter?: SlidingWindowRateLimiter;
  /**
   * Apple's Retry-After waits, shared with every other Apple caller of the process (token
   * management, distributions). Default: the process-wide one of the Apple library.
   */
  holds?: AppleRequestHolds;
}

/** What a sync run may take: its task's time budget, and a way to stop it. */
interface RunBudget {
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
 * Purchased content (R-SYNC-1…4): assets, license assignments and App Store metadata of
 * each source token, written in batches as pages arrive; one sync per token at a time
 * across instances (a lease in the database), incremental assignment passes between
 * full ones, and the token's status updated when Apple refuses it.
 */
export class SyncService {
  readonly #o: SyncServiceOptions;
  readonly #now: () => Date;
  readonly #instanceId: string;
  readonly #serviceConfig = new ServiceConfigCache();
  /** Syncs started in the background (manual, or after a token change), until they end. */
  readonly #background = new Set<Promise<void>>();
  readonly #stopping = new AbortController();

  constructor(options: SyncServiceOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
    this.#instanceId = options.instanceId ?? randomUUID();
  }

  /**
   * Stops the background syncs (they end as aborted, their lease released) and waits for
   * them; nothing new starts in the background afterwards. For the plugin's shutdown.
   */
  async stop(): Promise<void> {
    this.#stopping.abort(new Error('The VPP plugin is shutting down'));
    await this.whenIdle();
  }

  /** Waits until the syncs running in the background have ended (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.#background.size > 0) {
      await Promise.all([...this.#background]);
    }
  }

  /** Runs `work` in the background, tracked so {@link SyncService.stop} can wait for it. */
  #inBackground(work: () => Promise<void>): void {
    const run = work().finally(() => this.#background.delete(run));
    this.#background.add(run);
  }

  /**
   * The budget of a run nobody waits for: the scheduled task's timeout, from now. Within it,
   * a busy Apple is waited out instead of failing the run.
   */
  #budget(
    signal?: AbortSignal,
    timeout = this.#o.config.schedule.timeout,
  ): RunBudget {
    const ms = Duration.isDuration(timeout)
      ? timeout.toMillis()
      : durationToMilliseconds(timeout);
    return { signal, deadline: this.#now().getTime() + ms };
  }

  async getStatus(tokenId: string): Promise<VppSyncStatus> {
    const record = await this.#record(tokenId);
    const sourceId = record.sharesFrom ?? record.id;
    const state = (await this.#o.content.getStates([sourceId])).get(sourceId);
    return this.#status(record, sourceId, state);
  }

  async listAssets(
    tokenId: string,
    query: ListAssetsQuery,
  ): Promise<ListAssetsResponse> {
    const record = await this.#record(tokenId);
    const { items, totalCount } = await this.#o.content.listAssets(
      record.sharesFrom ?? record.id,
      {
        productType: query.productType,
        platform: query.platform,
        q: query.q,
        offset: query.offset ?? 0,
        limit: query.limit ?? 100,
        countryCode: record.countryCode,
      },
    );
    const threshold = this.#o.config.lowLicenseThreshold;
    return {
      totalCount,
      items: items.map(a => ({
        adamId: a.adamId,
        pricingParam: a.pricingParam,
        productType: a.productType,
        name: a.name,
        iconUrl: a.iconUrl,
        bundleId: a.bundleId,
        version: a.version,
        minimumOsVersion: a.minimumOsVersion,
        // Apple's own list wins; the store's lookup fills in when Apple sent none.
        platforms: (a.platforms.length
          ? a.platforms
          : a.metadataPlatforms ?? []) as VppPlatform[],
        totalCount: a.totalCount,
        assignedCount: a.assignedCount,
        availableCount: a.availableCount,
        retiredCount: a.retiredCount,
        deviceAssignable: a.deviceAssignable,
        revocable: a.revocable,
        lowLicense:
          a.productType === 'App' &&
          a.totalCount > 0 &&
          a.availableCount < threshold,
      })),
    };
  }

  /**
   * Starts a sync in the background (POST /tokens/:id/sync). A share syncs its source;
   * a sync already running anywhere is not started twice.
   */
  async startSync(tokenId: string): Promise<StartSyncResponse> {
    const { source, state } = await this.#takeLease(tokenId);
    if (!state) {
      const status = await this.getStatus(tokenId);
      return {
        started: false,
        message: `A sync of "${source.displayName}" is already running${
          status.runningSince
            ? ` (started ${formatInstant(new Date(status.runningSince))})`
            : ''
        }; its result will show here when it ends.`,
        status,
      };
    }
    this.#inBackground(() =>
      this.#runHeld(source, state, this.#budget(this.#stopping.signal)).then(
        () => undefined,
        error => {
          this.#o.logger.warn(
            `Sync of content token ${source.id} failed: ${errorText(error)}`,
          );
        },
      ),
    );
    return {
      started: true,
      message: `Sync started for "${source.displayName}": apps, books and license assignments are being fetched from Apple.`,
      status: await this.getStatus(tokenId),
    };
  }

  /**
   * Syncs one token and waits for the result (scheduled task, scaffolder action).
   * Returns undefined when another sync of the same content holds the lease.
   */
  async syncToken(
    tokenId: string,
    options: RunBudget = {},
  ): Promise<SyncOutcome | undefined> {
    const { source, state } = await this.#takeLease(tokenId);
    if (!state) {
      return undefined;
    }
    return this.#runHeld(source, state, options);
  }

  /**
   * Follows token changes: a new or renewed token's content is fetched at once (in the
   * background), not at the next scheduled pass. (A deleted token's content goes with
   * its rows, through foreign keys.)
   */
  async onTokenChanged(tokenId: string, change: TokenChange): Promise<void> {
    if (
      (change === 'registered' || change === 'renewed') &&
      !this.#stopping.signal.aborted
    ) {
      this.#inBackground(async () => {
        try {
          await this.startSync(tokenId);
        } catch (error) {
          this.#o.logger.warn(
            `Could not start the first sync of content token ${tokenId}: ${errorText(
              error,
            )}`,
          );
        }
      });
    }
  }

  /**
   * The scheduled sync: every usable source token, one after the other, within the task's
   * time budget (its timeout): a busy Apple (9646, 5xx) is backed off and waited out rather
   * than failing the pass, and Apple's Retry-After is honoured.
   */
  async syncAll(options: { signal?: AbortSignal } = {}): Promise<void> {
    const budget = this.#budget(options.signal);
    const sources = (await this.#o.tokens.listTokens()).filter(
      t => !t.sharesFrom,
    );
    let synced = 0;
    let skipped = 0;
    let failed = 0;
    for (const source of sources) {
      if (options.signal?.aborted) {
        break;
      }
      const { status } = computeTokenStatus(
        source,
        this.#now(),
        this.#o.warningDays,
      );
      if (status !== 'ok' && status !== 'expiring') {
        skipped++;
        continue;
      }
      try {
        const outcome = await this.syncToken(source.id, budget);
        if (outcome) synced++;
        else skipped++;
      } catch (error) {
        failed++;
        this.#o.logger.warn(
          `Scheduled sync of content token ${source.id} ("${
            source.displayName
          }") failed: ${errorText(error)}`,
        );
      }
    }
    this.#o.logger.info(
      `Scheduled content sync: ${synced} synced, ${skipped} skipped (unusable or running elsewhere), ${failed} failed`,
    );
    await this.#o.content.pruneNotifications(
      DateTime.fromJSDate(this.#now()).minus({ days: 30 }).toJSDate(),
    );
  }

  /**
   * The daily status refresh: asks Apple about every source token, so revocation and
   * claims by another MDM show before an install fails, and notices count changes
   * (the assets `versionId` moved) even where Apple cannot reach our notification URL.
   */
  async refreshStatuses(options: { signal?: AbortSignal } = {}): Promise<void> {
    const { deadline } = this.#budget(
      options.signal,
      this.#o.config.statusRefreshSchedule.timeout,
    );
    const sources = (await this.#o.tokens.listTokens()).filter(
      t => !t.sharesFrom,
    );
    const states = await this.#o.content.getStates(sources.map(s => s.id));
    for (const source of sources) {
      if (options.signal?.aborted) {
        break;
      }
      if (source.expiresAt <= this.#now() || source.appleState === 'revoked') {
        // Neither recovers without a new token file.
        continue;
      }
      try {
        const client = await this.#client(source, { retryUntil: deadline });
        const config = await client.getClientConfig({
          signal: options.signal,
        });
        const holder = claimant(
          { mdmInfo: config.mdmInfo ?? undefined },
          this.#o.mdmIdentity,
        );
        if (holder && !holder.ours) {
          await this.#setAppleState(source, 'claimed-elsewhere', holder.name);
          continue;
        }
        if (source.appleState !== 'ok') {
          await this.#setAppleState(source, 'ok');
        }
        const state = states.get(source.id);
        if (state?.assetsVersionId) {
          const page = await client.getAssets(
            { pageIndex: 0 },
            { signal: options.signal },
          );
          if (page.versionId && page.versionId !== state.assetsVersionId) {
            await this.#o.content.markCountsChanged([source.id], this.#now());
          }
        }
      } catch (error) {
        const appleState = tokenStateFromAppleError(error);
        if (appleState) {
          await this.#setAppleState(
            source,
            appleState,
            describeAppleFailure(error),
          );
        } else {
          this.#o.logger.warn(
            `Status refresh of content token ${
              source.id
            } failed; trying again next run: ${errorText(error)}`,
          );
        }
      }
    }
  }

  /** Dismisses the out-of-date banner until the next change (R-SYNC-3 "Confirm"). */
  async confirm(tokenId: string): Promise<VppSyncStatus> {
    const record = await this.#record(tokenId);
    await this.#o.content.confirm(record.sharesFrom ?? record.id, this.#now());
    return this.getStatus(tokenId);
  }

  /**
   * An Apple notification handled here alone (its `ASSET_COUNT` part); the backend routes
   * notifications by type through `AppleNotificationRouter` instead.
   */
  async handleAppleNotification(
    authorization: string | undefined,
    body: unknown,
  ): Promise<{ duplicate: boolean }> {
    const received = await this.receiveAppleNotification(authorization, body);
    if (!received.duplicate && received.notificationType === 'ASSET_COUNT') {
      await this.onAssetCountChanged(received.sourceIds, received.uId);
    }
    return { duplicate: received.duplicate };
  }

  /**
   * Authenticates an Apple notification (POST /apple/notifications) by the bearer we
   * gave Apple for the location, and records its id: `duplicate` when Apple sent it
   * before. Returns the envelope and the content tokens of the location.
   */
  async receiveAppleNotification(
    authorization: string | undefined,
    body: unknown,
  ): Promise<{
    duplicate: boolean;
    notificationType: string;
    uId: string;
    notification: unknown;
    sourceIds: string[];
  }> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!bearer) {
      throw new AuthenticationError(
        'Apple notifications must carry "Authorization: Bearer <notificationAuthToken>".',
      );
    }
    const parsed = notificationEnvelopeSchema.safeParse(body);
    if (!parsed.success) {
      throw new InputError(
        `Not an Apple notification envelope: ${parsed.error.issues
          .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
          .join('; ')}`,
      );
    }
    const envelope = parsed.data;
    const sources = await this.#o.tokens.findSourcesByLocationUid(envelope.uId);
    const states = await this.#o.content.getStates(sources.map(s => s.id));
    const presented = hashBearer(bearer);
    const matching = sources.filter(s => {
      const expected = states.get(s.id)?.notificationAuthHash;
      return (
        expected !== undefined &&
        timingSafeEqual(Buffer.from(expected), Buffer.from(presented))
      );
    });
    if (matching.length === 0) {
      throw new AuthenticationError(
        'The notification token does not match the one given to Apple for this location.',
      );
    }
    const fresh = await this.#o.content.recordNotification(
      envelope.notificationId,
      envelope.notificationType,
      envelope.uId,
      this.#now(),
    );
    return {
      duplicate: !fresh,
      notificationType: envelope.notificationType,
      uId: envelope.uId,
      notification: envelope.notification,
      sourceIds: matching.map(s => s.id),
    };
  }

  /** `ASSET_COUNT`: the location's license counts changed; its content is out of date. */
  async onAssetCountChanged(sourceIds: string[], uId: string): Promise<void> {
    await this.#o.content.markCountsChanged(sourceIds, this.#now());
    this.#o.logger.info(
      `Apple reported a license count change for location ${uId}; its content is marked out of date`,
    );
  }

  // ------------------------------------------------------------------------------------

  /**
   * The content behind `tokenId` (its source for a share), refused when unusable, and
   * its sync lease when no one else holds it.
   */
  async #takeLease(
    tokenId: string,
  ): Promise<{ source: TokenRecord; state?: SyncStateRecord }> {
    const record = await this.#record(tokenId);
    const source = await this.#source(record);
    this.#assertUsable(source, record);
    const state = await this.#o.content.acquireLease(
      source.id,
      this.#instanceId,
      this.#now(),
      this.#o.config.leaseMs,
    );
    return { source, state };
  }

  async #runHeld(
    source: TokenRecord,
    state: SyncStateRecord,
    options: RunBudget,
  ): Promise<SyncOutcome> {
    const started = this.#now();
    const { logger } = this.#o;
    const label = `content token ${source.id} ("${source.displayName}")`;
    let mdmChange: MdmInfoChange | undefined;
    const writes = new WriteChain();
    try {
      let lease: LeaseKeeper | undefined = undefined;
      const client = await this.#client(source, {
        onMdmInfoChange: change => {
          if (!change.isOurs && change.current) mdmChange = change;
        },
        retryUntil: options.deadline,
        // Apple may keep a run waiting for minutes: the lease must outlive the wait.
        onBackoff: () => lease?.keep(),
      });
      lease = new LeaseKeeper(
        () =>
          this.#o.content.renewLease(
            source.id,
            this.#instanceId,
            this.#now(),
            this.#o.config.leaseMs,
          ),
        this.#o.config.leaseMs / 3,
        this.#now,
      );
      await this.#ensureNotificationSubscription(source, state, client);

      const generation = state.generation + 1;
      const fullDue =
        options.full ||
        !state.assignmentsVersionId ||
        !state.lastFullSyncAt ||
        started.getTime() - state.lastFullSyncAt.getTime() >=
          this.#o.config.fullSyncIntervalMs;
      // A full pass compares with what is stored; read it while the assets come in.
      let stored = fullDue
        ? this.#o.content.loadAssignees(source.id)
        : undefined;
      stored?.catch(() => {});

      const phaseStart = performance.now();
      let assets = 0;
      const assetPages = client.iterateAssets({}, { signal: options.signal });
      for await (const page of assetPages) {
        // Without the `unlimited` parameter free content comes in `assets` too, with
        // totalCount 2147483647 (Apple's "unlimited").
        const rows = page.assets.map(toAssetRow);
        writes.check();
        writes.add(() =>
          this.#o.content.upsertAssets(source.id, rows, generation),
        );
        assets += rows.length;
        await lease.keep();
      }
      const assetsStored = writes.add(() =>
        this.#o.content.sweepAssets(source.id, generation),
      );
      const assetsDone = performance.now();

      let pass: AssignmentPass | undefined;
      if (!stored) {
        try {
          pass = await this.#assignmentPass(
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
          stored = this.#o.content.loadAssignees(source.id);
        }
      }
      if (stored) {
        pass = await this.#assignmentPass(
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
      const metadataLookedUp = await this.#refreshMetadata(
        source,
        options.signal,
      );
      await writes.done();
      const phasesMs = {
        assets: Math.round(assetsDone - phaseStart),
        assignments: Math.round(assignmentsDone - assetsDone),
        metadata: Math.round(performance.now() - assignmentsDone),
      };

      await this.#o.content.finishSync(source.id, this.#instanceId, {
        at: this.#now(),
        full,
        assetsVersionId: assetPages.versionId,
        assignmentsVersionId: pass!.versionId,
        generation,
      });
      if (mdmChange) {
        await this.#setAppleState(
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
        durationMs: this.#now().getTime() - started.getTime(),
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
      await this.#o.content.failSync(
        source.id,
        this.#instanceId,
        message,
        this.#now(),
      );
      if (appleState) {
        const refreshed = await this.#setAppleState(
          source,
          appleState,
          describeAppleFailure(error),
        );
        const { statusReason } = computeTokenStatus(
          refreshed,
          this.#now(),
          this.#o.warningDays,
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
  async #assignmentPass(
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
        this.#o.logger.info(
          `Syncing content token ${source.id}: assignments page ${pages.pagesYielded}/${pages.totalPages}`,
        );
      }
    }
    const assets = listed.toList();
    const changes = mode.stored
      ? replaceAssignees(mode.stored, assets)
      : mergeAssignees(
          await this.#o.content.loadAssignees(
            source.id,
            assets.map(a => a.adamId),
          ),
          assets,
        );
    for (let i = 0; i < changes.save.length; i += SAVE_BATCH_ASSETS) {
      const batch = changes.save.slice(i, i + SAVE_BATCH_ASSETS);
      writes.add(async () => {
        await this.#o.content.saveAssignees(source.id, batch);
        await lease.keep();
      });
    }
    writes.add(() =>
      this.#o.content.deleteAssignees(source.id, changes.remove),
    );
    return {
      versionId: pages.versionId,
      written: changes.added,
      removed: changes.removed,
    };
  }

  /** Looks up new apps, and apps not looked up for a while, in the token's storefront. */
  async #refreshMetadata(
    source: TokenRecord,
    signal?: AbortSignal,
  ): Promise<number> {
    const staleBefore = new Date(
      this.#now().getTime() - this.#o.config.metadataMaxAgeMs,
    );
    const adamIds = await this.#o.content.listAdamIdsNeedingMetadata(
      source.id,
      source.countryCode,
      staleBefore,
    );
    if (adamIds.length === 0) {
      return 0;
    }
    let found: Map<string, AppStoreMetadata>;
    try {
      found = await this.#o.lookup.lookup(adamIds, {
        country: source.countryCode,
        signal,
      });
    } catch (error) {
      // Names and icons are a nicety; counts are already stored. Next sync tries again.
      this.#o.logger.warn(
        `App Store lookup for content token ${source.id} failed: ${errorText(
          error,
        )}`,
      );
      return 0;
    }
    await this.#o.content.upsertMetadata(
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
      this.#now(),
    );
    return adamIds.length;
  }

  /**
   * Points Apple's notifications for the location at us when a URL is configured, so a
   * purchase shows as "content may be out of date" at once (ASSET_COUNT). A failure is
   * logged, never fatal: the sync itself does not need notifications.
   */
  async #ensureNotificationSubscription(
    source: TokenRecord,
    state: SyncStateRecord,
    client: AppleVppClient,
  ): Promise<void> {
    const url = this.#o.config.appleNotificationUrl;
    if (!url || (state.notificationUrl === url && state.notificationAuthHash)) {
      return;
    }
    const bearer = randomBytes(32).toString('base64url');
    // Stored first: Apple sends a test notification before it answers, and it must pass.
    await this.#o.content.setNotificationSubscription(
      source.id,
      hashBearer(bearer),
      url,
    );
    try {
      await client.updateClientConfig({
        notificationUrl: url,
        notificationAuthToken: bearer,
        notificationTypes: [...SUBSCRIBED_NOTIFICATION_TYPES],
      });
    } catch (error) {
      await this.#o.content.setNotificationSubscription(source.id, '', '');
      this.#o.logger.warn(
        `Apple notifications for content token ${
          source.id
        } could not be set up (purchases will show at the next sync or status refresh): ${describeAppleFailure(
          error,
        )}`,
      );
    }
  }

  async #client(
    source: TokenRecord,
    run: Pick<
      AppleVppClientOptions,
      'onMdmInfoChange' | 'retryUntil' | 'onBackoff'
    > = {},
  ): Promise<AppleVppClient> {
    const ciphertext = await this.#o.tokens.getTokenCiphertext(source.id);
    if (!ciphertext) {
      throw new NotFoundError(
        `The token file of "${source.displayName}" is missing; renew the token.`,
      );
    }
    return new AppleVppClient({
      token: this.#o.cipher.decrypt(ciphertext),
      baseUrl: this.#o.appleBaseUrl,
      mdmInfo: this.#o.mdmIdentity,
      serviceConfigCache: this.#serviceConfig,
      rateLimiter: this.#o.rateLimiter,
      holds: this.#o.holds,
      logger: this.#o.logger,
      ...run,
    });
  }

  async #setAppleState(
    source: TokenRecord,
    appleState: TokenRecord['appleState'],
    reason?: string,
  ): Promise<TokenRecord> {
    const checkedAt = this.#now();
    await this.#o.tokens.setAppleState(source.id, {
      appleState,
      appleStateReason: appleState === 'claimed-elsewhere' ? undefined : reason,
      claimedBy: appleState === 'claimed-elsewhere' ? reason : undefined,
      checkedAt,
    });
    if (appleState !== source.appleState) {
      this.#o.logger.info(
        `Content token ${source.id} ("${source.displayName}") is now ${appleState} according to Apple`,
      );
      const shares = await this.#o.tokens.listShares(source.id);
      await this.#o.onTokenStatusChanged?.([
        source.id,
        ...shares.map(s => s.id),
      ]);
    }
    return (await this.#o.tokens.getToken(source.id)) ?? source;
  }

  /** R-TOK-8: no sync with an unusable token; the refusal names the token and the way out. */
  #assertUsable(source: TokenRecord, requested: TokenRecord): void {
    const { status, statusReason } = computeTokenStatus(
      source,
      this.#now(),
      this.#o.warningDays,
    );
    if (status !== 'ok' && status !== 'expiring') {
      const via =
        requested.id === source.id
          ? ''
          : ` (it shares licenses from "${source.displayName}")`;
      throw new ConflictError(
        `"${requested.displayName}"${via} cannot be synced because the token is ${status}. ${statusReason}`,
      );
    }
  }

  async #record(id: string): Promise<TokenRecord> {
    const record = await this.#o.tokens.getToken(id);
    if (!record) {
      throw new NotFoundError(
        `No content token with id "${id}" is registered here. Register the token first.`,
      );
    }
    return record;
  }

  async #source(record: TokenRecord): Promise<TokenRecord> {
    return record.sharesFrom ? this.#record(record.sharesFrom) : record;
  }

  #status(
    record: TokenRecord,
    sourceId: string,
    state: SyncStateRecord | undefined,
  ): VppSyncStatus {
    const now = this.#now();
    const running = Boolean(
      state?.leaseExpiresAt && state.leaseExpiresAt > now && state.runningBy,
    );
    const { reason, message } = outOfDate(state, now, this.#o.config.maxAgeMs);
    return {
      tokenId: record.id,
      sourceTokenId: sourceId,
      lastSyncAt: state?.lastSyncAt?.toISOString(),
      lastFullSyncAt: state?.lastFullSyncAt?.toISOString(),
      running,
      runningSince: running ? state?.runningSince?.toISOString() : undefined,
      lastError: state?.lastError,
      lastErrorAt: state?.lastErrorAt?.toISOString(),
      outOfDate: reason !== undefined,
      outOfDateReason: reason,
      outOfDateMessage: message,
      countsChangedAt: state?.countsChangedAt?.toISOString(),
      assetCount: state?.assetCount ?? 0,
      assignmentCount: state?.assignmentCount ?? 0,
      lowLicenseThreshold: this.#o.config.lowLicenseThreshold,
    };
  }
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

function hashBearer(bearer: string): string {
  return createHash('sha256').update(bearer).digest('hex');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
