import plist, { PlistObject, PlistValue } from 'plist';
import type {
  MdmAppInstall,
  MdmConfigurationValue,
  MdmDevicePlatform,
} from '@internal/plugin-vpp-node';
import { compareOsVersions } from './platform';

/**
 * Builders of Apple MDM command property lists (the body NanoMDM stores and hands to the
 * device byte for byte). Every key is checked in tests against Apple's schemas in
 * `__fixtures__/apple-device-management/mdm/commands/`, per platform and OS version.
 */

/** Thrown for input no valid command can be built from (a caller's bug, not a device's). */
export class MdmCommandInputError extends Error {
  name = 'MdmCommandInputError';
}

/** The device a command body is built for, when the body depends on it. */
export interface MdmCommandDevice {
  platform: MdmDevicePlatform;
  /** Dotted OS version; unknown means "do not send keys that need a minimum version". */
  osVersion?: string;
}

/** `ManagementFlags` bit: remove the app when the MDM profile is removed. */
export const MANAGEMENT_FLAG_REMOVE_WITH_MDM_PROFILE = 1;
/** `ManagementFlags` bit: prevent backup of the app's data. */
export const MANAGEMENT_FLAG_PREVENT_BACKUP = 4;

/**
 * The queries a `DeviceInformation` command asks for: what the device inventory keeps
 * (R-DEV-1).
 */
export const DEVICE_INFORMATION_QUERIES: readonly string[] = [
  'UDID',
  'SerialNumber',
  'Model',
  'ModelName',
  'ProductName',
  'OSVersion',
  'BuildVersion',
  'DeviceName',
  'WiFiMAC',
];

function commandPlist(
  commandUuid: string,
  requestType: string,
  payload: Record<string, PlistValue | undefined>,
): string {
  if (typeof commandUuid !== 'string' || commandUuid.trim() === '') {
    throw new MdmCommandInputError('A command needs a non-empty CommandUUID');
  }
  const command: Record<string, PlistValue> = { RequestType: requestType };
  for (const [key, value] of Object.entries(payload)) {
    if (value !== undefined) {
      command[key] = value;
    }
  }
  return plist.build({ CommandUUID: commandUuid, Command: command });
}

function requireBundleId(bundleId: string, what: string): string {
  if (typeof bundleId !== 'string' || bundleId.trim() === '') {
    throw new MdmCommandInputError(`${what} needs a non-empty bundle id`);
  }
  return bundleId.trim();
}

function bundleIdList(
  bundleIds: readonly string[] | undefined,
  what: string,
): string[] | undefined {
  // An empty list would read as "no app"; Apple's devices answer all apps without the key.
  if (bundleIds === undefined || bundleIds.length === 0) {
    return undefined;
  }
  return bundleIds.map(id => requireBundleId(id, what));
}

function osAtLeast(device: MdmCommandDevice, version: string): boolean {
  return (
    device.osVersion !== undefined &&
    compareOsVersions(device.osVersion, version) >= 0
  );
}

function osBelow(device: MdmCommandDevice, version: string): boolean {
  return (
    device.osVersion !== undefined &&
    compareOsVersions(device.osVersion, version) < 0
  );
}

function configurationValue(
  value: MdmConfigurationValue,
  path: string,
): PlistValue {
  if (typeof value === 'string' || typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new MdmCommandInputError(
        `Configuration value ${path} is not a finite number`,
      );
    }
    return value;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new MdmCommandInputError(
        `Configuration value ${path} is an invalid date`,
      );
    }
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => configurationValue(item, `${path}[${i}]`));
  }
  if (value !== null && typeof value === 'object') {
    return configurationDict(value, path);
  }
  throw new MdmCommandInputError(
    `Configuration value ${path} cannot be put in a property list (${
      value === null ? 'null' : typeof value
    })`,
  );
}

function configurationDict(
  value: Record<string, MdmConfigurationValue>,
  path: string,
): PlistObject {
  const result: Record<string, PlistValue> = {};
  for (const [key, item] of Object.entries(value)) {
    result[key] = configurationValue(item, path ? `${path}.${key}` : key);
  }
  return result;
}

/** `iTunesStoreID` is a plist integer; an adamId is a string of digits. */
function iTunesStoreId(adamId: string): number {
  if (typeof adamId !== 'string' || !/^[1-9]\d{0,15}$/.test(adamId)) {
    throw new MdmCommandInputError(
      `adamId must be the App Store id (digits), got ${JSON.stringify(adamId)}`,
    );
  }
  const id = Number(adamId);
  if (!Number.isSafeInteger(id)) {
    throw new MdmCommandInputError(`adamId ${adamId} is too large`);
  }
  return id;
}

/**
 * The `Command` dictionary of an `InstallApplication` for one kind of device (R-MDM-2).
 * Keys a device cannot take are left out rather than sent and ignored:
 *
 * - `Options.PurchaseMethod = 1` (VPP device assignment) and `ChangeManagementState =
 *   Managed` (take over a copy the user installed) always, except `ChangeManagementState`
 *   on iOS below 9 and everything but the store id and purchase method on macOS below 11
 *   (where Apple defines neither management keys nor configuration).
 * - `ManagementFlags`: 1 (remove with the MDM profile) + 4 (prevent backup), only when
 *   non-zero (Apple accepts 1, 4 or 5).
 * - macOS: `InstallAsManaged = true` (required with `ChangeManagementState` there) and,
 *   for an iOS app on a Mac, `iOSApp = true`; no `Attributes` (not defined on macOS).
 * - `Attributes.VPNUUID` on iOS/iPadOS (not tvOS); `Attributes.Removable` only on iOS,
 *   iPadOS and tvOS 14 or later (an unknown OS version gets no `Removable`).
 */
export function installApplicationPayload(
  app: MdmAppInstall,
  device: MdmCommandDevice,
): Record<string, PlistValue | undefined> {
  const payload: Record<string, PlistValue | undefined> = {
    iTunesStoreID: iTunesStoreId(app.adamId),
    Options: { PurchaseMethod: 1 },
  };
  if (app.vpnUuid !== undefined && app.vpnUuid.trim() === '') {
    throw new MdmCommandInputError('vpnUuid must not be empty when given');
  }
  const configuration =
    app.configuration === undefined
      ? undefined
      : configurationDict(app.configuration, '');
  const flags =
    (app.removeWithMdmProfile ? MANAGEMENT_FLAG_REMOVE_WITH_MDM_PROFILE : 0) |
    (app.preventBackup ? MANAGEMENT_FLAG_PREVENT_BACKUP : 0);

  if (device.platform === 'macos') {
    if (osBelow(device, '11.0')) {
      return payload;
    }
    payload.ManagementFlags = flags === 0 ? undefined : flags;
    payload.ChangeManagementState = 'Managed';
    payload.InstallAsManaged = true;
    payload.iOSApp = app.platform === 'ios' ? true : undefined;
    payload.Configuration = configuration;
    return payload;
  }

  payload.ManagementFlags = flags === 0 ? undefined : flags;
  if (!osBelow(device, '9.0')) {
    payload.ChangeManagementState = 'Managed';
  }
  payload.Configuration = configuration;
  const attributes: Record<string, PlistValue> = {};
  if (app.vpnUuid !== undefined && device.platform !== 'tvos') {
    attributes.VPNUUID = app.vpnUuid;
  }
  if (app.removable !== undefined && osAtLeast(device, '14.0')) {
    attributes.Removable = app.removable;
  }
  payload.Attributes = Object.keys(attributes).length ? attributes : undefined;
  return payload;
}

/** `InstallApplication` of a VPP app for one kind of device; see {@link installApplicationPayload}. */
export function installApplicationCommand(
  commandUuid: string,
  app: MdmAppInstall,
  device: MdmCommandDevice,
): string {
  return commandPlist(
    commandUuid,
    'InstallApplication',
    installApplicationPayload(app, device),
  );
}

/** `RemoveApplication` of a managed app. */
export function removeApplicationCommand(
  commandUuid: string,
  bundleId: string,
): string {
  return commandPlist(commandUuid, 'RemoveApplication', {
    Identifier: requireBundleId(bundleId, 'RemoveApplication'),
  });
}

/**
 * `InstalledApplicationList` of every app (`ManagedAppsOnly` false: the inventory needs
 * apps the user installed too), limited to `bundleIds` when given.
 */
export function installedApplicationListCommand(
  commandUuid: string,
  bundleIds?: readonly string[],
): string {
  return commandPlist(commandUuid, 'InstalledApplicationList', {
    ManagedAppsOnly: false,
    Identifiers: bundleIdList(bundleIds, 'InstalledApplicationList'),
  });
}

/** `ManagedApplicationList`, limited to `bundleIds` when given. */
export function managedApplicationListCommand(
  commandUuid: string,
  bundleIds?: readonly string[],
): string {
  return commandPlist(commandUuid, 'ManagedApplicationList', {
    Identifiers: bundleIdList(bundleIds, 'ManagedApplicationList'),
  });
}

/** `DeviceInformation` with {@link DEVICE_INFORMATION_QUERIES}. */
export function deviceInformationCommand(commandUuid: string): string {
  return commandPlist(commandUuid, 'DeviceInformation', {
    Queries: [...DEVICE_INFORMATION_QUERIES],
  });
}
