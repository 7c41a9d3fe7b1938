import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  ASSIGNMENT_KEY_SEPARATOR,
  AppMetadataRow,
  AssetQuery,
  AssetRow,
  AssignmentRow,
  ContentStore,
  StoredAsset,
  SyncStateRecord,
  SyncSuccess,
} from './ContentStore';
import { toOptionalDate } from './dates';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-vpp-backend',
  'migrations',
);

const STATE = 'vpp_sync_state';
const ASSETS = 'vpp_assets';
const ASSIGNMENTS = 'vpp_assignments';
const METADATA = 'vpp_app_metadata';
const NOTIFICATIONS = 'vpp_apple_notifications';

/**
 * Rows per INSERT. SQLite allows 32,766 bound values per statement; 500 rows of the
 * widest table (12 columns) stay far below it and keep PostgreSQL statements small.
 */
const INSERT_CHUNK = 500;

type DateValue = Date | string | number;

type StateRow = {
  token_id: string;
  last_sync_at: DateValue | null;
  last_full_sync_at: DateValue | null;
  assets_version_id: string | null;
  assignments_version_id: string | null;
  generation: number | string;
  running_since: DateValue | null;
  running_by: string | null;
  lease_expires_at: DateValue | null;
  last_error: string | null;
  last_error_at: DateValue | null;
  counts_changed_at: DateValue | null;
  confirmed_at: DateValue | null;
  notification_auth_hash: string | null;
  notification_url: string | null;
  asset_count: number | string;
  assignment_count: number | string;
};

type AssetJoinRow = {
  adam_id: string;
  pricing_param: string;
  product_type: string;
  total_count: number;
  assigned_count: number;
  available_count: number;
  retired_count: number;
  device_assignable: boolean | number;
  revocable: boolean | number;
  platforms: string;
  name: string | null;
  icon_url: string | null;
  bundle_id: string | null;
  version: string | null;
  minimum_os_version: string | null;
  metadata_platforms: string | null;
};

function toState(row: StateRow): SyncStateRecord {
  return {
    tokenId: row.token_id,
    lastSyncAt: toOptionalDate(row.last_sync_at),
    lastFullSyncAt: toOptionalDate(row.last_full_sync_at),
    assetsVersionId: row.assets_version_id ?? undefined,
    assignmentsVersionId: row.assignments_version_id ?? undefined,
    generation: Number(row.generation),
    runningSince: toOptionalDate(row.running_since),
    runningBy: row.running_by ?? undefined,
    leaseExpiresAt: toOptionalDate(row.lease_expires_at),
    lastError: row.last_error ?? undefined,
    lastErrorAt: toOptionalDate(row.last_error_at),
    countsChangedAt: toOptionalDate(row.counts_changed_at),
    confirmedAt: toOptionalDate(row.confirmed_at),
    notificationAuthHash: row.notification_auth_hash ?? undefined,
    notificationUrl: row.notification_url ?? undefined,
    assetCount: Number(row.asset_count),
    assignmentCount: Number(row.assignment_count),
  };
}

function splitList(value: string | null): string[] {
  return value ? value.split(',').filter(Boolean) : [];
}

/** A primary-key clash on PostgreSQL (23505) or SQLite. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return (
    code === '23505' ||
    (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT'))
  );
}

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

/** {@link ContentStore} on the plugin's knex database (SQLite or PostgreSQL). */
export class DatabaseContentStore implements ContentStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseContentStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseContentStore(client);
  }

  readonly #isPostgres: boolean;

  private constructor(private readonly db: Knex) {
    this.#isPostgres = String(db.client.config.client).startsWith('pg');
  }

  async getState(tokenId: string): Promise<SyncStateRecord> {
    await this.#ensureState(tokenId);
    const row = await this.db<StateRow>(STATE)
      .where({ token_id: tokenId })
      .first();
    return toState(row!);
  }

  async getStates(tokenIds: string[]): Promise<Map<string, SyncStateRecord>> {
    const result = new Map<string, SyncStateRecord>();
    if (tokenIds.length === 0) {
      return result;
    }
    const rows = await this.db<StateRow>(STATE).whereIn('token_id', tokenIds);
    for (const row of rows) {
      result.set(row.token_id, toState(row));
    }
    return result;
  }

  async acquireLease(
    tokenId: string,
    holder: string,
    now: Date,
    leaseMs: number,
  ): Promise<SyncStateRecord | undefined> {
    await this.#ensureState(tokenId);
    // One conditional UPDATE: whichever instance's statement lands first wins.
    const taken = await this.db<StateRow>(STATE)
      .where({ token_id: tokenId })
      .andWhere(q =>
        q
          .whereNull('lease_expires_at')
          .orWhere('lease_expires_at', '<', now)
          .orWhere('running_by', holder),
      )
      .update({
        running_since: now,
        running_by: holder,
        lease_expires_at: new Date(now.getTime() + leaseMs),
      });
    return taken === 1 ? this.getState(tokenId) : undefined;
  }

  async renewLease(
    tokenId: string,
    holder: string,
    now: Date,
    leaseMs: number,
  ): Promise<boolean> {
    const updated = await this.db<StateRow>(STATE)
      .where({ token_id: tokenId, running_by: holder })
      .update({ lease_expires_at: new Date(now.getTime() + leaseMs) });
    return updated === 1;
  }

  async finishSync(
    tokenId: string,
    holder: string,
    success: SyncSuccess,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      const [{ assets }] = await tx(ASSETS)
        .where({ token_id: tokenId })
        .count({ assets: '*' });
      const [{ assignments }] = await tx(ASSIGNMENTS)
        .where({ token_id: tokenId })
        .count({ assignments: '*' });
      await tx<StateRow>(STATE)
        .where({ token_id: tokenId })
        .update({
          last_sync_at: success.at,
          ...(success.full ? { last_full_sync_at: success.at } : {}),
          assets_version_id: success.assetsVersionId ?? null,
          assignments_version_id: success.assignmentsVersionId ?? null,
          generation: success.generation,
          last_error: null,
          last_error_at: null,
          asset_count: Number(assets),
          assignment_count: Number(assignments),
        });
      await this.#release(tx, tokenId, holder);
    });
  }

  async failSync(
    tokenId: string,
    holder: string,
    error: string,
    at: Date,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx<StateRow>(STATE)
        .where({ token_id: tokenId })
        .update({ last_error: error, last_error_at: at });
      await this.#release(tx, tokenId, holder);
    });
  }

  async upsertAssets(
    tokenId: string,
    rows: AssetRow[],
    generation: number,
  ): Promise<void> {
    const records = rows.map(r => ({
      token_id: tokenId,
      adam_id: r.adamId,
      pricing_param: r.pricingParam,
      product_type: r.productType,
      total_count: r.totalCount,
      assigned_count: r.assignedCount,
      available_count: r.availableCount,
      retired_count: r.retiredCount,
      device_assignable: r.deviceAssignable,
      revocable: r.revocable,
      platforms: r.platforms.join(','),
      generation,
    }));
    for (let i = 0; i < records.length; i += INSERT_CHUNK) {
      await this.db(ASSETS)
        .insert(records.slice(i, i + INSERT_CHUNK))
        .onConflict(['token_id', 'adam_id', 'pricing_param'])
        .merge([
          'product_type',
          'total_count',
          'assigned_count',
          'available_count',
          'retired_count',
          'device_assignable',
          'revocable',
          'platforms',
          'generation',
        ]);
    }
  }

  async sweepAssets(tokenId: string, generation: number): Promise<number> {
    return this.db(ASSETS)
      .where({ token_id: tokenId })
      .andWhere('generation', '<', generation)
      .delete();
  }

  async insertAssignments(
    tokenId: string,
    rows: AssignmentRow[],
    options: { expectNew?: boolean } = {},
  ): Promise<void> {
    if (rows.length === 0) {
      return;
    }
    // The whole page as one JSON parameter: one short statement per page instead of
    // thousands of bound values, which is what makes 200,000 rows fast on both databases.
    const json = JSON.stringify(
      rows.map(r => ({
        a: r.adamId,
        p: r.pricingParam,
        s: r.serialNumber,
        u: r.clientUserId,
      })),
    );
    if (options.expectNew) {
      try {
        await this.#insertAssignmentsJson(tokenId, json, false);
        return;
      } catch (error) {
        // Some were there after all (Apple's data changed while paging): keep the rest.
        if (!isUniqueViolation(error)) throw error;
      }
    }
    await this.#insertAssignmentsJson(tokenId, json, true);
  }

  /**
   * A plain INSERT costs PostgreSQL a third less than INSERT … ON CONFLICT DO NOTHING,
   * which matters for the 200,000 rows of a first sync.
   */
  async #insertAssignmentsJson(
    tokenId: string,
    json: string,
    ignoreExisting: boolean,
  ): Promise<void> {
    const columns =
      'token_id, adam_id, pricing_param, serial_number, client_user_id';
    if (this.#isPostgres) {
      await this.db.raw(
        `insert into ${ASSIGNMENTS} (${columns})
         select ?, x.a, x.p, x.s, x.u from json_to_recordset(?::json) as x(a text, p text, s text, u text)
         ${ignoreExisting ? 'on conflict do nothing' : ''}`,
        [tokenId, json],
      );
    } else {
      await this.db.raw(
        `insert ${
          ignoreExisting ? 'or ignore' : ''
        } into ${ASSIGNMENTS} (${columns})
         select ?, json_extract(value, '$.a'), json_extract(value, '$.p'), json_extract(value, '$.s'), json_extract(value, '$.u')
         from json_each(?)`,
        [tokenId, json],
      );
    }
  }

  async deleteAssignments(
    tokenId: string,
    rows: AssignmentRow[],
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await this.db(ASSIGNMENTS)
        .where({ token_id: tokenId })
        .whereIn(
          ['adam_id', 'pricing_param', 'serial_number', 'client_user_id'],
          rows
            .slice(i, i + INSERT_CHUNK)
            .map(r => [
              r.adamId,
              r.pricingParam,
              r.serialNumber,
              r.clientUserId,
            ]),
        )
        .delete();
    }
  }

  async listAssignmentKeys(tokenId: string): Promise<string[]> {
    // Concatenated in SQL: one string column per row is far lighter than row objects.
    const sep = ASSIGNMENT_KEY_SEPARATOR;
    const rows: Array<{ k: string }> = await this.db(ASSIGNMENTS)
      .where({ token_id: tokenId })
      .select(
        this.db.raw(
          'adam_id || ? || pricing_param || ? || serial_number || ? || client_user_id as k',
          [sep, sep, sep],
        ),
      );
    return rows.map(r => r.k);
  }

  async removeOrphanedAssignments(tokenId?: string): Promise<number> {
    const query = this.db(ASSIGNMENTS).whereNotIn(
      'token_id',
      this.db(STATE).select('token_id'),
    );
    if (tokenId) query.andWhere({ token_id: tokenId });
    return query.delete();
  }

  async countAssignments(tokenId: string): Promise<number> {
    const [{ n }] = await this.db(ASSIGNMENTS)
      .where({ token_id: tokenId })
      .count({ n: '*' });
    return Number(n);
  }

  async listAssets(
    tokenId: string,
    query: AssetQuery,
  ): Promise<{ items: StoredAsset[]; totalCount: number }> {
    const base = this.db(`${ASSETS} as a`)
      .leftJoin(`${METADATA} as m`, join =>
        join
          .on('m.adam_id', '=', 'a.adam_id')
          .andOn('m.country_code', '=', this.db.raw('?', [query.countryCode])),
      )
      .where('a.token_id', tokenId);
    if (query.productType) {
      base.andWhere('a.product_type', query.productType);
    }
    if (query.platform) {
      // Comma-delimited list; the delimiters stop "iOS" from matching inside other names.
      base.andWhereRaw("(',' || a.platforms || ',') like ?", [
        `%,${query.platform},%`,
      ]);
    }
    if (query.q?.trim()) {
      const pattern = likePattern(query.q.trim());
      base.andWhere(q =>
        q
          .whereRaw("lower(m.name) like ? escape '\\'", [pattern])
          .orWhereRaw("lower(m.bundle_id) like ? escape '\\'", [pattern])
          .orWhereRaw("a.adam_id like ? escape '\\'", [pattern]),
      );
    }
    const [{ n }] = await base.clone().count({ n: '*' });
    const rows: AssetJoinRow[] = await base
      .clone()
      .select(
        'a.adam_id',
        'a.pricing_param',
        'a.product_type',
        'a.total_count',
        'a.assigned_count',
        'a.available_count',
        'a.retired_count',
        'a.device_assignable',
        'a.revocable',
        'a.platforms',
        'm.name',
        'm.icon_url',
        'm.bundle_id',
        'm.version',
        'm.minimum_os_version',
        'm.platforms as metadata_platforms',
      )
      .orderByRaw('m.name is null, lower(m.name), a.adam_id, a.pricing_param')
      .offset(query.offset)
      .limit(query.limit);
    return {
      totalCount: Number(n),
      items: rows.map(r => ({
        adamId: r.adam_id,
        pricingParam: r.pricing_param,
        productType: r.product_type as StoredAsset['productType'],
        totalCount: Number(r.total_count),
        assignedCount: Number(r.assigned_count),
        availableCount: Number(r.available_count),
        retiredCount: Number(r.retired_count),
        deviceAssignable: Boolean(r.device_assignable),
        revocable: Boolean(r.revocable),
        platforms: splitList(r.platforms),
        name: r.name ?? undefined,
        iconUrl: r.icon_url ?? undefined,
        bundleId: r.bundle_id ?? undefined,
        version: r.version ?? undefined,
        minimumOsVersion: r.minimum_os_version ?? undefined,
        metadataPlatforms: r.metadata_platforms
          ? splitList(r.metadata_platforms)
          : undefined,
      })),
    };
  }

  async listAdamIdsNeedingMetadata(
    tokenId: string,
    countryCode: string,
    staleBefore: Date,
  ): Promise<string[]> {
    const rows: Array<{ adam_id: string }> = await this.db(`${ASSETS} as a`)
      .distinct('a.adam_id')
      .leftJoin(`${METADATA} as m`, join =>
        join
          .on('m.adam_id', '=', 'a.adam_id')
          .andOn('m.country_code', '=', this.db.raw('?', [countryCode])),
      )
      .where('a.token_id', tokenId)
      .andWhere(q =>
        q.whereNull('m.fetched_at').orWhere('m.fetched_at', '<', staleBefore),
      )
      .orderBy('a.adam_id');
    return rows.map(r => r.adam_id);
  }

  async upsertMetadata(
    countryCode: string,
    rows: AppMetadataRow[],
    fetchedAt: Date,
  ): Promise<void> {
    const records = rows.map(r => ({
      country_code: countryCode,
      adam_id: r.adamId,
      name: r.name ?? null,
      icon_url: r.iconUrl ?? null,
      bundle_id: r.bundleId ?? null,
      version: r.version ?? null,
      minimum_os_version: r.minimumOsVersion ?? null,
      platforms: r.platforms?.join(',') ?? null,
      fetched_at: fetchedAt,
    }));
    for (let i = 0; i < records.length; i += INSERT_CHUNK) {
      await this.db(METADATA)
        .insert(records.slice(i, i + INSERT_CHUNK))
        .onConflict(['country_code', 'adam_id'])
        .merge();
    }
  }

  async markCountsChanged(tokenIds: string[], at: Date): Promise<void> {
    for (const tokenId of tokenIds) {
      await this.#ensureState(tokenId);
    }
    await this.db<StateRow>(STATE)
      .whereIn('token_id', tokenIds)
      .update({ counts_changed_at: at });
  }

  async confirm(tokenId: string, at: Date): Promise<void> {
    await this.#ensureState(tokenId);
    await this.db<StateRow>(STATE)
      .where({ token_id: tokenId })
      .update({ confirmed_at: at });
  }

  async setNotificationSubscription(
    tokenId: string,
    authHash: string,
    url: string,
  ): Promise<void> {
    await this.#ensureState(tokenId);
    await this.db<StateRow>(STATE)
      .where({ token_id: tokenId })
      .update({ notification_auth_hash: authHash, notification_url: url });
  }

  async recordNotification(
    notificationId: string,
    notificationType: string,
    locationUid: string,
    at: Date,
  ): Promise<boolean> {
    const inserted = await this.db(NOTIFICATIONS)
      .insert({
        notification_id: notificationId,
        notification_type: notificationType,
        location_uid: locationUid,
        received_at: at,
      })
      .onConflict('notification_id')
      .ignore()
      .returning('notification_id');
    return inserted.length === 1;
  }

  async pruneNotifications(before: Date): Promise<number> {
    return this.db(NOTIFICATIONS).where('received_at', '<', before).delete();
  }

  async #ensureState(tokenId: string): Promise<void> {
    await this.db<StateRow>(STATE)
      .insert({ token_id: tokenId })
      .onConflict('token_id')
      .ignore();
  }

  async #release(tx: Knex, tokenId: string, holder: string): Promise<void> {
    await tx<StateRow>(STATE)
      .where({ token_id: tokenId, running_by: holder })
      .update({
        running_since: null,
        running_by: null,
        lease_expires_at: null,
      });
  }
}
