import { Knex } from 'knex';
import { DistributionItemRecord, ItemClaim } from './DistributionStore';
import { retryOnDeadlock } from './deadlocks';
import { chunks, ITEMS, Row, toItem } from './distributionRows';
import { isSqlite } from './sqliteStatements';

/**
 * Workers' leases on distribution items: a claimed item is one worker's until its lease
 * runs out, so two instances (or a restarted one) never work an item at once.
 */
export class ItemLeases {
  constructor(private readonly db: Knex) {}

  async claim(options: ItemClaim): Promise<DistributionItemRecord[]> {
    const free = (q: Knex.QueryBuilder) =>
      q.whereNull('lease_until').orWhere('lease_until', '<', options.now);
    const candidates = this.db(ITEMS)
      .select('id')
      .where('distribution_id', options.distributionId)
      .whereIn('state', options.states)
      .where(free)
      .orderBy('id')
      .limit(options.limit);
    if (options.withCommand === true) candidates.whereNotNull('command_id');
    if (options.withCommand === false) candidates.whereNull('command_id');
    if (options.verifyDue) candidates.where('verify_at', '<=', options.now);
    // One statement: the candidates are leased and read back at once. The conditions
    // are checked again on each row as it is locked (another instance may have leased
    // it since the candidates were read), so no row is ever leased twice.
    const rows: Row[] = await retryOnDeadlock(() =>
      this.#whereIdAmong(this.db(ITEMS), candidates.clone())
        .whereIn('state', options.states)
        .where(free)
        .update(
          { lease_owner: options.owner, lease_until: options.leaseUntil },
          '*',
        ),
    );
    return rows.map(toItem).sort((a, b) => a.id - b.id);
  }

  /**
   * `id IN (candidates)`. PostgreSQL plans an `IN` subquery as a join, and with the few
   * hundred candidates it expects it hashes them and scans the whole table (15-20 ms a
   * claim over 30,000 items, `auto_explain`); `= ANY(ARRAY(…))` runs the candidates
   * first and fetches just those rows by primary key.
   */
  #whereIdAmong(query: Knex.QueryBuilder, candidates: Knex.QueryBuilder) {
    if (isSqlite(this.db)) return query.whereIn('id', candidates);
    const { sql, bindings } = candidates.toSQL();
    return query.whereRaw(`id = ANY(ARRAY(${sql}))`, bindings);
  }

  async release(ids: number[], owner: string): Promise<void> {
    for (const batch of chunks(ids)) {
      await retryOnDeadlock(() =>
        this.db(ITEMS)
          .whereIn('id', batch)
          .where('lease_owner', owner)
          .update({ lease_owner: null, lease_until: null }),
      );
    }
  }
}
