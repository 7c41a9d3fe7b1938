import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { VppLicenseMode } from '@internal/plugin-vpp-common';
import { Knex } from 'knex';
import { toDate, toOptionalDate } from './dates';
import {
  AssignmentClaim,
  ClaimResult,
  CURRENT_LEDGER_STATES,
  LedgerEntry,
  LedgerKey,
  LedgerQuery,
  LedgerState,
  LicenseStore,
  RevocationClaim,
} from './LicenseStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-vpp-backend',
  'migrations',
);

const LEDGER = 'vpp_license_ledger';
const KEY = ['source_token_id', 'adam_id', 'serial_number'];
/** Pairs per statement: far below both databases' limits on bound values. */
const PAIRS_PER_STATEMENT = 500;

type DateValue = Date | string | number;

type LedgerRow = {
  source_token_id: string;
  adam_id: string;
  serial_number: string;
  pricing_param: string;
  token_id: string;
  mode: string;
  state: string;
  prior_state: string | null;
  assigned_by: string | null;
  assigned_at: DateValue | null;
  distribution_id: string | null;
  event_id: string | null;
  revoked_by: string | null;
  revoked_at: DateValue | null;
  updated_at: DateValue;
};

function toEntry(row: LedgerRow): LedgerEntry {
  return {
    sourceTokenId: row.source_token_id,
    adamId: row.adam_id,
    serialNumber: row.serial_number,
    tokenId: row.token_id,
    pricingParam: row.pricing_param,
    mode: row.mode as VppLicenseMode,
    state: row.state as LedgerState,
    assignedBy: row.assigned_by ?? undefined,
    assignedAt: toOptionalDate(row.assigned_at),
    distributionId: row.distribution_id ?? undefined,
    eventId: row.event_id ?? undefined,
    revokedBy: row.revoked_by ?? undefined,
    revokedAt: toOptionalDate(row.revoked_at),
    updatedAt: toDate(row.updated_at),
  };
}

const pairKey = (k: { adamId: string; serialNumber: string }) =>
  `${k.adamId}\u0000${k.serialNumber}`;

/** Splits keys into statements of one location and at most {@link PAIRS_PER_STATEMENT} pairs. */
function batches<K extends LedgerKey>(keys: K[]): K[][] {
  const bySource = new Map<string, K[]>();
  for (const key of keys) {
    const list = bySource.get(key.sourceTokenId) ?? [];
    list.push(key);
    bySource.set(key.sourceTokenId, list);
  }
  const out: K[][] = [];
  for (const list of bySource.values()) {
    for (let i = 0; i < list.length; i += PAIRS_PER_STATEMENT) {
      out.push(list.slice(i, i + PAIRS_PER_STATEMENT));
    }
  }
  return out;
}

/** Groups claims that are written with the same values, so one UPDATE serves each group. */
function groupBy<T>(items: T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key) ?? [];
    group.push(item);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * `(adam_id, serial_number)` is one of `keys`, written as one serial-number list per app:
 * PostgreSQL tests a list of row values against every licence of the token (100 ms for
 * 500 pairs among 30,000 licences), while `adam_id = ? AND serial_number IN (…)` is a
 * range of the primary key per app.
 */
function wherePairs(q: Knex.QueryBuilder, keys: LedgerKey[]): void {
  if (keys.length === 0) q.whereRaw('1 = 0');
  for (const group of groupBy(keys, k => k.adamId)) {
    q.orWhere(app =>
      app.where('adam_id', group[0].adamId).whereIn(
        'serial_number',
        group.map(k => k.serialNumber),
      ),
    );
  }
}

/** Knex implementation of {@link LicenseStore}, for SQLite and PostgreSQL. */
export class DatabaseLicenseStore implements LicenseStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseLicenseStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseLicenseStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async claimAssignments(
    claims: AssignmentClaim[],
    now: Date,
    staleBefore: Date,
  ): Promise<ClaimResult> {
    return this.#claim(claims, {
      insert: claim => ({
        token_id: claim.tokenId,
        pricing_param: claim.pricingParam,
        mode: claim.mode,
        state: 'assigning',
        prior_state: null,
        assigned_by: claim.assignedBy,
        assigned_at: now,
        distribution_id: claim.distributionId ?? null,
        updated_at: now,
      }),
      claimable: q =>
        q
          .where('state', 'revoked')
          .orWhere(stale =>
            stale
              .whereIn('state', ['assigning', 'revoking'])
              .andWhere('updated_at', '<', staleBefore),
          ),
      // A stale claim keeps what it would have gone back to; an unfinished revocation
      // counts as done (Apple treats associating a held pair as a no-op anyway).
      priorState:
        "CASE state WHEN 'assigning' THEN prior_state ELSE 'revoked' END",
      groupKey: c =>
        JSON.stringify([
          c.tokenId,
          c.pricingParam,
          c.mode,
          c.assignedBy,
          c.distributionId,
        ]),
      update: claim => ({
        token_id: claim.tokenId,
        pricing_param: claim.pricingParam,
        mode: claim.mode,
        state: 'assigning',
        assigned_by: claim.assignedBy,
        assigned_at: now,
        distribution_id: claim.distributionId ?? null,
        event_id: null,
        updated_at: now,
      }),
    });
  }

  async claimRevocations(
    claims: RevocationClaim[],
    now: Date,
    staleBefore: Date,
  ): Promise<ClaimResult> {
    return this.#claim(claims, {
      insert: claim => ({
        token_id: claim.tokenId,
        pricing_param: claim.pricingParam,
        mode: 'pre-existing',
        state: 'revoking',
        prior_state: null,
        assigned_by: null,
        assigned_at: null,
        distribution_id: null,
        updated_at: now,
      }),
      claimable: q =>
        q
          .whereIn('state', ['assigned', 'revoked'])
          .orWhere(stale =>
            stale
              .whereIn('state', ['assigning', 'revoking'])
              .andWhere('updated_at', '<', staleBefore),
          ),
      // An unfinished association may have happened: treat it as assigned.
      priorState:
        "CASE state WHEN 'revoking' THEN prior_state WHEN 'revoked' THEN 'revoked' ELSE 'assigned' END",
      groupKey: () => '',
      update: () => ({ state: 'revoking', event_id: null, updated_at: now }),
    });
  }

  async #claim<C extends LedgerKey>(
    claims: C[],
    spec: {
      insert: (claim: C) => Partial<LedgerRow>;
      claimable: (q: Knex.QueryBuilder) => Knex.QueryBuilder;
      priorState: string;
      groupKey: (claim: C) => string;
      update: (claim: C) => Partial<LedgerRow>;
    },
  ): Promise<ClaimResult> {
    const claimed: LedgerKey[] = [];
    const blocked: LedgerEntry[] = [];
    for (const batch of batches(claims)) {
      const sourceTokenId = batch[0].sourceTokenId;
      // Statement 1: rows nobody has. ON CONFLICT DO NOTHING lets exactly one inserter win.
      const inserted: Array<{ adam_id: string; serial_number: string }> =
        await this.db(LEDGER)
          .insert(
            batch.map(claim => ({
              source_token_id: claim.sourceTokenId,
              adam_id: claim.adamId,
              serial_number: claim.serialNumber,
              ...spec.insert(claim),
            })),
          )
          .onConflict(KEY)
          .ignore()
          .returning(['adam_id', 'serial_number']);
      const won = new Set(
        inserted.map(r =>
          pairKey({ adamId: r.adam_id, serialNumber: r.serial_number }),
        ),
      );
      // Statement 2: existing rows in a claimable state. PostgreSQL re-checks the WHERE
      // clause after taking each row's lock, so of two racing updates only one matches.
      const rest = batch.filter(c => !won.has(pairKey(c)));
      for (const group of groupBy(rest, spec.groupKey)) {
        const updated: Array<{ adam_id: string; serial_number: string }> =
          await this.db(LEDGER)
            .where('source_token_id', sourceTokenId)
            .andWhere(q => wherePairs(q, group))
            .andWhere(spec.claimable)
            .update(
              {
                ...spec.update(group[0]),
                prior_state: this.db.raw(spec.priorState),
              },
              ['adam_id', 'serial_number'],
            );
        for (const r of updated) {
          won.add(
            pairKey({ adamId: r.adam_id, serialNumber: r.serial_number }),
          );
        }
      }
      const lost = batch.filter(c => !won.has(pairKey(c)));
      if (lost.length > 0) {
        const rows: LedgerRow[] = await this.db(LEDGER)
          .where('source_token_id', sourceTokenId)
          .andWhere(q => wherePairs(q, lost));
        blocked.push(...rows.map(toEntry));
      }
      for (const claim of batch) {
        if (won.has(pairKey(claim))) {
          claimed.push({
            sourceTokenId,
            adamId: claim.adamId,
            serialNumber: claim.serialNumber,
          });
        }
      }
    }
    return { claimed, blocked };
  }

  async setEventId(
    keys: LedgerKey[],
    eventId: string,
    now: Date,
  ): Promise<void> {
    await this.#updateKeys(keys, q =>
      q
        .whereIn('state', ['assigning', 'revoking'])
        .update({ event_id: eventId, updated_at: now }),
    );
  }

  async confirmAssigned(keys: LedgerKey[], now: Date): Promise<void> {
    await this.#updateKeys(keys, q =>
      q.where('state', 'assigning').update({
        state: 'assigned',
        prior_state: null,
        revoked_by: null,
        revoked_at: null,
        updated_at: now,
      }),
    );
  }

  async confirmRevoked(
    keys: LedgerKey[],
    revokedBy: string,
    now: Date,
  ): Promise<void> {
    await this.#updateKeys(keys, q =>
      q.where('state', 'revoking').update({
        state: 'revoked',
        prior_state: null,
        revoked_by: revokedBy,
        revoked_at: now,
        updated_at: now,
      }),
    );
  }

  async revert(
    keys: LedgerKey[],
    from: 'assigning' | 'revoking',
    now: Date,
  ): Promise<void> {
    await this.#updateKeys(keys, q =>
      q.clone().where('state', from).whereNull('prior_state').delete(),
    );
    await this.#updateKeys(keys, q =>
      q
        .where('state', from)
        .whereNotNull('prior_state')
        .update({
          state: this.db.raw('prior_state'),
          prior_state: null,
          updated_at: now,
        }),
    );
  }

  async #updateKeys(
    keys: LedgerKey[],
    statement: (q: Knex.QueryBuilder) => Promise<unknown>,
  ): Promise<void> {
    for (const batch of batches(keys)) {
      await statement(
        this.db(LEDGER)
          .where('source_token_id', batch[0].sourceTokenId)
          .andWhere(q => wherePairs(q, batch)),
      );
    }
  }

  async list(
    query: LedgerQuery,
  ): Promise<{ items: LedgerEntry[]; totalCount: number }> {
    if (query.sourceTokenIds.length === 0) {
      return { items: [], totalCount: 0 };
    }
    const base = this.db(LEDGER)
      .whereIn('source_token_id', query.sourceTokenIds)
      .whereIn('state', [...(query.states ?? CURRENT_LEDGER_STATES)]);
    if (query.adamId) base.andWhere('adam_id', query.adamId);
    if (query.serialNumber) base.andWhere('serial_number', query.serialNumber);
    if (query.mode) base.andWhere('mode', query.mode);
    const [{ n }] = await base.clone().count({ n: '*' });
    const rows: LedgerRow[] = await base
      .clone()
      .select('*')
      .orderBy([
        { column: 'updated_at', order: 'desc' },
        { column: 'adam_id', order: 'asc' },
        { column: 'serial_number', order: 'asc' },
      ])
      .offset(query.offset)
      .limit(query.limit);
    return { items: rows.map(toEntry), totalCount: Number(n) };
  }

  async listAll(
    sourceTokenId: string,
    adamIds?: string[],
  ): Promise<LedgerEntry[]> {
    const select = () =>
      this.db<LedgerRow>(LEDGER).where('source_token_id', sourceTokenId);
    if (!adamIds) {
      return (await select()).map(toEntry);
    }
    const out: LedgerEntry[] = [];
    const unique = [...new Set(adamIds)];
    for (let i = 0; i < unique.length; i += PAIRS_PER_STATEMENT) {
      const rows = await select().whereIn(
        'adam_id',
        unique.slice(i, i + PAIRS_PER_STATEMENT),
      );
      out.push(...rows.map(toEntry));
    }
    return out;
  }
}
