#!/usr/bin/env bash
# Customer care and the support ledger through HTTP on the national `fleetkam gen` data (500,000
# accounts, 2 million opportunities, 3 million deliveries, about 2,000 dealers and 10,000 people,
# a year of follow-ups, events, support requests, gifts and rewards): wrk drives
#   CHART    GET /api/v1/satisfaction/summary?from&to&by=unit   HQ's satisfaction chart, the last
#            12 months per region (director), and per model
#   LEDGER   GET /api/v1/support/ledger?unit_id&year            a province's year (am_sichuan; and
#            HQ's director reading 10 provinces in turn)
#   REQUESTS GET /api/v1/support/requests?unit_id               a province's first page
# at 1 and 8 connections, and prints req/s, p50/p95/p99 and the server's CPU time per request.
# Targets: HQ's satisfaction chart and a province's ledger for a year under 100 ms p95.
# Usage: bench/care.sh [seconds per run, default 10] [connection counts, default "1 8"]
#   FLEETKAM_BENCH_DATABASES="sqlite postgresql"  FLEETKAM_BIN=build/fleetkam
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
  local url=$1 label=$2 port pid token c line before after requests mix user label_mix paths year from to
  port=$((20000 + RANDOM % 20000))
  local log=build/bench-data/care-server-$label.log
  "$bin" serve --db "$url" --listen "127.0.0.1:$port" --threads 64 >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
  # the reminder sweep runs when the server starts: the runs start after it
  for _ in $(seq 600); do grep -q "reminder sweep" "$log" && break; sleep 0.5; done
  cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
  login() {
    curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
      -d "{\"username\":\"$1\",\"password\":\"Demo-pass-2026\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/'
  }
  year=$(TZ=Asia/Shanghai date +%Y)
  to=$(TZ=Asia/Shanghai date +%Y-%m)
  from=$(TZ=Asia/Shanghai date -d "$(TZ=Asia/Shanghai date +%Y-%m-15) -11 months" +%Y-%m)
  token=$(login director)
  # the provinces' ids (Sichuan's is am_sichuan's unit)
  local provinces sichuan
  provinces=$(curl -sf "http://127.0.0.1:$port/api/v1/org/units?kind=province&limit=200" -H "Authorization: Bearer $token" |
    grep -oE '"id":[0-9]+' | grep -oE '[0-9]+' | head -n 10)
  sichuan=$(curl -sf "http://127.0.0.1:$port/api/v1/me" -H "Authorization: Bearer $(login am_sichuan)" |
    sed -E 's/.*"org_unit_id":([0-9]+).*/\1/')
  local C M L H R
  C="/api/v1/satisfaction/summary?from=$from&to=$to&by=unit"
  M="/api/v1/satisfaction/summary?from=$from&to=$to&by=model"
  L="/api/v1/support/ledger?unit_id=$sichuan&year=$year"
  H=$(for id in $provinces; do printf '/api/v1/support/ledger?unit_id=%s&year=%s|' "$id" "$year"; done)
  R="/api/v1/support/requests?unit_id=$sichuan"
  echo "wrk: ${seconds}s per run; $label; $from to $to; ledger $year of unit $sichuan"
  curl -sf "http://127.0.0.1:$port$L" -H "Authorization: Bearer $(login am_sichuan)" | head -c 300 || true; echo
  for mix in "director|chart HQ by region|$C" "director|chart HQ by model|$M" "am_sichuan|ledger Sichuan year|$L" \
    "director|ledger 10 provinces|$H" "am_sichuan|requests Sichuan page|$R"; do
    IFS='|' read -r user label_mix paths <<<"$mix"
    token=$(login "$user")
    for c in $connections; do
      before=$(cpu)
      line=$(TOKEN=$token PATHS=$paths wrk -t 1 -c "$c" -d "${seconds}s" --timeout 10s -s bench/paths.lua \
        "http://127.0.0.1:$port" | tail -n 1)
      after=$(cpu)
      requests=$(awk -v s="$seconds" '{print $1 * s}' <<<"$line")
      printf '%-10s %-24s %2s conn %s  cpu/req %.2f ms\n' "$label" "$label_mix" "$c" "$line" \
        "$(awk -v t=$((after - before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" \
          'BEGIN { print (n > 0 ? t * 1000 / hz / n : 0) }')"
    done
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

databases=${FLEETKAM_BENCH_DATABASES:-sqlite postgresql}
sqlite_db=build/bench-data/care-$accounts-$opportunities.db
if [[ " $databases " == *" sqlite "* ]]; then
  if [ ! -f "$sqlite_db" ]; then
    echo "generating $sqlite_db: $accounts accounts, $opportunities opportunities, $deliveries deliveries"
    "$bin" gen --db "sqlite:$sqlite_db.tmp" --accounts "$accounts" --opportunities "$opportunities" \
      --deliveries "$deliveries"
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
  run_suite "$base/postgres" postgresql'
