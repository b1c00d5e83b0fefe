#!/usr/bin/env bash
# Single check-ins through the gateway against the same requests straight to checkin-service, in the same run,
# rounds alternating (the machine is shared and noisy: the ratio holds, absolute figures drift):
#   direct      POST http://127.0.0.1:28082/api/v1/checkins    checkin-service alone
#   gateway     POST http://127.0.0.1:28080/api/v1/checkins    gateway (token checked at the edge, the client's rate limit
#                                                               counted in Redis, the request streamed to checkin-service)
# At saturation (c=CONNECTIONS): throughput, target >= 0.8x direct. Then paced (each connection waits PACE_MS after
# an answer: a load below saturation): p50 through the gateway minus p50 direct is what the gateway adds (target < 1 ms).
# Starts Keycloak (the demo app's real token), venue-service (real QR codes), checkin-service (the options of
# scripts/run.sh) and the gateway on their own ports, Redis prefix and database; a background loop trims the streams
# as consumers would. Prints each run's RESULT line and where the two cores went.
# PIN=1: checkin-service, Redis and wrk share core 0 and the gateway has core 1 to itself, as on a cluster where the
# gateway's replicas have CPU of their own: does the gateway keep up with what a service's CPU can take? (Redis's
# affinity is restored at the end.) Unpinned (default), everything shares both cores: the gateway's CPU is taken from
# checkin-service's.
# Settings: DURATION (20s), CONNECTIONS (64), PACE_MS (16), WARMUP (20s), ROUNDS (2), SKIP_BUILD=1, PIN=1.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/dev-keys.sh
source scripts/dev-keys.sh
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
WARMUP=${WARMUP:-20s}
ROUNDS=${ROUNDS:-2}
PACE=${PACE_MS:-16}
unset PACE_MS
CHECKIN_OPTS="-Xms200m -Xmx200m -Xmn120m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=128m"
GATEWAY_OPTS=${GATEWAY_OPTS:-$CHECKIN_OPTS}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
RUN=.run
OUT=$RUN/bench
mkdir -p $OUT $RUN/logs
scripts/wrk.sh
STAMP=$(date +%s)
PREFIX="bench:gw:$STAMP:"
VENUE_PORT=28081
CHECKIN_PORT=28082
GATEWAY_PORT=28080
for port in $VENUE_PORT $CHECKIN_PORT $GATEWAY_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is taken: stop whatever listens there and retry" >&2; exit 1; fi
done
LOG_TAG=gateway
# shellcheck source=bench/lib/suite.sh
source bench/lib/suite.sh

scripts/dev-services.sh >/dev/null
[ "${SKIP_BUILD:-0}" = 1 ] || ./mvnw -B -q -DskipTests package -pl venue-service,checkin-service,gateway -am
scripts/keycloak.sh start
suite_begin "gateway_bench_$STAMP"

start venue-service $VENUE_PORT "gateway_bench_$STAMP"
wait_ready http://127.0.0.1:$VENUE_PORT/q/health/ready
import_bench_venues
JVM_OPTS=$CHECKIN_OPTS start checkin-service $CHECKIN_PORT "gateway_bench_$STAMP" OIDC_CLIENT_SECRET=checkin-secret
CHECKIN=${PIDS[-1]}
JVM_OPTS=$GATEWAY_OPTS start gateway $GATEWAY_PORT "gateway_bench_$STAMP" CHECKIN_URL=http://127.0.0.1:$CHECKIN_PORT \
  TRACING_URL=http://127.0.0.1:28083 REPORT_URL=http://127.0.0.1:28084
GATEWAY=${PIDS[-1]}
wait_ready http://127.0.0.1:$CHECKIN_PORT/q/health/ready
wait_ready http://127.0.0.1:$GATEWAY_PORT/q/health/ready
REDIS_PID=$(pgrep -o -x redis-server || echo 1)
WRK="wrk"
if [ "${PIN:-0}" = 1 ]; then
  taskset -a -p -c 0 "$CHECKIN" >/dev/null
  taskset -a -p -c 0 "$REDIS_PID" >/dev/null
  taskset -a -p -c 1 "$GATEWAY" >/dev/null
  WRK="taskset -c 0 wrk"
  trap 'taskset -a -p -c 0-$(( $(nproc) - 1 )) "$REDIS_PID" >/dev/null || true; suite_cleanup' EXIT
  echo "pinned: checkin-service, redis, wrk on core 0; gateway on core 1"
fi

( while true; do
    for p in $(seq 0 7); do redis-cli XTRIM "${PREFIX}checkins:{$p}" MAXLEN '~' 10000 >/dev/null; done
    sleep 1
  done ) &
PIDS+=($!)

export TOKEN
TOKEN=$(token demo-app app-secret)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -n 1), checkin and gateway JVM: $CHECKIN_OPTS, $(date -u '+%F %H:%M UTC')"
# shellcheck source=bench/lib/cpu.sh
source bench/lib/cpu.sh
# One wrk run: its result line, then where the two cores went.
run() {
  local name=$1; shift
  local procs=("checkin-service=$CHECKIN" "gateway=$GATEWAY" "redis=$REDIS_PID") result
  cpu_mark "${procs[@]}"
  result=$($WRK "$@" | grep RESULT | sed 's/^RESULT //')
  echo "$name $result"
  cpu_line "${procs[@]}"
}

# Warm-up (JIT) of both paths, not reported.
$WRK -t2 -c"$CONNECTIONS" -d"$WARMUP" -s bench/checkin.lua http://127.0.0.1:$CHECKIN_PORT >/dev/null
$WRK -t2 -c"$CONNECTIONS" -d"$WARMUP" -s bench/checkin.lua http://127.0.0.1:$GATEWAY_PORT >/dev/null
$WRK -t2 -c"$CONNECTIONS" -d10s -s bench/checkin.lua http://127.0.0.1:$GATEWAY_PORT >/dev/null

for round in $(seq 1 "$ROUNDS"); do
  run "direct(c=$CONNECTIONS,round=$round)" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/checkin.lua http://127.0.0.1:$CHECKIN_PORT
  run "gateway(c=$CONNECTIONS,round=$round)" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/checkin.lua http://127.0.0.1:$GATEWAY_PORT
done
for round in $(seq 1 "$ROUNDS"); do
  PACE_MS=$PACE run "direct-paced(c=$CONNECTIONS,pace=${PACE}ms,round=$round)" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/checkin.lua http://127.0.0.1:$CHECKIN_PORT
  PACE_MS=$PACE run "gateway-paced(c=$CONNECTIONS,pace=${PACE}ms,round=$round)" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/checkin.lua http://127.0.0.1:$GATEWAY_PORT
done
echo "gateway answers by status: $(curl -s http://127.0.0.1:$GATEWAY_PORT/q/metrics | grep -E '^http_server_requests_seconds_count' \
  | sed -E 's/.*status="([^"]+)".* ([0-9.E]+)$/\1 \2/' | awk '{n[$1] += $2} END {for (s in n) printf "%s: %d  ", s, n[s]}')"
echo "accepted check-ins (checkin-service metric): $(curl -s http://127.0.0.1:$CHECKIN_PORT/q/metrics | grep -E '^checkins_accepted_total' | awk '{s += $2} END {printf "%d", s}')"
