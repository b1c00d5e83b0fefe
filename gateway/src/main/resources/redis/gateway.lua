#!lua name=qrcheckin_gateway
-- Counts one request against a fixed window shared by every gateway instance.
-- KEYS[1]: the window's counter (client or address, and the window's number); ARGV[1]: the window in
-- milliseconds; ARGV[2]: the requests a window allows. Returns 0 when allowed, else the milliseconds until
-- the window ends (the Retry-After).
redis.register_function('qrcheckin_rate', function(keys, args)
  local n = redis.call('INCR', keys[1])
  if n == 1 then
    redis.call('PEXPIRE', keys[1], args[1])
  end
  if n > tonumber(args[2]) then
    local left = redis.call('PTTL', keys[1])
    if left < 1 then left = 1 end
    return left
  end
  return 0
end)

-- Adds what one instance counted for an API client since its last report, and answers the window's total over
-- every instance. KEYS[1]: the window's counter; ARGV[1]: the window in milliseconds; ARGV[2]: requests to add.
redis.register_function('qrcheckin_add', function(keys, args)
  local n = redis.call('INCRBY', keys[1], args[2])
  if n == tonumber(args[2]) then
    redis.call('PEXPIRE', keys[1], args[1])
  end
  return n
end)
