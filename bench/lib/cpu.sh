# shellcheck shell=bash
# Where the cores went during one wrk run, shared by the benchmarks that compare processes in one run
# (checkin-bench.sh, gateway-bench.sh). Usage: cpu_mark name=pid ...; (the run); cpu_line name=pid ... (the same list)
# prints "    cpu: <name> N%, ..., everything else (wrk, ...) N%, machine busy N%" (share of one core each; 200 % is two).

# CPU ticks (user + system) a process has used; all processes' busy ticks from /proc/stat.
ticks() { awk '{print $14 + $15}' /proc/"$1"/stat 2>/dev/null || echo 0; }
busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }

cpu_mark() {
  CPU_T0=()
  for p in "$@"; do CPU_T0+=("$(ticks "${p#*=}")"); done
  CPU_M0=$(busy)
  CPU_S0=$(date +%s.%N)
}

cpu_line() {
  local seconds hz machine line i=0 sum=0 d
  seconds=$(echo "$(date +%s.%N) - $CPU_S0" | bc)
  hz=$(getconf CLK_TCK)
  machine=$(( $(busy) - CPU_M0 ))
  line="    cpu:"
  for p in "$@"; do
    d=$(( $(ticks "${p#*=}") - CPU_T0[i] ))
    sum=$((sum + d))
    line="$line ${p%%=*} $(awk -v d=$d -v hz="$hz" -v s="$seconds" 'BEGIN {printf "%.0f%%", 100 * d / hz / s}'),"
    i=$((i + 1))
  done
  echo "$line $(awk -v o=$((machine - sum)) -v m=$machine -v hz="$hz" -v s="$seconds" \
    'BEGIN {printf "everything else (wrk, ...) %.0f%%, machine busy %.0f%%", 100 * o / hz / s, 100 * m / hz / s}')"
}
