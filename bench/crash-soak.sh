#!/usr/bin/env bash
# kill -9 soak: the API suite's CrashKill9 test for many rounds on SQLite and then on a throw-away
# PostgreSQL (scripts/with-postgres.sh): each round writes registrations and 200-row account imports
# from three client threads, kills `fleetkam serve` with SIGKILL at a random moment, starts it again
# and checks every acknowledged write is there (SQLite: integrity_check and foreign_key_check too).
# Prints, per database, the rounds survived, the seed (FLEETKAM_CRASH_SEED=... repeats the kill
# moments) and the acknowledged writes checked.
# Usage: bench/crash-soak.sh [rounds, default 200]   FLEETKAM_BENCH_DATABASES="sqlite postgresql"
#   FLEETKAM_BUILD=build (the build whose fleetkam_api_tests and fleetkam run)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-200}
build=${FLEETKAM_BUILD:-build}
tests="$build/fleetkam_api_tests"
[ -x "$tests" ] || { echo "build first: make build (or FLEETKAM_BUILD=...)" >&2; exit 1; }
export FLEETKAM_CRASH_ROUNDS=$rounds FLEETKAM_PASSWORD_COST=minimum
status=0
for database in ${FLEETKAM_BENCH_DATABASES:-sqlite postgresql}; do
  echo "== $database: $rounds rounds"
  started=$(date +%s)
  run=("$tests" --gtest_filter='CrashKill9.*')
  [ "$database" = postgresql ] && run=(scripts/with-postgres.sh "${run[@]}")
  out=$("${run[@]}" 2>&1) || status=1
  grep -E 'rounds survived|Failure|FAILED|error' <<<"$out" || true
  echo "   $(( $(date +%s) - started )) s"
done
exit $status
