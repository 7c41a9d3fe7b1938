#!/usr/bin/env bash
# Starts the machine's PostgreSQL cluster (Debian's postgresql package, installed by
# setup.sh --with-test-deps) on 127.0.0.1:5432 and gives the postgres role a known
# password, so TestDatabases can create throw-away databases in it.
# Prints the connection string on stdout; everything else goes to stderr.
set -euo pipefail

PASSWORD="${VPP_TEST_POSTGRES_PASSWORD:-vpp-test}"

# Only the connection string may reach stdout: pg_ctlcluster prints notes such as
# "Removed stale pid file." there, which once broke the string CI read. Keep the real
# stdout on fd 3 and send everything else to stderr. The server must not inherit fd 3,
# or a caller's $(...) would wait for it to exit.
exec 3>&1 1>&2

version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if [ -z "$version" ]; then
  echo "postgres.sh: PostgreSQL is not installed (run scripts/setup.sh --with-test-deps)" >&2
  exit 1
fi

if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  echo "postgres.sh: creating cluster $version/main" >&2
  pg_createcluster "$version" main >/dev/null 3>&-
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  echo "postgres.sh: starting PostgreSQL $version" >&2
  pg_ctlcluster "$version" main start 3>&-
fi

# Wait until it accepts connections (a fresh start takes a moment).
for _ in $(seq 1 30); do
  if su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done
su postgres -c "psql -qc \"ALTER USER postgres PASSWORD '$PASSWORD'\"" >/dev/null

echo "postgresql://postgres:$PASSWORD@127.0.0.1:5432" >&3
