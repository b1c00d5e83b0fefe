#!/usr/bin/env bash
# Starts Keycloak (from its Maven Central distribution) on 127.0.0.1:8180 with the qrcheckin realm:
# roles, demo users (password "demo") and clients, see scripts/keycloak/qrcheckin-realm.json.
# Keycloak needs Java 21+: KEYCLOAK_JAVA_HOME, else the first JDK >= 21 under /usr/lib/jvm.
# Usage: scripts/keycloak.sh [start|stop]. Logs to .run/logs/keycloak.log.
set -euo pipefail
cd "$(dirname "$0")/.."
KC_VERSION=${KC_VERSION:-26.4.7}
KC_PORT=${KC_PORT:-8180}
RUN=.run
KC_HOME=$RUN/keycloak-$KC_VERSION
mkdir -p $RUN/logs $RUN/downloads

say() { printf '[keycloak] %s\n' "$*"; }

java_major() { "$1/bin/java" -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -n 1; }
find_java() {
  if [ -n "${KEYCLOAK_JAVA_HOME:-}" ]; then echo "$KEYCLOAK_JAVA_HOME"; return; fi
  if [ -n "${JAVA_HOME:-}" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then echo "$JAVA_HOME"; return; fi
  for j in /usr/lib/jvm/*; do
    if [ -x "$j/bin/java" ] && [ "$(java_major "$j")" -ge 21 ] 2>/dev/null; then echo "$j"; return; fi
  done
  return 1
}

stop() {
  if [ -f $RUN/keycloak.pid ] && kill -0 "$(cat $RUN/keycloak.pid)" 2>/dev/null; then
    kill "$(cat $RUN/keycloak.pid)" && say "stopped"
  fi
  rm -f $RUN/keycloak.pid
}

start() {
  if curl -fs "http://127.0.0.1:$KC_PORT/realms/qrcheckin/.well-known/openid-configuration" >/dev/null 2>&1; then
    say "already running on 127.0.0.1:$KC_PORT"
    return
  fi
  local jh
  jh=$(find_java) || { echo "Keycloak needs Java 21 or newer: install one (e.g. 'apt-get install openjdk-21-jdk-headless') or set KEYCLOAK_JAVA_HOME" >&2; exit 1; }
  if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
    local zip=$RUN/downloads/keycloak-quarkus-dist-$KC_VERSION.zip
    if [ ! -f "$zip" ]; then
      say "downloading Keycloak $KC_VERSION from Maven Central"
      ./mvnw -B -q -N dependency:copy -Dartifact=org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip -DoutputDirectory=$RUN/downloads
    fi
    rm -rf "$RUN/keycloak-tmp" && mkdir -p "$RUN/keycloak-tmp"
    (cd "$RUN/keycloak-tmp" && jar xf "../downloads/keycloak-quarkus-dist-$KC_VERSION.zip")
    mv "$RUN/keycloak-tmp/keycloak-$KC_VERSION" "$KC_HOME" && rm -rf "$RUN/keycloak-tmp"
    chmod +x "$KC_HOME"/bin/*.sh
  fi
  mkdir -p "$KC_HOME/data/import"
  # --import-realm skips a realm that already exists: when the realm file changed since the last start (a new client
  # or user), the demo database is made anew so that the file is imported again.
  local realm_sum
  realm_sum=$(sha256sum scripts/keycloak/qrcheckin-realm.json | cut -d' ' -f1)
  if [ -d "$KC_HOME/data/h2" ] && [ "$(cat "$KC_HOME/data/import/.realm-sha256" 2>/dev/null)" != "$realm_sum" ]; then
    say "the realm file changed: importing it into a new demo database"
    rm -rf "$KC_HOME/data/h2"
  fi
  cp scripts/keycloak/qrcheckin-realm.json "$KC_HOME/data/import/"
  echo "$realm_sum" >"$KC_HOME/data/import/.realm-sha256"
  say "starting on 127.0.0.1:$KC_PORT with $(java_major "$jh") ($jh)"
  JAVA_HOME="$jh" KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    nohup "$KC_HOME/bin/kc.sh" start-dev --http-port="$KC_PORT" --http-host=127.0.0.1 --import-realm \
    >"$RUN/logs/keycloak.log" 2>&1 &
  echo $! >$RUN/keycloak.pid
  for _ in $(seq 1 180); do
    if curl -fs "http://127.0.0.1:$KC_PORT/realms/qrcheckin/.well-known/openid-configuration" >/dev/null 2>&1; then
      say "ready: http://127.0.0.1:$KC_PORT (admin console: admin/admin)"
      return
    fi
    kill -0 "$(cat $RUN/keycloak.pid)" 2>/dev/null || { tail -n 30 "$RUN/logs/keycloak.log" >&2; exit 1; }
    sleep 1
  done
  echo "Keycloak did not become ready in 180 s; see $RUN/logs/keycloak.log" >&2
  exit 1
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
