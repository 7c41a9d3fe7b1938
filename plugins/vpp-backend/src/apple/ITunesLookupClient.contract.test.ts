import { startSimulator } from '@internal/vpp-simulator';
import {
  Simulator,
  clientFor,
  control,
  downloadToken,
} from './contractTestUtils';
import { ITunesLookupClient } from './ITunesLookupClient';

jest.setTimeout(30_000);

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, rateLimit: false });
});

afterAll(async () => {
  await sim.close();
});

describe('contract: iTunes lookup', () => {
  it("looks up the location's assets in its storefront", async () => {
    const token = await downloadToken(sim, 'loc-tokyo');
    const vpp = clientFor(sim, token.bearer);
    const { countryISO2ACode } = await vpp.getClientConfig();
    const adamIds = (await vpp.getAssets()).assets.map(a => a.adamId);

    const lookup = new ITunesLookupClient({
      lookupUrl: sim.lookupUrl,
      batchSize: 4,
    });
    const result = await lookup.lookup([...adamIds, '1'], {
      country: countryISO2ACode,
    });
    expect(result.has('1')).toBe(false);
    expect(result.get('6450000101')).toMatchObject({
      name: 'サンプルノート',
      bundleId: 'com.example.notes',
      platforms: ['iOS', 'macOS'],
      kind: 'software',
    });
    expect(result.get('6450000101')?.iconUrl).toMatch(/512/);
    expect(result.get('6450000103')).toMatchObject({
      kind: 'mac-software',
      platforms: ['macOS'],
    });
    expect(result.get('6450000102')?.platforms).toEqual(['iOS']);
    expect(result.get('6450000107')).toBeDefined(); // JP storefront only
    expect(typeof result.get('6450000102')?.deviceBasedLicensing).toBe(
      'boolean',
    );
    expect(result.get('6450000102')?.minimumOsVersion).toBeTruthy();

    const us = await lookup.lookup(['6450000107', '6450000108'], {
      country: 'us',
    });
    expect(us.has('6450000107')).toBe(false);
    expect(us.has('6450000108')).toBe(true);
  });

  it('retries a 5xx from the lookup', async () => {
    await control(sim, 'POST', '/faults', {
      kind: 'error',
      status: 503,
      retryAfter: 1,
      count: 1,
      pathPrefix: '/lookup',
    });
    const lookup = new ITunesLookupClient({ lookupUrl: sim.lookupUrl });
    const result = await lookup.lookup(['6450000101'], { country: 'US' });
    expect(result.get('6450000101')?.name).toBe('Example Notes');
  });
});
