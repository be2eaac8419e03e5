#!/usr/bin/env bash
# The monthly assessment through HTTP on the national `fleetkam gen` data with its calendar
# reports (bench/reports.sh builds it: about 2,000 dealers and 10,000 people, 4 months of monthly
# tables, 12 weeks of weekly tables):
#   COMPILE     POST /api/v1/assessment-months/{last month}/compile as KA staff: the first compile,
#               then two compiles again (a reopened month), each timed by curl
#   BOARD       GET /api/v1/assessments?month=…   HQ's scoreboard (first page, national ranks, the
#               regions' averages) and a province's (am_sichuan), driven by wrk at 1 and 8 connections
#   PERSON      GET /api/v1/assessments/{month}/people/{id}   200 people's scores with evidence
# Targets: compile 10,000 people under 10 s; HQ's scoreboard under 100 ms p95.
# Usage: bench/assessment.sh [seconds per run, default 10] [connection counts, default "1 8"]
#   FLEETKAM_BENCH_DB=URL (default the SQLite set bench/reports.sh leaves)  FLEETKAM_BIN=build/fleetkam
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-1 8}
bin=${FLEETKAM_BIN:-build/fleetkam}
url=${FLEETKAM_BENCH_DB:-sqlite:build/bench-data/reports-500000-2000000.db}
label=${url%%:*}
[ -x "$bin" ] || { echo "build first: make build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
if [[ $url == sqlite:* ]] && [ ! -f "${url#sqlite:}" ]; then
  echo "no ${url#sqlite:}: run FLEETKAM_BENCH_DATABASES=sqlite bench/reports.sh first" >&2
  exit 1
fi

port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
log=build/bench-data/assessment-server-$label.log
"$bin" serve --db "$url" --listen "127.0.0.1:$port" --threads 64 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 600); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.5; done
for _ in $(seq 600); do grep -q "reminder sweep" "$log" && break; sleep 0.5; done
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
login() {
  curl -sf -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"Demo-pass-2026\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/'
}
# a data set generated before the ka_staff role came has no KA staff: add one from the command line
if ! staff=$(login ka_staff) || [ -z "$staff" ]; then
  echo Demo-pass-2026 | "$bin" user create --db "$url" --username ka_staff --display-name 孙丽 --role ka_staff \
    --unit 1 >/dev/null
  staff=$(login ka_staff)
fi
month=$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%Y-%m)
version=$(curl -sf "$base/api/v1/assessment-months/$month" -H "Authorization: Bearer $staff" |
  sed -E 's/.*"version":([0-9]+).*/\1/')
status=$(curl -sf "$base/api/v1/assessment-months/$month" -H "Authorization: Bearer $staff" |
  sed -E 's/.*"status":"([a-z]+)".*/\1/')
if [ "$status" = reviewed ] || [ "$status" = approved ]; then
  echo "$month is $status: reopen it (KA executive) to compile again" >&2
  exit 1
fi
for run in 1 2 3; do
  out=$(curl -s -o /tmp/fleetkam-compile.json -w '%{http_code} %{time_total}' -X POST \
    "$base/api/v1/assessment-months/$month/compile" -H "Authorization: Bearer $staff" \
    -H 'Content-Type: application/json' -d "{\"version\":$version}")
  people=$(sed -E 's/.*"people":([0-9]+).*/\1/' /tmp/fleetkam-compile.json)
  printf '%-10s compile %s  run %d  HTTP %s  %s s  %s people\n' "$label" "$month" "$run" "${out% *}" "${out#* }" "$people"
  version=$(sed -E 's/.*"version":([0-9]+).*/\1/' /tmp/fleetkam-compile.json)
done
director=$(login director)
ids=$(curl -sf "$base/api/v1/assessments?month=$month&assessed=dealer&limit=500" -H "Authorization: Bearer $director" |
  grep -oE '"user_id":[0-9]+' | grep -oE '[0-9]+' | awk 'NR % 2 == 1' | head -n 200)
P=$(for id in $ids; do printf '/api/v1/assessments/%s/people/%s|' "$month" "$id"; done)
B="/api/v1/assessments?month=$month&assessed=dealer"
echo "wrk: ${seconds}s per run; $label; month $month"
for mix in "director|scoreboard HQ|$B" "am_sichuan|scoreboard Sichuan|$B" "director|person with evidence|$P"; do
  IFS='|' read -r user label_mix paths <<<"$mix"
  token=$(login "$user")
  for c in $connections; do
    before=$(cpu)
    line=$(TOKEN=$token PATHS=$paths wrk -t 1 -c "$c" -d "${seconds}s" --timeout 10s -s bench/paths.lua "$base" |
      tail -n 1)
    after=$(cpu)
    requests=$(awk -v s="$seconds" '{print $1 * s}' <<<"$line")
    printf '%-10s %-26s %2s conn %s  cpu/req %.2f ms\n' "$label" "$label_mix" "$c" "$line" \
      "$(awk -v t=$((after - before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { print (n > 0 ? t * 1000 / hz / n : 0) }')"
  done
done
