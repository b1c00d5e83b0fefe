dofile("bench/report.lua")
-- wrk: registers venues with distinct names over a few Hà Nội communes. TOKEN comes from the environment.
local token = os.getenv("TOKEN")
local communes = { "09541", "00001", "00004", "00589", "00100", "09544", "09547", "09550" }
local counter = 0
local thread_id = 0

setup = function(thread)
  thread:set("thread_id", thread_id)
  thread_id = thread_id + 1
end

request = function()
  counter = counter + 1
  local body = string.format(
    '{"name":"Cửa hàng Bench %d-%d","type":"SHOP","address":"Số %d Lê Lợi","communeCode":"%s",' ..
    '"ownerName":"Nguyễn Văn An","ownerPhone":"09%08d","latitude":21.0,"longitude":105.8}',
    thread_id, counter, counter, communes[counter % #communes + 1], counter)
  return wrk.format("POST", "/api/v1/venues",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

done = function(summary, latency, requests)
  report(summary, latency)
end
