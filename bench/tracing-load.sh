#!/usr/bin/env bash
# Loads generated check-ins into a fresh tracing database with a bare COPY: the baseline the tracing consumer's
# write path is compared with, and the data set for the tracing query benchmarks.
# The generator (bench/tracing, deterministic from SEED): people with home communes across Ha Noi, venues with
# skewed popularity (markets and hospitals busy, offices steady), rush hours, check-outs for a third of visits,
# real pseudonyms and AES-GCM ciphertexts under the development keys of scripts/dev-keys.sh.
#
# Steps: new database -> tracing-service's V1__tracing.sql -> ensure_visit_partitions for the days ->
# bench_venues (the generated venues: type, commune, popularity; not part of the service's schema) ->
# COPY visits FROM STDIN (timed: rows, seconds, rows/s) -> ANALYZE -> sizes -> the database name.
#
# Settings (environment):
#   VISITS   visits in all (20000000)          DAYS  days (14)          SEED  (1)
#   START    first local day, YYYY-MM-DD (default: the DAYS days up to yesterday in Asia/Ho_Chi_Minh, so the
#            data sits inside the services' 21-day windows; the line "reproduce:" prints it)
#   PEOPLE, VENUES  default VISITS/20 and 670,000 x VISITS/20,000,000
#   MODE     load       generator piped straight into COPY (default; the generator runs alongside PostgreSQL, so
#                       on a small machine it lowers the rate; its own "generated ... visits/s" line is then the
#                       pipe's rate, not what it can do: about 150-210k visits/s alone here)
#            copy-file  write the COPY file first, then COPY from the file: the COPY timed alone. On the 2-core
#                       dev machine streaming measured well below this (200,000 visits: 29k against 40-75k rows/s,
#                       the generator's JVM competing with PostgreSQL for the cores): prefer copy-file for the baseline
#            file       only write files to OUT_DIR, no database (FORMATS: any of copy,events,venues)
#   FORMATS  for MODE=file (copy,events,venues)      OUT_DIR  (.run/bench/tracing)
#   DB       load into this existing database instead (schema applied when it has no visits table). Check-ins are
#            seeded by (SEED, date): loading days already there with the same SEED collides on the primary key,
#            other days (START) add other check-ins. bench_venues is loaded only when empty (keep SEED and VISITS).
#   KEEP     copy-file: the COPY file stays in OUT_DIR and is reused by a later run with the same parameters
#            (default 1; about 410 bytes a visit, 8.1 GB for 20M); 0 deletes it after the load
#   SUMMARY  1: distribution checks from SQL after the load (default 1 up to 1,000,000 visits: they scan the table)
#   DROP     1: drop the database at the end (for trying the script out)
#   SKIP_BUILD=1, JAVA_OPTS, PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres; trust authentication)
# Example: VISITS=200000 DROP=1 bench/tracing-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/dev-keys.sh
source scripts/dev-keys.sh
export PSEUDONYM_KEY FIELD_KEY

VISITS=${VISITS:-20000000}
DAYS=${DAYS:-14}
SEED=${SEED:-1}
START=${START:-$(TZ=Asia/Ho_Chi_Minh date -d "-$DAYS days" +%F)}
MODE=${MODE:-load}
FORMATS=${FORMATS:-copy,events,venues}
OUT_DIR=${OUT_DIR:-.run/bench/tracing}
SUMMARY=${SUMMARY:-$([ "$VISITS" -le 1000000 ] && echo 1 || echo 0)}
DROP=${DROP:-0}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
# Small heap: the generator keeps per-venue arrays and one day's sort keys, nothing else. Serial GC: two cores,
# one of them PostgreSQL's.
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx768m -XX:+UseSerialGC}
SCHEMA=tracing-service/src/main/resources/db/migration/V1__tracing.sql
ADMIN_UNITS=contracts/src/main/resources/admin-units/vn-admin-units-2021.csv
COLUMNS="local_day, checkin_id, venue_id, person_ref, phone_ref, id_type, number_enc, name_enc, phone_enc, commune_code, \
district_code, province_code, channel, arrived_at, left_at, ends_at, venue_suspended"

if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f bench/tracing/target/classpath.txt ]; then
  ./mvnw -q -B -f bench/tracing/pom.xml -DskipTests package
  ./mvnw -q -B -f bench/tracing/pom.xml dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
fi
CP="bench/tracing/target/classes:$(cat bench/tracing/target/classpath.txt)"
GEN_ARGS=(--visits="$VISITS" --days="$DAYS" --seed="$SEED" --start="$START" --admin-units="$ADMIN_UNITS")
[ -n "${PEOPLE:-}" ] && GEN_ARGS+=(--people="$PEOPLE")
[ -n "${VENUES:-}" ] && GEN_ARGS+=(--venues="$VENUES")
# shellcheck disable=SC2086
gen() { java $JAVA_OPTS -cp "$CP" vn.qrcheckin.bench.tracing.TracingDataGenerator "${GEN_ARGS[@]}" "$@"; }
echo "reproduce: VISITS=$VISITS DAYS=$DAYS SEED=$SEED START=$START${PEOPLE:+ PEOPLE=$PEOPLE}${VENUES:+ VENUES=$VENUES}"

mkdir -p "$OUT_DIR"
NAME="visits-$VISITS-${DAYS}d-s$SEED-$START${PEOPLE:+-p$PEOPLE}${VENUES:+-v$VENUES}"
if [ "$MODE" = file ]; then
  for f in ${FORMATS//,/ }; do
    case $f in
      copy) target=$OUT_DIR/$NAME.copy ;;
      events) target=$OUT_DIR/$NAME.events.jsonl ;;
      venues) target=$OUT_DIR/$NAME.venues.tsv ;;
      *) echo "unknown format $f (copy, events, venues)" >&2; exit 2 ;;
    esac
    gen --format="$f" --out="$target.part" && mv "$target.part" "$target"
    echo "wrote $target ($(du -h "$target" | cut -f1))"
  done
  exit 0
fi

case $MODE in load | copy-file) ;; *) echo "unknown MODE $MODE (load, copy-file, file)" >&2; exit 2 ;; esac
command -v psql >/dev/null || { echo "psql missing: apt-get install -y postgresql-client" >&2; exit 1; }
psql_() { psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -X -q -v ON_ERROR_STOP=1 "$@"; }
if [ -z "${DB:-}" ]; then
  DB=tracing_bench_$(date +%Y%m%d_%H%M%S)
  psql_ -d postgres -c "create database $DB"
fi
if [ "$DROP" = 1 ]; then
  trap 'psql_ -d postgres -c "drop database if exists $DB with (force)" && echo "dropped $DB"' EXIT
fi
if [ "$(psql_ -d "$DB" -Atc "select to_regclass('visits') is null")" = t ]; then
  psql_ -d "$DB" -f "$SCHEMA"
fi
LAST=$(date -d "$START + $((DAYS - 1)) days" +%F)
psql_ -d "$DB" -Atc "select ensure_visit_partitions('$START', '$LAST')" >/dev/null
psql_ -d "$DB" -c "set client_min_messages = warning; create table if not exists bench_venues (venue_id bigint primary key, type text not null, commune_code text not null,
  district_code text not null, province_code text not null, dwell_minutes int not null, popularity double precision not null,
  staff int not null)"
if [ "$(psql_ -d "$DB" -Atc "select not exists (select from bench_venues)")" = t ]; then
  gen --format=venues | psql_ -d "$DB" -c "copy bench_venues from stdin"
fi
psql_ -d "$DB" -Atc "select 'server: shared_buffers ' || current_setting('shared_buffers') || ', max_wal_size '
  || current_setting('max_wal_size') || ', synchronous_commit ' || current_setting('synchronous_commit')
  || ', wal_level ' || current_setting('wal_level')"

before=$(psql_ -d "$DB" -Atc "select count(*) from visits")
if [ "$MODE" = copy-file ]; then
  FILE=$OUT_DIR/$NAME.copy
  if [ -s "$FILE" ] && [ "${KEEP:-1}" = 1 ]; then
    echo "reusing $FILE"
  else
    gen --format=copy --out="$FILE.part" && mv "$FILE.part" "$FILE" # a complete file only: it may be reused
  fi
  echo "COPY from $FILE ($(du -h "$FILE" | cut -f1))"
  t0=$(date +%s.%N)
  psql_ -d "$DB" -c "copy visits ($COLUMNS) from stdin" <"$FILE"
  t1=$(date +%s.%N)
  [ "${KEEP:-1}" = 1 ] || rm -f "$FILE"
else
  t0=$(date +%s.%N)
  gen --format=copy | psql_ -d "$DB" -c "copy visits ($COLUMNS) from stdin"
  t1=$(date +%s.%N)
fi
rows=$(($(psql_ -d "$DB" -Atc "select count(*) from visits") - before))
awk -v r="$rows" -v a="$t0" -v b="$t1" -v m="$MODE" 'BEGIN { printf "COPY (%s): %d rows in %.1f s = %.0f rows/s\n", m, r, b - a, r / (b - a) }'
[ "$rows" -eq "$VISITS" ] || { echo "expected $VISITS new rows, found $rows" >&2; exit 1; }

t0=$(date +%s.%N)
psql_ -d "$DB" -c "analyze visits"
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "ANALYZE: %.1f s\n", b - a }'
# A partitioned table has no storage of its own: sum its partitions (heap, TOAST and indexes).
psql_ -d "$DB" -At -F' ' -c "select 'visits: ' || pg_size_pretty(sum(pg_total_relation_size(i.inhrelid))) || ' in all (' ||
  pg_size_pretty(sum(pg_relation_size(i.inhrelid))) || ' heap, ' || pg_size_pretty(sum(pg_indexes_size(i.inhrelid))) ||
  ' indexes), ' || round(sum(pg_total_relation_size(i.inhrelid))::numeric / greatest($rows + $before, 1)) || ' bytes a visit, '
  || count(*) || ' partitions; database ' || pg_size_pretty(pg_database_size(current_database()))
  from pg_inherits i where i.inhparent = 'visits'::regclass"

if [ "$SUMMARY" = 1 ]; then
  psql_ -d "$DB" -P pager=off <<'SQL'
\echo '-- checks: share with a check-out; local_day = Ha Noi date of arrival; ends_at = left_at or arrival + dwell'
select count(*) as visits,
       round(100.0 * count(left_at) / count(*), 1) as pct_checked_out,
       count(*) filter (where local_day <> (arrived_at at time zone 'Asia/Ho_Chi_Minh')::date) as wrong_local_day,
       count(*) filter (where ends_at <> coalesce(left_at, arrived_at + make_interval(mins => b.dwell_minutes))) as wrong_ends_at,
       count(*) filter (where extract(hour from arrived_at at time zone 'Asia/Ho_Chi_Minh') not between 6 and 21) as outside_6_22,
       count(distinct person_ref) as person_refs, count(distinct phone_ref) as phone_refs,
       count(*) filter (where venue_suspended) as at_suspended_venue
from visits v join bench_venues b using (venue_id);
\echo '-- busiest venues'
select venue_id, b.type, b.commune_code, count(*) as visits, round(count(*)::numeric / count(distinct local_day), 1) as per_day
from visits v join bench_venues b using (venue_id) group by venue_id, b.type, b.commune_code order by visits desc limit 10;
\echo '-- visits by venue type; per_visitor: visits per distinct person at a venue (staff come back every working day); weekend_pct: share on Sat/Sun (2/7 = 28.6 when flat)'
with n as (select venue_id, count(*) as visits, count(distinct coalesce(phone_ref, person_ref)) as visitors,
                  count(*) filter (where extract(isodow from local_day) >= 6) as weekend from visits group by 1)
select b.type, count(*) as venues, sum(n.visits) as visits, round(100.0 * sum(n.visits) / sum(sum(n.visits)) over (), 1) as pct,
       round(avg(n.visits), 1) as per_venue, max(n.visits) as max_venue,
       round(sum(n.visits)::numeric / sum(n.visitors), 1) as per_visitor, round(100.0 * sum(n.weekend) / sum(n.visits), 1) as weekend_pct,
       round(avg(b.dwell_minutes)) as dwell
from bench_venues b join n using (venue_id)
group by b.type order by visits desc;
\echo '-- arrivals by local hour'
select to_char(h, 'FM00') || ':00' as hour, n, round(100.0 * n / sum(n) over (), 1) as pct, repeat('#', (200.0 * n / sum(n) over ())::int) as bar
from (select extract(hour from arrived_at at time zone 'Asia/Ho_Chi_Minh')::int as h, count(*) as n from visits group by 1) x order by h;
\echo '-- by day'
select local_day, to_char(local_day, 'Dy') as dow, count(*) as visits, count(left_at) as checked_out from visits group by 1 order by 1;
\echo '-- channels and id types'
select channel, id_type, count(*) as visits, round(100.0 * count(*) / sum(count(*)) over (), 1) as pct,
       round(100.0 * count(name_enc) / count(*), 1) as pct_name, round(100.0 * count(phone_ref) / count(*), 1) as pct_phone
from visits group by 1, 2 order by visits desc;
\echo '-- visits per person (by contact-phone pseudonym, else identity pseudonym), and minutes of presence'
select count(*) as people, round(avg(n), 1) as avg_visits, percentile_disc(0.5) within group (order by n) as median,
       max(n) as max from (select coalesce(phone_ref, person_ref), count(*) as n from visits group by 1) x;
select round(avg(extract(epoch from left_at - arrived_at) / 60)) as avg_minutes_checked_out,
       round(avg(extract(epoch from ends_at - arrived_at) / 60)) as avg_minutes_all from visits;
SQL
fi
echo "database: $DB"
