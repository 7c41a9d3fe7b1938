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
      await sender.store.recordCommands(
        notQueued.map(r => ({
          commandId: r.commandId,
          enrollmentId: r.enrollmentId,
          purpose,
          sentAt,
          status: 'failed',
          error: r.error,
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
