dofile("bench/report.lua")
-- wrk: GETs the path given with -s, cycling over the paths in PATHS (comma-separated), reports a one-line summary.
local paths = {}
for p in string.gmatch(os.getenv("PATHS") or "/", "[^,]+") do paths[#paths + 1] = p end
local i = 0

request = function()
  i = i + 1
  return wrk.format("GET", paths[i % #paths + 1])
end

done = function(summary, latency, requests)
  report(summary, latency)
end
