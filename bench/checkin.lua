dofile("bench/report.lua")
-- wrk: single check-ins with distinct ids, realistic bodies (a venue QR from QRS_FILE, a phone, a name,
-- a declaration). TOKEN: an app's bearer token; PATH_OVERRIDE: post the same body elsewhere (the baseline);
-- PACE_MS: each connection waits this long after an answer before its next request (a load below saturation,
-- for latency; wrk times a request from its sending, so the wait is not counted).
local token = os.getenv("TOKEN")
local path = os.getenv("PATH_OVERRIDE") or "/api/v1/checkins"
local qrs = {}
for line in io.lines(os.getenv("QRS_FILE")) do qrs[#qrs + 1] = line end
local counter = 0
-- Threads are numbered here; each thread reads its number from the global "tid" that setup gives it. (A local
-- "tid" in this chunk shadowed that global: every thread was 0, drew the same ids, and half the requests were
-- repeats answered from the idempotency keys.)
local threads = 0
local names = { "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Hoa" }

setup = function(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

init = function(args)
  math.randomseed(os.time() + tid)
end

request = function()
  counter = counter + 1
  local body = string.format(
    '{"id":"b%d-%d-%d","qr":"%s","person":{"idType":"PHONE","number":"09%08d","name":"%s"},"direction":"IN",' ..
    '"declaration":{"fever":false,"cough":false,"breathingDifficulty":false}}',
    tid, counter, math.random(1, 1000000000), qrs[math.random(1, #qrs)], math.random(0, 99999999), names[counter % #names + 1])
  return wrk.format("POST", path, { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

local pace = tonumber(os.getenv("PACE_MS") or "")
if pace then
  delay = function() return pace end
end

done = function(summary, latency, requests)
  report(summary, latency)
end
