#!/usr/bin/env bash
# Loads report-service's database as its own sink and venue roll-up would have written it: VENUES venues over all 63
# provinces and DAYS days of check-ins, for the report benchmarks (bench/report-queries.sh and the others).
#
# The check-ins come from the tracing generator (bench/tracing, deterministic from SEED) run nationally
# (--provinces=all): communes of every province weighted by its population (GSO 2021, rounded) and commune kind,
# venues more so in Ha Noi and HCMC (2 venues a resident against 1 elsewhere: each holds ~15 % of the venues),
# the same venue types, skewed popularity, rush hours, staff pools, channels, pseudonyms and declarations as the
# tracing data; visitors from the venue's commune, district or province. Venues: 85 % registered over the 180 days
# before the run, 15 % during it (no scans before their registration day); 1 % in a 3-day suspension, 2 %
# non-compliant.
#
# How the roll-ups are made (faithful to ReportSink and VenueRollup, and checked: CHECK=1 compares them with what
# the running sink writes from the same check-ins as events, see bench/report-consumer.sh):
#   1. the venues COPYed into report_venues (version 1), the check-ins (report's view of each: day, id, venue,
#      person pseudonym, codes, occurredAt, declared, symptomatic) COPYed into a staging table bench_checkins;
#   2. from them, by SQL, every table the sink writes: counted_checkins (every id), person_days (distinct person
#      per area-day at each level: VN, province, district, commune), venue_days and venue_last_scan, and area_days:
#      scans, declarations, symptomatic, people (= rows of person_days), active venues (= rows of venue_days), venues
#      regular on day t (scans on >= 5 of the 7 days ending on t, for every t a venue-day's window reaches: as the
#      sink counts a venue crossing the threshold), communes with a scan, new venues by registration day; and
#      area_status (registered, suspended, non-compliant now);
#   3. bench_checkins dropped (KEEP_RAW=1 keeps it), ANALYZE.
# What differs from a sink-written database: the tables are freshly written (no dead row versions from the
# counters' updates: area_days rows are updated by every batch, HOT thanks to fillfactor 70) and the sets were not
# grown in stream order.
#
# Settings (environment):
#   VENUES (700000)   DAYS (30)   PER_DAY check-ins a day (200000)   SEED (1)
#   START   first local day (default: the DAYS days up to yesterday in Asia/Ho_Chi_Minh: inside the 35-day retention
#           of the sets, so a report-service started on the database keeps them)
#   PEOPLE  (default visits / 20, as the tracing data: 300,000 for the defaults)
#   DB      load into this new database name (default report_bench_<time>)   DROP=1 drop it at the end (try-outs)
#   SKIP_BUILD=1, JAVA_OPTS, PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres; trust)
# Example (small, for checking): VENUES=20000 DAYS=3 PER_DAY=20000 DROP=1 bench/report-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/dev-keys.sh
source scripts/dev-keys.sh
export PSEUDONYM_KEY FIELD_KEY

VENUES=${VENUES:-700000}
DAYS=${DAYS:-30}
PER_DAY=${PER_DAY:-200000}
SEED=${SEED:-1}
START=${START:-$(TZ=Asia/Ho_Chi_Minh date -d "-$DAYS days" +%F)}
VISITS=$((PER_DAY * DAYS))
DROP=${DROP:-0}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx768m -XX:+UseSerialGC}
# Every migration, in version order (the service then runs with Flyway off on this database).
SCHEMA=$(ls report-service/src/main/resources/db/migration/V*__*.sql | sort -V)
ADMIN_UNITS=contracts/src/main/resources/admin-units/vn-admin-units-2021.csv

if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f bench/tracing/target/classpath.txt ]; then
  ./mvnw -o -q -B -f bench/tracing/pom.xml -DskipTests package
  ./mvnw -o -q -B -f bench/tracing/pom.xml dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
fi
CP="bench/tracing/target/classes:$(cat bench/tracing/target/classpath.txt)"
GEN_ARGS=(--provinces=all --venues="$VENUES" --visits="$VISITS" --days="$DAYS" --seed="$SEED" --start="$START"
  --registered-span=180 --new-share=0.15 --admin-units="$ADMIN_UNITS")
[ -n "${PEOPLE:-}" ] && GEN_ARGS+=(--people="$PEOPLE")
# shellcheck disable=SC2086
gen() { java $JAVA_OPTS -cp "$CP" vn.qrcheckin.bench.tracing.TracingDataGenerator "${GEN_ARGS[@]}" "$@"; }
echo "reproduce: VENUES=$VENUES DAYS=$DAYS PER_DAY=$PER_DAY SEED=$SEED START=$START${PEOPLE:+ PEOPLE=$PEOPLE}"
# For bench/report-consumer.sh and CHECK: the same check-ins as CheckinEvent JSON lines.
if [ "${EVENTS_OUT:-}" ]; then
  gen --format=events --out="$EVENTS_OUT"
  exit 0
fi

psql_() { psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -X -q -v ON_ERROR_STOP=1 "$@"; }
DB=${DB:-report_bench_$(date +%Y%m%d_%H%M%S)}
psql_ -d postgres -c "create database $DB"
if [ "$DROP" = 1 ]; then
  trap 'psql_ -d postgres -c "drop database if exists $DB with (force)" && echo "dropped $DB"' EXIT
fi
for f in $SCHEMA; do psql_ -d "$DB" -f "$f"; done
LAST=$(date -d "$START + $((DAYS - 1)) days" +%F)
psql_ -d "$DB" -Atc "select ensure_day_partitions('counted_checkins', '$START', date '$LAST' + 2),
  ensure_day_partitions('person_days', '$START', date '$LAST' + 2), ensure_day_partitions('venue_days', date '$START' - 6, date '$LAST' + 2)" >/dev/null
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }'; }

t=$(date +%s.%N)
gen --format=report-venues | psql_ -d "$DB" -c "copy report_venues (venue_id, version, name, venue_type, commune_code, district_code,
  province_code, registered_day, suspended, non_compliant) from stdin"
echo "report_venues: $(psql_ -d "$DB" -Atc 'select count(*) from report_venues') venues ($(elapsed "$t"))"
t=$(date +%s.%N)
psql_ -d "$DB" -c "create unlogged table bench_checkins (local_day date not null, checkin_id text not null, venue_id bigint not null,
  person_ref text not null, commune_code text not null, district_code text, province_code text not null, occurred_at timestamptz not null,
  declared boolean not null, symptomatic boolean not null)"
gen --format=report-checkins | psql_ -d "$DB" -c "copy bench_checkins from stdin"
echo "bench_checkins: $(psql_ -d "$DB" -Atc 'select count(*) from bench_checkins') check-ins ($(elapsed "$t"))"

# The roll-ups, statement by statement (timed), as docs/architecture.md (Reports) describes the sink's.
step() { # label sql
  local t0
  t0=$(date +%s.%N)
  psql_ -d "$DB" -c "set work_mem = '256MB'; $2"
  echo "  $1 ($(elapsed "$t0"))"
}
echo "roll-ups:"
step counted_checkins "insert into counted_checkins (local_day, checkin_id) select local_day, checkin_id from bench_checkins order by 1, 2"
step person_days "insert into person_days (local_day, area_code, person_ref)
  select distinct c.local_day, a.area, c.person_ref from bench_checkins c
  cross join lateral (values ('VN'), (c.province_code), (c.district_code), (c.commune_code)) a(area) where a.area is not null order by 1, 2, 3"
step venue_days "insert into venue_days (local_day, venue_id, commune_code, district_code, province_code)
  select distinct on (venue_id, local_day) local_day, venue_id, commune_code, district_code, province_code from bench_checkins
  order by venue_id, local_day"
step venue_last_scan "insert into venue_last_scan (venue_id, last_day) select venue_id, max(local_day) from venue_days group by venue_id order by 1"
step area_days "insert into area_days (area_code, local_day, scans, people, declarations, symptomatic, active_venues, regular_venues,
    new_venues, communes_scanned)
  with scans as (
    select a.area, c.local_day as day, count(*) as n, count(*) filter (where c.declared) as decl, count(*) filter (where c.symptomatic) as sym
    from bench_checkins c cross join lateral (values ('VN'), (c.province_code), (c.district_code), (c.commune_code)) a(area)
    where a.area is not null group by 1, 2),
  people as (select area_code as area, local_day as day, count(*) as n from person_days group by 1, 2),
  active as (
    select a.area, v.local_day as day, count(*) as n
    from venue_days v cross join lateral (values ('VN'), (v.province_code), (v.district_code), (v.commune_code)) a(area)
    where a.area is not null group by 1, 2),
  windows as ( -- the venue's scan days in the 7 days ending on t, for every t a venue-day's window reaches
    select v.venue_id, v.local_day + k as t, count(*) as n, min(v.commune_code) as commune_code, min(v.district_code) as district_code,
           min(v.province_code) as province_code
    from venue_days v cross join generate_series(0, 6) k group by 1, 2),
  regular as (
    select a.area, w.t as day, count(*) as n
    from windows w cross join lateral (values ('VN'), (w.province_code), (w.district_code), (w.commune_code)) a(area)
    where w.n >= 5 and a.area is not null group by 1, 2),
  communes as (
    select a.area, s.local_day as day, count(*) as n
    from (select distinct local_day, commune_code, district_code, province_code from bench_checkins) s
    cross join lateral (values ('VN'), (s.province_code), (s.district_code), (s.commune_code)) a(area)
    where a.area is not null group by 1, 2),
  fresh as (
    select a.area, v.registered_day as day, count(*) as n
    from report_venues v cross join lateral (values ('VN'), (v.province_code), (v.district_code), (v.commune_code)) a(area)
    where v.version > 0 and a.area is not null group by 1, 2)
  select area, day, sum(scans), sum(people), sum(decl), sum(sym), sum(active), sum(regular), sum(fresh), sum(communes) from (
    select area, day, n as scans, 0 as people, decl, sym, 0 as active, 0 as regular, 0 as fresh, 0 as communes from scans
    union all select area, day, 0, n, 0, 0, 0, 0, 0, 0 from people
    union all select area, day, 0, 0, 0, 0, n, 0, 0, 0 from active
    union all select area, day, 0, 0, 0, 0, 0, n, 0, 0 from regular
    union all select area, day, 0, 0, 0, 0, 0, 0, 0, n from communes
    union all select area, day, 0, 0, 0, 0, 0, 0, n, 0 from fresh) x
  group by area, day order by area, day"
step area_status "insert into area_status (area_code, registered, suspended, non_compliant)
  select a.area, count(*), count(*) filter (where v.suspended), count(*) filter (where v.non_compliant)
  from report_venues v cross join lateral (values ('VN'), (v.province_code), (v.district_code), (v.commune_code)) a(area)
  where v.version > 0 and a.area is not null group by 1 order by 1"
[ "${KEEP_RAW:-0}" = 1 ] || psql_ -d "$DB" -c "drop table bench_checkins"
step analyze "analyze"

psql_ -d "$DB" -P pager=off <<SQL
\echo '-- sizes'
select r.tbl as "table", pg_size_pretty(sum(pg_total_relation_size(c.oid))) as total, sum(greatest(c.reltuples, 0))::bigint as rows
from pg_class c left join pg_inherits i on i.inhrelid = c.oid left join pg_class p on p.oid = i.inhparent
cross join lateral (select coalesce(p.relname, c.relname) as tbl) r
where c.relkind = 'r' and c.relnamespace = 'public'::regnamespace group by 1 order by sum(pg_total_relation_size(c.oid)) desc;
select 'database ' || pg_size_pretty(pg_database_size(current_database()));
\echo '-- the nation and the largest provinces on the last day (registered now; scans, people, active, regular that day)'
select s.area_code, s.registered, s.suspended, s.non_compliant, d.scans, d.people, d.active_venues, d.regular_venues, d.communes_scanned,
       d.new_venues
from area_status s left join area_days d on d.area_code = s.area_code and d.local_day = '$LAST'
where s.area_code = 'VN' or length(s.area_code) = 2 order by s.registered desc limit 6;
\echo '-- area_days rows by level'
select case length(area_code) when 2 then case area_code when 'VN' then 'nation' else 'province' end when 3 then 'district' else 'commune' end
       as level, count(*) as rows, count(distinct area_code) as areas, min(local_day), max(local_day) from area_days group by 1 order by 2;
SQL
echo "database: $DB"
