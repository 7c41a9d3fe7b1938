import http from 'node:http';
import { AddressInfo } from 'node:net';
import type {
  MdmCommandResultEvent,
  MdmEvent,
  MdmTarget,
} from '@internal/plugin-vpp-node';
import {
  DEFAULT_NANOMDM_API_KEY,
  RunningSimulator,
  startSimulator,
} from '@internal/vpp-simulator';
import { NanoMdmConnector } from './NanoMdmConnector';

jest.setTimeout(60_000);

/**
 * The connector against the simulator's NanoMDM (its command API with PostgreSQL storage
 * semantics, devices that answer, and the webhook events of a real NanoMDM), with a real
 * HTTP endpoint receiving the webhook and this library parsing every event.
 */
describe('NanoMdmConnector against the simulated NanoMDM', () => {
  let sim: RunningSimulator;
  let hook: http.Server;
  const events: MdmEvent[] = [];
  const parseErrors: string[] = [];

  beforeAll(async () => {
    hook = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', () => {
        try {
          events.push(
            ...connector().parseWebhook({
              headers: req.headers,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            }),
          );
        } catch (error) {
          parseErrors.push(String(error));
        }
        res.writeHead(200).end();
      });
    });
    await new Promise<void>(resolve => hook.listen(0, '127.0.0.1', resolve));
    const { port } = hook.address() as AddressInfo;
    let seed = 7;
    sim = await startSimulator({
      port: 0,
      rateLimit: false,
      mdm: {
        webhookUrl: `http://127.0.0.1:${port}/api/vpp/mdm/webhook`,
        webhookPassword: 'webhook-secret',
        switches: { notNowRate: 0, duplicateEventRate: 0, outOfOrderRate: 0 },
        random: () => {
          seed = (seed * 16807) % 2147483647;
          return seed / 2147483647;
        },
      },
    });
  });

  afterAll(async () => {
    await sim?.close();
    hook.closeAllConnections();
    await new Promise(resolve => hook.close(resolve));
  });

  let cached: NanoMdmConnector | undefined;
  function connector(batchSize = 500) {
    if (batchSize === 500 && cached) return cached;
    const made = new NanoMdmConnector({
      baseUrl: sim.nanomdmUrl,
      apiKey: DEFAULT_NANOMDM_API_KEY,
      batchSize,
    });
    if (batchSize === 500) cached = made;
    return made;
  }

  const devices = () => [...sim.mdm.devices.all()];
  const targets = (): MdmTarget[] =>
    devices().map(d => ({
      enrollmentId: d.udid,
      platform: d.platform,
      osVersion: d.osVersion,
    }));
  const resultsOf = (commandIds: Set<string>) =>
    events.filter(
      (e): e is MdmCommandResultEvent =>
        e.kind === 'command-result' && commandIds.has(e.commandId),
    );

  it('parses the check-ins of enrolling devices', async () => {
    sim.mdm.enrollAll();
    await sim.mdm.idle();
    expect(parseErrors).toEqual([]);
    for (const device of devices()) {
      const authenticate = events.find(
        e =>
          e.kind === 'check-in' &&
          e.type === 'authenticate' &&
          e.udid === device.udid,
      );
      expect(authenticate).toMatchObject({
        enrollmentId: device.udid,
        facts: {
          serialNumber: device.serialNumber,
          osVersion: device.osVersion,
          platform: device.platform,
        },
      });
      expect(
        events.some(
          e =>
            e.kind === 'check-in' &&
            e.type === 'token-update' &&
            e.udid === device.udid,
        ),
      ).toBe(true);
    }
  });

  it('asks every device for its facts; an unknown id is not queued, the others are', async () => {
    const request = {
      commandId: '0b6f3f52-5d3e-4a8e-9f0a-6a1c2b3d4e5f',
      action: { type: 'device-information' as const },
      targets: [
        ...targets(),
        { enrollmentId: 'NOT-ENROLLED-ANYWHERE', platform: 'ios' as const },
      ],
    };
    const result = await connector().send(request);
    const unknown = result.results.find(
      r => r.enrollmentId === 'NOT-ENROLLED-ANYWHERE',
    );
    expect(unknown).toMatchObject({ queued: false });
    const known = result.results.filter(r => r !== unknown);
    expect(known.every(r => r.queued && !r.pushError)).toBe(true);

    await sim.mdm.idle();
    expect(parseErrors).toEqual([]);
    const answers = resultsOf(new Set(known.map(r => r.commandId)));
    for (const device of devices()) {
      const answer = answers.find(a => a.udid === device.udid);
      expect(answer).toMatchObject({
        status: 'acknowledged',
        deviceFacts: {
          serialNumber: device.serialNumber,
          osVersion: device.osVersion,
          productName: device.productName,
          platform: device.platform,
        },
      });
    }

    // The same send again: NanoMDM already has the commands; nothing reaches a device twice.
    const answered = answers.length;
    const again = await connector().send(request);
    expect(again.results.filter(r => r.queued).map(r => r.commandId)).toEqual(
      known.map(r => r.commandId),
    );
    await sim.mdm.idle();
    expect(resultsOf(new Set(known.map(r => r.commandId)))).toHaveLength(
      answered,
    );
  });

  it('asks for installed apps in small batches and decodes the lists', async () => {
    const result = await connector(4).send({
      commandId: 'c3a1e2f4-7b6d-4c5e-8a9f-1b2c3d4e5f60',
      action: { type: 'installed-apps' },
      targets: targets(),
    });
    expect(result.results.every(r => r.queued)).toBe(true);
    // Batches of 4 go under ids derived per batch.
    expect(new Set(result.results.map(r => r.commandId)).size).toBe(
      Math.ceil(devices().length / 4),
    );
    await sim.mdm.idle();
    expect(parseErrors).toEqual([]);
    const answers = resultsOf(new Set(result.results.map(r => r.commandId)));
    expect(answers).toHaveLength(devices().length);
    for (const device of devices()) {
      const answer = answers.find(a => a.udid === device.udid)!;
      expect(answer.installedApps?.map(a => a.bundleId).sort()).toEqual(
        device.apps.map(a => a.bundleId).sort(),
      );
    }
  });
});
