import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseDistributionStore } from './DatabaseDistributionStore';
import { DistributionRecord, NewDistributionItem } from './DistributionStore';

jest.setTimeout(60_000);

const t0 = new Date('2027-01-10T08:00:00Z');
const seconds = (n: number) => new Date(t0.getTime() + n * 1000);

function distribution(
  id: string,
  overrides: Partial<DistributionRecord> = {},
): DistributionRecord {
  return {
    id,
    tokenId: 'token-1',
    sourceTokenId: 'token-1',
    adamIds: ['111'],
    platform: 'ios',
    licenseMode: 'auto',
    options: {
      tokenId: 'token-1',
      adamIds: ['111'],
      platform: 'ios',
      licenseMode: 'auto',
      targets: { deviceIds: ['d1'] },
      appConfigIds: { '111': 'cfg-1' },
      vpnConfigId: 'vpn-1',
    },
    plan: { devicesMatched: 2, leftOut: [], apps: [], items: 2 },
    state: 'running',
    createdBy: 'user:default/guest',
    createdAt: t0,
    updatedAt: t0,
    ...overrides,
  };
}

const items = (n: number): NewDistributionItem[] =>
  Array.from({ length: n }, (_, i) => ({
    deviceId: `device-${i}`,
    enrollmentId: `enr-${i}`,
    serialNumber: `SER${i}`,
    devicePlatform: 'ios',
    osVersion: '17.4',
    adamId: '111',
    state: 'pending',
    preLicensed: false,
  }));

describe.each(TestDatabases.create().eachSupportedId())(
  'DatabaseDistributionStore (%s)',
  databaseId => {
    const databases = TestDatabases.create();
    let store: DatabaseDistributionStore;

    beforeEach(async () => {
      const knex = await databases.init(databaseId);
      store = await DatabaseDistributionStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
    });

    it('stores a distribution with its items and counts them per state', async () => {
      await store.insertDistribution(distribution('a'), items(3));
      expect(await store.getDistribution('a')).toEqual(distribution('a'));
      expect((await store.countItems(['a'])).get('a')).toEqual({ pending: 3 });
      const page = await store.listItems('a', { offset: 1, limit: 1 });
      expect(page.totalCount).toBe(3);
      expect(page.items.map(i => i.serialNumber)).toEqual(['SER1']);
    });

    it('leases items to one owner at a time, until the lease expires', async () => {
      await store.insertDistribution(distribution('a'), items(4));
      const claim = (owner: string, now: Date) =>
        store.claimItems({
          distributionId: 'a',
          states: ['pending'],
          owner,
          now,
          leaseUntil: new Date(now.getTime() + 60_000),
          limit: 3,
        });
      const [first, second] = await Promise.all([
        claim('one', t0),
        claim('two', t0),
      ]);
      // Never one row for two owners (a loser may get fewer rows, never others' rows).
      const ids = [...first, ...second].map(i => i.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeGreaterThanOrEqual(3);
      const rest = await claim('one', t0);
      expect(ids.length + rest.length).toBe(4);
      expect(await claim('three', seconds(30))).toEqual([]);
      // The leases expired: another owner takes the rows over.
      expect(await claim('three', seconds(61))).toHaveLength(3);
    });

    it('changes an item only from the states given, and a new state ends its lease', async () => {
      await store.insertDistribution(distribution('a'), items(1));
      const [item] = await store.claimItems({
        distributionId: 'a',
        states: ['pending'],
        owner: 'one',
        now: t0,
        leaseUntil: seconds(60),
        limit: 10,
      });
      expect(
        await store.updateItems(
          [item.id],
          ['licensed'],
          { state: 'queued' },
          t0,
        ),
      ).toBe(0);
      expect(
        await store.updateItems(
          [item.id],
          ['pending'],
          { state: 'licensed', commandId: 'cmd-1' },
          t0,
        ),
      ).toBe(1);
      const [again] = await store.claimItems({
        distributionId: 'a',
        states: ['licensed'],
        owner: 'two',
        now: seconds(1),
        leaseUntil: seconds(60),
        limit: 10,
        withCommand: true,
      });
      expect(again).toMatchObject({ id: item.id, commandId: 'cmd-1' });
      expect(await store.findItemByCommand('enr-0', 'cmd-1')).toMatchObject({
        id: item.id,
      });
      await store.updateItems(
        [item.id],
        ['licensed'],
        { state: 'queued', deviceCommandId: 'derived-1' },
        t0,
      );
      expect(await store.findItemByCommand('enr-0', 'derived-1')).toMatchObject(
        { id: item.id, state: 'queued' },
      );
      expect(
        await store.findItemByCommand('enr-9', 'derived-1'),
      ).toBeUndefined();
    });

    it('writes acknowledgements that arrive together in turn, each with its own count', async () => {
      await store.insertDistribution(distribution('a'), items(5));
      const { items: rows } = await store.listItems('a', {
        offset: 0,
        limit: 10,
      });
      await store.updateItems(
        rows.map(i => i.id),
        ['pending'],
        { state: 'queued', commandId: 'cmd-1' },
        t0,
      );
      const acknowledge = (
        enrollmentId: string,
        state: 'acknowledged' | 'installing',
        from: Array<'queued' | 'acknowledged'>,
        at: number,
      ) =>
        store.updateItemByCommand(
          enrollmentId,
          'cmd-1',
          from,
          { state, verifyAt: seconds(at + 60) },
          seconds(at),
        );
      // Concurrent answers: all but the first wait for one statement. enr-1 answers
      // twice: its second answer must see the first applied (it moves acknowledged on).
      const counts = await Promise.all([
        acknowledge('enr-0', 'acknowledged', ['queued'], 1),
        acknowledge('enr-1', 'acknowledged', ['queued'], 1),
        acknowledge('enr-2', 'installing', ['queued'], 2),
        acknowledge('enr-1', 'installing', ['acknowledged'], 3),
        acknowledge('enr-9', 'acknowledged', ['queued'], 1),
        acknowledge('enr-3', 'acknowledged', ['acknowledged'], 1),
      ]);
      expect(counts).toEqual([1, 1, 1, 1, 0, 0]);
      const after = await store.listItems('a', { offset: 0, limit: 10 });
      expect(
        after.items.map(i => [i.enrollmentId, i.state, i.verifyAt]),
      ).toEqual([
        ['enr-0', 'acknowledged', seconds(61)],
        ['enr-1', 'installing', seconds(63)],
        ['enr-2', 'installing', seconds(62)],
        ['enr-3', 'queued', null],
        ['enr-4', 'queued', null],
      ]);
    });

    it('records installed items from concurrent inventories, only those still open', async () => {
      await store.insertDistribution(distribution('a'), items(4));
      const { items: rows } = await store.listItems('a', {
        offset: 0,
        limit: 10,
      });
      const [i0, i1, i2, i3] = rows.map(i => i.id);
      await store.updateItems(
        [i0, i1, i2],
        ['pending'],
        { state: 'queued' },
        t0,
      );
      await store.updateItems([i3], ['pending'], { state: 'failed' }, t0);
      const counts = await Promise.all([
        store.recordInstalled([i0], '1.0', seconds(1)),
        store.recordInstalled([i1, i2, i3], '2.0', seconds(2)),
        store.recordInstalled([i0], '3.0', seconds(3)),
      ]);
      // i0 was installed by the first; the third finds it no longer open.
      expect(counts).toEqual([1, 2, 0]);
      const after = await store.listItems('a', { offset: 0, limit: 10 });
      expect(after.items.map(i => [i.state, i.version])).toEqual([
        ['installed', '1.0'],
        ['installed', '2.0'],
        ['installed', '2.0'],
        ['failed', null],
      ]);
    });

    it("applies a device's answer by command id, even before the send's outcome is recorded", async () => {
      await store.insertDistribution(distribution('a'), items(2));
      const { items: rows } = await store.listItems('a', {
        offset: 0,
        limit: 10,
      });
      const ids = rows.map(i => i.id);
      await store.updateItems(
        ids,
        ['pending'],
        { state: 'licensed', commandId: 'cmd-1', verifyAt: seconds(600) },
        t0,
      );
      // The answer of enr-0 arrives while the items are still `licensed`.
      expect(
        await store.updateItemByCommand(
          'enr-0',
          'cmd-1',
          ['licensed', 'queued'],
          { state: 'acknowledged' },
          seconds(1),
        ),
      ).toBe(1);
      // An answer without a verify time leaves the item's as it was.
      expect(await store.findItemByCommand('enr-0', 'cmd-1')).toMatchObject({
        state: 'acknowledged',
        verifyAt: seconds(600),
      });
      expect(
        await store.updateItemByCommand(
          'enr-0',
          'another-command',
          ['licensed', 'queued', 'acknowledged'],
          { state: 'installing' },
          seconds(1),
        ),
      ).toBe(0);
      // Recording the send moves only what is still licensed under that command id.
      expect(
        await store.updateItems(
          ids,
          ['licensed'],
          { state: 'queued' },
          seconds(2),
          'cmd-1',
        ),
      ).toBe(1);
      expect(
        await store.updateItems(
          ids,
          ['queued'],
          { state: 'installed' },
          seconds(2),
          'cmd-other',
        ),
      ).toBe(0);
      const after = await store.listItems('a', { offset: 0, limit: 10 });
      expect(after.items.map(i => [i.enrollmentId, i.state])).toEqual([
        ['enr-0', 'acknowledged'],
        ['enr-1', 'queued'],
      ]);
      expect(await store.hasItemsIn('a', ['acknowledged'])).toBe(true);
      expect(await store.hasItemsIn('a', ['installed', 'failed'])).toBe(false);
    });

    it('starts scheduled distributions at their time, once', async () => {
      await store.insertDistribution(
        distribution('s', { state: 'scheduled', scheduledAt: seconds(10) }),
        [],
      );
      expect(await store.startDue(seconds(5))).toEqual([]);
      expect(await store.startDue(seconds(10))).toEqual(['s']);
      expect(await store.startDue(seconds(11))).toEqual([]);
      expect((await store.getDistribution('s'))?.state).toBe('running');
    });

    it('names the scheduled or running distributions that use a setting', async () => {
      await store.insertDistribution(distribution('a'), []);
      await store.insertDistribution(
        distribution('b', { state: 'completed' }),
        [],
      );
      expect(
        await store.findUsingSetting({ kind: 'app-config', id: 'cfg-1' }),
      ).toEqual(['a']);
      expect(
        await store.findUsingSetting({ kind: 'vpn-config', id: 'vpn-1' }),
      ).toEqual(['a']);
      expect(
        await store.findUsingSetting({ kind: 'app-config', id: 'cfg' }),
      ).toEqual([]);
    });

    it('leases planned calls to their planner; cancelling ends the unsent items', async () => {
      await store.insertDistribution(distribution('a'), items(2));
      const [one, two] = (await store.listItems('a', { offset: 0, limit: 10 }))
        .items;
      await store.planCalls(
        [
          {
            call: {
              id: 'call-1',
              distributionId: 'a',
              sourceTokenId: 'token-1',
              request: {
                assets: [{ adamId: '111', pricingParam: 'STDQ' }],
                serialNumbers: ['SER0'],
              },
              state: 'planned',
              eventId: null,
              nextPollAt: null,
              createdAt: t0,
              updatedAt: t0,
            },
            itemIds: [one.id],
          },
        ],
        t0,
        { owner: 'one', leaseUntil: seconds(60) },
      );
      const claimCalls = (owner: string, now: Date) =>
        store.claimCalls({
          distributionId: 'a',
          states: ['planned'],
          owner,
          now,
          leaseUntil: seconds(120),
        });
      expect(await claimCalls('two', seconds(1))).toEqual([]);
      expect(await claimCalls('two', seconds(61))).toHaveLength(1);
      expect(await store.cancelUnsentItems('a', t0)).toBe(1);
      expect((await store.countItems(['a'])).get('a')).toEqual({
        licensing: 1,
        cancelled: 1,
      });
      expect(two.id).not.toBe(one.id);
    });
  },
);
