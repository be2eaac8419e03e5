-- wrk script: cycles through the '|'-separated request paths in $PATHS with the Bearer token in
-- $TOKEN, and prints req/s, p50, p95, p99 and max latency in ms, the non-2xx count and the
-- requests that timed out (wrk's --timeout, 2 s unless given; not in the latencies).
local paths = {}
for p in string.gmatch(os.getenv("PATHS") or "/healthz", "[^|]+") do paths[#paths + 1] = p end
local headers = { ["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or "") }
local i = 0

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], headers)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("%8.1f req/s  p50 %6.2f  p95 %6.2f  p99 %6.2f  max %7.2f ms  non-2xx %d  timeouts %d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.errors.status, summary.errors.timeout))
end
