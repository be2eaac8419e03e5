#!/usr/bin/env bash
# The failure runs too long for CI (issue 18): kill -9 of the server under registrations and
# imports (bench/crash-soak.sh) and PostgreSQL restarted under write load, many times over.
# Usage: bench/failure-soak.sh [kill rounds, default 200] [restarts, default 20]
#   FLEETKAM_BUILD=build (the build whose fleetkam_api_tests and fleetkam run)
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-200}
restarts=${2:-20}
build=${FLEETKAM_BUILD:-build}
bash bench/crash-soak.sh "$kills"
echo "== postgresql: $restarts restarts under write load"
started=$(date +%s)
out=$(FLEETKAM_RESTART_ROUNDS=$restarts FLEETKAM_PASSWORD_COST=minimum \
  scripts/with-postgres.sh "$build/fleetkam_api_tests" --gtest_filter='DatabaseRestart.*' 2>&1) || {
  grep -E 'Failure|FAILED' -A3 <<<"$out"
  exit 1
}
grep -E 'restarts survived' <<<"$out"
echo "   $(( $(date +%s) - started )) s"
