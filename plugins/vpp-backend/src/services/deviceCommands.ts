import { LoggerService } from '@backstage/backend-plugin-api';
import { MdmAction, MdmConnector, MdmTarget } from '@internal/plugin-vpp-node';
import { randomUUID } from 'node:crypto';
import { DeviceRecord, DeviceStore } from '../database/DeviceStore';

/** What sending inventory commands needs. */
export interface InventoryCommandSender {
  store: DeviceStore;
  connector?: MdmConnector;
  logger: LoggerService;
  now: () => Date;
}

/** What a new device's inventory consists of (R-MDM-3): facts and installed apps. */
const INVENTORY_ACTIONS: Array<{ purpose: string; action: MdmAction }> = [
  { purpose: 'device-information', action: { type: 'device-information' } },
  { purpose: 'installed-apps', action: { type: 'installed-apps' } },
];

/**
 * Sends the inventory commands, recording each before it is sent so its answer can be
 * tied back. Returns the enrollments the MDM did not queue, with why.
 */
export async function queueInventory(
  sender: InventoryCommandSender,
  devices: Array<Pick<DeviceRecord, 'enrollmentId' | 'platform' | 'osVersion'>>,
): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  const connector = sender.connector;
  if (!connector || devices.length === 0) return failed;
  const targets: MdmTarget[] = devices.map(d => ({
    enrollmentId: d.enrollmentId,
    // Unknown until the DeviceInformation answer; it only matters for installs.
    platform: d.platform ?? 'ios',
    osVersion: d.osVersion ?? undefined,
  }));
  for (const { purpose, action } of INVENTORY_ACTIONS) {
    const commandId = randomUUID();
    const sentAt = sender.now();
    await sender.store.recordCommands(
      targets.map(t => ({
        commandId,
        enrollmentId: t.enrollmentId,
        purpose,
        sentAt,
        status: 'queued',
      })),
    );
    try {
      const result = await connector.send({ commandId, action, targets });
      const notQueued = result.results.filter(r => !r.queued);
      // Each target under the id the device got: the connector derives ids for batches,
      // splits and body variants, and answers carry that id. Rows already recorded under
      // the request's id are left alone (an answer may have arrived meanwhile).
      await sender.store.recordCommands(
        result.results
          .filter(r => !r.queued || r.commandId !== commandId)
          .map(r => ({
            commandId: r.commandId,
            enrollmentId: r.enrollmentId,
            purpose,
            sentAt,
            status: r.queued ? ('queued' as const) : ('failed' as const),
            ...(r.queued ? {} : { error: r.error }),
          })),
      );
      for (const r of notQueued) {
        failed.set(r.enrollmentId, r.error ?? 'The MDM did not queue it.');
      }
    } catch (error) {
      const reason = `The MDM could not be reached: ${
        (error as Error).message
      }`;
      sender.logger.warn(`${purpose} for ${targets.length} devices: ${reason}`);
      await sender.store.recordCommands(
        targets.map(t => ({
          commandId,
          enrollmentId: t.enrollmentId,
          purpose,
          sentAt,
          status: 'failed',
          error: reason,
        })),
      );
      for (const t of targets) failed.set(t.enrollmentId, reason);
    }
  }
  return failed;
}

type InventoryTarget = Pick<
  DeviceRecord,
  'enrollmentId' | 'platform' | 'osVersion'
>;

/**
 * Gathers the devices that enrol at about the same time (a fleet's TokenUpdates arrive
 * in bursts) into one inventory request per command, which the connector sends as one
 * enqueue for many ids and one push. A batch goes when it is full or `maxWaitMs` after
 * its first device; each caller's promise resolves once its batch was sent.
 */
export class InventoryBatcher {
  readonly #sender: InventoryCommandSender;
  readonly #maxBatch: number;
  readonly #maxWaitMs: number;
  #pending: Array<{ target: InventoryTarget; done: () => void }> = [];
  #timer?: ReturnType<typeof setTimeout>;

  constructor(
    sender: InventoryCommandSender,
    options: { maxBatch?: number; maxWaitMs?: number } = {},
  ) {
    this.#sender = sender;
    this.#maxBatch = options.maxBatch ?? 500;
    this.#maxWaitMs = options.maxWaitMs ?? 100;
  }

  request(target: InventoryTarget): Promise<void> {
    return new Promise(done => {
      this.#pending.push({ target, done });
      if (this.#pending.length >= this.#maxBatch) {
        void this.#flush();
      } else if (!this.#timer) {
        this.#timer = setTimeout(() => void this.#flush(), this.#maxWaitMs);
        this.#timer.unref?.();
      }
    });
  }

  async #flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    try {
      const failed = await queueInventory(
        this.#sender,
        batch.map(b => b.target),
      );
      if (failed.size) {
        this.#sender.logger.warn(
          `Inventory commands not queued for ${failed.size} of ${batch.length} enrolling devices`,
        );
      }
    } catch (error) {
      // The check-ins are stored; the inventory comes with the next request for it.
      this.#sender.logger.error(
        `Inventory commands for ${batch.length} enrolling devices failed: ${
          (error as Error).message
        }`,
      );
    } finally {
      for (const { done } of batch) done();
    }
  }
}
