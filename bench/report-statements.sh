#!/usr/bin/env bash
# Sums the statement durations PostgreSQL logged for one database (log_min_duration_statement = 0 set on it alone,
# e.g. PG_SETTINGS=log_min_duration_statement=0 bench/report-consumer.sh): per statement (its first 110 characters),
# executions, total and mean milliseconds, largest first. Usage: bench/report-statements.sh DB [LOG]
set -euo pipefail
DB=${1:?database}
LOG=${2:-/var/log/postgresql/postgresql-15-main.log}
grep -a "@$DB " "$LOG" | grep -a 'duration: .* ms  execute' | sed -E 's/.*duration: ([0-9.]+) ms  execute [^:]*: (.*)/\1\t\2/' \
  | awk -F'\t' '{ k = substr($2, 1, 110); n[k]++; t[k] += $1 } END { for (k in n) printf "%10.0f ms %8d x %8.2f ms  %s\n", t[k], n[k], t[k] / n[k], k }' \
  | sort -rn | head -n "${TOP:-15}"
