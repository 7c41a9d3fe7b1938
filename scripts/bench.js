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
const root = path.resolve(__dirname, '..');
const file = path.join(root, benches[name]);
const result = spawnSync(
  process.execPath,
  [
    '--expose-gc',
    '--require',
    '@backstage/cli/config/nodeTransform.cjs',
    file,
    ...args,
  ],
  { stdio: 'inherit', cwd: path.dirname(file) },
);
process.exit(result.status ?? 1);
