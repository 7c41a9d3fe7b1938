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
}
