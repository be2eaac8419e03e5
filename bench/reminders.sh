#!/usr/bin/env bash
# The reminder sweep for 10,000 people (build/reminders_bench, see its opening comment) on
# `fleetkam gen` data: 20,000 accounts, 60,000 opportunities and the national network of about
# 2,000 dealers and 10,000 people (the SQLite set is cached in build/bench-data/ and shared with
# bench/targets.sh; each run works on a copy), and on a throw-away PostgreSQL with default
# durability. Target: a run under 10 s.
# Usage: bench/reminders.sh [runs, default 3]
#   FLEETKAM_BENCH_DATABASES="sqlite postgresql"  FLEETKAM_BIN=build/fleetkam
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
accounts=20000
opportunities=60000
bin=${FLEETKAM_BIN:-build/fleetkam}
bench=build/reminders_bench
[ -x "$bin" ] && [ -x "$bench" ] || { echo "build first: make build" >&2; exit 1; }
mkdir -p build/bench-data
for database in ${FLEETKAM_BENCH_DATABASES:-sqlite postgresql}; do
  if [ "$database" = sqlite ]; then
    cached=build/bench-data/targets-$accounts-$opportunities.db
    if [ ! -f "$cached" ]; then
      "$bin" gen --db "sqlite:$cached.tmp" --accounts "$accounts" --opportunities "$opportunities" \
        --deliveries $((opportunities * 3 / 2))
      mv "$cached.tmp" "$cached"
    fi
    copy=build/bench-data/reminders-run.db
    rm -f "$copy" "$copy-wal" "$copy-shm"
    cp "$cached" "$copy"
    FLEETKAM_BENCH_REMINDERS_DB="sqlite:$copy" "$bench" "$runs"
    rm -f "$copy" "$copy-wal" "$copy-shm"
  else
    FLEETKAM_PG_DURABLE=1 scripts/with-postgres.sh bash -c '
      set -euo pipefail
      base=${FLEETKAM_TEST_POSTGRES_URL%/postgres}
      psql "$FLEETKAM_TEST_POSTGRES_URL" -qc "CREATE DATABASE reminders" >/dev/null
      "'"$bin"'" gen --db "$base/reminders" --accounts '"$accounts"' --opportunities '"$opportunities"' \
        --deliveries '"$((opportunities * 3 / 2))"' >/dev/null
      FLEETKAM_BENCH_REMINDERS_DB="$base/reminders" "'"$bench"'" '"$runs"
  fi
done
