#!/usr/bin/env bash
# Calendar reports through HTTP on the national `fleetkam gen` data (500,000 accounts, 2 million
# opportunities, 3 million deliveries, about 2,000 dealers and 10,000 people, a year's visits when
# the visits generator is in, and 12 weeks of weekly tracking tables and 4 months of monthly tables
# for every person): wrk drives
#   WEEKLY      GET /api/v1/reports/{id}   this week's tracking table of 400 different people,
#               opened prefilled (key accounts, this week's visits and moves, last week carried)
#   BOARD       GET /api/v1/report-board   HQ's overdue board for the current week (10,000 people),
#               and a province's (am_sichuan)
#   LIST        GET /api/v1/reports?kind=weekly_tracking&period=…&status=late,missing  HQ's first page
# at 1 and 8 connections, and prints req/s, p50/p95/p99 and the server's CPU time per request.
# Targets: the weekly table under 50 ms p95, HQ's board for the week under 100 ms p95.
# Usage: bench/reports.sh [seconds per run, default 10] [connection counts, default "1 8"]
#   FLEETKAM_BENCH_DATABASES="sqlite postgresql"  FLEETKAM_BIN=build/fleetkam
#   FLEETKAM_BENCH_WAIT=FILE  PostgreSQL: generate the data, then wait for FILE before measuring
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-1 8}
accounts=${FLEETKAM_BENCH_ACCOUNTS:-500000}
opportunities=${FLEETKAM_BENCH_OPPORTUNITIES:-2000000}
deliveries=$((opportunities * 3 / 2))
bin=${FLEETKAM_BIN:-build/fleetkam}
[ -x "$bin" ] || { echo "build first: make build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
mkdir -p build/bench-data

run_suite() {
  local url=$1 label=$2 port pid token c line before after requests mix user label_mix paths week ids
  port=$((20000 + RANDOM % 20000))
  local log=build/bench-data/reports-server-$label.log
  "$bin" serve --db "$url" --listen "127.0.0.1:$port" --threads 64 >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
  # The reminder sweep runs when the server starts (then every 5 minutes: 2-4 s on this set): the
  # runs start after it, or its CPU is counted against the first run's requests.
  for _ in $(seq 600); do grep -q "reminder sweep" "$log" && break; sleep 0.5; done
  grep "reminder sweep" "$log" | head -n 1
  cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
  login() {
    curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
      -d "{\"username\":\"$1\",\"password\":\"Demo-pass-2026\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/'
  }
  token=$(login director)
  week=$(curl -sf "http://127.0.0.1:$port/api/v1/report-board?kind=weekly_tracking" -H "Authorization: Bearer $token" |
    sed -E 's/.*"period":"([^"]+)".*/\1/')
  # 400 people's tables of this week, spread over the country (every 25th of the first 10,000)
  ids=$(curl -sf "http://127.0.0.1:$port/api/v1/reports?kind=weekly_tracking&period=$week&limit=200" \
    -H "Authorization: Bearer $token" | grep -oE '"id":[0-9]+,"kind"' | grep -oE '[0-9]+' | head -n 200)
  local more cursor
  cursor=$(curl -sf "http://127.0.0.1:$port/api/v1/reports?kind=weekly_tracking&period=$week&limit=200" \
    -H "Authorization: Bearer $token" | sed -E 's/.*"next_cursor":"([^"]+)".*/\1/')
  for _ in $(seq 49); do
    more=$(curl -sf "http://127.0.0.1:$port/api/v1/reports?kind=weekly_tracking&period=$week&limit=200&cursor=$cursor" \
      -H "Authorization: Bearer $token")
    cursor=$(sed -E 's/.*"next_cursor":"([^"]+)".*/\1/' <<<"$more")
    ids="$ids $(grep -oE '"id":[0-9]+,"kind"' <<<"$more" | grep -oE '[0-9]+' | awk 'NR % 25 == 1')"
  done
  local W B L
  W=$(for id in $ids; do printf '/api/v1/reports/%s|' "$id"; done)
  B="/api/v1/report-board?kind=weekly_tracking&period=$week"
  L="/api/v1/reports?kind=weekly_tracking&period=$week&status=late,missing"
  echo "wrk: ${seconds}s per run; $label; week $week; $(wc -w <<<"$ids") weekly tables"
  for mix in "director|weekly table (400 people)|$W" "director|board HQ week|$B" "am_sichuan|board Sichuan week|$B" \
    "director|list HQ late+missing|$L"; do
    IFS='|' read -r user label_mix paths <<<"$mix"
    token=$(login "$user")
    for c in $connections; do
      before=$(cpu)
      line=$(TOKEN=$token PATHS=$paths wrk -t 1 -c "$c" -d "${seconds}s" --timeout 10s -s bench/paths.lua \
        "http://127.0.0.1:$port" | tail -n 1)
      after=$(cpu)
      requests=$(awk -v s="$seconds" '{print $1 * s}' <<<"$line")
      printf '%-10s %-26s %2s conn %s  cpu/req %.2f ms\n' "$label" "$label_mix" "$c" "$line" \
        "$(awk -v t=$((after - before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" \
          'BEGIN { print (n > 0 ? t * 1000 / hz / n : 0) }')"
    done
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

databases=${FLEETKAM_BENCH_DATABASES:-sqlite postgresql}
base_db=build/bench-data/targets-$accounts-$opportunities.db
sqlite_db=build/bench-data/reports-$accounts-$opportunities.db
if [[ " $databases " == *" sqlite "* ]]; then
  if [ ! -f "$sqlite_db" ]; then
    if [ -f "$base_db" ]; then
      echo "adding the calendar reports (and visits) to a copy of $base_db"
      cp "$base_db" "$sqlite_db.tmp"
      "$bin" gen --db "sqlite:$sqlite_db.tmp" --accounts 0 --opportunities 0 --no-plan
    else
      echo "generating $sqlite_db: $accounts accounts, $opportunities opportunities, $deliveries deliveries"
      "$bin" gen --db "sqlite:$sqlite_db.tmp" --accounts "$accounts" --opportunities "$opportunities" \
        --deliveries "$deliveries"
    fi
    mv "$sqlite_db.tmp" "$sqlite_db"
  fi
  run_suite "sqlite:$sqlite_db" sqlite
fi
[[ " $databases " == *" postgresql "* ]] || exit 0

export -f run_suite
export bin seconds connections
FLEETKAM_PG_DURABLE=1 scripts/with-postgres.sh bash -c '
  base=${FLEETKAM_TEST_POSTGRES_URL%/postgres}
  "'"$bin"'" migrate --db "$base/postgres" >/dev/null
  echo "generating '"$accounts"' accounts, '"$opportunities"' opportunities, '"$deliveries"' deliveries on PostgreSQL"
  "'"$bin"'" gen --db "$base/postgres" --accounts '"$accounts"' --opportunities '"$opportunities"' \
    --deliveries '"$deliveries"'
  while [ -n "${FLEETKAM_BENCH_WAIT:-}" ] && [ ! -e "$FLEETKAM_BENCH_WAIT" ]; do sleep 5; done
  run_suite "$base/postgres" postgresql'
