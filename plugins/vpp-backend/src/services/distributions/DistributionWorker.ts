import { LoggerService } from '@backstage/backend-plugin-api';
import {
  MdmCommandResultEvent,
  MdmConnector,
  MdmTarget,
} from '@internal/plugin-vpp-node';
import { randomUUID } from 'node:crypto';
import { ManageAssetsRequest, summarizeEventResult } from '../../apple';
import { isAppleVppError } from '../../apple/errors';
import {
  DeviceAppRecord,
  DeviceState,
  DeviceStore,
} from '../../database/DeviceStore';
import {
  AppleCallRecord,
  DistributionItemRecord,
  DistributionRecord,
  DistributionStore,
} from '../../database/DistributionStore';
import { LedgerKey, LicenseStore } from '../../database/LicenseStore';
import { TokenStore } from '../../database/TokenStore';
import { describeAppleFailure } from '../appleFailures';
import { outcomePairs, pairKey, planPairRequests } from '../licensePlan';
import { SettingsService } from '../SettingsService';
import { AppleClients } from './appleAccess';
import { buildInstall } from './installCommand';
import {
  explain,
  explainAppleItemError,
  explainDeviceError,
  LICENSE_NOT_FOUND,
} from './itemErrors';
import { compareVersions } from './planning';

/** How the worker paces itself; every value has a default fit for production. */
export interface DistributionWorkerConfig {
  /** How long a claimed row is a worker's own; a dead worker's rows wait this long. */
  leaseMs: number;
  /** Items licensed or installed per step of a pass. */
  batchSize: number;
  /** Wait before the first poll of Apple's event, and between polls (Apple: 30 s). */
  eventFirstPollMs: number;
  eventPollMs: number;
  /**
   * A call whose sender died while sending is checked at Apple only after this long, so
   * Apple has finished it (its assignments show then).
   */
  sendingGraceMs: number;
  /** InstallApplication sends per item (9610 retries and updates included). */
  maxInstallAttempts: number;
  /** Wait after an answer before asking for the installed apps, and between asks. */
  verifyDelayMs: number;
  verifyIntervalMs: number;
  /** A ledger claim older than this is taken over (its process died). */
  claimStaleMs: number;
}

export const DEFAULT_WORKER_CONFIG: DistributionWorkerConfig = {
  leaseMs: 120_000,
  batchSize: 5000,
  eventFirstPollMs: 5_000,
  eventPollMs: 30_000,
  sendingGraceMs: 10 * 60_000,
  maxInstallAttempts: 3,
  verifyDelayMs: 10_000,
  verifyIntervalMs: 60_000,
  claimStaleMs: 3_600_000,
};

const OPEN_STATES = [
  'pending',
  'licensing',
  'licensed',
  'queued',
  'acknowledged',
  'installing',
] as const;

export interface DistributionWorkerOptions {
  store: DistributionStore;
  tokens: TokenStore;
  ledger: LicenseStore;
  apple: AppleClients;
  devices: DeviceStore;
  settings: SettingsService;
  connector?: MdmConnector;
  logger: LoggerService;
  config?: Partial<DistributionWorkerConfig>;
  now?: () => Date;
}

/**
 * Advances every running distribution one step per pass (R-DIST-4 to R-DIST-8). Each
 * step claims its rows with a lease, records what it is about to do, does it, and
 * records the result, so a pass killed anywhere — or two instances at once — neither
 * loses an item nor associates a license or sends an install twice.
 */
export class DistributionWorker {
  readonly #o: DistributionWorkerOptions;
  readonly #c: DistributionWorkerConfig;
  readonly #now: () => Date;
  readonly #owner = randomUUID();

  constructor(options: DistributionWorkerOptions) {
    this.#o = options;
    this.#c = { ...DEFAULT_WORKER_CONFIG, ...options.config };
    this.#now = options.now ?? (() => new Date());
  }

  get config(): DistributionWorkerConfig {
    return this.#c;
  }

  async runPass(options: { signal?: AbortSignal } = {}): Promise<void> {
    const { store } = this.#o;
    await store.startDue(this.#now());
    for (const distribution of await store.listActive()) {
      if (options.signal?.aborted) return;
      try {
        await this.#advance(distribution);
      } catch (error) {
        this.#o.logger.error(
          `Distribution ${distribution.id}: ${(error as Error).message}`,
        );
      }
    }
  }

  async #advance(d: DistributionRecord): Promise<void> {
    await this.#recoverCalls(d);
    await this.#followEvents(d);
    if (d.state === 'running') {
      await this.#license(d);
      await this.#install(d);
      await this.#verify(d);
    } else {
      await this.#cancelOpen(d);
    }
    await this.#finish(d);
  }

  #lease() {
    const now = this.#now();
    return {
      now,
      owner: this.#owner,
      leaseUntil: new Date(now.getTime() + this.#c.leaseMs),
    };
  }

  // ---- Licensing -------------------------------------------------------------------

  async #license(d: DistributionRecord): Promise<void> {
    const { store, ledger } = this.#o;
    const items = await store.claimItems({
      ...this.#lease(),
      distributionId: d.id,
      states: ['pending'],
      limit: this.#c.batchSize,
    });
    if (items.length === 0) return;
    const now = this.#now();
    if (d.licenseMode === 'manual') {
      // R-DIST-3: only licenses held already; the plan checked them, the ledger confirms.
      await store.updateItems(
        items.map(i => i.id),
        ['pending'],
        { state: 'licensed' },
        now,
      );
      return;
    }
    const pricing = new Map(
      d.plan.apps.map(a => [a.adamId, a.pricingParam ?? 'STDQ']),
    );
    const byPair = new Map(items.map(i => [pairKey(i), i]));
    const claim = await ledger.claimAssignments(
      items.map(i => ({
        sourceTokenId: d.sourceTokenId,
        tokenId: d.tokenId,
        adamId: i.adamId,
        serialNumber: i.serialNumber,
        pricingParam: pricing.get(i.adamId) ?? 'STDQ',
        mode: 'auto',
        assignedBy: d.createdBy,
        distributionId: d.id,
      })),
      now,
      new Date(now.getTime() - this.#c.claimStaleMs),
    );
    const claimed = [...claim.claimed];
    const alreadyHeld: number[] = [];
    const busy: number[] = [];
    for (const entry of claim.blocked) {
      const item = byPair.get(pairKey(entry))!;
      if (entry.state === 'assigned') {
        alreadyHeld.push(item.id);
      } else if (
        entry.state === 'assigning' &&
        entry.distributionId === d.id &&
        !entry.eventId
      ) {
        // Our own claim from a pass that died before planning its call: never sent.
        claimed.push(entry);
      } else {
        busy.push(item.id);
      }
    }
    if (alreadyHeld.length) {
      await store.updateItems(
        alreadyHeld,
        ['pending'],
        { state: 'licensed', preLicensed: true },
        now,
      );
    }
    await store.releaseItems(busy, this.#owner);
    if (claimed.length === 0) return;

    const source = await this.#o.tokens.getToken(d.sourceTokenId);
    if (!source) return;
    const client = await this.#o.apple.forToken(source);
    const limits = await client.getLimits();
    const requests = planPairRequests(claimed, pricing, limits);
    const calls = requests.map(request => ({
      call: {
        id: randomUUID(),
        distributionId: d.id,
        sourceTokenId: d.sourceTokenId,
        request: {
          assets: request.assets.map(a => ({
            adamId: a.adamId,
            pricingParam: a.pricingParam,
          })),
          serialNumbers: request.serialNumbers ?? [],
        },
        state: 'planned' as const,
        eventId: null,
        nextPollAt: null,
        createdAt: now,
        updatedAt: now,
      },
      itemIds: (request.serialNumbers ?? []).flatMap(serialNumber =>
        request.assets
          .map(a => byPair.get(pairKey({ adamId: a.adamId, serialNumber })))
          .filter((i): i is DistributionItemRecord => i !== undefined)
          .map(i => i.id),
      ),
    }));
    const { owner, leaseUntil } = this.#lease();
    await store.planCalls(calls, now, { owner, leaseUntil });
    for (const { call } of calls) {
      await this.#send(client, call);
    }
  }

  async #send(
    client: Awaited<ReturnType<AppleClients['forToken']>>,
    call: AppleCallRecord,
  ): Promise<void> {
    const { store, ledger } = this.#o;
    const keys = this.#keys(call);
    // Recorded before the request: after a crash from here on, Apple is asked first.
    if (
      !(await store.updateCall(
        call.id,
        ['planned'],
        { state: 'sending' },
        this.#now(),
      ))
    ) {
      return;
    }
    try {
      const { eventId } = await client.associateAssets(
        call.request as ManageAssetsRequest,
      );
      const now = this.#now();
      await ledger.setEventId(keys, eventId, now);
      await store.updateCall(
        call.id,
        ['sending'],
        {
          state: 'sent',
          eventId,
          nextPollAt: new Date(now.getTime() + this.#c.eventFirstPollMs),
        },
        now,
      );
    } catch (error) {
      if (isAppleVppError(error) && error.requestMayHaveBeenProcessed) {
        // Left `sending`: checked at Apple once the grace has passed.
        this.#o.logger.warn(
          `Apple's answer to a license call of distribution ${call.distributionId} was lost; it is checked at Apple later`,
        );
        return;
      }
      const now = this.#now();
      await ledger.revert(keys, 'assigning', now);
      const items = await store.itemsOfCall(call.id);
      await store.updateItems(
        items.map(i => i.id),
        ['licensing'],
        {
          state: 'failed',
          errorNumber:
            isAppleVppError(error) && error.errorNumber !== undefined
              ? error.errorNumber
              : null,
          explanation:
            isAppleVppError(error) && error.errorNumber !== undefined
              ? explainAppleItemError(error.errorNumber)
              : explain(
                  `Apple could not be asked for the license: ${describeAppleFailure(
                    error,
                  )}`,
                  `Apple にライセンスを要求できませんでした: ${describeAppleFailure(
                    error,
                  )}`,
                  {
                    en: 'Retry the failed items.',
                    ja: '失敗した項目を再試行してください。',
                  },
                ),
        },
        now,
      );
      await store.updateCall(call.id, ['sending'], { state: 'done' }, now);
    }
  }

  #keys(call: AppleCallRecord): LedgerKey[] {
    return call.request.assets.flatMap(a =>
      call.request.serialNumbers.map(serialNumber => ({
        sourceTokenId: call.sourceTokenId,
        adamId: a.adamId,
        serialNumber,
      })),
    );
  }

  /**
   * Calls a dead worker left: `planned` ones were never sent (their pairs go back to
   * pending); `sending` ones may have reached Apple, so Apple's assignments decide.
   */
  async #recoverCalls(d: DistributionRecord): Promise<void> {
    const { store, ledger } = this.#o;
    const planned = await store.claimCalls({
      ...this.#lease(),
      distributionId: d.id,
      states: ['planned'],
    });
    for (const call of planned) {
      const now = this.#now();
      await ledger.revert(this.#keys(call), 'assigning', now);
      const items = await store.itemsOfCall(call.id);
      await store.updateItems(
        items.map(i => i.id),
        ['licensing'],
        { state: 'pending', appleCallId: null },
        now,
      );
      await store.updateCall(call.id, ['planned'], { state: 'done' }, now);
    }
    const now = this.#now();
    const sending = await store.claimCalls({
      ...this.#lease(),
      distributionId: d.id,
      states: ['sending'],
      updatedBefore: new Date(now.getTime() - this.#c.sendingGraceMs),
    });
    if (sending.length === 0) return;
    const source = await this.#o.tokens.getToken(d.sourceTokenId);
    if (!source) return;
    const client = await this.#o.apple.forToken(source);
    for (const call of sending) {
      const held = new Set<string>();
      const serials = new Set(call.request.serialNumbers);
      for (const asset of call.request.assets) {
        for await (const page of client.iterateAssignments({
          adamId: asset.adamId,
        })) {
          for (const a of page.assignments) {
            if (a.serialNumber && serials.has(a.serialNumber)) {
              held.add(
                pairKey({ adamId: asset.adamId, serialNumber: a.serialNumber }),
              );
            }
          }
        }
      }
      const keys = this.#keys(call);
      const at = this.#now();
      await ledger.confirmAssigned(
        keys.filter(k => held.has(pairKey(k))),
        at,
      );
      await ledger.revert(
        keys.filter(k => !held.has(pairKey(k))),
        'assigning',
        at,
      );
      const items = await store.itemsOfCall(call.id);
      await store.updateItems(
        items.filter(i => held.has(pairKey(i))).map(i => i.id),
        ['licensing'],
        { state: 'licensed' },
        at,
      );
      await store.updateItems(
        items.filter(i => !held.has(pairKey(i))).map(i => i.id),
        ['licensing'],
        { state: 'pending', appleCallId: null },
        at,
      );
      await store.updateCall(call.id, ['sending'], { state: 'done' }, at);
    }
  }

  /** Polls Apple's events whose poll is due (Apple's pace), and settles finished ones. */
  async #followEvents(d: DistributionRecord): Promise<void> {
    const { store, ledger } = this.#o;
    const calls = await store.claimCalls({
      ...this.#lease(),
      distributionId: d.id,
      states: ['sent'],
    });
    if (calls.length === 0) return;
    const source = await this.#o.tokens.getToken(d.sourceTokenId);
    if (!source) return;
    const client = await this.#o.apple.forToken(source);
    for (const call of calls) {
      const request = call.request as ManageAssetsRequest;
      let status;
      try {
        status = await client.getEventStatus(call.eventId!);
      } catch (error) {
        this.#o.logger.warn(
          `Apple's event ${call.eventId}: ${describeAppleFailure(error)}`,
        );
        await store.releaseCall(call.id, this.#owner);
        continue;
      }
      const final =
        status.eventStatus === 'COMPLETE' || status.eventStatus === 'FAILED';
      const now = this.#now();
      if (!final) {
        await store.updateCall(
          call.id,
          ['sent'],
          { nextPollAt: new Date(now.getTime() + this.#c.eventPollMs) },
          now,
        );
        await store.releaseCall(call.id, this.#owner);
        continue;
      }
      const outcome = outcomePairs(request, {
        ...summarizeEventResult(request, status),
        final,
      });
      const key = (p: { adamId: string; serialNumber: string }) => ({
        sourceTokenId: call.sourceTokenId,
        ...p,
      });
      await ledger.confirmAssigned(outcome.succeeded.map(key), now);
      await ledger.revert(outcome.failed.map(key), 'assigning', now);
      const items = new Map(
        (await store.itemsOfCall(call.id)).map(i => [pairKey(i), i]),
      );
      const ids = (pairs: Array<{ adamId: string; serialNumber: string }>) =>
        pairs
          .map(p => items.get(pairKey(p))?.id)
          .filter((id): id is number => id !== undefined);
      await store.updateItems(
        ids(outcome.succeeded),
        ['licensing'],
        { state: d.state === 'cancelled' ? 'cancelled' : 'licensed' },
        now,
      );
      for (const failure of outcome.failed) {
        await store.updateItems(
          ids([failure]),
          ['licensing'],
          {
            state: 'failed',
            errorNumber: failure.errorNumber ?? null,
            explanation: explainAppleItemError(failure.errorNumber),
          },
          now,
        );
      }
      // Final but Apple leaves these open: checked at Apple like a lost answer.
      if (outcome.pending.length) {
        await store.updateItems(
          ids(outcome.pending),
          ['licensing'],
          {
            state: 'failed',
            explanation: explain(
              "Apple's result for this license is unknown.",
              'このライセンスの Apple での結果は不明です。',
              {
                en: 'Sync the token, then retry the failed items.',
                ja: 'トークンを同期してから、失敗した項目を再試行してください。',
              },
            ),
          },
          now,
        );
        await ledger.revert(outcome.pending.map(key), 'assigning', now);
      }
      await store.updateCall(call.id, ['sent'], { state: 'done' }, now);
    }
  }

  /**
   * Apple's `ASSET_MANAGEMENT` notification for an event: its call is polled at the next
   * pass instead of at Apple's pace. True when the event is one of ours.
   */
  async eventProgressed(eventId: string): Promise<boolean> {
    return this.#o.store.pollCallNow(eventId, this.#now());
  }

  // ---- Installing ------------------------------------------------------------------

  async #install(d: DistributionRecord): Promise<void> {
    const { store } = this.#o;
    const connector = this.#o.connector;
    if (!connector) return;
    // Sends that a dead worker began: the same id to the same targets.
    const resend = await store.claimItems({
      ...this.#lease(),
      distributionId: d.id,
      states: ['licensed'],
      limit: this.#c.batchSize,
      withCommand: true,
    });
    for (const commandId of new Set(resend.map(i => i.commandId!))) {
      await this.#sendInstall(d, commandId);
    }
    const fresh = await store.claimItems({
      ...this.#lease(),
      distributionId: d.id,
      states: ['licensed'],
      limit: this.#c.batchSize,
      withCommand: false,
    });
    const groups = new Map<string, DistributionItemRecord[]>();
    for (const item of fresh) {
      const k = `${item.adamId}\u0000${item.installAttempts}`;
      groups.set(k, [...(groups.get(k) ?? []), item]);
    }
    for (const items of groups.values()) {
      const commandId = randomUUID();
      // Recorded before sending: a retried send uses this id and these items.
      await store.updateItems(
        items.map(i => i.id),
        ['licensed'],
        { commandId, installAttempts: items[0].installAttempts + 1 },
        this.#now(),
      );
      await this.#sendInstall(d, commandId);
    }
  }

  async #sendInstall(d: DistributionRecord, commandId: string): Promise<void> {
    const { store } = this.#o;
    const items = await store.itemsOfCommand(commandId);
    if (items.length === 0) return;
    const app = d.plan.apps.find(a => a.adamId === items[0].adamId);
    const action = await buildInstall(
      d,
      items[0].adamId,
      app?.bundleId,
      this.#o.settings,
    );
    const targets: MdmTarget[] = items.map(i => ({
      enrollmentId: i.enrollmentId,
      platform: i.devicePlatform as MdmTarget['platform'],
      osVersion: i.osVersion ?? undefined,
    }));
    let result;
    try {
      result = await this.#o.connector!.send({ commandId, action, targets });
    } catch (error) {
      this.#o.logger.warn(
        `Install of ${items[0].adamId} for distribution ${
          d.id
        }: the MDM could not be reached (${
          (error as Error).message
        }); sent again next pass`,
      );
      await store.releaseItems(
        items.map(i => i.id),
        this.#owner,
      );
      return;
    }
    const byEnrollment = new Map(items.map(i => [i.enrollmentId, i]));
    const now = this.#now();
    const queued = new Map<string, number[]>();
    for (const r of result.results) {
      const item = byEnrollment.get(r.enrollmentId);
      if (!item) continue;
      if (r.queued) {
        queued.set(r.commandId, [...(queued.get(r.commandId) ?? []), item.id]);
      } else {
        await store.updateItems(
          [item.id],
          ['licensed'],
          {
            state: 'failed',
            explanation: explain(
              `The MDM did not queue the install: ${
                r.error ?? 'no reason given'
              }.`,
              `MDM がインストールをキューに入れませんでした: ${
                r.error ?? '理由不明'
              }`,
              {
                en: 'Check that the device is enrolled, then retry the failed items.',
                ja: 'デバイスが登録されていることを確認し、失敗した項目を再試行してください。',
              },
            ),
          },
          now,
        );
      }
    }
    for (const [deviceCommandId, ids] of queued) {
      await store.updateItems(
        ids,
        ['licensed'],
        {
          state: 'queued',
          deviceCommandId,
          verifyAt: new Date(now.getTime() + this.#c.verifyIntervalMs),
        },
        now,
      );
    }
    await store.releaseItems(
      items.map(i => i.id),
      this.#owner,
    );
  }

  // ---- Answers and verification ----------------------------------------------------

  /** A device answered a command; acts when it is one of a distribution's installs. */
  async onCommandResult(event: MdmCommandResultEvent): Promise<void> {
    const { store } = this.#o;
    const item = await store.findItemByCommand(
      event.enrollmentId,
      event.commandId,
    );
    if (!item) return;
    const now = this.#now();
    const active: DistributionItemRecord['state'][] = [
      'queued',
      'acknowledged',
      'installing',
    ];
    if (event.status === 'acknowledged') {
      const state = event.installState?.state;
      await store.updateItems(
        [item.id],
        active,
        {
          state:
            state === 'Installing' ||
            state === 'Queued' ||
            state === 'Prompting'
              ? 'installing'
              : 'acknowledged',
          verifyAt: new Date(now.getTime() + this.#c.verifyDelayMs),
        },
        now,
      );
    } else if (event.status === 'error' || event.status === 'format-error') {
      const { errorNumber, explanation } = explainDeviceError(
        event.errors ?? [],
      );
      if (
        errorNumber === LICENSE_NOT_FOUND &&
        item.installAttempts < this.#c.maxInstallAttempts &&
        (await this.#licenseConfirmed(item))
      ) {
        // The association is confirmed; the device sees it on a later try.
        await store.updateItems(
          [item.id],
          active,
          {
            state: 'licensed',
            commandId: null,
            deviceCommandId: null,
            errorNumber,
          },
          now,
        );
        return;
      }
      await store.updateItems(
        [item.id],
        active,
        {
          state: 'failed',
          errorNumber,
          explanation,
        },
        now,
      );
    }
  }

  async #licenseConfirmed(item: DistributionItemRecord): Promise<boolean> {
    const d = await this.#o.store.getDistribution(item.distributionId);
    if (!d) return false;
    if (item.preLicensed) return true;
    const entries = await this.#o.ledger.listAll(d.sourceTokenId, [
      item.adamId,
    ]);
    return entries.some(
      e => e.serialNumber === item.serialNumber && e.state === 'assigned',
    );
  }

  /** A device's new inventory: installed items, versions, and updates of old ones. */
  async onInventory(
    device: DeviceState,
    apps: DeviceAppRecord[],
  ): Promise<void> {
    const { store } = this.#o;
    const items = await store.openItemsOfEnrollment(device.enrollmentId);
    if (items.length === 0) return;
    const now = this.#now();
    const plans = new Map<string, DistributionRecord | undefined>();
    for (const item of items) {
      if (!plans.has(item.distributionId)) {
        plans.set(
          item.distributionId,
          await store.getDistribution(item.distributionId),
        );
      }
      const app = plans
        .get(item.distributionId)
        ?.plan.apps.find(a => a.adamId === item.adamId);
      const found = apps.find(
        a =>
          a.adamId === item.adamId ||
          (app?.bundleId && a.bundleId === app.bundleId),
      );
      if (!found) continue;
      if (found.installing) {
        await store.updateItems(
          [item.id],
          ['queued', 'acknowledged'],
          { state: 'installing' },
          now,
        );
        continue;
      }
      const old =
        app?.storeVersion &&
        found.version &&
        compareVersions(found.version, app.storeVersion) < 0;
      if (old && item.installAttempts < this.#c.maxInstallAttempts) {
        // Installed in an older version than the App Store's: install again (update).
        await store.updateItems(
          [item.id],
          ['acknowledged', 'installing'],
          {
            state: 'licensed',
            commandId: null,
            deviceCommandId: null,
          },
          now,
        );
        continue;
      }
      await store.updateItems(
        [item.id],
        ['queued', 'acknowledged', 'installing'],
        { state: 'installed', version: found.version ?? null },
        now,
      );
    }
  }

  /** Asks devices whose answer came (or is overdue) for their installed apps. */
  async #verify(d: DistributionRecord): Promise<void> {
    const { store, devices } = this.#o;
    const connector = this.#o.connector;
    if (!connector) return;
    const items = await store.claimItems({
      ...this.#lease(),
      distributionId: d.id,
      states: ['queued', 'acknowledged', 'installing'],
      limit: this.#c.batchSize,
      verifyDue: true,
    });
    if (items.length === 0) return;
    const now = this.#now();
    const targets = new Map<string, MdmTarget>();
    for (const i of items) {
      targets.set(i.enrollmentId, {
        enrollmentId: i.enrollmentId,
        platform: i.devicePlatform as MdmTarget['platform'],
        osVersion: i.osVersion ?? undefined,
      });
    }
    const commandId = randomUUID();
    await devices.recordCommands(
      [...targets.keys()].map(enrollmentId => ({
        commandId,
        enrollmentId,
        purpose: 'installed-apps',
        sentAt: now,
        status: 'queued' as const,
      })),
    );
    try {
      const result = await connector.send({
        commandId,
        action: { type: 'installed-apps' },
        targets: [...targets.values()],
      });
      await devices.recordCommands(
        result.results
          .filter(r => r.commandId !== commandId)
          .map(r => ({
            commandId: r.commandId,
            enrollmentId: r.enrollmentId,
            purpose: 'installed-apps',
            sentAt: now,
            status: r.queued ? ('queued' as const) : ('failed' as const),
          })),
      );
    } catch (error) {
      this.#o.logger.warn(
        `Verifying installs of distribution ${d.id}: ${
          (error as Error).message
        }`,
      );
    }
    await store.updateItems(
      items.map(i => i.id),
      ['queued', 'acknowledged', 'installing'],
      { verifyAt: new Date(now.getTime() + this.#c.verifyIntervalMs) },
      now,
    );
    await store.releaseItems(
      items.map(i => i.id),
      this.#owner,
    );
  }

  // ---- Ending ----------------------------------------------------------------------

  async #cancelOpen(d: DistributionRecord): Promise<void> {
    const items = await this.#o.store.claimItems({
      ...this.#lease(),
      distributionId: d.id,
      states: ['pending', 'licensed'],
      limit: this.#c.batchSize,
      withCommand: false,
    });
    await this.#o.store.updateItems(
      items.map(i => i.id),
      ['pending', 'licensed'],
      { state: 'cancelled' },
      this.#now(),
    );
  }

  async #finish(d: DistributionRecord): Promise<void> {
    if (d.state !== 'running') return;
    const counts = (await this.#o.store.countItems([d.id])).get(d.id) ?? {};
    if (OPEN_STATES.some(s => (counts[s] ?? 0) > 0)) return;
    await this.#o.store.setDistributionState(
      d.id,
      ['running'],
      (counts.failed ?? 0) > 0 ? 'completed-with-failures' : 'completed',
      this.#now(),
    );
  }
}
