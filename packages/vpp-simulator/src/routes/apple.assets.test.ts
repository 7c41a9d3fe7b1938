import { RunningSimulator } from '../server';
import {
  AppleClient,
  appleClient,
  startTestSimulator,
  tokenOf,
} from '../testUtils';

const RESPONSE_ASSET_KEYS = [
  'adamId',
  'assignedCount',
  'availableCount',
  'deviceAssignable',
  'pricingParam',
  'productType',
  'retiredCount',
  'revocable',
  'supportedPlatforms',
  'totalCount',
];

describe('GET /assets and GET /assignments', () => {
  let sim: RunningSimulator;
  let tokyo: AppleClient;

  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.state.reset();
    tokyo = appleClient(sim, tokenOf(sim, 'loc-tokyo'));
  });

  const adamIds = (assets: Array<{ adamId: string }>) =>
    assets.map(a => a.adamId);

  describe('GET /assets', () => {
    it('answers with Apple’s GetAssetsResponse shape', async () => {
      const answer = await tokyo.get('/assets');
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body).sort()).toEqual(
        [
          'assets',
          'currentPageIndex',
          'size',
          'totalPages',
          'uId',
          'versionId',
        ].sort(),
      );
      expect(answer.body).toMatchObject({
        currentPageIndex: 0,
        size: 11,
        totalPages: 1,
        uId: '2049025000431001',
      });
      expect(answer.body.versionId).toMatch(/^[0-9a-f-]{36}$/);
      for (const asset of answer.body.assets) {
        expect(Object.keys(asset).sort()).toEqual(RESPONSE_ASSET_KEYS);
        expect(typeof asset.adamId).toBe('string');
        expect(asset.totalCount).toBe(
          asset.assignedCount + asset.availableCount,
        );
      }
      expect(
        answer.body.assets.find((a: any) => a.adamId === '6450000102'),
      ).toEqual({
        adamId: '6450000102',
        assignedCount: 4,
        availableCount: 1,
        deviceAssignable: true,
        pricingParam: 'STDQ',
        productType: 'App',
        retiredCount: 0,
        revocable: true,
        supportedPlatforms: ['iOS'],
        totalCount: 5,
      });
      const book = answer.body.assets.find(
        (a: any) => a.adamId === '6450000201',
      );
      expect(book).toMatchObject({
        productType: 'Book',
        deviceAssignable: false,
      });
    });

    it('without `unlimited`, unlimited assets come with totalCount 2147483647', async () => {
      const answer = await tokyo.get('/assets');
      const chat = answer.body.assets.find(
        (a: any) => a.adamId === '6450000104',
      );
      expect(chat).toMatchObject({
        totalCount: 2147483647,
        assignedCount: 2,
        availableCount: 2147483645,
      });
      expect(answer.body.unlimitedAssets).toBeUndefined();
    });

    it('unlimited=true moves unlimited assets to unlimitedAssets without counts', async () => {
      const answer = await tokyo.get('/assets?unlimited=true');
      expect(adamIds(answer.body.unlimitedAssets).sort()).toEqual([
        '6450000104',
        '6450000105',
        '6450000202',
      ]);
      for (const asset of answer.body.unlimitedAssets) {
        expect(asset.availableCount).toBeUndefined();
        expect(asset.totalCount).toBeUndefined();
        expect(asset.retiredCount).toBeUndefined();
        expect(asset.assignedCount).toEqual(expect.any(Number));
      }
      expect(answer.body.assets).toHaveLength(8);
      expect(answer.body.size).toBe(11);
      expect(
        answer.body.assets.every((a: any) => a.totalCount !== 2147483647),
      ).toBe(true);
    });

    it('unlimited=true with unlimitedTrueReturnsOnlyUnlimited returns only unlimited assets', async () => {
      sim.state.setOptions({ unlimitedTrueReturnsOnlyUnlimited: true });
      const answer = await tokyo.get('/assets?unlimited=true');
      expect(answer.body.assets).toEqual([]);
      expect(answer.body.unlimitedAssets).toHaveLength(3);
      expect(answer.body.size).toBe(3);
    });

    it('unlimited=false excludes unlimited assets', async () => {
      const answer = await tokyo.get('/assets?unlimited=false');
      expect(answer.body.assets).toHaveLength(8);
      expect(answer.body.unlimitedAssets).toBeUndefined();
      expect(
        answer.body.assets.some((a: any) => a.totalCount === 2147483647),
      ).toBe(false);
    });

    it.each([
      ['productType=Book', ['6450000201', '6450000202']],
      ['pricingParam=PLUS', ['6450000202']],
      ['revocable=false', ['6450000110']],
      ['deviceAssignable=false', ['6450000109', '6450000201', '6450000202']],
      ['adamId=6450000103', ['6450000103']],
      ['adamId=999', []],
      ['maxAvailableCount=2', ['6450000102', '6450000110']],
      [
        'minAvailableCount=20&maxAvailableCount=30',
        ['6450000106', '6450000107'],
      ],
      [
        'minAssignedCount=2&unlimited=false',
        ['6450000101', '6450000102', '6450000107'],
      ],
      ['maxAssignedCount=0&productType=App', ['6450000105', '6450000106']],
      [
        'productType=App&deviceAssignable=true&maxAvailableCount=9',
        ['6450000102', '6450000103', '6450000110'],
      ],
    ])('filters %s', async (query, expected) => {
      const answer = await tokyo.get(`/assets?${query}`);
      expect(answer.status).toBe(200);
      expect(adamIds(answer.body.assets).sort()).toEqual(expected);
    });

    it('adamId lists only with the adamIdListFilter switch', async () => {
      const plain = await tokyo.get('/assets?adamId=6450000101,6450000102');
      expect(plain.body.assets).toEqual([]);
      sim.state.setOptions({ adamIdListFilter: true });
      const list = await tokyo.get('/assets?adamId=6450000101,6450000102');
      expect(adamIds(list.body.assets)).toEqual(['6450000101', '6450000102']);
    });

    it.each([
      'productType=Game',
      'pricingParam=HIGH',
      'revocable=yes',
      'minAvailableCount=ten',
      'unlimited=1',
    ])('rejects %s with 9602', async query => {
      const answer = await tokyo.get(`/assets?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.body.errorNumber).toBe(9602);
    });

    it('pages 0-based with nextPageIndex only while pages remain', async () => {
      sim.state.setOptions({ pageSizes: { assets: 4 } });
      const seen: string[] = [];
      const pages = [];
      let pageIndex: number | undefined = 0;
      while (pageIndex !== undefined) {
        const answer = await tokyo.get(`/assets?pageIndex=${pageIndex}`);
        pages.push(answer.body);
        seen.push(...adamIds(answer.body.assets));
        pageIndex = answer.body.nextPageIndex;
      }
      expect(
        pages.map(p => [
          p.currentPageIndex,
          p.nextPageIndex,
          p.size,
          p.totalPages,
        ]),
      ).toEqual([
        [0, 1, 4, 3],
        [1, 2, 4, 3],
        [2, undefined, 3, 3],
      ]);
      expect(new Set(seen).size).toBe(11);
      const beyond = await tokyo.get('/assets?pageIndex=3');
      expect(beyond.status).toBe(400);
      expect(beyond.body.errorNumber).toBe(9650);
      expect((await tokyo.get('/assets?pageIndex=-1')).body.errorNumber).toBe(
        9650,
      );
    });

    it('answers an empty location with an empty page', async () => {
      const sapporo = appleClient(sim, tokenOf(sim, 'loc-sapporo'));
      const answer = await sapporo.get('/assets');
      expect(answer.body).toMatchObject({
        assets: [],
        currentPageIndex: 0,
        size: 0,
        totalPages: 0,
      });
      expect(answer.body.nextPageIndex).toBeUndefined();
    });

    it('changes versionId when counts change', async () => {
      const before = (await tokyo.get('/assets')).body.versionId;
      expect((await tokyo.get('/assets')).body.versionId).toBe(before);
      const event = await tokyo.post('/assets/associate', {
        assets: [{ adamId: '6450000101', pricingParam: 'STDQ' }],
        serialNumbers: ['NEW-SERIAL'],
      });
      await sim.state.waitForEvent(event.body.eventId);
      expect((await tokyo.get('/assets')).body.versionId).not.toBe(before);
    });
  });

  describe('GET /assignments', () => {
    it('answers like Apple’s example for ?adamId=', async () => {
      const answer = await tokyo.get('/assignments?adamId=6450000101');
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        assignments: [
          {
            adamId: '6450000101',
            pricingParam: 'STDQ',
            serialNumber: 'DMPTK0001',
          },
          {
            adamId: '6450000101',
            pricingParam: 'STDQ',
            serialNumber: 'DMPTK0002',
          },
          {
            adamId: '6450000101',
            pricingParam: 'STDQ',
            serialNumber: 'DMPTK0003',
          },
          {
            adamId: '6450000101',
            pricingParam: 'STDQ',
            clientUserId: 'user-tanaka',
          },
        ],
        currentPageIndex: 0,
        size: 4,
        totalPages: 1,
        uId: '2049025000431001',
        versionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    });

    it.each([
      ['serialNumber=DMPTK0001', 3],
      ['clientUserId=user-tanaka', 3],
      ['pricingParam=PLUS', 0],
      ['adamId=6450000102&serialNumber=DMPTK0004', 1],
      ['serialNumber=UNKNOWN', 0],
    ])('filters %s', async (query, count) => {
      const answer = await tokyo.get(`/assignments?${query}`);
      expect(answer.status).toBe(200);
      expect(answer.body.assignments).toHaveLength(count);
      expect(answer.body.size).toBe(count);
    });

    it('adds userStatus and idHash with includeUserState=true', async () => {
      const answer = await tokyo.get(
        '/assignments?clientUserId=user-tanaka&includeUserState=true',
      );
      expect(answer.body.assignments[0]).toMatchObject({
        clientUserId: 'user-tanaka',
        userStatus: 'Associated',
        idHash: expect.any(String),
      });
    });

    it('pages through many assignments and sinceVersionId returns only changes', async () => {
      sim.state.setOptions({ pageSizes: { assignments: 5 } });
      const first = await tokyo.get('/assignments');
      const total = 16;
      expect(first.body).toMatchObject({
        currentPageIndex: 0,
        nextPageIndex: 1,
        size: 5,
        totalPages: Math.ceil(total / 5),
      });
      const versionId = first.body.versionId;
      const all = [...first.body.assignments];
      for (let page = 1; page < first.body.totalPages; page++) {
        const answer = await tokyo.get(`/assignments?pageIndex=${page}`);
        expect(answer.body.versionId).toBe(versionId);
        all.push(...answer.body.assignments);
      }
      expect(all).toHaveLength(total);

      const unchanged = await tokyo.get(
        `/assignments?sinceVersionId=${versionId}`,
      );
      expect(unchanged.body.assignments).toEqual([]);
      expect(unchanged.body.versionId).toBe(versionId);

      const event = await tokyo.post('/assets/associate', {
        assets: [{ adamId: '6450000106', pricingParam: 'STDQ' }],
        serialNumbers: ['NEW-1', 'NEW-2'],
      });
      await sim.state.waitForEvent(event.body.eventId);
      const changed = await tokyo.get(
        `/assignments?sinceVersionId=${versionId}`,
      );
      expect(changed.body.assignments).toEqual([
        { adamId: '6450000106', pricingParam: 'STDQ', serialNumber: 'NEW-1' },
        { adamId: '6450000106', pricingParam: 'STDQ', serialNumber: 'NEW-2' },
      ]);
      expect(changed.body.versionId).not.toBe(versionId);
      const again = await tokyo.get(
        `/assignments?sinceVersionId=${changed.body.versionId}`,
      );
      expect(again.body.assignments).toEqual([]);
    });

    it('rejects unknown versionIds (and those of other endpoints) with 9721', async () => {
      const unknown = await tokyo.get(
        '/assignments?sinceVersionId=00000000-0000-0000-0000-000000000000',
      );
      expect(unknown.status).toBe(400);
      expect(unknown.body.errorNumber).toBe(9721);
      const assetsVersion = (await tokyo.get('/assets')).body.versionId;
      const crossed = await tokyo.get(
        `/assignments?sinceVersionId=${assetsVersion}`,
      );
      expect(crossed.body.errorNumber).toBe(9721);
      // versionIds belong to one location.
      const osakaVersion = (
        await appleClient(sim, tokenOf(sim, 'loc-osaka')).get('/assignments')
      ).body.versionId;
      expect(
        (await tokyo.get(`/assignments?sinceVersionId=${osakaVersion}`)).body
          .errorNumber,
      ).toBe(9721);
    });

    it('rejects an out-of-range page with 9650', async () => {
      const answer = await tokyo.get('/assignments?pageIndex=1');
      expect(answer.status).toBe(400);
      expect(answer.body.errorNumber).toBe(9650);
    });
  });
});
