import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { VppPlistDictionary } from '@internal/plugin-vpp-common';
import { Knex } from 'knex';
import { toDate } from './dates';
import {
  AppConfigQuery,
  AppConfigRecord,
  SettingsPage,
  SettingsStore,
  VpnConfigQuery,
  VpnConfigRecord,
} from './SettingsStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-vpp-backend',
  'migrations',
);

const APP_CONFIGS = 'vpp_app_configs';
const VPN_CONFIGS = 'vpp_vpn_configs';

type DateValue = Date | string | number;

type BaseRow = {
  id: string;
  name: string;
  name_key: string;
  description: string;
  created_by: string;
  created_at: DateValue;
  updated_by: string;
  updated_at: DateValue;
};

type AppConfigRow = BaseRow & {
  adam_id: string | null;
  bundle_id: string | null;
  config_values: string;
};

type VpnConfigRow = BaseRow & {
  vpn_uuid: string;
  platforms: string;
};

/** The key that makes names unique: the same name in any case or width is the same name. */
export function settingNameKey(name: string): string {
  return name.trim().normalize('NFKC').toLocaleLowerCase('en-US');
}

function baseColumns(record: AppConfigRecord | VpnConfigRecord) {
  return {
    name: record.name,
    name_key: settingNameKey(record.name),
    description: record.description,
    updated_by: record.updatedBy,
    updated_at: record.updatedAt,
  };
}

function toAppConfig(row: AppConfigRow): AppConfigRecord {
  return {
    id: row.id,
    name: row.name,
    adamId: row.adam_id ?? undefined,
    bundleId: row.bundle_id ?? undefined,
    values: JSON.parse(row.config_values) as VppPlistDictionary,
    description: row.description,
    createdBy: row.created_by,
    createdAt: toDate(row.created_at),
    updatedBy: row.updated_by,
    updatedAt: toDate(row.updated_at),
  };
}

function toVpnConfig(row: VpnConfigRow): VpnConfigRecord {
  return {
    id: row.id,
    name: row.name,
    vpnUuid: row.vpn_uuid,
    platforms: row.platforms === '' ? [] : row.platforms.split(','),
    description: row.description,
    createdBy: row.created_by,
    createdAt: toDate(row.created_at),
    updatedBy: row.updated_by,
    updatedAt: toDate(row.updated_at),
  };
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

/** PostgreSQL's and SQLite's ways of saying a unique index refused a row. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

/** Knex implementation of {@link SettingsStore}, for SQLite and PostgreSQL. */
export class DatabaseSettingsStore implements SettingsStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseSettingsStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseSettingsStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async listAppConfigs(
    query: AppConfigQuery,
  ): Promise<{ items: AppConfigRecord[]; totalCount: number }> {
    const base = this.#filtered(APP_CONFIGS, query);
    if (query.adamId) base.andWhere('adam_id', query.adamId);
    if (query.bundleId) base.andWhere('bundle_id', query.bundleId);
    const { rows, totalCount } = await this.#page<AppConfigRow>(base, query);
    return { items: rows.map(toAppConfig), totalCount };
  }

  async getAppConfig(id: string): Promise<AppConfigRecord | undefined> {
    const row = await this.db<AppConfigRow>(APP_CONFIGS).where({ id }).first();
    return row ? toAppConfig(row) : undefined;
  }

  async insertAppConfig(record: AppConfigRecord): Promise<void> {
    await this.#write(APP_CONFIGS, record, () =>
      this.db<AppConfigRow>(APP_CONFIGS).insert({
        id: record.id,
        ...baseColumns(record),
        ...appConfigColumns(record),
        created_by: record.createdBy,
        created_at: record.createdAt,
      }),
    );
  }

  async updateAppConfig(record: AppConfigRecord): Promise<boolean> {
    const updated = await this.#write(APP_CONFIGS, record, () =>
      this.db<AppConfigRow>(APP_CONFIGS)
        .where({ id: record.id })
        .update({ ...baseColumns(record), ...appConfigColumns(record) }),
    );
    return updated === 1;
  }

  async deleteAppConfig(id: string): Promise<boolean> {
    return (await this.db(APP_CONFIGS).where({ id }).delete()) === 1;
  }

  async listVpnConfigs(
    query: VpnConfigQuery,
  ): Promise<{ items: VpnConfigRecord[]; totalCount: number }> {
    const base = this.#filtered(VPN_CONFIGS, query);
    if (query.platform) {
      // Comma-delimited list; the delimiters stop one name matching inside another.
      base.andWhereRaw("(',' || platforms || ',') like ?", [
        `%,${query.platform},%`,
      ]);
    }
    const { rows, totalCount } = await this.#page<VpnConfigRow>(base, query);
    return { items: rows.map(toVpnConfig), totalCount };
  }

  async getVpnConfig(id: string): Promise<VpnConfigRecord | undefined> {
    const row = await this.db<VpnConfigRow>(VPN_CONFIGS).where({ id }).first();
    return row ? toVpnConfig(row) : undefined;
  }

  async insertVpnConfig(record: VpnConfigRecord): Promise<void> {
    await this.#write(VPN_CONFIGS, record, () =>
      this.db<VpnConfigRow>(VPN_CONFIGS).insert({
        id: record.id,
        ...baseColumns(record),
        ...vpnConfigColumns(record),
        created_by: record.createdBy,
        created_at: record.createdAt,
      }),
    );
  }

  async updateVpnConfig(record: VpnConfigRecord): Promise<boolean> {
    const updated = await this.#write(VPN_CONFIGS, record, () =>
      this.db<VpnConfigRow>(VPN_CONFIGS)
        .where({ id: record.id })
        .update({ ...baseColumns(record), ...vpnConfigColumns(record) }),
    );
    return updated === 1;
  }

  async deleteVpnConfig(id: string): Promise<boolean> {
    return (await this.db(VPN_CONFIGS).where({ id }).delete()) === 1;
  }

  #filtered(table: string, query: SettingsPage) {
    const base = this.db(table);
    if (query.q?.trim()) {
      // name_key is already folded in JavaScript (SQLite's lower() only folds ASCII).
      const pattern = likePattern(settingNameKey(query.q));
      base.where(q =>
        q
          .whereRaw("name_key like ? escape '\\'", [pattern])
          .orWhereRaw("lower(description) like ? escape '\\'", [
            pattern.toLowerCase(),
          ]),
      );
    }
    return base;
  }

  async #page<R>(
    base: Knex.QueryBuilder,
    query: SettingsPage,
  ): Promise<{ rows: R[]; totalCount: number }> {
    const [{ n }] = await base.clone().count({ n: '*' });
    const rows = (await base
      .clone()
      .select('*')
      .orderBy([
        { column: 'name_key', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .offset(query.offset)
      .limit(query.limit)) as R[];
    return { rows, totalCount: Number(n) };
  }

  /**
   * Runs an insert or update, turning a name clash into a ConflictError. The check
   * first gives the clear message; the unique index decides when two requests race.
   */
  async #write<T>(
    table: string,
    record: { id: string; name: string },
    write: () => Promise<T>,
  ): Promise<T> {
    const clash = () =>
      new ConflictError(
        `A ${
          table === APP_CONFIGS ? 'managed app configuration' : 'VPN setting'
        } named "${record.name}" already exists; choose another name.`,
      );
    const taken = await this.db<BaseRow>(table)
      .where({ name_key: settingNameKey(record.name) })
      .whereNot({ id: record.id })
      .first('id');
    if (taken) throw clash();
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw clash();
      throw error;
    }
  }
}

function appConfigColumns(record: AppConfigRecord) {
  return {
    adam_id: record.adamId ?? null,
    bundle_id: record.bundleId ?? null,
    config_values: JSON.stringify(record.values),
  };
}

function vpnConfigColumns(record: VpnConfigRecord) {
  return {
    vpn_uuid: record.vpnUuid,
    platforms: record.platforms.join(','),
  };
}
