import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  ListAssetsQuery,
  ListAssetsResponse,
  StartSyncResponse,
  VppSyncStatus,
} from '@internal/plugin-vpp-common';
import { durationToMilliseconds } from '@backstage/types';
import { DateTime, Duration } from 'luxon';
import { randomUUID } from 'node:crypto';
import { AppleRequestHolds, SlidingWindowRateLimiter } from '../apple';
import { ContentStore, SyncStateRecord } from '../database/ContentStore';
import { TokenRecord, TokenStore } from '../database/TokenStore';
import { MdmIdentity } from './AppleTokenGateway';
import {
  ReceivedAppleNotification,
  receiveAppleNotification,
} from './appleNotifications';
import { VppSyncConfig } from './config';
import { formatInstant } from './contentFreshness';
import { RunBudget, runContentSync, SyncOutcome } from './contentSyncRun';
import { refreshTokenStatuses } from './statusRefresh';
import { AppMetadataLookup, errorText, SyncDeps } from './syncDeps';
import { TokenCipher } from './TokenCipher';
import { TokenChange } from './TokenService';
import {
  getContentSource,
  getTokenRecord,
  SourceTokenClients,
  unusableSource,
} from './tokenSources';
import { computeTokenStatus } from './tokenStatus';
import { toApiAsset, toSyncStatus } from './syncViews';

export { outOfDate } from './contentFreshness';
export { SUBSCRIBED_NOTIFICATION_TYPES } from './appleNotifications';
export type { RunBudget, SyncOutcome } from './contentSyncRun';
export type { AppMetadataLookup } from './syncDeps';

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
  /** Syncs started in the background (manual, or after a token change), until they end. */
  readonly #background = new Set<Promise<void>>();
  readonly #stopping = new AbortController();
  readonly #deps: SyncDeps;

  constructor(options: SyncServiceOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
    this.#instanceId = options.instanceId ?? randomUUID();
    const clients = new SourceTokenClients(options);
    this.#deps = {
      ...options,
      now: this.#now,
      instanceId: this.#instanceId,
      appleClient: (source, run) => clients.forSource(source, run),
      setAppleState: (source, appleState, reason) =>
        this.#setAppleState(source, appleState, reason),
    };
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
    return toSyncStatus(record, sourceId, state, this.#now(), this.#o.config);
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
      items: items.map(a => toApiAsset(a, threshold)),
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
    await refreshTokenStatuses(
      this.#deps,
      this.#budget(
        options.signal,
        this.#o.config.statusRefreshSchedule.timeout,
      ),
    );
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
  ): Promise<ReceivedAppleNotification> {
    return receiveAppleNotification(this.#deps, authorization, body);
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

  #runHeld(
    source: TokenRecord,
    state: SyncStateRecord,
    options: RunBudget,
  ): Promise<SyncOutcome> {
    return runContentSync(this.#deps, source, state, options);
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
    const unusable = unusableSource(
      source,
      requested,
      this.#now(),
      this.#o.warningDays,
    );
    if (unusable) {
      throw new ConflictError(
        `"${requested.displayName}"${unusable.via} cannot be synced because the token is ${unusable.status}. ${unusable.statusReason}`,
      );
    }
  }

  #record(id: string): Promise<TokenRecord> {
    return getTokenRecord(this.#o.tokens, id);
  }

  #source(record: TokenRecord): Promise<TokenRecord> {
    return getContentSource(this.#o.tokens, record);
  }
}
