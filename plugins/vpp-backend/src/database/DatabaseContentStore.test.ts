import { TestDatabases } from '@backstage/backend-test-utils';
import { AssetAssignees, AssetRow } from './ContentStore';
import { DatabaseContentStore } from './DatabaseContentStore';
import { DatabaseTokenStore } from './DatabaseTokenStore';
import { migratedDatabase } from '../__testUtils__/testDatabase';
import { makeTokenRecord } from '../__testUtils__/tokenRecord';

jest.setTimeout(60_000);

const now = new Date('2026-11-21T00:00:00Z');
const TOKEN = 'c0a80101-0000-4000-8000-000000000001';

const assignees = (
  adamId: string,
  serialNumbers: string[],
  clientUserIds: string[] = [],
): AssetAssignees => ({
  adamId,
  pricingParam: 'STDQ',
  serialNumbers,
  clientUserIds,
});

const byAsset = (a: AssetAssignees, b: AssetAssignees) =>
  `${a.adamId}/${a.pricingParam}`.localeCompare(
    `${b.adamId}/${b.pricingParam}`,
  );

describe.each(TestDatabases.create().eachSupportedId())(
  'DatabaseContentStore (%s)',
  databaseId => {
    const databases = TestDatabases.create();
    let store: DatabaseContentStore;
    let tokens: DatabaseTokenStore;

    beforeEach(async () => {
      const database = await migratedDatabase(databases, databaseId);
      tokens = await DatabaseTokenStore.create({ database });
      store = await DatabaseContentStore.create({ database });
      await tokens.insertToken(
        makeTokenRecord({ id: TOKEN, locationUid: '2049025000431001' }),
        'cipher',
      );
      await store.getState(TOKEN);
    });

    const stored = async (adamIds?: string[]) =>
      (await store.loadAssignees(TOKEN, adamIds)).sort(byAsset);

    it('saves the assignees of each asset, replacing what was there, and counts them', async () => {
      await store.saveAssignees(TOKEN, [
        assignees('6450000101', ['A', 'B']),
        assignees('6450000102', [], ['user-tanaka']),
      ]);
      await store.saveAssignees(TOKEN, [
        assignees('6450000101', ['A', 'C', 'D']),
        { ...assignees('6450000101', ['E']), pricingParam: 'PLUS' },
      ]);
      expect(await stored()).toEqual([
        { ...assignees('6450000101', ['E']), pricingParam: 'PLUS' },
        assignees('6450000101', ['A', 'C', 'D']),
        assignees('6450000102', [], ['user-tanaka']),
      ]);
      expect(await stored(['6450000102', 'unknown'])).toEqual([
        assignees('6450000102', [], ['user-tanaka']),
      ]);
      expect(await store.countAssignments(TOKEN)).toBe(5);
    });

    it('stores and reads back any identifier, whatever characters it holds', async () => {
      // Apple's identifiers are plain; lists are JSON inside a JSON parameter, and these
      // must survive both unchanged.
      const odd = assignees(
        '6450000101',
        ['C02XL0AAJGH5'],
        [
          'back\\slash\\N',
          'line\nbreak\rreturn',
          'quote " and \' and ,',
          'tab\there',
          'ユーザー 1',
        ],
      );
      await store.saveAssignees(TOKEN, [odd]);
      expect(await stored()).toEqual([odd]);
    });

    it("deletes the assignees of given assets, and all of a deleted token's", async () => {
      await store.saveAssignees(TOKEN, [
        assignees('6450000101', ['A', 'B']),
        assignees('6450000102', ['A']),
      ]);
      await store.deleteAssignees(TOKEN, [
        { adamId: '6450000101', pricingParam: 'STDQ' },
      ]);
      expect(await stored()).toEqual([assignees('6450000102', ['A'])]);
      expect(await store.countAssignments(TOKEN)).toBe(1);
      await tokens.deleteToken(TOKEN);
      expect(await store.countAssignments(TOKEN)).toBe(0);
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
