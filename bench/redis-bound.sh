#!/usr/bin/env bash
# What Redis alone can do for check-ins, without HTTP or a JVM: redis-cli --pipe sends pre-built commands
# as fast as Redis takes them, and Redis's own CPU time (INFO cpu) is read before and after. Compares
#   XADD                  one plain XADD per check-in (what bench/xadd-baseline does per request)
#   bench_xadd_only       the appends inside a function, 500 per FCALL, no idempotency
#   qrcheckin_append      checkin-service's function (SET NX GET + XADD per check-in), 500 per FCALL
#   bench_getset_append   its first version (GET, XADD, SET per check-in)
# Each in ROUNDS alternating rounds of CALLS x 500 check-ins on fresh keys. Prints Redis CPU microseconds per
# check-in and the check-ins per second one Redis core could take at that cost.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
CALLS=${CALLS:-200}
PREFIX="bench:redis:$(date +%s):"
OUT=.run/bench/redis
mkdir -p $OUT
scripts/dev-services.sh >/dev/null
redis-cli -x FUNCTION LOAD REPLACE <checkin-service/src/main/resources/redis/checkin.lua >/dev/null
redis-cli -x FUNCTION LOAD REPLACE <bench/redis/getset-append.lua >/dev/null
cleanup() {
  redis-cli --scan --pattern "$PREFIX*" | xargs -r -n 1000 redis-cli del >/dev/null || true
  redis-cli FUNCTION DELETE qrcheckin_bench_getset >/dev/null || true
}
trap cleanup EXIT
cpu() { redis-cli info cpu | awk -F: '/^used_cpu_(user|sys):/ {s += $2} END {printf "%.6f", s}'; }
echo "machine: $(nproc) cores, $(redis-server --version | cut -d' ' -f3), $(date -u +%F), $CALLS x 500 check-ins a round"
for round in $(seq 1 "$ROUNDS"); do
  for f in XADD bench_xadd_only qrcheckin_append bench_getset_append; do
    python3 bench/redis/commands.py "$CALLS" 500 "r$round$f" "$f" "$PREFIX" >$OUT/commands.resp
    before=$(cpu)
    redis-cli --pipe <$OUT/commands.resp | grep -q 'errors: 0' || { echo "$f: Redis answered errors" >&2; exit 1; }
    after=$(cpu)
    awk -v f="$f" -v r="$round" -v b="$before" -v a="$after" -v n=$((CALLS * 500)) \
      'BEGIN {us = (a - b) * 1e6 / n; printf "round %d %-20s %6.2f us of Redis CPU a check-in = %7.0f check-ins/s per Redis core\n", r, f, us, 1e6 / us}'
    redis-cli --scan --pattern "$PREFIX*" | xargs -r -n 1000 redis-cli del >/dev/null
  done
done
