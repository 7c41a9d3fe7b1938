import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { assignmentKey, AssignmentRow } from './ContentStore';
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

    it('inserts assignments once, also when a page expected to be new is not', async () => {
      await store.insertAssignments(TOKEN, [assignment('A'), assignment('B')], {
        expectNew: true,
      });
      // B is stored already: the plain insert fails and the page goes in without it.
      await store.insertAssignments(TOKEN, [assignment('B'), assignment('C')], {
        expectNew: true,
      });
      await store.insertAssignments(TOKEN, [assignment('C'), assignment('D')]);
      expect((await store.listAssignmentKeys(TOKEN)).sort()).toEqual(
        ['A', 'B', 'C', 'D'].map(s => assignmentKey(assignment(s))).sort(),
      );
      expect(await store.countAssignments(TOKEN)).toBe(4);
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
