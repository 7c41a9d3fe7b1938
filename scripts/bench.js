#!/usr/bin/env node
// `yarn bench <name> [args…]`: runs a benchmark script written in TypeScript with the
// Backstage CLI's Node transform. Benchmarks print figures; they never assert timings.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const benches = {
  apple: 'plugins/vpp-backend/bench/apple.ts',
  sync: 'plugins/vpp-backend/bench/sync.ts',
  devices: 'plugins/vpp-backend/bench/devices.ts',
  distribute: 'plugins/vpp-backend/bench/distribute.ts',
};

const [name, ...args] = process.argv.slice(2);
if (!benches[name]) {
  console.error(
    `Usage: yarn bench <${Object.keys(benches).join('|')}> [options]`,
  );
  process.exit(2);
}
/**
 * Node flags of a benchmark's process besides `--expose-gc`. The benchmarks that measure
 * the backend's memory run it with a heap limit sized for a container, as a production
 * backend would: with Node's default limit (a quarter of this machine's 24 GB) V8 lets
 * garbage grow to four times the live heap before collecting it (distribution: live
 * heap 40-70 MB, peak heap 280-316 MB; `--trace-gc`).
 */
const CONTAINER_HEAP = '--max-old-space-size=512';
const nodeFlags = {
  devices: [CONTAINER_HEAP],
  distribute: [CONTAINER_HEAP],
};

const root = path.resolve(__dirname, '..');
const file = path.join(root, benches[name]);
const result = spawnSync(
  process.execPath,
  [
    '--expose-gc',
    ...(nodeFlags[name] ?? []),
    '--require',
    '@backstage/cli/config/nodeTransform.cjs',
    file,
    ...args,
  ],
  { stdio: 'inherit', cwd: path.dirname(file) },
);
process.exit(result.status ?? 1);
