import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { toDate, toOptionalDate } from './dates';
import {
  ReminderChannel,
  ReminderClaim,
  ReminderDeliveryKey,
  ReminderDeliveryRecord,
  ReminderDeliveryStatus,
  ReminderSettingsRecord,
  ReminderStore,
} from './ReminderStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-vpp-backend',
  'migrations',
);

const SETTINGS = 'vpp_token_reminder_settings';
const DELIVERIES = 'vpp_token_reminder_deliveries';
const TOKENS = 'vpp_tokens';
const DELIVERY_KEY = [
  'token_id',
  'threshold_days',
  'expires_at',
  'channel',
  'recipient',
];

type SettingsRow = {
  token_id: string;
  enabled: boolean | number;
  emails: string;
  updated_at: Date | string | number;
};

type DeliveryRow = {
  token_id: string;
  threshold_days: number;
  expires_at: string;
  channel: string;
  recipient: string;
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: Date | string | number | null;
  updated_at: Date | string | number;
};

function toSettings(row: SettingsRow): ReminderSettingsRecord {
  return {
    // SQLite hands booleans back as 0/1.
    enabled: Boolean(row.enabled),
    emails: JSON.parse(row.emails) as string[],
    updatedAt: toDate(row.updated_at),
  };
}

function toDelivery(row: DeliveryRow): ReminderDeliveryRecord {
  return {
    tokenId: row.token_id,
    thresholdDays: Number(row.threshold_days),
    expiresAt: row.expires_at,
    channel: row.channel as ReminderChannel,
    recipient: row.recipient,
    status: row.status as ReminderDeliveryStatus,
    attempts: Number(row.attempts),
    lastError: row.last_error ?? undefined,
    sentAt: toOptionalDate(row.sent_at),
    updatedAt: toDate(row.updated_at),
  };
}

function keyWhere(key: ReminderDeliveryKey) {
  return {
    token_id: key.tokenId,
    threshold_days: key.thresholdDays,
    expires_at: key.expiresAt,
    channel: key.channel,
    recipient: key.recipient,
  };
}

/** Knex implementation of {@link ReminderStore}, for SQLite and PostgreSQL. */
export class DatabaseReminderStore implements ReminderStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseReminderStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseReminderStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async getSettings(
    tokenId: string,
  ): Promise<ReminderSettingsRecord | undefined> {
    const row = await this.db<SettingsRow>(SETTINGS)
      .where({ token_id: tokenId })
      .first();
    return row ? toSettings(row) : undefined;
  }

  async listSettings(): Promise<Map<string, ReminderSettingsRecord>> {
    const rows = await this.db<SettingsRow>(SETTINGS).select();
    return new Map(rows.map(row => [row.token_id, toSettings(row)]));
  }

  async setSettings(
    tokenId: string,
    settings: { enabled: boolean; emails: string[] },
    now: Date,
  ): Promise<void> {
    await this.db<SettingsRow>(SETTINGS)
      .insert({
        token_id: tokenId,
        enabled: settings.enabled,
        emails: JSON.stringify(settings.emails),
        updated_at: now,
      })
      .onConflict('token_id')
      .merge(['enabled', 'emails', 'updated_at']);
  }

  async listDeliveries(
    tokenId: string,
    expiresAt?: string,
  ): Promise<ReminderDeliveryRecord[]> {
    const query = this.db<DeliveryRow>(DELIVERIES).where({ token_id: tokenId });
    if (expiresAt !== undefined) {
      query.andWhere({ expires_at: expiresAt });
    }
    const rows = await query.orderBy([
      { column: 'updated_at', order: 'desc' },
      { column: 'threshold_days', order: 'asc' },
      { column: 'channel', order: 'desc' },
      { column: 'recipient', order: 'asc' },
    ]);
    return rows.map(toDelivery);
  }

  async claimDelivery(
    key: ReminderDeliveryKey,
    now: Date,
    staleBefore: Date,
  ): Promise<ReminderClaim> {
    // Both statements are single-row atomic operations: PostgreSQL re-checks the
    // WHERE clause of a concurrent UPDATE after the row lock, and ON CONFLICT DO
    // NOTHING lets exactly one INSERT win, so only one instance gets a row back.
    const inserted = await this.db<DeliveryRow>(DELIVERIES)
      .insert({
        ...keyWhere(key),
        status: 'sending',
        attempts: 1,
        last_error: null,
        sent_at: null,
        updated_at: now,
      })
      .onConflict(DELIVERY_KEY)
      .ignore()
      .returning('attempts');
    if (inserted.length === 1) {
      return { claimed: true, attempt: 1 };
    }
    const reclaimed = await this.db<DeliveryRow>(DELIVERIES)
      .where(keyWhere(key))
      .andWhere(q =>
        q
          .where(failed =>
            failed.where('status', 'failed').andWhere('updated_at', '<', now),
          )
          .orWhere(stale =>
            stale
              .where('status', 'sending')
              .andWhere('updated_at', '<', staleBefore),
          ),
      )
      .update(
        {
          status: 'sending',
          attempts: this.db.raw('attempts + 1'),
          updated_at: now,
        },
        ['attempts'],
      );
    if (reclaimed.length === 1) {
      return {
        claimed: true,
        attempt: Number((reclaimed[0] as { attempts: number }).attempts),
      };
    }
    return { claimed: false };
  }

  async completeDelivery(
    key: ReminderDeliveryKey,
    attempt: number,
    outcome: { status: 'sent' } | { status: 'failed'; error: string },
    now: Date,
  ): Promise<void> {
    await this.db<DeliveryRow>(DELIVERIES)
      .where({ ...keyWhere(key), status: 'sending', attempts: attempt })
      .update(
        outcome.status === 'sent'
          ? { status: 'sent', last_error: null, sent_at: now, updated_at: now }
          : { status: 'failed', last_error: outcome.error, updated_at: now },
      );
  }

  async deleteOrphans(): Promise<void> {
    const tokenIds = this.db(TOKENS).select('id');
    await this.db(DELIVERIES).whereNotIn('token_id', tokenIds).delete();
    await this.db(SETTINGS).whereNotIn('token_id', tokenIds).delete();
  }
}
