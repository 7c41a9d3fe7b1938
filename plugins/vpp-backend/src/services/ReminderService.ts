import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  VppReminderDelivery,
  VppReminderSettings,
  VppReminderState,
} from '@internal/plugin-vpp-common';
import {
  ReminderDeliveryKey,
  ReminderDeliveryRecord,
  ReminderStore,
} from '../database/ReminderStore';
import { TokenRecord, TokenStore } from '../database/TokenStore';
import { ReminderLanguage } from './reminderConfig';
import { ReminderMailer } from './ReminderMailer';
import {
  ReminderFacts,
  reminderEmailContent,
  reminderNotificationText,
  tokenPagePath,
} from './reminderMessages';

/** Settings of a token that has never had any saved. */
export const DEFAULT_REMINDER_SETTINGS: VppReminderSettings = {
  enabled: true,
  emails: [],
};

/** Topic of every reminder notification, for users' notification settings. */
export const REMINDER_NOTIFICATION_TOPIC = 'vpp-token-expiry';

/**
 * A `sending` row older than this belongs to an instance that died mid-send. Far longer
 * than one SMTP attempt can take (see SmtpReminderMailer's timeouts).
 */
export const DEFAULT_SENDING_LEASE_MS = 30 * 60_000;

export interface ReminderServiceOptions {
  tokens: Pick<TokenStore, 'getToken' | 'listTokens'>;
  store: ReminderStore;
  notifications: NotificationService;
  mailer: ReminderMailer;
  config: {
    thresholdsDays: number[];
    languages: ReminderLanguage[];
    appBaseUrl: string;
  };
  logger: LoggerService;
  sendingLeaseMs?: number;
  now?: () => Date;
}

export interface ReminderRunSummary {
  sent: number;
  failed: number;
}

/**
 * The threshold a token is due for: the most urgent one crossed. A threshold of `d`
 * days is crossed once `now` is at most `d` days before expiry (0: expired). Less urgent
 * thresholds crossed at the same time are skipped — a token registered with 10 days
 * left gets the 30-day reminder, one already expired only the expiry reminder.
 */
export function dueThreshold(
  expiresAt: Date,
  now: Date,
  thresholdsDays: number[],
): number | undefined {
  const crossed = thresholdsDays.filter(
    days => now.getTime() >= expiresAt.getTime() - days * 86_400_000,
  );
  return crossed.length ? Math.min(...crossed) : undefined;
}

/**
 * Renewal reminders (R-TOK-6): per token settings, and the daily run that sends one
 * Backstage notification to the owner and one e-mail per address for each threshold
 * crossed, once per token, threshold and expiry date — also with several instances on
 * one database, on re-runs and after a crash. Every token record gets its own
 * reminders, shares included: a share has its own owner, who loses the licenses too
 * when the source expires.
 */
export class ReminderService {
  readonly #o: Required<ReminderServiceOptions>;

  constructor(options: ReminderServiceOptions) {
    this.#o = {
      sendingLeaseMs: DEFAULT_SENDING_LEASE_MS,
      now: () => new Date(),
      ...options,
    };
  }

  async getState(tokenId: string): Promise<VppReminderState> {
    const token = await this.#token(tokenId);
    const settings =
      (await this.#o.store.getSettings(tokenId)) ?? DEFAULT_REMINDER_SETTINGS;
    const deliveries = await this.#o.store.listDeliveries(
      tokenId,
      token.expiresAt.toISOString(),
    );
    return {
      tokenId,
      enabled: settings.enabled,
      emails: settings.emails,
      thresholdsDays: this.#o.config.thresholdsDays,
      deliveries: deliveries.map(toApiDelivery),
    };
  }

  /** Replaces the settings; `emails` must already be validated and de-duplicated. */
  async updateSettings(
    tokenId: string,
    settings: VppReminderSettings,
  ): Promise<VppReminderState> {
    await this.#token(tokenId);
    await this.#o.store.setSettings(
      tokenId,
      { enabled: settings.enabled, emails: settings.emails },
      this.#o.now(),
    );
    return this.getState(tokenId);
  }

  /** One pass over every token; safe to run concurrently on several instances. */
  async runDueReminders(
    now: Date = this.#o.now(),
    signal?: AbortSignal,
  ): Promise<ReminderRunSummary> {
    const summary: ReminderRunSummary = { sent: 0, failed: 0 };
    await this.#o.store.deleteOrphans();
    const tokens = await this.#o.tokens.listTokens();
    const byId = new Map(tokens.map(t => [t.id, t]));
    const settings = await this.#o.store.listSettings();
    for (const token of tokens) {
      if (signal?.aborted) {
        this.#o.logger.warn(
          'Renewal reminder run aborted; the remaining tokens are handled on the next run',
        );
        break;
      }
      const { enabled, emails } =
        settings.get(token.id) ?? DEFAULT_REMINDER_SETTINGS;
      const thresholdDays = enabled
        ? dueThreshold(token.expiresAt, now, this.#o.config.thresholdsDays)
        : undefined;
      if (thresholdDays === undefined) {
        continue;
      }
      const facts: ReminderFacts = {
        tokenId: token.id,
        displayName: token.displayName,
        locationName: token.locationName,
        orgName: token.orgName,
        owner: token.owner,
        expiresAt: token.expiresAt,
        thresholdDays,
        now,
        sharesFromName: token.sharesFrom
          ? byId.get(token.sharesFrom)?.displayName
          : undefined,
      };
      const base = {
        tokenId: token.id,
        thresholdDays,
        expiresAt: token.expiresAt.toISOString(),
      };
      await this.#deliver(
        { ...base, channel: 'notification', recipient: token.owner },
        now,
        summary,
        () => this.#notify(token, facts),
      );
      for (const address of emails) {
        await this.#deliver(
          { ...base, channel: 'email', recipient: address },
          now,
          summary,
          () =>
            this.#o.mailer.send({
              to: address,
              ...reminderEmailContent(
                facts,
                this.#o.config.languages,
                this.#o.config.appBaseUrl,
              ),
            }),
        );
      }
    }
    if (summary.sent + summary.failed > 0) {
      this.#o.logger.info(
        `Renewal reminders: ${summary.sent} sent, ${summary.failed} failed (failures are retried on the next run)`,
      );
    }
    return summary;
  }

  /** Sends only if this instance wins the claim, and records the outcome. */
  async #deliver(
    key: ReminderDeliveryKey,
    now: Date,
    summary: ReminderRunSummary,
    send: () => Promise<void>,
  ): Promise<void> {
    const claim = await this.#o.store.claimDelivery(
      key,
      now,
      new Date(now.getTime() - this.#o.sendingLeaseMs),
    );
    if (!claim.claimed) {
      return;
    }
    try {
      await send();
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      summary.failed += 1;
      this.#o.logger.warn(
        `Renewal reminder (${key.channel}) for token ${key.tokenId} at ${key.thresholdDays} days failed, attempt ${claim.attempt}: ${message}`,
      );
      await this.#o.store.completeDelivery(
        key,
        claim.attempt,
        { status: 'failed', error: message },
        now,
      );
      return;
    }
    summary.sent += 1;
    await this.#o.store.completeDelivery(
      key,
      claim.attempt,
      { status: 'sent' },
      now,
    );
  }

  async #notify(token: TokenRecord, facts: ReminderFacts): Promise<void> {
    const { title, description } = reminderNotificationText(
      facts,
      this.#o.config.languages,
    );
    await this.#o.notifications.send({
      recipients: { type: 'entity', entityRef: token.owner },
      payload: {
        title,
        description,
        link: tokenPagePath(token.id),
        severity: facts.thresholdDays === 0 ? 'high' : 'normal',
        topic: REMINDER_NOTIFICATION_TOPIC,
        // Stable per token, threshold and expiry: a repeat updates instead of duplicating.
        scope: `vpp-token-reminder:${token.id}:${
          facts.thresholdDays
        }:${token.expiresAt.toISOString().slice(0, 10)}`,
      },
    });
  }

  async #token(tokenId: string): Promise<TokenRecord> {
    const token = await this.#o.tokens.getToken(tokenId);
    if (!token) {
      throw new NotFoundError(
        `No content token with id "${tokenId}" is registered here. Register the token first.`,
      );
    }
    return token;
  }
}

function toApiDelivery(record: ReminderDeliveryRecord): VppReminderDelivery {
  return {
    thresholdDays: record.thresholdDays,
    expiresAt: record.expiresAt,
    channel: record.channel,
    recipient: record.recipient,
    status: record.status,
    attempts: record.attempts,
    ...(record.lastError ? { lastError: record.lastError } : {}),
    ...(record.sentAt ? { sentAt: record.sentAt.toISOString() } : {}),
    updatedAt: record.updatedAt.toISOString(),
  };
}
