import { Knex } from 'knex';
import { DeviceAppRecord, ReplacedInventory } from './DeviceStore';
import { COLUMNS, DeviceRow, toState } from './deviceRows';
import { DEVICE_APPS, DEVICES } from './deviceSearch';
import { retryOnDeadlock } from './deadlocks';
import { isSqlite } from './sqliteStatements';
import { StatementBatcher } from './statementBatcher';

/** Rows per statement: SQLite allows 32,766 bindings, PostgreSQL 65,535. */
const BATCH = 500;

/** Devices' inventories per PostgreSQL statement. */
const INVENTORIES_PER_STATEMENT = 50;

type Replacement = { udid: string; at: Date; apps: DeviceAppRecord[] };

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
      return this.#replacements.add({ udid, at, apps: unique });
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
   * PostgreSQL: inventories that arrive while one is being written go together in the
   * next statement (an answer per device is most of a distribution's webhook work, and
   * a statement, its planning and its commit cost more than the rows). Never two of one
   * device in a statement: the second waits for the next.
   */
  readonly #replacements = new StatementBatcher<
    Replacement,
    ReplacedInventory | undefined
  >({
    maxBatch: INVENTORIES_PER_STATEMENT,
    keyOf: r => r.udid,
    write: batch => retryOnDeadlock(() => this.#replaceMany(batch)),
  });

  /**
   * One statement for a batch: each device's row is updated only if the list is newer
   * (its lock orders two inventories of one device, and the second finds itself older);
   * the statement's parts see one snapshot, so `previous` is each list before. Apps that
   * did not change are not rewritten. The input goes as two JSON parameters, so a Mac
   * with hundreds of apps never meets the bindings limit. The apps to delete are found
   * from the devices' ids (`= ANY(ARRAY(…))`): joined to the updated rows, PostgreSQL
   * hashed them and read every installed app of every device (6 ms a statement at
   * 10,000 devices).
   */
  async #replaceMany(
    batch: Replacement[],
  ): Promise<Array<ReplacedInventory | undefined>> {
    const table = DEVICE_APPS;
    const changed = APP_COLUMNS.map(c => `${table}.${c}`).join(', ');
    const excluded = APP_COLUMNS.map(c => `excluded.${c}`).join(', ');
    const appFields = APP_COLUMNS.map(c => `n.${c}`).join(', ');
    const result = await this.db.raw(
      `WITH input AS (
         SELECT * FROM json_to_recordset(?::json) AS i(udid text, at timestamptz)
       ),
       listed AS (
         SELECT * FROM json_to_recordset(?::json) AS n(udid text, bundle_id text,
           adam_id text, name text, version text, managed boolean, installing boolean)
       ),
       u AS (
         UPDATE ${DEVICES} d SET inventory_at = input.at FROM input
         WHERE d.udid = input.udid
           AND (d.inventory_at IS NULL OR d.inventory_at < input.at)
         RETURNING ${COLUMNS.map(c => `d.${c}`).join(', ')}
       ),
       previous AS (
         SELECT a.device_id, a.bundle_id, ${APP_COLUMNS.map(c => `a.${c}`).join(
           ', ',
         )}
         FROM ${table} a JOIN u ON a.device_id = u.id
       ),
       gone AS (
         DELETE FROM ${table} a
         WHERE a.device_id = ANY(ARRAY(SELECT id FROM u)) AND NOT EXISTS (
           SELECT 1 FROM listed n JOIN u ON n.udid = u.udid
           WHERE u.id = a.device_id AND n.bundle_id = a.bundle_id
         )
       ),
       upserted AS (
         INSERT INTO ${table} (device_id, bundle_id, ${APP_COLUMNS.join(', ')})
         SELECT u.id, n.bundle_id, ${appFields} FROM u JOIN listed n ON n.udid = u.udid
         ON CONFLICT (device_id, bundle_id) DO UPDATE
           SET (${APP_COLUMNS.join(', ')}) = (${excluded})
           WHERE (${changed}) IS DISTINCT FROM (${excluded})
       )
       SELECT u.*,
         (SELECT coalesce(json_agg(p ORDER BY p.bundle_id), '[]'::json)
          FROM previous p WHERE p.device_id = u.id) AS previous_apps
       FROM u`,
      [
        JSON.stringify(batch.map(r => ({ udid: r.udid, at: r.at }))),
        JSON.stringify(
          batch.flatMap(r =>
            r.apps.map(app => ({ udid: r.udid, ...appRow(app) })),
          ),
        ),
      ],
    );
    const rows: Array<DeviceRow & { previous_apps: AppRow[] }> = result.rows;
    const byUdid = new Map(rows.map(row => [row.udid, row]));
    return batch.map(r => {
      const row = byUdid.get(r.udid);
      return row
        ? {
            device: toState(row),
            previous: row.previous_apps.map(toAppRecord),
          }
        : undefined;
    });
  }
}
