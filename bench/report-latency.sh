#!/usr/bin/env bash
# From 202 at check-in to counted in report-service's figures, at a steady rate: Keycloak, venue-service (50 imported
# venues), checkin-service and report-service on one Redis prefix and fresh databases; wrk sends single check-ins
# (bench/checkin.lua, direction IN) paced to about RATE a second (c=64, each connection waiting after each answer)
# for DURATION, after WARMUP.
# The roll-ups keep no time per check-in (counted_checkins holds the id and day only), so the delay is read from two
# counts sampled every SAMPLE seconds during the run, both from the start of the prefix and the database:
#   accepted  the check-in partitions' entries-added (XINFO STREAM, summed over the 8 partitions, with Redis's clock
#             in the same script): checkin-service appends an entry before it answers 202
#   counted   the nation's scans in area_days (sum over its days, the row a summary reads; PostgreSQL's clock)
# The n-th check-in was accepted when the first count reached n and counted when the second did (each interpolated
# between samples): delay(n) = t_counted(n) - t_accepted(n), read for every n accepted in the measured window; its
# p50/p95/p99/max are the figures. This is exact for a first-in, first-out path and otherwise off by how far a
# check-in is overtaken (8 partitions, read in turn by one member: at most a round of batches); the sampling adds up
# to SAMPLE s either way. Also: the report group's lag sampled every 5 s.
# Settings: RATE (5000), DURATION (60s), WARMUP (20s), SAMPLE (0.1), DROP (1; 0 keeps the databases), SKIP_BUILD=1, APP_DIR (. : each service's
#   <name>/target/quarkus-app under it).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/dev-keys.sh
source scripts/dev-keys.sh
RATE=${RATE:-5000}
DURATION=${DURATION:-60s}
WARMUP=${WARMUP:-20s}
SAMPLE=${SAMPLE:-0.1}
APP_DIR=${APP_DIR:-.}
RUN=.run
OUT=$RUN/bench/report
mkdir -p $OUT $RUN/logs
scripts/wrk.sh
STAMP=$(date +%s)
VDB=report_lat_venue_$STAMP
RDB=report_lat_report_$STAMP
PREFIX="benchrl:$STAMP:"
export MALLOC_ARENA_MAX=2
scripts/dev-services.sh >/dev/null
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -DskipTests package -pl venue-service,checkin-service,report-service -am
fi
scripts/keycloak.sh start
VENUE_PORT=18091
LOG_TAG=rlat
# shellcheck source=bench/lib/suite.sh
source bench/lib/suite.sh
suite_begin $VDB $RDB
start venue-service 18091 $VDB
wait_ready http://127.0.0.1:18091/q/health/ready
import_bench_venues
start checkin-service 18092 $VDB OIDC_CLIENT_SECRET=checkin-secret
start report-service 18094 $RDB OIDC_CLIENT_SECRET=report-secret
wait_ready http://127.0.0.1:18092/q/health/ready
wait_ready http://127.0.0.1:18094/q/health/ready
export TOKEN
TOKEN=$(token demo-app app-secret)
PACE=$(( 64 * 1000 / RATE ))
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -n 1), $(date -u +%F), load average $(cut -d' ' -f1-3 /proc/loadavg); target $RATE/s (c=64, pace ${PACE} ms)"

# The two samplers, from before the warm-up to after the run (both counts start at 0 on this prefix and database).
KEYS=$(for p in $(seq 0 7); do printf '%s ' "${PREFIX}checkins:{$p}"; done)
LUA="local t = redis.call('TIME'); local n = 0
for _, k in ipairs(KEYS) do
  if redis.call('EXISTS', k) == 1 then
    local info = redis.call('XINFO', 'STREAM', k)
    for i = 1, #info, 2 do if info[i] == 'entries-added' then n = n + info[i + 1] end end
  end
end
return t[1] .. '.' .. string.format('%06d', t[2]) .. ' ' .. n"
# shellcheck disable=SC2086
redis-cli -r -1 -i "$SAMPLE" EVAL "$LUA" 8 $KEYS >$OUT/lat-accepted-$STAMP.txt 2>/dev/null &
PIDS+=($!)
{ echo "select extract(epoch from clock_timestamp()), coalesce(sum(scans), 0) from area_days where area_code = 'VN'"; echo "\\watch $SAMPLE"; } \
  | psql -h 127.0.0.1 -U postgres -d $RDB -qAtX -F' ' >$OUT/lat-counted-$STAMP.txt 2>/dev/null &
PIDS+=($!)
lagfile=$OUT/lat-lag-$STAMP.txt
sample_lag report $lagfile

PACE_MS=$PACE wrk -t2 -c64 -d"$WARMUP" -s bench/checkin.lua http://127.0.0.1:18092 >/dev/null
T0=$(date +%s.%N)
PACE_MS=$PACE wrk -t2 -c64 -d"$DURATION" -s bench/checkin.lua http://127.0.0.1:18092 | grep -E "Requests/sec|Latency|Non-2xx|RESULT"
T1=$(date +%s.%N)
# Let the report group catch up (at most 60 s) before the last samples.
for _ in $(seq 1 120); do
  a=$(tail -n 1 $OUT/lat-accepted-$STAMP.txt | cut -d' ' -f2); c=$(tail -n 1 $OUT/lat-counted-$STAMP.txt | cut -d' ' -f2)
  [ -n "$a" ] && [ -n "$c" ] && [ "$c" -ge "$a" ] && break
  sleep 0.5
done
sleep 1
echo "accepted (entries added to the partitions): $(tail -n 1 $OUT/lat-accepted-$STAMP.txt | cut -d' ' -f2), counted (the nation's scans): $(tail -n 1 $OUT/lat-counted-$STAMP.txt | cut -d' ' -f2), dead letters: $(redis-cli XLEN "${PREFIX}dead-letters")"
echo "report group lag (entries not yet delivered), every 5 s: $(awk '{printf "%s ", $2}' $lagfile)"
awk -v t0="$T0" -v t1="$T1" '
  FNR == 1 { f++ }
  NF == 2 && f == 1 { at[++na] = $1; an[na] = $2 }
  NF == 2 && f == 2 { ct[++nc] = $1; cn[nc] = $2 }
  # first time a count reached n, linear between the samples around it
  function reach(t, v, m, n,   i) {
    for (i = (m == 1 ? ia : ic); i <= (m == 1 ? na : nc); i++) if (v[i] >= n) break
    if (m == 1) ia = (i > 1 ? i - 1 : 1); else ic = (i > 1 ? i - 1 : 1)
    if (i > (m == 1 ? na : nc)) return -1
    if (i == 1 || v[i] == v[i - 1]) return t[i]
    return t[i - 1] + (t[i] - t[i - 1]) * (n - v[i - 1]) / (v[i] - v[i - 1])
  }
  END {
    # the counts accepted inside the measured window
    for (i = 1; i <= na; i++) { if (at[i] <= t0) lo = an[i]; if (at[i] <= t1) hi = an[i] }
    ia = 1; ic = 1; k = 0; step = (hi - lo) / 20000; if (step < 1) step = 1
    for (n = lo + 1; n <= hi; n += step) {
      a = reach(at, an, 1, n); c = reach(ct, cn, 2, n)
      if (a < 0 || c < 0) { missing++; continue }
      d[++k] = c - a
    }
    asort(d)
    printf "accepted in the window: %d (%.0f a second); 202 -> counted (%d points, sampled every %s s): p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms%s\n",
      hi - lo, (hi - lo) / (t1 - t0), k, "'"$SAMPLE"'", d[int(k * 0.5 + 0.5)] * 1000, d[int(k * 0.95 + 0.5)] * 1000, d[int(k * 0.99 + 0.5)] * 1000,
      d[k] * 1000, missing ? sprintf(" (%d never counted)", missing) : ""
  }' $OUT/lat-accepted-$STAMP.txt $OUT/lat-counted-$STAMP.txt
