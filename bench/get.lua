-- wrk: GETs the path given with -s, cycling over the paths in PATHS (comma-separated), reports a one-line summary.
local paths = {}
for p in string.gmatch(os.getenv("PATHS") or "/", "[^,]+") do paths[#paths + 1] = p end
local i = 0

request = function()
  i = i + 1
  return wrk.format("GET", paths[i % #paths + 1])
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT req/s=%.1f p50=%.2fms p99=%.2fms errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
