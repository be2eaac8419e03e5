-- wrk script: POST /api/v1/accounts with a new organisation each request (the name carries the
-- run's $TAG, the wrk thread and a counter, so no two are duplicates), Bearer token in $TOKEN.
-- Prints the same line as paths.lua: req/s, p50, p95, p99 and max latency in ms, non-2xx count.
local tag = os.getenv("TAG") or tostring(os.time())
local headers = {
  ["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or ""),
  ["Content-Type"] = "application/json",
}
local threads = 0
local n = 0

setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

request = function()
  n = n + 1
  local body = string.format('{"name":"基准压测%s号%d单位%d","industry":"police","admin_level":"municipal",' ..
    '"division_code":"510104","grade":"potential","business_class":"tender","procurement_method":"tender",' ..
    '"source_channel":"gov_procurement_site"}', tag, thread_id or 0, n)
  return wrk.format("POST", "/api/v1/accounts", headers, body)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("%8.0f req/s  p50 %6.2f  p95 %6.2f  p99 %6.2f  max %7.2f ms  non-2xx %d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.errors.status))
end
