import { Knex } from 'knex';
import { DistributionRecord, NewDistributionItem } from './DistributionStore';
import { chunks, ITEMS } from './distributionRows';
import { isSqlite } from './sqliteStatements';

/** Items per PostgreSQL insert statement (one JSON parameter each). */
const ITEMS_PER_INSERT = 5_000;

/** The columns a new item is written with, and their types for `json_to_recordset`. */
const ITEM_COLUMNS = [
  ['distribution_id', 'text'],
  ['device_id', 'text'],
  ['enrollment_id', 'text'],
  ['serial_number', 'text'],
  ['device_platform', 'text'],
  ['os_version', 'text'],
  ['adam_id', 'text'],
  ['state', 'text'],
  ['pre_licensed', 'boolean'],
  ['updated_at', 'timestamptz'],
] as const;
const COLUMN_NAMES = ITEM_COLUMNS.map(([name]) => name).join(', ');
const COLUMN_TYPES = ITEM_COLUMNS.map(c => c.join(' ')).join(', ');

/** Writes a new distribution's items, in `tx` (the distribution's own transaction). */
export async function insertItems(
  tx: Knex.Transaction,
  record: DistributionRecord,
  items: NewDistributionItem[],
): Promise<void> {
  const rows = items.map(item => ({
    distribution_id: record.id,
    device_id: item.deviceId,
    enrollment_id: item.enrollmentId,
    serial_number: item.serialNumber,
    device_platform: item.devicePlatform,
    os_version: item.osVersion,
    adam_id: item.adamId,
    state: item.state,
    pre_licensed: item.preLicensed,
    updated_at: record.createdAt,
  }));
  if (isSqlite(tx)) {
    // SQLite allows 32,766 bindings: ten columns, 200 rows a statement.
    for (const batch of chunks(rows, 200)) await tx(ITEMS).insert(batch);
    return;
  }
  // PostgreSQL: thousands of rows a statement as one JSON parameter, rather than a
  // statement (built, sent and planned) per 200 rows: 1.4 s → 0.6-0.7 s for 30,000 items.
  for (const batch of chunks(rows, ITEMS_PER_INSERT)) {
    await tx.raw(
      `INSERT INTO ${ITEMS} (${COLUMN_NAMES})
       SELECT ${COLUMN_NAMES} FROM json_to_recordset(?::json) AS r(${COLUMN_TYPES})`,
      [JSON.stringify(batch)],
    );
  }
}
