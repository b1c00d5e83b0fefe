dofile("bench/report.lua")
-- wrk: batches of 500 check-ins with distinct ids, as an app uploads its offline queue.
local token = os.getenv("TOKEN")
local qrs = {}
for line in io.lines(os.getenv("QRS_FILE")) do qrs[#qrs + 1] = line end
local counter = 0
-- Threads are numbered here; each thread reads its number from the global "tid" that setup gives it. (A local
-- "tid" in this chunk shadowed that global: every thread was 0, drew the same ids, and half the requests were
-- repeats answered from the idempotency keys.)
local threads = 0

setup = function(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

init = function(args)
  math.randomseed(os.time() + tid)
end

request = function()
  local items = {}
  for i = 1, 500 do
    counter = counter + 1
    items[i] = string.format(
      '{"id":"q%d-%d-%d","qr":"%s","person":{"idType":"PHONE","number":"09%08d"},"direction":"IN"}',
      tid, counter, math.random(1, 1000000000), qrs[math.random(1, #qrs)], math.random(0, 99999999))
  end
  local body = '{"items":[' .. table.concat(items, ",") .. ']}'
  return wrk.format("POST", "/api/v1/checkins/batch",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

done = function(summary, latency, requests)
  report(summary, latency, "checkins", 500)
end
