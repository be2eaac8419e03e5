#!/usr/bin/env bash
# The pipeline at national scale: `fleetkam gen` builds 500,000 accounts, 2 million opportunities
# and about 3 million deliveries (on SQLite once, cached in build/bench-data/; on a throw-away
# PostgreSQL each run), then wrk drives
#   BOARD    GET /api/v1/opportunities/board             as a province (am_sichuan) and a dealer (rep_chengdu)
#   SUMMARY  GET /api/v1/deliveries/summary, 12 months   per province as HQ (director), per unit as a province
# and prints p50/p95/p99. Targets: a province's board p95 < 50 ms; units per province per month
# for a year p95 < 100 ms.
# Usage: bench/opportunities.sh [seconds per run, default 10] [connection counts, default "1 4"]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-1 4}
bin=build/fleetkam
[ -x "$bin" ] || { echo "build first: make build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
mkdir -p build/bench-data

to=$(date -u +%Y-%m)
from=$(date -u -d "$(date -u +%Y-%m-15) -11 months" +%Y-%m)
BOARD='/api/v1/opportunities/board|/api/v1/opportunities/board?per_stage=50'
SUMMARY="/api/v1/deliveries/summary?from=$from&to=$to&by=month,province|/api/v1/deliveries/summary?from=$from&to=$to&by=month,unit"

run_suite() {
  local url=$1 label=$2 port pid token user mix
  port=$((20000 + RANDOM % 20000))
  "$bin" serve --db "$url" --listen "127.0.0.1:$port" --threads 64 >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
  echo "wrk: ${seconds}s per run; $label"
  for pair in am_sichuan:BOARD rep_chengdu:BOARD director:SUMMARY am_sichuan:SUMMARY; do
    user=${pair%%:*}
    mix=${pair##*:}
    token=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
      -d "{\"username\":\"$user\",\"password\":\"Demo-pass-2026\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/')
    for c in $connections; do
      printf '%-10s %-12s %-8s %2s conn ' "$label" "$user" "$mix" "$c"
      TOKEN=$token PATHS=${!mix} wrk -t 1 -c "$c" -d "${seconds}s" -s bench/paths.lua \
        "http://127.0.0.1:$port" | tail -n 1
    done
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

databases=${FLEETKAM_BENCH_DATABASES:-sqlite postgresql}
sqlite_db=build/bench-data/pipeline-2m.db
if [[ " $databases " == *" sqlite "* ]]; then
  if [ ! -f "$sqlite_db" ]; then
    echo "generating $sqlite_db (about 5 minutes)"
    "$bin" gen --db "sqlite:$sqlite_db" --accounts 500000 --opportunities 2000000 --deliveries 3000000
  fi
  run_suite "sqlite:$sqlite_db" sqlite
fi
[[ " $databases " == *" postgresql "* ]] || exit 0

export -f run_suite
export bin seconds connections BOARD SUMMARY
FLEETKAM_PG_DURABLE=1 scripts/with-postgres.sh bash -c '
  base=${FLEETKAM_TEST_POSTGRES_URL%/postgres}
  "'"$bin"'" migrate --db "$base/postgres" >/dev/null
  echo "generating 500,000 accounts, 2 million opportunities, 3 million deliveries on PostgreSQL (several minutes)"
  "'"$bin"'" gen --db "$base/postgres" --accounts 500000 --opportunities 2000000 --deliveries 3000000
  run_suite "$base/postgres" postgresql'
