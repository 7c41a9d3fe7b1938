/** A token's renewal reminder settings as stored. */
export interface ReminderSettingsRecord {
  enabled: boolean;
  emails: string[];
  updatedAt: Date;
}

export type ReminderChannel = 'notification' | 'email';

export type ReminderDeliveryStatus = 'sending' | 'sent' | 'failed';

/** What makes a reminder unique: it goes out once per key. */
export interface ReminderDeliveryKey {
  tokenId: string;
  thresholdDays: number;
  /** ISO instant of the expiry the reminder is about. */
  expiresAt: string;
  channel: ReminderChannel;
  /** Owner entity ref for notifications, the address for e-mails. */
  recipient: string;
}

export interface ReminderDeliveryRecord extends ReminderDeliveryKey {
  status: ReminderDeliveryStatus;
  attempts: number;
  lastError?: string;
  sentAt?: Date;
  updatedAt: Date;
}

/** The outcome of a claim: whether this caller may send, and as which attempt. */
export type ReminderClaim =
  | { claimed: true; attempt: number }
  | { claimed: false };

/** Persistence of reminder settings and deliveries (R-TOK-6). */
export interface ReminderStore {
  getSettings(tokenId: string): Promise<ReminderSettingsRecord | undefined>;
  /** Settings of every token that has a row; tokens without one use the defaults. */
  listSettings(): Promise<Map<string, ReminderSettingsRecord>>;
  setSettings(
    tokenId: string,
    settings: { enabled: boolean; emails: string[] },
    now: Date,
  ): Promise<void>;
  /** Deliveries of a token, for one expiry if given; newest first. */
  listDeliveries(
    tokenId: string,
    expiresAt?: string,
  ): Promise<ReminderDeliveryRecord[]>;
  /**
   * Atomically claims the right to send one delivery, across every instance sharing the
   * database. Succeeds when the key is new, when its last attempt failed before `now`
   * (an earlier run), or when a `sending` attempt started before `staleBefore` (its
   * instance crashed). Anything else — sent, or being sent right now — is refused.
   */
  claimDelivery(
    key: ReminderDeliveryKey,
    now: Date,
    staleBefore: Date,
  ): Promise<ReminderClaim>;
  /**
   * Records the outcome of a claimed attempt. Ignored when the row has been claimed
   * again since (another instance took over a stale attempt).
   */
  completeDelivery(
    key: ReminderDeliveryKey,
    attempt: number,
    outcome: { status: 'sent' } | { status: 'failed'; error: string },
    now: Date,
  ): Promise<void>;
  /** Removes rows of deleted tokens where the database did not cascade (SQLite without foreign keys). */
  deleteOrphans(): Promise<void>;
}
