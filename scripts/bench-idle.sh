#!/usr/bin/env bash
# What an idle stack spends. Starts the stack (own run folder, ports 18091-18095), sends TRADES sequential trades
# (scripts/latency-probe.py) so that the services have served something, waits SETTLE seconds, then reads every
# thread's CPU time (/proc) at the start and the end of WINDOW seconds in which nobody sends anything, and prints each
# service's CPU per second of idle time, then its busiest threads (named as the JVM names them, numbers left out).
# Settings: TRADES 5000, SETTLE 30, WINDOW 40.
source "$(dirname "$0")/bench-lib.sh" bench-idle
TRADES=${TRADES:-5000}
SETTLE=${SETTLE:-30}
WINDOW=${WINDOW:-40}

# thread_ticks: "<service>:<thread name, digits dropped> <user + system ticks>" for every thread of the stack
thread_ticks() {
  local pidfile pid
  for pidfile in "$BAZAAR_RUN_DIR"/pids/*.pid; do
    pid=$(cat "$pidfile")
    # a thread that ends between the listing and the reading is left out
    { cat "/proc/$pid"/task/*/stat 2>/dev/null || true; } | awk -v name="$(basename "$pidfile" .pid)" '{
      comm = $0; sub(/^[0-9]+ \(/, "", comm); sub(/\) [^)]*$/, "", comm); gsub(/[0-9]+/, "", comm); gsub(/ /, "_", comm)
      rest = $0; sub(/^.*\) /, "", rest); split(rest, f, " ")
      ticks[comm] += f[12] + f[13]
    } END {for (t in ticks) print name ":" t, ticks[t]}'
  done
}

rm -rf "$BAZAAR_RUN_DIR/data"
machine_speed
start_stack
python3 "$ROOT/scripts/latency-probe.py" "$F" "$TRADES" trade
sleep "$SETTLE"
thread_ticks | sort > "$BAZAAR_RUN_DIR/idle.before"
sleep "$WINDOW"
thread_ticks | sort > "$BAZAAR_RUN_DIR/idle.after"
hz=$(getconf CLK_TCK)
echo "CPU while idle for $WINDOW s, $SETTLE s after the last trade (ms of CPU per second), by service:"
join "$BAZAAR_RUN_DIR/idle.before" "$BAZAAR_RUN_DIR/idle.after" > "$BAZAAR_RUN_DIR/idle.both"
awk -v hz="$hz" -v s="$WINDOW" '{split($1, id, ":"); service[id[1]] += ($3 - $2) * 1000 / hz / s}
  END {for (n in service) {printf "  %-9s %5.1f\n", n, service[n]; all += service[n]}; printf "  %-9s %5.1f\n", "all", all}' \
  "$BAZAAR_RUN_DIR/idle.both" | sort -k2 -n -r
echo "threads that took 1 ms a second or more (C_CompilerThre: the JIT compilers):"
awk -v hz="$hz" -v s="$WINDOW" '{d = ($3 - $2) * 1000 / hz / s; if (d >= 1) printf "  %-40s %5.1f\n", $1, d}' \
  "$BAZAAR_RUN_DIR/idle.both" | sort -k2 -n -r
