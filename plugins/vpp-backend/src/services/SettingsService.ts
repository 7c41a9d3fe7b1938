import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  VppAppConfig,
  VppAppConfigList,
  VppAppConfigListQuery,
  VppSettingPlatform,
  VppVpnConfig,
  VppVpnConfigList,
  VppVpnConfigListQuery,
} from '@internal/plugin-vpp-common';
import { randomUUID } from 'node:crypto';
import {
  AppConfigRecord,
  SettingsStore,
  VpnConfigRecord,
} from '../database/SettingsStore';
import { parsePlistValues, parsePlistXml, toPlistObject } from './plistValues';

/** Which named setting: used by the in-use check. */
export type SettingRef = { kind: 'app-config' | 'vpn-config'; id: string };

/**
 * The distributions (scheduled or running) that use a setting, by id; empty when none.
 * This is the seam the distribution store fills: a setting in use cannot be deleted.
 */
export type SettingsInUseCheck = (setting: SettingRef) => Promise<string[]>;

/** A managed app configuration as the routers hand it over (shape already checked). */
export interface AppConfigInput {
  name: string;
  adamId?: string;
  bundleId?: string;
  /** JSON dictionary (dates as `{ $date }`); exactly one of `values` and `plist`. */
  values?: unknown;
  /** Property list XML whose root is a dictionary. */
  plist?: string;
  description?: string;
}

export interface VpnConfigInput {
  name: string;
  vpnUuid: string;
  platforms: VppSettingPlatform[];
  description?: string;
}

export interface SettingsServiceOptions {
  store: SettingsStore;
  /**
   * Who uses a setting. Until the distribution engine provides it nothing can use a
   * setting (there are no distributions), so without it deletion is never refused.
   */
  isInUse?: SettingsInUseCheck;
  now?: () => Date;
}

const PAGE_DEFAULTS = { offset: 0, limit: 100 };

/**
 * Named settings an install can use: managed app configurations (the `Configuration`
 * dictionary of `InstallApplication`) and per-app VPN settings (`Attributes.VPNUUID`).
 */
export class SettingsService {
  readonly #store: SettingsStore;
  readonly #isInUse?: SettingsInUseCheck;
  readonly #now: () => Date;

  constructor(options: SettingsServiceOptions) {
    this.#store = options.store;
    this.#isInUse = options.isInUse;
    this.#now = options.now ?? (() => new Date());
  }

  async listAppConfigs(
    query: VppAppConfigListQuery = {},
  ): Promise<VppAppConfigList> {
    const { items, totalCount } = await this.#store.listAppConfigs({
      ...PAGE_DEFAULTS,
      ...query,
    });
    return { items: items.map(toApiAppConfig), totalCount };
  }

  async getAppConfig(id: string): Promise<VppAppConfig> {
    return toApiAppConfig(await this.#appConfig(id));
  }

  /**
   * The configuration an install sends: the dictionary with real dates, ready to go
   * into `InstallApplication`'s `Configuration`.
   */
  async getInstallConfiguration(
    id: string,
  ): Promise<{ config: VppAppConfig; configuration: Record<string, unknown> }> {
    const record = await this.#appConfig(id);
    return {
      config: toApiAppConfig(record),
      configuration: toPlistObject(record.values),
    };
  }

  async createAppConfig(
    input: AppConfigInput,
    actor: string,
  ): Promise<VppAppConfig> {
    const now = this.#now();
    const record: AppConfigRecord = {
      id: randomUUID(),
      ...appConfigFields(input),
      createdBy: actor,
      createdAt: now,
      updatedBy: actor,
      updatedAt: now,
    };
    await this.#store.insertAppConfig(record);
    return toApiAppConfig(record);
  }

  /** Replaces every field of a configuration (PUT). */
  async updateAppConfig(
    id: string,
    input: AppConfigInput,
    actor: string,
  ): Promise<VppAppConfig> {
    const existing = await this.#appConfig(id);
    const record: AppConfigRecord = {
      ...existing,
      ...appConfigFields(input),
      updatedBy: actor,
      updatedAt: this.#now(),
    };
    if (!(await this.#store.updateAppConfig(record))) {
      throw notFound('managed app configuration', id);
    }
    return toApiAppConfig(record);
  }

  async deleteAppConfig(id: string): Promise<void> {
    const existing = await this.#appConfig(id);
    await this.#assertUnused(
      { kind: 'app-config', id },
      `managed app configuration "${existing.name}"`,
    );
    if (!(await this.#store.deleteAppConfig(id))) {
      throw notFound('managed app configuration', id);
    }
  }

  async listVpnConfigs(
    query: VppVpnConfigListQuery = {},
  ): Promise<VppVpnConfigList> {
    const { items, totalCount } = await this.#store.listVpnConfigs({
      ...PAGE_DEFAULTS,
      ...query,
    });
    return { items: items.map(toApiVpnConfig), totalCount };
  }

  async getVpnConfig(id: string): Promise<VppVpnConfig> {
    return toApiVpnConfig(await this.#vpnConfig(id));
  }

  async createVpnConfig(
    input: VpnConfigInput,
    actor: string,
  ): Promise<VppVpnConfig> {
    const now = this.#now();
    const record: VpnConfigRecord = {
      id: randomUUID(),
      ...vpnConfigFields(input),
      createdBy: actor,
      createdAt: now,
      updatedBy: actor,
      updatedAt: now,
    };
    await this.#store.insertVpnConfig(record);
    return toApiVpnConfig(record);
  }

  async updateVpnConfig(
    id: string,
    input: VpnConfigInput,
    actor: string,
  ): Promise<VppVpnConfig> {
    const existing = await this.#vpnConfig(id);
    const record: VpnConfigRecord = {
      ...existing,
      ...vpnConfigFields(input),
      updatedBy: actor,
      updatedAt: this.#now(),
    };
    if (!(await this.#store.updateVpnConfig(record))) {
      throw notFound('VPN setting', id);
    }
    return toApiVpnConfig(record);
  }

  async deleteVpnConfig(id: string): Promise<void> {
    const existing = await this.#vpnConfig(id);
    await this.#assertUnused(
      { kind: 'vpn-config', id },
      `VPN setting "${existing.name}"`,
    );
    if (!(await this.#store.deleteVpnConfig(id))) {
      throw notFound('VPN setting', id);
    }
  }

  async #assertUnused(setting: SettingRef, label: string): Promise<void> {
    const users = (await this.#isInUse?.(setting)) ?? [];
    if (users.length > 0) {
      throw new ConflictError(
        `The ${label} is used by ${
          users.length === 1
            ? 'a distribution'
            : `${users.length} distributions`
        } that ${
          users.length === 1 ? 'is' : 'are'
        } scheduled or running (${users.slice(0, 10).join(', ')}${
          users.length > 10 ? ', …' : ''
        }); cancel ${users.length === 1 ? 'it' : 'them'} or wait until ${
          users.length === 1 ? 'it ends' : 'they end'
        }.`,
      );
    }
  }

  async #appConfig(id: string): Promise<AppConfigRecord> {
    const record = await this.#store.getAppConfig(id);
    if (!record) throw notFound('managed app configuration', id);
    return record;
  }

  async #vpnConfig(id: string): Promise<VpnConfigRecord> {
    const record = await this.#store.getVpnConfig(id);
    if (!record) throw notFound('VPN setting', id);
    return record;
  }
}

function notFound(what: string, id: string): NotFoundError {
  return new NotFoundError(`No ${what} with id "${id}" exists.`);
}

function appConfigFields(
  input: AppConfigInput,
): Pick<
  AppConfigRecord,
  'name' | 'adamId' | 'bundleId' | 'values' | 'description'
> {
  if (!input.adamId && !input.bundleId) {
    throw new InputError(
      'Name the app of the configuration: adamId (e.g. 361309726) or bundleId (e.g. com.example.notes).',
    );
  }
  if ((input.values === undefined) === (input.plist === undefined)) {
    throw new InputError(
      'Give the configuration either as values (a JSON dictionary) or as plist (property list XML), not both and not neither.',
    );
  }
  return {
    name: input.name.trim(),
    adamId: input.adamId,
    bundleId: input.bundleId,
    values:
      input.plist !== undefined
        ? parsePlistXml(input.plist)
        : parsePlistValues(input.values),
    description: input.description ?? '',
  };
}

function vpnConfigFields(
  input: VpnConfigInput,
): Pick<VpnConfigRecord, 'name' | 'vpnUuid' | 'platforms' | 'description'> {
  return {
    name: input.name.trim(),
    vpnUuid: input.vpnUuid.trim(),
    platforms: [...new Set(input.platforms)],
    description: input.description ?? '',
  };
}

function toApiAppConfig(record: AppConfigRecord): VppAppConfig {
  return {
    id: record.id,
    name: record.name,
    ...(record.adamId ? { adamId: record.adamId } : {}),
    ...(record.bundleId ? { bundleId: record.bundleId } : {}),
    values: record.values,
    description: record.description,
    createdBy: record.createdBy,
    createdAt: record.createdAt.toISOString(),
    updatedBy: record.updatedBy,
    updatedAt: record.updatedAt.toISOString(),
  };
}

function toApiVpnConfig(record: VpnConfigRecord): VppVpnConfig {
  return {
    id: record.id,
    name: record.name,
    vpnUuid: record.vpnUuid,
    platforms: record.platforms as VppSettingPlatform[],
    description: record.description,
    createdBy: record.createdBy,
    createdAt: record.createdAt.toISOString(),
    updatedBy: record.updatedBy,
    updatedAt: record.updatedAt.toISOString(),
  };
}
