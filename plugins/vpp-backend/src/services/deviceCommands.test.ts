import { TestDatabases } from '@backstage/backend-test-utils';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import { Knex } from 'knex';
import { createDistributionRuntime } from './distributions';
import {
  PROOF_API_KEY,
  PROOF_IDENTITY,
  PROOF_WEBHOOK_SECRET,
  proofDevices,
  proofFixture,
  quietLogger,
  seededSequence,
  startWebhookReceiver,
} from './distributions/proofHarness';

jest.setTimeout(60_000);

/**
 * The connector sends a command to many devices in batches, each under an id derived
 * from the request's; the devices answer with those ids, so each target is recorded
 * under the id it got, or its answer could not be tied back. (An answer that arrives
 * before its derived id is recorded is still not tied back: see the report.)
 */
describe('inventory commands sent in several batches', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let sim: RunningSimulator;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let runtime: Awaited<ReturnType<typeof createDistributionRuntime>>;
  let knex: Knex;

  beforeAll(async () => {
    receiver = await startWebhookReceiver({
      nanomdmUrl: () => sim.nanomdmUrl,
      sink: () => runtime.devices,
    });
    sim = await startSimulator({
      port: 0,
      rateLimit: false,
      fixture: proofFixture(10),
      mdm: {
        apiKey: PROOF_API_KEY,
        webhookUrl: receiver.url,
        webhookPassword: PROOF_WEBHOOK_SECRET,
        devices: proofDevices(5),
        random: seededSequence(9),
        switches: { pushDelayMs: 0, duplicateEventRate: 0, outOfOrderRate: 0 },
      },
    });
    knex = await databases.init('SQLITE_3');
    runtime = await createDistributionRuntime({
      knex,
      appleBaseUrl: sim.appleBaseUrl,
      // Two enrollment ids per enqueue: five devices take three requests.
      mdm: { baseUrl: sim.nanomdmUrl, apiKey: PROOF_API_KEY, batchSize: 2 },
      config: { mdmIdentity: PROOF_IDENTITY },
      logger: quietLogger,
    });
  });
  afterAll(async () => {
    await sim?.close();
    await receiver?.close();
  });

  it('records every target under the id the device got', async () => {
    sim.mdm.enrollAll();
    await sim.mdm.idle();
    const rows = await knex('vpp_mdm_commands')
      .select('command_id', 'enrollment_id')
      .where('purpose', 'installed-apps');
    const recorded = new Set(
      rows.map(r => `${r.command_id}/${r.enrollment_id}`),
    );
    const received = [...sim.mdm.devices.all()].flatMap(device =>
      sim.mdm.commandLog
        .list(device.udid)
        .filter(r => r.requestType === 'InstalledApplicationList')
        .map(r => `${r.commandUuid}/${device.udid}`),
    );
    expect(received).toHaveLength(5);
    // Batches of two go under derived ids, and each is recorded.
    expect(new Set(received.map(r => r.split('/')[0])).size).toBeGreaterThan(1);
    expect(received.filter(r => !recorded.has(r))).toEqual([]);
  });
});
