#!/usr/bin/env bash
# The counts of bench/counts.sh one path at a time, sequential requests: the server's CPU time per
# request (user + sys of the fleetkam process from /proc; with a PostgreSQL postmaster's pid, also
# its backends' and reaped parallel workers'), less moved by a loaded machine than latencies, and
# per path where counts.sh's mixes average four paths of which a slow one fills a short run.
# Usage: bench/counts_per_path.sh DATABASE_URL [requests per path, default 20] [postmaster pid]
#   FLEETKAM_BIN=build/fleetkam (another build, e.g. the one before a change, on the same data)
# The data: a set of `fleetkam gen` (e.g. build/bench-data/counts-*.db of bench/counts.sh); the
# server migrates it at start.
set -euo pipefail
cd "$(dirname "$0")/.."
db=$1
n=${2:-20}
pm=${3:-}
bin=${FLEETKAM_BIN:-build/fleetkam}
port=$((20000 + RANDOM % 20000))
"$bin" serve --db "$db" --listen "127.0.0.1:$port" --threads 8 >/dev/null 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
hz=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
pgcpu() {
  [ -n "$pm" ] || { echo 0; return; }
  local t c
  t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat")
  for c in $(pgrep -P "$pm"); do t=$((t + $(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || echo 0))); done
  echo "$t"
}
per() { awk -v t="$1" -v n="$n" -v hz="$hz" 'BEGIN { printf "%.1f", t * 1000 / hz / n }'; }
A=/api/v1/accounts/status-counts
O=/api/v1/opportunities/stage-counts
for user in director am_sichuan; do
  token=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user\",\"password\":\"Demo-pass-2026\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/')
  for path in "$A" "$A?grade=key" "$A?division_code=510000" "$A?q=gaj" "$O" "$O?attention=overdue,stale" \
    "$O?procurement_method=tender" "$O?q=%E5%85%AC%E5%AE%89"; do
    get() { curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path" >/dev/null; }
    get  # warm
    before=$(cpu); pg_before=$(pgcpu); start=$(date +%s%N)
    for _ in $(seq "$n"); do get; done
    after=$(cpu); pg_after=$(pgcpu); end=$(date +%s%N)
    printf '%-10s %-58s server %6s ms  postgresql %6s ms  wall %8.1f ms  per request\n' "$user" "$path" \
      "$(per $((after - before)))" "$(per $((pg_after - pg_before)))" \
      "$(awk -v t=$((end - start)) -v n="$n" 'BEGIN { print t / 1e6 / n }')"
  done
done
