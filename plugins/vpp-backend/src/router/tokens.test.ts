import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import request from 'supertest';
import { DateTime } from 'luxon';
import { format } from 'node:util';
import { vppPlugin } from '../plugin';

jest.setTimeout(60_000);

const in_ = (days: number) => DateTime.utc().plus({ days }).toISO()!;

describe('content tokens API (against the simulator)', () => {
  let sim: RunningSimulator;
  let server: Parameters<typeof request>[0];
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const responses: string[] = [];
  const logs: string[] = [];
  const secrets: string[] = [];

  async function download(locationId: string, expiresAt = in_(365)) {
    const res = await fetch(
      `${sim.baseUrl}/abm/locations/${locationId}/token`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ expiresAt }),
      },
    );
    const file = await res.text();
    secrets.push(
      file.trim(),
      JSON.parse(Buffer.from(file, 'base64').toString()).token,
    );
    return file;
  }

  function api() {
    const record = (res: request.Response) => {
      responses.push(res.text);
      return res;
    };
    return {
      get: (path: string) =>
        request(server).get(`/api/vpp${path}`).then(record),
      post: (path: string, body: object) =>
        request(server).post(`/api/vpp${path}`).send(body).then(record),
      patch: (path: string, body: object) =>
        request(server).patch(`/api/vpp${path}`).send(body).then(record),
      delete: (path: string) =>
        request(server).delete(`/api/vpp${path}`).then(record),
    };
  }

  async function clientConfig(file: string, body?: object) {
    const res = await fetch(`${sim.appleBaseUrl}/client/config`, {
      method: body ? 'POST' : 'GET',
      headers: {
        Authorization: `Bearer ${file.trim()}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return res.json();
  }

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, rateLimit: false });
    // The test backend logs through console at debug level; keep every line to scan it.
    for (const level of ['error', 'warn', 'info', 'debug'] as const) {
      jest
        .spyOn(console, level)
        .mockImplementation((...args) => logs.push(format(...args)));
    }
  });
  afterAll(async () => {
    await sim.close();
  });

  // Stops the plugin (and the syncs it started in the background) while the simulator is up.
  afterEach(async () => {
    await backend.stop();
  });

  beforeEach(async () => {
    await fetch(`${sim.baseUrl}/control/reset`, { method: 'POST' });
    backend = await startTestBackend({
      features: [
        vppPlugin,
        mockServices.rootLogger.factory({ level: 'debug' }),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            vpp: {
              encryptionKey: 'test-key-test-key-test-key-test-key!',
              apple: { baseUrl: sim.appleBaseUrl },
            },
          },
        }),
      ],
    });
    server = backend.server;
  });

  it('registers a token, claims the location and lists it', async () => {
    const file = await download('loc-tokyo');
    const res = await api().post('/tokens', {
      tokenFile: file,
      owner: 'group:default/tokyo-it',
      notes: 'Downloaded by admin@example.com on 2026-11-21',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      displayName: 'Example Corp Tokyo',
      locationName: 'Example Corp Tokyo',
      owner: 'group:default/tokyo-it',
      countryCode: 'JP',
      status: 'ok',
      createdBy: 'user:default/mock',
    });
    expect(res.body.daysLeft).toBeGreaterThanOrEqual(364);

    const config = await clientConfig(file);
    expect(config.mdmInfo).toMatchObject({ name: 'VPP for Backstage' });

    const list = await api().get('/tokens');
    expect(list.body.items.map((t: { id: string }) => t.id)).toEqual([
      res.body.id,
    ]);
  });

  it.each([
    ['an empty file', '', /empty/i],
    ['a file that is not Base64', '%%% not base64 %%%', /base64/i],
    [
      'Base64 that is not JSON',
      Buffer.from('hello there').toString('base64'),
      /JSON/,
    ],
    [
      'JSON without expDate',
      Buffer.from(JSON.stringify({ token: 'x', orgName: 'Org' })).toString(
        'base64',
      ),
      /expDate/,
    ],
    [
      'an unreadable expiry date',
      Buffer.from(
        JSON.stringify({ token: 'x', orgName: 'Org', expDate: 'next spring' }),
      ).toString('base64'),
      /date/i,
    ],
    [
      'a PNG picture',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString(
        'latin1',
      ),
      /PNG|image/i,
    ],
    ['a file over 64 KiB', 'A'.repeat(70 * 1024), /64 KiB|too large/i],
  ])(
    'refuses %s with its own message and stores nothing',
    async (_, file, message) => {
      const res = await api().post('/tokens', {
        tokenFile: file,
        owner: 'group:default/tokyo-it',
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect((await api().get('/tokens')).body.items).toEqual([]);
    },
  );

  it('refuses bad input fields clearly', async () => {
    const file = await download('loc-tokyo');
    const noOwner = await api().post('/tokens', { tokenFile: file });
    expect(noOwner.status).toBe(400);
    expect(noOwner.body.error.message).toMatch(/owner is required/);
    const user = await api().post('/tokens', {
      tokenFile: file,
      owner: 'user:default/guest',
    });
    expect(user.status).toBe(400);
    expect(user.body.error.message).toMatch(/must be a group/);
    const extra = await api().post('/tokens', {
      tokenFile: file,
      owner: 'group:default/tokyo-it',
      colour: 'red',
    });
    expect(extra.body.error.message).toMatch(/Unknown field colour/);
  });

  it('refuses an expired, a revoked and an unknown token', async () => {
    const expired = await download('loc-tokyo', in_(-2));
    const r1 = await api().post('/tokens', {
      tokenFile: expired,
      owner: 'group:default/tokyo-it',
    });
    expect(r1.status).toBe(400);
    expect(r1.body.error.message).toMatch(/expired/);

    const revoked = await download('loc-tokyo');
    await fetch(`${sim.baseUrl}/control/tokens/state`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: revoked, state: 'revoked' }),
    });
    const r2 = await api().post('/tokens', {
      tokenFile: revoked,
      owner: 'group:default/tokyo-it',
    });
    expect(r2.status).toBe(400);
    expect(r2.body.error.message).toMatch(/revoked/i);
    expect(r2.body.error.message).toContain('9625');
  });

  it('refuses a location managed by another MDM unless asked to take over', async () => {
    const file = await download('loc-osaka');
    await clientConfig(file, {
      mdmInfo: { id: 'other-1', name: 'Other MDM', metadata: '1.0' },
    });
    const refused = await api().post('/tokens', {
      tokenFile: file,
      owner: 'group:default/osaka-it',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/managed by Other MDM/);
    expect((await api().get('/tokens')).body.items).toEqual([]);

    const taken = await api().post('/tokens', {
      tokenFile: file,
      owner: 'group:default/osaka-it',
      takeOver: true,
    });
    expect(taken.status).toBe(201);
    expect((await clientConfig(file)).mdmInfo.name).toBe('VPP for Backstage');
  });

  it("keeps Apple's Retry-After for every later request and says until when (503)", async () => {
    const file = await download('loc-tokyo');
    // Apple: 9729 "service temporarily unavailable", come back in 5 minutes.
    sim.state.injectFault({
      kind: 'error',
      status: 503,
      pathPrefix: '/mdm/v2/client/config',
      retryAfter: 300,
    });
    const body = { tokenFile: file, owner: 'group:default/tokyo-it' };
    const first = await api().post('/tokens', body);
    expect(first.status).toBe(503);
    const until =
      /before (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC); nothing is sent before then/;
    expect(first.body.error.message).toMatch(/temporarily unavailable/);
    expect(first.body.error.message).toMatch(until);
    const asked = () =>
      sim.state.requests({ pathPrefix: '/mdm/v2/client/config' }).length;
    const before = asked();

    // The fault is spent, but Apple asked for 5 minutes: the next try is not sent.
    const second = await api().post('/tokens', body);
    expect(second.status).toBe(503);
    expect(second.body.error.message.match(until)?.[1]).toBe(
      first.body.error.message.match(until)?.[1],
    );
    expect(asked()).toBe(before);
    expect((await api().get('/tokens')).body.items).toEqual([]);
  });

  it('refuses a second registration of the same location', async () => {
    await api().post('/tokens', {
      tokenFile: await download('loc-tokyo'),
      owner: 'group:default/tokyo-it',
    });
    const again = await api().post('/tokens', {
      tokenFile: await download('loc-tokyo'),
      owner: 'group:default/osaka-it',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already registered/);
  });

  describe('renewal', () => {
    let tokenId: string;
    beforeEach(async () => {
      const res = await api().post('/tokens', {
        tokenFile: await download('loc-tokyo', in_(20)),
        owner: 'group:default/tokyo-it',
      });
      tokenId = res.body.id;
    });

    it('shows the token as expiring before renewal', async () => {
      expect((await api().get(`/tokens/${tokenId}`)).body.status).toBe(
        'expiring',
      );
    });

    const checksOf = (res: request.Response) =>
      Object.fromEntries(
        res.body.checks.map((c: { id: string; passed: boolean }) => [
          c.id,
          c.passed,
        ]),
      );

    it('previews all five checks for a good file, then renews', async () => {
      const file = await download('loc-tokyo', in_(385));
      const preview = await api().post(`/tokens/${tokenId}/renew/preview`, {
        tokenFile: file,
      });
      expect(preview.status).toBe(200);
      expect(preview.body.ok).toBe(true);
      expect(checksOf(preview)).toEqual({
        registered: true,
        'later-expiry': true,
        'not-other-mdm': true,
        'not-other-account': true,
        'location-exists': true,
      });
      expect(preview.body.next.locationName).toBe('Example Corp Tokyo');
      expect(preview.body.current.id).toBe(tokenId);

      const renewed = await api().post(`/tokens/${tokenId}/renew`, {
        tokenFile: file,
      });
      expect(renewed.status).toBe(200);
      expect(renewed.body.status).toBe('ok');
      expect(renewed.body.daysLeft).toBeGreaterThanOrEqual(384);
    });

    it('fails the later-expiry check and refuses with 400, changing nothing', async () => {
      const file = await download('loc-tokyo', in_(10));
      const preview = await api().post(`/tokens/${tokenId}/renew/preview`, {
        tokenFile: file,
      });
      expect(preview.body.ok).toBe(false);
      expect(checksOf(preview)['later-expiry']).toBe(false);
      const res = await api().post(`/tokens/${tokenId}/renew`, {
        tokenFile: file,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /not later than the current expiry/,
      );
      expect((await api().get(`/tokens/${tokenId}`)).body.daysLeft).toBe(19);
    });

    it('fails the location check for another location', async () => {
      const preview = await api().post(`/tokens/${tokenId}/renew/preview`, {
        tokenFile: await download('loc-osaka', in_(400)),
      });
      expect(checksOf(preview)['location-exists']).toBe(false);
      expect(
        preview.body.checks.find(
          (c: { id: string }) => c.id === 'location-exists',
        ).message,
      ).toMatch(/belongs to the location "Example Corp Osaka"/);
    });

    it('fails the other-MDM check with 409 unless taking over', async () => {
      const file = await download('loc-tokyo', in_(400));
      await clientConfig(file, {
        mdmInfo: { id: 'other-2', name: 'Rival MDM', metadata: '2' },
      });
      const preview = await api().post(`/tokens/${tokenId}/renew/preview`, {
        tokenFile: file,
      });
      expect(checksOf(preview)['not-other-mdm']).toBe(false);
      expect(preview.body.next.claimedBy).toBe('Rival MDM');
      const refused = await api().post(`/tokens/${tokenId}/renew`, {
        tokenFile: file,
      });
      expect(refused.status).toBe(409);
      const taken = await api().post(`/tokens/${tokenId}/renew`, {
        tokenFile: file,
        takeOver: true,
      });
      expect(taken.status).toBe(200);
    });

    it('fails the account check when the location is registered under another token', async () => {
      const share = await api().post(`/tokens/${tokenId}/shares`, {
        owner: 'group:default/osaka-it',
      });
      expect(share.status).toBe(201);
      // A share is not "another account"; renewing through it renews the source.
      const viaShare = await api().post(
        `/tokens/${share.body.id}/renew/preview`,
        { tokenFile: await download('loc-tokyo', in_(400)) },
      );
      expect(checksOf(viaShare)['not-other-account']).toBe(true);

      const renewed = await api().post(`/tokens/${tokenId}/renew`, {
        tokenFile: await download('loc-tokyo', in_(400)),
      });
      expect(renewed.status).toBe(200);
      const shared = await api().get(`/tokens/${share.body.id}`);
      expect(shared.body.expiresAt).toBe(renewed.body.expiresAt);
      expect(shared.body.sharesFrom).toBe(tokenId);
    });

    it('answers 404 for an unknown token', async () => {
      const res = await api().post('/tokens/nope/renew/preview', {
        tokenFile: await download('loc-tokyo'),
      });
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(/No content token with id "nope"/);
    });
  });

  it('edits, and deletes releasing the claim at Apple', async () => {
    const file = await download('loc-us');
    const created = await api().post('/tokens', {
      tokenFile: file,
      owner: 'group:default/tokyo-it',
    });
    const edited = await api().patch(`/tokens/${created.body.id}`, {
      displayName: 'US office',
      notes: 'Apple Account: it@example.com',
    });
    expect(edited.body).toMatchObject({
      displayName: 'US office',
      notes: 'Apple Account: it@example.com',
    });
    const emptyName = await api().patch(`/tokens/${created.body.id}`, {
      displayName: '  ',
    });
    expect(emptyName.status).toBe(400);

    expect((await api().delete(`/tokens/${created.body.id}`)).status).toBe(204);
    expect((await api().get(`/tokens/${created.body.id}`)).status).toBe(404);
    expect((await clientConfig(file)).mdmInfo.metadata).toBe('released');
  });

  // Runs last in this file: scans every response the tests above received.
  it('never returned or logged the token file or the secret inside it (R-TOK-9)', () => {
    const all = [...responses, ...logs].join('\n');
    expect(secrets.length).toBeGreaterThan(10);
    expect(responses.length).toBeGreaterThan(20);
    expect(logs.some(line => line.includes('registered'))).toBe(true);
    for (const secret of secrets) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('content tokens API permissions', () => {
  it('refuses every change when the policy denies it', async () => {
    const { server } = await startTestBackend({
      features: [
        vppPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
        mockServices.rootConfig.factory({
          data: {
            vpp: { encryptionKey: 'test-key-test-key-test-key-test-key!' },
          },
        }),
      ],
    });
    const cases: [string, string, object?][] = [
      ['post', '/api/vpp/tokens', { tokenFile: 'x', owner: 'group:default/a' }],
      ['post', '/api/vpp/tokens/t1/renew/preview', { tokenFile: 'x' }],
      ['post', '/api/vpp/tokens/t1/renew', { tokenFile: 'x' }],
      ['patch', '/api/vpp/tokens/t1', { notes: 'x' }],
      ['delete', '/api/vpp/tokens/t1'],
      ['post', '/api/vpp/tokens/t1/shares', { owner: 'group:default/a' }],
      ['get', '/api/vpp/tokens/t1'],
    ];
    for (const [method, path, body] of cases) {
      const res = await (request(server) as any)[method](path).send(body);
      expect({ method, path, status: res.status }).toEqual({
        method,
        path,
        status: 403,
      });
      expect(res.body.error.message).toMatch(/not allowed/);
    }
    const list = await request(server).get('/api/vpp/tokens');
    expect(list.body).toEqual({ items: [] });
  });

  it('refuses to start without an encryption key', async () => {
    await expect(startTestBackend({ features: [vppPlugin] })).rejects.toThrow(
      /vpp.encryptionKey is not set/,
    );
  });

  it('lets services (the catalog) list tokens', async () => {
    const { server } = await startTestBackend({
      features: [
        vppPlugin,
        mockServices.rootConfig.factory({
          data: {
            vpp: { encryptionKey: 'test-key-test-key-test-key-test-key!' },
          },
        }),
      ],
    });
    const res = await request(server)
      .get('/api/vpp/tokens')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
  });
});
