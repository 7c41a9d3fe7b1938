/**
 * A token's renewal reminder settings (R-TOK-6): whether reminders go out and to which
 * e-mail addresses. The owner group always gets a Backstage notification when enabled.
 *
 * @public
 */
export interface VppReminderSettings {
  enabled: boolean;
  /** Valid e-mail addresses, each at most once. */
  emails: string[];
}

/** One delivery of a reminder over one channel. @public */
export interface VppReminderDelivery {
  /** Days before expiry of the threshold; 0 is "at expiry". */
  thresholdDays: number;
  /** The expiry date the reminder was about (renewal re-arms reminders). */
  expiresAt: string;
  /** `notification` (to the owner group) or `email`. */
  channel: 'notification' | 'email';
  /** The e-mail address, or the owner entity ref for notifications. */
  recipient: string;
  status: 'sent' | 'failed' | 'sending';
  attempts: number;
  lastError?: string;
  /** ISO instant of the successful delivery. */
  sentAt?: string;
  updatedAt: string;
}

/** `GET /tokens/:id/notifications`. @public */
export interface VppReminderState extends VppReminderSettings {
  tokenId: string;
  /** Configured thresholds in days before expiry, e.g. `[30, 0]`. */
  thresholdsDays: number[];
  /** Deliveries for the token's current expiry date, newest first. */
  deliveries: VppReminderDelivery[];
}
