#!lua name=qrcheckin_checkin
-- Appends check-ins to one stream partition, each at most once per id, in one round trip.
-- KEYS[1]: the partition's stream; KEYS[2..n+1]: the idempotency key of each check-in (same hash slot).
-- ARGV[1]: seconds an id is remembered; ARGV[2..n+1]: the events (JSON); ARGV[n+2..2n+1]: the answer of
-- each (what a repeat of the id is told). Returns, per check-in, 'A' when appended now, or 'D<first
-- answer>' when the id was seen before: the second answer is the first.
-- One SET NX GET per id both claims it and reads an earlier claim. Redis CPU a check-in, bench/redis-bound.sh
-- (noisy): 8-13 us, against 10-15 us for a separate GET and SET; the per-id key is most of it (XADD alone in a
-- function: 4-7 us). docs/benchmarks.md has the figures.
redis.register_function('qrcheckin_append', function(keys, args)
  local n = #keys - 1
  local stream, ttl = keys[1], args[1]
  local out = {}
  for i = 1, n do
    local previous = redis.call('SET', keys[i + 1], args[n + 1 + i], 'NX', 'GET', 'EX', ttl)
    if previous then
      out[i] = 'D' .. previous
    else
      redis.call('XADD', stream, '*', 'event', args[i + 1])
      out[i] = 'A'
    end
  end
  return out
end)
