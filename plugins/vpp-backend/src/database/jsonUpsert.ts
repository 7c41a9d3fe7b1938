import { Knex } from 'knex';

export type SqlType = 'text' | 'integer' | 'boolean' | 'timestamptz';

/**
 * INSERT … ON CONFLICT DO UPDATE of many rows in one statement, the rows as one JSON
 * parameter of arrays (`columns` in order) and `bound` the same for every row. Written
 * with knex's builder, 2,000 assets were 24,000 bound values in four statements, and
 * took PostgreSQL 130–190 ms instead of 60–100 ms.
 */
export async function upsertJsonRows(
  db: Knex,
  options: {
    table: string;
    bound: Record<string, [Knex.Value, SqlType]>;
    columns: Record<string, SqlType>;
    rows: unknown[][];
    key: string[];
  },
): Promise<void> {
  if (options.rows.length === 0) {
    return;
  }
  const isPostgres = String(db.client.config.client).startsWith('pg');
  const bound = Object.entries(options.bound);
  const columns = Object.entries(options.columns);
  // PostgreSQL needs the types (a parameter in a SELECT list is text to it); SQLite's
  // ->> gives JSON true and false as 1 and 0, as knex stores booleans there.
  const values = [
    ...bound.map(([, [, type]]) => (isPostgres ? `?::${type}` : '?')),
    ...columns.map(([, type], i) =>
      isPostgres ? `(e->>${i})::${type}` : `value->>${i}`,
    ),
  ];
  const source = isPostgres
    ? 'from json_array_elements(?::json) as e'
    : // "where true" tells SQLite's parser the ON CONFLICT belongs to the INSERT.
      'from json_each(?) where true';
  const names = [...bound, ...columns].map(([name]) => name);
  const updates = names
    .filter(name => !options.key.includes(name))
    .map(name => `${name} = excluded.${name}`);
  await db.raw(
    `insert into ${options.table} (${names.join(', ')})
       select ${values.join(', ')} ${source}
       on conflict (${options.key.join(', ')}) do update set ${updates.join(
      ', ',
    )}`,
    [...bound.map(([, [value]]) => value), JSON.stringify(options.rows)],
  );
}
