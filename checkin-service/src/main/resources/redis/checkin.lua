#!lua name=qrcheckin_checkin
-- Appends check-ins to one stream partition, each at most once per id, in one round trip.
-- KEYS[1]: the partition's stream; KEYS[2..n+1]: the idempotency key of each check-in (same hash slot).
-- ARGV[1]: seconds an id is remembered; ARGV[2..n+1]: the events (JSON); ARGV[n+2..2n+1]: the answer
-- suffix of each (what a repeat of the id is told). Returns, per check-in, 'A<entry id>|<suffix>' when
-- appended now, or 'D<first answer>' when the id was seen before: the second answer is the first.
redis.register_function('qrcheckin_append', function(keys, args)
  local n = #keys - 1
  local out = {}
  for i = 1, n do
    local previous = redis.call('GET', keys[i + 1])
    if previous then
      out[i] = 'D' .. previous
    else
      local entry = redis.call('XADD', keys[1], '*', 'event', args[i + 1])
      local answer = entry .. '|' .. args[n + 1 + i]
      redis.call('SET', keys[i + 1], answer, 'EX', args[1])
      out[i] = 'A' .. answer
    end
  end
  return out
end)
