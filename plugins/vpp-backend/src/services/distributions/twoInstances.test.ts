/**
 * R-DIST-8, scale: two backend instances on one PostgreSQL — each its own runtime on its
 * own knex pool — work the same distributions at the same time, each running worker
 * passes back to back, while the devices' answers reach one instance or the other (as
 * behind a load balancer). Then every item is `installed`, Apple was asked to associate
 * each (app, serial) exactly once, and each device received each `InstallApplication`
 * exactly once.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { RunningSimulator, startSimulator } from '@internal/vpp-simulator';
import knexFactory, { Knex } from 'knex';
import { createDistributionRuntime } from './index';
import {
  AssociationLog,
  outcomeProblems,
  PROOF_API_KEY,
  PROOF_APPS,
  PROOF_LOCATION,
  PROOF_USER,
  PROOF_WEBHOOK_SECRET,
  PROOF_WORKER_CONFIG,
  deviceIdsBySerial,
  registerAndSync,
  proofDevices,
  proofFixture,
  quietLogger,
  seededSequence,
  startWebhookReceiver,
} from './proofHarness';

jest.setTimeout(180_000);

const DEVICES = 60;
const FINAL = new Set(['completed', 'completed-with-failures', 'cancelled']);

type Runtime = Awaited<ReturnType<typeof createDistributionRuntime>>;

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const describeWithPostgres = databases.supports('POSTGRES_15')
  ? describe
  : describe.skip;

describeWithPostgres('two instances on one PostgreSQL', () => {
  let sim: RunningSimulator;
  let associations: AssociationLog;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const instances: Runtime[] = [];
  const pick = seededSequence(31);

  beforeAll(async () => {
    receiver = await startWebhookReceiver({
      nanomdmUrl: () => sim.nanomdmUrl,
      // Each event to one of the instances, at random.
      sink: () => instances[Math.floor(pick() * instances.length)].devices,
    });
    sim = await startSimulator({
      port: 0,
      eventDelayMs: 0,
      fixture: proofFixture(1000),
      random: seededSequence(17),
      mdm: {
        apiKey: PROOF_API_KEY,
        webhookUrl: receiver.url,
        webhookPassword: PROOF_WEBHOOK_SECRET,
        devices: proofDevices(DEVICES),
        random: seededSequence(19),
        switches: {
          pushDelayMs: 0,
          installTimeMs: 0,
          duplicateEventRate: 0.05,
          outOfOrderRate: 0,
        },
      },
    });
    associations = new AssociationLog(sim);
  });
  afterAll(async () => {
    for (const runtime of instances) await runtime.close();
    await sim?.close();
    await receiver?.close();
  });

  it('installs every item exactly once while both instances work the same distributions', async () => {
    const knex = await databases.init('POSTGRES_15');
    const secondKnex = knexFactory({
      client: 'pg',
      connection: (knex.client.config as Knex.Config).connection,
      pool: { min: 0, max: 5 },
    });
    for (const db of [knex, secondKnex]) {
      instances.push(
        await createDistributionRuntime({
          knex: db,
          appleBaseUrl: sim.appleBaseUrl,
          mdm: { baseUrl: sim.nanomdmUrl, apiKey: PROOF_API_KEY },
          config: PROOF_WORKER_CONFIG,
          logger: quietLogger,
        }),
      );
    }
    const [first, second] = instances;
    const tokenId = await registerAndSync(
      first,
      sim,
      sim.state.downloadToken(PROOF_LOCATION),
    );
    sim.mdm.enrollAll();
    await sim.mdm.idle();
    const serials = [...sim.mdm.devices.all()].map(d => d.serialNumber).sort();
    const ids = await deviceIdsBySerial(first, serials);
    expect(ids.size).toBe(DEVICES);
    const devices = serials.map(serialNumber => ({
      serialNumber,
      id: ids.get(serialNumber)!,
    }));

    // Three distributions of 20 devices, the last two sharing one app with the first
    // devices' distribution of the other two apps, created on either instance.
    const groups = [0, 1, 2].map(g => devices.slice(g * 20, g * 20 + 20));
    const plans = [
      {
        devices: groups[0],
        adamIds: [PROOF_APPS[0].adamId, PROOF_APPS[1].adamId],
      },
      {
        devices: groups[1],
        adamIds: [PROOF_APPS[1].adamId, PROOF_APPS[2].adamId],
      },
      {
        devices: groups[2],
        adamIds: [PROOF_APPS[0].adamId, PROOF_APPS[2].adamId],
      },
    ];
    const distributionIds: string[] = [];
    for (const [n, plan] of plans.entries()) {
      const distribution = await instances[n % 2].distributions.create(
        {
          tokenId,
          adamIds: plan.adamIds,
          platform: 'ios',
          licenseMode: 'auto',
          targets: { deviceIds: plan.devices.map(d => d.id) },
        },
        PROOF_USER,
        undefined,
      );
      distributionIds.push('id' in distribution ? distribution.id : '');
    }

    const work = async (runtime: Runtime) => {
      for (let pass = 0; pass < 500; pass++) {
        await runtime.runWorkerPass();
        const states = await Promise.all(
          distributionIds.map(
            async id => (await runtime.distributions.get(id)).state,
          ),
        );
        if (states.every(state => FINAL.has(state))) return pass + 1;
        await new Promise(resolve => setTimeout(resolve, 10));
      }
      throw new Error('The distributions did not finish in 500 passes');
    };
    const passes = await Promise.all([work(first), work(second)]);
    expect(passes.every(n => n > 0)).toBe(true);
    await sim.mdm.idle();

    for (const [n, plan] of plans.entries()) {
      expect(
        await outcomeProblems({
          sim,
          associations,
          distributions: instances[(n + 1) % 2].distributions,
          distributionId: distributionIds[n],
          serials: plan.devices.map(d => d.serialNumber),
          adamIds: plan.adamIds,
        }),
      ).toEqual([]);
    }
    expect(associations.repeated()).toEqual([]);
  });
});
