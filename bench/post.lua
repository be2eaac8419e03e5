-- wrk script: POSTs $BODY (JSON) to $PATH_POST with the Bearer token in $TOKEN, and prints the same
-- line as paths.lua: req/s, p50, p95, p99 and max latency in ms, non-2xx and timeouts.
local headers = { ["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or ""),
                  ["Content-Type"] = "application/json" }
local body = os.getenv("BODY") or "{}"
local path = os.getenv("PATH_POST") or "/healthz"

request = function()
  return wrk.format("POST", path, headers, body)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("%8.1f req/s  p50 %6.2f  p95 %6.2f  p99 %6.2f  max %7.2f ms  non-2xx %d  timeouts %d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.errors.status, summary.errors.timeout))
end
