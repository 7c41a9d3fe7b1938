/* eslint-disable no-console */
/**
 * Child process of `yarn bench sync`: the simulator with one generated large location,
 * kept out of the benchmark's process so its 200,000 assignments do not count towards
 * the sync's memory. Prints one JSON line with the URLs, then serves until killed.
 */
import { generateLargeLocation, startSimulator } from '@internal/vpp-simulator';

async function main() {
  const assignments = Number(process.argv[2] ?? 200_000);
  const assets = Number(process.argv[3] ?? 2_000);
  const sim = await startSimulator({
    port: 0,
    rateLimit: false,
    eventDelayMs: 0,
    fixture: {
      name: 'bench',
      catalog: [],
      locations: [
        generateLargeLocation({ id: 'loc-large', assets, assignments }),
      ],
    },
  });
  console.log(
    JSON.stringify({
      baseUrl: sim.baseUrl,
      appleBaseUrl: sim.appleBaseUrl,
      lookupUrl: sim.lookupUrl,
    }),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
