import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseReminderStore } from './DatabaseReminderStore';
import { DatabaseTokenStore } from './DatabaseTokenStore';
import { ReminderDeliveryKey } from './ReminderStore';
import { TokenRecord } from './TokenStore';
import { migratedDatabase } from '../__testUtils__/testDatabase';
import { makeTokenRecord } from '../__testUtils__/tokenRecord';

jest.setTimeout(60_000);

const t0 = new Date('2027-05-10T08:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
const TOKEN_ID = 'c0a80101-0000-4000-8000-0000000000a1';

function token(overrides: Partial<TokenRecord> = {}): TokenRecord {
  return makeTokenRecord({
    id: TOKEN_ID,
    createdAt: t0,
    updatedAt: t0,
    ...overrides,
  });
}

const key: ReminderDeliveryKey = {
  tokenId: TOKEN_ID,
  thresholdDays: 30,
  expiresAt: '2027-06-01T10:00:00.000Z',
  channel: 'email',
  recipient: 'it@example.com',
};

describe.each(TestDatabases.create().eachSupportedId())(
  'DatabaseReminderStore (%s)',
  databaseId => {
    const databases = TestDatabases.create();
    let store: DatabaseReminderStore;
    let tokens: DatabaseTokenStore;

    beforeEach(async () => {
      const database = await migratedDatabase(databases, databaseId);
      tokens = await DatabaseTokenStore.create({ database });
      store = await DatabaseReminderStore.create({ database });
      await tokens.insertToken(token(), 'v1.cipher');
    });

    it('stores settings per token and replaces them', async () => {
      expect(await store.getSettings(TOKEN_ID)).toBeUndefined();
      await store.setSettings(
        TOKEN_ID,
        { enabled: false, emails: ['a@example.com', 'b@example.com'] },
        t0,
      );
      expect(await store.getSettings(TOKEN_ID)).toEqual({
        enabled: false,
        emails: ['a@example.com', 'b@example.com'],
        updatedAt: t0,
      });
      await store.setSettings(
        TOKEN_ID,
        { enabled: true, emails: [] },
        minutes(1),
      );
      expect(await store.listSettings()).toEqual(
        new Map([
          [TOKEN_ID, { enabled: true, emails: [], updatedAt: minutes(1) }],
        ]),
      );
    });

    it('lets exactly one of many concurrent claims win', async () => {
      const claims = await Promise.all(
        Array.from({ length: 8 }, () =>
          store.claimDelivery(key, t0, minutes(-30)),
        ),
      );
      expect(claims.filter(c => c.claimed)).toEqual([
        { claimed: true, attempt: 1 },
      ]);
      expect(await store.listDeliveries(TOKEN_ID)).toEqual([
        { ...key, status: 'sending', attempts: 1, updatedAt: t0 },
      ]);
    });

    it('never claims a sent delivery again', async () => {
      const claim = await store.claimDelivery(key, t0, minutes(-30));
      expect(claim).toEqual({ claimed: true, attempt: 1 });
      await store.completeDelivery(key, 1, { status: 'sent' }, minutes(1));
      expect(
        await store.claimDelivery(key, minutes(60 * 24), minutes(60 * 23)),
      ).toEqual({ claimed: false });
      expect(await store.listDeliveries(TOKEN_ID)).toEqual([
        {
          ...key,
          status: 'sent',
          attempts: 1,
          sentAt: minutes(1),
          updatedAt: minutes(1),
        },
      ]);
    });

    it('retries a failed delivery in a later run only, once', async () => {
      await store.claimDelivery(key, t0, minutes(-30));
      await store.completeDelivery(
        key,
        1,
        { status: 'failed', error: '550 mailbox unavailable' },
        t0,
      );
      // The same run (same `now`) does not retry what it just saw fail.
      expect(await store.claimDelivery(key, t0, minutes(-30))).toEqual({
        claimed: false,
      });
      const later = minutes(60 * 24);
      const claims = await Promise.all([
        store.claimDelivery(key, later, minutes(60 * 23)),
        store.claimDelivery(key, later, minutes(60 * 23)),
      ]);
      expect(claims.filter(c => c.claimed)).toEqual([
        { claimed: true, attempt: 2 },
      ]);
      const [row] = await store.listDeliveries(TOKEN_ID);
      expect(row).toMatchObject({
        status: 'sending',
        attempts: 2,
        lastError: '550 mailbox unavailable',
      });
      await store.completeDelivery(key, 2, { status: 'sent' }, later);
      expect((await store.listDeliveries(TOKEN_ID))[0]).toEqual({
        ...key,
        status: 'sent',
        attempts: 2,
        sentAt: later,
        updatedAt: later,
      });
    });

    it('takes over a stale sending attempt but not a fresh one', async () => {
      await store.claimDelivery(key, t0, minutes(-30));
      // Another instance, 10 minutes later, with a 30-minute lease: still in flight.
      expect(await store.claimDelivery(key, minutes(10), minutes(-20))).toEqual(
        { claimed: false },
      );
      // An hour later the first instance must have crashed.
      expect(await store.claimDelivery(key, minutes(60), minutes(30))).toEqual({
        claimed: true,
        attempt: 2,
      });
      // The crashed attempt's late outcome does not overwrite the new attempt.
      await store.completeDelivery(key, 1, { status: 'sent' }, minutes(61));
      expect((await store.listDeliveries(TOKEN_ID))[0]).toMatchObject({
        status: 'sending',
        attempts: 2,
      });
    });

    it('keeps deliveries per expiry and lists one expiry on request', async () => {
      const renewed = { ...key, expiresAt: '2028-06-01T10:00:00.000Z' };
      await store.claimDelivery(key, t0, minutes(-30));
      await store.completeDelivery(key, 1, { status: 'sent' }, t0);
      expect(await store.claimDelivery(renewed, minutes(5), t0)).toEqual({
        claimed: true,
        attempt: 1,
      });
      expect(await store.listDeliveries(TOKEN_ID)).toHaveLength(2);
      expect(
        (await store.listDeliveries(TOKEN_ID, renewed.expiresAt)).map(
          d => d.expiresAt,
        ),
      ).toEqual([renewed.expiresAt]);
    });

    it('forgets everything about a deleted token', async () => {
      await store.setSettings(
        TOKEN_ID,
        { enabled: true, emails: ['a@example.com'] },
        t0,
      );
      await store.claimDelivery(key, t0, minutes(-30));
      await tokens.deleteToken(TOKEN_ID);
      await store.deleteOrphans();
      expect(await store.getSettings(TOKEN_ID)).toBeUndefined();
      expect(await store.listDeliveries(TOKEN_ID)).toEqual([]);
    });
  },
);
