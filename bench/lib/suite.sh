# shellcheck shell=bash
# Shared by the whole-path benchmarks (tracing-latency.sh, report-latency.sh): services started from their packaged
# jars on one Redis prefix and fresh databases, Keycloak tokens, 50 imported venues whose QR contents
# bench/checkin.lua sends, and the group-lag sampler.
# The caller sets RUN, OUT, PREFIX, VENUE_PORT (venue-service's port, which the others are told), LOG_TAG and APP_DIR
# (where each service's <name>/target/quarkus-app is; default .), then calls suite_begin with its databases.

OIDC=http://127.0.0.1:8180/realms/qrcheckin
PIDS=()

# Fresh databases for the run, and the cleanup at exit: what was started killed, the databases dropped (DROP=0 keeps
# them to look into), the prefix's Redis keys deleted.
suite_begin() { # database...
  DBS=("$@")
  for db in "${DBS[@]}"; do psql -h 127.0.0.1 -U postgres -d postgres -qc "create database $db"; done
  trap suite_cleanup EXIT
}

suite_cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "${DROP:-1}" = 1 ]; then
    for db in "${DBS[@]}"; do psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $db with (force)" >/dev/null || true; done
  fi
  redis-cli --scan --pattern "$PREFIX*" | xargs -r -n 500 redis-cli del >/dev/null || true
}

start() { # name port db extra-env...
  local name=$1 port=$2 db=$3; shift 3
  env DB_REACTIVE_URL=postgresql://127.0.0.1:5432/$db DB_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$db REDIS_KEY_PREFIX="$PREFIX" \
    OIDC_URL=$OIDC VENUE_URL=http://127.0.0.1:$VENUE_PORT "$@" java ${JVM_OPTS:--Xmx384m} -Dquarkus.http.port=$port \
    -Dvertx.disableURIValidation=true -jar "${APP_DIR:-.}/$name/target/quarkus-app/quarkus-run.jar" >$RUN/logs/bench-$LOG_TAG-$name.log 2>&1 &
  PIDS+=($!)
}

wait_ready() { for _ in $(seq 1 180); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 1; done; echo "not ready: $1" >&2; exit 1; }

token() { # client-id secret
  curl -fsS -d grant_type=client_credentials -d client_id="$1" -d client_secret="$2" "$OIDC/protocol/openid-connect/token" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

# 50 shops imported into venue-service (as an agency would), their QR contents in $OUT/lat-qrs.txt for bench/checkin.lua.
import_bench_venues() {
  local admin
  admin=$(token qrcheckin-demo demo-secret)
  { echo "name,type,address,commune_code,owner_name,owner_phone"
    for i in $(seq 1 50); do echo "Cửa hàng Bench $i,SHOP,Số $i Lê Lợi,09541,Lê Thị Hồng,0912345678"; done; } >$OUT/lat-venues.csv
  curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: text/csv; charset=UTF-8' --data-binary @$OUT/lat-venues.csv \
    http://127.0.0.1:$VENUE_PORT/api/v1/venues/imports >/dev/null
  curl -fsS -H "Authorization: Bearer $admin" "http://127.0.0.1:$VENUE_PORT/api/v1/venues?limit=50" | grep -oE '"content":"[^"]+"' \
    | cut -d'"' -f4 >$OUT/lat-qrs.txt
  export QRS_FILE=$OUT/lat-qrs.txt
}

# Appends "<epoch> <entries not yet delivered to the group>" to a file every 5 s, in the background (a growing lag =
# not keeping up).
sample_lag() { # group file
  local group=$1 file=$2
  ( while true; do
      total=0
      for p in $(seq 0 7); do
        l=$(redis-cli XINFO GROUPS "${PREFIX}checkins:{$p}" 2>/dev/null | awk -v g="$group" 'prev == "name" {n = $0} prev == "lag" && n == g {print $0} {prev = $0}')
        total=$((total + ${l:-0}))
      done
      echo "$(date +%s) $total" >>"$file"
      sleep 5
    done ) &
  PIDS+=($!)
}
