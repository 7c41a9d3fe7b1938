import {
  createServiceFactory,
  SchedulerServiceTaskScheduleDefinition,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import request from 'supertest';
import { DatabaseTokenStore } from '../database/DatabaseTokenStore';
import { makeTokenRecord } from '../__testUtils__/tokenRecord';
import { vppPlugin } from '../plugin';

jest.setTimeout(60_000);

const TOKEN_ID = 'c0a80101-0000-4000-8000-0000000000c1';
const UNKNOWN_ID = 'c0a80101-0000-4000-8000-00000000ffff';
const DAY = 86_400_000;

describe('renewal reminder settings API', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let server: Parameters<typeof request>[0];
  let scheduled: Map<
    string,
    SchedulerServiceTaskScheduleDefinition &
      SchedulerServiceTaskInvocationDefinition
  >;
  let auditor: ReturnType<typeof mockServices.auditor.mock>;
  let notifications: NotificationSendOptions[];

  /** Starts the plugin with the permissions named in `allowed` granted, all others denied. */
  async function start(
    allowed = ['vpp.token.read', 'vpp.token.update'],
  ): Promise<void> {
    const knex = await databases.init('SQLITE_3');
    const tokens = await DatabaseTokenStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    await tokens.insertToken(
      makeTokenRecord({
        id: TOKEN_ID,
        // 10 days left: the 30-day reminder is due.
        expiresAt: new Date(Date.now() + 10 * DAY),
        createdAt: new Date(),
        updatedAt: new Date(),
      }),
      'v1.not-a-real-ciphertext',
    );
    scheduled = new Map();
    auditor = mockServices.auditor.mock({
      createEvent: jest.fn(async () => ({
        success: jest.fn(async () => {}),
        fail: jest.fn(async () => {}),
      })),
    });
    notifications = [];
    const backend = await startTestBackend({
      features: [
        vppPlugin,
        mockServices.database.factory({ knex }),
        mockServices.scheduler.mock({
          scheduleTask: async task => {
            scheduled.set(task.id, task);
          },
        }).factory,
        auditor.factory,
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(r => ({
              result: allowed.includes(r.permission.name)
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
            })),
        }).factory,
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({
            send: async (options: NotificationSendOptions) => {
              notifications.push(options);
            },
          }),
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'https://portal.example.com' },
            vpp: {
              encryptionKey: 'test-key-test-key-test-key-test-key!',
              apple: { baseUrl: 'http://127.0.0.1:1/mdm/v2' },
            },
          },
        }),
      ],
    });
    server = backend.server;
  }

  const path = (id = TOKEN_ID) => `/api/vpp/tokens/${id}/notifications`;

  it('shows the defaults for a token that has no settings yet', async () => {
    await start();
    const res = await request(server).get(path());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tokenId: TOKEN_ID,
      enabled: true,
      emails: [],
      thresholdsDays: [30, 0],
      deliveries: [],
    });
  });

  it('saves settings, trimmed and without repeats, and audits the change', async () => {
    await start();
    const res = await request(server)
      .put(path())
      .send({
        enabled: true,
        emails: [
          ' it@example.com ',
          'Admin@Example.com',
          'admin@example.com',
          'IT@example.com',
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      enabled: true,
      emails: ['it@example.com', 'Admin@Example.com'],
    });
    expect((await request(server).get(path())).body.emails).toEqual([
      'it@example.com',
      'Admin@Example.com',
    ]);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'token-reminders-update',
        meta: { tokenId: TOKEN_ID },
      }),
    );

    const off = await request(server)
      .put(path())
      .send({ enabled: false, emails: [] });
    expect(off.body).toMatchObject({ enabled: false, emails: [] });
  });

  it('names every invalid address in one 400 and stores nothing', async () => {
    await start();
    const res = await request(server)
      .put(path())
      .send({
        enabled: true,
        emails: ['it@example.com', 'nobody@', 'tokyo-it at example.com', ''],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toBe(
      'These are not valid e-mail addresses: "nobody@", "tokyo-it at example.com", "".',
    );
    expect((await request(server).get(path())).body.emails).toEqual([]);
  });

  it('accepts at most 20 different addresses', async () => {
    await start();
    const twenty = Array.from({ length: 20 }, (_, i) => `user${i}@example.com`);
    const withRepeat = await request(server)
      .put(path())
      .send({ enabled: true, emails: [...twenty, 'USER0@example.com'] });
    expect(withRepeat.status).toBe(200);
    expect(withRepeat.body.emails).toHaveLength(20);

    const tooMany = await request(server)
      .put(path())
      .send({ enabled: true, emails: [...twenty, 'user20@example.com'] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(
      /At most 20 e-mail addresses per token; got 21/,
    );
  });

  it('refuses malformed bodies field by field', async () => {
    await start();
    const missing = await request(server).put(path()).send({});
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/enabled is required/);
    expect(missing.body.error.message).toMatch(/emails is required/);
    const wrong = await request(server)
      .put(path())
      .send({ enabled: 'yes', emails: 'it@example.com', colour: 'red' });
    expect(wrong.body.error.message).toMatch(/enabled must be true or false/);
    expect(wrong.body.error.message).toMatch(
      /emails must be a list of e-mail addresses/,
    );
    expect(wrong.body.error.message).toMatch(/Unknown field colour/);
  });

  it('answers 404 for an unknown token', async () => {
    await start();
    const get = await request(server).get(path(UNKNOWN_ID));
    expect(get.status).toBe(404);
    expect(get.body.error.message).toMatch(/No content token with id/);
    const put = await request(server)
      .put(path(UNKNOWN_ID))
      .send({ enabled: true, emails: [] });
    expect(put.status).toBe(404);
  });

  it('needs vpp.token.update to change settings and vpp.token.read to see them', async () => {
    await start(['vpp.token.read']);
    expect((await request(server).get(path())).status).toBe(200);
    const put = await request(server)
      .put(path())
      .send({ enabled: false, emails: [] });
    expect(put.status).toBe(403);
    expect(put.body.error.message).toMatch(/vpp\.token\.update/);
    expect((await request(server).get(path())).body.enabled).toBe(true);

    await start([]);
    const get = await request(server).get(path());
    expect(get.status).toBe(403);
    expect(get.body.error.message).toMatch(/vpp\.token\.read/);
  });

  it('refuses unauthenticated callers', async () => {
    await start();
    const res = await request(server)
      .get(path())
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('shows what the scheduled run delivered, and why an e-mail failed', async () => {
    await start();
    await request(server)
      .put(path())
      .send({ enabled: true, emails: ['it@example.com'] });
    const task = scheduled.get('vpp-token-reminders')!;
    expect(task).toMatchObject({
      scope: 'global',
      frequency: { hours: 24 },
      timeout: { minutes: 15 },
    });
    await task.fn(new AbortController().signal);

    expect(notifications).toHaveLength(1);
    const res = await request(server).get(path());
    expect(res.body.deliveries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          thresholdDays: 30,
          channel: 'notification',
          recipient: 'group:default/tokyo-it',
          status: 'sent',
          attempts: 1,
        }),
        expect.objectContaining({
          thresholdDays: 30,
          channel: 'email',
          recipient: 'it@example.com',
          status: 'failed',
          attempts: 1,
          lastError: expect.stringMatching(/^SMTP is not configured/),
        }),
      ]),
    );
    expect(res.body.deliveries).toHaveLength(2);
  });
});
