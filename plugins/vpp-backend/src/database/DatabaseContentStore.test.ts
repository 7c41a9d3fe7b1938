import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { AssetRow, AssignmentRow } from './ContentStore';
import { DatabaseContentStore } from './DatabaseContentStore';
import { DatabaseTokenStore } from './DatabaseTokenStore';
import { makeTokenRecord } from '../__testUtils__/tokenRecord';

jest.setTimeout(60_000);

const now = new Date('2026-11-21T00:00:00Z');
const TOKEN = 'c0a80101-0000-4000-8000-000000000001';

const assignment = (serial: string, adamId = '6450000101'): AssignmentRow => ({
  adamId,
  pricingParam: 'STDQ',
  serialNumber: serial,
  clientUserId: '',
});

const identity = (r: AssignmentRow) =>
  [r.adamId, r.pricingParam, r.serialNumber, r.clientUserId].join('/');
const byIdentity = (a: AssignmentRow, b: AssignmentRow) =>
  identity(a).localeCompare(identity(b));

describe.each(TestDatabases.create().eachSupportedId())(
  'DatabaseContentStore (%s)',
  databaseId => {
    const databases = TestDatabases.create();
    let store: DatabaseContentStore;

    beforeEach(async () => {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const tokens = await DatabaseTokenStore.create({ database });
      store = await DatabaseContentStore.create({ database });
      await tokens.insertToken(
        makeTokenRecord({ id: TOKEN, locationUid: '2049025000431001' }),
        'cipher',
      );
      await store.getState(TOKEN);
    });

    const stored = async () =>
      (await store.loadStoredAssignments(TOKEN)).remaining().sort(byIdentity);

    it('inserts assignments once, also when a page expected to be new is not', async () => {
      await store.insertAssignments(TOKEN, [assignment('A'), assignment('B')], {
        expectNew: true,
      });
      // B is stored already: the plain insert fails and the page goes in without it.
      await store.insertAssignments(TOKEN, [assignment('B'), assignment('C')], {
        expectNew: true,
      });
      await store.insertAssignments(TOKEN, [assignment('C'), assignment('D')]);
      expect(await stored()).toEqual(
        ['A', 'B', 'C', 'D'].map(s => assignment(s)),
      );
      expect(await store.countAssignments(TOKEN)).toBe(4);
    });

    it('stores and reads back any identifier, whatever characters it holds', async () => {
      // Apple's identifiers are plain, but the bulk path (COPY on PostgreSQL) has its
      // own text format; these must survive it unchanged.
      const odd = [
        { ...assignment(''), clientUserId: 'tab\there' },
        { ...assignment(''), clientUserId: 'back\\slash\\N' },
        { ...assignment(''), clientUserId: 'line\nbreak\rreturn' },
        { ...assignment(''), clientUserId: 'ユーザー 1' },
        { ...assignment('C02XL0AAJGH5', '6450000102'), pricingParam: 'PLUS' },
      ];
      await store.insertAssignments(TOKEN, odd, { expectNew: true });
      expect(await stored()).toEqual([...odd].sort(byIdentity));
    });

    it('deletes given assignments, and those of tokens that are gone', async () => {
      await store.insertAssignments(TOKEN, [
        assignment('A'),
        assignment('B'),
        { ...assignment(''), clientUserId: 'user-tanaka' },
      ]);
      await store.deleteAssignments(TOKEN, [assignment('A')]);
      expect(await store.countAssignments(TOKEN)).toBe(2);
      await store.insertAssignments('no-such-token', [assignment('X')]);
      expect(await store.removeOrphanedAssignments()).toBe(1);
      expect(await store.countAssignments(TOKEN)).toBe(2);
    });

    it('gives the sync lease to one holder until it is released or expires', async () => {
      expect(await store.acquireLease(TOKEN, 'a', now, 60_000)).toBeDefined();
      expect(await store.acquireLease(TOKEN, 'b', now, 60_000)).toBeUndefined();
      expect(await store.renewLease(TOKEN, 'b', now, 60_000)).toBe(false);
      expect(await store.renewLease(TOKEN, 'a', now, 60_000)).toBe(true);
      const later = new Date(now.getTime() + 61_000);
      expect(await store.acquireLease(TOKEN, 'b', later, 60_000)).toBeDefined();
      // The first holder's late finish must not clear the new holder's lease.
      await store.failSync(TOKEN, 'a', 'too slow', later);
      expect((await store.getState(TOKEN)).runningBy).toBe('b');
      await store.finishSync(TOKEN, 'b', {
        at: later,
        full: true,
        generation: 1,
        assignmentsVersionId: 'v1',
      });
      const state = await store.getState(TOKEN);
      expect(state).toMatchObject({
        runningBy: undefined,
        lastFullSyncAt: later,
        assignmentsVersionId: 'v1',
        generation: 1,
      });
    });

    it('updates assets in place and removes those a pass did not see', async () => {
      const app = (adamId: string, over: Partial<AssetRow> = {}): AssetRow => ({
        adamId,
        pricingParam: 'STDQ',
        productType: 'App',
        totalCount: 10,
        assignedCount: 4,
        availableCount: 6,
        retiredCount: 0,
        deviceAssignable: true,
        revocable: true,
        platforms: ['iOS', 'macOS'],
        ...over,
      });
      await store.upsertAssets(TOKEN, [app('1'), app('2')], 1);
      await store.upsertAssets(
        TOKEN,
        [
          app('1', {
            totalCount: 15,
            availableCount: 11,
            deviceAssignable: false,
            revocable: false,
            platforms: ['macOS'],
          }),
        ],
        2,
      );
      expect(await store.sweepAssets(TOKEN, 2)).toBe(1);
      const { items, totalCount } = await store.listAssets(TOKEN, {
        offset: 0,
        limit: 10,
        countryCode: 'JP',
      });
      expect(totalCount).toBe(1);
      expect(items[0]).toEqual({
        ...app('1', {
          totalCount: 15,
          availableCount: 11,
          deviceAssignable: false,
          revocable: false,
          platforms: ['macOS'],
        }),
        name: undefined,
        iconUrl: undefined,
        bundleId: undefined,
        version: undefined,
        minimumOsVersion: undefined,
        metadataPlatforms: undefined,
      });
    });

    it('keeps App Store metadata per storefront and knows when it is stale', async () => {
      await store.upsertAssets(
        TOKEN,
        ['1', '2'].map(adamId => ({
          adamId,
          pricingParam: 'STDQ',
          productType: 'App' as const,
          totalCount: 1,
          assignedCount: 0,
          availableCount: 1,
          retiredCount: 0,
          deviceAssignable: true,
          revocable: true,
          platforms: ['iOS'],
        })),
        1,
      );
      const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
      await store.upsertMetadata(
        'JP',
        [
          {
            adamId: '1',
            name: 'Keynote',
            iconUrl: 'https://is1-ssl.mzstatic.com/keynote.png',
            bundleId: 'com.apple.iWork.Keynote',
            version: '14.2',
            minimumOsVersion: '17.0',
            platforms: ['iOS', 'macOS'],
          },
          // Unknown to the lookup: remembered, so it is not asked again at once.
          { adamId: '2' },
        ],
        weekAgo,
      );
      expect(
        await store.listAdamIdsNeedingMetadata(TOKEN, 'JP', weekAgo),
      ).toEqual([]);
      expect(await store.listAdamIdsNeedingMetadata(TOKEN, 'US', now)).toEqual([
        '1',
        '2',
      ]);
      await store.upsertMetadata(
        'JP',
        [{ adamId: '1', name: 'Keynote 2' }],
        now,
      );
      expect(
        await store.listAdamIdsNeedingMetadata(
          TOKEN,
          'JP',
          new Date(now.getTime() - 1),
        ),
      ).toEqual(['2']);
      const { items } = await store.listAssets(TOKEN, {
        offset: 0,
        limit: 10,
        countryCode: 'JP',
      });
      expect(items.map(i => [i.adamId, i.name, i.bundleId])).toEqual([
        ['1', 'Keynote 2', undefined],
        ['2', undefined, undefined],
      ]);
    });

    it('records each Apple notification once', async () => {
      expect(
        await store.recordNotification('n-1', 'ASSET_COUNT', 'uid', now),
      ).toBe(true);
      expect(
        await store.recordNotification('n-1', 'ASSET_COUNT', 'uid', now),
      ).toBe(false);
      expect(await store.pruneNotifications(new Date(now.getTime() + 1))).toBe(
        1,
      );
    });
  },
);
