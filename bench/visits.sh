#!/usr/bin/env bash
# Visits (拜访/跟进) through HTTP on the national `fleetkam gen` data (500,000 accounts, 2 million
# opportunities, 10,000 dealers' people, 5 million visits over the last year with 7 million
# contacts met): wrk drives, as the people who read them,
#   ACCOUNT     GET /api/v1/visits?account_id=  the first page (50) of an account's visits, newest
#               first (the five accounts of one dealer with the most visits, as a rep of the dealer)
#   NEXT STEPS  GET /api/v1/next-steps?status=open|due|overdue  a person's to-do list (the person
#               with the most open next steps)
#   CENTRE      GET /api/v1/accounts/{id}/buying-centre  each role's last meeting (the same accounts)
#   UNVISITED   GET /api/v1/unvisited-accounts  the first page as the rep, a province and HQ
#   HOME        GET /api/v1/home  as the rep (its to-dos count next steps and unvisited accounts)
# at 1 and 8 connections, and prints req/s, p50/p95/p99 and the server's CPU time per request.
# Usage: bench/visits.sh [seconds per run, default 10] [connection counts, default "1 8"] [runs, default 1]
#   FLEETKAM_BENCH_DATABASES="sqlite postgresql"  FLEETKAM_BIN=build/fleetkam
#   FLEETKAM_BENCH_ACCOUNTS=500000 FLEETKAM_BENCH_OPPORTUNITIES=2000000 FLEETKAM_BENCH_VISITS=5000000
#   FLEETKAM_BENCH_FROM=FILE  SQLite: start from a copy of this `gen` database (accounts, pipeline,
#                             people already there) and add the visits only
#   FLEETKAM_BENCH_WAIT=FILE  PostgreSQL: generate the data, then wait for FILE before measuring
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-1 8}
runs=${3:-1}
accounts=${FLEETKAM_BENCH_ACCOUNTS:-500000}
opportunities=${FLEETKAM_BENCH_OPPORTUNITIES:-2000000}
deliveries=$((opportunities * 3 / 2))
visits=${FLEETKAM_BENCH_VISITS:-5000000}
bin=${FLEETKAM_BIN:-build/fleetkam}
[ -x "$bin" ] || { echo "build first: make build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
mkdir -p build/bench-data

# The sample the mixes read, chosen by SQL ($1: "sqlite3 FILE" or "psql URL -Atq -c"); prints
# "ACCOUNTS REP PERSON" (ACCOUNTS comma-separated).
choose() {
  local sql=$1 accounts rep person
  local top
  top=$($sql "SELECT account_id FROM visits GROUP BY account_id ORDER BY COUNT(*) DESC, account_id LIMIT 1")
  # the five accounts of that account's dealer with the most visits (the rep sees them all)
  accounts=$($sql "SELECT v.account_id FROM visits v JOIN accounts a ON a.id = v.account_id WHERE a.owner_unit_id = \
    (SELECT owner_unit_id FROM accounts WHERE id = $top) GROUP BY v.account_id ORDER BY COUNT(*) DESC, v.account_id \
    LIMIT 5" | paste -sd, -)
  rep=$($sql "SELECT u.username FROM users u JOIN accounts a ON a.owner_unit_id = u.org_unit_id WHERE a.id = \
    ${accounts%%,*} AND u.role = 'sales_rep' AND u.active = 1 ORDER BY u.id LIMIT 1")
  person=$($sql "SELECT u.username FROM visits v JOIN users u ON u.id = v.user_id WHERE v.next_step IS NOT NULL \
    AND v.next_step_done_at IS NULL GROUP BY u.username ORDER BY COUNT(*) DESC, u.username LIMIT 1")
  echo "$accounts $rep $person"
}

run_suite() {
  local url=$1 label=$2 sample=$3 port pid token run c line before after requests mix user paths label_mix
  local ids rep person p
  read -r ids rep person <<<"$sample"
  port=$((20000 + RANDOM % 20000))
  "$bin" serve --db "$url" --listen "127.0.0.1:$port" --threads 64 >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
  cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
  login() {
    curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
      -d "{\"username\":\"$1\",\"password\":\"Demo-pass-2026\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/'
  }
  local account_paths="" centre_paths=""
  for p in ${ids//,/ }; do
    account_paths+="${account_paths:+|}/api/v1/visits?account_id=$p"
    centre_paths+="${centre_paths:+|}/api/v1/accounts/$p/buying-centre"
  done
  local steps="/api/v1/next-steps?status=open|/api/v1/next-steps?status=due|/api/v1/next-steps?status=overdue"
  echo "wrk: ${seconds}s per run; $label; accounts $ids (rep $rep); next steps of $person"
  for run in $(seq "$runs"); do
    for mix in "$rep|account visits|$account_paths" "$person|next steps|$steps" "$rep|buying centre|$centre_paths" \
      "$rep|unvisited (dealer)|/api/v1/unvisited-accounts" "am_sichuan|unvisited (province)|/api/v1/unvisited-accounts" \
      "director|unvisited (HQ)|/api/v1/unvisited-accounts" "$rep|home (rep)|/api/v1/home"; do
      IFS='|' read -r user label_mix paths <<<"$mix"
      token=$(login "$user")
      for c in $connections; do
        before=$(cpu)
        line=$(TOKEN=$token PATHS=$paths wrk -t 1 -c "$c" -d "${seconds}s" --timeout 10s -s bench/paths.lua \
          "http://127.0.0.1:$port" | tail -n 1)
        after=$(cpu)
        requests=$(awk -v s="$seconds" '{print $1 * s}' <<<"$line")
        printf '%-10s run %s %-22s %2s conn %s  cpu/req %.2f ms\n' "$label" "$run" "$label_mix" "$c" "$line" \
          "$(awk -v t=$((after - before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" \
            'BEGIN { print (n > 0 ? t * 1000 / hz / n : 0) }')"
      done
    done
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

databases=${FLEETKAM_BENCH_DATABASES:-sqlite postgresql}
sqlite_db=build/bench-data/visits-$accounts-$opportunities.db
if [[ " $databases " == *" sqlite "* ]]; then
  if [ ! -f "$sqlite_db" ]; then
    if [ -n "${FLEETKAM_BENCH_FROM:-}" ]; then
      echo "adding $visits visits to a copy of $FLEETKAM_BENCH_FROM"
      cp "$FLEETKAM_BENCH_FROM" "$sqlite_db.tmp"
      "$bin" migrate --db "sqlite:$sqlite_db.tmp" >/dev/null
      "$bin" gen --db "sqlite:$sqlite_db.tmp" --accounts 0 --opportunities 0 --no-plan --visits "$visits"
    else
      echo "generating $sqlite_db: $accounts accounts, $opportunities opportunities, $visits visits"
      "$bin" gen --db "sqlite:$sqlite_db.tmp" --accounts "$accounts" --opportunities "$opportunities" \
        --deliveries "$deliveries" --visits "$visits"
    fi
    mv "$sqlite_db.tmp" "$sqlite_db"
  fi
  run_suite "sqlite:$sqlite_db" sqlite "$(choose "sqlite3 $sqlite_db")"
fi
[[ " $databases " == *" postgresql "* ]] || exit 0

export -f run_suite choose
export bin seconds connections runs
FLEETKAM_PG_DURABLE=1 scripts/with-postgres.sh bash -c '
  base=${FLEETKAM_TEST_POSTGRES_URL%/postgres}
  "'"$bin"'" migrate --db "$base/postgres" >/dev/null
  echo "generating '"$accounts"' accounts, '"$opportunities"' opportunities, '"$visits"' visits on PostgreSQL"
  /usr/bin/time -f "gen: %e s wall, %U s user" "'"$bin"'" gen --db "$base/postgres" --accounts '"$accounts"' \
    --opportunities '"$opportunities"' --deliveries '"$deliveries"' --visits '"$visits"'
  # FLEETKAM_BENCH_WAIT=FILE: generate now, measure once FILE exists (when the machine is quiet)
  while [ -n "${FLEETKAM_BENCH_WAIT:-}" ] && [ ! -e "$FLEETKAM_BENCH_WAIT" ]; do sleep 5; done
  run_suite "$base/postgres" postgresql "$(choose "psql $base/postgres -Atq -c")"'
