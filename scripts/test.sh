#!/usr/bin/env bash
# The whole test suite, as the README's test command and CI run it. Stops at the first
# failing phase. Phases: setup, tsc, lint, prettier, jest (database tests on SQLite and
# PostgreSQL), production build, Playwright in Debian's Chromium against the built app
# served by the backend. Ends with one line "N passed, N failed" summed over Jest and
# Playwright, read from their JSON reports.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ARTIFACTS="$ROOT/artifacts"
BACKEND_PID=""
declare -a PHASES=()

stop_backend() {
  if [ -n "$BACKEND_PID" ]; then
    kill -TERM -- "-$BACKEND_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$BACKEND_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$BACKEND_PID" 2>/dev/null || true
    BACKEND_PID=""
  fi
}
CURRENT_PHASE=""
PHASE_START=0
on_exit() {
  local rc=$?
  stop_backend
  if [ "$rc" -ne 0 ] && [ -n "$CURRENT_PHASE" ]; then
    printf '\n\033[1;31mFAILED in phase "%s"\033[0m (after %ss)\n' "$CURRENT_PHASE" "$((SECONDS - PHASE_START))"
  fi
}
trap on_exit EXIT

# Runs one phase. Not inside `if`, so `set -e` stays in force in the phase's functions
# and the first failing command ends the run (the EXIT trap names the phase).
phase() {
  CURRENT_PHASE="$1"
  shift
  printf '\n\033[1m=== %s ===\033[0m\n' "$CURRENT_PHASE"
  PHASE_START=$SECONDS
  "$@"
  PHASES+=("$(printf '%-10s %4ss' "$CURRENT_PHASE" "$((SECONDS - PHASE_START))")")
  CURRENT_PHASE=""
}

rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS/screenshots"

setup_phase() {
  # shellcheck source=setup.sh
  . "$ROOT/scripts/setup.sh" --with-test-deps
  export CI=true
  local pg
  pg=$("$ROOT/scripts/postgres.sh")
  if [[ ! "$pg" =~ ^postgresql://[^[:space:]]+$ ]]; then
    echo "scripts/postgres.sh printed no usable connection string: [$pg]" >&2
    return 1
  fi
  # TestDatabases runs every store test on each database it has a connection for.
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$pg"
  export BACKSTAGE_TEST_DISABLE_DOCKER=1
}
phase setup setup_phase

phase tsc yarn tsc

phase lint yarn lint:all

phase prettier yarn prettier:check

jest_phase() {
  yarn backstage-cli repo test --verbose --json --outputFile="$ARTIFACTS/jest.json"
  # Guard against a silently skipped database: the store tests must have run on both.
  node -e '
    const r = require(process.argv[1]);
    const names = r.testResults.flatMap(f => f.assertionResults.map(a => a.fullName));
    const missing = ["SQLITE_3", "POSTGRES_15"].filter(id => !names.some(n => n.includes(id)));
    if (missing.length) { console.error("No database test ran on: " + missing.join(", ")); process.exit(1); }
    console.log("Database tests ran on SQLITE_3 and POSTGRES_15");
  ' "$ARTIFACTS/jest.json"
}
phase jest jest_phase

phase build yarn build:all

e2e_phase() {
  # The backend serves the built app (packages/app/dist) on :7007, with the simulator
  # embedded on :7010, as in development.
  # Without the CLI's file watching: a restart would wipe the in-memory database mid-test.
  # NODE_ENV=development as `yarn start` has it: guest sign-in only works there.
  # No demo data: these tests register the simulator's tokens themselves (the first-run
  # test below covers the demo data).
  (cd packages/backend && NODE_ENV=development APP_CONFIG_app_baseUrl=http://localhost:7007 \
    APP_CONFIG_vpp_simulator_demoData=false \
    exec setsid node --require @backstage/cli-node/config/nodeTransform.cjs src/index.ts \
    --config ../../app-config.yaml) >"$ARTIFACTS/backend.log" 2>&1 &
  BACKEND_PID=$!
  local ok=""
  for _ in $(seq 1 180); do
    if curl -sf http://localhost:7007/api/vpp/health >/dev/null && curl -sf http://localhost:7007/ >/dev/null; then
      ok=1
      break
    fi
    kill -0 "$BACKEND_PID" 2>/dev/null || break
    sleep 1
  done
  if [ -z "$ok" ]; then
    echo "The backend did not come up; last lines of artifacts/backend.log:" >&2
    tail -40 "$ARTIFACTS/backend.log" >&2
    return 1
  fi
  PLAYWRIGHT_URL=http://localhost:7007 yarn test:e2e --grep-invert @first-run
  stop_backend
  # The first start as a newcomer makes it: ./scripts/start.sh --fresh on an empty data
  # folder, demo data, then a restart. The test starts and stops that backend itself.
  VPP_E2E_FIRST_RUN=1 PLAYWRIGHT_REPORT_NAME=first-run PLAYWRIGHT_URL=http://localhost:7007 \
    yarn test:e2e --grep @first-run
}
phase e2e e2e_phase

printf '\n\033[1m=== summary ===\033[0m\n'
printf '%s\n' "${PHASES[@]}"
echo "screenshots: artifacts/screenshots/ ; reports: artifacts/"
node -e '
  const jest = require(process.argv[1]);
  const runs = [require(process.argv[2]), require(process.argv[3])];
  const pw = { stats: {} };
  for (const key of ["expected", "unexpected", "flaky", "skipped"]) {
    pw.stats[key] = runs.reduce((sum, run) => sum + run.stats[key], 0);
  }
  const passed = jest.numPassedTests + pw.stats.expected + pw.stats.flaky;
  const failed = jest.numFailedTests + pw.stats.unexpected;
  const skipped = jest.numPendingTests + jest.numTodoTests + pw.stats.skipped;
  console.log(`jest: ${jest.numPassedTests} passed, ${jest.numFailedTests} failed; playwright: ${pw.stats.expected} passed, ${pw.stats.unexpected} failed`);
  console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
' "$ARTIFACTS/jest.json" "$ARTIFACTS/playwright/results.json" "$ARTIFACTS/playwright/first-run.json"
