#!/usr/bin/env bash
# Sets everything up and starts the portal: guest sign-in, the simulator on
# http://localhost:7010 acting as Apple and as the MDM server, and SQLite kept in .data/
# (git-ignored) so a restart keeps registered tokens, settings and history. The simulator's
# state is kept beside it (.data/simulator.json), so Apple's side survives a restart too.
# On the first start (empty database) the simulator's Tokyo and Osaka tokens are registered
# as demo data. Stop with Ctrl-C.
#
#   ./scripts/start.sh            portal (app on :3000, backend on :7007)
#   ./scripts/start.sh --fresh    the same, starting from an empty database
#   ./scripts/start.sh backend    the backend alone (any other arguments go to `yarn start`)
#
# VPP_DATA_DIR overrides where the data is kept (default: .data in the repository).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

FRESH=""
declare -a ARGS=()
for arg in "$@"; do
  case "$arg" in
    --fresh) FRESH=1 ;;
    *) ARGS+=("$arg") ;;
  esac
done

DATA_DIR="${VPP_DATA_DIR:-$ROOT/.data}"
mkdir -p "$(dirname "$DATA_DIR")"
DATA_DIR="$(cd "$(dirname "$DATA_DIR")" && pwd)/$(basename "$DATA_DIR")"
DB_DIR="$DATA_DIR/db"
SIMULATOR_STATE="$DATA_DIR/simulator.json"

if [ -n "$FRESH" ]; then
  rm -rf "$DATA_DIR"
  echo "Starting from an empty database (removed $DATA_DIR)."
else
  # One side without the other would disagree: the portal would show tokens and licenses
  # Apple does not know, or Apple would remember a portal that never existed.
  has_db=""
  [ -n "$(ls -A "$DB_DIR" 2>/dev/null)" ] && has_db=1
  has_simulator=""
  [ -f "$SIMULATOR_STATE" ] && has_simulator=1
  if [ "$has_db" != "$has_simulator" ]; then
    echo "Only one of $DB_DIR and $SIMULATOR_STATE exists; starting from an empty database."
    rm -rf "$DATA_DIR"
  fi
fi
mkdir -p "$DB_DIR"

# setup.sh reads the positional parameters as its own options: give it none.
set --
# shellcheck source=setup.sh
. "$ROOT/scripts/setup.sh"

export APP_CONFIG_backend_database_connection="{\"directory\":\"$DB_DIR\"}"
export APP_CONFIG_vpp_simulator_stateFile="$SIMULATOR_STATE"

cat <<MSG

  VPP for Backstage is starting (the first start compiles the app; give it a minute).

    Portal:     http://localhost:3000   <- open this, then "Enter" as guest
    Backend:    http://localhost:7007   (API: http://localhost:7007/api/vpp/health)
    Simulator:  http://localhost:7010   (stands in for Apple and the MDM server)
    Data:       $DATA_DIR   (./scripts/start.sh --fresh starts empty)

MSG
exec yarn start ${ARGS[@]+"${ARGS[@]}"}
