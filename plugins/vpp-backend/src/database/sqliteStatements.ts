import { Knex } from 'knex';

const REUSING = Symbol.for('vpp.reuseSqliteStatements');

/** Whether `knex` talks to SQLite (the stores' SQL differs in places). */
export function isSqlite(knex: Knex): boolean {
  return String(knex.client.config.client).includes('sqlite');
}

/** Prepared statements kept per connection; the least recently used go first. */
const STATEMENTS_KEPT = 300;

interface PreparingConnection {
  prepare(sql: string): unknown;
  [REUSING]?: true;
}

/**
 * Knex's better-sqlite3 client prepares every statement anew for each query, and with
 * the webhook's many small statements preparing costs as much as running them. This
 * makes each connection of `knex` keep its prepared statements by SQL text and reuse
 * them (better-sqlite3 statements are synchronous, so one is never in use twice at
 * once; SQLite re-prepares a kept statement by itself after a schema change). Does
 * nothing for other databases, and nothing the second time.
 */
export function reuseSqliteStatements(knex: Knex): void {
  const client = knex.client as Knex.Client & {
    driverName?: string;
    _query(connection: PreparingConnection, query: unknown): Promise<unknown>;
    [REUSING]?: true;
  };
  if (client.driverName !== 'better-sqlite3' || client[REUSING]) return;
  client[REUSING] = true;
  const query = client._query;
  client._query = function reusingQuery(connection, obj) {
    if (connection && !connection[REUSING]) keepStatements(connection);
    return query.call(this, connection, obj);
  };
}

function keepStatements(connection: PreparingConnection): void {
  const prepare = connection.prepare.bind(connection);
  const kept = new Map<string, unknown>();
  connection.prepare = (sql: string) => {
    let statement = kept.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      if (kept.size >= STATEMENTS_KEPT) {
        kept.delete(kept.keys().next().value!);
      }
    } else {
      kept.delete(sql); // re-inserted below: most recently used last
    }
    kept.set(sql, statement);
    return statement;
  };
  connection[REUSING] = true;
}
