import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import permissionBackend from '@backstage/plugin-permission-backend';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  createVppTokenConditionalDecision,
  vppTokenConditions,
  vppTokenDeletePermission,
  vppTokenReadPermission,
  vppTokenUpdatePermission,
} from '@internal/plugin-vpp-common';
import vppBackend from '@internal/plugin-vpp-backend';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import { DateTime } from 'luxon';
import request from 'supertest';

jest.setTimeout(60_000);

/**
 * The owner rule end to end, through the real permission backend: a policy built with
 * `vppTokenConditions` lets tokyo-it list only its own tokens (R-BS-5): the conditional
 * decision becomes an SQL filter in the vpp plugin.
 */
const teamPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'vpp-team-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(req): Promise<PolicyDecision> {
            for (const permission of [
              vppTokenReadPermission,
              vppTokenUpdatePermission,
              vppTokenDeletePermission,
            ]) {
              if (isPermission(req.permission, permission)) {
                return createVppTokenConditionalDecision(
                  permission,
                  vppTokenConditions.isTokenOwner({
                    owners: ['group:default/tokyo-it'],
                  }),
                );
              }
            }
            return { result: AuthorizeResult.ALLOW };
          },
        });
      },
    });
  },
});

/**
 * The test auth mock drops the calling plugin from on-behalf-of tokens, which makes the
 * permission backend treat the vpp plugin's conditional requests as direct user calls.
 * The real auth service keeps the plugin as the actor; so does this wrapper.
 */
const httpAuthWithActor = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
    if (plugin.getId() !== 'permission') {
      return inner;
    }
    return {
      credentials: (async (req: any, options: any) => {
        const credentials: any = await inner.credentials(req, options);
        return credentials.principal.type === 'user' &&
          !credentials.principal.actor
          ? {
              ...credentials,
              principal: {
                ...credentials.principal,
                actor: { subject: 'plugin:vpp' },
              },
            }
          : credentials;
      }) as typeof inner.credentials,
      issueUserCookie: inner.issueUserCookie.bind(inner),
    };
  },
});

describe('a policy with the IS_TOKEN_OWNER rule', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, rateLimit: false, eventDelayMs: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it("lists only the tokens the team's group owns", async () => {
    const { server } = await startTestBackend({
      features: [
        permissionBackend,
        teamPolicy,
        httpAuthWithActor,
        vppBackend,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            permission: { enabled: true },
            vpp: {
              encryptionKey: 'test-key-test-key-test-key-test-key!',
              apple: { baseUrl: sim.appleBaseUrl, lookupUrl: sim.lookupUrl },
            },
          },
        }),
      ],
    });
    const register = async (locationId: string, owner: string) => {
      const res = await request(server)
        .post('/api/vpp/tokens')
        .send({
          tokenFile: sim.state.downloadToken(
            locationId,
            DateTime.utc().plus({ days: 300 }).toISO()!,
          ),
          owner,
        });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const ours = await register('loc-tokyo', 'group:default/tokyo-it');
    await register('loc-osaka', 'group:default/osaka-it');

    const list = await request(server).get('/api/vpp/tokens');
    expect(list.body.items.map((t: { id: string }) => t.id)).toEqual([ours]);

    // Single-token checks (GET/PATCH /tokens/:id) go through the permission backend's
    // apply-conditions call back into the vpp plugin, which the test auth mocks cannot
    // authenticate as the permission plugin; the rule's apply() is tested in
    // plugins/vpp-backend/src/permissions.test.ts.
  });
});
