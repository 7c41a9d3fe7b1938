import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  VppDistribution,
  VppDistributionDryRun,
  VppDistributionItem,
  VppDistributionItemList,
  VppDistributionItemQuery,
  VppDistributionList,
  VppDistributionListQuery,
  VppDistributionRequest,
} from '@internal/plugin-vpp-common';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { ContentStore } from '../../database/ContentStore';
import {
  DistributionItemRecord,
  DistributionRecord,
  DistributionStore,
} from '../../database/DistributionStore';
import { LicenseStore } from '../../database/LicenseStore';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  TokenFilter,
  TokenRecord,
  TokenStore,
} from '../../database/TokenStore';
import { DeviceAccess } from '../deviceAccess';
import { DeviceService } from '../DeviceService';
import { SettingsService } from '../SettingsService';
import { computeTokenStatus } from '../tokenStatus';
import { pairKeyOf, PlannedApp, planDistribution } from './planning';

export interface DistributionServiceOptions {
  store: DistributionStore;
  tokens: TokenStore;
  content: ContentStore;
  ledger: LicenseStore;
  devices: DeviceService;
  settings: SettingsService;
  warningDays: number;
  /** Called after a distribution was created or retried, to start the worker now. */
  nudge?: () => void;
  now?: () => Date;
}

/**
 * Distributions as the API sees them (R-DIST-1 to R-DIST-3, R-DIST-7): the plan,
 * creation, listing, cancel and retry. The {@link DistributionWorker} does the work.
 */
export class DistributionService {
  readonly #o: DistributionServiceOptions;
  readonly #now: () => Date;

  constructor(options: DistributionServiceOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Plans and (unless `dryRun`) creates a distribution. `access` limits the devices the
   * caller may target (undefined: all).
   */
  async create(
    request: VppDistributionRequest & { dryRun?: false },
    actor: string,
    access?: DeviceAccess,
  ): Promise<VppDistribution>;
  async create(
    request: VppDistributionRequest,
    actor: string,
    access?: DeviceAccess,
  ): Promise<VppDistribution | VppDistributionDryRun>;
  async create(
    request: VppDistributionRequest,
    actor: string,
    access?: DeviceAccess,
  ): Promise<VppDistribution | VppDistributionDryRun> {
    const now = this.#now();
    const record = await this.#token(request.tokenId);
    const source = record.sharesFrom
      ? await this.#token(record.sharesFrom)
      : record;
    this.#assertUsable(record, source);
    const scheduledAt = this.#scheduledAt(request.scheduledAt, source, now);
    const apps = await this.#apps(source, request.adamIds, request.platform);
    await this.#checkSettings(request);
    const devices = await this.#o.devices.findTargets(
      request.targets as never,
      access,
    );
    const held = await this.#held(source, request.adamIds);
    const { plan, items } = planDistribution({
      devices,
      apps,
      platform: request.platform,
      licenseMode: request.licenseMode,
      held,
      allowPartial: request.allowPartial ?? false,
    });
    if (request.dryRun) return { dryRun: true, plan };
    const { dryRun: _dryRun, ...options } = request;
    const distribution: DistributionRecord = {
      id: randomUUID(),
      tokenId: record.id,
      sourceTokenId: source.id,
      adamIds: request.adamIds,
      platform: request.platform,
      licenseMode: request.licenseMode,
      options: { ...options, removable: options.removable ?? true },
      plan,
      state: scheduledAt && scheduledAt > now ? 'scheduled' : 'running',
      createdBy: actor,
      createdAt: now,
      scheduledAt,
      startedAt: scheduledAt && scheduledAt > now ? undefined : now,
      updatedAt: now,
    };
    await this.#o.store.insertDistribution(distribution, items);
    this.#o.nudge?.();
    return this.get(distribution.id);
  }

  /** Distributions of the tokens `filter` lets the caller read (all without it). */
  async list(
    query: VppDistributionListQuery,
    filter?: PermissionCriteria<TokenFilter>,
  ): Promise<VppDistributionList> {
    const readable = filter
      ? (await this.#o.tokens.listTokens({ filter })).map(t => t.id)
      : undefined;
    const tokenIds = query.tokenId
      ? [query.tokenId].filter(id => !readable || readable.includes(id))
      : readable;
    const { items, totalCount } = await this.#o.store.listDistributions({
      tokenIds,
      state: query.state,
      createdBy: query.createdBy,
      offset: query.offset ?? 0,
      limit: query.limit ?? 50,
    });
    const counts = await this.#o.store.countItems(items.map(d => d.id));
    return {
      items: items.map(d => toApi(d, counts.get(d.id) ?? {})),
      totalCount,
    };
  }

  async get(id: string): Promise<VppDistribution> {
    const d = await this.record(id);
    const counts = await this.#o.store.countItems([id]);
    return toApi(d, counts.get(id) ?? {});
  }

  /** The stored distribution (404 when unknown): routers check access on its token. */
  async record(id: string): Promise<DistributionRecord> {
    const d = await this.#o.store.getDistribution(id);
    if (!d) throw new NotFoundError(`No distribution ${id}`);
    return d;
  }

  async listItems(
    id: string,
    query: VppDistributionItemQuery,
  ): Promise<VppDistributionItemList> {
    await this.record(id);
    const { items, totalCount } = await this.#o.store.listItems(id, {
      state: query.state,
      offset: query.offset ?? 0,
      limit: query.limit ?? 100,
    });
    return { items: items.map(toApiItem), totalCount };
  }

  /**
   * Stops a distribution: items not yet sent anywhere are cancelled; licenses Apple is
   * assigning are followed to their end, installs already queued stay with the devices.
   */
  async cancel(id: string): Promise<VppDistribution> {
    const d = await this.record(id);
    if (
      !(await this.#o.store.setDistributionState(
        id,
        ['scheduled', 'running'],
        'cancelled',
        this.#now(),
      ))
    ) {
      throw new ConflictError(
        `Distribution ${id} is ${d.state}; only scheduled or running distributions can be cancelled.`,
      );
    }
    await this.#o.store.cancelUnsentItems(id, this.#now());
    this.#o.nudge?.();
    return this.get(id);
  }

  /** Sends the failed items through again (licensing first, then installing). */
  async retry(id: string): Promise<VppDistribution> {
    const d = await this.record(id);
    if (d.state === 'cancelled' || d.state === 'scheduled') {
      throw new ConflictError(
        `Distribution ${id} is ${d.state}; only failed items of a started distribution can be retried.`,
      );
    }
    const failed: DistributionItemRecord[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await this.#o.store.listItems(id, {
        state: 'failed',
        offset,
        limit: 1000,
      });
      failed.push(...page.items);
      if (page.items.length < 1000) break;
    }
    if (failed.length === 0) {
      throw new ConflictError(`Distribution ${id} has no failed items.`);
    }
    const now = this.#now();
    await this.#o.store.updateItems(
      failed.map(i => i.id),
      ['failed'],
      {
        state: 'pending',
        errorNumber: null,
        explanation: null,
        appleCallId: null,
        commandId: null,
        deviceCommandId: null,
        installAttempts: 0,
        verifyAt: null,
      },
      now,
    );
    await this.#o.store.setDistributionState(
      id,
      ['completed-with-failures', 'completed', 'running'],
      'running',
      now,
    );
    this.#o.nudge?.();
    return this.get(id);
  }

  /** SettingsService's in-use check: scheduled or running distributions using it. */
  isInUse = (setting: { kind: 'app-config' | 'vpn-config'; id: string }) =>
    this.#o.store.findUsingSetting(setting);

  // ------------------------------------------------------------------------------------

  async #token(id: string): Promise<TokenRecord> {
    const t = await this.#o.tokens.getToken(id);
    if (!t) {
      throw new InputError(
        `No content token with id "${id}" is registered here. Register the token first.`,
      );
    }
    return t;
  }

  /** R-TOK-8: an expired, revoked or claimed token is refused with its reason. */
  #assertUsable(record: TokenRecord, source: TokenRecord) {
    for (const t of [source, record]) {
      const { status, statusReason } = computeTokenStatus(
        t,
        this.#now(),
        this.#o.warningDays,
      );
      if (status !== 'ok' && status !== 'expiring') {
        throw new ConflictError(
          `Nothing can be distributed with "${record.displayName}"${
            t === record
              ? ''
              : ` (it shares licenses from "${source.displayName}")`
          } because the token is ${status}. ${statusReason}`,
        );
      }
    }
  }

  /** Seed A: no later than the day before the token expires (UTC). */
  #scheduledAt(
    value: string | undefined,
    source: TokenRecord,
    now: Date,
  ): Date | undefined {
    if (!value) return undefined;
    const at = DateTime.fromISO(value, { setZone: true });
    if (!at.isValid) {
      throw new InputError(
        `scheduledAt "${value}" is not an ISO 8601 instant.`,
      );
    }
    const lastDay = DateTime.fromJSDate(source.expiresAt)
      .toUTC()
      .startOf('day')
      .minus({ days: 1 });
    if (at.toUTC().startOf('day') > lastDay) {
      throw new InputError(
        `scheduledAt must be no later than ${lastDay.toISODate()} (UTC), the day before the token expires on ${DateTime.fromJSDate(
          source.expiresAt,
        )
          .toUTC()
          .toISODate()}.`,
      );
    }
    return at.toJSDate() < now ? now : at.toJSDate();
  }

  async #apps(
    source: TokenRecord,
    adamIds: string[],
    platform: 'ios' | 'macos',
  ): Promise<PlannedApp[]> {
    const state = (await this.#o.content.getStates([source.id])).get(source.id);
    if (!state?.lastSyncAt) {
      throw new ConflictError(
        `The content of "${source.displayName}" has not been synced yet, so its apps are not known; sync the token first.`,
      );
    }
    const problems: string[] = [];
    const apps: PlannedApp[] = [];
    for (const adamId of adamIds) {
      const { items } = await this.#o.content.listAssets(source.id, {
        q: adamId,
        offset: 0,
        limit: 500,
        countryCode: source.countryCode,
      });
      const asset = items.find(a => a.adamId === adamId);
      const label = asset?.name ? `${asset.name} (${adamId})` : adamId;
      if (!asset) {
        problems.push(
          `${adamId} is not among the apps of "${source.displayName}" as of the last sync; sync the token if it was bought since.`,
        );
      } else if (asset.productType !== 'App') {
        problems.push(`${label} is a book; only apps can be distributed.`);
      } else if (!asset.deviceAssignable) {
        problems.push(
          `${label} cannot be assigned to devices (Apple marks it not device-assignable).`,
        );
      } else {
        const platforms = asset.metadataPlatforms ?? asset.platforms;
        const wanted =
          platform === 'ios' ? ['ios', 'ipados'] : ['macos', 'osx'];
        if (
          platforms.length > 0 &&
          !platforms.some(p => wanted.includes(p.toLowerCase()))
        ) {
          problems.push(`${label} does not run on ${platform}.`);
          continue;
        }
        apps.push({
          adamId,
          name: asset.name,
          pricingParam: asset.pricingParam,
          bundleId: asset.bundleId,
          version: asset.version,
          minimumOsVersion: asset.minimumOsVersion,
          available: asset.availableCount,
        });
      }
    }
    if (problems.length) throw new InputError(problems.join(' '));
    return apps;
  }

  async #checkSettings(request: VppDistributionRequest): Promise<void> {
    const problems: string[] = [];
    for (const [adamId, id] of Object.entries(request.appConfigIds ?? {})) {
      if (!request.adamIds.includes(adamId)) {
        problems.push(`appConfigIds names ${adamId}, which is not in adamIds.`);
        continue;
      }
      try {
        await this.#o.settings.getAppConfig(id);
      } catch (error) {
        problems.push(`appConfigIds.${adamId}: no app configuration ${id}.`);
      }
    }
    if (request.vpnConfigId) {
      try {
        const vpn = await this.#o.settings.getVpnConfig(request.vpnConfigId);
        const wanted =
          request.platform === 'ios' ? ['ios', 'ipados'] : ['macos'];
        if (!vpn.platforms.some(p => wanted.includes(p))) {
          problems.push(
            `The VPN setting "${vpn.name}" does not apply to ${request.platform}.`,
          );
        }
      } catch {
        problems.push(`vpnConfigId: no VPN setting ${request.vpnConfigId}.`);
      }
    }
    if (problems.length) throw new InputError(problems.join(' '));
  }

  /** Pairs that hold a license: the ledger's, and Apple's as of the last sync. */
  async #held(source: TokenRecord, adamIds: string[]): Promise<Set<string>> {
    const held = new Set<string>();
    for (const e of await this.#o.ledger.listAll(source.id, adamIds)) {
      if (e.state === 'assigned') held.add(pairKeyOf(e.adamId, e.serialNumber));
    }
    const revoked = new Set(
      (await this.#o.ledger.listAll(source.id, adamIds))
        .filter(e => e.state === 'revoked')
        .map(e => pairKeyOf(e.adamId, e.serialNumber)),
    );
    for (const a of await this.#o.content.loadAssignees(source.id, adamIds)) {
      for (const serial of a.serialNumbers) {
        const k = pairKeyOf(a.adamId, serial);
        if (!revoked.has(k)) held.add(k);
      }
    }
    return held;
  }
}

function toApi(
  d: DistributionRecord,
  counts: VppDistribution['counts'],
): VppDistribution {
  return {
    ...d.options,
    id: d.id,
    tokenId: d.tokenId,
    adamIds: d.adamIds,
    platform: d.platform,
    licenseMode: d.licenseMode,
    state: d.state,
    counts,
    plan: d.plan,
    createdBy: d.createdBy,
    createdAt: d.createdAt.toISOString(),
    ...(d.scheduledAt ? { scheduledAt: d.scheduledAt.toISOString() } : {}),
    ...(d.startedAt ? { startedAt: d.startedAt.toISOString() } : {}),
    ...(d.finishedAt ? { finishedAt: d.finishedAt.toISOString() } : {}),
  };
}

function toApiItem(i: DistributionItemRecord): VppDistributionItem {
  return {
    deviceId: i.deviceId,
    serialNumber: i.serialNumber,
    adamId: i.adamId,
    state: i.state,
    version: i.version,
    errorNumber: i.errorNumber,
    explanation: i.explanation,
    updatedAt: i.updatedAt.toISOString(),
  };
}
