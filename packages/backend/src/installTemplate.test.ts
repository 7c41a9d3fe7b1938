import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogScaffolderModule from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import vppBackend from '@internal/plugin-vpp-backend';
import vppScaffolder from '@internal/plugin-vpp-scaffolder';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import { DateTime } from 'luxon';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';

jest.setTimeout(180_000);

/**
 * Template 1 (`vpp-install-apps`, seed A's first flow) through the real scaffolder: the
 * catalog reads the template from examples/templates, `POST /api/scaffolder/v2/tasks`
 * runs `vpp:apps:install` as the user, the vpp plugin's distribution worker licenses the
 * devices at the simulated Apple and installs over the simulated NanoMDM, whose devices
 * answer through the webhook — until every item is `installed`.
 */

const NOTES = '6450000101'; // Example Notes, Tokyo
const USER = 'user:default/aiko';
const API_KEY = 'install-template-test-key';
const WEBHOOK_SECRET = 'install-template-webhook-secret';
const TEMPLATES = path.resolve(__dirname, '../../../examples/templates');

/** Forwards the simulator's webhook calls to the backend, whose port comes later. */
async function startForwarder(): Promise<{
  url: string;
  target: { base?: string };
  close(): Promise<void>;
}> {
  const target: { base?: string } = {};
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', async () => {
      try {
        const answer = await fetch(`${target.base}${req.url}`, {
          method: req.method,
          headers: Object.fromEntries(
            Object.entries(req.headers).filter(
              ([k, v]) =>
                typeof v === 'string' &&
                !['host', 'content-length', 'connection'].includes(k),
            ) as Array<[string, string]>,
          ),
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        });
        res.writeHead(answer.status, {
          'content-type': answer.headers.get('content-type') ?? 'text/plain',
        });
        res.end(Buffer.from(await answer.arrayBuffer()));
      } catch (error) {
        res.writeHead(502);
        res.end(String(error));
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/vpp/mdm/webhook`,
    target,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('the vpp-install-apps template through the scaffolder', () => {
  let sim: RunningSimulator;
  let forwarder: Awaited<ReturnType<typeof startForwarder>>;
  let server: Parameters<typeof request>[0];
  let tokenId: string;
  let devices: { totalCount: number };
  const auth = `Bearer ${mockCredentials.user.token(USER)}`;
  const get = (p: string) => request(server).get(p).set('Authorization', auth);
  const post = (p: string, body: object) =>
    request(server).post(p).set('Authorization', auth).send(body);

  beforeAll(async () => {
    forwarder = await startForwarder();
    sim = await startSimulator({
      port: 0,
      rateLimit: false,
      eventDelayMs: 0,
      mdm: {
        apiKey: API_KEY,
        webhookUrl: forwarder.url,
        webhookUsername: 'vpp',
        webhookPassword: WEBHOOK_SECRET,
        switches: {
          pushDelayMs: 0,
          installTimeMs: 0,
          duplicateEventRate: 0,
          outOfOrderRate: 0,
        },
      },
    });
    const backend = await startTestBackend({
      features: [
        // The real scheduler: the distribution worker runs on its schedule, as deployed
        // (the test backend's mock runs tasks only when triggered).
        schedulerServiceFactory,
        catalogBackend,
        catalogScaffolderModule,
        scaffolderBackend,
        vppBackend,
        vppScaffolder,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            catalog: {
              rules: [{ allow: ['Template'] }],
              locations: [{ type: 'file', target: `${TEMPLATES}/*.yaml` }],
            },
            vpp: {
              encryptionKey: 'test-key-test-key-test-key-test-key!',
              apple: { baseUrl: sim.appleBaseUrl, lookupUrl: sim.lookupUrl },
              mdm: {
                connector: 'nanomdm',
                nanomdm: { baseUrl: sim.nanomdmUrl, apiKey: API_KEY },
                webhook: { secret: WEBHOOK_SECRET },
              },
              distributions: {
                schedule: {
                  frequency: { seconds: 1 },
                  timeout: { minutes: 2 },
                  initialDelay: { seconds: 0 },
                },
                eventPollInterval: { seconds: 1 },
                verifyDelay: { milliseconds: 100 },
                verifyInterval: { seconds: 1 },
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
    const { port } = backend.server.address() as AddressInfo;
    forwarder.target.base = `http://127.0.0.1:${port}`;

    // The token, synced; the simulated devices enrolled through the webhook.
    const registered = await post('/api/vpp/tokens', {
      tokenFile: sim.state.downloadToken(
        'loc-tokyo',
        DateTime.utc().plus({ days: 200 }).toISO()!,
      ),
      owner: 'group:default/tokyo-it',
    });
    if (registered.status !== 201) {
      throw new Error(
        `registering the token: ${JSON.stringify(registered.body)}`,
      );
    }
    tokenId = registered.body.id;
    await until(
      'sync',
      async () => (await get(`/api/vpp/tokens/${tokenId}/sync`)).body,
      s => !s.running && Boolean(s.lastSyncAt),
    );
    sim.mdm.enrollAll();
    await sim.mdm.idle();
    devices = await until(
      'devices',
      async () =>
        (
          await get('/api/vpp/devices?q=DMPTK&enrolled=true&limit=100')
        ).body,
      d => d.totalCount >= 4,
    );
  });
  afterAll(async () => {
    await sim?.close();
    await forwarder?.close();
  });

  async function until<T>(
    what: string,
    read: () => Promise<T>,
    done: (value: T) => boolean,
    timeoutMs = 90_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) {
        throw new Error(`${what}: still ${JSON.stringify(value)}`);
      }
      await new Promise(r => setTimeout(r, 250));
    }
  }

  it('starts a distribution that installs the app on every matching device', async () => {
    const template = await until(
      'the template in the catalog',
      async () =>
        get('/api/catalog/entities/by-name/template/default/vpp-install-apps'),
      r => r.status === 200,
    );
    expect(template.body.spec.steps[0].action).toBe('vpp:apps:install');

    // What the form sends: the device picker's "select all" keeps the search.
    const values = {
      token: tokenId,
      platform: 'ios',
      adamIds: [NOTES],
      licenseMode: 'auto',
      targets: { q: 'DMPTK' },
      removeWithMdmProfile: true,
      preventBackup: false,
      removable: true,
      allowPartial: false,
      plan: `${devices.totalCount} devices`,
    };
    const created = await post('/api/scaffolder/v2/tasks', {
      templateRef: 'template:default/vpp-install-apps',
      values,
    });
    expect(created.status).toBe(201);
    const taskId: string = created.body.id;

    const task = await until(
      'the task',
      async () => (await get(`/api/scaffolder/v2/tasks/${taskId}`)).body,
      t => ['completed', 'failed', 'cancelled'].includes(t.status),
    );
    const events = (await get(`/api/scaffolder/v2/tasks/${taskId}/events`))
      .body as Array<{ type: string; body: any }>;
    const log = events
      .filter(e => e.type === 'log')
      .map(e => e.body.message)
      .join('\n');
    // The log in the failure message says why a task failed.
    expect(`${task.status}\n${log}`).toMatch(/^completed\n/);
    const completion = events.find(e => e.type === 'completion');
    const output = completion!.body.output;
    const distributionId: string = output.links[0].url.split('/').pop();
    expect(output.links[0]).toMatchObject({
      title: 'Follow the distribution',
      url: `/vpp/distributions/${distributionId}`,
    });
    expect(output.text[0].title).toBe('Distribution started');
    expect(log).toContain(`Distribution ${distributionId} started.`);

    const distribution = await until(
      'the distribution',
      async () => (await get(`/api/vpp/distributions/${distributionId}`)).body,
      d =>
        ['completed', 'completed-with-failures', 'cancelled'].includes(d.state),
      120_000,
    );
    expect(distribution).toMatchObject({
      state: 'completed',
      tokenId,
      adamIds: [NOTES],
      platform: 'ios',
      licenseMode: 'auto',
      targets: { q: 'DMPTK' },
      removeWithMdmProfile: true,
    });
    const items = (
      await get(`/api/vpp/distributions/${distributionId}/items?limit=1000`)
    ).body.items as Array<{ serialNumber: string; state: string }>;
    expect(items.length).toBe(distribution.plan.items);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every(i => i.state === 'installed')).toBe(true);
    for (const item of items) {
      expect(sim.state.holdsDeviceLicense(NOTES, item.serialNumber)).toBe(true);
    }
  });

  it('dry-runs the install and license templates without changing anything at Apple, at the MDM or in the vpp backend', async () => {
    const load = async (file: string) => {
      const name = {
        'install-apps.yaml': 'vpp-install-apps',
        'install-from-status.yaml': 'vpp-install-from-status',
        'assign-licenses.yaml': 'vpp-assign-licenses',
        'revoke-licenses.yaml': 'vpp-revoke-licenses',
      }[file];
      const entity = await until(
        `${file} in the catalog`,
        () => get(`/api/catalog/entities/by-name/template/default/${name}`),
        r => r.status === 200,
      );
      const { relations, status, ...template } = entity.body;
      return template;
    };
    const appleCalls = () =>
      sim.state.requests().filter(r => r.method !== 'GET').length;
    const mdmCommands = () => JSON.stringify(sim.mdm.commandLog.toJSON());
    const distributions = async () =>
      (await get('/api/vpp/distributions')).body.totalCount;
    const licenses = async () =>
      (await get(`/api/vpp/licenses?tokenId=${tokenId}&limit=1`)).body
        .totalCount;
    const before = {
      apple: appleCalls(),
      mdm: mdmCommands(),
      distributions: await distributions(),
      licenses: await licenses(),
    };

    const install = {
      token: tokenId,
      platform: 'ios',
      adamIds: [NOTES],
      licenseMode: 'auto',
      targets: { q: 'DMPTK' },
      removable: true,
      plan: 'reviewed',
    };
    const runs: Array<[string, Record<string, unknown>, RegExp]> = [
      [
        'install-apps.yaml',
        install,
        /Dry run: asking the vpp backend for the plan; nothing is assigned or installed\.[\s\S]*Devices matched: \d+\./,
      ],
      [
        'install-from-status.yaml',
        {
          ...install,
          targets: { adamId: NOTES, installState: 'not-installed' },
        },
        /Devices matched: \d+\./,
      ],
      [
        'assign-licenses.yaml',
        {
          token: tokenId,
          platform: 'ios',
          adamIds: [NOTES],
          targets: { q: 'DMPOS0001' },
        },
        /Dry run: would ask Apple to assign 1 app for 1 device\.[\s\S]*Apple would get 1 call\./,
      ],
      [
        'revoke-licenses.yaml',
        {
          token: tokenId,
          platform: 'ios',
          adamIds: [NOTES],
          targets: { q: 'DMPTK0001' },
        },
        /Dry run: would ask Apple to revoke 1 app for 1 device\./,
      ],
    ];
    for (const [file, values, said] of runs) {
      const result = await post('/api/scaffolder/v2/dry-run', {
        template: await load(file),
        values,
        directoryContents: [],
      });
      expect([file, result.status]).toEqual([file, 200]);
      const log = (result.body.log as Array<{ body: { message: string } }>)
        .map(l => l.body.message)
        .join('\n');
      expect([file, log]).toEqual([file, expect.stringMatching(said)]);
    }

    expect({
      apple: appleCalls(),
      mdm: mdmCommands(),
      distributions: await distributions(),
      licenses: await licenses(),
    }).toEqual(before);
  });
});
