import { defaultFixture } from '../fixtures';
import { RunningSimulator } from '../server';
import { decodeTokenFile } from '../tokenFile';
import { appleClient, request, startTestSimulator } from '../testUtils';
import { attachmentHeader } from './abm';

describe('Apple Business Manager token download', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.state.reset());

  const download = (locationId: string, body?: unknown) =>
    request(`${sim.baseUrl}/abm/locations/${locationId}/token`, {
      method: 'POST',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('lists locations', async () => {
    const answer = await request(`${sim.baseUrl}/abm/locations`);
    expect(answer.status).toBe(200);
    expect(answer.body).toContainEqual({
      id: 'loc-tokyo',
      name: 'Example Corp Tokyo',
      uId: '2049025000431001',
      countryISO2ACode: 'JP',
    });
    expect(answer.body).toHaveLength(defaultFixture.locations.length);
  });

  it('downloads a .vpptoken valid for one year that authenticates as the location', async () => {
    const answer = await download('loc-osaka');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe(
      'text/plain; charset=utf-8',
    );
    expect(answer.headers.get('content-disposition')).toBe(
      'attachment; filename="sToken for Example Corp Osaka.vpptoken"',
    );
    const file = decodeTokenFile(answer.text);
    expect(file.orgName).toBe('Example Corp');
    expect(file.expDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    const days = (file.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(364);
    expect(days).toBeLessThanOrEqual(365);
    const config = await appleClient(sim, answer.text).get('/client/config');
    expect(config.body).toMatchObject({
      locationName: 'Example Corp Osaka',
      uId: '2049025000431002',
    });
    // Old tokens keep working by default.
    const [old] = sim.state.listTokens('loc-osaka');
    expect(
      (await appleClient(sim, old.fileContent).get('/assets')).status,
    ).toBe(200);
  });

  it('accepts any expiresAt, past ones included (→ 9621)', async () => {
    const future = await download('loc-us', {
      expiresAt: '2031-03-01T10:00:00Z',
    });
    expect(decodeTokenFile(future.text).expDate).toBe(
      '2031-03-01T10:00:00+0000',
    );
    const past = await download('loc-us', {
      expiresAt: '2021-03-01T10:00:00+0900',
    });
    expect(decodeTokenFile(past.text).expDate).toBe('2021-03-01T01:00:00+0000');
    const answer = await appleClient(sim, past.text).get('/assets');
    expect(answer.status).toBe(401);
    expect(answer.body.errorNumber).toBe(9621);
  });

  it('revokeOnNewDownload revokes the previous tokens (9625)', async () => {
    sim.state.setOptions({ revokeOnNewDownload: true });
    const [old] = sim.state.listTokens('loc-tokyo');
    const fresh = await download('loc-tokyo');
    const oldAnswer = await appleClient(sim, old.fileContent).get('/assets');
    expect(oldAnswer.status).toBe(401);
    expect(oldAnswer.body.errorNumber).toBe(9625);
    expect((await appleClient(sim, fresh.text).get('/assets')).status).toBe(
      200,
    );
    // Other locations keep their tokens.
    const [osaka] = sim.state.listTokens('loc-osaka');
    expect(
      (await appleClient(sim, osaka.fileContent).get('/assets')).status,
    ).toBe(200);
  });

  it('rejects unknown locations and bad dates', async () => {
    expect((await download('loc-nowhere')).status).toBe(404);
    expect((await download('loc-us', { expiresAt: 'tomorrow' })).status).toBe(
      400,
    );
    expect((await download('loc-us', { expiresAt: 42 })).status).toBe(400);
    const broken = await request(`${sim.baseUrl}/abm/locations/loc-us/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{',
    });
    expect(broken.status).toBe(400);
  });

  it('encodes non-ASCII location names in Content-Disposition', () => {
    expect(attachmentHeader('sToken for 東京本社.vpptoken')).toBe(
      `attachment; filename="sToken for ____.vpptoken"; filename*=UTF-8''sToken%20for%20%E6%9D%B1%E4%BA%AC%E6%9C%AC%E7%A4%BE.vpptoken`,
    );
  });
});
