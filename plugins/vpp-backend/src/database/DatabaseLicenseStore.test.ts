import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { makeTokenRecord } from '../__testUtils__/tokenRecord';
import { DatabaseLicenseStore } from './DatabaseLicenseStore';
import { DatabaseTokenStore } from './DatabaseTokenStore';
import { AssignmentClaim, LedgerKey } from './LicenseStore';

jest.setTimeout(60_000);

const SOURCE = 'c0a80101-0000-4000-8000-0000000000b1';
const SHARE = 'c0a80101-0000-4000-8000-0000000000b2';
const t0 = new Date('2027-01-10T08:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
const staleBefore = minutes(-60);

const claim = (
  adamId: string,
  serialNumber: string,
  overrides: Partial<AssignmentClaim> = {},
): AssignmentClaim => ({
  sourceTokenId: SOURCE,
  tokenId: SOURCE,
  adamId,
  serialNumber,
  pricingParam: 'STDQ',
  mode: 'manual',
  assignedBy: 'user:default/guest',
  ...overrides,
});
const key = (adamId: string, serialNumber: string): LedgerKey => ({
  sourceTokenId: SOURCE,
  adamId,
  serialNumber,
});

describe.each(TestDatabases.create().eachSupportedId())(
  'DatabaseLicenseStore (%s)',
  databaseId => {
    const databases = TestDatabases.create();
    let store: DatabaseLicenseStore;

    beforeEach(async () => {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const tokens = await DatabaseTokenStore.create({ database });
      await tokens.insertToken(makeTokenRecord({ id: SOURCE }), 'cipher');
      store = await DatabaseLicenseStore.create({ database });
    });

    const states = async () =>
      Object.fromEntries(
        (await store.listAll(SOURCE))
          .map(e => [`${e.adamId}/${e.serialNumber}`, e.state])
          .sort(),
      );

    it('claims new pairs once, confirms them and lists them with who and when', async () => {
      const first = await store.claimAssignments(
        [claim('1', 'S1'), claim('1', 'S2'), claim('2', 'S1')],
        t0,
        staleBefore,
      );
      expect(first.claimed).toHaveLength(3);
      expect(first.blocked).toEqual([]);
      await store.setEventId([key('1', 'S1')], 'event-1', t0);

      // A second request for an overlapping set gets only what nobody holds.
      const second = await store.claimAssignments(
        [
          claim('1', 'S1'),
          claim('3', 'S9', { mode: 'auto', distributionId: 'd-1' }),
        ],
        minutes(1),
        staleBefore,
      );
      expect(second.claimed).toEqual([key('3', 'S9')]);
      expect(second.blocked).toEqual([
        expect.objectContaining({
          adamId: '1',
          serialNumber: 'S1',
          state: 'assigning',
          eventId: 'event-1',
        }),
      ]);

      await store.confirmAssigned(
        [key('1', 'S1'), key('1', 'S2'), key('2', 'S1'), key('3', 'S9')],
        minutes(2),
      );
      const listed = await store.list({
        sourceTokenIds: [SOURCE],
        offset: 0,
        limit: 10,
      });
      expect(listed.totalCount).toBe(4);
      expect(listed.items.find(e => e.adamId === '3')).toEqual({
        sourceTokenId: SOURCE,
        tokenId: SOURCE,
        adamId: '3',
        serialNumber: 'S9',
        pricingParam: 'STDQ',
        mode: 'auto',
        state: 'assigned',
        assignedBy: 'user:default/guest',
        assignedAt: minutes(1),
        distributionId: 'd-1',
        eventId: undefined,
        revokedBy: undefined,
        revokedAt: undefined,
        updatedAt: minutes(2),
      });
      const filtered = await store.list({
        sourceTokenIds: [SOURCE],
        serialNumber: 'S1',
        mode: 'manual',
        offset: 0,
        limit: 1,
      });
      expect(filtered.totalCount).toBe(2);
      expect(filtered.items).toHaveLength(1);

      // Assigned pairs are not claimed again.
      const again = await store.claimAssignments(
        [claim('1', 'S2')],
        minutes(3),
        staleBefore,
      );
      expect(again.claimed).toEqual([]);
      expect(again.blocked[0]).toMatchObject({ state: 'assigned' });
    });

    it('lets exactly one of many concurrent claims of the same pairs win', async () => {
      const pairs = Array.from({ length: 40 }, (_, i) => claim('1', `S${i}`));
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          store.claimAssignments(pairs, t0, staleBefore),
        ),
      );
      const claimed = results.flatMap(r => r.claimed);
      expect(claimed).toHaveLength(40);
      expect(new Set(claimed.map(k => k.serialNumber)).size).toBe(40);
    });

    it('reverts failed changes to where they were, and takes over stale claims', async () => {
      await store.claimAssignments([claim('1', 'S1')], t0, staleBefore);
      await store.confirmAssigned([key('1', 'S1')], t0);

      // Revoking an assigned pair and a pair the ledger never had (pre-existing).
      const revoking = await store.claimRevocations(
        [
          { ...key('1', 'S1'), tokenId: SHARE, pricingParam: 'STDQ' },
          { ...key('1', 'S7'), tokenId: SHARE, pricingParam: 'STDQ' },
        ],
        minutes(1),
        staleBefore,
      );
      expect(revoking.claimed).toHaveLength(2);
      expect(await states()).toEqual({
        '1/S1': 'revoking',
        '1/S7': 'revoking',
      });
      const [pre] = (await store.listAll(SOURCE)).filter(
        e => e.serialNumber === 'S7',
      );
      expect(pre).toMatchObject({ mode: 'pre-existing', tokenId: SHARE });

      // Apple refused: the assigned one is assigned again, the unknown one gone.
      await store.revert(
        [key('1', 'S1'), key('1', 'S7')],
        'revoking',
        minutes(2),
      );
      expect(await states()).toEqual({ '1/S1': 'assigned' });

      await store.claimRevocations(
        [{ ...key('1', 'S1'), tokenId: SOURCE, pricingParam: 'STDQ' }],
        minutes(3),
        staleBefore,
      );
      await store.confirmRevoked(
        [key('1', 'S1')],
        'user:default/admin',
        minutes(4),
      );
      const [revoked] = await store.listAll(SOURCE);
      expect(revoked).toMatchObject({
        state: 'revoked',
        revokedBy: 'user:default/admin',
        revokedAt: minutes(4),
      });
      // Revoked rows are history: not listed as licenses.
      expect(
        (await store.list({ sourceTokenIds: [SOURCE], offset: 0, limit: 10 }))
          .totalCount,
      ).toBe(0);

      // Assigning it again, failing: back to revoked, not deleted.
      await store.claimAssignments([claim('1', 'S1')], minutes(5), staleBefore);
      await store.revert([key('1', 'S1')], 'assigning', minutes(6));
      expect(await states()).toEqual({ '1/S1': 'revoked' });

      // A claim whose process died is taken over once it is older than the stale limit.
      await store.claimAssignments(
        [claim('2', 'S2')],
        minutes(10),
        staleBefore,
      );
      const early = await store.claimAssignments(
        [claim('2', 'S2')],
        minutes(20),
        minutes(-40),
      );
      expect(early.claimed).toEqual([]);
      const late = await store.claimAssignments(
        [claim('2', 'S2', { assignedBy: 'user:default/other' })],
        minutes(80),
        minutes(20),
      );
      expect(late.claimed).toEqual([key('2', 'S2')]);
      // It was new before the first claim, so a failure removes it.
      await store.revert([key('2', 'S2')], 'assigning', minutes(81));
      expect(await states()).toEqual({ '1/S1': 'revoked' });
    });
  },
);
