#!/usr/bin/env bash
# Benchmarks checkin-service against a baseline measured in the same run: bench/xadd-baseline, a bare
# Quarkus endpoint that only XADDs the request body (same Redis, same pool size, same JVM flags).
#   baseline    POST /xadd                      (realistic check-in bodies, c=64)
#   single      POST /api/v1/checkins           (token check, QR verification, identity HMAC + AES-GCM,
#                                                idempotency + XADD in one Redis function call), c=64
#   batch       POST /api/v1/checkins/batch     (500 check-ins a request, 60 s)
# Starts Keycloak (tokens of the demo app), venue-service (real QR codes and keys, fresh database),
# checkin-service and the baseline on their own ports and Redis prefix; a background loop trims the
# streams as consumers would. Prints req/s, latencies and the peak resident memory of checkin-service.
#   paced       both again at 64 connections, each connection waiting PACE_MS after an answer: latency below
#               saturation (at saturation a closed-loop tool measures its own queue: 64 / throughput)
# Settings: DURATION (default 30s), BATCH_DURATION (60s), CONNECTIONS (64), PACE_MS (16), WARMUP (30s), JVM_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/dev-keys.sh
source scripts/dev-keys.sh
DURATION=${DURATION:-30s}
BATCH_DURATION=${BATCH_DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-64}
# 15 s left check-ins still being compiled in round 1 (always lower than round 2).
WARMUP=${WARMUP:-30s}
PACE=${PACE_MS:-16}
unset PACE_MS # wrk's script paces only the runs given PACE_MS below
# The options checkin-service runs with (scripts/run.sh; docs/benchmarks.md, run 7): a fixed young generation
# large enough that requests in flight are not promoted, bounded code cache and metaspace, two malloc arenas.
# The baseline gets the same.
JVM_OPTS=${JVM_OPTS:--Xms200m -Xmx200m -Xmn120m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=128m}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
RUN=.run
OUT=$RUN/bench
mkdir -p $OUT $RUN/logs
scripts/wrk.sh
STAMP=$(date +%s)
DB=qrcheckin_bench_$STAMP
PREFIX="bench:$STAMP:"

scripts/dev-services.sh >/dev/null
./mvnw -B -q -DskipTests package -pl venue-service,checkin-service -am
./mvnw -B -q -DskipTests package -f bench/xadd-baseline/pom.xml
scripts/keycloak.sh start
psql -h 127.0.0.1 -U postgres -d postgres -qc "create database $DB"

PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $DB with (force)" >/dev/null || true
  redis-cli --scan --pattern "$PREFIX*" | xargs -r -n 500 redis-cli del >/dev/null || true
  redis-cli del bench:baseline >/dev/null || true
}
trap cleanup EXIT

OIDC=http://127.0.0.1:8180/realms/qrcheckin
DB_REACTIVE_URL=postgresql://127.0.0.1:5432/$DB DB_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB REDIS_KEY_PREFIX="$PREFIX" \
  OIDC_URL=$OIDC java -Xmx384m -Dquarkus.http.port=18081 -jar venue-service/target/quarkus-app/quarkus-run.jar \
  >$RUN/logs/bench-venue.log 2>&1 &
PIDS+=($!)
wait_ready() { for _ in $(seq 1 90); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 1; done; echo "not ready: $1" >&2; exit 1; }
wait_ready http://127.0.0.1:18081/q/health/ready

token() {
  curl -fsS -d grant_type=client_credentials -d client_id="$1" -d client_secret="$2" "$OIDC/protocol/openid-connect/token" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
ADMIN=$(token qrcheckin-demo demo-secret)
# 50 real venues: their QR contents are what the apps scan.
{ echo "name,type,address,commune_code,owner_name,owner_phone"
  for i in $(seq 1 50); do echo "Cửa hàng Bench $i,SHOP,Số $i Lê Lợi,09541,Lê Thị Hồng,0912345678"; done; } >$OUT/venues.csv
curl -fsS -H "Authorization: Bearer $ADMIN" -H 'Content-Type: text/csv; charset=UTF-8' --data-binary @$OUT/venues.csv \
  http://127.0.0.1:18081/api/v1/venues/imports >/dev/null
curl -fsS -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:18081/api/v1/venues?limit=50" | grep -oE '"content":"[^"]+"' \
  | cut -d'"' -f4 >$OUT/qrs.txt
export QRS_FILE=$OUT/qrs.txt

REDIS_KEY_PREFIX="$PREFIX" VENUE_URL=http://127.0.0.1:18081 OIDC_URL=$OIDC OIDC_CLIENT_SECRET=checkin-secret \
  java $JVM_OPTS ${CHECKIN_EXTRA_OPTS:-} -Dquarkus.http.port=18082 -jar checkin-service/target/quarkus-app/quarkus-run.jar >$RUN/logs/bench-checkin.log 2>&1 &
CHECKIN=$!
PIDS+=($CHECKIN)
java $JVM_OPTS -jar bench/xadd-baseline/target/quarkus-app/quarkus-run.jar >$RUN/logs/bench-baseline.log 2>&1 &
BASELINE=$!
PIDS+=($BASELINE)
wait_ready http://127.0.0.1:18082/q/health/ready
for _ in $(seq 1 60); do curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d '{}' http://127.0.0.1:18090/xadd && break; sleep 1; done

# Consumers keep up: trim what they would have processed, once a second.
( while true; do
    for p in $(seq 0 7); do redis-cli XTRIM "${PREFIX}checkins:{$p}" MAXLEN '~' 10000 >/dev/null; done
    redis-cli XTRIM bench:baseline MAXLEN '~' 10000 >/dev/null
    sleep 1
  done ) &
PIDS+=($!)
# Peak resident memory of checkin-service, sampled every half second.
( peak=0; while kill -0 $CHECKIN 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' /proc/$CHECKIN/status 2>/dev/null || echo 0)
    [ "${rss:-0}" -gt "$peak" ] && peak=$rss && echo "$peak" >$OUT/checkin-peak-rss-kb
    sleep 0.5
  done ) &
PIDS+=($!)

export TOKEN
TOKEN=$(token demo-app app-secret)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -n 1), JVM_OPTS=$JVM_OPTS, MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX, $(date -u +%F)"
# shellcheck source=bench/lib/cpu.sh
source bench/lib/cpu.sh
REDIS_PID=$(pgrep -o -x redis-server || echo 1)
# One wrk run: its result line, then where the two cores went.
run() {
  local name=$1; shift
  local procs=("checkin-service=$CHECKIN" "baseline=$BASELINE" "redis=$REDIS_PID") result
  cpu_mark "${procs[@]}"
  result=$(wrk "$@" | grep RESULT | sed 's/^RESULT //')
  echo "$name $result"
  cpu_line "${procs[@]}"
}

# Warm-up of both (JIT), not reported.
PATH_OVERRIDE=/xadd wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s bench/checkin.lua http://127.0.0.1:18090 >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s bench/checkin.lua http://127.0.0.1:18082 >/dev/null
wrk -t2 -c8 -d10s -s bench/batch.lua http://127.0.0.1:18082 >/dev/null

for round in 1 2; do
  PATH_OVERRIDE=/xadd run "baseline-xadd(c=$CONNECTIONS,round=$round)" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/checkin.lua http://127.0.0.1:18090
  run "checkin-single(c=$CONNECTIONS,round=$round)" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/checkin.lua http://127.0.0.1:18082
done
for round in 1 2; do
  PACE_MS=$PACE PATH_OVERRIDE=/xadd run "baseline-xadd-paced(c=$CONNECTIONS,pace=${PACE}ms,round=$round)" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/checkin.lua http://127.0.0.1:18090
  PACE_MS=$PACE run "checkin-single-paced(c=$CONNECTIONS,pace=${PACE}ms,round=$round)" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/checkin.lua http://127.0.0.1:18082
done
run "checkin-batch500(c=8)" -t2 -c8 -d"$BATCH_DURATION" -s bench/batch.lua http://127.0.0.1:18082
echo "checkin-service peak resident memory under load: $(( $(cat $OUT/checkin-peak-rss-kb) / 1024 )) MiB"
echo "accepted check-ins (metric): $(curl -s http://127.0.0.1:18082/q/metrics | grep -E '^checkins_accepted_total' | awk '{s += $2} END {printf "%d", s}')"
