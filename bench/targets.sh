#!/usr/bin/env bash
# Targets through HTTP on the national `fleetkam gen` data (500,000 accounts, 2 million
# opportunities, 3 million deliveries; about 2,000 dealers and 10,000 people; a twelve-month plan
# issued and split by every province to its dealers and people): wrk drives
#   ATTAINMENT  GET /api/v1/attainment  every province, every dealer, every person of the country
#               for the year by month (HQ's director), and a province's people (am_sichuan)
#   FORECAST    GET /api/v1/forecast    every province and every dealer (HQ)
#   PREVIEW     POST /api/v1/target-plans/{draft}/preview: HQ's what-if, the national plan
#               decomposed to 31 provinces × 12 months × 3 businesses (HQ)
# at 1 and 8 connections, and prints req/s, p50/p95/p99 and the server's CPU time per request.
# Target: attainment for every unit of the country for a year under 300 ms p95.
# Usage: bench/targets.sh [seconds per run, default 10] [connection counts, default "1 8"] [runs, default 1]
#   FLEETKAM_BENCH_DATABASES="sqlite postgresql"  FLEETKAM_BENCH_ACCOUNTS=500000
#   FLEETKAM_BENCH_OPPORTUNITIES=2000000 (deliveries: 1.5 per opportunity)  FLEETKAM_BIN=build/fleetkam
#   FLEETKAM_BENCH_WAIT=FILE  PostgreSQL: generate the data, then wait for FILE before measuring
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-1 8}
runs=${3:-1}
accounts=${FLEETKAM_BENCH_ACCOUNTS:-500000}
opportunities=${FLEETKAM_BENCH_OPPORTUNITIES:-2000000}
deliveries=$((opportunities * 3 / 2))
bin=${FLEETKAM_BIN:-build/fleetkam}
[ -x "$bin" ] || { echo "build first: make build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
mkdir -p build/bench-data

run_suite() {
  local url=$1 label=$2 port pid token user run c line before after requests plan draft csrf mix paths
  port=$((20000 + RANDOM % 20000))
  "$bin" serve --db "$url" --listen "127.0.0.1:$port" --threads 64 >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
  cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
  login() {
    curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
      -d "{\"username\":\"$1\",\"password\":\"Demo-pass-2026\"}"
  }
  local director
  director=$(login director)
  token=$(sed -E 's/.*"token":"([^"]+)".*/\1/' <<<"$director")
  csrf=$(sed -E 's/.*"csrf_token":"([^"]+)".*/\1/' <<<"$director")
  plan=$(curl -sf "http://127.0.0.1:$port/api/v1/target-plans?status=issued" -H "Authorization: Bearer $token" |
    sed -E 's/^\{"items":\[\{.*"id":([0-9]+),"issued_at".*/\1/')
  # a draft for the what-if (the same one on later runs)
  draft=$(curl -sf "http://127.0.0.1:$port/api/v1/target-plans?status=draft" -H "Authorization: Bearer $token" |
    grep -oE '"id":[0-9]+,"issued_at"' | head -n 1 | grep -oE '[0-9]+' || true)
  if [ -z "$draft" ]; then
    draft=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/target-plans" -H "Authorization: Bearer $token" \
      -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
      -d '{"name":"基准测试草稿","from":"2027-01","to":"2027-12","total_units":60000}' |
      grep -oE '"id":[0-9]+,"issued_at"' | grep -oE '[0-9]+')
  fi
  local A="/api/v1/attainment?plan_id=$plan&by=month&level"
  local F="/api/v1/forecast?plan_id=$plan&level"
  echo "wrk: ${seconds}s per run; $label; plan $plan, draft $draft"
  for run in $(seq "$runs"); do
    for mix in "director|attainment provinces|$A=province" "director|attainment dealers|$A=dealer" \
      "director|attainment people|$A=user" "am_sichuan|attainment Sichuan people|$A=user" \
      "director|forecast provinces|$F=province" "director|forecast dealers|$F=dealer" "director|preview national|POST"; do
      IFS='|' read -r user label_mix paths <<<"$mix"
      token=$(login "$user" | sed -E 's/.*"token":"([^"]+)".*/\1/')
      for c in $connections; do
        before=$(cpu)
        if [ "$paths" = POST ]; then
          line=$(TOKEN=$token BODY='{"month_basis":"history","businesses":{"direct":40,"tender":40,"one_time":20},"weights":{"last_month_sales":40,"market_capacity":30,"registrations":30}}' \
            PATH_POST="/api/v1/target-plans/$draft/preview" wrk -t 1 -c "$c" -d "${seconds}s" --timeout 10s \
            -s bench/post.lua "http://127.0.0.1:$port" | tail -n 1)
        else
          line=$(TOKEN=$token PATHS=$paths wrk -t 1 -c "$c" -d "${seconds}s" --timeout 10s -s bench/paths.lua \
            "http://127.0.0.1:$port" | tail -n 1)
        fi
        after=$(cpu)
        requests=$(awk -v s="$seconds" '{print $1 * s}' <<<"$line")
        printf '%-10s run %s %-26s %2s conn %s  cpu/req %.2f ms\n' "$label" "$run" "$label_mix" "$c" "$line" \
          "$(awk -v t=$((after - before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" \
            'BEGIN { print (n > 0 ? t * 1000 / hz / n : 0) }')"
      done
    done
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

databases=${FLEETKAM_BENCH_DATABASES:-sqlite postgresql}
sqlite_db=build/bench-data/targets-$accounts-$opportunities.db
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
export bin seconds connections runs
FLEETKAM_PG_DURABLE=1 scripts/with-postgres.sh bash -c '
  base=${FLEETKAM_TEST_POSTGRES_URL%/postgres}
  "'"$bin"'" migrate --db "$base/postgres" >/dev/null
  echo "generating '"$accounts"' accounts, '"$opportunities"' opportunities, '"$deliveries"' deliveries on PostgreSQL"
  "'"$bin"'" gen --db "$base/postgres" --accounts '"$accounts"' --opportunities '"$opportunities"' \
    --deliveries '"$deliveries"'
  # FLEETKAM_BENCH_WAIT=FILE: generate now, measure once FILE exists (when the machine is quiet)
  while [ -n "${FLEETKAM_BENCH_WAIT:-}" ] && [ ! -e "$FLEETKAM_BENCH_WAIT" ]; do sleep 5; done
  run_suite "$base/postgres" postgresql'
