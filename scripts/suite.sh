#!/usr/bin/env bash
# Starts every service and the gateway from their packaged jars (<module>/target/quarkus-app) as plain JVM processes
# and waits until each answers /q/health/ready; stops them again. Used by scripts/run.sh (the demo) and by the
# end-to-end test (e2e SuiteDayTest), which gives a run its own ports, databases and Redis key prefix.
# PostgreSQL, Redis (scripts/dev-services.sh) and Keycloak (scripts/keycloak.sh) must be up already.
#
# Usage: scripts/suite.sh start | stop | urls
#   start  creates the databases where missing, starts the processes, waits for them (fails with the last log lines of
#          a process that dies or does not become ready, after stopping what it started)
#   stop   stops the processes of the last start (by the ids it wrote, nothing else); SUITE_DROP=1 also drops the
#          run's databases and deletes its Redis keys
#   urls   prints NAME=URL lines of the run (GATEWAY_URL, VENUE_URL, ...)
#
# Settings (environment), defaults in brackets:
#   SUITE_DIR [.run]                  where the process ids go (suite.pids); LOG_DIR [$SUITE_DIR/logs]: <service>.log
#   GATEWAY_PORT [8080] VENUE_PORT [8081] CHECKIN_PORT [8082] TRACING_PORT [8083] REPORT_PORT [8084]
#   VENUE_DB [qrcheckin_venue] TRACING_DB [qrcheckin_tracing] REPORT_DB [qrcheckin_report]
#   PGHOST [127.0.0.1] PGPORT [5432] PGUSER [postgres]; REDIS_URL [redis://127.0.0.1:6379]; REDIS_KEY_PREFIX [qrcheckin:]
#   OIDC_URL [http://127.0.0.1:8180/realms/qrcheckin]
#   PUBLIC_URL [http://127.0.0.1:$GATEWAY_PORT]  what venue QR codes point at (the gateway routes /q/ to check-in)
#   SUITE_SERVICES [venue-service checkin-service tracing-service report-service gateway]
#   APP_DIR [.] where each <module>/target/quarkus-app is; READY_TIMEOUT [180] seconds; JVM_OPTS [-Xmx384m]
#   The services' keys: scripts/dev-keys.sh's development keys unless PSEUDONYM_KEY etc. are set.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/dev-keys.sh
source scripts/dev-keys.sh

SUITE_DIR=${SUITE_DIR:-.run}
LOG_DIR=${LOG_DIR:-$SUITE_DIR/logs}
PIDS_FILE=$SUITE_DIR/suite.pids
GATEWAY_PORT=${GATEWAY_PORT:-8080}
VENUE_PORT=${VENUE_PORT:-8081}
CHECKIN_PORT=${CHECKIN_PORT:-8082}
TRACING_PORT=${TRACING_PORT:-8083}
REPORT_PORT=${REPORT_PORT:-8084}
VENUE_DB=${VENUE_DB:-qrcheckin_venue}
TRACING_DB=${TRACING_DB:-qrcheckin_tracing}
REPORT_DB=${REPORT_DB:-qrcheckin_report}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
REDIS_KEY_PREFIX=${REDIS_KEY_PREFIX:-qrcheckin:}
OIDC_URL=${OIDC_URL:-http://127.0.0.1:8180/realms/qrcheckin}
PUBLIC_URL=${PUBLIC_URL:-http://127.0.0.1:$GATEWAY_PORT}
SUITE_SERVICES=${SUITE_SERVICES:-venue-service checkin-service tracing-service report-service gateway}
APP_DIR=${APP_DIR:-.}
READY_TIMEOUT=${READY_TIMEOUT:-180}

say() { printf '[suite] %s\n' "$*"; }

port_of() {
  case $1 in
    gateway) echo "$GATEWAY_PORT" ;;
    venue-service) echo "$VENUE_PORT" ;;
    checkin-service) echo "$CHECKIN_PORT" ;;
    tracing-service) echo "$TRACING_PORT" ;;
    report-service) echo "$REPORT_PORT" ;;
    *) echo "unknown service $1" >&2; exit 2 ;;
  esac
}

db_of() {
  case $1 in
    venue-service) echo "$VENUE_DB" ;;
    tracing-service) echo "$TRACING_DB" ;;
    report-service) echo "$REPORT_DB" ;;
    *) echo "" ;;
  esac
}

psql_do() { psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -Atqc "$1"; }

create_databases() {
  command -v psql >/dev/null 2>&1 || { echo "[suite] psql is needed to create the databases (scripts/dev-services.sh installs PostgreSQL)" >&2; exit 1; }
  for s in $SUITE_SERVICES; do
    local db
    db=$(db_of "$s")
    [ -n "$db" ] || continue
    if [ "$(psql_do "select 1 from pg_database where datname = '$db'")" != 1 ]; then
      psql_do "create database $db" && say "created database $db"
    fi
  done
}

# The environment each process gets: its port, its database, the shared Redis and key prefix, Keycloak, where the
# others are, its own Keycloak client secret (the realm's development ones, scripts/keycloak/qrcheckin-realm.json).
launch() { # name
  local name=$1 port db opts
  port=$(port_of "$name")
  db=$(db_of "$name")
  opts=${JVM_OPTS:--Xmx384m}
  # checkin-service runs as measured in docs/benchmarks.md (peak resident memory under load under 400 MB).
  [ "$name" = checkin-service ] && opts="-Xms200m -Xmx200m -Xmn120m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=128m"
  # Malformed paths are answered as problems by web-support's HttpEdge, not by Quarkus's bare 400.
  opts="$opts -Dvertx.disableURIValidation=true"
  local jar=$APP_DIR/$name/target/quarkus-app/quarkus-run.jar
  [ -f "$jar" ] || { echo "[suite] $jar is missing: build it first (./mvnw -B -DskipTests package)" >&2; return 1; }
  local dbenv=()
  if [ -n "$db" ]; then
    dbenv=(DB_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$db" DB_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" DB_USER="$PGUSER")
  fi
  # shellcheck disable=SC2086
  env "${dbenv[@]}" \
    QUARKUS_HTTP_PORT="$port" \
    REDIS_URL="$REDIS_URL" REDIS_KEY_PREFIX="$REDIS_KEY_PREFIX" \
    OIDC_URL="$OIDC_URL" \
    QR_PUBLIC_BASE_URL="$PUBLIC_URL" \
    VENUE_URL="http://127.0.0.1:$VENUE_PORT" CHECKIN_URL="http://127.0.0.1:$CHECKIN_PORT" \
    TRACING_URL="http://127.0.0.1:$TRACING_PORT" REPORT_URL="http://127.0.0.1:$REPORT_PORT" \
    OIDC_CLIENT_SECRET="${name%-service}-secret" \
    DASHBOARD_CLIENT_SECRET=dashboard-secret-for-development-only \
    GATEWAY_CLIENT_SECRET="${GATEWAY_CLIENT_SECRET:-gateway-secret-for-development-only}" \
    MALLOC_ARENA_MAX=2 \
    nohup java $opts -jar "$jar" >"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo "$name $! $port" >>"$PIDS_FILE"
  say "started $name on :$port (pid $!, log $LOG_DIR/$name.log)"
}

start() {
  mkdir -p "$SUITE_DIR" "$LOG_DIR"
  if [ -s "$PIDS_FILE" ]; then
    while read -r name pid _; do
      if kill -0 "$pid" 2>/dev/null; then
        echo "[suite] $name (pid $pid) of an earlier start still runs: scripts/suite.sh stop (same SUITE_DIR) first" >&2
        exit 1
      fi
    done <"$PIDS_FILE"
  fi
  : >"$PIDS_FILE"
  for s in $SUITE_SERVICES; do
    local port
    port=$(port_of "$s")
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "[suite] port $port ($s) is taken: stop whatever listens there (an earlier run?) or choose other ports" >&2
      exit 1
    fi
  done
  curl -fs "$OIDC_URL/.well-known/openid-configuration" >/dev/null 2>&1 \
    || { echo "[suite] no OIDC provider at $OIDC_URL: start Keycloak first (scripts/keycloak.sh)" >&2; exit 1; }
  create_databases
  for s in $SUITE_SERVICES; do
    launch "$s" || { stop; exit 1; }
  done
  local deadline=$((SECONDS + READY_TIMEOUT))
  while read -r name pid port; do
    until curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; do
      if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
        echo "[suite] $name did not become ready (it $(kill -0 "$pid" 2>/dev/null && echo "still runs after ${READY_TIMEOUT}s" || echo exited)); last log lines:" >&2
        tail -n 40 "$LOG_DIR/$name.log" >&2 || true
        stop
        exit 1
      fi
      sleep 0.5
    done
    say "$name is ready on :$port"
  done < <(cat "$PIDS_FILE")
}

stop() {
  if [ -s "$PIDS_FILE" ]; then
    local pids=()
    while read -r name pid _; do
      if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null && pids+=("$pid"); fi
    done <"$PIDS_FILE"
    # Quarkus shuts down gracefully on TERM; whatever still runs after 20 s is killed.
    for _ in $(seq 1 40); do
      local alive=0
      for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
      [ $alive = 0 ] && break
      sleep 0.5
    done
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    [ ${#pids[@]} -gt 0 ] && say "stopped ${#pids[@]} processes"
    : >"$PIDS_FILE"
  fi
  if [ "${SUITE_DROP:-0}" = 1 ]; then
    for db in $VENUE_DB $TRACING_DB $REPORT_DB; do
      psql_do "drop database if exists $db with (force)" >/dev/null 2>&1 || true
    done
    if command -v redis-cli >/dev/null 2>&1; then
      redis-cli -u "$REDIS_URL" --scan --pattern "$REDIS_KEY_PREFIX*" | xargs -r -n 500 redis-cli -u "$REDIS_URL" del >/dev/null || true
    fi
    say "dropped $VENUE_DB $TRACING_DB $REPORT_DB and the keys under $REDIS_KEY_PREFIX"
  fi
}

urls() {
  echo "GATEWAY_URL=http://127.0.0.1:$GATEWAY_PORT"
  echo "VENUE_URL=http://127.0.0.1:$VENUE_PORT"
  echo "CHECKIN_URL=http://127.0.0.1:$CHECKIN_PORT"
  echo "TRACING_URL=http://127.0.0.1:$TRACING_PORT"
  echo "REPORT_URL=http://127.0.0.1:$REPORT_PORT"
  echo "PUBLIC_URL=$PUBLIC_URL"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  urls) urls ;;
  *) echo "usage: $0 start|stop|urls (settings: see the head of this script)" >&2; exit 2 ;;
esac
