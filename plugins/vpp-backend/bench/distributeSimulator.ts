/* eslint-disable no-console */
/**
 * Child process of `yarn bench distribute`: the simulator (Apple and NanoMDM with its
 * devices), kept out of the benchmark's process so that its work and memory do not count
 * as the backend's. Argument: JSON `{ devices, webhookUrl, webhookPassword }`.
 *
 * The devices enrol at start with the webhook switched off (the benchmark writes them to
 * its database directly: enrolling 10,000 devices through the webhook is not what it
 * measures), then the webhook goes on. Prints one JSON line `{ appleBaseUrl, nanomdmUrl,
 * devices: [{ udid, serialNumber }] }`; then answers each `report` line on stdin with
 * one JSON line of what Apple and the MDM server saw (see {@link report}).
 */
import { startSimulator, RunningSimulator } from '@internal/vpp-simulator';
import { createInterface } from 'node:readline';
import {
  AssociationLog,
  installCommands,
  PROOF_API_KEY,
  PROOF_APPS,
  proofDevices,
  proofFixture,
  seededSequence,
} from '../src/services/distributions/proofHarness';

function count<T>(items: T[], key: (item: T) => string) {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** What Apple and the MDM server saw, and what the devices have. */
function report(sim: RunningSimulator, associations: AssociationLog) {
  const apple = sim.state.requests({ pathPrefix: '/mdm/v2' });
  const mdm = sim.state.requests({ pathPrefix: '/nanomdm/v1' });
  const enqueues = mdm.filter(r => r.path.startsWith('/nanomdm/v1/enqueue'));
  let installed = 0;
  let repeatedInstalls = 0;
  let missingInstalls = 0;
  for (const device of sim.mdm.devices.all()) {
    for (const app of PROOF_APPS) {
      const has = device.apps.find(a => a.bundleId === app.bundleId);
      if (has?.managed && !has.installingUntil) installed++;
      else if (has?.managed && has.installingUntil! <= Date.now()) installed++;
      const commands = installCommands(sim, device.udid, app.adamId);
      if (commands.length === 0) missingInstalls++;
      repeatedInstalls += Math.max(0, commands.length - 1);
    }
  }
  return {
    associateCalls: associations.calls,
    associatedPairs: associations.pairs,
    pairsAssociatedMoreThanOnce: associations.repeated().length,
    appleCalls: apple.length,
    appleCallsByPath: count(apple, r => `${r.method} ${r.path}`),
    appleMaxPerSecond: Math.max(
      0,
      ...sim.state
        .requestStats({ pathPrefix: '/mdm/v2' })
        .map(s => s.maxInAnyWindow),
    ),
    enqueueCalls: enqueues.length,
    enqueueWithoutPush: enqueues.filter(r => /[?&]nopush=/.test(r.query))
      .length,
    pushCalls: mdm.filter(r => r.path.startsWith('/nanomdm/v1/push')).length,
    appsInstalledOnDevices: installed,
    installCommandsRepeated: repeatedInstalls,
    installCommandsMissing: missingInstalls,
    webhook: { ...sim.mdm.webhook.stats },
  };
}

// Ended by the benchmark with SIGTERM: exit normally (a `--cpu-prof` profile is written).
process.on('SIGTERM', () => process.exit(0));

async function main() {
  const input: {
    devices: number;
    webhookUrl: string;
    webhookPassword: string;
  } = JSON.parse(process.argv[2]);
  const sim = await startSimulator({
    port: 0,
    eventDelayMs: 0,
    fixture: proofFixture(input.devices + 1000),
    random: seededSequence(3),
    mdm: {
      apiKey: PROOF_API_KEY,
      devices: proofDevices(input.devices),
      random: seededSequence(5),
      switches: {
        pushDelayMs: 0,
        installTimeMs: 0,
        duplicateEventRate: 0,
        outOfOrderRate: 0,
        // NanoMDM posts each event on its own (asynchronously, after answering the
        // device), so events in flight are as many as devices talking at once: no limit
        // of its own. 64 is a modest share of 10,000 devices woken in rounds of 3,000.
        webhookConcurrency: 64,
      },
    },
  });
  const associations = new AssociationLog(sim);
  sim.mdm.enrollAll();
  await sim.mdm.idle();
  sim.mdm.webhook.events.length = 0;
  sim.mdm.webhookTarget.url = input.webhookUrl;
  sim.mdm.webhookTarget.password = input.webhookPassword;
  sim.state.clearRequestLog();
  sim.mdm.commandLog.clear();
  console.log(
    JSON.stringify({
      appleBaseUrl: sim.appleBaseUrl,
      lookupUrl: sim.lookupUrl,
      nanomdmUrl: sim.nanomdmUrl,
      devices: [...sim.mdm.devices.all()].map(d => ({
        udid: d.udid,
        serialNumber: d.serialNumber,
      })),
    }),
  );
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'report') {
      await sim.mdm.idle();
      console.log(JSON.stringify(report(sim, associations)));
    }
  }
  await sim.close();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
