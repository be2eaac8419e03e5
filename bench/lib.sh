# Shared by the HTTP benchmarks (source it): start a server on a database, sign in, and drive
# '|'-separated mixes of paths with wrk at each connection count, printing req/s, latencies and
# the server's CPU time per request. bench/boards.sh uses it; the older scripts carry their own
# copy of the same loop.
#   bench_start URL LABEL      starts `serve` (sets $port, $pid, $log) once /healthz answers and
#                              the start-up reminder sweep has run
#   bench_login USER           prints a session token (demo password)
#   bench_mixes LABEL MIX...   MIX = "user|label|path1|path2…"; needs $seconds, $connections
#   bench_stop
bench_start() {
  local url=$1 label=$2
  port=$((20000 + RANDOM % 20000))
  log=build/bench-data/server-$label.log
  "$bin" serve --db "$url" --listen "127.0.0.1:$port" --threads 64 >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
  for _ in $(seq 600); do grep -q "reminder sweep" "$log" && break; sleep 0.5; done
}

bench_login() {
  curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"Demo-pass-2026\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/'
}

bench_cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }

bench_mixes() {
  local label=$1 mix user label_mix paths token c before after line requests
  shift
  for mix in "$@"; do
    user=${mix%%|*}
    mix=${mix#*|}
    label_mix=${mix%%|*}
    paths=${mix#*|}
    token=$(bench_login "$user")
    for c in $connections; do
      before=$(bench_cpu)
      line=$(TOKEN=$token PATHS=$paths wrk -t 1 -c "$c" -d "${seconds}s" --timeout 10s -s bench/paths.lua \
        "http://127.0.0.1:$port" | tail -n 1)
      after=$(bench_cpu)
      requests=$(awk -v s="$seconds" '{print $1 * s}' <<<"$line")
      printf '%-10s %-28s %2s conn %s  cpu/req %.2f ms\n' "$label" "$label_mix" "$c" "$line" \
        "$(awk -v t=$((after - before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" \
          'BEGIN { print (n > 0 ? t * 1000 / hz / n : 0) }')"
    done
  done
}

bench_stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; }
