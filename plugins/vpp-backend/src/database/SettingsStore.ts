import { VppPlistDictionary } from '@internal/plugin-vpp-common';

/** What every named setting has. */
interface SettingRecordBase {
  id: string;
  /** Unique per kind, ignoring case. */
  name: string;
  description: string;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
}

/** A managed app configuration as stored. */
export interface AppConfigRecord extends SettingRecordBase {
  adamId?: string;
  bundleId?: string;
  /** Validated plist dictionary in its JSON form (dates as `{ $date }`). */
  values: VppPlistDictionary;
}

/** A per-app VPN setting as stored. */
export interface VpnConfigRecord extends SettingRecordBase {
  vpnUuid: string;
  platforms: string[];
}

export interface SettingsPage {
  offset: number;
  limit: number;
  /** Case-insensitive substring of the name or description. */
  q?: string;
}

export interface AppConfigQuery extends SettingsPage {
  adamId?: string;
  bundleId?: string;
}

export interface VpnConfigQuery extends SettingsPage {
  platform?: string;
}

/**
 * Persistence of named settings. Names are unique per kind ignoring case: inserting or
 * renaming to a taken name throws a ConflictError naming it, even when two requests race.
 */
export interface SettingsStore {
  listAppConfigs(
    query: AppConfigQuery,
  ): Promise<{ items: AppConfigRecord[]; totalCount: number }>;
  getAppConfig(id: string): Promise<AppConfigRecord | undefined>;
  insertAppConfig(record: AppConfigRecord): Promise<void>;
  /** Replaces everything but id and creation; false when there is no such setting. */
  updateAppConfig(record: AppConfigRecord): Promise<boolean>;
  deleteAppConfig(id: string): Promise<boolean>;

  listVpnConfigs(
    query: VpnConfigQuery,
  ): Promise<{ items: VpnConfigRecord[]; totalCount: number }>;
  getVpnConfig(id: string): Promise<VpnConfigRecord | undefined>;
  insertVpnConfig(record: VpnConfigRecord): Promise<void>;
  updateVpnConfig(record: VpnConfigRecord): Promise<boolean>;
  deleteVpnConfig(id: string): Promise<boolean>;
}
