import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionBackend from '@backstage/plugin-permission-backend';
import vppPolicy from '@internal/plugin-permission-backend-module-vpp-policy';
import vppBackend from '@internal/plugin-vpp-backend';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import { DateTime } from 'luxon';
import request from 'supertest';

jest.setTimeout(60_000);

/**
 * The shipped policy (`vpp.permissions`) end to end, through the real permission backend
 * and the vpp plugin (R-BS-5): owners manage their groups' tokens, administrators
 * everything; conditional decisions become SQL filters for lists and are applied by the
 * vpp plugin's registered rules for single tokens.
 */

const ALICE = 'user:default/alice'; // Tokyo IT
const BOB = 'user:default/bob'; // Osaka IT
const ROOT = 'user:default/root'; // administrator (vpp.permissions.admins)
const TOKYO = 'group:default/tokyo-it';
const OSAKA = 'group:default/osaka-it';

/** The catalog's answer to "which groups is this user in", for the policy. */
const groupsOf: Record<string, string[]> = {
  [ALICE]: [TOKYO],
  [BOB]: [OSAKA],
  [ROOT]: [],
};
const userInfo = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(groupsOf[ref] ?? [])],
      };
    },
  }),
});

/**
 * The test auth mock drops the calling plugin from on-behalf-of tokens; the real auth
 * service keeps it as the actor, and the permission framework relies on that twice: the
 * permission backend takes the vpp plugin's conditional requests (no resourceRef) only
 * from a plugin acting for the user, and the vpp plugin answers apply-conditions only
 * for the permission backend acting for the user. This wrapper puts the actor back.
 */
const APPLY_CONDITIONS = '/.well-known/backstage/permissions/apply-conditions';
const httpAuthWithActor = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
    const actorFor = (req: any): string | undefined => {
      if (plugin.getId() === 'permission') return 'plugin:vpp';
      return String(req.originalUrl ?? '').includes(APPLY_CONDITIONS)
        ? 'plugin:permission'
        : undefined;
    };
    return {
      credentials: (async (req: any, options: any) => {
        const credentials: any = await inner.credentials(req, options);
        const actor = actorFor(req);
        return actor &&
          credentials.principal.type === 'user' &&
          !credentials.principal.actor
          ? {
              ...credentials,
              principal: {
                ...credentials.principal,
                actor: { subject: actor },
              },
            }
          : credentials;
      }) as typeof inner.credentials,
      issueUserCookie: inner.issueUserCookie.bind(inner),
    };
  },
});

describe('the shipped vpp permission policy', () => {
  let sim: RunningSimulator;
  let server: Parameters<typeof request>[0];
  let tokyoToken: string;
  let osakaToken: string;

  const as = (user: string) => {
    const auth = `Bearer ${mockCredentials.user.token(user)}`;
    return {
      get: (path: string) =>
        request(server).get(`/api/vpp${path}`).set('Authorization', auth),
      post: (path: string, body: object) =>
        request(server)
          .post(`/api/vpp${path}`)
          .set('Authorization', auth)
          .send(body),
      delete: (path: string) =>
        request(server).delete(`/api/vpp${path}`).set('Authorization', auth),
    };
  };
  const tokenFile = (locationId: string, days: number) =>
    sim.state.downloadToken(locationId, DateTime.utc().plus({ days }).toISO()!);

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, rateLimit: false, eventDelayMs: 0 });
    const backend = await startTestBackend({
      features: [
        permissionBackend,
        vppPolicy,
        httpAuthWithActor,
        userInfo,
        vppBackend,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            permission: { enabled: true },
            vpp: {
              encryptionKey: 'test-key-test-key-test-key-test-key!',
              apple: { baseUrl: sim.appleBaseUrl, lookupUrl: sim.lookupUrl },
              permissions: { admins: [ROOT] },
            },
          },
        }),
      ],
    });
    server = backend.server;

    const register = async (locationId: string, owner: string) => {
      const res = await as(ROOT).post('/tokens', {
        tokenFile: tokenFile(locationId, 300),
        owner,
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    tokyoToken = await register('loc-tokyo', TOKYO);
    osakaToken = await register('loc-osaka', OSAKA);
  });
  afterAll(async () => {
    await sim.close();
  });

  it("lists only the tokens the user's groups own, all of them to an administrator", async () => {
    const ids = async (user: string) =>
      (await as(user).get('/tokens')).body.items.map(
        (t: { id: string }) => t.id,
      );
    expect(await ids(ALICE)).toEqual([tokyoToken]);
    expect(await ids(BOB)).toEqual([osakaToken]);
    expect((await ids(ROOT)).sort()).toEqual([tokyoToken, osakaToken].sort());
  });

  it("lets an owner read and renew their token and not another team's", async () => {
    expect((await as(ALICE).get(`/tokens/${tokyoToken}`)).status).toBe(200);
    const read = await as(ALICE).get(`/tokens/${osakaToken}`);
    expect(read.status).toBe(403);
    expect(read.body.error.message).toContain('permission vpp.token.read');

    const renewOwn = await as(ALICE).post(`/tokens/${tokyoToken}/renew`, {
      tokenFile: tokenFile('loc-tokyo', 340),
    });
    expect(renewOwn.status).toBe(200);

    const renewOther = await as(ALICE).post(`/tokens/${osakaToken}/renew`, {
      tokenFile: tokenFile('loc-osaka', 340),
    });
    expect(renewOther.status).toBe(403);
    expect(renewOther.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('permission vpp.token.update'),
    });
    const deleteOther = await as(ALICE).delete(`/tokens/${osakaToken}`);
    expect(deleteOther.status).toBe(403);
    expect(deleteOther.body.error.message).toContain(
      'permission vpp.token.delete',
    );
  });

  it("answers the portal's batched checks token by token", async () => {
    // The portal asks for many tokens in one call; the vpp plugin must hand the records
    // back in the order asked, whatever order the database returns them in.
    const own = tokyoToken;
    for (const refs of [
      [tokyoToken, osakaToken],
      [osakaToken, tokyoToken],
    ]) {
      const res = await request(server)
        .post('/api/permission/authorize')
        .set('Authorization', `Bearer ${mockCredentials.user.token(ALICE)}`)
        .send({
          items: refs.map((resourceRef, i) => ({
            id: String(i),
            resourceRef,
            permission: {
              type: 'resource',
              name: 'vpp.token.update',
              attributes: { action: 'update' },
              resourceType: 'vpp-token',
            },
          })),
        });
      expect(res.body.items.map((d: { result: string }) => d.result)).toEqual(
        refs.map(ref => (ref === own ? 'ALLOW' : 'DENY')),
      );
    }
  });

  it("lets an administrator renew any team's token", async () => {
    for (const [id, location] of [
      [tokyoToken, 'loc-tokyo'],
      [osakaToken, 'loc-osaka'],
    ]) {
      const res = await as(ROOT).post(`/tokens/${id}/renew`, {
        tokenFile: tokenFile(location, 350),
      });
      expect(res.status).toBe(200);
    }
  });

  it('registers tokens only for groups the user belongs to', async () => {
    const denied = await as(ALICE).post('/tokens', {
      tokenFile: tokenFile('loc-sapporo', 300),
      owner: OSAKA,
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain(
      `${OSAKA} is not one of them (permission vpp.token.update`,
    );
    // Nothing was written: the administrator sees no token for that location.
    const all = (await as(ROOT).get('/tokens')).body.items;
    expect(all.map((t: { owner: string }) => t.owner).sort()).toEqual([
      OSAKA,
      TOKYO,
    ]);

    const owners = await as(ALICE).post('/tokens/registrable-owners', {
      owners: [TOKYO, OSAKA, 'group:default/tokyo-sales'],
    });
    expect(owners.body).toEqual({ owners: [TOKYO] });
    const rootOwners = await as(ROOT).post('/tokens/registrable-owners', {
      owners: [TOKYO, OSAKA],
    });
    expect(rootOwners.body).toEqual({ owners: [TOKYO, OSAKA] });

    const allowed = await as(ALICE).post('/tokens', {
      tokenFile: tokenFile('loc-sapporo', 300),
      owner: TOKYO,
    });
    expect(allowed.status).toBe(201);
  });

  it("shows a token's history to who may read the token", async () => {
    const own = await as(ALICE).get(`/history?tokenId=${tokyoToken}`);
    expect(own.status).toBe(200);
    expect(own.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['token-register', 'token-renew']),
    );
    const other = await as(ALICE).get(`/history?tokenId=${osakaToken}`);
    expect(other.status).toBe(403);
    expect(other.body.error.message).toContain('permission vpp.token.read');
    // A device outside the user's groups (here: none at all) is refused by its permission.
    const device = await as(ALICE).get('/history?deviceId=dev-unknown');
    expect(device.status).toBe(403);
    expect(device.body.error.message).toContain('permission vpp.device.read');
  });
});
