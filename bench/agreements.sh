#!/usr/bin/env bash
# Framework agreements (issue 17) through HTTP on the national `fleetkam gen` data (500,000
# accounts, 2 million opportunities, some 420 agreements, a tenth of the agreement-method orders
# naming one): HQ's coverage table, the agreement page with its sales (the listed agreement in force
# with the most sales: GET /agreements/{id} and /sales), and a province's list and coverage, at 1
# and 8 connections. Target: each under 50 ms p95.
# A national set generated before the agreements existed gets them first (gen --agreements-only).
# Usage: bench/agreements.sh [seconds per run, default 10] [connection counts, default "1 8"]
#   FLEETKAM_BENCH_DATABASES="sqlite postgresql"  FLEETKAM_BIN=build/fleetkam
#   FLEETKAM_BENCH_SQLITE=path  FLEETKAM_BENCH_PG_DATA=dir  (as bench/boards.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
seconds=${1:-10}
connections=${2:-1 8}
bin=${FLEETKAM_BIN:-build/fleetkam}
[ -x "$bin" ] || { echo "build first: make build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

run_agreements() {
  local url=$1 label=$2 token ids best=0 best_units=-1 units sichuan
  "$bin" gen --db "$url" --agreements-only --accounts 0 >/dev/null 2>&1 || true
  bench_start "$url" "agreements-$label"
  token=$(bench_login director)
  ids=$(curl -sf "http://127.0.0.1:$port/api/v1/agreements?application=listed&state=in_force,expiring&limit=200" \
    -H "Authorization: Bearer $token" | grep -oE '"centre_account_id":[0-9]+,"centre_name":"[^"]*","id":[0-9]+|"id":[0-9]+,"level"' |
    grep -oE '"id":[0-9]+' | grep -oE '[0-9]+' || true)
  for id in $ids; do
    units=$(curl -sf "http://127.0.0.1:$port/api/v1/agreements/$id/sales" -H "Authorization: Bearer $token" |
      sed -E 's/.*"units":([0-9]+)[,}].*/\1/' | tail -c 20)
    if [ "${units:-0}" -gt "$best_units" ]; then best=$id; best_units=$units; fi
  done
  sichuan=$(curl -sf "http://127.0.0.1:$port/api/v1/me" -H "Authorization: Bearer $(bench_login am_sichuan)" |
    sed -E 's/.*"org_unit_id":([0-9]+).*/\1/')
  echo "$label: agreement $best has the most sales ($best_units units); Sichuan is unit $sichuan"
  bench_mixes "$label" \
    "director|HQ coverage|/api/v1/agreements/coverage" \
    "director|agreement page + sales|/api/v1/agreements/$best|/api/v1/agreements/$best/sales" \
    "director|HQ list (50)|/api/v1/agreements?limit=50" \
    "am_sichuan|Sichuan list + coverage|/api/v1/agreements?limit=50|/api/v1/agreements/coverage"
  bench_stop
}

databases=${FLEETKAM_BENCH_DATABASES:-sqlite postgresql}
if [[ " $databases " == *" sqlite "* ]]; then
  sqlite_db=${FLEETKAM_BENCH_SQLITE:-build/bench-data/national-500000-2000000.db}
  [ -f "$sqlite_db" ] || { echo "no national set at $sqlite_db: run bench/boards.sh first" >&2; exit 1; }
  run_agreements "sqlite:$sqlite_db" sqlite
fi
[[ " $databases " == *" postgresql "* ]] || exit 0
export -f run_agreements bench_start bench_login bench_cpu bench_mixes bench_stop
export bin seconds connections
pg_data=${FLEETKAM_BENCH_PG_DATA:-build/bench-data/pg-national-500000-2000000}
[ -f "$pg_data/generated" ] || { echo "no national PostgreSQL set in $pg_data: run bench/boards.sh first" >&2; exit 1; }
FLEETKAM_PG_DURABLE=1 FLEETKAM_PG_KEEP=$pg_data scripts/with-postgres.sh bash -c \
  'run_agreements "${FLEETKAM_TEST_POSTGRES_URL%/postgres}/postgres" postgresql'
