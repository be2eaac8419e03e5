#!/usr/bin/env bash
# The account list and search at national scale: `fleetkam gen` builds 500,000 accounts and about
# 1.5 million contacts (on SQLite once, cached in build/bench-data/; on a throw-away PostgreSQL
# with default durability each run), then wrk drives GET /api/v1/accounts as three callers —
# HQ (director), a province (am_sichuan) and a dealer (rep_chengdu) — with a mix of filters and
# a mix of searches, and prints p50/p95/p99. The import benchmark is build/import_bench
# (FLEETKAM_PG_DURABLE=1 scripts/with-postgres.sh build/import_bench for PostgreSQL too).
# Usage: bench/accounts.sh [seconds per run, default 10] [connection counts, default "1 4"]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-1 4}
bin=build/fleetkam
[ -x "$bin" ] || { echo "build first: make build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
mkdir -p build/bench-data

# Filters: the whole list, a grade, a province, a city and an industry, an industry and a grade,
# a rare industry and a grade, a county and a grade, active only.
LIST='/api/v1/accounts|/api/v1/accounts?grade=key|/api/v1/accounts?division_code=510000|/api/v1/accounts?division_code=510100&industry=police|/api/v1/accounts?industry=health&grade=secondary|/api/v1/accounts?industry=military&grade=key|/api/v1/accounts?division_code=510107&grade=key|/api/v1/accounts?active=true&grade=potential|/api/v1/accounts?division_code=440000&industry=environment|/api/v1/accounts?limit=100'
# Searches: whole-name initials, full pinyin of a place, characters, traditional characters, a
# credit-code prefix, an agency's initials (matches every 公安局), two letters, pinyin of an agency.
SEARCH='/api/v1/accounts?q=cdsgaj|/api/v1/accounts?q=wuhou|/api/v1/accounts?q=%E6%88%90%E9%83%BD%E5%B8%82%E5%85%AC%E5%AE%89%E5%B1%80|/api/v1/accounts?q=%E5%BB%A3%E5%B7%9E%E5%B8%82%E5%85%AC%E5%AE%89%E5%B1%80|/api/v1/accounts?q=11510100|/api/v1/accounts?q=gaj|/api/v1/accounts?q=cd|/api/v1/accounts?q=beijingshi|/api/v1/accounts?q=bjshdqrmfy|/api/v1/accounts?q=qjxcsglj|/api/v1/accounts?q=shichangjiandu|/api/v1/accounts?q=%E6%AD%A6%E4%BE%AF%E5%8C%BA&grade=key'

run_suite() {
  local url=$1 label=$2 port pid token user
  port=$((20000 + RANDOM % 20000))
  "$bin" serve --db "$url" --listen "127.0.0.1:$port" --threads 64 >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
  echo "wrk: ${seconds}s per run; $label"
  for user in director am_sichuan rep_chengdu; do
    token=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
      -d "{\"username\":\"$user\",\"password\":\"Demo-pass-2026\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/')
    for mix in LIST SEARCH; do
      for c in $connections; do
        printf '%-10s %-12s %-7s %2s conn ' "$label" "$user" "$mix" "$c"
        TOKEN=$token PATHS=${!mix} wrk -t 1 -c "$c" -d "${seconds}s" -s bench/paths.lua \
          "http://127.0.0.1:$port" | tail -n 1
      done
    done
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

databases=${FLEETKAM_BENCH_DATABASES:-sqlite postgresql}
sqlite_db=build/bench-data/accounts-500k.db
if [[ " $databases " == *" sqlite "* ]]; then
  if [ ! -f "$sqlite_db" ]; then
    echo "generating $sqlite_db (about 3 minutes)"
    "$bin" gen --db "sqlite:$sqlite_db" --accounts 500000 --opportunities 0
  fi
  run_suite "sqlite:$sqlite_db" sqlite
fi
[[ " $databases " == *" postgresql "* ]] || exit 0

export -f run_suite
export bin seconds connections LIST SEARCH
FLEETKAM_PG_DURABLE=1 scripts/with-postgres.sh bash -c '
  base=${FLEETKAM_TEST_POSTGRES_URL%/postgres}
  "'"$bin"'" migrate --db "$base/postgres" >/dev/null
  echo "generating 500,000 accounts on PostgreSQL (several minutes)"
  "'"$bin"'" gen --db "$base/postgres" --accounts 500000 --opportunities 0
  run_suite "$base/postgres" postgresql'
