import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

/** Languages reminder texts exist in. */
export const REMINDER_LANGUAGES = ['en', 'ja'] as const;
export type ReminderLanguage = (typeof REMINDER_LANGUAGES)[number];

export interface ReminderSmtpConfig {
  host: string;
  port: number;
  /** TLS from the first byte (usually port 465); otherwise STARTTLS when offered. */
  secure: boolean;
  /** Refuse to send unless the server upgrades the connection with STARTTLS. */
  requireTLS: boolean;
  auth?: { user: string; pass: string };
  /** Sender, e.g. `VPP for Backstage <vpp@example.com>`. */
  from: string;
}

export interface ReminderConfig {
  /** Days before expiry at which reminders go out, most distant first; 0 = at expiry. */
  thresholdsDays: number[];
  /** Languages of every reminder, in order; all of them go into each message. */
  languages: ReminderLanguage[];
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Absent when SMTP is not configured: e-mails are then recorded as failed. */
  smtp?: ReminderSmtpConfig;
  /** The portal's URL, for links in e-mails. */
  appBaseUrl: string;
}

export const DEFAULT_REMINDER_THRESHOLDS_DAYS = [30, 0];

/**
 * Daily; the first run a minute after start-up so a restart loop cannot flood anyone
 * (runs are idempotent anyway), with room for a slow SMTP server.
 */
export const DEFAULT_REMINDER_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 24 },
    timeout: { minutes: 15 },
    initialDelay: { minutes: 1 },
  };

/** Reads and checks `vpp.reminders.*`; see config.d.ts for every key. */
export function readReminderConfig(config: Config): ReminderConfig {
  const reminders = config.getOptionalConfig('vpp.reminders');
  return {
    thresholdsDays: readThresholds(reminders),
    languages: readLanguages(reminders),
    schedule: reminders?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          reminders.getConfig('schedule'),
        )
      : DEFAULT_REMINDER_SCHEDULE,
    smtp: readSmtp(reminders?.getOptionalConfig('smtp')),
    appBaseUrl: (
      config.getOptionalString('app.baseUrl') ?? 'http://localhost:3000'
    ).replace(/\/+$/, ''),
  };
}

function readThresholds(reminders: Config | undefined): number[] {
  if (!reminders?.has('thresholdsDays')) {
    return DEFAULT_REMINDER_THRESHOLDS_DAYS;
  }
  const raw = reminders.get('thresholdsDays');
  if (
    !Array.isArray(raw) ||
    raw.some(d => typeof d !== 'number' || !Number.isInteger(d) || d < 0)
  ) {
    throw new Error(
      `vpp.reminders.thresholdsDays must be a list of whole numbers of days before expiry, 0 or more (0 = at expiry), e.g. [30, 0]; got ${JSON.stringify(
        raw,
      )}`,
    );
  }
  return [...new Set(raw as number[])].sort((a, b) => b - a);
}

function readLanguages(reminders: Config | undefined): ReminderLanguage[] {
  const raw = reminders?.getOptionalStringArray('languages');
  if (raw === undefined) {
    return [...REMINDER_LANGUAGES];
  }
  const unknown = raw.filter(
    l => !(REMINDER_LANGUAGES as readonly string[]).includes(l),
  );
  if (raw.length === 0 || unknown.length > 0) {
    throw new Error(
      `vpp.reminders.languages must list one or more of ${REMINDER_LANGUAGES.join(
        ', ',
      )}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`,
    );
  }
  return [...new Set(raw)] as ReminderLanguage[];
}

function readSmtp(smtp: Config | undefined): ReminderSmtpConfig | undefined {
  const host = smtp?.getOptionalString('host');
  if (!smtp || !host) {
    return undefined;
  }
  const from = smtp.getOptionalString('from');
  if (!from || !from.includes('@')) {
    throw new Error(
      'vpp.reminders.smtp.from must be set when vpp.reminders.smtp.host is: the sender of reminder e-mails, e.g. "VPP for Backstage <vpp@example.com>"',
    );
  }
  const secure = smtp.getOptionalBoolean('secure') ?? false;
  const port = smtp.getOptionalNumber('port') ?? (secure ? 465 : 587);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(
      `vpp.reminders.smtp.port must be a TCP port number; got ${port}`,
    );
  }
  const user = smtp.getOptionalString('auth.user');
  const pass = smtp.getOptionalString('auth.pass');
  if (Boolean(user) !== Boolean(pass)) {
    throw new Error(
      'vpp.reminders.smtp.auth needs both user and pass, or neither for a server that accepts mail without login',
    );
  }
  return {
    host,
    port,
    secure,
    requireTLS: smtp.getOptionalBoolean('requireTLS') ?? false,
    auth: user && pass ? { user, pass } : undefined,
    from,
  };
}
