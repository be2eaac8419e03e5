#!/usr/bin/env bash
# The duplicate check and the account create through HTTP at national scale, on SQLite and on a
# throw-away PostgreSQL with default durability: what the account and registration forms wait for
# as the user types (GET /api/v1/accounts/duplicates) and what saving one costs (POST
# /api/v1/accounts). dedup_bench measures the engine alone; this measures everything around it
# (session, transaction, catching the process's index up with the database, scope, JSON).
# Usage: bench/duplicates.sh [seconds per run, default 10] [connection counts, default "1 8"]
# FLEETKAM_BENCH_ACCOUNTS (default 500000) accounts are generated; SQLite's set is cached in
# build/bench-data/ and copied for each run (the creates would otherwise grow it).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-1 8}
accounts=${FLEETKAM_BENCH_ACCOUNTS:-500000}
bin=${FLEETKAM_BIN:-build/fleetkam}  # another build (e.g. a copy of the one before a change) to compare
[ -x "$bin" ] || { echo "build first: make build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
mkdir -p build/bench-data

urlencode() {
  local LC_ALL=C s=$1 i c
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in [a-zA-Z0-9.~_-]) printf '%s' "$c" ;; *) printf '%%%02X' "'$c" ;; esac
  done
}
# What the forms send while the user types: a sub-unit, its parent, a part of a name, traditional
# characters, a typo, an agency with an abbreviation, a name with its division, a credit code.
CHECK=""
for query in "name=$(urlencode 成都市公安局武侯分局)" "name=$(urlencode 成都市公安局)" "name=$(urlencode 成都市公安)" \
  "name=$(urlencode 廣州市公安局交通警察支隊)" "name=$(urlencode 成都市公安局武候分局)" \
  "name=$(urlencode 武汉市市场监管局)" "name=$(urlencode 天河区人民法院)&division_code=440106" \
  "credit_code=11510100MB0000000X" "name=$(urlencode 济南市城市管理局)&division_code=370100"; do
  CHECK+="${CHECK:+|}/api/v1/accounts/duplicates?$query"
done

# Issue 19: checks among a crowded city's names (Chengdu: its counties' police stations, schools and
# clinics that gen adds): the city's bureau and a district's, another agency of the city, a school.
CROWDED=""
for query in "name=$(urlencode 成都市公安局)" "name=$(urlencode 成都市公安局武侯区分局)" \
  "name=$(urlencode 成都市城市管理局)" "name=$(urlencode 成都市公安局锦江区分局督院派出所)" \
  "name=$(urlencode 成都市武侯区桂溪小学)&division_code=510107" "name=$(urlencode 成都市卫生健康委员会)"; do
  CROWDED+="${CROWDED:+|}/api/v1/accounts/duplicates?$query"
done

# CPU time (clock ticks) of processes, and of a PostgreSQL server (its postmaster by its port, and
# the postmaster's children: the server's pooled connections' backends live through a run).
ticks() {
  local t=0 p
  for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
  echo "$t"
}
pg_ticks() {
  local master
  master=$(pgrep -o -f -- "-p $1 -c listen_addresses" || true)
  [ -n "$master" ] || { echo 0; return; }
  # shellcheck disable=SC2046
  ticks "$master" $(pgrep -P "$master")
}
# Runs wrk (its arguments) and prints its line with the CPU time a request cost the server and
# PostgreSQL (µs): unlike latencies, these hardly move with what else runs on the machine.
measure() {
  local pid=$1 pg_port=$2 s0 p0 s1 p1 line rate hz
  shift 2
  hz=$(getconf CLK_TCK)
  s0=$(ticks "$pid")
  p0=$([ -n "$pg_port" ] && pg_ticks "$pg_port" || echo 0)
  line=$(wrk "$@" | tail -n 1)
  s1=$(ticks "$pid")
  p1=$([ -n "$pg_port" ] && pg_ticks "$pg_port" || echo 0)
  rate=$(awk '{print $1}' <<<"$line")
  awk -v l="$line" -v s=$((s1 - s0)) -v p=$((p1 - p0)) -v r="$rate" -v t="$seconds" -v hz="$hz" \
    'BEGIN { n = r * t; if (n < 1) n = 1; printf "%s  cpu/req server %5.0f pg %5.0f us\n", l, s / hz / n * 1e6, p / hz / n * 1e6 }'
}

run_suite() {
  local url=$1 label=$2 port pid token c pg_port=""
  [[ $url == postgresql://* ]] && pg_port=$(sed -E 's|.*:([0-9]+)/.*|\1|' <<<"$url")
  port=$((20000 + RANDOM % 20000))
  "$bin" serve --db "$url" --listen "127.0.0.1:$port" --threads 64 >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
  token=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"username":"director","password":"Demo-pass-2026"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
  echo "wrk: ${seconds}s per run; $label, $accounts generated accounts"
  for c in $connections; do
    printf '%-10s %-7s %2s conn ' "$label" CHECK "$c"
    TOKEN=$token PATHS=$CHECK measure "$pid" "$pg_port" -t 1 -c "$c" -d "${seconds}s" -s bench/paths.lua \
      "http://127.0.0.1:$port"
  done
  for c in $connections; do
    printf '%-10s %-7s %2s conn ' "$label" CROWDED "$c"
    TOKEN=$token PATHS=$CROWDED measure "$pid" "$pg_port" -t 1 -c "$c" -d "${seconds}s" -s bench/paths.lua \
      "http://127.0.0.1:$port"
  done
  for c in $connections; do
    printf '%-10s %-7s %2s conn ' "$label" CREATE "$c"
    TOKEN=$token TAG="$(date +%s)c$c" measure "$pid" "$pg_port" -t 1 -c "$c" -d "${seconds}s" -s bench/create.lua \
      "http://127.0.0.1:$port"
  done
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

databases=${FLEETKAM_BENCH_DATABASES:-sqlite postgresql}
if [[ " $databases " == *" sqlite "* ]]; then
  cached=build/bench-data/accounts-$accounts.db
  [ "$accounts" = 500000 ] && cached=build/bench-data/accounts-500k.db  # the set bench/accounts.sh uses
  if [ ! -f "$cached" ]; then
    echo "generating $cached"
    "$bin" gen --db "sqlite:$cached" --accounts "$accounts" --opportunities 0
  fi
  tmp=$(mktemp -d /tmp/fleetkam-bench.XXXXXX)
  trap 'rm -rf "$tmp"' EXIT
  cp "$cached" "$tmp/bench.db"
  run_suite "sqlite:$tmp/bench.db" sqlite
fi
[[ " $databases " == *" postgresql "* ]] || exit 0

export -f run_suite measure ticks pg_ticks
export bin seconds connections accounts CHECK CROWDED
FLEETKAM_PG_DURABLE=1 scripts/with-postgres.sh bash -c '
  set -e
  url=${FLEETKAM_TEST_POSTGRES_URL%/postgres}/postgres
  echo "generating $accounts accounts on PostgreSQL"
  # the accounts alone (no visits, reports or plan: an hour less on PostgreSQL, and nothing read here)
  "$bin" gen --db "$url" --accounts "$accounts" --opportunities 0 --visits 0 --report-weeks 0 --no-plan 2>/dev/null
  # What a database in use has behind it: the tables vacuumed and analysed, and gen'"'"'s gigabytes of
  # dirty pages written out. Without it the first runs measured autovacuum and the checkpointer: the
  # 8-connection CHECK p99 was 7 and 52 ms in two runs, the later CROWDED one 2.7 and 2.9.
  start=$(date +%s)
  psql "$url" -qAt -c "VACUUM (ANALYZE)" -c "CHECKPOINT"
  echo "VACUUM (ANALYZE) and CHECKPOINT after gen: $(( $(date +%s) - start )) s"
  run_suite "$url" postgresql'
