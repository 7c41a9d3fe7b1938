import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { DatabaseReminderStore } from '../database/DatabaseReminderStore';
import { DatabaseTokenStore } from '../database/DatabaseTokenStore';
import { TokenRecord } from '../database/TokenStore';
import { SmtpCapture, startSmtpCapture } from './__testUtils__/smtpCapture';
import { ReminderSmtpConfig } from './reminderConfig';
import {
  ReminderMailer,
  SmtpReminderMailer,
  UnconfiguredReminderMailer,
} from './ReminderMailer';
import { ReminderService } from './ReminderService';
import { TokenCipher } from './TokenCipher';
import { makeTokenRecord } from '../__testUtils__/tokenRecord';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const expiresAt = new Date('2027-06-01T10:00:00Z');
/** `days` before the expiry above (negative: after it). */
const before = (days: number) => new Date(expiresAt.getTime() - days * DAY);

const INNER_SECRET = 'inner-bearer-secret-9f8e7d6c5b4a';
const TOKEN_FILE = Buffer.from(
  JSON.stringify({
    token: INNER_SECRET,
    expDate: '2027-06-01T10:00:00+0000',
    orgName: 'Example Corp',
  }),
).toString('base64');
const cipher = TokenCipher.fromSecret('test-key-test-key-test-key-test-key!');

const TOKYO = 'c0a80101-0000-4000-8000-0000000000b1';
const OSAKA_SHARE = 'c0a80101-0000-4000-8000-0000000000b2';

function token(overrides: Partial<TokenRecord> = {}): TokenRecord {
  return makeTokenRecord({
    id: TOKYO,
    expiresAt,
    createdAt: before(300),
    updatedAt: before(300),
    ...overrides,
  });
}

class RecordingNotifications {
  sent: NotificationSendOptions[] = [];
  failWith?: Error;
  async send(options: NotificationSendOptions) {
    if (this.failWith) throw this.failWith;
    this.sent.push(options);
  }
}

describe.each(TestDatabases.create().eachSupportedId())(
  'ReminderService (%s)',
  databaseId => {
    const databases = TestDatabases.create();
    let smtp: SmtpCapture;
    let tokens: DatabaseTokenStore;
    let store: DatabaseReminderStore;
    let notifications: RecordingNotifications;

    const smtpConfig = (): ReminderSmtpConfig => ({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      requireTLS: false,
      from: 'VPP for Backstage <vpp@example.com>',
    });

    function service(
      mailer: ReminderMailer = new SmtpReminderMailer(smtpConfig(), {
        connectionTimeoutMs: 2000,
        greetingTimeoutMs: 2000,
        socketTimeoutMs: 5000,
      }),
    ) {
      return new ReminderService({
        tokens,
        store,
        notifications,
        mailer,
        config: {
          thresholdsDays: [30, 0],
          languages: ['en', 'ja'],
          appBaseUrl: 'https://portal.example.com',
        },
        logger: mockServices.logger.mock(),
      });
    }

    beforeAll(async () => {
      smtp = await startSmtpCapture();
    });
    afterAll(async () => {
      await smtp.close();
    });

    beforeEach(async () => {
      smtp.messages.length = 0;
      smtp.rejectRecipients.clear();
      notifications = new RecordingNotifications();
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      tokens = await DatabaseTokenStore.create({ database });
      store = await DatabaseReminderStore.create({ database });
      await tokens.insertToken(token(), cipher.encrypt(TOKEN_FILE));
    });

    async function enable(id: string, emails: string[]) {
      await service().updateSettings(id, { enabled: true, emails });
    }

    it('sends nothing before the first threshold', async () => {
      await enable(TOKYO, ['it@example.com']);
      expect(await service().runDueReminders(before(31))).toEqual({
        sent: 0,
        failed: 0,
      });
      expect(smtp.messages).toEqual([]);
      expect(notifications.sent).toEqual([]);
    });

    it('sends the 30-day reminder once: a notification to the owner and an e-mail per address, in English and Japanese', async () => {
      await enable(TOKYO, ['it@example.com', 'Admin@Example.com']);
      const summary = await service().runDueReminders(before(10));
      expect(summary).toEqual({ sent: 3, failed: 0 });

      expect(notifications.sent).toEqual([
        {
          recipients: { type: 'entity', entityRef: 'group:default/tokyo-it' },
          payload: {
            title:
              'Content token "Tokyo HQ" expires in 10 days / コンテンツトークン「Tokyo HQ」の有効期限まであと 10 日です',
            description: expect.stringContaining(
              'Preferences → Payments and Billing → Apps and Books',
            ),
            link: `/vpp/tokens/${TOKYO}`,
            severity: 'normal',
            topic: 'vpp-token-expiry',
            scope: `vpp-token-reminder:${TOKYO}:30:2027-06-01`,
          },
        },
      ]);
      // Japanese sentences follow each other without a space.
      expect(notifications.sent[0].payload.description).toContain(
        '（あと 10 日）。Apple Business Manager（または Apple School Manager）の「環境設定」→「お支払いと請求」→「Appとブック」',
      );

      // nodemailer lower-cases the domain; the local part is kept as entered.
      expect(smtp.messages.map(m => m.envelopeTo)).toEqual([
        ['it@example.com'],
        ['Admin@example.com'],
      ]);
      const [mail] = smtp.messages;
      expect(mail.envelopeFrom).toBe('vpp@example.com');
      expect(mail.subject).toBe(
        'Content token "Tokyo HQ" expires in 10 days (2027-06-01) / コンテンツトークン「Tokyo HQ」の有効期限まであと 10 日です (2027-06-01)',
      );
      for (const expected of [
        'expires on 2027-06-01, in 10 days',
        'Location: Example Corp Tokyo',
        'Organisation: Example Corp',
        'Expiry date: 2027-06-01 (UTC)',
        'Days left: 10',
        'download the content token for "Example Corp Tokyo"',
        `Open the token: https://portal.example.com/vpp/tokens/${TOKYO}`,
        '有効期限は 2027-06-01 です（あと 10 日）',
        '場所: Example Corp Tokyo',
        '組織: Example Corp',
        '残り日数: 10 日',
        '「Example Corp Tokyo」のコンテンツトークンをダウンロード',
      ]) {
        expect(mail.text).toContain(expected);
      }
      expect(mail.text.indexOf('Location:')).toBeLessThan(
        mail.text.indexOf('場所:'),
      );
      expect(mail.html).toContain(
        `<a href="https://portal.example.com/vpp/tokens/${TOKYO}">Open the token</a>`,
      );
      expect(mail.html).toContain('<div lang="ja">');

      const state = await service().getState(TOKYO);
      expect(state.deliveries).toHaveLength(3);
      expect(state.deliveries.every(d => d.status === 'sent')).toBe(true);
      expect(state.deliveries[0]).toMatchObject({
        thresholdDays: 30,
        expiresAt: expiresAt.toISOString(),
        attempts: 1,
        sentAt: before(10).toISOString(),
      });

      // Re-runs, the same day and days later, send nothing more.
      expect(await service().runDueReminders(before(10))).toEqual({
        sent: 0,
        failed: 0,
      });
      expect(await service().runDueReminders(before(3))).toEqual({
        sent: 0,
        failed: 0,
      });
      expect(smtp.messages).toHaveLength(2);
      expect(notifications.sent).toHaveLength(1);
    });

    it('sends the expiry reminder at expiry, with high severity, and only that one to a token already expired', async () => {
      await enable(TOKYO, ['it@example.com']);
      await service().runDueReminders(before(-1));
      expect(notifications.sent.map(n => n.payload)).toEqual([
        expect.objectContaining({
          title:
            'Content token "Tokyo HQ" has expired / コンテンツトークン「Tokyo HQ」の有効期限が切れました',
          severity: 'high',
          scope: `vpp-token-reminder:${TOKYO}:0:2027-06-01`,
        }),
      ]);
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0].subject).toMatch(
        /^Content token "Tokyo HQ" has expired \(2027-06-01\)/,
      );
      expect(smtp.messages[0].text).toContain('Days left: expired');
      expect(smtp.messages[0].text).toContain('no licenses can be assigned');
    });

    it('sends each threshold as it is crossed', async () => {
      await enable(TOKYO, ['it@example.com']);
      await service().runDueReminders(before(30));
      await service().runDueReminders(before(15));
      await service().runDueReminders(expiresAt);
      await service().runDueReminders(before(-5));
      expect(notifications.sent.map(n => n.payload.scope)).toEqual([
        `vpp-token-reminder:${TOKYO}:30:2027-06-01`,
        `vpp-token-reminder:${TOKYO}:0:2027-06-01`,
      ]);
      expect(smtp.messages.map(m => m.subject.split(' / ')[0])).toEqual([
        'Content token "Tokyo HQ" expires in 30 days (2027-06-01)',
        'Content token "Tokyo HQ" has expired (2027-06-01)',
      ]);
    });

    it('re-arms the reminders when the token is renewed', async () => {
      await enable(TOKYO, ['it@example.com']);
      await service().runDueReminders(before(10));
      const renewedExpiry = new Date('2028-06-01T10:00:00Z');
      await tokens.renewToken(
        TOKYO,
        { ...token(), expiresAt: renewedExpiry },
        cipher.encrypt(TOKEN_FILE),
        before(9),
      );
      // Renewed: nothing is due for a year, and the old reminders are history.
      await service().runDueReminders(before(9));
      expect(notifications.sent).toHaveLength(1);
      expect((await service().getState(TOKYO)).deliveries).toEqual([]);

      await service().runDueReminders(
        new Date(renewedExpiry.getTime() - 20 * DAY),
      );
      expect(notifications.sent.map(n => n.payload.scope)).toEqual([
        `vpp-token-reminder:${TOKYO}:30:2027-06-01`,
        `vpp-token-reminder:${TOKYO}:30:2028-06-01`,
      ]);
      expect(smtp.messages).toHaveLength(2);
      expect(smtp.messages[1].subject).toContain('(2028-06-01)');
    });

    it('gives a share its own reminders, to its own owner', async () => {
      await tokens.insertToken(
        token({
          id: OSAKA_SHARE,
          displayName: 'Osaka office',
          owner: 'group:default/osaka-it',
          sharesFrom: TOKYO,
        }),
        null,
      );
      await enable(OSAKA_SHARE, ['osaka@example.com']);
      await service().runDueReminders(before(10));
      expect(
        notifications.sent
          .map(n => n.recipients)
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      ).toEqual([
        { type: 'entity', entityRef: 'group:default/osaka-it' },
        { type: 'entity', entityRef: 'group:default/tokyo-it' },
      ]);
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0].text).toContain(
        'It shares licenses from "Tokyo HQ"; renewing either one renews both.',
      );
    });

    it('sends nothing for a token whose reminders are disabled', async () => {
      await service().updateSettings(TOKYO, {
        enabled: false,
        emails: ['it@example.com'],
      });
      await service().runDueReminders(before(10));
      await service().runDueReminders(before(-1));
      expect(notifications.sent).toEqual([]);
      expect(smtp.messages).toEqual([]);
      expect((await service().getState(TOKYO)).deliveries).toEqual([]);
    });

    it('notifies the owner of a token without settings, and e-mails no one', async () => {
      await service().runDueReminders(before(10));
      expect(notifications.sent).toHaveLength(1);
      expect(smtp.messages).toEqual([]);
      expect(await service().getState(TOKYO)).toMatchObject({
        enabled: true,
        emails: [],
        thresholdsDays: [30, 0],
      });
    });

    it('records a rejected e-mail as failed, shows why, and retries it on the next run', async () => {
      await enable(TOKYO, ['gone@example.com', 'it@example.com']);
      smtp.rejectRecipients.add('gone@example.com');
      expect(await service().runDueReminders(before(10))).toEqual({
        sent: 2,
        failed: 1,
      });
      let state = await service().getState(TOKYO);
      const failed = state.deliveries.find(
        d => d.recipient === 'gone@example.com',
      );
      expect(failed).toMatchObject({
        channel: 'email',
        status: 'failed',
        attempts: 1,
        lastError: expect.stringMatching(
          new RegExp(`SMTP server 127\\.0\\.0\\.1:${smtp.port}.*550`),
        ),
      });
      expect(failed!.sentAt).toBeUndefined();

      smtp.rejectRecipients.clear();
      expect(await service().runDueReminders(before(9))).toEqual({
        sent: 1,
        failed: 0,
      });
      expect(smtp.messages.map(m => m.envelopeTo[0])).toEqual([
        'it@example.com',
        'gone@example.com',
      ]);
      state = await service().getState(TOKYO);
      expect(
        state.deliveries.find(d => d.recipient === 'gone@example.com'),
      ).toEqual(
        expect.objectContaining({
          status: 'sent',
          attempts: 2,
          sentAt: before(9).toISOString(),
        }),
      );
      expect(
        state.deliveries.find(d => d.recipient === 'gone@example.com')!
          .lastError,
      ).toBeUndefined();
    });

    it('records e-mails as failed while the SMTP server is down and sends them once it is back', async () => {
      await enable(TOKYO, ['it@example.com']);
      const port = smtp.port;
      await smtp.close();
      try {
        expect(await service().runDueReminders(before(10))).toEqual({
          sent: 1,
          failed: 1,
        });
        expect(
          (await service().getState(TOKYO)).deliveries.find(
            d => d.channel === 'email',
          ),
        ).toMatchObject({
          status: 'failed',
          lastError: expect.stringMatching(/ECONNREFUSED/),
        });
      } finally {
        smtp = await startSmtpCapture({ port });
      }
      expect(await service().runDueReminders(before(9))).toEqual({
        sent: 1,
        failed: 0,
      });
      expect(smtp.messages).toHaveLength(1);
      expect(notifications.sent).toHaveLength(1);
    });

    it('retries a failed notification on the next run', async () => {
      notifications.failWith = new Error(
        'Failed to send notifications: Error: Request failed with status 503',
      );
      await service().runDueReminders(before(10));
      expect((await service().getState(TOKYO)).deliveries).toEqual([
        expect.objectContaining({
          channel: 'notification',
          recipient: 'group:default/tokyo-it',
          status: 'failed',
          lastError: expect.stringContaining('503'),
        }),
      ]);
      notifications.failWith = undefined;
      await service().runDueReminders(before(9));
      expect(notifications.sent).toHaveLength(1);
    });

    it('without SMTP configuration still notifies, and says how to configure e-mail', async () => {
      await enable(TOKYO, ['it@example.com']);
      await service(new UnconfiguredReminderMailer()).runDueReminders(
        before(10),
      );
      expect(notifications.sent).toHaveLength(1);
      const email = (await service().getState(TOKYO)).deliveries.find(
        d => d.channel === 'email',
      );
      expect(email).toMatchObject({
        status: 'failed',
        lastError: expect.stringMatching(
          /^SMTP is not configured: set vpp\.reminders\.smtp\.host/,
        ),
      });
    });

    it('after a crash half-way, resends what was in flight once its lease is over, and not before', async () => {
      await enable(TOKYO, ['it@example.com']);
      // An instance claimed the e-mail and died before recording the outcome.
      const key = {
        tokenId: TOKYO,
        thresholdDays: 30,
        expiresAt: expiresAt.toISOString(),
        channel: 'email' as const,
        recipient: 'it@example.com',
      };
      expect(await store.claimDelivery(key, before(10), before(11))).toEqual({
        claimed: true,
        attempt: 1,
      });

      // Five minutes later another run must not send it: it may still be in flight.
      await service().runDueReminders(
        new Date(before(10).getTime() + 5 * 60_000),
      );
      expect(smtp.messages).toEqual([]);
      expect(notifications.sent).toHaveLength(1);

      // The next day the lease is long over.
      await service().runDueReminders(before(9));
      expect(smtp.messages).toHaveLength(1);
      expect(
        (await service().getState(TOKYO)).deliveries.find(
          d => d.channel === 'email',
        ),
      ).toMatchObject({ status: 'sent', attempts: 2 });
    });

    it('puts neither the token file nor its secret into any e-mail or notification', async () => {
      await enable(TOKYO, ['it@example.com']);
      await service().runDueReminders(before(10));
      await service().runDueReminders(before(-1));
      expect(smtp.messages).toHaveLength(2);
      expect(notifications.sent).toHaveLength(2);
      const everything = [
        ...smtp.messages.flatMap(m => [m.raw, m.text, m.html, m.subject]),
        JSON.stringify(notifications.sent),
      ].join('\n');
      expect(everything).not.toContain(INNER_SECRET);
      expect(everything).not.toContain(TOKEN_FILE);
      expect(everything).not.toContain(
        Buffer.from(INNER_SECRET).toString('base64'),
      );
    });

    it('refuses settings and state for an unknown token', async () => {
      await expect(
        service().getState('c0a80101-0000-4000-8000-00000000ffff'),
      ).rejects.toThrow(/No content token with id/);
      await expect(
        service().updateSettings('c0a80101-0000-4000-8000-00000000ffff', {
          enabled: true,
          emails: [],
        }),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
    });
  },
);

describe('SmtpReminderMailer', () => {
  it('logs in with the configured credentials and sends from the configured sender', async () => {
    const smtp = await startSmtpCapture({
      credentials: { user: 'vpp-mailer', pass: 's3cret-pass' },
    });
    try {
      const config: ReminderSmtpConfig = {
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        requireTLS: false,
        auth: { user: 'vpp-mailer', pass: 's3cret-pass' },
        from: 'VPP for Backstage <vpp@example.com>',
      };
      await new SmtpReminderMailer(config).send({
        to: 'it@example.com',
        subject: 'Hello / こんにちは',
        text: 'Text body 本文',
        html: '<p>HTML body</p>',
      });
      expect(smtp.messages).toEqual([
        expect.objectContaining({
          user: 'vpp-mailer',
          envelopeFrom: 'vpp@example.com',
          envelopeTo: ['it@example.com'],
          subject: 'Hello / こんにちは',
          text: expect.stringContaining('Text body 本文'),
          html: expect.stringContaining('<p>HTML body</p>'),
        }),
      ]);
      expect(smtp.messages[0].headers.get('from')).toBe(
        'VPP for Backstage <vpp@example.com>',
      );

      const refused = await new SmtpReminderMailer({
        ...config,
        auth: { user: 'vpp-mailer', pass: 'wrong-pass-4711' },
      })
        .send({ to: 'it@example.com', subject: 's', text: 't', html: 'h' })
        .catch((error: Error) => error);
      expect((refused as Error).message).toMatch(
        /^SMTP server 127\.0\.0\.1:\d+ did not accept the e-mail: .*Invalid/,
      );
      // The message ends up on the token page: it must not carry the password.
      expect((refused as Error).message).not.toContain('wrong-pass-4711');
      expect(smtp.messages).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });
});
