import { ConflictError, InputError } from '@backstage/errors';
import {
  VppDistributionLeftOutReason,
  VppDistributionPlan,
} from '@internal/plugin-vpp-common';
import { DeviceRecord } from '../../database/DeviceStore';
import { NewDistributionItem } from '../../database/DistributionStore';

/** An app of a distribution, as the token's content knows it. */
export interface PlannedApp {
  adamId: string;
  name?: string;
  pricingParam: string;
  bundleId?: string;
  /** The App Store's current version. */
  version?: string;
  minimumOsVersion?: string;
  available: number;
}

/** Compares dotted versions numerically (`10.2` > `9.9`); missing parts are 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(n => parseInt(n, 10) || 0);
  const pb = b.split('.').map(n => parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const LISTED = 100;

const key = (adamId: string, serial: string) => `${adamId}\u0000${serial}`;

/**
 * The plan of a distribution (R-DIST-2, R-DIST-3, R-DIST-7): which devices take part and
 * why the others do not, what each app needs, and the items to work. Throws the 409 of
 * too few licenses (unless `allowPartial`) and the 400 of manual mode's unlicensed
 * devices.
 */
export function planDistribution(input: {
  devices: DeviceRecord[];
  apps: PlannedApp[];
  platform: 'ios' | 'macos';
  licenseMode: 'auto' | 'manual';
  /** Pairs (adamId, serial) that hold a license now: ledger or Apple as of the last sync. */
  held: Set<string>;
  allowPartial: boolean;
}): { plan: VppDistributionPlan; items: NewDistributionItem[] } {
  const leftOut = new Map<VppDistributionLeftOutReason, string[]>();
  const leave = (reason: VppDistributionLeftOutReason, id: string) => {
    const list = leftOut.get(reason) ?? [];
    list.push(id);
    leftOut.set(reason, list);
  };
  const platforms = input.platform === 'ios' ? ['ios', 'ipados'] : ['macos'];
  const eligible = new Map<string, Array<{ device: DeviceRecord }>>();
  for (const app of input.apps) eligible.set(app.adamId, []);
  let matched = 0;
  // By serial number: which devices go without (allowPartial) does not depend on the
  // order the database returned them in.
  const devices = [...input.devices].sort((a, b) =>
    (a.serialNumber ?? '').localeCompare(b.serialNumber ?? ''),
  );
  for (const device of devices) {
    if (!device.enrolled) {
      leave('unenrolled', device.id);
    } else if (!device.platform || !platforms.includes(device.platform)) {
      leave('other-platform', device.id);
    } else if (!device.serialNumber) {
      leave('no-serial-number', device.id);
    } else {
      const apps = input.apps.filter(
        app =>
          !app.minimumOsVersion ||
          !device.osVersion ||
          compareVersions(device.osVersion, app.minimumOsVersion) >= 0,
      );
      if (apps.length === 0) {
        leave('os-below-minimum', device.id);
        continue;
      }
      matched++;
      for (const app of apps) eligible.get(app.adamId)!.push({ device });
    }
  }

  const items: NewDistributionItem[] = [];
  const withoutLicense: Array<{
    deviceId: string;
    serialNumber: string;
    adamId: string;
  }> = [];
  const short: string[] = [];
  const missing: string[] = [];
  let missingCount = 0;
  const without = new Set<string>();
  const apps = input.apps.map(app => {
    const appDevices = eligible.get(app.adamId)!;
    let needed = 0;
    let alreadyLicensed = 0;
    let granted = 0;
    let goWithout = 0;
    for (const { device } of appDevices) {
      const item = {
        deviceId: device.id,
        enrollmentId: device.enrollmentId,
        serialNumber: device.serialNumber!,
        devicePlatform: device.platform!,
        osVersion: device.osVersion,
        adamId: app.adamId,
      };
      if (input.held.has(key(app.adamId, device.serialNumber!))) {
        alreadyLicensed++;
        items.push({ ...item, state: 'licensed', preLicensed: true });
      } else if (input.licenseMode === 'manual') {
        missingCount++;
        if (missing.length < LISTED) {
          missing.push(`${device.serialNumber} (${app.adamId})`);
        }
      } else {
        needed++;
        if (granted < app.available) {
          granted++;
          items.push({ ...item, state: 'pending', preLicensed: false });
        } else {
          goWithout++;
          without.add(device.id);
          if (withoutLicense.length < LISTED) {
            withoutLicense.push({
              deviceId: device.id,
              serialNumber: device.serialNumber!,
              adamId: app.adamId,
            });
          }
        }
      }
    }
    if (needed > app.available) {
      short.push(
        `${
          app.name ? `${app.name} (${app.adamId})` : app.adamId
        } needs ${needed} license${needed === 1 ? '' : 's'}, ${
          app.available
        } available`,
      );
    }
    return {
      adamId: app.adamId,
      ...(app.name ? { name: app.name } : {}),
      needed,
      alreadyLicensed,
      available: app.available,
      ...(goWithout ? { goWithout } : {}),
      pricingParam: app.pricingParam,
      ...(app.bundleId ? { bundleId: app.bundleId } : {}),
      ...(app.version ? { storeVersion: app.version } : {}),
    };
  });

  if (missingCount > 0) {
    throw new InputError(
      `Manual license mode needs every target to hold a license for each app already; ${missingCount} (device, app) pair${
        missingCount === 1 ? ' does' : 's do'
      } not: ${missing.join(', ')}${
        missingCount > missing.length
          ? ` (first ${missing.length} of ${missingCount})`
          : ''
      }. Assign the licenses first (POST /licenses/assign) or use auto mode.`,
    );
  }
  if (short.length > 0 && !input.allowPartial) {
    throw new ConflictError(
      `Not enough licenses: ${short.join(
        '; ',
      )}. Buy more, reclaim unused ones, or send allowPartial to let the devices beyond the available licenses go without.`,
    );
  }
  for (const id of without) leave('no-license-available', id);
  // Device by device, each device's apps together (the sort is stable): item ids follow
  // this order, and the worker installs in rounds of consecutive items, so a round
  // wakes each of its devices once for all their apps.
  const deviceOrder = new Map<string, number>();
  for (const item of items) {
    if (!deviceOrder.has(item.deviceId)) {
      deviceOrder.set(item.deviceId, deviceOrder.size);
    }
  }
  items.sort(
    (a, b) => deviceOrder.get(a.deviceId)! - deviceOrder.get(b.deviceId)!,
  );
  return {
    plan: {
      devicesMatched: matched,
      leftOut: [...leftOut].map(([reason, ids]) => ({
        reason,
        count: ids.length,
        deviceIds: ids.slice(0, LISTED),
      })),
      apps,
      items: items.length,
      ...(withoutLicense.length ? { withoutLicense } : {}),
    },
    items,
  };
}

export const pairKeyOf = key;
