#!/usr/bin/env bash
# Runs the whole suite on this machine with demo data:
#   PostgreSQL + Redis (scripts/dev-services.sh), Keycloak (scripts/keycloak.sh), then every service and the gateway
#   as plain JVM processes (scripts/suite.sh: logs in .run/logs/), loads demo data through the gateway, prints the URLs
#   and the demo users, and stops everything on Ctrl-C.
# Options: SKIP_BUILD=1 reuses the last build; DEMO_VENUES=n sets the demo size (default 3000); the ports, databases and
# Redis key prefix as scripts/suite.sh reads them (GATEWAY_PORT=8080 ...).
set -euo pipefail
cd "$(dirname "$0")/.."
RUN=.run
mkdir -p $RUN/logs
GATEWAY_PORT=${GATEWAY_PORT:-8080}
GATEWAY=http://127.0.0.1:$GATEWAY_PORT
KC=http://127.0.0.1:8180
export GATEWAY_PORT

KEYCLOAK_STARTED=0
TRICKLE=""
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "[run] stopping"
  [ -n "$TRICKLE" ] && kill "$TRICKLE" 2>/dev/null || true
  scripts/suite.sh stop || true
  if [ $KEYCLOAK_STARTED = 1 ]; then scripts/keycloak.sh stop || true; fi
}
trap cleanup INT TERM EXIT

scripts/dev-services.sh
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "[run] building (./mvnw package, tests skipped: run them with ./mvnw verify)"
  ./mvnw -B -q -DskipTests package
fi
if ! curl -fs "$KC/realms/qrcheckin/.well-known/openid-configuration" >/dev/null 2>&1; then
  KEYCLOAK_STARTED=1
fi
scripts/keycloak.sh start
scripts/suite.sh start

# Demo data and a steady trickle of check-ins, both through the gateway as the apps and agencies would send them.
GATEWAY_URL=$GATEWAY scripts/demo-data.sh "${DEMO_VENUES:-3000}"
GATEWAY_URL=$GATEWAY scripts/demo-trickle.sh >"$RUN/logs/demo-trickle.log" 2>&1 &
TRICKLE=$!

cat <<TXT

qrcheckin is running behind its gateway: $GATEWAY
  Dashboard (figures by area)   $GATEWAY/dashboard   (sign in as an operator or admin)
  Tracers' screen (cases, F1/F2) $GATEWAY/tracer     (sign in as tracer-hanoi)
  Inspectors' screen            $GATEWAY/inspector   (sign in as inspector-hadong)
  Sign out (every page)         $GATEWAY/logout
  Swagger UI (the whole suite)  $GATEWAY/q/swagger-ui   ("Authorize": sign in with a user below, or client credentials)
  Administrative units          $GATEWAY/api/v1/admin-units?q=mo%20lao
  QR verification keys (JWK)    $GATEWAY/api/v1/qr-keys
  Public non-compliant list     $GATEWAY/api/v1/public/non-compliant-venues?area=01
  Exposure sites (public)       $GATEWAY/api/v1/exposure-sites
  Web check-in page             $GATEWAY/q/<token>   (a venue's qr.content; a steady demo trickle: $RUN/logs/demo-trickle.log)
  A tracing demo case (F1/F2)   GATEWAY_URL=$GATEWAY scripts/demo-case.sh
  Keycloak                      $KC   (console admin / admin)
  Services' own ports (health, metrics; not the public surface): venue :${VENUE_PORT:-8081}, checkin :${CHECKIN_PORT:-8082},
    tracing :${TRACING_PORT:-8083}, report :${REPORT_PORT:-8084}, e.g. http://127.0.0.1:${VENUE_PORT:-8081}/q/health

Demo users (password for every one: demo)
  admin              role admin      the nation
  operator-hanoi     role operator   Hà Nội (area 01): the demo venues, moved by the trickle
  operator-hadong    role operator   its district Hà Đông (268)
  operator-hcm       role operator   Hồ Chí Minh City (79)
  inspector-hadong   role inspector  Hà Đông (268): inspections, reminders, suspensions
  owner-demo         role venue-owner  registers venues, runs a venue scanner (/api/v1/scans)
  tracer-hanoi       role tracer     Hà Nội (01): cases, F1/F2, exposure sites
Clients
  qrcheckin-cli      public, password grant (the users above), and Swagger UI's sign-in
  qrcheckin-demo     secret demo-secret, client credentials, role admin (an agency's integration)
  demo-app           secret app-secret, client credentials, role app (a national app: check-ins)

A token, then the API through the gateway:
  TOKEN=\$(curl -s -d grant_type=password -d client_id=qrcheckin-cli -d username=operator-hanoi -d password=demo \\
    $KC/realms/qrcheckin/protocol/openid-connect/token | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
  curl -H "Authorization: Bearer \$TOKEN" '$GATEWAY/api/v1/venues?area=01&limit=5'
  curl -H "Authorization: Bearer \$TOKEN" '$GATEWAY/api/v1/reports/summary?area=01'
  APP=\$(curl -s -d grant_type=client_credentials -d client_id=demo-app -d client_secret=app-secret \\
    $KC/realms/qrcheckin/protocol/openid-connect/token | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
  curl -H "Authorization: Bearer \$APP" -H 'Content-Type: application/json' -d '{"id":"try-0001","qr":"<a venue qr.content>",
    "person":{"idType":"PHONE","number":"0912345678"},"direction":"IN"}' $GATEWAY/api/v1/checkins

Logs: $RUN/logs/. Press Ctrl-C to stop everything.
TXT
while true; do sleep 5; done
