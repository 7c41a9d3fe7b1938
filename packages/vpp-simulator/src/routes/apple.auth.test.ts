import { RunningSimulator } from '../server';
import {
  appleClient,
  request,
  startTestSimulator,
  tokenOf,
} from '../testUtils';

describe('authentication, token states and rate limiting', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.state.reset());

  const getAssets = (headers: Record<string, string>) =>
    request(`${sim.appleBaseUrl}/assets`, { headers });

  it('accepts the whole .vpptoken content as bearer, trimmed', async () => {
    const token = tokenOf(sim, 'loc-tokyo');
    const answer = await getAssets({ Authorization: `Bearer ${token}\n` });
    expect(answer.status).toBe(200);
    expect(answer.body.uId).toBe('2049025000431001');
  });

  it.each([
    ['no Authorization header → 401 + 9601', {}, 401, 9601],
    [
      'a non-Bearer scheme → 401 + 9722',
      { Authorization: 'Basic dXNlcjpwYXNz' },
      401,
      9722,
    ],
    ['an empty bearer → 401 + 9722', { Authorization: 'Bearer ' }, 401, 9722],
    [
      'an unknown token → 401 + 9622',
      { Authorization: 'Bearer bm90LWEtdG9rZW4=' },
      401,
      9622,
    ],
  ])('%s', async (_name, headers, status, errorNumber) => {
    const answer = await getAssets(headers as Record<string, string>);
    expect(answer.status).toBe(status);
    expect(answer.body.errorNumber).toBe(errorNumber);
    expect(answer.body.uId).toBeUndefined();
  });

  it.each([
    ['expired', 9621],
    ['revoked', 9625],
    ['invalid', 9622],
  ] as const)('a token marked %s → 401 with %i', async (state, errorNumber) => {
    const token = tokenOf(sim, 'loc-us');
    sim.state.setTokenState(token, state);
    const answer = await getAssets({ Authorization: `Bearer ${token}` });
    expect(answer.status).toBe(401);
    expect(answer.body.errorNumber).toBe(errorNumber);
    // Other locations' tokens keep working.
    const other = await getAssets({
      Authorization: `Bearer ${tokenOf(sim, 'loc-tokyo')}`,
    });
    expect(other.status).toBe(200);
    sim.state.setTokenState(token, 'valid');
    expect((await getAssets({ Authorization: `Bearer ${token}` })).status).toBe(
      200,
    );
  });

  it('a token whose expDate has passed → 401 with 9621', async () => {
    const token = sim.state.downloadToken('loc-us', '2020-01-01T00:00:00+0000');
    const answer = await getAssets({ Authorization: `Bearer ${token}` });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      errorNumber: 9621,
      errorMessage: expect.stringContaining('The token has expired'),
    });
  });

  it('errorsWithStatus200 answers token errors with HTTP 200 and the error body', async () => {
    sim.state.setOptions({ errorsWithStatus200: true });
    const token = tokenOf(sim, 'loc-us');
    sim.state.setTokenState(token, 'revoked');
    const revoked = await getAssets({ Authorization: `Bearer ${token}` });
    expect(revoked.status).toBe(200);
    expect(revoked.body.errorNumber).toBe(9625);
    const unknown = await getAssets({ Authorization: 'Bearer Zm9v' });
    expect(unknown.status).toBe(200);
    expect(unknown.body.errorNumber).toBe(9622);
    // Other errors keep their status.
    const other = await request(`${sim.appleBaseUrl}/assets?pageIndex=99`, {
      headers: { Authorization: `Bearer ${tokenOf(sim, 'loc-tokyo')}` },
    });
    expect(other.status).toBe(400);
    expect(other.body.errorNumber).toBe(9650);
  });

  it('unknownTokenErrorNumber can switch unknown tokens to 9601', async () => {
    sim.state.setOptions({ unknownTokenErrorNumber: 9601 });
    const answer = await getAssets({ Authorization: 'Bearer Zm9v' });
    expect(answer.body.errorNumber).toBe(9601);
  });

  describe('tokenExpirationDate', () => {
    it('is only present when the token expires within 15 days (default)', async () => {
      const [longLived, expiringSoon] = sim.state.listTokens('loc-osaka');
      const far = await appleClient(sim, longLived.fileContent).get(
        '/client/config',
      );
      expect(far.body.tokenExpirationDate).toBeUndefined();
      const soon = await appleClient(sim, expiringSoon.fileContent).get(
        '/client/config',
      );
      expect(soon.body.tokenExpirationDate).toBe(expiringSoon.expDate);
      expect(soon.body.tokenExpirationDate).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/,
      );
    });

    it('is on every answer with tokenExpirationDateAlways', async () => {
      sim.state.setOptions({ tokenExpirationDateAlways: true });
      const [token] = sim.state.listTokens('loc-osaka');
      const client = appleClient(sim, token.fileContent);
      for (const path of [
        '/client/config',
        '/assets',
        '/assignments',
        '/users',
      ]) {
        expect((await client.get(path)).body.tokenExpirationDate).toBe(
          token.expDate,
        );
      }
    });
  });

  describe('rate limiting', () => {
    async function burst(token: string, count: number) {
      return Promise.all(
        Array.from({ length: count }, () =>
          getAssets({ Authorization: `Bearer ${token}` }),
        ),
      );
    }

    it('answers requests over maxRequestPerSecond with 429, 9646 and Retry-After', async () => {
      sim.state.setOptions({
        rateLimit: true,
        limits: { maxRequestPerSecond: 2 },
      });
      const answers = await burst(tokenOf(sim, 'loc-us'), 12);
      const limited = answers.filter(a => a.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(limited[0].body.errorNumber).toBe(9646);
      expect(limited[0].headers.get('retry-after')).toBe('1');
      // Limits are per token: another location is not affected by that burst.
      const other = await getAssets({
        Authorization: `Bearer ${tokenOf(sim, 'loc-tokyo')}`,
      });
      expect(other.status).toBe(200);
      const [stats] = sim.state.requestStats({
        tokenId: sim.state.listTokens('loc-us')[0].id,
      });
      expect(stats.total).toBe(12);
      expect(stats.byStatus['429']).toBe(limited.length);
    });

    it('can be turned off through the control API', async () => {
      sim.state.setOptions({
        rateLimit: true,
        limits: { maxRequestPerSecond: 2 },
      });
      const off = await request(`${sim.baseUrl}/control/rate-limit`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ enabled: false }),
      });
      expect(off.body).toEqual({ rateLimit: false });
      const answers = await burst(tokenOf(sim, 'loc-us'), 12);
      expect(answers.every(a => a.status === 200)).toBe(true);
    });
  });
});
