#!/usr/bin/env bash
# Sets everything up and starts the portal with the embedded defaults: SQLite in memory,
# guest sign-in, and the simulator on http://localhost:7010 acting as Apple and as the
# MDM server. Stop with Ctrl-C.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=setup.sh
. "$ROOT/scripts/setup.sh"

cat <<'MSG'

  VPP for Backstage is starting (the first start compiles the app; give it a minute).

    Portal:     http://localhost:3000   <- open this, then "Enter" as guest
    Backend:    http://localhost:7007   (API: http://localhost:7007/api/vpp/health)
    Simulator:  http://localhost:7010   (stands in for Apple and the MDM server)

MSG
exec yarn start "$@"
