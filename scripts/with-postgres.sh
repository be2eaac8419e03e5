#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL server on 127.0.0.1 (Debian's postgresql
# package, data directory in /tmp, removed afterwards). The command finds the server's
# maintenance database in FLEETKAM_TEST_POSTGRES_URL. Tests run it without fsync; benchmarks set
# FLEETKAM_PG_DURABLE=1 for the server's default durability (fsync, synchronous commit).
# FLEETKAM_PG_KEEP=DIR keeps the cluster in DIR instead (made there the first time, stopped but not
# removed afterwards): the benchmarks' national data, generated once.
#   scripts/with-postgres.sh build/fleetkam_api_tests
set -euo pipefail
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pgbin/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
keep=${FLEETKAM_PG_KEEP:-}
if [ -n "$keep" ]; then
  mkdir -p "$keep"
  dir=$(cd "$keep" && pwd)
else
  dir=$(mktemp -d /tmp/fleetkam-pg.XXXXXX)
fi
as_owner=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi
cleanup() {
  if [ -n "$keep" ]; then
    "${as_owner[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m fast -w -t 600 stop >/dev/null 2>&1 || true
    return
  fi
  "${as_owner[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
if [ ! -f "$dir/data/PG_VERSION" ]; then
  "${as_owner[@]}" "$pgbin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
fi
fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[ "${FLEETKAM_PG_DURABLE:-0}" = 1 ] && fast="-c shared_buffers=512MB"
port=""
for candidate in $(seq 55432 55500); do
  if "${as_owner[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $candidate -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir $fast -c max_connections=300" \
      start >/dev/null 2>&1; then
    port=$candidate
    break
  fi
done
[ -n "$port" ] || { cat "$dir/server.log" >&2; echo "could not start PostgreSQL" >&2; exit 1; }
export FLEETKAM_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
# For the tests of a database restart (tests/api/failures_test.cpp): how to stop and start this server.
pgctl="${as_owner[*]} $pgbin/pg_ctl -D $dir/data -l $dir/server.log"
export FLEETKAM_TEST_POSTGRES_STOP="$pgctl -m fast -w -t 60 stop"
export FLEETKAM_TEST_POSTGRES_LOG="$dir/server.log"
export FLEETKAM_TEST_POSTGRES_START="$pgctl -w -t 60 -o '-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir $fast -c max_connections=300' start"
kind="throw-away"
[ -n "$keep" ] && kind="kept"
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($kind, $dir)"
"$@"
