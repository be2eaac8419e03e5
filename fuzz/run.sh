#!/usr/bin/env bash
# Runs the libFuzzer targets of build-fuzz: each over its seed corpus (fuzz/corpus/<target>), then
# fuzzing for SECONDS. Exits non-zero when any target finds a crash, a leak, a timeout or an
# out-of-memory input; the input is kept as build-fuzz/artifacts/<target>-crash-… (or leak-, timeout-,
# oom-) and the log's tail is printed.
#   fuzz/run.sh SECONDS [target …]    (all targets when none is named)
# FUZZ_JOBS: targets run at once (default 1). FUZZ_KEEP=1 keeps what the run finds in
# build-fuzz/corpus/<target> for the next run (the long runs); otherwise it is thrown away. New inputs
# never go to fuzz/corpus: add one there by hand (or libFuzzer's -merge=1) when it is worth keeping.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${FUZZ_BUILD:-build-fuzz}
seconds=${1:?usage: fuzz/run.sh SECONDS [target …]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_json_body fuzz_csv fuzz_xlsx fuzz_credit_code fuzz_pinyin fuzz_dedup)
mkdir -p "$BUILD/artifacts" "$BUILD/logs"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

run_one() {
  local target=$1 work
  if [ "${FUZZ_KEEP:-0}" = 1 ]; then work="$BUILD/corpus/$target"; else work="$scratch/$target"; fi
  mkdir -p "$work"
  local options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024
    -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/$target-")
  [ -f "fuzz/dict/$target.dict" ] && options+=(-dict="fuzz/dict/$target.dict")
  local log="$BUILD/logs/$target.log" status=0
  # The first corpus directory is the one libFuzzer writes to: the scratch (or kept) one.
  ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$BUILD/$target" "${options[@]}" "$work" "fuzz/corpus/$target" >"$log" 2>&1 || status=$?
  local runs
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ "$status" = 0 ]; then
    printf '%-18s ok      %10s executions in %ss\n' "$target" "${runs:-?}" "$seconds"
  else
    printf '%-18s FAILED  (exit %s; log %s)\n' "$target" "$status" "$log"
    grep -E 'ERROR|runtime error|property broken|SUMMARY|Test unit written|^artifact' "$log" | head -20 || true
    return 1
  fi
}
export -f run_one
export BUILD seconds scratch

printf '%s\n' "${targets[@]}" | xargs -P "${FUZZ_JOBS:-1}" -I{} bash -c 'run_one {}'
