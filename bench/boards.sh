#!/usr/bin/env bash
# The performance boards (issue 16) through HTTP on the national `fleetkam gen` data (500,000
# accounts, 2 million opportunities, 3 million deliveries, about 2,000 dealers and 10,000 people,
# a year of reports): wrk drives each board for HQ (director), a province (am_sichuan), HQ reading
# 10 provinces in turn and a sales rep's own, and HQ's home page (GET /api/v1/home), at 1 and 8
# connections, printing req/s, p50/p95/p99 and the server's CPU time per request.
# Targets: every board p95 under 50 ms at 8 connections; HQ's home under 300 ms p95.
# Usage: bench/boards.sh [seconds per run, default 10] [connection counts, default "1 8"]
#   FLEETKAM_BENCH_DATABASES="sqlite postgresql"  FLEETKAM_BIN=build/fleetkam
#   FLEETKAM_BENCH_SQLITE=path  (default build/bench-data/national-500000-2000000.db, made by gen)
#   FLEETKAM_BENCH_PG_DATA=dir  (default build/bench-data/pg-national-500000-2000000: a PostgreSQL
#                                cluster kept there, generated the first time, about 45 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
seconds=${1:-10}
connections=${2:-1 8}
accounts=${FLEETKAM_BENCH_ACCOUNTS:-500000}
opportunities=${FLEETKAM_BENCH_OPPORTUNITIES:-2000000}
deliveries=$((opportunities * 3 / 2))
bin=${FLEETKAM_BIN:-build/fleetkam}
[ -x "$bin" ] || { echo "build first: make build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
mkdir -p build/bench-data

run_boards() {
  local url=$1 label=$2 token provinces sichuan rep year from to b
  bench_start "$url" "boards-$label"
  echo "$label: server up; $(grep -m1 -o 'boards.*' "$log" || true)"
  token=$(bench_login director)
  provinces=$(curl -sf "http://127.0.0.1:$port/api/v1/org/units?kind=province&limit=200" -H "Authorization: Bearer $token" |
    grep -oE '"id":[0-9]+' | grep -oE '[0-9]+' | head -n 10)
  sichuan=$(curl -sf "http://127.0.0.1:$port/api/v1/me" -H "Authorization: Bearer $(bench_login am_sichuan)" |
    sed -E 's/.*"org_unit_id":([0-9]+).*/\1/')
  year=$(TZ=Asia/Shanghai date +%Y)
  from="$year-01"
  to="$year-12"
  b="/api/v1/boards"
  local ten
  ten=$(for id in $provinces; do printf '%s/attainment?unit_id=%s|%s/funnel?unit_id=%s|' "$b" "$id" "$b" "$id"; done)
  echo "wrk: ${seconds}s per run; $label; $from to $to; Sichuan is unit $sichuan"
  curl -sf "http://127.0.0.1:$port$b/attainment" -H "Authorization: Bearer $token" | head -c 400 || true; echo
  bench_mixes "$label" \
    "director|HQ home|/api/v1/home" \
    "director|HQ attainment|$b/attainment?from=$from&to=$to" \
    "director|HQ funnel|$b/funnel?from=$from&to=$to" \
    "director|HQ registrations|$b/registrations?from=$from&to=$to" \
    "director|HQ discipline|$b/discipline" \
    "director|HQ pyramid|$b/pyramid" \
    "am_sichuan|Sichuan all five|$b/attainment|$b/funnel|$b/registrations|$b/discipline|$b/pyramid" \
    "director|10 provinces att.+funnel|$ten" \
    "rep_chengdu|rep's own all five|$b/attainment|$b/funnel|$b/registrations|$b/discipline|$b/pyramid"
  bench_stop
}

databases=${FLEETKAM_BENCH_DATABASES:-sqlite postgresql}
sqlite_db=${FLEETKAM_BENCH_SQLITE:-build/bench-data/national-$accounts-$opportunities.db}
if [[ " $databases " == *" sqlite "* ]]; then
  if [ ! -f "$sqlite_db" ]; then
    echo "generating $sqlite_db: $accounts accounts, $opportunities opportunities, $deliveries deliveries"
    "$bin" gen --db "sqlite:$sqlite_db.tmp" --accounts "$accounts" --opportunities "$opportunities" \
      --deliveries "$deliveries"
    mv "$sqlite_db.tmp" "$sqlite_db"
  fi
  run_boards "sqlite:$sqlite_db" sqlite
fi
[[ " $databases " == *" postgresql "* ]] || exit 0

export -f run_boards bench_start bench_login bench_cpu bench_mixes bench_stop
export bin seconds connections
pg_data=${FLEETKAM_BENCH_PG_DATA:-build/bench-data/pg-national-$accounts-$opportunities}
export pg_data
FLEETKAM_PG_DURABLE=1 FLEETKAM_PG_KEEP=$pg_data scripts/with-postgres.sh bash -c '
  base=${FLEETKAM_TEST_POSTGRES_URL%/postgres}
  if [ ! -f "$pg_data/generated" ]; then
    "'"$bin"'" migrate --db "$base/postgres" >/dev/null
    echo "generating '"$accounts"' accounts, '"$opportunities"' opportunities, '"$deliveries"' deliveries on PostgreSQL"
    "'"$bin"'" gen --db "$base/postgres" --accounts '"$accounts"' --opportunities '"$opportunities"' \
      --deliveries '"$deliveries"'
    date -u +%FT%TZ >"$pg_data/generated"
  fi
  [ "${FLEETKAM_BENCH_GEN_ONLY:-0}" = 1 ] || run_boards "$base/postgres" postgresql'
