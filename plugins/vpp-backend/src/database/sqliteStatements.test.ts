import knexFactory, { Knex } from 'knex';
import { reuseSqliteStatements } from './sqliteStatements';

describe('reuseSqliteStatements', () => {
  let knex: Knex;
  let prepared: string[];

  beforeEach(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    prepared = [];
    // Counts the driver's prepares under the cache (installed on the first query).
    const connection = (await knex.client.acquireConnection()) as {
      prepare(sql: string): unknown;
    };
    const prepare = connection.prepare.bind(connection);
    connection.prepare = (sql: string) => {
      prepared.push(sql);
      return prepare(sql);
    };
    await knex.client.releaseConnection(connection);
    reuseSqliteStatements(knex);
    await knex.schema.createTable('t', table => {
      table.integer('id').primary();
      table.string('name');
    });
  });
  afterEach(() => knex.destroy());

  it('prepares a statement once and gives each use its own bindings and rows', async () => {
    for (let id = 1; id <= 5; id++) {
      await knex('t').insert({ id, name: `n${id}` });
    }
    const names = [];
    for (let id = 1; id <= 5; id++) {
      names.push((await knex('t').where({ id }).first())?.name);
    }
    expect(names).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(
      prepared.filter(sql => sql.startsWith('insert into `t`')),
    ).toHaveLength(1);
    expect(prepared.filter(sql => sql.startsWith('select'))).toHaveLength(1);
    expect(await knex('t').where('id', '>', 3).update({ name: 'x' })).toBe(2);
    expect(await knex('t').where('id', '>', 3).update({ name: 'y' })).toBe(2);
    expect(await knex('t').where({ name: 'y' }).count({ n: '*' })).toEqual([
      { n: 2 },
    ]);
  });

  it('keeps working after the schema changes under a kept statement', async () => {
    await knex('t').insert({ id: 1, name: 'a' });
    expect(await knex('t').select('*')).toEqual([{ id: 1, name: 'a' }]);
    await knex.schema.alterTable('t', table => table.string('extra'));
    expect(await knex('t').select('*')).toEqual([
      { id: 1, name: 'a', extra: null },
    ]);
  });

  it('rolls back a failed transaction as before', async () => {
    await expect(
      knex.transaction(async tx => {
        await tx('t').insert({ id: 1, name: 'a' });
        await tx('t').insert({ id: 1, name: 'duplicate' });
      }),
      // better-sqlite3's error may come from another test file's realm: not toThrow.
    ).rejects.toMatchObject({ message: expect.stringMatching(/UNIQUE/) });
    expect(await knex('t').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});
