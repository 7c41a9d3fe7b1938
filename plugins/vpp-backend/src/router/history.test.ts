import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import { DateTime } from 'luxon';
import request from 'supertest';
import { vppPlugin } from '../plugin';

jest.setTimeout(60_000);

const ENCRYPTION_KEY = 'test-key-test-key-test-key-test-key!';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

describe('history of changes (GET /history)', () => {
  let sim: RunningSimulator;
  let server: Parameters<typeof request>[0];
  const secrets: string[] = [ENCRYPTION_KEY];

  const as = (user: string) => {
    const auth = `Bearer ${mockCredentials.user.token(user)}`;
    return {
      get: (path: string) =>
        request(server).get(`/api/vpp${path}`).set('Authorization', auth),
      post: (path: string, body: object = {}) =>
        request(server)
          .post(`/api/vpp${path}`)
          .set('Authorization', auth)
          .send(body),
      put: (path: string, body: object) =>
        request(server)
          .put(`/api/vpp${path}`)
          .set('Authorization', auth)
          .send(body),
      patch: (path: string, body: object) =>
        request(server)
          .patch(`/api/vpp${path}`)
          .set('Authorization', auth)
          .send(body),
      delete: (path: string) =>
        request(server).delete(`/api/vpp${path}`).set('Authorization', auth),
    };
  };

  function tokenFile(locationId: string, days: number) {
    const file = sim.state.downloadToken(
      locationId,
      DateTime.utc().plus({ days }).toISO()!,
    );
    secrets.push(
      file.trim(),
      JSON.parse(Buffer.from(file, 'base64').toString()).token,
    );
    return file;
  }

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, rateLimit: false, eventDelayMs: 0 });
    const backend = await startTestBackend({
      features: [
        vppPlugin,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            vpp: {
              encryptionKey: ENCRYPTION_KEY,
              apple: { baseUrl: sim.appleBaseUrl, lookupUrl: sim.lookupUrl },
            },
          },
        }),
      ],
    });
    server = backend.server;
  });
  afterAll(async () => {
    await sim.close();
  });

  it('lists register → renew → share → delete with who did each, and no secret', async () => {
    const registered = await as(ALICE).post('/tokens', {
      tokenFile: tokenFile('loc-tokyo', 200),
      owner: 'group:default/tokyo-it',
    });
    expect(registered.status).toBe(201);
    const id = registered.body.id as string;

    // A renewal whose checks fail is recorded as failed, with the check's message.
    const early = await as(BOB).post(`/tokens/${id}/renew`, {
      tokenFile: tokenFile('loc-tokyo', 100),
    });
    expect(early.status).toBe(400);
    const renewed = await as(BOB).post(`/tokens/${id}/renew`, {
      tokenFile: tokenFile('loc-tokyo', 300),
    });
    expect(renewed.status).toBe(200);
    expect(
      (await as(ALICE).patch(`/tokens/${id}`, { notes: 'In the safe' })).status,
    ).toBe(200);
    expect(
      (
        await as(ALICE).put(`/tokens/${id}/notifications`, {
          enabled: true,
          emails: ['it@example.com'],
        })
      ).status,
    ).toBe(200);
    const shared = await as(ALICE).post(`/tokens/${id}/shares`, {
      owner: 'group:default/osaka-it',
    });
    expect(shared.status).toBe(201);
    expect((await as(BOB).delete(`/tokens/${id}`)).status).toBe(204);

    // The token is gone; its history stays.
    const res = await as(ALICE).get(`/history?tokenId=${id}`);
    expect(res.status).toBe(200);
    expect(res.body.totalCount).toBe(7);
    expect(
      res.body.items.map((e: any) => [e.action, e.actor, e.outcome]),
    ).toEqual([
      ['token-delete', BOB, 'succeeded'],
      ['token-share', ALICE, 'succeeded'],
      ['token-reminders-update', ALICE, 'succeeded'],
      ['token-update', ALICE, 'succeeded'],
      ['token-renew', BOB, 'succeeded'],
      ['token-renew', BOB, 'failed'],
      ['token-register', ALICE, 'succeeded'],
    ]);
    const byAction = (action: string, outcome = 'succeeded') =>
      res.body.items.find(
        (e: any) => e.action === action && e.outcome === outcome,
      );
    expect(byAction('token-register')).toMatchObject({
      tokenId: id,
      details: {
        owner: 'group:default/tokyo-it',
        location: 'Example Corp Tokyo',
      },
    });
    expect(byAction('token-renew')).toMatchObject({
      details: { checks: 'all five passed', expiresAt: renewed.body.expiresAt },
    });
    expect(byAction('token-renew', 'failed').error).toBe(
      early.body.error.message,
    );
    expect(byAction('token-share').details).toEqual({
      owner: 'group:default/osaka-it',
      shareId: shared.body.id,
    });
    expect(byAction('token-update').details).toEqual({ changed: 'notes' });
    expect(byAction('token-reminders-update').details).toEqual({
      enabled: true,
      emailCount: 1,
    });
    expect(byAction('token-delete').details).toEqual({ releasedAtApple: true });
    for (const entry of res.body.items) {
      expect(new Date(entry.occurredAt).getTime()).not.toBeNaN();
    }

    expect(secrets.length).toBeGreaterThan(4);
    for (const secret of secrets) {
      expect(res.text).not.toContain(secret);
    }

    const page = await as(ALICE).get(`/history?tokenId=${id}&offset=5&limit=5`);
    expect(page.body).toMatchObject({ totalCount: 7 });
    expect(page.body.items.map((e: any) => e.action)).toEqual([
      'token-renew',
      'token-register',
    ]);
  });

  it("lists a device's changes by deviceId", async () => {
    const res = await as(ALICE).get('/history?deviceId=dev-unknown');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], totalCount: 0 });
  });

  it('explains a bad query with a 400', async () => {
    const missing = await as(ALICE).get('/history');
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe(
      'Give either tokenId (the content token whose history to show) or deviceId (the device), not both.',
    );
    const both = await as(ALICE).get('/history?tokenId=x&deviceId=y');
    expect(both.status).toBe(400);
    const badLimit = await as(ALICE).get('/history?tokenId=x&limit=1000');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.message).toBe(
      'limit must be between 1 and 200.',
    );
    const unknown = await as(ALICE).get('/history?tokenId=x&user=me');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe('Unknown field user.');
  });
});
