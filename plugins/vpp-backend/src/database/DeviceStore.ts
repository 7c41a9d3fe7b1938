import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  VppDeviceAttributes,
  VppDevicePlatform,
  VppDeviceSearchField,
  VppDeviceSortField,
  VppInstallState,
} from '@internal/plugin-vpp-common';

/** A device as stored: MDM facts, the administrator's attributes and its group. */
export interface DeviceRecord extends Required<VppDeviceAttributes> {
  id: string;
  udid: string;
  /** What MDM commands are addressed to (the UDID for device enrollments). */
  enrollmentId: string;
  serialNumber: string | null;
  /** Unknown until a check-in or DeviceInformation answer tells. */
  platform: VppDevicePlatform | null;
  model: string | null;
  productName: string | null;
  osVersion: string | null;
  wifiMac: string | null;
  enrolled: boolean;
  lastCheckInAt: Date | null;
  /** Group entity ref. */
  group: string;
  inventoryAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A device with what orders the events applied to it, so an older event never
 * overwrites newer state.
 */
export interface DeviceState extends DeviceRecord {
  /** occurredAt and rank of the check-in that set `enrolled`. */
  enrollmentChangedAt: Date | null;
  enrollmentEventRank: number;
  /** occurredAt of the event the hardware facts come from. */
  factsAt: Date | null;
  /** Bumped by every write; a write based on an older read is refused. */
  rowVersion: number;
}

/** What an event handler may change on a device. */
export type DeviceStatePatch = Partial<
  Pick<
    DeviceState,
    | 'enrollmentId'
    | 'serialNumber'
    | 'platform'
    | 'model'
    | 'productName'
    | 'osVersion'
    | 'wifiMac'
    | 'enrolled'
    | 'enrollmentChangedAt'
    | 'enrollmentEventRank'
    | 'factsAt'
    | 'lastCheckInAt'
    | 'group'
  >
>;

/** An administrator's change to one device (attributes and group). */
export interface DeviceAttributesUpdate {
  id: string;
  patch: VppDeviceAttributes & { group?: string };
}

/** An app of a device's inventory. */
export interface DeviceAppRecord {
  bundleId: string;
  adamId: string | null;
  name: string | null;
  version: string | null;
  managed: boolean;
  installing: boolean;
}

/**
 * The permission framework's filter for devices: the device's group is one of `values`.
 * The rule names groups whose subtrees count; the service expands them into every
 * group of the subtrees before the store sees the filter.
 */
export type DeviceFilter = { key: 'group'; values: string[] };

/** Install state of one app, for `GET /devices` (seed A's second flow). */
export interface DeviceAppCriteria {
  bundleId: string;
  installState: VppInstallState;
  /** Installed in exactly this version. */
  version?: string;
  /** Inventory older than this, or none. */
  inventoryBefore?: Date;
}

/** Which devices a search selects; everything given must match. */
export interface DeviceSearch {
  /** Free text: a substring of any of the 14 search fields, case-insensitive. */
  q?: string;
  /** A substring of one field, case-insensitive. */
  field?: { name: VppDeviceSearchField; value: string };
  /** The device's group is one of these (subgroups already expanded). */
  groups?: string[];
  platform?: VppDevicePlatform;
  enrolled?: boolean;
  app?: DeviceAppCriteria;
  /** What the caller may see. */
  filter?: PermissionCriteria<DeviceFilter>;
}

export interface DeviceSort {
  sort: VppDeviceSortField;
  order: 'asc' | 'desc';
}

/** A device's answer to a recorded command. */
export interface CommandAnswer {
  commandId: string;
  enrollmentId: string;
  status: string;
  at: Date;
  error?: string;
}

/** What a recorded command was sent for. */
export interface CommandPurpose {
  purpose: string;
  detail?: string;
}

/** What {@link DeviceStore.replaceInventory} replaced. */
export interface ReplacedInventory {
  /** The device, with its new inventory time. */
  device: DeviceState;
  /** Its installed apps before, by bundle id. */
  previous: DeviceAppRecord[];
}

/** Counts of `GET /apps/:adamId/install-status`. */
export interface InstallStatusCounts {
  noInventory: number;
  notInstalled: number;
  installed: number;
  versions: Array<{ version: string; count: number }>;
}

/** An MDM command sent to one enrollment. */
export interface MdmCommandRecord {
  commandId: string;
  enrollmentId: string;
  /** What it was sent for: `device-information`, `installed-apps`, `install-app`, … */
  purpose: string;
  /** JSON detail for the purpose (e.g. the app installed). */
  detail?: string;
  sentAt: Date;
  status: 'queued' | 'failed';
  error?: string;
}

/** Devices, their inventories and the MDM commands sent to them. */
export interface DeviceStore {
  getDevice(id: string): Promise<DeviceRecord | undefined>;
  getDevices(ids: string[]): Promise<DeviceRecord[]>;
  getDeviceStateByUdid(udid: string): Promise<DeviceState | undefined>;
  /** Devices by serial number or UDID (the keys of a CSV import). */
  findDevicesByKeys(keys: {
    serialNumbers: string[];
    udids: string[];
  }): Promise<DeviceRecord[]>;
  searchDevices(
    search: DeviceSearch,
    page: DeviceSort & { offset: number; limit: number },
  ): Promise<{ items: DeviceRecord[]; totalCount: number }>;
  /** Every device a search selects, in pages (for the CSV export). */
  streamDevices(
    search: DeviceSearch,
    sort: DeviceSort,
  ): AsyncIterable<DeviceRecord>;
  countInstallStatus(
    search: Omit<DeviceSearch, 'app'>,
    bundleId: string,
  ): Promise<InstallStatusCounts>;
  getInstalledApps(deviceId: string): Promise<DeviceAppRecord[]>;

  /** Inserts a new device; false when its UDID exists already (another event won). */
  insertDevice(device: DeviceState): Promise<boolean>;
  /** Inserts many devices (an initial load); those whose UDID exists are left out. */
  insertDevices(devices: DeviceState[]): Promise<number>;
  /**
   * Writes `current` with `patch` applied if the row is still at `current.rowVersion`;
   * false (nothing written) if another write came first.
   */
  updateDeviceState(
    current: DeviceState,
    patch: DeviceStatePatch,
    now: Date,
  ): Promise<boolean>;
  /** Moves `last_check_in_at` forward to `at` (never back); false for an unknown UDID. */
  touchCheckIn(udid: string, at: Date): Promise<boolean>;
  /**
   * Replaces the installed apps of the device with this UDID if `at` is newer than its
   * inventory; returns the device and the apps it had before, or undefined (nothing
   * written) for an unknown UDID or when a newer or equal inventory is stored.
   */
  replaceInventory(
    udid: string,
    at: Date,
    apps: DeviceAppRecord[],
  ): Promise<ReplacedInventory | undefined>;
  /** Writes administrators' changes, all or none. */
  updateAttributes(updates: DeviceAttributesUpdate[], now: Date): Promise<void>;

  recordCommands(commands: MdmCommandRecord[]): Promise<void>;
  /**
   * Records a device's answer to a command; returns the command's purpose, or
   * undefined for a command this backend did not record.
   */
  answerCommand(answer: CommandAnswer): Promise<CommandPurpose | undefined>;

  /** The bundle id App Store metadata (or a device's report) gives an adamId. */
  findBundleId(adamId: string): Promise<string | undefined>;
}
