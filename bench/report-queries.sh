#!/usr/bin/env bash
# Answer times of report-service on a loaded database (bench/report-load.sh: 700,000 venues over 63 provinces, 30
# days), through its API as provincial staff ask: report-service started as scripts/run.sh runs it (-Xmx384m,
# MALLOC_ARENA_MAX=2; the venue projection off: no venue-service here, the venues are in the database already),
# operator-hanoi's Keycloak token (an operator limited to area 01: the access check runs on every request).
# Three questions, each over every loaded day (and, for communes, every commune of Ha Noi):
#   province   GET /api/v1/reports/summary?area=01&date=D                       (target < 20 ms p95)
#   children   GET /api/v1/reports/children?area=01&date=D  (Ha Noi's 30 districts) (target < 50 ms p95)
#   commune    GET /api/v1/reports/summary?area=<one of Ha Noi's 579>&date=D    (target < 10 ms p95)
# For each: a single client (one curl, one kept-alive connection, N requests one after the other), then wrk at a
# steady load below saturation (C connections, each waiting PACE_MS after an answer: about RATE requests a second),
# then wrk unpaced (the most it answers, for scale). Then EXPLAIN (ANALYZE, BUFFERS) of the statement a summary
# and a children answer run (AreaDays.read).
# Usage: DB=report_bench_... bench/report-queries.sh
# Settings: N (300), DURATION (20s), RATE (200), C (4), SKIP_BUILD=1, APP (report-service/target/quarkus-app), PORT (18084).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/dev-keys.sh
source scripts/dev-keys.sh
: "${DB:?DB=<the database bench/report-load.sh printed>}"
N=${N:-300}
DURATION=${DURATION:-20s}
RATE=${RATE:-200}
C=${C:-4}
PORT=${PORT:-18084}
APP=${APP:-report-service/target/quarkus-app}
RUN=.run
OUT=$RUN/bench/report
mkdir -p $RUN/logs $OUT
PSQL=(psql -h 127.0.0.1 -U postgres -d "$DB" -qAtX -v ON_ERROR_STOP=1)
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -o -DskipTests package -pl report-service -am
fi
scripts/wrk.sh
scripts/keycloak.sh start

mapfile -t DATES < <("${PSQL[@]}" -c "select local_day from area_days where area_code = 'VN' and scans > 0 order by 1")
mapfile -t COMMUNES < <(awk -F, '$1 == "01" && $5 != "" {print $5}' contracts/src/main/resources/admin-units/vn-admin-units-2021.csv)
echo "[queries] ${#DATES[@]} days with scans (${DATES[0]} .. ${DATES[-1]}), ${#COMMUNES[@]} communes of Ha Noi"
for q in province children commune; do : >$OUT/paths-$q.txt; done
for d in "${DATES[@]}"; do
  echo "/api/v1/reports/summary?area=01&date=$d" >>$OUT/paths-province.txt
  echo "/api/v1/reports/children?area=01&date=$d" >>$OUT/paths-children.txt
done
i=0
for c in "${COMMUNES[@]}"; do
  echo "/api/v1/reports/summary?area=$c&date=${DATES[$((i % ${#DATES[@]}))]}" >>$OUT/paths-commune.txt
  i=$((i + 7))
done

PREFIX="benchrq:$(date +%s):"
DB_REACTIVE_URL=postgresql://127.0.0.1:5432/$DB DB_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB REDIS_KEY_PREFIX="$PREFIX" \
  OIDC_URL=http://127.0.0.1:8180/realms/qrcheckin OIDC_CLIENT_SECRET=report-secret MALLOC_ARENA_MAX=2 \
  java -Xmx384m -Dquarkus.http.port=$PORT -Dquarkus.flyway.migrate-at-start=false -Dvertx.disableURIValidation=true \
  -Dqrcheckin.streams.venues.enabled=false -jar "$APP/quarkus-run.jar" >$RUN/logs/bench-report-queries.log 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true; redis-cli --scan --pattern "${PREFIX}*" | xargs -r redis-cli del >/dev/null' EXIT
for _ in $(seq 1 120); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" && break; sleep 1; done
export TOKEN
TOKEN=$(curl -fsS -d grant_type=password -d client_id=qrcheckin-cli -d username=operator-hanoi -d password=demo \
  http://127.0.0.1:8180/realms/qrcheckin/protocol/openid-connect/token | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
BASE=http://127.0.0.1:$PORT
first=$(head -n 1 $OUT/paths-province.txt)
echo "[queries] e.g. GET $first -> $(curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE$first")"
echo "[queries] children answer: $(curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE$(head -n 1 $OUT/paths-children.txt)" | wc -c) bytes"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -n 1), PostgreSQL $("${PSQL[@]}" -c 'SHOW server_version'), shared_buffers $("${PSQL[@]}" -c 'SHOW shared_buffers'), $(date -u +%F), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "data: $("${PSQL[@]}" -c "select count(*) from report_venues") venues, area_days $("${PSQL[@]}" -c "select count(*) from area_days") rows, database $("${PSQL[@]}" -c "select pg_size_pretty(pg_database_size(current_database()))")"
stats() { sort -n | awk '{a[NR]=$1} END {printf "n=%d p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms", NR, a[int(NR*0.5+0.5)]*1000, a[int(NR*0.95+0.5)]*1000, a[int(NR*0.99+0.5)]*1000, a[NR]*1000}'; }
PACE=$((C * 1000 / RATE))
for q in province children commune; do
  # Warm-up: every path once, then wrk for 5 s (the JIT, the connection pool, the pages).
  single() {
    awk -v b="$BASE" -v n="$N" '{p[NR] = $0} END {for (i = 0; i < n; i++) {print "url = \"" b p[i % NR + 1] "\""; print "output = /dev/null"}}' \
      $OUT/paths-$q.txt >$OUT/curl-$q.cfg
    curl -s -K $OUT/curl-$q.cfg -H "Authorization: Bearer $TOKEN" -w '%{http_code} %{time_total}\n' >$OUT/single-$q.txt
    grep -vc '^200 ' $OUT/single-$q.txt >/dev/null && { echo "non-200 answers: $(grep -v '^200 ' $OUT/single-$q.txt | sort | uniq -c | head -3)"; } || true
  }
  single >/dev/null
  PATHS_FILE=$OUT/paths-$q.txt wrk -t1 -c"$C" -d5s -s bench/report-get.lua "$BASE" >/dev/null
  single
  echo "$q single client: $(cut -d' ' -f2 $OUT/single-$q.txt | stats)"
  echo "$q wrk c=$C paced ${PACE} ms (~$RATE/s): $(PATHS_FILE=$OUT/paths-$q.txt PACE_MS=$PACE wrk -t1 -c"$C" -d"$DURATION" -s bench/report-get.lua "$BASE" | grep RESULT)"
  echo "$q wrk c=$C unpaced: $(PATHS_FILE=$OUT/paths-$q.txt wrk -t1 -c"$C" -d"$DURATION" -s bench/report-get.lua "$BASE" | grep RESULT)"
done

D=${DATES[-1]}
for area in "'01'" "$("${PSQL[@]}" -c "select string_agg(quote_literal(code), ',') from (select distinct district_code as code from report_venues where province_code = '01') x")" "'${COMMUNES[0]}'"; do
  echo "--- EXPLAIN (ANALYZE, BUFFERS) of AreaDays.read for areas ${area:0:40}$([ ${#area} -gt 40 ] && echo ...) on $D (second run: warm)"
  sql="SELECT a.code, s.registered, s.suspended, s.non_compliant, d.local_day, d.scans, d.people, d.declarations, d.symptomatic, d.active_venues,
    d.regular_venues, d.new_venues, d.communes_scanned, d.suspended_change, d.non_compliant_change FROM unnest(array[$area]::text[]) AS a(code) LEFT JOIN area_status s ON s.area_code = a.code
    LEFT JOIN area_days d ON d.area_code = a.code AND d.local_day >= date '$D' - 6 ORDER BY a.code, d.local_day"
  "${PSQL[@]}" -c "$sql" >/dev/null
  "${PSQL[@]}" -c "EXPLAIN (ANALYZE, BUFFERS) $sql"
done
