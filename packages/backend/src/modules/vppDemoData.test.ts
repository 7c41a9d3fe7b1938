import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { rootConfigServiceFactory } from '@backstage/backend-defaults/rootConfig';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Config } from '@backstage/config';
import vppBackend from '@internal/plugin-vpp-backend';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { DEMO_TOKENS, pickTokenFile, seedVppDemoData } from './vppDemoData';

jest.setTimeout(60_000);

/**
 * The demo data against the real vpp plugin and the real simulator: the first start
 * registers Tokyo and Osaka (Osaka expiring, so red) and syncs them; a start with tokens
 * already registered adds nothing.
 */
describe('seedVppDemoData', () => {
  let simulator: RunningSimulator;

  beforeAll(async () => {
    simulator = await startSimulator({ rateLimit: false, eventDelayMs: 0 });
  });
  afterAll(async () => {
    await simulator.close();
  });

  it('picks the Tokyo token that expires last and the Osaka token that expires first', () => {
    const tokyo = simulator.state.listTokens('loc-tokyo');
    const osaka = simulator.state
      .listTokens('loc-osaka')
      .sort((a, b) => a.expDate.localeCompare(b.expDate));
    expect(osaka.length).toBeGreaterThan(1);
    expect(pickTokenFile(simulator.state, DEMO_TOKENS[0])).toBe(
      tokyo[tokyo.length - 1].fileContent,
    );
    expect(pickTokenFile(simulator.state, DEMO_TOKENS[1])).toBe(
      osaka[0].fileContent,
    );
  });

  it('registers and syncs the demo tokens on an empty database, and only then', async () => {
    const { server } = await startTestBackend({
      features: [
        vppBackend,
        mockServices.rootConfig.factory({
          data: {
            vpp: {
              encryptionKey: 'test-key-test-key-test-key-test-key!',
              apple: {
                baseUrl: simulator.appleBaseUrl,
                lookupUrl: simulator.lookupUrl,
              },
            },
          },
        }),
      ],
    });
    const vppBaseUrl = `http://localhost:${
      (server.address() as AddressInfo).port
    }/api/vpp`;
    const guest = mockCredentials.user.token('user:default/guest');
    const logger = mockServices.logger.mock();

    const first = await seedVppDemoData({
      simulator: simulator.state,
      vppBaseUrl,
      signIn: async () => guest,
      logger,
      pollMs: 50,
    });

    expect(first).toEqual({
      seeded: true,
      tokenIds: [expect.any(String), expect.any(String)],
    });
    const listed = await fetch(`${vppBaseUrl}/tokens`, {
      headers: { authorization: `Bearer ${guest}` },
    });
    const { items } = (await listed.json()) as {
      items: Array<{
        displayName: string;
        owner: string;
        status: string;
        locationName: string;
      }>;
    };
    expect(
      items
        .map(({ displayName, owner, status, locationName }) => ({
          displayName,
          owner,
          status,
          locationName,
        }))
        .sort((a, b) => a.displayName.localeCompare(b.displayName)),
    ).toEqual([
      {
        displayName: 'Osaka office',
        owner: 'group:default/osaka-it',
        status: 'expiring',
        locationName: 'Example Corp Osaka',
      },
      {
        displayName: 'Tokyo office',
        owner: 'group:default/tokyo-it',
        status: 'ok',
        locationName: 'Example Corp Tokyo',
      },
    ]);
    for (const id of (first as { tokenIds: string[] }).tokenIds) {
      const sync = await fetch(`${vppBaseUrl}/tokens/${id}/sync`, {
        headers: { authorization: `Bearer ${guest}` },
      });
      const status = (await sync.json()) as {
        lastSyncAt?: string;
        assetCount: number;
      };
      expect(status.lastSyncAt).toBeDefined();
      expect(status.assetCount).toBeGreaterThan(0);
    }

    const second = await seedVppDemoData({
      simulator: simulator.state,
      vppBaseUrl,
      signIn: async () => guest,
      logger,
      pollMs: 50,
    });
    expect(second).toEqual({
      seeded: false,
      reason: '2 content token(s) already registered',
    });
  });
});

describe('configuration', () => {
  /** Reads the configuration the way the backend does, from the repository's files. */
  async function loadConfig(files: string[]): Promise<Config> {
    let config: Config | undefined;
    const reader = createBackendPlugin({
      pluginId: 'config-reader',
      register(env) {
        env.registerInit({
          deps: { rootConfig: coreServices.rootConfig },
          async init({ rootConfig }) {
            config = rootConfig;
          },
        });
      },
    });
    await startTestBackend({
      features: [
        reader,
        rootConfigServiceFactory({
          argv: [
            'node',
            'backend',
            ...files.flatMap(file => [
              '--config',
              path.resolve(__dirname, '../../../..', file),
            ]),
          ],
          watch: false,
        }),
      ],
    });
    return config!;
  }

  it('has demo data in development and none in production', async () => {
    const development = await loadConfig(['app-config.yaml']);
    expect(development.getOptionalBoolean('vpp.simulator.demoData')).toBe(true);
    const production = await loadConfig([
      'app-config.yaml',
      'app-config.production.yaml',
    ]);
    expect(production.getOptionalBoolean('vpp.simulator.enabled')).toBe(false);
    expect(production.getOptionalBoolean('vpp.simulator.demoData')).toBe(false);
    expect(production.getOptionalString('vpp.simulator.stateFile')).toBe(
      undefined,
    );
  });

  it('takes the MDM server and webhook secret from the environment in production', async () => {
    const env = {
      VPP_NANOMDM_URL: 'https://mdm.example.com/nanomdm',
      VPP_NANOMDM_API_KEY: 'prod-api-key',
      VPP_MDM_WEBHOOK_SECRET: 'prod-webhook-secret',
    };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const production = await loadConfig([
        'app-config.yaml',
        'app-config.production.yaml',
      ]);
      expect(production.getString('vpp.mdm.nanomdm.baseUrl')).toBe(
        env.VPP_NANOMDM_URL,
      );
      expect(production.getString('vpp.mdm.nanomdm.apiKey')).toBe(
        env.VPP_NANOMDM_API_KEY,
      );
      expect(production.getString('vpp.mdm.webhook.secret')).toBe(
        env.VPP_MDM_WEBHOOK_SECRET,
      );
    } finally {
      process.env = saved;
    }
  });
});
