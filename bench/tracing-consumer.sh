#!/usr/bin/env bash
# tracing-service's consumer against a bare COPY of the same rows into the same table, measured in the same run:
#   1. bench/tracing-load.sh (MODE=copy-file): VISITS generated check-ins COPYed into a fresh database (the baseline)
#   2. the same check-ins as events (IN, and OUT for a third) appended to the check-in streams of a fresh Redis
#      prefix (redis-cli --pipe), then tracing-service started on a second fresh database: its tracing group reads
#      them from the start; timed from the first visit stored to the last (polled every 0.5 s).
# Prints both rates and their ratio (the issue's target: the consumer >= 0.5 x COPY).
# Settings: VISITS (500000), DAYS (3), SEED (7), OUTS (1; 0 = check-ins only, no check-out events), SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/dev-keys.sh
source scripts/dev-keys.sh
VISITS=${VISITS:-500000}
DAYS=${DAYS:-3}
SEED=${SEED:-7}
START=$(TZ=Asia/Ho_Chi_Minh date -d "-$DAYS days" +%F)
STAMP=$(date +%s)
RUN=.run
OUT=$RUN/bench/tracing
mkdir -p $RUN/logs $OUT
export VISITS DAYS SEED START
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -DskipTests package -pl tracing-service -am
fi

echo "[consumer-bench] 1. bare COPY baseline"
MODE=copy-file KEEP=0 SUMMARY=0 bench/tracing-load.sh | tee $OUT/copy-$STAMP.txt | grep -E "^COPY|^database|^reproduce"
COPY_RATE=$(grep -oE '= [0-9]+ rows/s' $OUT/copy-$STAMP.txt | grep -oE '[0-9]+')
COPY_DB=$(grep -oE '^database: .*' $OUT/copy-$STAMP.txt | cut -d' ' -f2)

echo "[consumer-bench] 2. the same check-ins as events on the streams"
SKIP_BUILD=1 MODE=file FORMATS=events bench/tracing-load.sh >/dev/null
EVENTS=$(ls -t $OUT/*-s$SEED-$START*.events.jsonl | head -n 1)
PREFIX="benchc:$STAMP:"
# One XADD per event into its venue's partition (venueId mod 8), in RESP for redis-cli --pipe (the JSON is ASCII).
LC_ALL=C awk -v p="$PREFIX" '{
  match($0, /"venueId":[0-9]+/); v = substr($0, RSTART + 10, RLENGTH - 10) % 8;
  key = p "checkins:{" v "}";
  printf "*5\r\n$4\r\nXADD\r\n$%d\r\n%s\r\n$1\r\n*\r\n$5\r\nevent\r\n$%d\r\n%s\r\n", length(key), key, length($0), $0 }' \
  <(if [ "${OUTS:-1}" = 0 ]; then grep -v '"direction":"OUT"' "$EVENTS"; else cat "$EVENTS"; fi) \
  | redis-cli --pipe | tail -n 1
INS=$(grep -c '"direction":"IN"' "$EVENTS" || true)
echo "events: $(wc -l <"$EVENTS") ($INS check-ins, the rest check-outs)"

SINK_DB=tracing_sink_$STAMP
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $SINK_DB"
DB_REACTIVE_URL=postgresql://127.0.0.1:5432/$SINK_DB DB_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$SINK_DB REDIS_KEY_PREFIX="$PREFIX" \
  OIDC_CLIENT_SECRET=tracing-secret java -Xmx384m -Dquarkus.http.port=18083 -Dqrcheckin.streams.venues.enabled=false \
  -jar tracing-service/target/quarkus-app/quarkus-run.jar >$RUN/logs/bench-tracing-consumer.log 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true; redis-cli --scan --pattern "${PREFIX}*" | xargs -r redis-cli del >/dev/null' EXIT
count() { psql -h 127.0.0.1 -U postgres -d $SINK_DB -qAtXc "SELECT count(*) FROM visits" 2>/dev/null || echo 0; }
first=""
for _ in $(seq 1 3600); do
  n=$(count)
  now=$(date +%s.%N)
  [ -z "$first" ] && [ "$n" -gt 0 ] && first=$now && first_n=$n
  if [ "$n" -ge "$INS" ]; then break; fi
  sleep 0.5
done
last=$(date +%s.%N)
awk -v n="$INS" -v f0="$first_n" -v a="$first" -v b="$last" -v c="$COPY_RATE" 'BEGIN {
  r = (n - f0) / (b - a);
  printf "consumer: %d visits in %.1f s = %.0f rows/s (check-outs applied too); bare COPY of the same rows: %d rows/s; ratio %.2f\n", n, b - a, r, c, r / c }'
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -n 1), $(date -u +%F); databases $COPY_DB, $SINK_DB (drop them when done)"
