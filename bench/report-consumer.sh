#!/usr/bin/env bash
# report-service's consumer (the report group's ReportSink) against a bare COPY of the same check-ins, same run:
#   1. the check-ins (bench/tracing's generator, national: see bench/report-load.sh) written to a file of report's
#      view of each (local_day, checkin_id, venue_id, person_ref, commune, district, province, occurred_at, declared,
#      symptomatic), then COPYed, timed alone, into a fresh database with report's schema:
#        a. into bench_checkins: those columns, partitioned by local day like the sets, primary key (local_day,
#           checkin_id) as counted_checkins has: the check-ins stored once, as report would need them (THE baseline)
#        b. into counted_checkins itself (local_day, checkin_id): the least any exactly-once writer must write
#      and, after step 2 (fresh sink database only):
#        c. every row the sink wrote for them (counted_checkins, person_days, venue_days, venue_last_scan, area_days,
#           dumped from the sink's database) COPYed into empty tables: this design's writes alone, per check-in
#   2. the same check-ins as CheckinEvent JSON (IN, and an OUT for a third, as the streams carry them; OUTs count
#      nowhere) appended to the 8 check-in partitions of a fresh Redis prefix (redis-cli --pipe), then report-service
#      started on a second fresh database (or INTO=<a loaded database>): its report group reads them from the start.
#      Timed from the first check-in counted to the last (the nation's scans in area_days, polled every 0.5 s).
# Prints both rates and the ratios (the issue's target: the consumer >= 0.5 x a bare COPY of the same rows).
# CHECK=1: also loads the same check-ins with bench/report-load.sh and compares every check-in figure of area_days
# (all but new_venues, which comes from venue events) and the sizes of the sets: the loader's SQL against the sink.
# Settings: CHECKINS (500000), DAYS (3: the days up to yesterday), VENUES (700000), SEED (7), OUTS (1), INTO (a
#   database to count into instead of a fresh one, e.g. one bench/report-load.sh made: today's check-ins counted on
#   top of its days; then START defaults to today and DAYS to 1), PG_SETTINGS (see below), DROP (1: drop the databases
#   made), SERVICE_OPTS (more -D options for report-service, e.g. -Dqrcheckin.streams.consumer.batch-size=2000),
#   SKIP_BUILD=1, APP (report-service/target/quarkus-app).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/dev-keys.sh
source scripts/dev-keys.sh
CHECKINS=${CHECKINS:-500000}
VENUES=${VENUES:-700000}
SEED=${SEED:-7}
if [ -n "${INTO:-}" ]; then
  DAYS=${DAYS:-1}
  START=${START:-$(TZ=Asia/Ho_Chi_Minh date +%F)}
else
  DAYS=${DAYS:-3}
  START=${START:-$(TZ=Asia/Ho_Chi_Minh date -d "-$DAYS days" +%F)}
fi
PER_DAY=$((CHECKINS / DAYS))
APP=${APP:-report-service/target/quarkus-app}
STAMP=$(date +%s)
RUN=.run
OUT=$RUN/bench/report
mkdir -p $RUN/logs $OUT
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -o -DskipTests package -pl report-service -am
  ./mvnw -o -q -B -f bench/tracing/pom.xml -DskipTests package
  ./mvnw -o -q -B -f bench/tracing/pom.xml dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
fi
PSQL=(psql -h 127.0.0.1 -U postgres -qAtX -v ON_ERROR_STOP=1)
CP="bench/tracing/target/classes:$(cat bench/tracing/target/classpath.txt)"
gen() {
  java -Xms256m -Xmx768m -XX:+UseSerialGC -cp "$CP" vn.qrcheckin.bench.tracing.TracingDataGenerator --provinces=all --venues="$VENUES" \
    --visits=$((PER_DAY * DAYS)) --days="$DAYS" --seed="$SEED" --start="$START" --registered-span=180 --new-share=0.15 "$@"
}
echo "reproduce: CHECKINS=$((PER_DAY * DAYS)) DAYS=$DAYS VENUES=$VENUES SEED=$SEED START=$START${INTO:+ INTO=$INTO}"
COPY_DB=report_copy_$STAMP
SINK_DB=${INTO:-report_sink_$STAMP}
PREFIX="benchr:$STAMP:"
SERVICE=
cleanup() {
  [ -n "$SERVICE" ] && kill "$SERVICE" 2>/dev/null || true
  redis-cli --scan --pattern "${PREFIX}*" | xargs -r redis-cli del >/dev/null || true
  rm -f "$OUT/checkins-$STAMP.copy" "$OUT/events-$STAMP.jsonl"
}
trap cleanup EXIT

echo "[report-consumer] 1. bare COPY baselines"
gen --format=report-checkins --out="$OUT/checkins-$STAMP.copy" 2>/dev/null
ROWS=$(wc -l <"$OUT/checkins-$STAMP.copy")
"${PSQL[@]}" -d postgres -c "create database $COPY_DB"
for f in $(ls report-service/src/main/resources/db/migration/V*__*.sql | sort -V); do "${PSQL[@]}" -d $COPY_DB -f "$f"; done
LAST=$(date -d "$START + $((DAYS - 1)) days" +%F)
"${PSQL[@]}" -d $COPY_DB <<SQL >/dev/null
select ensure_day_partitions('counted_checkins', '$START', '$LAST');
create table bench_checkins (local_day date not null, checkin_id text not null, venue_id bigint not null, person_ref text not null,
  commune_code text not null, district_code text, province_code text not null, occurred_at timestamptz not null, declared boolean not null,
  symptomatic boolean not null, primary key (local_day, checkin_id)) partition by range (local_day);
select ensure_day_partitions('bench_checkins', '$START', '$LAST');
SQL
timed_copy() { # table columns
  local t0 t1
  t0=$(date +%s.%N)
  "${PSQL[@]}" -d $COPY_DB -c "copy $1 from stdin" <"$2"
  t1=$(date +%s.%N)
  awk -v r="$ROWS" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", r / (b - a) }'
}
COPY_FULL=$(timed_copy bench_checkins "$OUT/checkins-$STAMP.copy")
cut -f1,2 "$OUT/checkins-$STAMP.copy" >"$OUT/checkins-$STAMP.ids"
COPY_IDS=$(timed_copy "counted_checkins (local_day, checkin_id)" "$OUT/checkins-$STAMP.ids")
rm -f "$OUT/checkins-$STAMP.ids"
echo "COPY of $ROWS check-ins: into bench_checkins (report's columns, primary key) $COPY_FULL rows/s; into counted_checkins (ids only) $COPY_IDS rows/s"

echo "[report-consumer] 2. the same check-ins as events on the streams"
gen --format=events --out="$OUT/events-$STAMP.jsonl" 2>/dev/null
# One XADD per event into its venue's partition (venueId mod 8), in RESP for redis-cli --pipe (the JSON is ASCII).
LC_ALL=C awk -v p="$PREFIX" '{
  match($0, /"venueId":[0-9]+/); v = substr($0, RSTART + 10, RLENGTH - 10) % 8;
  key = p "checkins:{" v "}";
  printf "*5\r\n$4\r\nXADD\r\n$%d\r\n%s\r\n$1\r\n*\r\n$5\r\nevent\r\n$%d\r\n%s\r\n", length(key), key, length($0), $0 }' \
  <(if [ "${OUTS:-1}" = 0 ]; then grep -v '"direction":"OUT"' "$OUT/events-$STAMP.jsonl"; else cat "$OUT/events-$STAMP.jsonl"; fi) \
  | redis-cli --pipe | tail -n 1
INS=$(grep -c '"direction":"IN"' "$OUT/events-$STAMP.jsonl" || true)
echo "events: $(wc -l <"$OUT/events-$STAMP.jsonl") ($INS check-ins, the rest check-outs)"
rm -f "$OUT/events-$STAMP.jsonl"
[ "$INS" -eq "$ROWS" ] || { echo "events ($INS IN) and COPY rows ($ROWS) differ" >&2; exit 1; }

[ -n "${INTO:-}" ] || "${PSQL[@]}" -d postgres -c "create database $SINK_DB"
# PG_SETTINGS="log_min_duration_statement=0 ...": set on the sink database only (ALTER DATABASE), to find what a batch
# spends its time on (bench/report-statements.sh sums the log by statement).
for setting in ${PG_SETTINGS:-}; do "${PSQL[@]}" -d postgres -c "alter database $SINK_DB set ${setting%%=*} = '${setting#*=}'"; done
counted() { "${PSQL[@]}" -d $SINK_DB -c "select coalesce(sum(scans), 0) from area_days where area_code = 'VN'" 2>/dev/null || echo 0; }
BEFORE=$([ -n "${INTO:-}" ] && counted || echo 0)
DB_REACTIVE_URL=postgresql://127.0.0.1:5432/$SINK_DB DB_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$SINK_DB REDIS_KEY_PREFIX="$PREFIX" \
  OIDC_CLIENT_SECRET=report-secret MALLOC_ARENA_MAX=2 java -Xmx384m -Dquarkus.http.port=18084 -Dqrcheckin.streams.venues.enabled=false ${SERVICE_OPTS:-} \
  ${INTO:+-Dquarkus.flyway.migrate-at-start=false} -jar "$APP/quarkus-run.jar" >$RUN/logs/bench-report-consumer.log 2>&1 &
SERVICE=$!
first=""
for _ in $(seq 1 7200); do
  n=$(($(counted) - BEFORE))
  now=$(date +%s.%N)
  [ -z "$first" ] && [ "$n" -gt 0 ] && first=$now && first_n=$n
  if [ "$n" -ge "$INS" ]; then break; fi
  kill -0 $SERVICE 2>/dev/null || { echo "report-service stopped: $RUN/logs/bench-report-consumer.log" >&2; exit 1; }
  sleep 0.5
done
last=$(date +%s.%N)
awk -v n="$INS" -v f0="$first_n" -v a="$first" -v b="$last" -v c="$COPY_FULL" -v d="$COPY_IDS" 'BEGIN {
  r = (n - f0) / (b - a);
  printf "consumer: %d check-ins in %.1f s = %.0f rows/s; bare COPY of the same rows: %d rows/s into bench_checkins (ratio %.2f), %d rows/s into counted_checkins (ratio %.2f)\n",
    n, b - a, r, c, r / c, d, r / d }'
"${PSQL[@]}" -d $SINK_DB -c "select 'sink tables: ' || string_agg(t || ' ' || n, ', ') from (
  select 'counted_checkins' t, count(*) n from counted_checkins union all select 'person_days', count(*) from person_days
  union all select 'venue_days', count(*) from venue_days union all select 'area_days', count(*) from area_days) x"
kill $SERVICE 2>/dev/null || true
wait $SERVICE 2>/dev/null || true
SERVICE=
CONSUMER_RATE=$(awk -v n="$INS" -v f0="$first_n" -v a="$first" -v b="$last" 'BEGIN { printf "%.0f", (n - f0) / (b - a) }')

if [ -z "${INTO:-}" ]; then
  # c. every row the sink wrote (its five tables, dumped after the run) COPYed into the COPY database's empty tables:
  #    the writes this design needs per check-in, without the consumer's path (reads, parsing, round trips, upserts).
  "${PSQL[@]}" -d $COPY_DB -c "truncate counted_checkins; select ensure_day_partitions('person_days', '$START', '$LAST'),
    ensure_day_partitions('venue_days', date '$START' - 6, date '$LAST' + 6)" >/dev/null
  total=0
  rows=0
  for t in counted_checkins person_days venue_days venue_last_scan area_days; do
    cols=$("${PSQL[@]}" -d $SINK_DB -c "select string_agg(attname, ', ' order by attnum) from pg_attribute where attrelid = '$t'::regclass and attnum > 0 and not attisdropped")
    "${PSQL[@]}" -d $SINK_DB -c "copy (select $cols from $t) to stdout" >"$OUT/rows-$STAMP.copy"
    rows=$((rows + $(wc -l <"$OUT/rows-$STAMP.copy")))
    t0=$(date +%s.%N)
    "${PSQL[@]}" -d $COPY_DB -c "copy $t ($cols) from stdin" <"$OUT/rows-$STAMP.copy"
    total=$(awk -v s="$total" -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print s + b - a }')
  done
  rm -f "$OUT/rows-$STAMP.copy"
  COPY_ALL=$(awk -v n="$INS" -v s="$total" 'BEGIN { printf "%.0f", n / s }')
  awk -v r="$rows" -v n="$INS" -v s="$total" -v c="$CONSUMER_RATE" 'BEGIN {
    printf "COPY of every row the sink wrote (%d rows, %.1f a check-in, five tables): %.1f s = %.0f check-ins/s (ratio %.2f)\n", r, r / n, s, n / s, c / (n / s) }'
fi
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -n 1), PostgreSQL $("${PSQL[@]}" -d postgres -c 'show server_version'), $(date -u +%F), load average $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "${CHECK:-0}" = 1 ]; then
  echo "[report-consumer] CHECK: the same check-ins loaded by bench/report-load.sh's SQL, compared with the sink's tables"
  LOAD_DB=report_check_$STAMP
  DB=$LOAD_DB SKIP_BUILD=1 VENUES=$VENUES DAYS=$DAYS PER_DAY=$PER_DAY SEED=$SEED START=$START bench/report-load.sh >$OUT/check-load-$STAMP.txt 2>&1
  figures="select area_code, local_day, scans, people, declarations, symptomatic, active_venues, regular_venues, communes_scanned from area_days
    where (scans, people, declarations, symptomatic, active_venues, regular_venues, communes_scanned) <> (0, 0, 0, 0, 0, 0, 0) order by 1, 2"
  sets="select 'counted_checkins', count(*) from counted_checkins union all select 'person_days', count(*) from person_days
    union all select 'venue_days', count(*) from venue_days union all select 'venue_last_scan', count(*) from venue_last_scan"
  for db in $SINK_DB $LOAD_DB; do "${PSQL[@]}" -d $db -c "$figures" >$OUT/check-$db.txt; "${PSQL[@]}" -d $db -c "$sets" >>$OUT/check-$db.txt; done
  if diff -q $OUT/check-$SINK_DB.txt $OUT/check-$LOAD_DB.txt >/dev/null; then
    echo "CHECK: equal ($(grep -c . $OUT/check-$SINK_DB.txt) lines: every area-day's check-in figures, regular venues included, and the sets' sizes)"
  else
    echo "CHECK: DIFFERENT (diff $OUT/check-$SINK_DB.txt $OUT/check-$LOAD_DB.txt):"
    diff $OUT/check-$SINK_DB.txt $OUT/check-$LOAD_DB.txt | head -n 20
  fi
  "${PSQL[@]}" -d postgres -c "drop database $LOAD_DB with (force)"
fi
if [ "${DROP:-1}" = 1 ]; then
  "${PSQL[@]}" -d postgres -c "drop database $COPY_DB with (force)"
  [ -n "${INTO:-}" ] || "${PSQL[@]}" -d postgres -c "drop database $SINK_DB with (force)"
  echo "dropped $COPY_DB${INTO:+}$([ -n "${INTO:-}" ] || echo " and $SINK_DB")"
else
  echo "databases $COPY_DB, $SINK_DB (drop them when done)"
fi
