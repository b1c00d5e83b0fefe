#!/usr/bin/env bash
# Runs the whole suite on this machine with demo data:
#   PostgreSQL + Redis (scripts/dev-services.sh), Keycloak (scripts/keycloak.sh), then every service as a
#   plain JVM process (logs in .run/logs/), waits for their health, loads demo data, prints the URLs and
#   stops everything on Ctrl-C.
# Options: SKIP_BUILD=1 reuses the last build; DEMO_VENUES=n sets the demo size (default 3000).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/dev-keys.sh
source scripts/dev-keys.sh
RUN=.run
mkdir -p $RUN/logs

SERVICES=("venue-service:8081" "checkin-service:8082" "tracing-service:8083" "report-service:8084" "gateway:8080")
PIDS=()

cleanup() {
  trap - INT TERM EXIT
  echo
  echo "[run] stopping services"
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/keycloak.sh stop || true
}
trap cleanup INT TERM EXIT

scripts/dev-services.sh
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "[run] building (./mvnw package, tests skipped: run them with ./mvnw verify)"
  ./mvnw -B -q -DskipTests package
fi
scripts/keycloak.sh start

for entry in "${SERVICES[@]}"; do
  name=${entry%%:*}
  port=${entry##*:}
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "[run] port $port is taken: stop whatever listens there (an earlier run?) and retry" >&2
    exit 1
  fi
  echo "[run] starting $name on :$port (log: $RUN/logs/$name.log)"
  # Malformed paths are answered as problems by web-support's HttpEdge, not by Quarkus's bare 400.
  opts="-Xmx384m"
  # checkin-service runs as measured in docs/benchmarks.md (peak resident memory under load under 400 MB).
  [ "$name" = checkin-service ] && opts="-Xms200m -Xmx200m -Xmn120m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=128m"
  opts="$opts -Dvertx.disableURIValidation=true"
  # Until the gateway routes /q/, a poster's QR leads straight to checkin-service's web check-in page.
  # Each consumer signs in to Keycloak as its own client (checkin-service / checkin-secret, see the realm) to
  # read venue-service's internal venue snapshot; report-service's dashboard signs staff in as the client
  # report-dashboard (its secret is the realm's development one).
  # shellcheck disable=SC2086
  QR_PUBLIC_BASE_URL=${QR_PUBLIC_BASE_URL:-http://127.0.0.1:8082} \
  OIDC_CLIENT_SECRET=${name%-service}-secret \
  DASHBOARD_CLIENT_SECRET=dashboard-secret-for-development-only \
  MALLOC_ARENA_MAX=2 OIDC_URL=http://127.0.0.1:8180/realms/qrcheckin java $opts -jar "$name/target/quarkus-app/quarkus-run.jar" \
    >"$RUN/logs/$name.log" 2>&1 &
  PIDS+=($!)
done

for entry in "${SERVICES[@]}"; do
  name=${entry%%:*}
  port=${entry##*:}
  for i in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; then
      echo "[run] $name is ready"
      break
    fi
    if [ "$i" -eq 120 ]; then
      echo "[run] $name did not become ready; last log lines:" >&2
      tail -n 40 "$RUN/logs/$name.log" >&2
      exit 1
    fi
    sleep 1
  done
done

scripts/demo-data.sh "${DEMO_VENUES:-3000}"
scripts/demo-trickle.sh >"$RUN/logs/demo-trickle.log" 2>&1 &
PIDS+=($!)

cat <<TXT

qrcheckin is running. Try:
  Swagger UI (venue-service)   http://127.0.0.1:8081/q/swagger-ui
  Administrative units         http://127.0.0.1:8081/api/v1/admin-units?q=mo%20lao
  QR verification keys (JWK)   http://127.0.0.1:8081/api/v1/qr-keys
  A venue's QR / poster        http://127.0.0.1:8081/api/v1/venues/1000/qr.png   .../1000/poster.pdf
  Public non-compliant list    http://127.0.0.1:8081/api/v1/public/non-compliant-venues?area=01
  Health / metrics             http://127.0.0.1:8081/q/health   http://127.0.0.1:8081/q/metrics
  Web check-in page            http://127.0.0.1:8082/q/<token>  (the token is the end of a venue's qr.content)
  Check-in API (Swagger UI)    http://127.0.0.1:8082/q/swagger-ui  (a steady demo trickle: $RUN/logs/demo-trickle.log)
  Tracing (Swagger UI)         http://127.0.0.1:8083/q/swagger-ui  (tracer-hanoi; a demo case with its F1/F2: scripts/demo-case.sh)
  Dashboard (figures by area)  http://127.0.0.1:8084/dashboard  sign in as (user / password):
                                 operator-hanoi / demo   Hà Nội (01): the demo venues, moved by the trickle
                                 operator-hadong / demo  its district Hà Đông (268)
                                 operator-hcm / demo     Hồ Chí Minh City (79)
                                 admin / demo            the nation
  Reports (Swagger UI)         http://127.0.0.1:8084/q/swagger-ui  (operator-hanoi sees area 01; figures move with the trickle)
  Other services (health)      :8080 gateway
  Keycloak                     http://127.0.0.1:8180 (console admin/admin)

A token for the API (password demo; users: admin, operator-hanoi (area 01), operator-hadong (268), operator-hcm (79),
  inspector-hadong (268), owner-demo, tracer-hanoi; clients qrcheckin-demo/demo-secret, demo-app/app-secret;
  the services' own (role service): checkin-service/checkin-secret, tracing-service/tracing-secret, report-service/report-secret):
  TOKEN=\$(curl -s -d grant_type=password -d client_id=qrcheckin-cli -d username=operator-hanoi -d password=demo \\
    http://127.0.0.1:8180/realms/qrcheckin/protocol/openid-connect/token | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
  curl -H "Authorization: Bearer \$TOKEN" 'http://127.0.0.1:8081/api/v1/venues?area=01&limit=5'

Logs: $RUN/logs/. Press Ctrl-C to stop everything.
TXT
wait
