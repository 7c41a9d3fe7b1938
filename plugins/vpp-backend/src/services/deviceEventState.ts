import { VppDevicePlatform } from '@internal/plugin-vpp-common';
import {
  MdmCheckInEvent,
  MdmDeviceFacts,
  MdmInstalledApp,
} from '@internal/plugin-vpp-node';
import {
  DeviceAppRecord,
  DeviceState,
  DeviceStatePatch,
} from '../database/DeviceStore';

/**
 * How check-ins of the same instant order (NanoMDM stamps in nanoseconds, we keep
 * milliseconds): a device authenticates, then sends its token, and checks out last.
 */
const ENROLLMENT_RANK = {
  authenticate: 1,
  'token-update': 2,
  'check-out': 3,
} as const;

/** The platform a device's product name or model says (`iPhone15,4`, `iPad13,1`, `Mac14,2`). */
export function inferPlatform(
  facts: MdmDeviceFacts | undefined,
): VppDevicePlatform | undefined {
  if (!facts) return undefined;
  if (facts.platform) return facts.platform;
  const name = `${facts.productName ?? ''} ${facts.model ?? ''} ${
    facts.modelName ?? ''
  }`.toLowerCase();
  if (/\bipad/.test(name)) return 'ipados';
  if (/\b(iphone|ipod)/.test(name)) return 'ios';
  if (/\b(appletv|apple tv)/.test(name)) return 'tvos';
  if (/\b(mac|imac|macbook|vmware|virtualmac)/.test(name)) return 'macos';
  return undefined;
}

/** The facts of an event newer than the stored ones, as a patch (fields given only). */
export function factsPatch(
  state: Pick<DeviceState, 'factsAt'> | undefined,
  facts: MdmDeviceFacts | undefined,
  occurredAt: Date,
): DeviceStatePatch {
  if (!facts) return {};
  if (state?.factsAt && state.factsAt > occurredAt) return {};
  const patch: DeviceStatePatch = { factsAt: occurredAt };
  if (facts.serialNumber) patch.serialNumber = facts.serialNumber;
  if (facts.model || facts.modelName) {
    patch.model = facts.modelName ?? facts.model ?? null;
  }
  if (facts.productName) patch.productName = facts.productName;
  if (facts.osVersion) patch.osVersion = facts.osVersion;
  if (facts.wifiMac) patch.wifiMac = facts.wifiMac.toLowerCase();
  const platform = inferPlatform(facts);
  if (platform) patch.platform = platform;
  return patch;
}

/**
 * What a check-in changes on a stored device: the enrollment state when the event is
 * newer than the one that set it, the facts when newer than theirs, the last check-in
 * time when later. Returns only what differs, so a repeated event changes nothing.
 */
export function checkInPatch(
  state: DeviceState,
  event: MdmCheckInEvent,
): { patch: DeviceStatePatch; enrolledNow: boolean } {
  const wanted: DeviceStatePatch = factsPatch(
    state,
    event.facts,
    event.occurredAt,
  );
  if (!state.lastCheckInAt || state.lastCheckInAt < event.occurredAt) {
    wanted.lastCheckInAt = event.occurredAt;
  }
  let enrolledNow = false;
  if (event.type !== 'idle') {
    const rank = ENROLLMENT_RANK[event.type];
    const at = state.enrollmentChangedAt?.getTime() ?? -Infinity;
    const time = event.occurredAt.getTime();
    if (time > at || (time === at && rank > state.enrollmentEventRank)) {
      wanted.enrolled = event.type === 'token-update';
      wanted.enrollmentChangedAt = event.occurredAt;
      wanted.enrollmentEventRank = rank;
      enrolledNow = event.type === 'token-update';
      if (event.type !== 'check-out' && isDeviceChannel(event)) {
        wanted.enrollmentId = event.enrollmentId;
      }
    }
  }
  const patch: DeviceStatePatch = {};
  for (const [key, value] of Object.entries(wanted) as Array<
    [keyof DeviceStatePatch, unknown]
  >) {
    const current = state[key];
    const same =
      value instanceof Date && current instanceof Date
        ? value.getTime() === current.getTime()
        : value === current;
    // factsAt alone is no change worth a write.
    if (!same && key !== 'factsAt')
      (patch as Record<string, unknown>)[key] = value;
  }
  if (Object.keys(patch).length && wanted.factsAt)
    patch.factsAt = wanted.factsAt;
  return { patch, enrolledNow };
}

/**
 * A device-channel event. A macOS user channel (`UDID:UserID`) shares the device's
 * UDID but is not what device commands are addressed to.
 */
export function isDeviceChannel(event: {
  enrollmentId: string;
  udid: string;
}): boolean {
  return !event.enrollmentId.startsWith(`${event.udid}:`);
}

/** A device's report of its apps as inventory rows. */
export function toAppRecords(apps: MdmInstalledApp[]): DeviceAppRecord[] {
  return apps
    .filter(app => app.bundleId)
    .map(app => ({
      bundleId: app.bundleId,
      adamId: app.adamId ?? null,
      name: app.name ?? null,
      version: app.version ?? null,
      managed: app.managed ?? false,
      installing: app.installing ?? false,
    }));
}
