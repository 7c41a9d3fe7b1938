import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DeviceAppRecord,
  DeviceState,
  DeviceStore,
} from '../../database/DeviceStore';
import { LicenseStore } from '../../database/LicenseStore';
import { TokenStore } from '../../database/TokenStore';
import { LicenseService } from '../LicenseService';

/** Who the ledger names for licenses taken back automatically. */
export const AUTO_RECLAIM_ACTOR = 'system:vpp-auto-reclaim';

/**
 * Auto-reclaim (R-LIC-3): licenses assigned in `auto` mode come back when their device
 * checks out or the app is removed from it. Started as the event arrives, through
 * {@link LicenseService.revoke} (batched per token: all of a device's apps in one call);
 * `manual` and `pre-existing` licenses are never touched. {@link sweep} catches what an
 * event missed.
 */
export class AutoReclaimer {
  constructor(
    private readonly o: {
      ledger: LicenseStore;
      licenses: LicenseService;
      tokens: TokenStore;
      devices: DeviceStore;
      logger: LoggerService;
    },
  ) {}

  /** The device's MDM profile was removed: every auto license of its serial. */
  async onCheckOut(device: DeviceState): Promise<void> {
    if (device.serialNumber) await this.reclaim(device.serialNumber);
  }

  /** Apps gone since the last inventory: their auto licenses for this serial. */
  async onInventory(
    device: DeviceState,
    apps: DeviceAppRecord[],
    previous: DeviceAppRecord[],
  ): Promise<void> {
    if (!device.serialNumber) return;
    const now = new Set(apps.map(a => a.bundleId));
    const gone = previous.filter(a => !now.has(a.bundleId));
    if (gone.length === 0) return;
    const goneAdamIds = new Set(
      gone.flatMap(a => (a.adamId ? [a.adamId] : [])),
    );
    const goneBundles = new Set(gone.map(a => a.bundleId));
    await this.reclaim(device.serialNumber, async adamId => {
      if (goneAdamIds.has(adamId)) return true;
      const bundleId = await this.o.devices.findBundleId(adamId);
      return bundleId !== undefined && goneBundles.has(bundleId);
    });
  }

  /** Revokes the auto licenses of one serial (of the apps `which` accepts, or all). */
  async reclaim(
    serialNumber: string,
    which?: string[] | ((adamId: string) => Promise<boolean>),
  ): Promise<number> {
    const tokens = await this.o.tokens.listTokens({});
    const sources = [...new Set(tokens.map(t => t.sharesFrom ?? t.id))];
    if (sources.length === 0) return 0;
    const { items } = await this.o.ledger.list({
      sourceTokenIds: sources,
      serialNumber,
      mode: 'auto',
      states: ['assigned'],
      offset: 0,
      limit: 10_000,
    });
    const byToken = new Map<string, Set<string>>();
    for (const e of items) {
      if (e.serialNumber !== serialNumber) continue;
      if (Array.isArray(which) && !which.includes(e.adamId)) continue;
      if (typeof which === 'function' && !(await which(e.adamId))) continue;
      const set = byToken.get(e.tokenId) ?? new Set<string>();
      set.add(e.adamId);
      byToken.set(e.tokenId, set);
    }
    let revoked = 0;
    for (const [tokenId, apps] of byToken) {
      try {
        const result = await this.o.licenses.revoke(
          { tokenId, adamIds: [...apps], serials: [serialNumber] },
          AUTO_RECLAIM_ACTOR,
        );
        revoked += result.succeeded.length;
      } catch (error) {
        this.o.logger.warn(
          `Auto-reclaim of ${serialNumber} through token ${tokenId}: ${
            (error as Error).message
          }; the sweep tries again`,
        );
      }
    }
    return revoked;
  }

  /**
   * The scheduled sweep: auto licenses whose serial belongs to no enrolled device (a
   * check-out whose reclaim failed or was missed).
   */
  async sweep(): Promise<number> {
    const tokens = await this.o.tokens.listTokens({});
    const sources = [...new Set(tokens.map(t => t.sharesFrom ?? t.id))];
    if (sources.length === 0) return 0;
    const todo = new Map<string, Set<string>>();
    for (let offset = 0; ; offset += 1000) {
      const { items } = await this.o.ledger.list({
        sourceTokenIds: sources,
        mode: 'auto',
        states: ['assigned'],
        offset,
        limit: 1000,
      });
      const serials = [...new Set(items.map(e => e.serialNumber))];
      const devices = await this.o.devices.findDevicesByKeys({
        serialNumbers: serials,
        udids: [],
      });
      const bySerial = new Map(devices.map(d => [d.serialNumber, d]));
      for (const e of items) {
        const device = bySerial.get(e.serialNumber);
        // Removed apps are caught from inventories as they arrive (onInventory).
        const gone = !device || !device.enrolled;
        if (gone) {
          const set = todo.get(e.serialNumber) ?? new Set<string>();
          set.add(e.adamId);
          todo.set(e.serialNumber, set);
        }
      }
      if (items.length < 1000) break;
    }
    let revoked = 0;
    for (const [serial, apps] of todo) {
      revoked += await this.reclaim(serial, [...apps]);
    }
    return revoked;
  }
}
