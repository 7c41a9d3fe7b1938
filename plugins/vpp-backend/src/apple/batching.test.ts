import {
  ConflictingUserInputError,
  countManageAssetsBatches,
  dedupeAssets,
  planManageAssetsBatches,
  planRevokeBatches,
  planUserBatches,
  resolveLimits,
} from './batching';

const limits = {
  maxAssets: 25,
  maxSerialNumbers: 1000,
  maxClientUserIds: 1000,
};
const assets = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ adamId: String(1000 + i) }));
const ids = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function pairs(requests: ReturnType<typeof planManageAssetsBatches>) {
  const out: string[] = [];
  for (const r of requests) {
    for (const a of r.assets) {
      for (const s of r.serialNumbers ?? []) out.push(`${a.adamId}/s/${s}`);
      for (const u of r.clientUserIds ?? []) out.push(`${a.adamId}/u/${u}`);
    }
  }
  return out;
}

describe('planManageAssetsBatches', () => {
  it('splits on both axes into the grid of requests, each pair exactly once', () => {
    const requests = planManageAssetsBatches(
      { assets: assets(26), serialNumbers: ids('S', 2500) },
      limits,
    );
    expect(requests).toHaveLength(2 * 3);
    for (const r of requests) {
      expect(r.assets.length).toBeLessThanOrEqual(25);
      expect(r.serialNumbers!.length).toBeLessThanOrEqual(1000);
      expect(r.clientUserIds).toBeUndefined();
    }
    const all = pairs(requests);
    expect(all).toHaveLength(26 * 2500);
    expect(new Set(all).size).toBe(all.length);
    expect(
      countManageAssetsBatches(
        { assets: 26, serialNumbers: 2500, clientUserIds: 0 },
        limits,
      ),
    ).toBe(6);
  });

  it('sends one request when everything fits', () => {
    const requests = planManageAssetsBatches(
      { assets: assets(25), serialNumbers: ids('S', 1000) },
      limits,
    );
    expect(requests).toHaveLength(1);
    expect(requests[0].assets.every(a => a.pricingParam === 'STDQ')).toBe(true);
  });

  it('never mixes serial numbers and users in one request', () => {
    const requests = planManageAssetsBatches(
      {
        assets: assets(3),
        serialNumbers: ids('S', 5),
        clientUserIds: ids('U', 1200),
      },
      limits,
    );
    expect(requests).toHaveLength(1 + 2);
    for (const r of requests) {
      expect(!!r.serialNumbers && !!r.clientUserIds).toBe(false);
    }
    expect(pairs(requests)).toHaveLength(3 * 5 + 3 * 1200);
  });

  it('de-duplicates assets, serials and users', () => {
    const requests = planManageAssetsBatches(
      {
        assets: [
          { adamId: '1' },
          { adamId: 1, pricingParam: 'STDQ' },
          { adamId: '1', pricingParam: 'PLUS' },
        ],
        serialNumbers: ['A', 'B', 'A', ' B ', ''],
        clientUserIds: new Set(['u1', 'u1']),
      },
      limits,
    );
    expect(requests).toEqual([
      {
        assets: [
          { adamId: '1', pricingParam: 'STDQ' },
          { adamId: '1', pricingParam: 'PLUS' },
        ],
        serialNumbers: ['A', 'B'],
      },
      {
        assets: [
          { adamId: '1', pricingParam: 'STDQ' },
          { adamId: '1', pricingParam: 'PLUS' },
        ],
        clientUserIds: ['u1'],
      },
    ]);
    expect(dedupeAssets([{ adamId: ' 7 ' }, { adamId: '7' }])).toEqual([
      { adamId: '7', pricingParam: 'STDQ' },
    ]);
  });

  it('returns nothing when there is nothing to do', () => {
    expect(
      planManageAssetsBatches({ assets: [], serialNumbers: ['A'] }, limits),
    ).toEqual([]);
    expect(planManageAssetsBatches({ assets: assets(1) }, limits)).toEqual([]);
  });

  it('uses the limits it is given (and defaults for nonsense)', () => {
    expect(
      planManageAssetsBatches(
        { assets: assets(5), serialNumbers: ids('S', 5) },
        { maxAssets: 2, maxSerialNumbers: 2 },
      ),
    ).toHaveLength(3 * 3);
    expect(
      resolveLimits({ maxAssets: 0, maxSerialNumbers: NaN }).maxAssets,
    ).toBe(25);
    expect(
      resolveLimits({ maxRequestPerSecond: 3.7 }).maxRequestPerSecond,
    ).toBe(3);
  });
});

describe('planRevokeBatches', () => {
  it('splits by the revoke limits, one kind per request', () => {
    const requests = planRevokeBatches(
      { serialNumbers: [...ids('S', 250), 'S0'], clientUserIds: ids('U', 150) },
      { maxRevokeSerialNumbers: 100, maxRevokeClientUserIds: 100 },
    );
    expect(
      requests.map(r => r.serialNumbers?.length ?? r.clientUserIds?.length),
    ).toEqual([100, 100, 50, 100, 50]);
    expect(requests.every(r => !(r.serialNumbers && r.clientUserIds))).toBe(
      true,
    );
  });
});

describe('planUserBatches', () => {
  it('splits by maxUsers and drops exact duplicates', () => {
    const users = ids('U', 250).map(clientUserId => ({
      clientUserId,
      email: `${clientUserId}@example.com`,
    }));
    const requests = planUserBatches([...users, users[0]], { maxUsers: 100 });
    expect(requests.map(r => r.users.length)).toEqual([100, 100, 50]);
  });

  it('refuses the same user with different data', () => {
    expect(() =>
      planUserBatches(
        [
          { clientUserId: 'u', email: 'a@example.com' },
          { clientUserId: 'u', email: 'b@example.com' },
        ],
        {},
      ),
    ).toThrow(ConflictingUserInputError);
  });
});
