import {
  MdmAction,
  MdmAppInstall,
  MdmCommandResultEvent,
  MdmConnector,
  MdmSendRequest,
  MdmSendResult,
  MdmTarget,
} from '@internal/plugin-vpp-node';
import { VppDistributionPlan } from '@internal/plugin-vpp-common';
import { installApplicationPayload } from '../../mdm';
import { randomUUID } from 'node:crypto';
import { DeviceAppRecord, DeviceState } from '../../database/DeviceStore';
import {
  DistributionItemRecord,
  DistributionRecord,
} from '../../database/DistributionStore';
import { buildInstall } from './installCommand';
import { explain, explainDeviceError, LICENSE_NOT_FOUND } from './itemErrors';
import { compareVersions } from './planning';
import { WorkerContext } from './workerContext';

/**
 * The installing steps of the distribution worker: one `InstallApplication` per app for
 * many devices, under a command id written on the items before it is sent (a retry
 * sends the same id to the same targets); the devices' answers; and the installed-apps
 * checks that confirm the version (an older one is installed again: an update).
 */
export class InstallSteps {
  /**
   * Plans of distributions whose installs are answered, by id: an inventory answer
   * needs its items' apps, and a plan never changes once made.
   */
  readonly #plans = new Map<string, VppDistributionPlan | undefined>();

  constructor(private readonly x: WorkerContext) {}

  async #plan(
    distributionId: string,
  ): Promise<VppDistributionPlan | undefined> {
    if (!this.#plans.has(distributionId)) {
      const d = await this.x.o.store.getDistribution(distributionId);
      if (this.#plans.size >= 100) this.#plans.clear();
      this.#plans.set(distributionId, d?.plan);
    }
    return this.#plans.get(distributionId);
  }

  /**
   * Sends the installs of licensed items, in rounds of `installBatchSize` items: each
   * round is queued and its devices woken before the next is claimed, so the first
   * devices install while later ones are still being queued, and only one round's sends
   * are held in memory.
   */
  async install(d: DistributionRecord): Promise<void> {
    if (!this.x.o.connector) return;
    // Sends that a dead worker began: the same id to the same targets.
    const resend = await this.x.o.store.claimItems({
      ...this.x.lease(),
      distributionId: d.id,
      states: ['licensed'],
      limit: this.x.c.batchSize,
      withCommand: true,
    });
    let commandIds = resend.map(i => i.commandId!);
    for (let sent = 0; sent < this.x.c.batchSize; ) {
      const fresh = await this.x.o.store.claimItems({
        ...this.x.lease(),
        distributionId: d.id,
        states: ['licensed'],
        limit: Math.min(this.x.c.installBatchSize, this.x.c.batchSize - sent),
        withCommand: false,
      });
      await this.#installRound(d, fresh, commandIds);
      commandIds = [];
      sent += fresh.length;
      if (fresh.length < this.x.c.installBatchSize) return;
    }
  }

  async #installRound(
    d: DistributionRecord,
    fresh: DistributionItemRecord[],
    resent: string[],
  ): Promise<void> {
    const { store } = this.x.o;
    const commandIds = new Set(resent);
    // One send per app and command body, at most one MDM batch each: the device then
    // gets the very id recorded here (a connector derives ids for several bodies or
    // batches, and an answer may arrive before a derived id could be recorded).
    const groups = new Map<string, DistributionItemRecord[]>();
    const bodies = new Map<string, MdmAppInstall>();
    for (const item of fresh) {
      let app = bodies.get(item.adamId);
      if (!app) {
        const action = await buildInstall(
          d,
          item.adamId,
          d.plan.apps.find(a => a.adamId === item.adamId)?.bundleId,
          this.x.o.settings,
        );
        app = (action as Extract<MdmAction, { type: 'install-app' }>).app;
        bodies.set(item.adamId, app);
      }
      const body = JSON.stringify(
        installApplicationPayload(app, {
          platform: item.devicePlatform as MdmTarget['platform'],
          osVersion: item.osVersion ?? undefined,
        }),
      );
      const k = `${item.adamId}\u0000${item.installAttempts}\u0000${body}`;
      const group = groups.get(k);
      if (group) group.push(item);
      else groups.set(k, [item]);
    }
    for (const items of groups.values()) {
      for (let i = 0; i < items.length; i += this.x.c.sendBatchSize) {
        const batch = items.slice(i, i + this.x.c.sendBatchSize);
        const commandId = randomUUID();
        // Recorded before sending: a retried send uses this id and these items.
        await store.updateItems(
          batch.map(item => item.id),
          ['licensed'],
          { commandId, installAttempts: batch[0].installAttempts + 1 },
          this.x.now(),
        );
        commandIds.add(commandId);
      }
    }
    await this.#sendInstalls(d, [...commandIds]);
  }

  /**
   * Sends the installs recorded under these command ids, all queued before any device is
   * woken (the connector's `sendMany`): a device getting several apps fetches them in
   * one check-in.
   */
  async #sendInstalls(
    d: DistributionRecord,
    commandIds: string[],
  ): Promise<void> {
    const { store } = this.x.o;
    const connector = this.x.o.connector!;
    const sends: Array<{
      request: MdmSendRequest;
      items: DistributionItemRecord[];
    }> = [];
    for (const commandId of commandIds) {
      const items = await store.itemsOfCommand(commandId);
      if (items.length === 0) continue;
      const app = d.plan.apps.find(a => a.adamId === items[0].adamId);
      const action = await buildInstall(
        d,
        items[0].adamId,
        app?.bundleId,
        this.x.o.settings,
      );
      const targets: MdmTarget[] = items.map(i => ({
        enrollmentId: i.enrollmentId,
        platform: i.devicePlatform as MdmTarget['platform'],
        osVersion: i.osVersion ?? undefined,
      }));
      sends.push({ request: { commandId, action, targets }, items });
    }
    if (sends.length === 0) return;
    const requests = sends.map(s => s.request);
    let results: MdmSendResult[];
    try {
      results = connector.sendMany
        ? await connector.sendMany(requests)
        : await sendOneByOne(connector, requests);
    } catch (error) {
      this.x.o.logger.warn(
        `Installs for distribution ${d.id}: the MDM could not be reached (${
          (error as Error).message
        }); sent again next pass`,
      );
      await store.releaseItems(
        sends.flatMap(s => s.items.map(i => i.id)),
        this.x.owner,
      );
      return;
    }
    const now = this.x.now();
    for (const [n, { items }] of sends.entries()) {
      await this.#recordSend(items, results[n], now);
    }
  }

  /** What the MDM did with one install send: queued items wait for the answer. */
  async #recordSend(
    items: DistributionItemRecord[],
    result: MdmSendResult,
    now: Date,
  ): Promise<void> {
    const { store } = this.x.o;
    const byEnrollment = new Map(items.map(i => [i.enrollmentId, i]));
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
      // Only items the answer has not moved on yet (an answer can come first).
      await store.updateItems(
        ids,
        ['licensed'],
        {
          state: 'queued',
          deviceCommandId,
          verifyAt: new Date(now.getTime() + this.x.c.answerTimeoutMs),
        },
        now,
        result.commandId,
      );
    }
    await store.releaseItems(
      items.map(i => i.id),
      this.x.owner,
    );
  }

  /** A device answered a command; acts when it is one of a distribution's installs. */
  async onCommandResult(event: MdmCommandResultEvent): Promise<void> {
    const { store } = this.x.o;
    const now = this.x.now();
    // `licensed` too: a device may answer before the send's outcome is recorded (the
    // item has the command id, not yet the `queued` state).
    const active: DistributionItemRecord['state'][] = [
      'licensed',
      'queued',
      'acknowledged',
      'installing',
    ];
    if (event.status === 'acknowledged') {
      // Answers to lists and queries are never an install's.
      if (event.installedApps || event.managedApps || event.deviceFacts) return;
      // The most frequent answer: one statement, which changes nothing when the
      // command is not an install of ours.
      const state = event.installState?.state;
      await store.updateItemByCommand(
        event.enrollmentId,
        event.commandId,
        active,
        {
          state:
            state === 'Installing' ||
            state === 'Queued' ||
            state === 'Prompting'
              ? 'installing'
              : 'acknowledged',
          verifyAt: new Date(now.getTime() + this.x.c.verifyDelayMs),
        },
        now,
      );
      return;
    }
    const item = await store.findItemByCommand(
      event.enrollmentId,
      event.commandId,
    );
    if (!item) return;
    if (event.status === 'error' || event.status === 'format-error') {
      const { errorNumber, explanation } = explainDeviceError(
        event.errors ?? [],
      );
      if (
        errorNumber === LICENSE_NOT_FOUND &&
        item.installAttempts < this.x.c.maxInstallAttempts &&
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
    const d = await this.x.o.store.getDistribution(item.distributionId);
    if (!d) return false;
    if (item.preLicensed) return true;
    const entries = await this.x.o.ledger.listAll(d.sourceTokenId, [
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
    const { store } = this.x.o;
    const items = await store.openItemsOfEnrollment(device.enrollmentId);
    if (items.length === 0) return;
    const now = this.x.now();
    const installing: number[] = [];
    const update: number[] = [];
    /** Installed items by version. */
    const installed = new Map<string | null, number[]>();
    for (const item of items) {
      const app = (await this.#plan(item.distributionId))?.apps.find(
        a => a.adamId === item.adamId,
      );
      const found = apps.find(
        a =>
          a.adamId === item.adamId ||
          (app?.bundleId && a.bundleId === app.bundleId),
      );
      if (!found) continue;
      if (found.installing) {
        installing.push(item.id);
        continue;
      }
      const old =
        app?.storeVersion &&
        found.version &&
        compareVersions(found.version, app.storeVersion) < 0;
      if (old && item.installAttempts < this.x.c.maxInstallAttempts) {
        // Installed in an older version than the App Store's: install again (update).
        update.push(item.id);
        continue;
      }
      const version = found.version ?? null;
      installed.set(version, [...(installed.get(version) ?? []), item.id]);
    }
    if (installing.length) {
      await store.updateItems(
        installing,
        ['queued', 'acknowledged'],
        { state: 'installing' },
        now,
      );
    }
    if (update.length) {
      await store.updateItems(
        update,
        ['acknowledged', 'installing'],
        { state: 'licensed', commandId: null, deviceCommandId: null },
        now,
      );
    }
    for (const [version, ids] of installed) {
      await store.recordInstalled(ids, version, now);
    }
  }

  /** Asks devices whose answer came (or is overdue) for their installed apps. */
  async verify(d: DistributionRecord): Promise<void> {
    const { store, devices } = this.x.o;
    const connector = this.x.o.connector;
    if (!connector) return;
    const items = await store.claimItems({
      ...this.x.lease(),
      distributionId: d.id,
      states: ['queued', 'acknowledged', 'installing'],
      limit: this.x.c.batchSize,
      verifyDue: true,
    });
    if (items.length === 0) return;
    const now = this.x.now();
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
      this.x.o.logger.warn(
        `Verifying installs of distribution ${d.id}: ${
          (error as Error).message
        }`,
      );
    }
    // Without an answer yet: the next ask after the answer timeout, not every interval.
    await store.updateItems(
      items.map(i => i.id),
      ['queued'],
      { verifyAt: new Date(now.getTime() + this.x.c.answerTimeoutMs) },
      now,
    );
    await store.updateItems(
      items.map(i => i.id),
      ['acknowledged', 'installing'],
      { verifyAt: new Date(now.getTime() + this.x.c.verifyIntervalMs) },
      now,
    );
    await store.releaseItems(
      items.map(i => i.id),
      this.x.owner,
    );
  }
}

/** For connectors without `sendMany`: each request on its own (a push each). */
async function sendOneByOne(
  connector: MdmConnector,
  requests: MdmSendRequest[],
): Promise<MdmSendResult[]> {
  const results: MdmSendResult[] = [];
  for (const request of requests) results.push(await connector.send(request));
  return results;
}
