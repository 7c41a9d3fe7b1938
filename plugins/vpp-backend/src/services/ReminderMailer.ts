import { createTransport } from 'nodemailer';
import { ReminderSmtpConfig } from './reminderConfig';

export interface ReminderEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends reminder e-mails; throws with a message fit for the token page on failure. */
export interface ReminderMailer {
  send(email: ReminderEmail): Promise<void>;
}

/** Timeouts short enough that one attempt ends well inside the sending lease. */
export interface SmtpTimeouts {
  connectionTimeoutMs: number;
  greetingTimeoutMs: number;
  socketTimeoutMs: number;
}

const DEFAULT_TIMEOUTS: SmtpTimeouts = {
  connectionTimeoutMs: 30_000,
  greetingTimeoutMs: 30_000,
  socketTimeoutMs: 60_000,
};

/** Sends over SMTP with nodemailer, one connection per message. */
export class SmtpReminderMailer implements ReminderMailer {
  readonly #transport;
  readonly #from: string;
  readonly #server: string;

  constructor(
    config: ReminderSmtpConfig,
    timeouts: Partial<SmtpTimeouts> = {},
  ) {
    const t = { ...DEFAULT_TIMEOUTS, ...timeouts };
    this.#from = config.from;
    this.#server = `${config.host}:${config.port}`;
    this.#transport = createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      requireTLS: config.requireTLS,
      auth: config.auth,
      connectionTimeout: t.connectionTimeoutMs,
      greetingTimeout: t.greetingTimeoutMs,
      socketTimeout: t.socketTimeoutMs,
    });
  }

  async send(email: ReminderEmail): Promise<void> {
    try {
      await this.#transport.sendMail({
        from: this.#from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
      });
    } catch (error) {
      // nodemailer's messages carry the server's answer (e.g. "550 …") but not which
      // server was asked; name it so an operator knows where to look.
      throw new Error(
        `SMTP server ${this.#server} did not accept the e-mail: ${
          (error as Error).message
        }`,
      );
    }
  }
}

/** Stands in when `vpp.reminders.smtp` is absent, so every e-mail fails visibly. */
export class UnconfiguredReminderMailer implements ReminderMailer {
  async send(): Promise<void> {
    throw new Error(
      'SMTP is not configured: set vpp.reminders.smtp.host and vpp.reminders.smtp.from (and port, secure, auth as your server needs; see plugins/vpp-backend/config.d.ts) to send reminder e-mails. They are retried on the next run.',
    );
  }
}

export function createReminderMailer(
  smtp: ReminderSmtpConfig | undefined,
): ReminderMailer {
  return smtp ? new SmtpReminderMailer(smtp) : new UnconfiguredReminderMailer();
}
