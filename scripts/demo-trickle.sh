#!/usr/bin/env bash
# A steady trickle of check-ins into the running suite, as the national apps would send them: every
# INTERVAL seconds (default 0.5) one check-in of a random person at a random demo venue, through
# the gateway (GATEWAY_URL, default http://127.0.0.1:8080), authenticated as the demo app (OAuth2 client
# credentials). Stops on Ctrl-C/TERM.
# People come from a pool of PEOPLE phones (0990000000 ...; default 300) and go to the first VENUES (40) demo
# venues of Hà Nội, so they meet and come back within minutes: the tracing demo (scripts/demo-case.sh) finds F1
# and F2 among them.
set -euo pipefail
cd "$(dirname "$0")/.."
INTERVAL=${INTERVAL:-0.5}
GATEWAY_URL=${GATEWAY_URL:-http://127.0.0.1:8080}
KC_URL=${KC_URL:-http://127.0.0.1:8180/realms/qrcheckin}

token() {
  curl -fsS -d grant_type=client_credentials -d client_id="$1" -d client_secret="$2" \
    "$KC_URL/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
ADMIN=$(token qrcheckin-demo demo-secret)
mapfile -t QRS < <(curl -fsS -H "Authorization: Bearer $ADMIN" "$GATEWAY_URL/api/v1/venues?area=01&limit=${VENUES:-40}" \
  | grep -oE '"content":"[^"]+"' | cut -d'"' -f4)
[ "${#QRS[@]}" -gt 0 ] || { echo "[trickle] no venues to check in at" >&2; exit 1; }
echo "[trickle] sending a check-in every ${INTERVAL}s to ${#QRS[@]} venues"
APP=$(token demo-app app-secret)
started=$(date +%s)
n=0
while true; do
  if [ $(( $(date +%s) - started )) -gt 1800 ]; then APP=$(token demo-app app-secret); started=$(date +%s); fi
  qr=${QRS[$((RANDOM % ${#QRS[@]}))]}
  phone=$(printf '0990%06d' $(( RANDOM % ${PEOPLE:-300} )))
  id="demo-$(date +%s%N)-$RANDOM"
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $APP" -H 'Content-Type: application/json' \
    -d "{\"id\":\"$id\",\"qr\":\"$qr\",\"person\":{\"idType\":\"PHONE\",\"number\":\"$phone\"},\"direction\":\"IN\"}" \
    "$GATEWAY_URL/api/v1/checkins" || true)
  n=$((n + 1))
  if [ "$code" != 202 ]; then echo "[trickle] check-in $n answered $code"; fi
  if [ $((n % 600)) -eq 0 ]; then echo "[trickle] $n check-ins sent"; fi
  sleep "$INTERVAL"
done
