import { Knex } from 'knex';
import { DistributionItemRecord, ItemClaim } from './DistributionStore';
import { retryOnDeadlock } from './deadlocks';
import { chunks, Row, toItem } from './distributionRows';

const ITEMS = 'vpp_distribution_items';

/**
 * Workers' leases on distribution items: a claimed item is one worker's until its lease
 * runs out, so two instances (or a restarted one) never work an item at once.
 */
export class ItemLeases {
  constructor(private readonly db: Knex) {}

  async claim(options: ItemClaim): Promise<DistributionItemRecord[]> {
    const candidates = this.db(ITEMS)
      .select('id')
      .where('distribution_id', options.distributionId)
      .whereIn('state', options.states)
      .where(q =>
        q.whereNull('lease_until').orWhere('lease_until', '<', options.now),
      )
      .orderBy('id')
      .limit(options.limit);
    if (options.withCommand === true) candidates.whereNotNull('command_id');
    if (options.withCommand === false) candidates.whereNull('command_id');
    if (options.verifyDue) candidates.where('verify_at', '<=', options.now);
    const ids = (await candidates).map((r: Row) => Number(r.id));
    if (ids.length === 0) return [];
    // The same conditions again: another instance may have leased some meanwhile.
    for (const batch of chunks(ids)) {
      await retryOnDeadlock(() =>
        this.db(ITEMS)
          .whereIn('id', batch)
          .whereIn('state', options.states)
          .where(q =>
            q.whereNull('lease_until').orWhere('lease_until', '<', options.now),
          )
          .update({
            lease_owner: options.owner,
            lease_until: options.leaseUntil,
          }),
      );
    }
    const rows: Row[] = [];
    for (const batch of chunks(ids)) {
      rows.push(
        ...(await this.db(ITEMS)
          .whereIn('id', batch)
          .where('lease_owner', options.owner)
          .whereIn('state', options.states)),
      );
    }
    return rows.map(toItem).sort((a, b) => a.id - b.id);
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
