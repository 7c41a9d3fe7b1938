import { Knex } from 'knex';
import { DeviceAppRecord, ReplacedInventory } from './DeviceStore';
import { COLUMNS, DeviceRow, toState } from './deviceRows';
import { DEVICE_APPS, DEVICES } from './deviceSearch';
import { isSqlite } from './sqliteStatements';

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

/**
 * The apps devices report installed (`vpp_device_apps`), replaced as a whole by each
 * newer inventory answer.
 */
export class InstalledApps {
  constructor(private readonly db: Knex) {}

  async get(deviceId: string): Promise<DeviceAppRecord[]> {
    const rows = await this.db(DEVICE_APPS)
      .where({ device_id: deviceId })
      .orderBy('bundle_id');
    return rows.map(toAppRecord);
  }

  async replace(
    udid: string,
    at: Date,
    apps: DeviceAppRecord[],
  ): Promise<ReplacedInventory | undefined> {
    const unique = [...new Map(apps.map(app => [app.bundleId, app])).values()];
    if (!isSqlite(this.db)) {
      return this.#replaceInOneStatement(udid, at, unique);
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
  async #replaceInOneStatement(
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
}
