#!/usr/bin/env bash
# Where the Kubernetes memory figures come from: every service started as scripts/run.sh starts it (same JVM
# options, demo data, Keycloak), its resident memory read at rest, then each put under load with wrk, and its
# peak resident memory (VmHWM) read at the end.
#   venue-service    posters (PDF), QR PNGs, venue listings
#   checkin-service  single check-ins (c=64) and batches of 500 (c=4)
#   tracing/report/gateway  health and OpenAPI (bare services until their issues)
# Settings: DURATION (30s a load), DEMO_VENUES (3000), SKIP_BUILD=1 to reuse the last package.
# JVM mode: native images (what k8s/ runs) cannot be built on this machine; see docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-30s}
RUN=.run
mkdir -p $RUN/logs $RUN/bench
scripts/wrk.sh
SKIP_BUILD=${SKIP_BUILD:-0} DEMO_VENUES=${DEMO_VENUES:-3000} scripts/run.sh >$RUN/logs/memory-run.log 2>&1 &
RUNNER=$!
trap 'kill $RUNNER 2>/dev/null; wait $RUNNER 2>/dev/null || true' EXIT
for _ in $(seq 1 900); do
  grep -q "qrcheckin is running" $RUN/logs/memory-run.log && break
  kill -0 $RUNNER 2>/dev/null || { cat $RUN/logs/memory-run.log; exit 1; }
  sleep 1
done
grep -q "qrcheckin is running" $RUN/logs/memory-run.log || { echo "the suite did not come up: $RUN/logs/memory-run.log"; exit 1; }

pid_of() { pgrep -f "$1/target/quarkus-app/quarkus-run.jar" | head -n 1; }
kib() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status"; }
declare -A IDLE
for s in venue-service checkin-service tracing-service report-service gateway; do
  IDLE[$s]=$(kib "$(pid_of $s)" VmRSS)
done

OIDC=http://127.0.0.1:8180/realms/qrcheckin/protocol/openid-connect/token
token() { curl -fsS -d grant_type=client_credentials -d client_id="$1" -d client_secret="$2" $OIDC | sed -E 's/.*"access_token":"([^"]+)".*/\1/'; }
ADMIN=$(token qrcheckin-demo demo-secret)
export TOKEN
TOKEN=$(token demo-app app-secret)
curl -fsS -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:8081/api/v1/venues?limit=50" | grep -oE '"content":"[^"]+"' | cut -d'"' -f4 \
  >$RUN/bench/memory-qrs.txt
export QRS_FILE=$RUN/bench/memory-qrs.txt
VENUE=$(curl -fsS -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:8081/api/v1/venues?limit=1" | grep -oE '"id":[0-9]+' | head -n 1 | cut -d: -f2)

# The command echoed without header values (a bearer token stays out of logs).
load() { echo "[memory] $(printf '%s ' "$@" | sed -E 's/Bearer [^ ]+/Bearer …/')" >&2; wrk "$@" >>$RUN/bench/memory-wrk.txt 2>&1; }
: >$RUN/bench/memory-wrk.txt
load -t2 -c8 -d"$DURATION" "http://127.0.0.1:8081/api/v1/venues/$VENUE/poster.pdf"
load -t2 -c16 -d"$DURATION" "http://127.0.0.1:8081/api/v1/venues/$VENUE/qr.png?size=1024"
load -t2 -c16 -d"$DURATION" -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:8081/api/v1/venues?limit=100"
load -t2 -c64 -d"$DURATION" -s bench/checkin.lua http://127.0.0.1:8082
load -t2 -c4 -d"$DURATION" -s bench/batch.lua http://127.0.0.1:8082
for port in 8083 8084 8080; do
  load -t2 -c16 -d"$DURATION" "http://127.0.0.1:$port/q/health"
  load -t2 -c4 -d"$DURATION" "http://127.0.0.1:$port/q/openapi"
done

echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -n 1), $(date -u +%F), load ${DURATION} each"
printf '%-16s %14s %14s\n' service "at rest (MiB)" "peak (MiB)"
for s in venue-service checkin-service tracing-service report-service gateway; do
  printf '%-16s %14d %14d\n' $s $(( IDLE[$s] / 1024 )) $(( $(kib "$(pid_of $s)" VmHWM) / 1024 ))
done
