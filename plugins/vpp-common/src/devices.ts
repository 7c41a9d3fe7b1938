/** Platform of a managed device. @public */
export type VppDevicePlatform = 'ios' | 'ipados' | 'macos' | 'tvos';

/**
 * The administrator's attributes of a device (seed A's search fields), editable with
 * `PATCH /devices/:id` and importable from CSV.
 *
 * @public
 */
export interface VppDeviceAttributes {
  displayName?: string | null;
  deviceNumber?: string | null;
  userName?: string | null;
  employeeNumber?: string | null;
  phone1?: string | null;
  phone2?: string | null;
  email?: string | null;
  notes1?: string | null;
  notes2?: string | null;
  notes3?: string | null;
}

/** The attribute names, in seed A's order. @public */
export const VPP_DEVICE_ATTRIBUTE_FIELDS = [
  'displayName',
  'deviceNumber',
  'userName',
  'employeeNumber',
  'phone1',
  'phone2',
  'email',
  'notes1',
  'notes2',
  'notes3',
] as const;

/**
 * Seed A's 14 search fields: the attributes plus UDID, Wi-Fi MAC, OS version and serial
 * number. `GET /devices?q=` searches all of them; `field=…&value=…` one of them.
 *
 * @public
 */
export const VPP_DEVICE_SEARCH_FIELDS = [
  'displayName',
  'deviceNumber',
  'udid',
  'wifiMac',
  'osVersion',
  'userName',
  'serialNumber',
  'employeeNumber',
  'phone1',
  'phone2',
  'email',
  'notes1',
  'notes2',
  'notes3',
] as const;

/** @public */
export type VppDeviceSearchField = (typeof VPP_DEVICE_SEARCH_FIELDS)[number];

/**
 * A managed device (R-DEV-1): facts from the MDM plus the administrator's attributes.
 *
 * @public
 */
export interface VppDevice extends VppDeviceAttributes {
  id: string;
  udid: string;
  serialNumber: string | null;
  platform: VppDevicePlatform;
  model: string | null;
  productName: string | null;
  osVersion: string | null;
  wifiMac: string | null;
  enrolled: boolean;
  /** ISO time of the last check-in or command answer. */
  lastCheckInAt: string | null;
  /** Group entity ref, e.g. `group:default/tokyo-it`. */
  group: string;
  /** When the installed-apps list was last fetched (seed A's インストール状況取得日). */
  inventoryAt: string | null;
}

/** An app a device reported. @public */
export interface VppInstalledApp {
  bundleId: string;
  adamId?: string;
  name: string;
  version: string | null;
  managed: boolean;
  installing: boolean;
}

/** `GET /devices/:id`. @public */
export interface VppDeviceDetail extends VppDevice {
  installedApps: VppInstalledApp[];
}

/**
 * Install state of one app on a device (seed A's second flow).
 *
 * @public
 */
export type VppInstallState =
  | 'any'
  | 'no-inventory'
  | 'not-installed'
  | 'installed';

/**
 * Filters of `GET /devices` (also the `targets` of a distribution).
 *
 * @public
 */
export interface VppDeviceQuery {
  /** Free text over the 14 search fields. */
  q?: string;
  /** One field by name, with `value`. */
  field?: VppDeviceSearchField;
  value?: string;
  group?: string;
  includeSubgroups?: boolean;
  platform?: VppDevicePlatform;
  enrolled?: boolean;
  /** The app for `installState`, `version`, `inventoryBefore`. */
  adamId?: string;
  bundleId?: string;
  installState?: VppInstallState;
  version?: string;
  /** ISO date: inventory older than this (or none). */
  inventoryBefore?: string;
}

/** `GET /devices`. @public */
export interface VppDeviceList {
  items: VppDevice[];
  totalCount: number;
}

/** `GET /apps/:adamId/install-status`. @public */
export interface VppAppInstallStatus {
  adamId: string;
  bundleId: string | null;
  noInventory: number;
  notInstalled: number;
  installed: number;
  versions: Array<{ version: string; count: number }>;
}

/** One bad row of a CSV import. @public */
export interface VppDeviceImportError {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  reason: string;
}

/** `POST /devices/import`. @public */
export interface VppDeviceImportResult {
  dryRun: boolean;
  /** Devices changed (or, in a dry run, that would change). */
  updated: number;
  rows: number;
  /** What changes per device (what would change, in a dry run). */
  changes?: VppDeviceImportChange[];
}

/**
 * Columns `GET /devices` can sort by (`sort`, with `order` `asc` | `desc`).
 *
 * @public
 */
export const VPP_DEVICE_SORT_FIELDS = [
  'displayName',
  'deviceNumber',
  'serialNumber',
  'udid',
  'userName',
  'employeeNumber',
  'email',
  'osVersion',
  'platform',
  'model',
  'group',
  'enrolled',
  'lastCheckInAt',
  'inventoryAt',
] as const;

/** @public */
export type VppDeviceSortField = (typeof VPP_DEVICE_SORT_FIELDS)[number];

/** Query of `GET /devices` (and of `GET /devices/export.csv`, without paging). @public */
export interface VppDeviceListQuery extends VppDeviceQuery {
  offset?: number;
  /** At most 500; default 50. */
  limit?: number;
  sort?: VppDeviceSortField;
  order?: 'asc' | 'desc';
}

/** Body of `PATCH /devices/:id`: attributes to set (null clears) and the group. @public */
export interface VppDevicePatch extends VppDeviceAttributes {
  /** Group entity ref (`group:default/tokyo-it`) or a bare group name. */
  group?: string;
}

/** Body of `POST /devices/import` (or send the CSV text as `text/csv`). @public */
export interface VppDeviceImportRequest {
  csv: string;
  dryRun?: boolean;
}

/** One device a CSV import changes (or would change, in a dry run). @public */
export interface VppDeviceImportChange {
  line: number;
  deviceId: string;
  udid: string;
  serialNumber: string | null;
  /** The fields that change, with their new values. */
  changes: VppDevicePatch;
}

/** The 400 answer of `POST /devices/import` when a row is bad (nothing was written). @public */
export interface VppDeviceImportFailure {
  error: { name: string; message: string };
  response: { statusCode: number };
  /** Every bad row, in file order. */
  rows: VppDeviceImportError[];
}

/** Body of `POST /devices/inventory`. @public */
export interface VppDeviceInventoryRequest {
  deviceIds: string[];
}

/** `POST /devices/inventory`. @public */
export interface VppDeviceInventoryResult {
  /** Devices the MDM queued the inventory commands for. */
  requested: number;
  /** Devices left out (unenrolled) or that the MDM did not queue, with why. */
  skipped: Array<{ id: string; reason: string }>;
}
