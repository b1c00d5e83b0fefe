#!lua name=qrcheckin_bench_getset
-- The first version of the append function (GET, XADD, SET per check-in), kept only to compare with
-- checkin-service's redis/checkin.lua in bench/redis-bound.sh.
redis.register_function('bench_getset_append', function(keys, args)
  local n = #keys - 1
  local out = {}
  for i = 1, n do
    local previous = redis.call('GET', keys[i + 1])
    if previous then
      out[i] = 'D' .. previous
    else
      local entry = redis.call('XADD', keys[1], '*', 'event', args[i + 1])
      redis.call('SET', keys[i + 1], entry .. '|' .. args[n + 1 + i], 'EX', args[1])
      out[i] = 'A'
    end
  end
  return out
end)
-- Only the appends, no idempotency: the floor of any function that appends one entry per check-in.
redis.register_function('bench_xadd_only', function(keys, args)
  local n = #keys - 1
  local out = {}
  for i = 1, n do
    redis.call('XADD', keys[1], '*', 'event', args[i + 1])
    out[i] = 'A'
  end
  return out
end)
