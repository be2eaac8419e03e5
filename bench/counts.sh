#!/usr/bin/env bash
# The counts beside the lists' status and stage buttons, through HTTP, on the national `fleetkam
# gen` data (500,000 accounts, 2 million opportunities, 3 million deliveries by default; SQLite
# cached in build/bench-data/, PostgreSQL throw-away with default durability): wrk drives
#   ACCOUNTS       GET /api/v1/accounts/status-counts       none, grade, province, city + industry, a search
#   OPPORTUNITIES  GET /api/v1/opportunities/stage-counts   none, attention, procurement method, a search
#   REGISTRATIONS  GET /api/v1/registrations/status-counts  none, a search (gen adds none: the demo's)
# as HQ (director) and a province (am_sichuan), and prints req/s, p50/p95/p99 and the server's
# CPU time per request (user + sys of the fleetkam process, read from /proc: less moved by
# whatever else runs on the machine than the latencies are; on PostgreSQL the backends' CPU is
# not in it). Every figure is taken `runs` times.
# Usage: bench/counts.sh [seconds per run, default 10] [connection counts, default "1 8"] [runs, default 3]
#   FLEETKAM_BENCH_DATABASES="sqlite postgresql"  FLEETKAM_BENCH_ACCOUNTS=500000
#   FLEETKAM_BENCH_OPPORTUNITIES=2000000 (deliveries: 1.5 per opportunity)  FLEETKAM_BIN=build/fleetkam
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-1 8}
runs=${3:-3}
accounts=${FLEETKAM_BENCH_ACCOUNTS:-500000}
opportunities=${FLEETKAM_BENCH_OPPORTUNITIES:-2000000}
deliveries=$((opportunities * 3 / 2))
bin=${FLEETKAM_BIN:-build/fleetkam}  # FLEETKAM_BIN: another build (e.g. the one before a change) on the same data
[ -x "$bin" ] || { echo "build first: make build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
mkdir -p build/bench-data

A=/api/v1/accounts/status-counts
O=/api/v1/opportunities/stage-counts
R=/api/v1/registrations/status-counts
ACCOUNTS="$A|$A?grade=key|$A?division_code=510000|$A?division_code=510100&industry=police|$A?q=gaj"
OPPORTUNITIES="$O|$O?attention=overdue,stale|$O?procurement_method=tender|$O?q=%E5%85%AC%E5%AE%89"
REGISTRATIONS="$R|$R?q=gaj"

run_suite() {
  local url=$1 label=$2 port pid token user mix run c line before after requests
  port=$((20000 + RANDOM % 20000))
  "$bin" serve --db "$url" --listen "127.0.0.1:$port" --threads 64 >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
  echo "wrk: ${seconds}s per run; $label"
  cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
  for run in $(seq "$runs"); do
    for user in director am_sichuan; do
      token=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$user\",\"password\":\"Demo-pass-2026\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/')
      for mix in ACCOUNTS OPPORTUNITIES REGISTRATIONS; do
        for c in $connections; do
          before=$(cpu)
          line=$(TOKEN=$token PATHS=${!mix} wrk -t 1 -c "$c" -d "${seconds}s" --timeout 10s -s bench/paths.lua \
            "http://127.0.0.1:$port" | tail -n 1)
          after=$(cpu)
          requests=$(awk -v s="$seconds" '{print $1 * s}' <<<"$line")
          printf '%-10s run %s %-10s %-13s %2s conn %s  cpu/req %.2f ms\n' "$label" "$run" "$user" "$mix" "$c" \
            "$line" "$(awk -v t=$((after - before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" \
              'BEGIN { print (n > 0 ? t * 1000 / hz / n : 0) }')"
        done
      done
    done
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

databases=${FLEETKAM_BENCH_DATABASES:-sqlite postgresql}
sqlite_db=build/bench-data/counts-$accounts-$opportunities.db
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
export bin seconds connections runs ACCOUNTS OPPORTUNITIES REGISTRATIONS
FLEETKAM_PG_DURABLE=1 scripts/with-postgres.sh bash -c '
  base=${FLEETKAM_TEST_POSTGRES_URL%/postgres}
  "'"$bin"'" migrate --db "$base/postgres" >/dev/null
  echo "generating '"$accounts"' accounts, '"$opportunities"' opportunities, '"$deliveries"' deliveries on PostgreSQL"
  "'"$bin"'" gen --db "$base/postgres" --accounts '"$accounts"' --opportunities '"$opportunities"' \
    --deliveries '"$deliveries"'
  run_suite "$base/postgres" postgresql'
