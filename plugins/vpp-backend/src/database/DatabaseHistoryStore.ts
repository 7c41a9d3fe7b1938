import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { VppHistoryOutcome } from '@internal/plugin-vpp-common';
import { Knex } from 'knex';
import { toDate } from './dates';
import {
  HistoryQuery,
  HistoryRecord,
  HistoryRecordInput,
  HistoryStore,
} from './HistoryStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-vpp-backend',
  'migrations',
);

const HISTORY = 'vpp_history';

type HistoryRow = {
  id: number | string;
  occurred_at: Date | string | number;
  actor: string;
  action: string;
  outcome: string;
  token_id: string | null;
  device_id: string | null;
  details: string;
  error: string | null;
};

function toRecord(row: HistoryRow): HistoryRecord {
  return {
    id: String(row.id),
    occurredAt: toDate(row.occurred_at),
    actor: row.actor,
    action: row.action,
    outcome: row.outcome as VppHistoryOutcome,
    tokenId: row.token_id ?? undefined,
    deviceId: row.device_id ?? undefined,
    details: JSON.parse(row.details),
    error: row.error ?? undefined,
  };
}

/** Knex implementation of {@link HistoryStore}, for SQLite and PostgreSQL. */
export class DatabaseHistoryStore implements HistoryStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseHistoryStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseHistoryStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async record(entry: HistoryRecordInput): Promise<void> {
    await this.db(HISTORY).insert({
      occurred_at: entry.occurredAt,
      actor: entry.actor,
      action: entry.action,
      outcome: entry.outcome,
      token_id: entry.tokenId ?? null,
      device_id: entry.deviceId ?? null,
      details: JSON.stringify(entry.details),
      error: entry.error ?? null,
    });
  }

  async list(
    query: HistoryQuery,
  ): Promise<{ items: HistoryRecord[]; totalCount: number }> {
    const where = (builder: Knex.QueryBuilder) => {
      if (query.tokenId !== undefined) {
        builder.where('token_id', query.tokenId);
      }
      if (query.deviceId !== undefined) {
        builder.where('device_id', query.deviceId);
      }
    };
    const [rows, [{ count }]] = await Promise.all([
      this.db<HistoryRow>(HISTORY)
        .modify(where)
        // Ids break ties between changes recorded within the same millisecond.
        .orderBy([
          { column: 'occurred_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .offset(query.offset)
        .limit(query.limit),
      this.db(HISTORY).modify(where).count({ count: '*' }),
    ]);
    return {
      items: (rows as HistoryRow[]).map(toRecord),
      totalCount: Number(count),
    };
  }
}
