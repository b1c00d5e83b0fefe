-- wrk: authenticated GETs cycling over the paths in PATHS_FILE (one a line), TOKEN a bearer token; PACE_MS: each
-- connection waits this long after an answer (a load below saturation; wrk times a request from its sending).
-- Prints one line: RESULT req/s, p50, p95, p99, max (ms), errors, non-2xx.
local token = os.getenv("TOKEN")
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do paths[#paths + 1] = line end
local threads = 0
local i = 0

setup = function(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

init = function(args)
  i = (tid or 0) * 7919
end

request = function()
  i = i + 1
  return wrk.format("GET", paths[i % #paths + 1], { ["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json" })
end

local pace = tonumber(os.getenv("PACE_MS") or "")
if pace then
  delay = function() return pace end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT n=%d req/s=%.1f p50=%.2fms p95=%.2fms p99=%.2fms max=%.2fms errors=%d non2xx=%d\n", summary.requests,
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors, summary.errors.status))
end
