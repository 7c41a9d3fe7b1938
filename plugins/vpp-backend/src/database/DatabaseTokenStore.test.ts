import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseTokenStore } from './DatabaseTokenStore';
import { TokenRecord } from './TokenStore';
import { makeTokenRecord } from '../__testUtils__/tokenRecord';

jest.setTimeout(60_000);

/** The shared test record, with the optional fields filled so the round trip covers them. */
const record = (overrides: Partial<TokenRecord> = {}): TokenRecord =>
  makeTokenRecord({
    defaultPlatform: 'volumestore',
    notes: 'Downloaded by admin@example.com on 2026-06-01',
    ...overrides,
  });

describe.each(TestDatabases.create().eachSupportedId())(
  'DatabaseTokenStore (%s)',
  databaseId => {
    const databases = TestDatabases.create();
    let store: DatabaseTokenStore;

    beforeEach(async () => {
      const knex = await databases.init(databaseId);
      store = await DatabaseTokenStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
    });

    it('stores and reads back a token with its dates as Date', async () => {
      await store.insertToken(record(), 'v1.cipher');
      const read = await store.getToken(record().id);
      expect(read).toEqual(record());
      expect(read!.expiresAt).toBeInstanceOf(Date);
      expect(await store.getTokenCiphertext(record().id)).toBe('v1.cipher');
    });

    it('never returns the ciphertext in a record', async () => {
      await store.insertToken(record(), 'v1.cipher');
      const [listed] = await store.listTokens();
      expect(JSON.stringify(listed)).not.toContain('v1.cipher');
    });

    it('allows one source record per Apple location', async () => {
      await store.insertToken(record(), 'a');
      await expect(
        store.insertToken(
          record({ id: 'c0a80101-0000-4000-8000-000000000002' }),
          'b',
        ),
      ).rejects.toThrow(/already registered/);
    });

    it('lets shares reuse the location, follow the source and go with it', async () => {
      await store.insertToken(record(), 'source-cipher');
      const share = record({
        id: 'c0a80101-0000-4000-8000-000000000003',
        owner: 'group:default/osaka-it',
        sharesFrom: record().id,
      });
      await store.insertToken(share, null);

      expect(await store.getTokenCiphertext(share.id)).toBe('source-cipher');
      expect(await store.findSourcesByLocationUid('2049025000431439')).toEqual([
        record(),
      ]);
      expect((await store.listShares(record().id)).map(s => s.id)).toEqual([
        share.id,
      ]);

      const later = new Date('2026-11-22T00:00:00Z');
      await store.renewToken(
        record().id,
        {
          orgName: 'Example Corp',
          locationName: 'Example Corp Tokyo',
          locationUid: '2049025000431439',
          countryCode: 'JP',
          expiresAt: new Date('2027-11-22T00:00:00Z'),
        },
        'renewed-cipher',
        later,
      );
      expect((await store.getToken(share.id))!.expiresAt).toEqual(
        new Date('2027-11-22T00:00:00Z'),
      );
      expect(await store.getTokenCiphertext(share.id)).toBe('renewed-cipher');

      await store.setAppleState(record().id, {
        appleState: 'claimed-elsewhere',
        claimedBy: 'Other MDM',
        checkedAt: later,
      });
      expect(await store.getToken(share.id)).toMatchObject({
        appleState: 'claimed-elsewhere',
        claimedBy: 'Other MDM',
      });

      await store.deleteToken(record().id);
      expect(await store.listTokens()).toEqual([]);
    });

    it('filters by the permission conditions', async () => {
      await store.insertToken(record(), 'a');
      await store.insertToken(
        record({
          id: 'c0a80101-0000-4000-8000-000000000004',
          locationUid: 'other',
          owner: 'group:default/osaka-it',
        }),
        'b',
      );
      const owners = (filter: Parameters<typeof store.listTokens>[0]) =>
        store.listTokens(filter).then(r => r.map(t => t.owner).sort());

      expect(
        await owners({
          filter: { key: 'owner', values: ['group:default/osaka-it'] },
        }),
      ).toEqual(['group:default/osaka-it']);
      expect(
        await owners({
          filter: {
            not: { key: 'owner', values: ['group:default/osaka-it'] },
          },
        }),
      ).toEqual(['group:default/tokyo-it']);
      expect(
        await owners({
          filter: {
            anyOf: [
              { key: 'owner', values: ['group:default/osaka-it'] },
              { key: 'owner', values: ['group:default/tokyo-it'] },
            ],
          },
        }),
      ).toEqual(['group:default/osaka-it', 'group:default/tokyo-it']);
      expect(
        await owners({
          filter: {
            allOf: [
              { key: 'owner', values: ['group:default/osaka-it'] },
              { not: { key: 'owner', values: ['group:default/osaka-it'] } },
            ],
          },
        }),
      ).toEqual([]);
    });

    it('updates details without touching the rest', async () => {
      await store.insertToken(record(), 'a');
      const later = new Date('2026-12-01T00:00:00Z');
      await store.updateDetails(
        record().id,
        { displayName: 'Tokyo', notes: '' },
        later,
      );
      expect(await store.getToken(record().id)).toEqual(
        record({ displayName: 'Tokyo', notes: '', updatedAt: later }),
      );
    });
  },
);
