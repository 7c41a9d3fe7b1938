import {
  createServiceFactory,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { DatabaseTokenStore } from './database/DatabaseTokenStore';
import { TokenRecord } from './database/TokenStore';
import { vppPlugin } from './plugin';
import {
  SmtpCapture,
  startSmtpCapture,
} from './services/__testUtils__/smtpCapture';
import { makeTokenRecord } from './__testUtils__/tokenRecord';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const TASK_ID = 'vpp-token-reminders';
const TOKYO = 'c0a80101-0000-4000-8000-0000000000d1';
const OSAKA = 'c0a80101-0000-4000-8000-0000000000d2';
/** Tokyo has 10 days left (the 30-day reminder is due); Osaka expired 2 days ago. */
const tokyoExpiry = new Date(Date.now() + 10 * DAY);
const osakaExpiry = new Date(Date.now() - 2 * DAY);
const day = (date: Date) => date.toISOString().slice(0, 10);

function token(overrides: Partial<TokenRecord>): TokenRecord {
  return makeTokenRecord({
    id: TOKYO,
    expiresAt: tokyoExpiry,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...overrides,
  });
}

/**
 * Two complete plugin instances, as two backend replicas would run them: each with its
 * own scheduler and (on PostgreSQL) its own connection pool, one shared database.
 */
describe.each(TestDatabases.create().eachSupportedId())(
  'renewal reminders with two backend instances on one %s database',
  databaseId => {
    const databases = TestDatabases.create();
    let smtp: SmtpCapture;
    const extraKnex: Knex[] = [];

    beforeAll(async () => {
      smtp = await startSmtpCapture();
    });
    afterAll(async () => {
      await smtp.close();
      await Promise.all(extraKnex.map(k => k.destroy()));
    });

    async function startInstance(
      name: string,
      knex: Knex,
      notifications: Array<{ instance: string } & NotificationSendOptions>,
    ) {
      const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();
      const backend = await startTestBackend({
        features: [
          vppPlugin,
          mockServices.database.factory({ knex }),
          mockServices.scheduler.mock({
            scheduleTask: async task => {
              tasks.set(task.id, task);
            },
          }).factory,
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({
              async send(options: NotificationSendOptions) {
                notifications.push({ instance: name, ...options });
                // Keep the send in flight a while so the other instance overlaps it.
                await new Promise(resolve => setTimeout(resolve, 50));
              },
            }),
          }),
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: 'https://portal.example.com' },
              vpp: {
                encryptionKey: 'test-key-test-key-test-key-test-key!',
                apple: { baseUrl: 'http://127.0.0.1:1/mdm/v2' },
                reminders: {
                  smtp: {
                    host: '127.0.0.1',
                    port: smtp.port,
                    secure: false,
                    from: 'VPP for Backstage <vpp@example.com>',
                  },
                },
              },
            },
          }),
        ],
      });
      /** Runs the reminder task as the scheduler would, and reports when it started and ended. */
      const run = async () => {
        const started = Date.now();
        await tasks.get(TASK_ID)!.fn(new AbortController().signal);
        return { started, ended: Date.now() };
      };
      return { server: backend.server, run };
    }

    it('sends one e-mail per address and one notification per threshold when both run the task at once', async () => {
      const knexA = await databases.init(databaseId);
      // SQLite in memory lives in its one connection; PostgreSQL gets a second pool.
      const knexB =
        databaseId === 'SQLITE_3'
          ? knexA
          : knexFactory({ ...(knexA.client.config as Knex.Config) });
      if (knexB !== knexA) extraKnex.push(knexB);

      const tokens = await DatabaseTokenStore.create({
        database: mockServices.database({
          knex: knexA,
          migrations: { skip: false },
        }),
      });
      await tokens.insertToken(token({}), 'v1.a');
      await tokens.insertToken(
        token({
          id: OSAKA,
          displayName: 'Osaka office',
          owner: 'group:default/osaka-it',
          locationName: 'Example Corp Osaka',
          locationUid: '2049025000431440',
          expiresAt: osakaExpiry,
        }),
        'v1.b',
      );

      const notifications: Array<
        { instance: string } & NotificationSendOptions
      > = [];
      const a = await startInstance('a', knexA, notifications);
      const b = await startInstance('b', knexB, notifications);

      // Settings written through one instance are what the other one reads.
      await request(a.server)
        .put(`/api/vpp/tokens/${TOKYO}/notifications`)
        .send({
          enabled: true,
          emails: ['it@example.com', 'admin@example.com'],
        })
        .expect(200);
      await request(a.server)
        .put(`/api/vpp/tokens/${OSAKA}/notifications`)
        .send({ enabled: true, emails: ['osaka@example.com'] })
        .expect(200);
      expect(
        (await request(b.server).get(`/api/vpp/tokens/${TOKYO}/notifications`))
          .body.emails,
      ).toEqual(['it@example.com', 'admin@example.com']);

      smtp.delayMs = 100;
      const [runA, runB] = await Promise.all([a.run(), b.run()]);
      // The two runs really overlapped.
      expect(runA.started).toBeLessThan(runB.ended);
      expect(runB.started).toBeLessThan(runA.ended);

      expect(smtp.messages.map(m => m.envelopeTo.join()).sort()).toEqual([
        'admin@example.com',
        'it@example.com',
        'osaka@example.com',
      ]);
      expect(notifications.map(n => n.payload.scope).sort()).toEqual(
        [
          `vpp-token-reminder:${OSAKA}:0:${day(osakaExpiry)}`,
          `vpp-token-reminder:${TOKYO}:30:${day(tokyoExpiry)}`,
        ].sort(),
      );

      // Both again, at once: nothing more goes out.
      await Promise.all([a.run(), b.run()]);
      expect(smtp.messages).toHaveLength(3);
      expect(notifications).toHaveLength(2);

      for (const id of [TOKYO, OSAKA]) {
        const state = await request(b.server).get(
          `/api/vpp/tokens/${id}/notifications`,
        );
        for (const delivery of state.body.deliveries) {
          expect(delivery).toMatchObject({ status: 'sent', attempts: 1 });
        }
        expect(state.body.deliveries).toHaveLength(id === TOKYO ? 3 : 2);
      }
    });
  },
);
