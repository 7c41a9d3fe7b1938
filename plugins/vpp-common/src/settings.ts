/**
 * A date inside a managed app configuration. JSON has no date type, so a dictionary whose
 * only key is `$date` with an ISO-8601 instant (e.g. `{ "$date": "2027-04-01T00:00:00Z" }`)
 * stands for a plist `<date>`. Answers always use this form for dates.
 *
 * @public
 */
export interface VppPlistDate {
  $date: string;
}

/**
 * A value a property list can hold: string, number (whole numbers become `<integer>`,
 * others `<real>`), boolean, date, array or dictionary. `null` and binary data cannot be
 * stored.
 *
 * @public
 */
export type VppPlistValue =
  | string
  | number
  | boolean
  | VppPlistDate
  | VppPlistValue[]
  | VppPlistDictionary;

/** @public */
export interface VppPlistDictionary {
  [key: string]: VppPlistValue;
}

/**
 * A named managed app configuration (the `Configuration` dictionary of an install) for
 * one app, named by its adamId, its bundle id or both.
 *
 * @public
 */
export interface VppAppConfig {
  id: string;
  /** Unique, ignoring case. */
  name: string;
  adamId?: string;
  bundleId?: string;
  values: VppPlistDictionary;
  description: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

/**
 * Body of `POST /app-configs` and `PUT /app-configs/:id` (which replaces every field).
 * Give the dictionary as `values` (JSON, dates as {@link VppPlistDate}) or as `plist`, the
 * XML of a property list whose root is a dictionary (a bare `<dict>…</dict>` is accepted).
 *
 * @public
 */
export interface VppAppConfigRequest {
  name: string;
  adamId?: string;
  bundleId?: string;
  values?: VppPlistDictionary;
  plist?: string;
  description?: string;
}

/** Platforms a distribution targets, and so the ones a VPN setting applies to. @public */
export type VppSettingPlatform = 'ios' | 'macos';

/**
 * A named VPN setting for per-app VPN: the `VPNUUID` of a VPN payload already installed on
 * the devices, which an install puts into `Attributes.VPNUUID`.
 *
 * @public
 */
export interface VppVpnConfig {
  id: string;
  /** Unique, ignoring case. */
  name: string;
  /** The payload's `VPNUUID`, as entered. */
  vpnUuid: string;
  platforms: VppSettingPlatform[];
  description: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

/** Body of `POST /vpn-configs` and `PUT /vpn-configs/:id`. @public */
export interface VppVpnConfigRequest {
  name: string;
  vpnUuid: string;
  platforms: VppSettingPlatform[];
  description?: string;
}

/** Query of `GET /app-configs`. @public */
export interface VppAppConfigListQuery {
  /** Configurations of this app (by adamId). */
  adamId?: string;
  /** Configurations of this app (by bundle id). */
  bundleId?: string;
  /** Matches name or description (case-insensitive substring). */
  q?: string;
  /** @defaultValue 0 */
  offset?: number;
  /** At most 500. @defaultValue 100 */
  limit?: number;
}

/** Query of `GET /vpn-configs`. @public */
export interface VppVpnConfigListQuery {
  platform?: VppSettingPlatform;
  q?: string;
  /** @defaultValue 0 */
  offset?: number;
  /** At most 500. @defaultValue 100 */
  limit?: number;
}

/** @public */
export interface VppAppConfigList {
  items: VppAppConfig[];
  totalCount: number;
}

/** @public */
export interface VppVpnConfigList {
  items: VppVpnConfig[];
  totalCount: number;
}
