#!/usr/bin/env bash
# Benchmarks venue-service on this machine with wrk (Debian package) and curl:
#   baseline  GET /api/v1/admin-units/{code}   (in-memory read: the framework's own cost)
#   register  POST /api/v1/venues               (validation, id, Ed25519 signature, insert, outbox, XADD)
#   qr.png    GET /api/v1/venues/{id}/qr.png    (ZXing encode, PNG)
#   poster    GET /api/v1/venues/{id}/poster.pdf (PDFBox, embedded font subset)
#   import    POST /api/v1/venues/imports       (10,000-row CSV, timed with curl, 3 runs)
# It starts its own venue-service on :18081 against a fresh database and Keycloak (scripts/keycloak.sh),
# and stops them at the end. Settings: DURATION (default 20s), CONNECTIONS (default 64).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/dev-keys.sh
source scripts/dev-keys.sh
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
PORT=18081
BASE=http://127.0.0.1:$PORT
DB=qrcheckin_bench_$(date +%s)
OUT=.run/bench
mkdir -p $OUT .run/logs
scripts/wrk.sh

scripts/dev-services.sh >/dev/null
[ -f venue-service/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -DskipTests package -pl venue-service -am
scripts/keycloak.sh start
psql -h 127.0.0.1 -U postgres -d postgres -qc "create database $DB"
DB_REACTIVE_URL=postgresql://127.0.0.1:5432/$DB DB_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB \
  REDIS_KEY_PREFIX="bench:$DB:" OIDC_URL=http://127.0.0.1:8180/realms/qrcheckin \
  java -Xmx512m -Dquarkus.http.port=$PORT -jar venue-service/target/quarkus-app/quarkus-run.jar >.run/logs/bench-venue.log 2>&1 &
PID=$!
cleanup() {
  kill $PID 2>/dev/null || true
  wait $PID 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $DB with (force)" || true
  redis-cli --scan --pattern "bench:$DB:*" | xargs -r redis-cli del >/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 90); do curl -fs $BASE/q/health/ready >/dev/null 2>&1 && break; sleep 1; done

TOKEN=$(curl -fsS -d grant_type=client_credentials -d client_id=qrcheckin-demo -d client_secret=demo-secret \
  http://127.0.0.1:8180/realms/qrcheckin/protocol/openid-connect/token | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
export TOKEN

echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -n 1), $(date -u +%F)"
run() { # name, wrk args...
  local name=$1; shift
  local line
  line=$(wrk "$@" | grep RESULT)
  echo "$name ${line#RESULT }"
}

# Warm-up (JIT), not reported.
wrk -t2 -c16 -d10s -s bench/register.lua $BASE >/dev/null
PATHS=/api/v1/admin-units/09541 wrk -t2 -c16 -d5s -s bench/get.lua $BASE >/dev/null

PATHS=/api/v1/admin-units/09541 run "baseline(c=$CONNECTIONS)" -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/get.lua $BASE
run "register(c=$CONNECTIONS)" -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/register.lua $BASE
run "register(c=16)" -t2 -c16 -d"$DURATION" -s bench/register.lua $BASE

ids=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/venues?limit=50" | grep -oE '"id":[0-9]+' | cut -d: -f2 | head -n 50)
png=$(for i in $ids; do printf '/api/v1/venues/%s/qr.png,' "$i"; done)
pdf=$(for i in $ids; do printf '/api/v1/venues/%s/poster.pdf,' "$i"; done)
PATHS=$png wrk -t2 -c4 -d5s -s bench/get.lua $BASE >/dev/null
PATHS=$pdf wrk -t2 -c4 -d5s -s bench/get.lua $BASE >/dev/null
PATHS=$png run "qr.png(c=8)" -t2 -c8 -d"$DURATION" -s bench/get.lua $BASE
PATHS=$pdf run "poster.pdf(c=8)" -t2 -c8 -d"$DURATION" -s bench/get.lua $BASE
PATHS=$pdf run "poster.pdf(c=1)" -t1 -c1 -d"$DURATION" -s bench/get.lua $BASE

# Bulk import: 10,000 valid rows per file, three files.
awk -F, 'NR > 1 && $1 == "01" && $5 != "" { c[k++] = $5 } END {
  for (f = 0; f < 3; f++) {
    file = "'$OUT'/import-" f ".csv"
    print "name,type,address,commune_code,owner_name,owner_phone" > file
    for (i = 0; i < 10000; i++) printf "Nhà thuốc Bench %d-%d,PHARMACY,Số %d Quang Trung,%s,Lê Thị Hồng,09%08d\n", f, i, i, c[i % k], i > file
  }
}' contracts/src/main/resources/admin-units/vn-admin-units-2021.csv
for f in 0 1 2; do
  t=$(curl -fsS -o $OUT/import-$f.json -w '%{time_total}' -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: text/csv; charset=UTF-8' --data-binary @$OUT/import-$f.csv $BASE/api/v1/venues/imports)
  created=$(grep -oE '"created":[0-9]+' $OUT/import-$f.json | cut -d: -f2)
  awk -v t="$t" -v c="$created" 'BEGIN { printf "import(10000 rows) created=%d seconds=%.2f rows/s=%.0f\n", c, t, c / t }'
done
echo "resident memory of venue-service after the run: $(( $(awk '/VmRSS/ {print $2}' /proc/$PID/status) / 1024 )) MiB"
