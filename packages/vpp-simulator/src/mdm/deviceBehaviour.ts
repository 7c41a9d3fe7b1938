import { FixtureCatalogItem } from '../types';
import { deviceErrors, ErrorChainEntry } from './deviceErrors';
import { DeviceApp, DeviceFixture, EnrollmentState } from './types';

/** A simulated device and its standing with the MDM server. */
export interface SimulatedDevice extends Omit<DeviceFixture, 'installedApps'> {
  /** Treated as immutable: changes replace the array (generated devices share lists). */
  apps: DeviceApp[];
  enrollment: EnrollmentState;
  /** NanoMDM has push data (an `enrollments` row) once a TokenUpdate arrived. */
  hasEnrollmentRow: boolean;
  tokenUpdateTally: number;
  online: boolean;
  /** Pushed while offline: checks in as soon as it is back online. */
  pendingWake: boolean;
  lastCheckInAt?: number;
}

export type DeviceStatus =
  | 'Acknowledged'
  | 'Error'
  | 'CommandFormatError'
  | 'NotNow';

/** The device's report, without UDID/CommandUUID/Status (added by the caller). */
export interface DeviceAnswer {
  status: DeviceStatus;
  keys: Record<string, unknown>;
  /** The device's app list after the command (only when it changed). */
  apps?: DeviceApp[];
}

/** What a device asks of the world: the App Store (catalog) and the VPP licenses. */
export interface DeviceWorld {
  now: number;
  installTimeMs: number;
  catalogItem(adamId: string): FixtureCatalogItem | undefined;
  catalogItemByBundleId(bundleId: string): FixtureCatalogItem | undefined;
  holdsDeviceLicense(adamId: string, serialNumber: string): boolean;
}

/** -1, 0, 1 comparing dotted versions numerically (`16.4` > `16.2.1`). */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(part => parseInt(part, 10) || 0);
  const right = b.split('.').map(part => parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) {
      return difference < 0 ? -1 : 1;
    }
  }
  return 0;
}

function isDict(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !Buffer.isBuffer(value) &&
    !(value instanceof Date)
  );
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(item => typeof item === 'string');
}

function error(
  chain: ErrorChainEntry,
  extra: Record<string, unknown> = {},
): DeviceAnswer {
  return { status: 'Error', keys: { ...extra, ErrorChain: [chain] } };
}

function formatError(reason: string): DeviceAnswer {
  return {
    status: 'CommandFormatError',
    keys: { ErrorChain: [deviceErrors.malformed(reason)] },
  };
}

const isMac = (device: SimulatedDevice) => device.platform === 'macos';

function isInstalling(app: DeviceApp, now: number): boolean {
  return app.installingUntil !== undefined && app.installingUntil > now;
}

/** `Version` (build) the simulator gives a store version: digits only, e.g. 4.2.1 → 421. */
function buildNumber(version: string): string {
  return version.replace(/\D/g, '') || '1';
}

/**
 * Answers one command the way an iPhone, iPad or Mac would: `command` is the plist's
 * `Command` dictionary. NotNow is decided by the caller (it needs the random source).
 */
export function answerCommand(
  device: SimulatedDevice,
  command: Record<string, unknown>,
  world: DeviceWorld,
): DeviceAnswer {
  const requestType = String(command.RequestType);
  switch (requestType) {
    case 'InstallApplication':
      return installApplication(device, command, world);
    case 'RemoveApplication':
      return removeApplication(device, command);
    case 'InstalledApplicationList':
      return installedApplicationList(device, command, world);
    case 'ManagedApplicationList':
      return managedApplicationList(device, command, world);
    case 'DeviceInformation':
      return deviceInformation(device, command);
    case 'ProfileList':
      return { status: 'Acknowledged', keys: { ProfileList: [] } };
    default:
      return error(deviceErrors.unknownCommand(requestType));
  }
}

function installApplication(
  device: SimulatedDevice,
  command: Record<string, unknown>,
  world: DeviceWorld,
): DeviceAnswer {
  const storeId = command.iTunesStoreID;
  const identifier = command.Identifier;
  const rejection = isMac(device) ? 'Other' : undefined;
  const reject = (chain: ErrorChainEntry, reason: string) =>
    error(chain, { RejectionReason: rejection ?? reason });
  if (storeId !== undefined && !Number.isInteger(storeId)) {
    return formatError('iTunesStoreID must be an integer');
  }
  if (identifier !== undefined && typeof identifier !== 'string') {
    return formatError('Identifier must be a string');
  }
  if (command.Options !== undefined && !isDict(command.Options)) {
    return formatError('Options must be a dictionary');
  }
  if (
    command.ManagementFlags !== undefined &&
    !Number.isInteger(command.ManagementFlags)
  ) {
    return formatError('ManagementFlags must be an integer');
  }
  if (command.Configuration !== undefined && !isDict(command.Configuration)) {
    return formatError('Configuration must be a dictionary');
  }
  if (storeId === undefined && identifier === undefined) {
    if (typeof command.ManifestURL === 'string') {
      return reject(deviceErrors.manifestUnsupported(), 'CouldNotVerifyAppID');
    }
    return formatError(
      'one of iTunesStoreID, Identifier, ManifestURL is required',
    );
  }
  const item =
    storeId !== undefined
      ? world.catalogItem(String(storeId))
      : world.catalogItemByBundleId(identifier as string);
  const requested = String(storeId ?? identifier);
  if (!item) {
    return reject(deviceErrors.appNotFound(requested), 'CouldNotVerifyAppID');
  }
  if (item.kind === 'ebook' || !item.bundleId) {
    return reject(deviceErrors.notAnApp(requested), 'NotAnApp');
  }
  const platformNeeded = {
    ios: 'iOS',
    ipados: 'iOS',
    macos: 'macOS',
    tvos: 'tvOS',
  }[device.platform];
  if (!item.platforms.includes(platformNeeded as never)) {
    return reject(deviceErrors.incompatiblePlatform(item.name), 'NotSupported');
  }
  if (
    item.minimumOsVersion &&
    compareVersions(device.osVersion, item.minimumOsVersion) < 0
  ) {
    return reject(
      deviceErrors.osTooOld(item.name, item.minimumOsVersion),
      'NotSupported',
    );
  }
  if (!world.holdsDeviceLicense(item.adamId, device.serialNumber)) {
    return reject(deviceErrors.licenseNotFound(), 'Other');
  }
  const bundleId = item.bundleId;
  const existing = device.apps.find(app => app.bundleId === bundleId);
  if (
    existing &&
    !existing.managed &&
    command.ChangeManagementState !== 'Managed'
  ) {
    return reject(
      deviceErrors.alreadyInstalled(bundleId),
      'AppAlreadyInstalled',
    );
  }
  const storeVersion = item.version ?? '1.0';
  const managementFlags = Number(command.ManagementFlags ?? 0);
  const hasConfiguration = command.Configuration !== undefined;
  let updated: DeviceApp;
  let state: string;
  if (existing && compareVersions(existing.shortVersion, storeVersion) >= 0) {
    // Already at the store version: the device only takes (or keeps) management.
    updated = {
      ...existing,
      managed: true,
      adamId: item.adamId,
      managementFlags,
      hasConfiguration,
    };
    state = isInstalling(existing, world.now) ? 'Installing' : 'Managed';
  } else {
    updated = {
      bundleId,
      name: item.name,
      shortVersion: storeVersion,
      version: buildNumber(storeVersion),
      bundleSize: item.fileSizeBytes ?? 52_428_800,
      managed: true,
      adamId: item.adamId,
      managementFlags,
      hasConfiguration,
      installingUntil: world.now + world.installTimeMs,
      previousShortVersion: existing?.shortVersion,
    };
    state = 'Installing';
  }
  const apps = existing
    ? device.apps.map(app => (app === existing ? updated : app))
    : [...device.apps, updated];
  return {
    status: 'Acknowledged',
    keys: { Identifier: bundleId, State: state },
    apps,
  };
}

function removeApplication(
  device: SimulatedDevice,
  command: Record<string, unknown>,
): DeviceAnswer {
  const identifier = command.Identifier;
  if (typeof identifier !== 'string' || identifier === '') {
    return formatError('Identifier is required');
  }
  const app = device.apps.find(candidate => candidate.bundleId === identifier);
  if (!app || !app.managed) {
    return error(deviceErrors.notManaged(identifier));
  }
  return {
    status: 'Acknowledged',
    keys: {},
    apps: device.apps.filter(candidate => candidate !== app),
  };
}

function installedApplicationList(
  device: SimulatedDevice,
  command: Record<string, unknown>,
  world: DeviceWorld,
): DeviceAnswer {
  const {
    Identifiers: identifiers,
    ManagedAppsOnly: managedOnly,
    Items: items,
  } = command;
  if (identifiers !== undefined && !isStringArray(identifiers)) {
    return formatError('Identifiers must be an array of strings');
  }
  if (managedOnly !== undefined && typeof managedOnly !== 'boolean') {
    return formatError('ManagedAppsOnly must be a boolean');
  }
  if (items !== undefined && !isStringArray(items)) {
    return formatError('Items must be an array of strings');
  }
  const wanted = identifiers ? new Set(identifiers) : undefined;
  const list = device.apps
    .filter(
      app =>
        (!wanted || wanted.has(app.bundleId)) && (!managedOnly || app.managed),
    )
    .map(app => installedItem(device, app, world));
  const keys =
    items && !isMac(device) ? new Set([...items, 'Identifier']) : undefined;
  return {
    status: 'Acknowledged',
    keys: {
      InstalledApplicationList: keys
        ? list.map(entry =>
            Object.fromEntries(
              Object.entries(entry).filter(([key]) => keys.has(key)),
            ),
          )
        : list,
    },
  };
}

function installedItem(
  device: SimulatedDevice,
  app: DeviceApp,
  world: DeviceWorld,
): Record<string, unknown> {
  const installing = isInstalling(app, world.now);
  const shortVersion =
    installing && app.previousShortVersion
      ? app.previousShortVersion
      : app.shortVersion;
  const storeVersion = app.adamId
    ? world.catalogItem(app.adamId)?.version
    : undefined;
  const entry: Record<string, unknown> = {
    Identifier: app.bundleId,
    Name: app.name,
    ShortVersion: shortVersion,
    Version:
      installing && app.previousShortVersion
        ? buildNumber(shortVersion)
        : app.version,
    BundleSize: app.bundleSize ?? 0,
    Installing: installing,
  };
  if (!isMac(device)) {
    entry.DynamicSize = Math.round((app.bundleSize ?? 0) / 10);
    entry.IsValidated = true;
    entry.AppStoreVendable = !app.adamId;
    entry.DeviceBasedVPP = Boolean(app.adamId);
    entry.BetaApp = false;
    entry.AdHocCodeSigned = false;
    entry.IsAppClip = false;
  }
  if (storeVersion !== undefined) {
    entry.HasUpdateAvailable = compareVersions(shortVersion, storeVersion) < 0;
  }
  return entry;
}

function managedApplicationList(
  device: SimulatedDevice,
  command: Record<string, unknown>,
  world: DeviceWorld,
): DeviceAnswer {
  const identifiers = command.Identifiers;
  if (identifiers !== undefined && !isStringArray(identifiers)) {
    return formatError('Identifiers must be an array of strings');
  }
  const wanted = identifiers ? new Set(identifiers) : undefined;
  const list: Record<string, unknown> = {};
  for (const app of device.apps) {
    if (!app.managed || (wanted && !wanted.has(app.bundleId))) {
      continue;
    }
    const item: Record<string, unknown> = {
      Status: isInstalling(app, world.now) ? 'Installing' : 'Managed',
      ManagementFlags: app.managementFlags ?? 0,
      HasConfiguration: Boolean(app.hasConfiguration),
      HasFeedback: false,
      ExternalVersionIdentifier: Number(buildNumber(app.shortVersion)),
    };
    if (!isMac(device)) {
      item.IsValidated = true;
    }
    list[app.bundleId] = item;
  }
  return { status: 'Acknowledged', keys: { ManagedApplicationList: list } };
}

/** DeviceInformation queries a device answers from its facts. */
export function deviceFacts(device: SimulatedDevice): Record<string, unknown> {
  const capacity = device.capacityGb ?? 128;
  const facts: Record<string, unknown> = {
    UDID: device.udid,
    DeviceName: device.deviceName,
    OSVersion: device.osVersion,
    BuildVersion: device.buildVersion,
    ModelName: device.modelName,
    Model: device.model,
    ModelNumber: device.model.split('/')[0],
    ProductName: device.productName,
    SerialNumber: device.serialNumber,
    DeviceCapacity: capacity,
    AvailableDeviceCapacity: Math.round(capacity * 0.42 * 100) / 100,
    WiFiMAC: device.wifiMac,
    IsSupervised: true,
    IsActivationLockEnabled: false,
    IsDeviceLocatorServiceEnabled: false,
    IsCloudBackupEnabled: false,
  };
  if (isMac(device)) {
    facts.IsAppleSilicon = !device.productName.startsWith('MacBookPro16');
    facts.HasBattery = device.modelName.startsWith('MacBook');
  } else {
    facts.BatteryLevel = 0.81;
    facts.IsMultiUser = false;
  }
  return facts;
}

function deviceInformation(
  device: SimulatedDevice,
  command: Record<string, unknown>,
): DeviceAnswer {
  const queries = command.Queries;
  if (queries !== undefined && !isStringArray(queries)) {
    return formatError('Queries must be an array of strings');
  }
  const facts = deviceFacts(device);
  const responses = queries
    ? Object.fromEntries(
        queries
          .filter(query => query in facts)
          .map(query => [query, facts[query]]),
      )
    : facts;
  return { status: 'Acknowledged', keys: { QueryResponses: responses } };
}

/** The install finished: the app as installed (no download state left). */
export function finishInstall(app: DeviceApp): DeviceApp {
  if (app.installingUntil === undefined) {
    return app;
  }
  const {
    installingUntil: _until,
    previousShortVersion: _previous,
    ...installed
  } = app;
  return installed;
}
