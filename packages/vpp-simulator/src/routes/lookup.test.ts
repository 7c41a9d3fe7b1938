import { inflateSync } from 'node:zlib';
import { RunningSimulator } from '../server';
import { request, startTestSimulator } from '../testUtils';

describe('iTunes lookup and artwork', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.close());

  const lookup = (query: string) => request(`${sim.lookupUrl}?${query}`);

  it('answers {resultCount, results} with the fields clients use', async () => {
    const answer = await lookup('id=6450000101&country=US');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(answer.body.resultCount).toBe(1);
    expect(answer.body.results[0]).toMatchObject({
      kind: 'software',
      trackId: 6450000101,
      trackName: 'Example Notes',
      bundleId: 'com.example.notes',
      version: '4.2.1',
      minimumOsVersion: '16.0',
      isVppDeviceBasedLicensingEnabled: true,
      artworkUrl512: `${sim.baseUrl}/artwork/6450000101.png?size=512`,
      supportedDevices: expect.arrayContaining([
        expect.stringMatching(/^iPhone/),
        expect.stringMatching(/^iPad/),
        'MacDesktop-MacDesktop',
      ]),
      price: 7.99,
      currency: 'USD',
    });
  });

  it('uses the storefront’s names and leaves out unknown or unsold ids', async () => {
    const jp = await lookup(
      'id=6450000101,6450000107,6450000108,12345&country=jp',
    );
    expect(jp.body.resultCount).toBe(2);
    expect(jp.body.results.map((r: any) => [r.trackId, r.trackName])).toEqual([
      [6450000101, 'サンプルノート'],
      [6450000107, '勤怠カード'],
    ]);
    expect(jp.body.results[0]).toMatchObject({ currency: 'JPY', price: 1200 });
    const us = await lookup('id=6450000107,6450000108');
    expect(us.body.results.map((r: any) => r.trackId)).toEqual([6450000108]);
    const none = await lookup('id=999999');
    expect(none.body).toEqual({ resultCount: 0, results: [] });
  });

  it('distinguishes iOS, macOS and universal apps, and books', async () => {
    const answer = await lookup(
      'id=6450000102,6450000103,6450000104,6450000109,6450000201&country=US',
    );
    const byId = new Map(answer.body.results.map((r: any) => [r.trackId, r]));
    const iosOnly: any = byId.get(6450000102);
    expect(iosOnly.kind).toBe('software');
    expect(iosOnly.supportedDevices).not.toContain('MacDesktop-MacDesktop');
    const macOnly: any = byId.get(6450000103);
    expect(macOnly.kind).toBe('mac-software');
    expect(macOnly.supportedDevices).toEqual([]);
    expect((byId.get(6450000104) as any).supportedDevices).toContain(
      'MacDesktop-MacDesktop',
    );
    expect((byId.get(6450000109) as any).isVppDeviceBasedLicensingEnabled).toBe(
      false,
    );
    const book: any = byId.get(6450000201);
    expect(book).toMatchObject({
      kind: 'ebook',
      trackName: 'Example Employee Handbook',
      isVppDeviceBasedLicensingEnabled: false,
    });
    expect(book.supportedDevices).toBeUndefined();
    expect(book.bundleId).toBeUndefined();
  });

  it('looks up by bundleId too', async () => {
    const answer = await lookup('bundleId=com.example.chat');
    expect(answer.body.results.map((r: any) => r.trackId)).toEqual([
      6450000104,
    ]);
  });

  it('serves the artwork as a real PNG', async () => {
    const response = await fetch(
      `${sim.baseUrl}/artwork/6450000101.png?size=100`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await response.arrayBuffer());
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(100);
    const idatLength = png.readUInt32BE(33);
    expect(inflateSync(png.subarray(41, 41 + idatLength)).length).toBe(
      100 * (1 + 300),
    );
    expect((await fetch(`${sim.baseUrl}/artwork/123.png`)).status).toBe(404);
  });

  it('serves Apple’s legacy content-metadata lookup from urls.contentMetadataLookup', async () => {
    const config = await request(`${sim.appleBaseUrl}/service/config`);
    const answer = await request(
      `${config.body.urls.contentMetadataLookup}?version=2&id=6450000101,6450000103,1&p=mdm-lockup&caller=MDM&platform=volumestore&cc=jp&l=ja`,
    );
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body.results)).toEqual([
      '6450000101',
      '6450000103',
    ]);
    expect(answer.body.results['6450000101']).toMatchObject({
      name: 'サンプルノート',
      kind: 'iosSoftware',
      bundleId: 'com.example.notes',
      deviceFamilies: ['iphone', 'ipad', 'ipod', 'mac'],
      offers: [{ version: { display: '4.2.1' } }],
    });
    expect(answer.body.results['6450000103'].kind).toBe('desktopApp');
    expect(answer.body.meta.storefront.cc).toBe('JP');
  });
});
