#!/usr/bin/env bash
# The tracing demo, against the running suite through its gateway (GATEWAY_URL, default http://127.0.0.1:8080;
# scripts/run.sh, whose demo trickle checks people of a pool in):
# signs in as tracer-hanoi, finds the pool person with the most visits in the last HOURS hours (default 2),
# opens a case for them, and prints the case's visits and its F1/F2 contacts (every answer audited).
set -euo pipefail
HOURS=${HOURS:-2}
GATEWAY_URL=${GATEWAY_URL:-http://127.0.0.1:8080}
KC_URL=${KC_URL:-http://127.0.0.1:8180/realms/qrcheckin}
TOKEN=$(curl -fsS -d grant_type=password -d client_id=qrcheckin-cli -d username=tracer-hanoi -d password=demo \
  "$KC_URL/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
FROM=$(date -u -d "-$HOURS hours" +%FT%TZ)
TO=$(date -u -d "+5 minutes" +%FT%TZ)
api() { curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }

best=""; most=0
for i in $(seq 0 ${SEARCH:-59}); do
  phone=$(printf '0990%06d' "$i")
  n=$(api -d "{\"person\":{\"idType\":\"PHONE\",\"number\":\"$phone\"},\"from\":\"$FROM\",\"to\":\"$TO\"}" \
    "$GATEWAY_URL/api/v1/tracing/people/visits?purpose=demo%20case%20search" | { grep -o '"venueId"' || true; } | wc -l)
  if [ "$n" -gt "$most" ]; then most=$n; best=$phone; fi
done
[ -n "$best" ] || { echo "[demo-case] no visits of the pool's first 60 people in the last $HOURS h: is the demo trickle running?" >&2; exit 1; }
echo "[demo-case] $best has $most visits since $FROM: opening a case"
CASE=$(api -d "{\"person\":{\"idType\":\"PHONE\",\"number\":\"$best\"},\"infectiousFrom\":\"$FROM\",\"infectiousTo\":\"$TO\",\"provinceCode\":\"01\",\"label\":\"demo\"}" \
  "$GATEWAY_URL/api/v1/tracing/cases" | grep -oE '"id":[0-9]+' | head -n 1 | cut -d: -f2 || true)
echo "[demo-case] case $CASE"
echo "--- where the case was (GET /api/v1/tracing/cases/$CASE/visits)"
api "$GATEWAY_URL/api/v1/tracing/cases/$CASE/visits?purpose=demo" | sed -E 's/\},\{/},\n{/g'
echo
echo "--- F1 and F2 (GET /api/v1/tracing/cases/$CASE/contacts?depth=2, as CSV)"
curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Accept: text/csv' "$GATEWAY_URL/api/v1/tracing/cases/$CASE/contacts?depth=2&purpose=demo"
