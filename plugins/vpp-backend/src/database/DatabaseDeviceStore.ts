import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  DeviceAppRecord,
  DeviceAttributesUpdate,
  DeviceRecord,
  DeviceSearch,
  DeviceSort,
  DeviceState,
  DeviceStatePatch,
  DeviceStore,
  InstallStatusCounts,
  MdmCommandRecord,
  ReplacedInventory,
} from './DeviceStore';
import {
  applySearch,
  applySort,
  countFromTextIndex,
  DEVICE_APPS,
  DEVICE_LISTING,
  DEVICES,
  normalizeSearchText,
  pageFromListing,
} from './deviceSearch';
import {
  COLUMNS,
  DeviceRow,
  SELECT,
  toRecord,
  toRow,
  toState,
} from './deviceRows';
import { GroupedWrites } from './groupedWrites';
import { reuseSqliteStatements } from './sqliteStatements';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-vpp-backend',
  'migrations',
);

const COMMANDS = 'vpp_mdm_commands';

/** Rows per statement: SQLite allows 32,766 bindings, PostgreSQL 65,535. */
const BATCH = 500;

/** Columns of an installed app besides its key (`device_id`, `bundle_id`). */
const APP_COLUMNS = [
  'adam_id',
  'name',
  'version',
  'managed',
  'installing',
] as const;

type AppRow = {
  bundle_id: string;
  adam_id: string | null;
  name: string | null;
  version: string | null;
  managed: boolean | number;
  installing: boolean | number;
};

function appRow(app: DeviceAppRecord): AppRow {
  return {
    bundle_id: app.bundleId,
    adam_id: app.adamId,
    name: app.name,
    version: app.version,
    managed: app.managed,
    installing: app.installing,
  };
}

function toAppRecord(row: AppRow): DeviceAppRecord {
  return {
    bundleId: row.bundle_id,
    adamId: row.adam_id,
    name: row.name,
    version: row.version,
    managed: Boolean(row.managed),
    installing: Boolean(row.installing),
  };
}

const isSqliteClient = (db: Knex) =>
  String(db.client.config.client).includes('sqlite');

/** Knex implementation of {@link DeviceStore}, for SQLite and PostgreSQL. */
export class DatabaseDeviceStore implements DeviceStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseDeviceStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    // The webhook's and the worker's many small statements (SQLite).
    reuseSqliteStatements(client);
    return new DatabaseDeviceStore(client);
  }

  private constructor(private readonly db: Knex) {}

  private devices(db: Knex = this.db) {
    return db<DeviceRow>({ d: DEVICES });
  }

  async getDevice(id: string): Promise<DeviceRecord | undefined> {
    const row = await this.devices()
      .select<DeviceRow[]>(SELECT)
      .where('d.id', id)
      .whereNotNull('d.platform')
      .first();
    return row ? toRecord(row) : undefined;
  }

  async getDevices(ids: string[]): Promise<DeviceRecord[]> {
    const records: DeviceRecord[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const rows = await this.devices()
        .select<DeviceRow[]>(SELECT)
        .whereIn('d.id', ids.slice(i, i + BATCH))
        .whereNotNull('d.platform');
      records.push(...rows.map(toRecord));
    }
    return records;
  }

  async getDeviceStateByUdid(udid: string): Promise<DeviceState | undefined> {
    const row = await this.devices()
      .select<DeviceRow[]>(SELECT)
      .where('d.udid', udid)
      .first();
    return row ? toState(row) : undefined;
  }

  async findDevicesByKeys(keys: {
    serialNumbers: string[];
    udids: string[];
  }): Promise<DeviceRecord[]> {
    const records: DeviceRecord[] = [];
    // Case-insensitive: people type serial numbers and UDIDs as they come.
    for (const [column, values] of [
      ['d.serial_number_norm', keys.serialNumbers.map(normalizeSearchText)],
      ['d.udid_norm', keys.udids.map(normalizeSearchText)],
    ] as const) {
      for (let i = 0; i < values.length; i += BATCH) {
        const rows = await this.devices()
          .select<DeviceRow[]>(SELECT)
          .whereIn(column, values.slice(i, i + BATCH))
          .whereNotNull('d.platform');
        records.push(...rows.map(toRecord));
      }
    }
    return records;
  }

  async searchDevices(
    search: DeviceSearch,
    page: DeviceSort & { offset: number; limit: number },
  ): Promise<{ items: DeviceRecord[]; totalCount: number }> {
    const listingPage = pageFromListing(this.db, search, page);
    const [rows, [{ count }]] = await Promise.all([
      listingPage
        ? this.devices()
            .whereIn('d.id', listingPage)
            .select<DeviceRow[]>(SELECT)
            .modify(b => applySort(b, page))
        : this.devices()
            .where(b => applySearch(this.db, b, search))
            .select<DeviceRow[]>(SELECT)
            .modify(b => applySort(b, page))
            .offset(page.offset)
            .limit(page.limit),
      // Counted over the narrow listing rows (or SQLite's text index alone): a broad
      // search matches tens of thousands.
      countFromTextIndex(this.db, search) ??
        this.db({ d: DEVICE_LISTING })
          .where(b => applySearch(this.db, b, search, { listing: true }))
          .count<{ count: number | string }[]>({ count: '*' }),
    ]);
    return { items: rows.map(toRecord), totalCount: Number(count) };
  }

  async *streamDevices(
    search: DeviceSearch,
    sort: DeviceSort,
  ): AsyncIterable<DeviceRecord> {
    const pageSize = 1000;
    for (let offset = 0; ; offset += pageSize) {
      const rows = await this.devices()
        .where(b => applySearch(this.db, b, search))
        .select<DeviceRow[]>(SELECT)
        .modify(b => applySort(b, sort))
        .offset(offset)
        .limit(pageSize);
      for (const row of rows) yield toRecord(row);
      if (rows.length < pageSize) return;
    }
  }

  async countInstallStatus(
    search: Omit<DeviceSearch, 'app'>,
    bundleId: string,
  ): Promise<InstallStatusCounts> {
    const rows = await this.db({ d: DEVICE_LISTING })
      .leftJoin({ a: DEVICE_APPS }, join =>
        join
          .on('a.device_id', '=', 'd.id')
          .andOn('a.bundle_id', '=', this.db.raw('?', [bundleId])),
      )
      .where(b => applySearch(this.db, b, search, { listing: true }))
      .select(
        this.db.raw(
          `CASE WHEN d.inventory_at IS NULL THEN 'no-inventory' WHEN a.device_id IS NULL THEN 'not-installed' ELSE 'installed' END AS state`,
        ),
        'a.version as version',
      )
      .count({ count: '*' })
      .groupByRaw('1, 2');
    const counts: InstallStatusCounts = {
      noInventory: 0,
      notInstalled: 0,
      installed: 0,
      versions: [],
    };
    for (const row of rows as Array<{
      state: string;
      version: string | null;
      count: number | string;
    }>) {
      const count = Number(row.count);
      if (row.state === 'no-inventory') counts.noInventory += count;
      else if (row.state === 'not-installed') counts.notInstalled += count;
      else {
        counts.installed += count;
        counts.versions.push({ version: row.version ?? '', count });
      }
    }
    counts.versions.sort((a, b) =>
      b.version.localeCompare(a.version, 'en', { numeric: true }),
    );
    return counts;
  }

  async getInstalledApps(deviceId: string): Promise<DeviceAppRecord[]> {
    const rows = await this.db(DEVICE_APPS)
      .where({ device_id: deviceId })
      .orderBy('bundle_id');
    return rows.map(toAppRecord);
  }

  async insertDevice(device: DeviceState): Promise<boolean> {
    const inserted = await this.db(DEVICES)
      .insert(toRow(device))
      .onConflict('udid')
      .ignore()
      .returning('id');
    return inserted.length > 0;
  }

  async insertDevices(devices: DeviceState[]): Promise<number> {
    let inserted = 0;
    // ~45 columns a row: 200 rows stay under SQLite's 32,766 bindings.
    for (let i = 0; i < devices.length; i += 200) {
      const rows = await this.db(DEVICES)
        .insert(devices.slice(i, i + 200).map(toRow))
        .onConflict('udid')
        .ignore()
        .returning('id');
      inserted += rows.length;
    }
    return inserted;
  }

  async updateDeviceState(
    current: DeviceState,
    patch: DeviceStatePatch,
    now: Date,
  ): Promise<boolean> {
    // One statement, no transaction: the row version refuses a write based on a stale read.
    const {
      id: _id,
      created_at: _c,
      ...columns
    } = toRow({
      ...current,
      ...patch,
    });
    const updated = await this.db(DEVICES)
      .where({ id: current.id, row_version: current.rowVersion })
      .update({
        ...columns,
        row_version: current.rowVersion + 1,
        updated_at: now,
      });
    return updated === 1;
  }

  async touchCheckIn(udid: string, at: Date): Promise<boolean> {
    // Idle check-ins are most of the webhook's traffic: written together (GroupedWrites).
    return this.#touches.add({ udid, at });
  }

  readonly #touches = new GroupedWrites<{ udid: string; at: Date }, boolean>({
    maxBatch: BATCH,
    write: async batch => {
      const known = await this.#touchAll(batch);
      return batch.map(t => known.has(t.udid));
    },
  });

  /** One statement for a batch; the UDIDs known. Never moves a check-in back. */
  async #touchAll(
    batch: Array<{ udid: string; at: Date }>,
  ): Promise<Set<string>> {
    const latest = new Map<string, Date>();
    for (const { udid, at } of batch) {
      const seen = latest.get(udid);
      if (!seen || seen < at) latest.set(udid, at);
    }
    const cast = isSqliteClient(this.db) ? '?' : '?::timestamptz';
    const values = [...latest.keys()].map(() => `(?, ${cast})`).join(', ');
    const result = await this.db.raw(
      `WITH v(udid, at) AS (VALUES ${values})
       UPDATE ${DEVICES} SET last_check_in_at = v.at FROM v
       WHERE ${DEVICES}.udid = v.udid
         AND (${DEVICES}.last_check_in_at IS NULL OR ${DEVICES}.last_check_in_at < v.at)
       RETURNING ${DEVICES}.udid`,
      [...latest].flat(),
    );
    const rows: Array<{ udid: string }> = Array.isArray(result)
      ? result
      : result.rows;
    const known = new Set(rows.map(r => r.udid));
    const unchanged = [...latest.keys()].filter(udid => !known.has(udid));
    if (unchanged.length) {
      // Repeated or older check-ins: the device may still be known.
      const found = await this.db(DEVICES)
        .select('udid')
        .whereIn('udid', unchanged);
      for (const row of found) known.add(row.udid);
    }
    return known;
  }

  async replaceInventory(
    udid: string,
    at: Date,
    apps: DeviceAppRecord[],
  ): Promise<ReplacedInventory | undefined> {
    const unique = [...new Map(apps.map(app => [app.bundleId, app])).values()];
    if (!isSqliteClient(this.db)) {
      return this.#replaceInventoryInOneStatement(udid, at, unique);
    }
    return this.db.transaction(async tx => {
      // The conditional update decides (and locks the row): only a newer list replaces.
      const updated: DeviceRow[] = await tx(DEVICES)
        .where({ udid })
        .where(b =>
          b.whereNull('inventory_at').orWhere('inventory_at', '<', at),
        )
        .update({ inventory_at: at }, COLUMNS);
      if (updated.length === 0) return undefined;
      const device = toState(updated[0]);
      const previous = (
        await tx(DEVICE_APPS)
          .where({ device_id: device.id })
          .orderBy('bundle_id')
      ).map(toAppRecord);
      await tx(DEVICE_APPS).where({ device_id: device.id }).delete();
      const rows = unique.map(app => ({
        device_id: device.id,
        ...appRow(app),
      }));
      for (let i = 0; i < rows.length; i += BATCH) {
        await tx(DEVICE_APPS).insert(rows.slice(i, i + BATCH));
      }
      return { device, previous };
    });
  }

  /**
   * PostgreSQL: the whole replacement in one statement (one round trip and one commit
   * instead of six: an inventory answer per device is most of a distribution's webhook
   * work). Its parts see one snapshot, so `previous` is the list before; the device
   * row's lock orders two inventories of one device, and the second finds itself older.
   * Apps that did not change are not rewritten.
   */
  async #replaceInventoryInOneStatement(
    udid: string,
    at: Date,
    apps: DeviceAppRecord[],
  ): Promise<ReplacedInventory | undefined> {
    const table = DEVICE_APPS;
    const changed = APP_COLUMNS.map(c => `${table}.${c}`).join(', ');
    const excluded = APP_COLUMNS.map(c => `excluded.${c}`).join(', ');
    const upsert = apps.length
      ? `, upserted AS (
           INSERT INTO ${table} (device_id, bundle_id, ${APP_COLUMNS.join(
          ', ',
        )})
           SELECT u.id, v.* FROM u, (VALUES ${apps
             .map(() => '(?, ?, ?, ?, ?::boolean, ?::boolean)')
             .join(', ')}) AS v(bundle_id, ${APP_COLUMNS.join(', ')})
           ON CONFLICT (device_id, bundle_id) DO UPDATE
             SET (${APP_COLUMNS.join(', ')}) = (${excluded})
             WHERE (${changed}) IS DISTINCT FROM (${excluded})
         )`
      : '';
    const result = await this.db.raw(
      `WITH u AS (
         UPDATE ${DEVICES} SET inventory_at = ?
         WHERE udid = ? AND (inventory_at IS NULL OR inventory_at < ?)
         RETURNING ${COLUMNS.join(', ')}
       ),
       previous AS (
         SELECT a.bundle_id, ${APP_COLUMNS.map(c => `a.${c}`).join(', ')}
         FROM ${table} a JOIN u ON a.device_id = u.id
       ),
       gone AS (
         DELETE FROM ${table} a USING u
         WHERE a.device_id = u.id AND NOT (a.bundle_id = ANY(?::text[]))
       )${upsert}
       SELECT u.*,
         (SELECT coalesce(json_agg(p ORDER BY p.bundle_id), '[]'::json) FROM previous p)
           AS previous_apps
       FROM u`,
      [
        at,
        udid,
        at,
        apps.map(a => a.bundleId),
        ...apps.flatMap(a => {
          const row = appRow(a);
          return [a.bundleId, ...APP_COLUMNS.map(c => row[c])];
        }),
      ],
    );
    const row: (DeviceRow & { previous_apps: AppRow[] }) | undefined =
      result.rows[0];
    if (!row) return undefined;
    return {
      device: toState(row),
      previous: row.previous_apps.map(toAppRecord),
    };
  }

  async updateAttributes(
    updates: DeviceAttributesUpdate[],
    now: Date,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      for (let i = 0; i < updates.length; i += BATCH) {
        const batch = updates.slice(i, i + BATCH);
        const rows = await tx<DeviceRow>(DEVICES)
          .select(COLUMNS)
          .whereIn(
            'id',
            batch.map(u => u.id),
          );
        const byId = new Map(rows.map(row => [row.id, row as DeviceRow]));
        for (const update of batch) {
          const row = byId.get(update.id);
          if (!row) continue;
          const next = { ...toState(row), ...update.patch };
          const { id: _id, created_at: _c, ...columns } = toRow(next);
          await tx(DEVICES)
            .where({ id: update.id })
            .update({
              ...columns,
              row_version: row.row_version + 1,
              updated_at: now,
            });
        }
      }
    });
  }

  async recordCommands(commands: MdmCommandRecord[]): Promise<void> {
    const rows = commands.map(c => ({
      command_id: c.commandId,
      enrollment_id: c.enrollmentId,
      purpose: c.purpose,
      detail: c.detail ?? null,
      sent_at: c.sentAt,
      status: c.status,
      error: c.error ?? null,
    }));
    for (let i = 0; i < rows.length; i += BATCH) {
      await this.db(COMMANDS)
        .insert(rows.slice(i, i + BATCH))
        .onConflict(['command_id', 'enrollment_id'])
        .merge(['status', 'error'])
        // A device can answer before its send is recorded; never undo that answer.
        .where(`${COMMANDS}.answered_at`, null);
    }
  }

  async answerCommand(answer: {
    commandId: string;
    enrollmentId: string;
    status: string;
    at: Date;
    error?: string;
  }): Promise<{ purpose: string; detail?: string } | undefined> {
    const key = {
      command_id: answer.commandId,
      enrollment_id: answer.enrollmentId,
    };
    // The last answer wins; a repeated or older one changes nothing (then a read).
    const [answered]: Array<{ purpose: string; detail: string | null }> =
      await this.db(COMMANDS)
        .where(key)
        .where(b =>
          b.whereNull('answered_at').orWhere('answered_at', '<', answer.at),
        )
        .update(
          {
            status: answer.status,
            answered_at: answer.at,
            error: answer.error ?? null,
          },
          ['purpose', 'detail'],
        );
    const row =
      answered ??
      (await this.db(COMMANDS).select('purpose', 'detail').where(key).first());
    if (!row) return undefined;
    return { purpose: row.purpose, detail: row.detail ?? undefined };
  }

  async findBundleId(adamId: string): Promise<string | undefined> {
    // The content sync's App Store metadata (any storefront; a bundle id is global).
    const metadata = await this.db('vpp_app_metadata')
      .select('bundle_id')
      .where({ adam_id: adamId })
      .whereNotNull('bundle_id')
      .first();
    if (metadata) return metadata.bundle_id;
    // Devices report the AdamID of store apps (iOS 14+, macOS 11+).
    const reported = await this.db(DEVICE_APPS)
      .select('bundle_id')
      .where({ adam_id: adamId })
      .first();
    return reported?.bundle_id;
  }
}
