import { VppDeviceQuery } from '@internal/plugin-vpp-common';

/**
 * The value: the `targets` of `POST /api/vpp/distributions` — ticked devices as
 * `{ deviceIds }`, or, after "select all", the search itself (every match, however many).
 */
export type VppDeviceTargets =
  | { deviceIds: string[] }
  | Omit<VppDeviceQuery, 'platform'>;

/** Filters the picker keeps (the targets query without device ids). */
export type DeviceFilters = Omit<VppDeviceQuery, 'platform'>;

/** A stored search ("select all"); the form starts object fields as `{}`, which is none. */
export function isQuery(
  value: VppDeviceTargets | undefined,
): value is DeviceFilters {
  return (
    Boolean(value) &&
    !('deviceIds' in (value as object)) &&
    Object.keys(value as object).length > 0
  );
}

/** The filters without empty values, as sent and stored. */
function compact(filters: DeviceFilters): DeviceFilters {
  return Object.fromEntries(
    Object.entries(filters).filter(
      ([, v]) => v !== undefined && v !== '' && v !== false,
    ),
  ) as DeviceFilters;
}

/**
 * The search the filters make: the install-state filters belong to the chosen app, so
 * they count only with the install-state search and an app; a version only for
 * `installed`.
 */
export function deviceQuery(
  filters: DeviceFilters,
  installStateSearch: boolean,
  adamId: string | undefined,
): DeviceFilters {
  const base = { ...filters };
  if (installStateSearch && adamId) {
    base.adamId = adamId;
    base.installState = base.installState ?? 'any';
  } else {
    delete base.adamId;
    delete base.installState;
    delete base.version;
    delete base.inventoryBefore;
  }
  if (base.installState !== 'installed') delete base.version;
  return compact(base);
}

/** Whether a device of `platform` is one the distribution's platform serves. */
export function servedBy(devicePlatform: string, platform: 'ios' | 'macos') {
  return platform === 'macos'
    ? devicePlatform === 'macos'
    : devicePlatform === 'ios' || devicePlatform === 'ipados';
}
