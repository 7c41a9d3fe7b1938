import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  VppDistributionItemState,
  VppDistributionState,
} from '@internal/plugin-vpp-common';
import { Knex } from 'knex';
import {
  chunks,
  ITEMS,
  itemPatchRow,
  Row,
  toCall,
  toDistribution,
  toItem,
} from './distributionRows';
import {
  AppleCallRecord,
  AppleCallState,
  DistributionItemRecord,
  DistributionQuery,
  DistributionRecord,
  AnswerPatch,
  DistributionStore,
  ItemClaim,
  ItemPatch,
  NewDistributionItem,
} from './DistributionStore';
import { retryOnDeadlock } from './deadlocks';
import { insertItems } from './itemInserts';
import { ItemAnswers } from './itemAnswers';
import { ItemLeases } from './itemLeases';
import { isSqlite, reuseSqliteStatements } from './sqliteStatements';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-vpp-backend',
  'migrations',
);

const DISTRIBUTIONS = 'vpp_distributions';
const CALLS = 'vpp_distribution_apple_calls';

/** {@link DistributionStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseDistributionStore implements DistributionStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseDistributionStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    // The webhook's and the worker's many small statements (SQLite).
    reuseSqliteStatements(client);
    return new DatabaseDistributionStore(client);
  }

  readonly #answers: ItemAnswers;
  readonly #leases: ItemLeases;

  private constructor(private readonly db: Knex) {
    this.#answers = new ItemAnswers(db);
    this.#leases = new ItemLeases(db);
  }

  async insertDistribution(
    record: DistributionRecord,
    items: NewDistributionItem[],
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx(DISTRIBUTIONS).insert({
        id: record.id,
        token_id: record.tokenId,
        source_token_id: record.sourceTokenId,
        adam_ids: JSON.stringify(record.adamIds),
        platform: record.platform,
        license_mode: record.licenseMode,
        options: JSON.stringify(record.options),
        plan: JSON.stringify(record.plan),
        vpn_config_id: record.options.vpnConfigId ?? null,
        app_config_ids: Object.values(record.options.appConfigIds ?? {})
          .map(id => `,${id},`)
          .join(''),
        state: record.state,
        created_by: record.createdBy,
        created_at: record.createdAt,
        scheduled_at: record.scheduledAt ?? null,
        started_at: record.startedAt ?? null,
        finished_at: record.finishedAt ?? null,
        updated_at: record.updatedAt,
      });
      await insertItems(tx, record, items);
    });
  }

  async getDistribution(id: string): Promise<DistributionRecord | undefined> {
    const row = await this.db(DISTRIBUTIONS).where({ id }).first();
    return row ? toDistribution(row) : undefined;
  }

  async listDistributions(
    query: DistributionQuery,
  ): Promise<{ items: DistributionRecord[]; totalCount: number }> {
    const base = this.db(DISTRIBUTIONS).where(q => {
      if (query.tokenIds) q.whereIn('token_id', query.tokenIds);
      if (query.state) q.where('state', query.state);
      if (query.createdBy) q.where('created_by', query.createdBy);
    });
    const [{ count }] = await base.clone().count({ count: '*' });
    const rows = await base
      .clone()
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ])
      .offset(query.offset)
      .limit(query.limit);
    return { items: rows.map(toDistribution), totalCount: Number(count) };
  }

  async hasItemsIn(
    distributionId: string,
    states: VppDistributionItemState[],
  ): Promise<boolean> {
    const row = await this.db(ITEMS)
      .select('id')
      .where('distribution_id', distributionId)
      .whereIn('state', states)
      .first();
    return row !== undefined;
  }

  async analyzeItems(): Promise<void> {
    // Statistics taken while every item was pending make PostgreSQL walk the whole
    // table in id order looking for pending items (14 ms a pass over 30,000 items) until
    // autovacuum's next analyze, up to a minute later.
    if (isSqlite(this.db)) return;
    await this.db.raw(`ANALYZE ${ITEMS}`);
  }

  async countItems(
    distributionIds: string[],
  ): Promise<Map<string, Partial<Record<VppDistributionItemState, number>>>> {
    const out = new Map<
      string,
      Partial<Record<VppDistributionItemState, number>>
    >();
    for (const batch of chunks(distributionIds)) {
      const rows = await this.db(ITEMS)
        .select('distribution_id', 'state')
        .count({ count: '*' })
        .whereIn('distribution_id', batch)
        .groupBy('distribution_id', 'state');
      for (const row of rows as Row[]) {
        const counts = out.get(row.distribution_id) ?? {};
        counts[row.state as VppDistributionItemState] = Number(row.count);
        out.set(row.distribution_id, counts);
      }
    }
    return out;
  }

  async listItems(
    distributionId: string,
    query: { state?: VppDistributionItemState; offset: number; limit: number },
  ): Promise<{ items: DistributionItemRecord[]; totalCount: number }> {
    const base = this.db(ITEMS).where(q => {
      q.where('distribution_id', distributionId);
      if (query.state) q.where('state', query.state);
    });
    const [{ count }] = await base.clone().count({ count: '*' });
    const rows = await base
      .clone()
      .orderBy([
        { column: 'serial_number', order: 'asc' },
        { column: 'adam_id', order: 'asc' },
      ])
      .offset(query.offset)
      .limit(query.limit);
    return { items: rows.map(toItem), totalCount: Number(count) };
  }

  async setDistributionState(
    id: string,
    from: VppDistributionState[],
    to: VppDistributionState,
    now: Date,
  ): Promise<boolean> {
    const finished =
      to === 'completed' ||
      to === 'completed-with-failures' ||
      to === 'cancelled';
    const changed = await this.db(DISTRIBUTIONS)
      .where({ id })
      .whereIn('state', from)
      .update({
        state: to,
        updated_at: now,
        ...(finished ? { finished_at: now } : {}),
        ...(to === 'running' ? { started_at: now } : {}),
      });
    return changed > 0;
  }

  async cancelUnsentItems(distributionId: string, now: Date): Promise<number> {
    return this.db(ITEMS)
      .where('distribution_id', distributionId)
      .where(q =>
        q
          .where('state', 'pending')
          .orWhere(w => w.where('state', 'licensed').whereNull('command_id')),
      )
      .update({
        state: 'cancelled',
        lease_owner: null,
        lease_until: null,
        updated_at: now,
      });
  }

  async startDue(now: Date): Promise<string[]> {
    const due = await this.db(DISTRIBUTIONS)
      .select('id')
      .where('state', 'scheduled')
      .where('scheduled_at', '<=', now);
    const started: string[] = [];
    for (const { id } of due) {
      if (await this.setDistributionState(id, ['scheduled'], 'running', now)) {
        started.push(id);
      }
    }
    return started;
  }

  async listActive(): Promise<DistributionRecord[]> {
    const rows = await this.db(DISTRIBUTIONS)
      .where('state', 'running')
      .orWhere(q =>
        q
          .where('state', 'cancelled')
          .whereExists(
            this.db(CALLS)
              .select(this.db.raw('1'))
              .whereRaw(`${CALLS}.distribution_id = ${DISTRIBUTIONS}.id`)
              .whereNot(`${CALLS}.state`, 'done'),
          ),
      )
      .orderBy('created_at', 'asc');
    return rows.map(toDistribution);
  }

  async findUsingSetting(setting: {
    kind: 'app-config' | 'vpn-config';
    id: string;
  }): Promise<string[]> {
    const q = this.db(DISTRIBUTIONS)
      .select('id')
      .whereIn('state', ['scheduled', 'running']);
    if (setting.kind === 'vpn-config') q.where('vpn_config_id', setting.id);
    else q.where('app_config_ids', 'like', `%,${setting.id},%`);
    return (await q.orderBy('id')).map((r: Row) => r.id);
  }

  claimItems(options: ItemClaim): Promise<DistributionItemRecord[]> {
    return this.#leases.claim(options);
  }

  releaseItems(ids: number[], owner: string): Promise<void> {
    return this.#leases.release(ids, owner);
  }

  async itemsOfCommand(commandId: string): Promise<DistributionItemRecord[]> {
    const rows = await this.db(ITEMS)
      .where('command_id', commandId)
      .orderBy('id');
    return rows.map(toItem);
  }

  async itemsOfCall(callId: string): Promise<DistributionItemRecord[]> {
    // Only items still waiting for the call are ever wanted (and indexed).
    const rows = await this.db(ITEMS)
      .where('apple_call_id', callId)
      .where('state', 'licensing')
      .orderBy('id');
    return rows.map(toItem);
  }

  async updateItems(
    ids: number[],
    from: VppDistributionItemState[],
    patch: ItemPatch,
    now: Date,
    sentAs?: string,
  ): Promise<number> {
    let changed = 0;
    const row: Row = { ...itemPatchRow(patch), updated_at: now };
    // A lease is for working one state: a transition ends it.
    if (patch.state !== undefined) {
      row.lease_owner = null;
      row.lease_until = null;
    }
    for (const batch of chunks(ids)) {
      changed += await retryOnDeadlock(() => {
        const query = this.db(ITEMS)
          .whereIn('id', batch)
          .whereIn('state', from);
        if (sentAs !== undefined) query.where('command_id', sentAs);
        return query.update(row);
      });
    }
    return changed;
  }

  updateItemByCommand(
    enrollmentId: string,
    commandId: string,
    from: VppDistributionItemState[],
    patch: AnswerPatch,
    now: Date,
  ): Promise<number> {
    return this.#answers.update(enrollmentId, commandId, from, patch, now);
  }

  recordInstalled(
    ids: number[],
    version: string | null,
    now: Date,
  ): Promise<number> {
    return this.#answers.recordInstalled(ids, version, now);
  }

  findItemByCommand(
    enrollmentId: string,
    commandId: string,
  ): Promise<DistributionItemRecord | undefined> {
    return this.#answers.find(enrollmentId, commandId);
  }

  openItemsOfEnrollment(
    enrollmentId: string,
  ): Promise<DistributionItemRecord[]> {
    return this.#answers.openItemsOf(enrollmentId);
  }

  async planCalls(
    calls: Array<{ call: AppleCallRecord; itemIds: number[] }>,
    now: Date,
    lease: { owner: string; leaseUntil: Date },
  ): Promise<void> {
    await this.db.transaction(async tx => {
      for (const { call, itemIds } of calls) {
        await tx(CALLS).insert({
          id: call.id,
          distribution_id: call.distributionId,
          source_token_id: call.sourceTokenId,
          request: JSON.stringify(call.request),
          state: call.state,
          event_id: call.eventId,
          next_poll_at: call.nextPollAt,
          lease_owner: lease.owner,
          lease_until: lease.leaseUntil,
          created_at: call.createdAt,
          updated_at: call.updatedAt,
        });
        for (const batch of chunks(itemIds)) {
          await tx(ITEMS)
            .whereIn('id', batch)
            .whereIn('state', ['pending'])
            .update({
              state: 'licensing',
              apple_call_id: call.id,
              lease_owner: null,
              lease_until: null,
              updated_at: now,
            });
        }
      }
    });
  }

  async updateCall(
    id: string,
    from: AppleCallState[],
    patch: Partial<Pick<AppleCallRecord, 'state' | 'eventId' | 'nextPollAt'>>,
    now: Date,
  ): Promise<boolean> {
    const row: Row = { updated_at: now };
    if (patch.state !== undefined) {
      row.state = patch.state;
      // `sending` keeps the sender's lease: a live sender is never "recovered".
      if (patch.state !== 'sending') {
        row.lease_owner = null;
        row.lease_until = null;
      }
    }
    if (patch.eventId !== undefined) row.event_id = patch.eventId;
    if (patch.nextPollAt !== undefined) row.next_poll_at = patch.nextPollAt;
    const changed = await this.db(CALLS)
      .where({ id })
      .whereIn('state', from)
      .update(row);
    return changed > 0;
  }

  async claimCalls(options: {
    distributionId: string;
    states: AppleCallState[];
    owner: string;
    now: Date;
    leaseUntil: Date;
    updatedBefore?: Date;
  }): Promise<AppleCallRecord[]> {
    const free = (q: Knex.QueryBuilder) =>
      q
        .where('distribution_id', options.distributionId)
        .whereIn('state', options.states)
        .where(w =>
          w.whereNull('lease_until').orWhere('lease_until', '<', options.now),
        )
        .where(w =>
          w
            .whereNull('next_poll_at')
            .orWhere('next_poll_at', '<=', options.now),
        )
        .where(w => {
          if (options.updatedBefore) {
            w.where('updated_at', '<', options.updatedBefore);
          }
        });
    await free(this.db(CALLS)).update({
      lease_owner: options.owner,
      lease_until: options.leaseUntil,
    });
    const rows = await this.db(CALLS)
      .where('lease_owner', options.owner)
      .where('distribution_id', options.distributionId)
      .whereIn('state', options.states)
      .where('lease_until', options.leaseUntil)
      .orderBy('created_at');
    return rows.map(toCall);
  }

  async pollCallNow(eventId: string, now: Date): Promise<boolean> {
    const changed = await this.db(CALLS)
      .where({ event_id: eventId, state: 'sent' })
      .update({ next_poll_at: now });
    return changed > 0;
  }

  async releaseCall(id: string, owner: string): Promise<void> {
    await this.db(CALLS)
      .where({ id, lease_owner: owner })
      .update({ lease_owner: null, lease_until: null });
  }
}
