#!/usr/bin/env bash
# HTTP benchmarks with wrk at 32 connections: GET /healthz and an authenticated GET /api/v1/me,
# with and without `Accept-Encoding: gzip, deflate, br`, on SQLite and on PostgreSQL.
# Then the Google Benchmark programs. Usage: bench/run.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
bin=build/fleetkam
[ -x "$bin" ] || { echo "build first: make build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
password="Bench-secret-2026"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
  echo $((20000 + RANDOM % 20000)); }

run_suite() {
  local url=$1 label=$2 port pid token
  port=$(free_port)
  FLEETKAM_ADMIN_PASSWORD=$password "$bin" serve --db "$url" --listen "127.0.0.1:$port" --threads 64 >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  token=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$password\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/')
  for encoding in none "gzip, deflate, br"; do
    for path in /healthz /api/v1/me; do
      args=(-t 2 -c 32 -d "${seconds}s" --latency)
      [ "$path" = /api/v1/me ] && args+=(-H "Authorization: Bearer $token")
      [ "$encoding" != none ] && args+=(-H "Accept-Encoding: $encoding")
      out=$(wrk "${args[@]}" "http://127.0.0.1:$port$path")
      rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
      p50=$(awk '$1=="50%" {print $2}' <<<"$out")
      p99=$(awk '$1=="99%" {print $2}' <<<"$out")
      errors=$(grep -E "Non-2xx|Socket errors" <<<"$out" | tr '\n' ' ' || true)
      printf '%-10s %-14s %-18s %10s req/s  p50 %-8s p99 %-8s %s\n' "$label" "$path" "accept: $encoding" "$rps" "$p50" "$p99" "$errors"
    done
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "wrk: 2 threads, 32 connections, ${seconds}s per run, server with 64 worker threads on $(nproc) cores"
run_suite "sqlite:$tmp/bench.db" sqlite
export -f run_suite free_port
export bin password seconds
scripts/with-postgres.sh bash -c 'run_suite "${FLEETKAM_TEST_POSTGRES_URL%/postgres}/postgres" postgresql'

for program in build/*_bench; do
  [ -x "$program" ] && "$program" --benchmark_min_time=0.5
done
