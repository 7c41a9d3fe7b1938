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
  CommandAnswer,
  CommandPurpose,
  MdmCommandRecord,
  ReplacedInventory,
} from './DeviceStore';
import {
  applySearch,
  applySort,
  countFromTextIndex,
  isCommonText,
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
import { StatementBatcher } from './statementBatcher';
import { InstalledApps } from './installedApps';
import { MdmCommandRecords } from './mdmCommandRecords';
import { isSqlite, reuseSqliteStatements } from './sqliteStatements';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-vpp-backend',
  'migrations',
);

/** Rows per statement: SQLite allows 32,766 bindings, PostgreSQL 65,535. */
const BATCH = 500;

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

  readonly #apps: InstalledApps;
  readonly #commands: MdmCommandRecords;

  private constructor(private readonly db: Knex) {
    this.#apps = new InstalledApps(db);
    this.#commands = new MdmCommandRecords(db);
  }

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
    const scanText = !listingPage && (await isCommonText(this.db, search));
    const [rows, [{ count }]] = await Promise.all([
      listingPage
        ? this.devices()
            .whereIn('d.id', listingPage)
            .select<DeviceRow[]>(SELECT)
            .modify(b => applySort(b, page))
        : this.devices()
            .where(b => applySearch(this.db, b, search, { scanText }))
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

  getInstalledApps(deviceId: string): Promise<DeviceAppRecord[]> {
    return this.#apps.get(deviceId);
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
    // Idle check-ins are most of the webhook's traffic: written together (StatementBatcher).
    return this.#touches.add({ udid, at });
  }

  readonly #touches = new StatementBatcher<{ udid: string; at: Date }, boolean>(
    {
      maxBatch: BATCH,
      write: async batch => {
        const known = await this.#touchAll(batch);
        return batch.map(t => known.has(t.udid));
      },
    },
  );

  /** One statement for a batch; the UDIDs known. Never moves a check-in back. */
  async #touchAll(
    batch: Array<{ udid: string; at: Date }>,
  ): Promise<Set<string>> {
    const latest = new Map<string, Date>();
    for (const { udid, at } of batch) {
      const seen = latest.get(udid);
      if (!seen || seen < at) latest.set(udid, at);
    }
    const cast = isSqlite(this.db) ? '?' : '?::timestamptz';
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

  replaceInventory(
    udid: string,
    at: Date,
    apps: DeviceAppRecord[],
  ): Promise<ReplacedInventory | undefined> {
    return this.#apps.replace(udid, at, apps);
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

  recordCommands(commands: MdmCommandRecord[]): Promise<void> {
    return this.#commands.record(commands);
  }

  answerCommand(answer: CommandAnswer): Promise<CommandPurpose | undefined> {
    return this.#commands.answer(answer);
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
