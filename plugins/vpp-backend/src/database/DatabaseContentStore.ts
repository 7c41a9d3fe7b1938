import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  AppMetadataRow,
  AssetAssignees,
  AssetKey,
  AssetQuery,
  AssetRow,
  ContentStore,
  StoredAsset,
  SyncStateRecord,
  SyncSuccess,
} from './ContentStore';
import {
  ASSETS,
  ASSIGNEES,
  AssetJoinRow,
  likePattern,
  METADATA,
  NOTIFICATIONS,
  STATE,
  StateRow,
  toStoredAsset,
  toState,
} from './contentRows';
import { upsertJsonRows } from './jsonUpsert';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-vpp-backend',
  'migrations',
);

/**
 * Assets per DELETE or SELECT … IN: at most 1,000 bound values, far below SQLite's limit
 * of 32,766 per statement.
 */
const KEYS_PER_STATEMENT = 500;

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

  private constructor(private readonly db: Knex) {}

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
      const assignments = await this.#countAssignments(tx, tokenId);
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
          assignment_count: assignments,
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
    await upsertJsonRows(this.db, {
      table: ASSETS,
      bound: {
        token_id: [tokenId, 'text'],
        generation: [generation, 'integer'],
      },
      columns: {
        adam_id: 'text',
        pricing_param: 'text',
        product_type: 'text',
        total_count: 'integer',
        assigned_count: 'integer',
        available_count: 'integer',
        retired_count: 'integer',
        device_assignable: 'boolean',
        revocable: 'boolean',
        platforms: 'text',
      },
      rows: rows.map(r => [
        r.adamId,
        r.pricingParam,
        r.productType,
        r.totalCount,
        r.assignedCount,
        r.availableCount,
        r.retiredCount,
        r.deviceAssignable,
        r.revocable,
        r.platforms.join(','),
      ]),
      key: ['token_id', 'adam_id', 'pricing_param'],
    });
  }

  async sweepAssets(tokenId: string, generation: number): Promise<number> {
    return this.db(ASSETS)
      .where({ token_id: tokenId })
      .andWhere('generation', '<', generation)
      .delete();
  }

  async loadAssignees(
    tokenId: string,
    adamIds?: string[],
  ): Promise<AssetAssignees[]> {
    type AssigneeRow = {
      adam_id: string;
      pricing_param: string;
      serial_numbers: string;
      client_user_ids: string;
    };
    const select = () =>
      this.db(ASSIGNEES)
        .where({ token_id: tokenId })
        .select<AssigneeRow[]>(
          'adam_id',
          'pricing_param',
          'serial_numbers',
          'client_user_ids',
        );
    let rows: AssigneeRow[];
    if (adamIds) {
      rows = [];
      const unique = [...new Set(adamIds)];
      for (let i = 0; i < unique.length; i += KEYS_PER_STATEMENT) {
        rows.push(
          ...(await select().whereIn(
            'adam_id',
            unique.slice(i, i + KEYS_PER_STATEMENT),
          )),
        );
      }
    } else {
      rows = await select();
    }
    return rows.map(r => ({
      adamId: r.adam_id,
      pricingParam: r.pricing_param,
      serialNumbers: JSON.parse(r.serial_numbers),
      clientUserIds: JSON.parse(r.client_user_ids),
    }));
  }

  async saveAssignees(
    tokenId: string,
    assets: AssetAssignees[],
  ): Promise<void> {
    await upsertJsonRows(this.db, {
      table: ASSIGNEES,
      bound: { token_id: [tokenId, 'text'] },
      columns: {
        adam_id: 'text',
        pricing_param: 'text',
        serial_numbers: 'text',
        client_user_ids: 'text',
        assignment_count: 'integer',
      },
      rows: assets.map(a => [
        a.adamId,
        a.pricingParam,
        JSON.stringify(a.serialNumbers),
        JSON.stringify(a.clientUserIds),
        a.serialNumbers.length + a.clientUserIds.length,
      ]),
      key: ['token_id', 'adam_id', 'pricing_param'],
    });
  }

  async deleteAssignees(tokenId: string, assets: AssetKey[]): Promise<void> {
    for (let i = 0; i < assets.length; i += KEYS_PER_STATEMENT) {
      await this.db(ASSIGNEES)
        .where({ token_id: tokenId })
        .whereIn(
          ['adam_id', 'pricing_param'],
          assets
            .slice(i, i + KEYS_PER_STATEMENT)
            .map(a => [a.adamId, a.pricingParam]),
        )
        .delete();
    }
  }

  async countAssignments(tokenId: string): Promise<number> {
    return this.#countAssignments(this.db, tokenId);
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
      items: rows.map(toStoredAsset),
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
    await upsertJsonRows(this.db, {
      table: METADATA,
      bound: {
        country_code: [countryCode, 'text'],
        fetched_at: [fetchedAt, 'timestamptz'],
      },
      columns: {
        adam_id: 'text',
        name: 'text',
        icon_url: 'text',
        bundle_id: 'text',
        version: 'text',
        minimum_os_version: 'text',
        platforms: 'text',
      },
      rows: rows.map(r => [
        r.adamId,
        r.name ?? null,
        r.iconUrl ?? null,
        r.bundleId ?? null,
        r.version ?? null,
        r.minimumOsVersion ?? null,
        r.platforms?.join(',') ?? null,
      ]),
      key: ['country_code', 'adam_id'],
    });
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

  async #countAssignments(db: Knex, tokenId: string): Promise<number> {
    const [{ n }] = await db(ASSIGNEES)
      .where({ token_id: tokenId })
      .sum({ n: 'assignment_count' });
    // SUM of no rows is NULL; PostgreSQL's bigint sum comes as a string.
    return Number(n ?? 0);
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
