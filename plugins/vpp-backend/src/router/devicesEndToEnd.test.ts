import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { VppDevice, VppDeviceDetail } from '@internal/plugin-vpp-common';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { vppPlugin } from '../plugin';
import { exampleOrgGroups } from '../__testUtils__/groups';

jest.setTimeout(120_000);

const SECRET = 'webhook-secret-webhook-secret';

/**
 * The whole path with nothing in between replaced: the simulated NanoMDM posts its
 * webhook events (some twice, some late) to the backend, the backend queues the
 * inventory commands through the NanoMDM connector, the simulated devices answer, and
 * the API lists the devices with their facts and installed apps.
 */
describe('devices from real check-ins (simulated NanoMDM)', () => {
  let sim: RunningSimulator;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    let seed = 42;
    sim = await startSimulator({
      port: 0,
      rateLimit: false,
      mdm: {
        switches: {
          notNowRate: 0.1,
          duplicateEventRate: 0.2,
          outOfOrderRate: 0.2,
          outOfOrderDelayMs: 20,
        },
        // Seeded, so a failure can be replayed.
        random: () => {
          seed = (seed * 16807) % 2147483647;
          return seed / 2147483647;
        },
      },
    });
    const backend = await startTestBackend({
      features: [
        vppPlugin,
        catalogServiceMock.factory({ entities: exampleOrgGroups }),
        mockServices.rootConfig.factory({
          data: {
            vpp: {
              encryptionKey: 'test-key-test-key-test-key-test-key!',
              apple: { baseUrl: sim.appleBaseUrl },
              mdm: {
                nanomdm: {
                  baseUrl: sim.nanomdmUrl,
                  apiKey: 'nanomdm-simulator-key',
                },
                webhook: { secret: SECRET },
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
    const { port } = backend.server.address() as AddressInfo;
    // The backend's port is known only now; point the simulator's webhook at it.
    sim.mdm.webhookTarget.url = `http://127.0.0.1:${port}/api/vpp/mdm/webhook`;
    sim.mdm.webhookTarget.username = 'nanomdm';
    sim.mdm.webhookTarget.password = SECRET;
  });
  afterAll(() => sim.close());

  async function listAll(): Promise<VppDevice[]> {
    const res = await request(server)
      .get('/api/vpp/devices?limit=500&sort=serialNumber')
      .expect(200);
    return res.body.items;
  }

  /**
   * Lets the simulator work until nothing is in flight and every enrolled device has an
   * inventory (NotNow answers bring commands back on a later check-in).
   */
  async function settle() {
    for (let round = 0; round < 20; round++) {
      await sim.mdm.idle();
      const devices = await listAll();
      if (devices.every(d => !d.enrolled || d.inventoryAt)) return devices;
      // Devices that answered NotNow get their commands at the next check-in.
      for (const d of devices.filter(x => x.enrolled && !x.inventoryAt)) {
        await fetch(`${sim.baseUrl}/control/mdm/devices/${d.udid}/check-in`, {
          method: 'POST',
        });
      }
    }
    throw new Error('The devices did not settle in 20 rounds');
  }

  it('lists every enrolled device with its facts, group and installed apps', async () => {
    const simulated = [...sim.mdm.devices.all()];
    sim.mdm.enrollAll();
    const devices = await settle();
    expect(devices).toHaveLength(simulated.length);
    const known = new Set(
      exampleOrgGroups.map(g => `group:default/${g.metadata.name}`),
    );
    for (const expected of simulated) {
      const device = devices.find(d => d.udid === expected.udid)!;
      expect(device).toMatchObject({
        serialNumber: expected.serialNumber,
        platform: expected.platform,
        osVersion: expected.osVersion,
        productName: expected.productName,
        enrolled: true,
        inventoryAt: expect.any(String),
      });
      const group = `group:default/${expected.group}`;
      expect(device.group).toBe(
        known.has(group) ? group : 'group:default/unassigned-devices',
      );
      const detail: VppDeviceDetail = (
        await request(server).get(`/api/vpp/devices/${device.id}`).expect(200)
      ).body;
      expect(detail.installedApps.map(a => a.bundleId).sort()).toEqual(
        expected.apps.map(a => a.bundleId).sort(),
      );
    }
  });

  it('marks a device unenrolled when its MDM profile is removed', async () => {
    const [first] = [...sim.mdm.devices.all()];
    sim.mdm.checkOut(first.udid);
    await sim.mdm.idle();
    const device = (await listAll()).find(d => d.udid === first.udid)!;
    expect(device.enrolled).toBe(false);
  });
});
