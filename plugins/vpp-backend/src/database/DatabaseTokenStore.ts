import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  AppleTokenState,
  TokenAppleStatePatch,
  TokenFilter,
  TokenLocationFacts,
  TokenRecord,
  TokenStore,
} from './TokenStore';
import { toDate, toOptionalDate } from './dates';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-vpp-backend',
  'migrations',
);

const TABLE = 'vpp_tokens';

type TokenRow = {
  id: string;
  display_name: string;
  owner: string;
  org_name: string;
  location_name: string;
  location_uid: string;
  country_code: string;
  default_platform: string | null;
  expires_at: Date | string | number;
  apple_state: string;
  apple_state_reason: string | null;
  apple_checked_at: Date | string | number | null;
  claimed_by: string | null;
  shares_from: string | null;
  notes: string;
  token_ciphertext: string | null;
  created_by: string;
  created_at: Date | string | number;
  updated_at: Date | string | number;
};

const RECORD_COLUMNS: (keyof TokenRow)[] = [
  'id',
  'display_name',
  'owner',
  'org_name',
  'location_name',
  'location_uid',
  'country_code',
  'default_platform',
  'expires_at',
  'apple_state',
  'apple_state_reason',
  'apple_checked_at',
  'claimed_by',
  'shares_from',
  'notes',
  'created_by',
  'created_at',
  'updated_at',
];

function toRecord(row: Omit<TokenRow, 'token_ciphertext'>): TokenRecord {
  return {
    id: row.id,
    displayName: row.display_name,
    owner: row.owner,
    orgName: row.org_name,
    locationName: row.location_name,
    locationUid: row.location_uid,
    countryCode: row.country_code,
    defaultPlatform: row.default_platform ?? undefined,
    expiresAt: toDate(row.expires_at),
    appleState: row.apple_state as AppleTokenState,
    appleStateReason: row.apple_state_reason ?? undefined,
    appleCheckedAt: toOptionalDate(row.apple_checked_at),
    claimedBy: row.claimed_by ?? undefined,
    sharesFrom: row.shares_from ?? undefined,
    notes: row.notes,
    createdBy: row.created_by,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

/** Knex implementation of {@link TokenStore}, for SQLite and PostgreSQL. */
export class DatabaseTokenStore implements TokenStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseTokenStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseTokenStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async listTokens(options?: {
    filter?: PermissionCriteria<TokenFilter>;
  }): Promise<TokenRecord[]> {
    const query = this.db<TokenRow>(TABLE).select<TokenRow[]>(RECORD_COLUMNS);
    if (options?.filter) {
      query.where(builder => applyFilter(builder, options.filter!));
    }
    const rows = await query.orderBy([
      { column: 'expires_at', order: 'asc' },
      { column: 'display_name', order: 'asc' },
    ]);
    return rows.map(toRecord);
  }

  async getToken(id: string): Promise<TokenRecord | undefined> {
    const row = await this.db<TokenRow>(TABLE)
      .select<TokenRow[]>(RECORD_COLUMNS)
      .where({ id })
      .first();
    return row ? toRecord(row) : undefined;
  }

  async getTokens(ids: string[]): Promise<TokenRecord[]> {
    if (ids.length === 0) {
      return [];
    }
    const rows = await this.db<TokenRow>(TABLE)
      .select<TokenRow[]>(RECORD_COLUMNS)
      .whereIn('id', ids);
    return rows.map(toRecord);
  }

  async findSourcesByLocationUid(locationUid: string): Promise<TokenRecord[]> {
    const rows = await this.db<TokenRow>(TABLE)
      .select<TokenRow[]>(RECORD_COLUMNS)
      .where({ location_uid: locationUid })
      .whereNull('shares_from');
    return rows.map(toRecord);
  }

  async listShares(sourceId: string): Promise<TokenRecord[]> {
    const rows = await this.db<TokenRow>(TABLE)
      .select<TokenRow[]>(RECORD_COLUMNS)
      .where({ shares_from: sourceId })
      .orderBy('created_at', 'asc');
    return rows.map(toRecord);
  }

  async getTokenCiphertext(id: string): Promise<string | undefined> {
    const row = await this.db<TokenRow>(TABLE)
      .select('token_ciphertext', 'shares_from')
      .where({ id })
      .first();
    if (!row) {
      return undefined;
    }
    if (row.shares_from) {
      return this.getTokenCiphertext(row.shares_from);
    }
    return row.token_ciphertext ?? undefined;
  }

  async insertToken(
    record: TokenRecord,
    tokenCiphertext: string | null,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      // One source record per Apple location. The partial unique index enforces it too;
      // checking here gives a clear error instead of a driver-specific constraint failure.
      if (!record.sharesFrom) {
        const existing = await tx<TokenRow>(TABLE)
          .select('id')
          .where({ location_uid: record.locationUid })
          .whereNull('shares_from')
          .first();
        if (existing) {
          throw new ConflictError(
            `The Apple location ${record.locationUid} is already registered as token ${existing.id}`,
          );
        }
      }
      await tx<TokenRow>(TABLE).insert({
        id: record.id,
        display_name: record.displayName,
        owner: record.owner,
        org_name: record.orgName,
        location_name: record.locationName,
        location_uid: record.locationUid,
        country_code: record.countryCode,
        default_platform: record.defaultPlatform ?? null,
        expires_at: record.expiresAt,
        apple_state: record.appleState,
        apple_state_reason: record.appleStateReason ?? null,
        apple_checked_at: record.appleCheckedAt ?? null,
        claimed_by: record.claimedBy ?? null,
        shares_from: record.sharesFrom ?? null,
        notes: record.notes,
        token_ciphertext: tokenCiphertext,
        created_by: record.createdBy,
        created_at: record.createdAt,
        updated_at: record.updatedAt,
      });
    });
  }

  async updateDetails(
    id: string,
    patch: Partial<Pick<TokenRecord, 'displayName' | 'notes' | 'owner'>>,
    now: Date,
  ): Promise<void> {
    const update: Partial<TokenRow> = { updated_at: now };
    if (patch.displayName !== undefined)
      update.display_name = patch.displayName;
    if (patch.notes !== undefined) update.notes = patch.notes;
    if (patch.owner !== undefined) update.owner = patch.owner;
    await this.db<TokenRow>(TABLE).where({ id }).update(update);
  }

  async renewToken(
    sourceId: string,
    facts: TokenLocationFacts,
    tokenCiphertext: string,
    now: Date,
  ): Promise<void> {
    const shared: Partial<TokenRow> = {
      org_name: facts.orgName,
      location_name: facts.locationName,
      location_uid: facts.locationUid,
      country_code: facts.countryCode,
      default_platform: facts.defaultPlatform ?? null,
      expires_at: facts.expiresAt,
      apple_state: 'ok',
      apple_state_reason: null,
      apple_checked_at: now,
      claimed_by: null,
      updated_at: now,
    };
    await this.db.transaction(async tx => {
      await tx<TokenRow>(TABLE)
        .where({ id: sourceId })
        .update({ ...shared, token_ciphertext: tokenCiphertext });
      await tx<TokenRow>(TABLE).where({ shares_from: sourceId }).update(shared);
    });
  }

  async setAppleState(
    sourceId: string,
    patch: TokenAppleStatePatch,
  ): Promise<void> {
    await this.db<TokenRow>(TABLE)
      .where({ id: sourceId })
      .orWhere({ shares_from: sourceId })
      .update({
        apple_state: patch.appleState,
        apple_state_reason: patch.appleStateReason ?? null,
        claimed_by: patch.claimedBy ?? null,
        apple_checked_at: patch.checkedAt,
      });
  }

  async deleteToken(id: string): Promise<void> {
    // Shares go explicitly too: SQLite only cascades with foreign keys switched on.
    await this.db.transaction(async tx => {
      await tx<TokenRow>(TABLE).where({ shares_from: id }).delete();
      await tx<TokenRow>(TABLE).where({ id }).delete();
    });
  }
}

/** Translates the permission framework's criteria into a knex where clause. */
function applyFilter(
  builder: Knex.QueryBuilder,
  filter: PermissionCriteria<TokenFilter>,
): void {
  if (isAndCriteria(filter)) {
    builder.where(q => {
      for (const f of filter.allOf) q.andWhere(inner => applyFilter(inner, f));
    });
  } else if (isOrCriteria(filter)) {
    builder.where(q => {
      for (const f of filter.anyOf) q.orWhere(inner => applyFilter(inner, f));
    });
  } else if (isNotCriteria(filter)) {
    builder.whereNot(inner => applyFilter(inner, filter.not));
  } else {
    builder.whereIn(filter.key, filter.values);
  }
}
