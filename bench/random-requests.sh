#!/usr/bin/env bash
# The long run of the random-request test (issue 18, "no 5xx on bad input"): several seeds of
# FLEETKAM_RANDOM_REQUESTS requests each over every route of the OpenAPI document, on SQLite and
# on PostgreSQL (scripts/with-postgres.sh), each on a fresh demo database. CI runs one seed of a
# few thousand (tests/api/random_requests_test.cpp); this runs 100,000 by default and prints each
# run's summary line and the totals. Exits non-zero when any run found an answer ≥ 500, a dropped
# connection, a 4xx that is not problem+json or a refused write that wrote.
#   bench/random-requests.sh [requests per seed, default 25000] [seeds, default "1 2 3 4"]
#   BUILD=build-rr bench/random-requests.sh      (the build directory; default build)
#   DBS="sqlite" bench/random-requests.sh        (only one database)
set -uo pipefail
cd "$(dirname "$0")/.."
requests=${1:-25000}
seeds=${2:-1 2 3 4}
build=${BUILD:-build}
dbs=${DBS:-sqlite postgresql}
bin=$build/fleetkam_api_tests
[ -x "$bin" ] || { echo "build first: cmake --build $build --target fleetkam_api_tests" >&2; exit 1; }
mkdir -p "$build/bench-data"

failed=0
summaries=()
for db in $dbs; do
  for seed in $seeds; do
    log=$build/bench-data/random-$db-$seed.log
    cmd=(env FLEETKAM_PASSWORD_COST=minimum FLEETKAM_RANDOM_SEED="$seed" FLEETKAM_RANDOM_REQUESTS="$requests"
      "$bin" --gtest_filter='RandomRequests.*')
    [ "$db" = postgresql ] && cmd=(scripts/with-postgres.sh "${cmd[@]}")
    start=$(date +%s)
    if ! "${cmd[@]}" >"$log" 2>&1; then
      failed=1
      echo "FAILED: $db seed $seed (see $log)"
      grep -E '^\s+(GET|POST|PUT|PATCH|DELETE) ' "$log" | head -20
    fi
    line=$(grep -m1 '^\[random\] \(sqlite\|postgresql\)' "$log" || echo "[random] $db seed=$seed: no summary")
    echo "$line ($(($(date +%s) - start)) s with set-up)"
    summaries+=("$line")
  done
done

# Totals over every run: requests and answers by class.
printf '%s\n' "${summaries[@]}" | awk '
  { for (i = 1; i <= NF; i++) {
      split($i, kv, "=");
      if (kv[1] ~ /^(requests|2xx|3xx|4xx|5xx|dropped|refused_writes_checked|writes_by_refused|non_problem_4xx)$/) {
        sub(/:$/, "", kv[2]); total[kv[1]] += kv[2]
      }
    } }
  END {
    printf "[random] total: requests=%d 2xx=%d 3xx=%d 4xx=%d 5xx=%d dropped=%d refused_writes_checked=%d writes_by_refused=%d non_problem_4xx=%d\n",
      total["requests"], total["2xx"], total["3xx"], total["4xx"], total["5xx"], total["dropped"],
      total["refused_writes_checked"], total["writes_by_refused"], total["non_problem_4xx"]
  }'
exit $failed
