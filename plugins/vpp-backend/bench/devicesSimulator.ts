/* eslint-disable no-console */
/**
 * Child process of `yarn bench devices`: the simulator's NanoMDM, which the device
 * service sends its inventory commands to after each TokenUpdate, kept out of the
 * benchmark's process so that its work does not count as ours. It has the devices that
 * enrol during the ingest (argument: how many), so their commands are queued as a real
 * NanoMDM would queue them; their pushes are answered only after the benchmark. Prints
 * one JSON line with the URL and their UDIDs, then serves until killed.
 */
import { startSimulator } from '@internal/vpp-simulator';

async function main() {
  const enrolling = Number(process.argv[2] ?? 10_000);
  const sim = await startSimulator({
    port: 0,
    rateLimit: false,
    mdm: {
      devices: { generate: enrolling, seed: 10 },
      switches: { pushDelayMs: 3_600_000 },
    },
  });
  console.log(
    JSON.stringify({
      nanomdmUrl: sim.nanomdmUrl,
      udids: [...sim.mdm.devices.all()].map(d => d.udid),
    }),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
