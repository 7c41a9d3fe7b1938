import { ManualClock } from './clock';
import { ServiceConfigCache, findUntrustedServiceUrls } from './serviceConfig';

describe('ServiceConfigCache', () => {
  it('caches per base URL for 5 minutes and shares one request between concurrent callers', async () => {
    const clock = new ManualClock(0);
    const cache = new ServiceConfigCache({ clock });
    const load = jest.fn(async () => ({ limits: { maxRequestPerSecond: 15 } }));
    await Promise.all([
      cache.get('https://a/mdm/v2', load),
      cache.get('https://a/mdm/v2/', load),
    ]);
    expect(load).toHaveBeenCalledTimes(1);
    await cache.get('https://b/mdm/v2', load);
    expect(load).toHaveBeenCalledTimes(2);
    await clock.advance(299_999);
    await cache.get('https://a/mdm/v2', load);
    expect(load).toHaveBeenCalledTimes(2);
    await clock.advance(1);
    await cache.get('https://a/mdm/v2', load);
    expect(load).toHaveBeenCalledTimes(3);
    expect(cache.fetchedAt('https://a/mdm/v2')).toBe(300_000);
  });

  it('keeps using the stale value when a refresh fails, and backs off before trying again', async () => {
    const clock = new ManualClock(0);
    const cache = new ServiceConfigCache({ clock, failureBackoffMs: 30_000 });
    await cache.get('u', async () => ({ limits: { maxAssets: 10 } }));
    await clock.advance(300_000);
    const failing = jest.fn(async () => {
      throw new Error('down');
    });
    await expect(cache.get('u', failing)).resolves.toEqual({
      limits: { maxAssets: 10 },
    });
    await expect(cache.get('u', failing)).resolves.toEqual({
      limits: { maxAssets: 10 },
    });
    expect(failing).toHaveBeenCalledTimes(1);
    await clock.advance(30_000);
    await cache.get('u', failing);
    expect(failing).toHaveBeenCalledTimes(2);
  });

  it('throws when there is no value at all', async () => {
    const cache = new ServiceConfigCache({ clock: new ManualClock(0) });
    await expect(
      cache.get('u', async () => {
        throw new Error('down');
      }),
    ).rejects.toThrow('down');
    expect(cache.peek('u')).toBeUndefined();
  });
});

describe('findUntrustedServiceUrls', () => {
  it('lists URLs that do not match the configured base URL', () => {
    const base = 'https://vpp.itunes.apple.com/mdm/v2';
    expect(
      findUntrustedServiceUrls(base, {
        getAssets: `${base}/assets`,
        getAssignments: 'https://evil.example.com/mdm/v2/assignments',
        contentMetadataLookup: 'https://uclient-api.itunes.apple.com/lookup',
      }),
    ).toEqual([
      {
        name: 'getAssignments',
        url: 'https://evil.example.com/mdm/v2/assignments',
      },
    ]);
  });
});
