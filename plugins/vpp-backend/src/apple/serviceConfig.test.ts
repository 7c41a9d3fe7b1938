import { ManualClock } from './clock';
import {
  ServiceConfigCache,
  isAppleHost,
  isTrustedServiceUrl,
  resolveServiceEndpoints,
} from './serviceConfig';

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

describe('announced service URLs', () => {
  const apple = 'https://vpp.itunes.apple.com/mdm/v2';
  const sim = 'http://127.0.0.1:7010/mdm/v2';

  it('knows Apple hosts by the apple.com zone, not by look-alike names', () => {
    for (const host of [
      'apple.com',
      'vpp.itunes.apple.com',
      'uclient-api.itunes.apple.com',
      'VPP.Apple.com',
      'vpp.apple.com.',
    ]) {
      expect(isAppleHost(host)).toBe(true);
    }
    for (const host of [
      'apple.com.example.net',
      'evilapple.com',
      'itunes-apple.com',
      'apple.co',
      'example.com',
    ]) {
      expect(isAppleHost(host)).toBe(false);
    }
  });

  it('trusts HTTPS on an Apple host, or the configured origin; nothing else', () => {
    expect(isTrustedServiceUrl(`${apple}/assets`, apple)).toBe(true);
    expect(
      isTrustedServiceUrl('https://vpp2.itunes.apple.com/v3/assets', apple),
    ).toBe(true);
    // From the simulator, an Apple host is still Apple's.
    expect(isTrustedServiceUrl(`${apple}/assets`, sim)).toBe(true);
    expect(isTrustedServiceUrl(`${sim}/assets`, sim)).toBe(true);
    expect(isTrustedServiceUrl('http://127.0.0.1:7011/mdm/v2', sim)).toBe(
      false,
    );
    expect(
      isTrustedServiceUrl('http://vpp.itunes.apple.com/mdm/v2/assets', apple),
    ).toBe(false);
    expect(
      isTrustedServiceUrl('https://vpp.itunes.apple.com:8443/assets', apple),
    ).toBe(false);
    expect(
      isTrustedServiceUrl('https://user:pw@vpp.itunes.apple.com/assets', apple),
    ).toBe(false);
    expect(
      isTrustedServiceUrl('https://evil.example.com/mdm/v2/assets', apple),
    ).toBe(false);
    expect(isTrustedServiceUrl('not a url', apple)).toBe(false);
  });

  it('resolves each endpoint to the announced URL or, refused, to the base URL', () => {
    const endpoints = resolveServiceEndpoints(sim, {
      getAssets: 'https://vpp.itunes.apple.com/mdm/v3/assets',
      getAssignments: 'https://evil.example.com/mdm/v2/assignments',
      eventStatus: `${sim}/status`,
      contentMetadataLookup: 'https://uclient-api.itunes.apple.com/lookup',
    });
    expect(endpoints.urls.get('/assets')).toBe(
      'https://vpp.itunes.apple.com/mdm/v3/assets',
    );
    expect(endpoints.urls.get('/assignments')).toBe(`${sim}/assignments`);
    expect(endpoints.urls.get('/status')).toBe(`${sim}/status`);
    expect(endpoints.urls.get('/client/config')).toBe(`${sim}/client/config`);
    expect(endpoints.refused).toEqual([
      {
        name: 'getAssignments',
        url: 'https://evil.example.com/mdm/v2/assignments',
      },
    ]);
  });
});
