#!/usr/bin/env bash
# F1/F2 answer times of tracing-service on a loaded visits table (bench/tracing-load.sh), through its API as a
# tracer asks: CASES cases (default 50) whose person has about 30 visits in the window, opened directly in the
# cases table (their person taken from one of their visits), then GET .../contacts?depth=1 and ?depth=2 for
# each, twice (the first pass with cold caches for those rows); prints p50/p95/max per depth and pass, and the
# plan of the contact query for one case.
# Usage: DB=tracing_bench_... bench/tracing-queries.sh   (SKIP_BUILD=1 to reuse the packaged service; JAR=<quarkus-run.jar>
# of another build, e.g. an earlier commit's in a git worktree, to compare two versions on the same data in one session)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/dev-keys.sh
source scripts/dev-keys.sh
: "${DB:?DB=<the database bench/tracing-load.sh printed>}"
CASES=${CASES:-50}
JAR=${JAR:-tracing-service/target/quarkus-app/quarkus-run.jar}
PORT=${PORT:-18083}
RUN=.run
mkdir -p $RUN/logs $RUN/bench
PSQL=(psql -h 127.0.0.1 -U postgres -d "$DB" -qAtX -v ON_ERROR_STOP=1)
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -DskipTests package -pl tracing-service -am
fi
scripts/keycloak.sh start

# Cases: people with 28-32 visits over the whole loaded span, the window covering it.
echo "[queries] choosing $CASES people with about 30 visits"
"${PSQL[@]}" <<SQL
DELETE FROM cases WHERE created_by = 'bench';
INSERT INTO cases (label, id_type, person_ref, phone_ref, number_enc, infectious_from, infectious_to, province_code, created_by)
SELECT 'bench', min(id_type), person_ref, min(phone_ref), min(number_enc),
       greatest(min(arrived_at) - interval '1 hour', max(ends_at) - interval '20 days'), max(ends_at) + interval '1 hour', '01', 'bench'
FROM visits GROUP BY person_ref HAVING count(*) BETWEEN 28 AND 32 ORDER BY person_ref LIMIT $CASES;
SQL
mapfile -t IDS < <("${PSQL[@]}" -c "SELECT id FROM cases WHERE created_by = 'bench' ORDER BY id")
echo "[queries] ${#IDS[@]} cases; visits of the first: $("${PSQL[@]}" -c "SELECT count(*) FROM visits v JOIN cases c ON c.person_ref = v.person_ref WHERE c.id = ${IDS[0]}")"

DB_REACTIVE_URL=postgresql://127.0.0.1:5432/$DB DB_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB REDIS_KEY_PREFIX="benchq:$(date +%s):" \
  OIDC_URL=http://127.0.0.1:8180/realms/qrcheckin OIDC_CLIENT_SECRET=tracing-secret \
  java -Xmx384m -Dquarkus.http.port=$PORT -Dquarkus.flyway.migrate-at-start=false -Dvertx.disableURIValidation=true \
  -jar "$JAR" >$RUN/logs/bench-tracing.log 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/q/health/live" && break; sleep 1; done
TOKEN=$(curl -fsS -d grant_type=password -d client_id=qrcheckin-cli -d username=tracer-hanoi -d password=demo \
  http://127.0.0.1:8180/realms/qrcheckin/protocol/openid-connect/token | sed -E 's/.*"access_token":"([^"]+)".*/\1/')

stats() { sort -n | awk '{a[NR]=$1} END {printf "n=%d p50=%.0f ms p95=%.0f ms max=%.0f ms\n", NR, a[int(NR*0.5+0.5)]*1000, a[int(NR*0.95+0.5)]*1000, a[NR]*1000}'; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -n 1), PostgreSQL $("${PSQL[@]}" -c 'SHOW server_version'), shared_buffers $("${PSQL[@]}" -c 'SHOW shared_buffers'), $(date -u +%F)"
echo "visits: $("${PSQL[@]}" -c 'SELECT count(*) FROM visits') rows, $("${PSQL[@]}" -c "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'visits'::regclass")"
for pass in 1 2; do
  for depth in 1 2; do
    : >$RUN/bench/tracing-q-$pass-$depth.txt
    contacts=0
    for id in "${IDS[@]}"; do
      out=$(curl -s -o $RUN/bench/tracing-q-body.json -w '%{http_code} %{time_total}' -H "Authorization: Bearer $TOKEN" \
        "http://127.0.0.1:$PORT/api/v1/tracing/cases/$id/contacts?depth=$depth&purpose=benchmark")
      [ "${out%% *}" = 200 ] || { echo "case $id depth $depth answered ${out%% *}: $(head -c 300 $RUN/bench/tracing-q-body.json)"; exit 1; }
      echo "${out#* }" >>$RUN/bench/tracing-q-$pass-$depth.txt
      contacts=$((contacts + $(grep -o '"depth":' $RUN/bench/tracing-q-body.json | wc -l) - 1))
    done
    echo "pass $pass depth $depth: $(stats <$RUN/bench/tracing-q-$pass-$depth.txt), contacts per case $((contacts / ${#IDS[@]}))"
  done
done

echo "--- plan of the F1 query for case ${IDS[0]} (the case's visits merged per venue, then every visit around them)"
"${PSQL[@]}" <<SQL
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
WITH c AS (SELECT * FROM cases WHERE id = ${IDS[0]}),
w AS (SELECT array_agg(v.venue_id) AS venues, array_agg(greatest(v.arrived_at, c.infectious_from)) AS s,
             array_agg(least(v.ends_at, c.infectious_to)) AS e, min(v.arrived_at) AS first, max(v.ends_at) AS last
      FROM visits v, c WHERE v.person_ref = c.person_ref AND v.arrived_at < c.infectious_to AND v.ends_at > c.infectious_from)
SELECT count(*) FROM w CROSS JOIN LATERAL unnest(w.venues, w.s, w.e) WITH ORDINALITY AS x(venue_id, s, e, ord)
JOIN visits v ON v.venue_id = x.venue_id AND v.arrived_at < x.e + interval '15 minutes' AND v.ends_at > x.s - interval '15 minutes'
 AND v.arrived_at > x.s - interval '15 minutes' - interval '12 hours'
 AND v.local_day BETWEEN (w.first - interval '13 hours')::date AND (w.last + interval '1 day')::date;
SQL
