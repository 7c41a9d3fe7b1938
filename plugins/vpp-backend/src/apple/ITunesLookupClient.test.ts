import {
  ITunesLookupClient,
  platformsFromSupportedDevices,
} from './ITunesLookupClient';
import {
  InstantClock,
  TestServer,
  sendJson,
  startTestServer,
} from './testUtils';

let server: TestServer;
let clock: InstantClock;

beforeEach(async () => {
  server = await startTestServer();
  clock = new InstantClock();
});

afterEach(() => server.close());

const app = (trackId: number, extra: Record<string, unknown> = {}) => ({
  trackId,
  trackName: `App ${trackId}`,
  bundleId: `com.example.app${trackId}`,
  version: '2.1.0',
  artworkUrl60: 'https://example.com/60.png',
  artworkUrl512: `https://example.com/${trackId}/512.png`,
  supportedDevices: ['iPhone5s-iPhone5s', 'iPadAir-iPadAir'],
  minimumOsVersion: '15.0',
  kind: 'software',
  isVppDeviceBasedLicensingEnabled: true,
  ...extra,
});

describe('ITunesLookupClient', () => {
  it('batches ids, uses the storefront country and maps results by trackId', async () => {
    server.setHandler((q, r) => {
      const ids = q.query.get('id')!.split(',');
      // The store does not know ids ending in 7; it also returns an unrelated extra result.
      const results = ids
        .filter(id => !id.endsWith('7'))
        .map(id => app(Number(id)));
      sendJson(r, 200, {
        resultCount: results.length + 1,
        results: [...results, app(1)],
      });
    });
    const client = new ITunesLookupClient({
      lookupUrl: `${server.url}/lookup`,
      clock,
    });
    const ids = Array.from({ length: 250 }, (_, i) => String(100000 + i));
    const result = await client.lookup([...ids, ids[0], 'not-a-number'], {
      country: 'JP',
    });

    expect(
      server.requests.map(r => r.query.get('id')!.split(',').length),
    ).toEqual([100, 100, 50]);
    expect(server.requests.every(r => r.query.get('country') === 'jp')).toBe(
      true,
    );
    expect(result.size).toBe(250 - 25);
    expect(result.has('100007')).toBe(false);
    expect(result.has('1')).toBe(false);
    expect(result.get('100000')).toEqual({
      adamId: '100000',
      name: 'App 100000',
      bundleId: 'com.example.app100000',
      version: '2.1.0',
      iconUrl: 'https://example.com/100000/512.png',
      platforms: ['iOS'],
      minimumOsVersion: '15.0',
      kind: 'software',
      deviceBasedLicensing: true,
      raw: expect.objectContaining({ trackId: 100000 }),
    });
  });

  it('returns an empty map for unknown ids (resultCount 0)', async () => {
    server.setHandler((_q, r) =>
      sendJson(r, 200, { resultCount: 0, results: [] }),
    );
    const client = new ITunesLookupClient({
      lookupUrl: `${server.url}/lookup`,
      clock,
    });
    expect((await client.lookup(['1'])).size).toBe(0);
    expect((await client.lookup([])).size).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it('retries 429 and 5xx honouring Retry-After', async () => {
    let calls = 0;
    server.setHandler((_q, r) => {
      calls++;
      if (calls === 1) return sendJson(r, 429, '', { 'Retry-After': '30' });
      if (calls === 2) return sendJson(r, 503, '');
      return sendJson(r, 200, { resultCount: 1, results: [app(5)] });
    });
    const client = new ITunesLookupClient({
      lookupUrl: `${server.url}/lookup`,
      clock,
      retry: { random: () => 1 },
    });
    const result = await client.lookup([5]);
    expect(result.get('5')?.name).toBe('App 5');
    expect(clock.sleeps).toEqual([30_000, 2000]);
  });

  it('fails with a typed error after the last attempt', async () => {
    server.setHandler((_q, r) => sendJson(r, 500, ''));
    const client = new ITunesLookupClient({
      lookupUrl: `${server.url}/lookup`,
      clock,
      retry: { maxAttempts: 2 },
    });
    await expect(client.lookup([5])).rejects.toMatchObject({
      kind: 'server',
      httpStatus: 500,
    });
  });

  it('spaces requests to the configured per-minute budget', async () => {
    server.setHandler((_q, r) =>
      sendJson(r, 200, { resultCount: 0, results: [] }),
    );
    const client = new ITunesLookupClient({
      lookupUrl: `${server.url}/lookup`,
      clock,
      batchSize: 1,
      maxRequestsPerMinute: 2,
    });
    await client.lookup(['1', '2', '3']);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(
      59_000,
    );
  });
});

describe('platformsFromSupportedDevices', () => {
  it.each([
    [
      [
        'iPhone5s-iPhone5s',
        'iPadAir-iPadAir',
        'iPodTouchSeventhGen-iPodTouchSeventhGen',
      ],
      'software',
      ['iOS'],
    ],
    [['MacDesktop-MacDesktop'], 'software', ['macOS']],
    [[], 'mac-software', ['macOS']],
    [[], 'software', ['iOS']],
    [[], 'ebook', ['iOS', 'macOS']],
    [null, undefined, ['iOS']],
    [
      [
        'iPhone15-iPhone15',
        'AppleTV4-AppleTV4',
        'Watch7-Watch7',
        'AppleVisionPro-AppleVisionPro',
      ],
      'software',
      ['iOS', 'tvOS', 'watchOS', 'visionOS'],
    ],
    [['iPadPro-iPadPro'], 'mac-software', ['iOS', 'macOS']],
  ])('%j (%s) → %j', (devices, kind, platforms) => {
    expect(
      platformsFromSupportedDevices(
        devices as string[] | null,
        kind as string | undefined,
      ),
    ).toEqual(platforms);
  });
});
