import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseHistoryStore } from './DatabaseHistoryStore';
import { HistoryRecordInput } from './HistoryStore';

jest.setTimeout(60_000);

const t0 = new Date('2027-05-10T08:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
const TOKEN = 'c0a80101-0000-4000-8000-0000000000a1';
const OTHER = 'c0a80101-0000-4000-8000-0000000000b2';

function entry(overrides: Partial<HistoryRecordInput>): HistoryRecordInput {
  return {
    occurredAt: t0,
    actor: 'user:default/alice',
    action: 'token-update',
    outcome: 'succeeded',
    tokenId: TOKEN,
    details: {},
    ...overrides,
  };
}

describe.each(TestDatabases.create().eachSupportedId())(
  'DatabaseHistoryStore (%s)',
  databaseId => {
    const databases = TestDatabases.create();
    let store: DatabaseHistoryStore;

    beforeEach(async () => {
      const knex = await databases.init(databaseId);
      store = await DatabaseHistoryStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
    });

    it('keeps every field and lists a token newest first', async () => {
      await store.record(
        entry({
          action: 'token-register',
          occurredAt: minutes(0),
          details: { owner: 'group:default/tokyo-it', takeOver: true, n: 3 },
        }),
      );
      await store.record(
        entry({
          action: 'token-renew',
          occurredAt: minutes(5),
          outcome: 'failed',
          error: 'The new file expires before the current one.',
        }),
      );
      await store.record(entry({ tokenId: OTHER, occurredAt: minutes(9) }));

      const { items, totalCount } = await store.list({
        tokenId: TOKEN,
        offset: 0,
        limit: 10,
      });
      expect(totalCount).toBe(2);
      expect(items).toEqual([
        {
          id: expect.any(String),
          occurredAt: minutes(5),
          actor: 'user:default/alice',
          action: 'token-renew',
          outcome: 'failed',
          tokenId: TOKEN,
          deviceId: undefined,
          details: {},
          error: 'The new file expires before the current one.',
        },
        expect.objectContaining({
          action: 'token-register',
          occurredAt: minutes(0),
          details: { owner: 'group:default/tokyo-it', takeOver: true, n: 3 },
          error: undefined,
        }),
      ]);
    });

    it('pages with a total, in the order the changes were recorded within the same instant', async () => {
      for (let i = 0; i < 5; i++) {
        await store.record(entry({ details: { step: i } }));
      }
      const first = await store.list({ tokenId: TOKEN, offset: 0, limit: 2 });
      const second = await store.list({ tokenId: TOKEN, offset: 2, limit: 2 });
      const last = await store.list({ tokenId: TOKEN, offset: 4, limit: 2 });
      expect(first.totalCount).toBe(5);
      expect(
        [...first.items, ...second.items, ...last.items].map(
          i => i.details.step,
        ),
      ).toEqual([4, 3, 2, 1, 0]);
    });

    it('lists a device by its id', async () => {
      await store.record(
        entry({
          tokenId: undefined,
          deviceId: 'dev-1',
          action: 'device-update',
        }),
      );
      expect(
        (await store.list({ deviceId: 'dev-1', offset: 0, limit: 5 })).items,
      ).toEqual([expect.objectContaining({ action: 'device-update' })]);
      expect(
        (await store.list({ tokenId: TOKEN, offset: 0, limit: 5 })).totalCount,
      ).toBe(0);
    });
  },
);
