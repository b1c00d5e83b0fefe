#!/usr/bin/env bash
# The whole ingestion-to-tracing path at a steady rate: Keycloak, venue-service (50 imported venues), checkin-service
# and tracing-service on one Redis prefix and fresh databases; wrk sends single check-ins paced to about RATE a second
# (c=64, each connection waiting after each answer) for DURATION. Then, from tracing's visits table:
#   - from 202 at check-in (receivedAt) to stored in visits (stored_at): p50/p95/p99/max over the steady window
#   - the tracing group's lag sampled every 5 s during the run (growing = not keeping up)
# Settings: RATE (5000), DURATION (60s), WARMUP (20s), CONNS (64), PACE (ms a connection waits after each answer;
# default CONNS*1000/RATE, which offers RATE only when answers take no time: a connection sends one check-in every
# latency + PACE, so at 15 ms answers pass a larger CONNS and a smaller PACE, e.g. CONNS=160 PACE=16), DROP (1; 0 keeps
# the databases), SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/dev-keys.sh
source scripts/dev-keys.sh
RATE=${RATE:-5000}
DURATION=${DURATION:-60s}
WARMUP=${WARMUP:-20s}
RUN=.run
OUT=$RUN/bench
mkdir -p $OUT $RUN/logs
scripts/wrk.sh
STAMP=$(date +%s)
VDB=tracing_lat_venue_$STAMP
TDB=tracing_lat_visits_$STAMP
PREFIX="benchl:$STAMP:"
export MALLOC_ARENA_MAX=2
scripts/dev-services.sh >/dev/null
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -DskipTests package -pl venue-service,checkin-service,tracing-service -am
fi
scripts/keycloak.sh start
VENUE_PORT=18081
LOG_TAG=lat
# shellcheck source=bench/lib/suite.sh
source bench/lib/suite.sh
suite_begin $VDB $TDB
start venue-service 18081 $VDB
wait_ready http://127.0.0.1:18081/q/health/ready
import_bench_venues
start checkin-service 18082 $VDB OIDC_CLIENT_SECRET=checkin-secret
start tracing-service 18083 $TDB OIDC_CLIENT_SECRET=tracing-secret
wait_ready http://127.0.0.1:18082/q/health/ready
wait_ready http://127.0.0.1:18083/q/health/ready
export TOKEN
TOKEN=$(token demo-app app-secret)
# Pace per connection so that CONNS connections offer about RATE a second.
CONNS=${CONNS:-64}
PACE=${PACE:-$(( CONNS * 1000 / RATE ))}
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -n 1), $(date -u +%F); target $RATE/s (c=$CONNS, pace ${PACE} ms)"
PACE_MS=$PACE wrk -t2 -c"$CONNS" -d"$WARMUP" -s bench/checkin.lua http://127.0.0.1:18082 >/dev/null
lagfile=$OUT/lat-lag-$STAMP.txt
sample_lag tracing $lagfile
T0=$(date -u +%FT%T.%NZ)
PACE_MS=$PACE wrk -t2 -c"$CONNS" -d"$DURATION" -s bench/checkin.lua http://127.0.0.1:18082 | grep -E "Requests/sec|Latency|Non-2xx"
T1=$(date -u +%FT%T.%NZ)
sleep 5
echo "accepted by checkin-service (metric): $(curl -s http://127.0.0.1:18082/q/metrics | awk '/^checkins_accepted_total/ {s += $NF} END {printf "%d", s}')"
echo "stream entries: $(for p in $(seq 0 7); do redis-cli XLEN "${PREFIX}checkins:{$p}"; done | awk '{s += $1} END {print s}'), tracing pending: $(for p in $(seq 0 7); do redis-cli XINFO GROUPS "${PREFIX}checkins:{$p}" | awk 'prev == "pending" {print} {prev = $0}' | head -n 1; done | awk '{s += $1} END {print s}'), dead letters: $(redis-cli XLEN "${PREFIX}dead-letters")"
echo "visits in all: $(psql -h 127.0.0.1 -U postgres -d $TDB -qAtXc 'SELECT count(*) FROM visits')"
echo "tracing group lag (entries not yet delivered), every 5 s: $(awk '{printf "%s ", $2}' $lagfile)"
psql -h 127.0.0.1 -U postgres -d $TDB -qAtX -c "SELECT 'visits stored ' || count(*) || ', received -> stored: p50 ' ||
  round(1000 * extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY stored_at - received_at))) || ' ms, p95 ' ||
  round(1000 * extract(epoch FROM percentile_cont(0.95) WITHIN GROUP (ORDER BY stored_at - received_at))) || ' ms, p99 ' ||
  round(1000 * extract(epoch FROM percentile_cont(0.99) WITHIN GROUP (ORDER BY stored_at - received_at))) || ' ms, max ' ||
  round(1000 * extract(epoch FROM max(stored_at - received_at))) || ' ms' FROM visits WHERE received_at BETWEEN '$T0' AND '$T1'"
