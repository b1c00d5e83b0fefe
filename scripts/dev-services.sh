#!/usr/bin/env bash
# Makes PostgreSQL and Redis reachable on 127.0.0.1 for the suite and its tests:
#   1. uses servers that already answer;
#   2. starts installed ones that are stopped;
#   3. installs them from the OS packages (Debian/Ubuntu apt, as root or with sudo) where it can;
#   4. otherwise says exactly what to do, and exits non-zero.
# Then creates the services' databases. Idempotent: run it as often as you like.
# Settings: PGHOST/PGPORT/PGUSER (default 127.0.0.1, 5432, postgres), REDIS_HOST/REDIS_PORT (127.0.0.1, 6379).
set -euo pipefail

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
DATABASES=(qrcheckin_venue qrcheckin_tracing qrcheckin_report)

say() { printf '[dev-services] %s\n' "$*"; }
die() { printf '[dev-services] %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; fi
fi
can_install() { command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; }; }
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then $SUDO apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
wait_port() { for _ in $(seq 1 60); do port_open "$1" "$2" && return 0; sleep 0.5; done; return 1; }

# ---------------------------------------------------------------- PostgreSQL
pg_ok() { psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -Atqc 'select 1' >/dev/null 2>&1; }

start_installed_pg() {
  if command -v pg_lsclusters >/dev/null 2>&1 && [ -n "$(pg_lsclusters -h 2>/dev/null)" ]; then
    local ver name
    read -r ver name _ < <(pg_lsclusters -h | head -n 1)
    say "starting PostgreSQL cluster $ver/$name"
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start 2>/dev/null || $SUDO pg_ctlcluster "$ver" "$name" start
    return 0
  fi
  return 1
}

# A fresh Debian install asks for a password on TCP; the suite's dev defaults use trust on loopback
# (set DB_USER/DB_PASSWORD for anything else).
trust_loopback() {
  local hba
  hba=$($SUDO -u postgres psql -Atqc 'show hba_file' 2>/dev/null || su postgres -c "psql -Atqc 'show hba_file'")
  if ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    say "allowing trust authentication from 127.0.0.1 in $hba (development machines only)"
    $SUDO sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    $SUDO -u postgres psql -Atqc 'select pg_reload_conf()' >/dev/null 2>&1 || su postgres -c "psql -Atqc 'select pg_reload_conf()'" >/dev/null
  fi
}

if pg_ok; then
  say "PostgreSQL answers on $PGHOST:$PGPORT"
else
  if ! port_open "$PGHOST" "$PGPORT"; then
    if ! command -v psql >/dev/null 2>&1 || ! start_installed_pg; then
      if can_install; then
        say "installing PostgreSQL from the OS packages"
        apt_install postgresql postgresql-contrib
        start_installed_pg || die "PostgreSQL installed but no cluster found: run 'pg_createcluster <version> main --start'"
      else
        die "PostgreSQL is not running and cannot be installed here. Install PostgreSQL 14+ (e.g. 'sudo apt-get install postgresql'),
start it on $PGHOST:$PGPORT with a user '$PGUSER' that may create databases, or set PGHOST/PGPORT/PGUSER."
      fi
    fi
    wait_port "$PGHOST" "$PGPORT" || die "PostgreSQL did not open $PGHOST:$PGPORT"
  fi
  if ! pg_ok && [ "$PGHOST" = 127.0.0.1 ]; then trust_loopback; fi
  pg_ok || die "PostgreSQL on $PGHOST:$PGPORT refuses user '$PGUSER' without a password. Allow it in pg_hba.conf (trust for 127.0.0.1)
or export PGPASSWORD/DB_PASSWORD for the services and TEST_PG_USER for the tests."
  say "PostgreSQL answers on $PGHOST:$PGPORT"
fi
for db in "${DATABASES[@]}"; do
  if [ "$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -Atqc "select 1 from pg_database where datname = '$db'")" != 1 ]; then
    psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qc "create database $db" && say "created database $db"
  fi
done
psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -Atqc "select 1 from pg_available_extensions where name = 'pg_trgm'" | grep -q 1 \
  || { can_install && apt_install postgresql-contrib; } \
  || die "the pg_trgm extension is missing: install your PostgreSQL's contrib package"

# ---------------------------------------------------------------- Redis
redis_ok() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]
  else
    port_open "$REDIS_HOST" "$REDIS_PORT"
  fi
}
start_redis() {
  say "starting redis-server on $REDIS_HOST:$REDIS_PORT (in memory, no persistence)"
  local dir=${TMPDIR:-/tmp}/qrcheckin-redis
  mkdir -p "$dir"
  redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "$dir" --logfile "$dir/redis.log"
}
if redis_ok; then
  say "Redis answers on $REDIS_HOST:$REDIS_PORT"
else
  if ! command -v redis-server >/dev/null 2>&1; then
    if can_install; then
      say "installing Redis from the OS packages"
      apt_install redis-server
    else
      die "Redis is not running and cannot be installed here. Install Redis 7 (e.g. 'sudo apt-get install redis-server'),
start it on $REDIS_HOST:$REDIS_PORT, or set REDIS_HOST/REDIS_PORT."
    fi
  fi
  start_redis
  wait_port "$REDIS_HOST" "$REDIS_PORT" || die "Redis did not open $REDIS_HOST:$REDIS_PORT"
  redis_ok || die "Redis on $REDIS_HOST:$REDIS_PORT does not answer PING"
  say "Redis answers on $REDIS_HOST:$REDIS_PORT"
fi
