#!/usr/bin/env bash
# Trades through the front end in consecutive 20 s windows from a cold start (WINDOWS, default 12), with wrk:
# 10 keep-alive connections, 2 threads. Per window: trades/s, CPU per trade of the five services together, and the
# share of that CPU spent by the JIT compilers, and how much of the machine's two cores stayed idle (idle CPU under
# load means the trades wait on each other, not on the processor). Shows how long the JVMs take to warm up on this
# machine, and the steady state after it; WARMUP (e.g. 150s, default none) first runs the same load unmeasured.
# Uses its own run folder and ports 18091-18095, so a running stack is untouched.
source "$(dirname "$0")/bench-lib.sh" bench-windows
WINDOWS=${WINDOWS:-12}
rm -rf "$BAZAAR_RUN_DIR/data"
machine_speed
start_stack

# "<all|jit> <clock ticks>" summed over every thread of the five services
ticks() {
  local pidfile task
  for pidfile in "$BAZAAR_RUN_DIR"/pids/*.pid; do
    for task in /proc/"$(cat "$pidfile")"/task/*; do
      awk -v jit="$(grep -c '^C[12] Compiler' "$task/comm" 2>/dev/null)" '{print (jit > 0 ? "jit" : "app"), $14 + $15}' \
        "$task/stat" 2>/dev/null || true
    done
  done | awk '{sum[$1] += $2} END {print sum["app"] + sum["jit"], sum["jit"] + 0}'
}
# "<idle> <all>" clock ticks of the whole machine (idle includes waiting for the disk)
host_ticks() {
  awk '/^cpu / {print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat
}
hz=$(getconf CLK_TCK)
if [ -n "${WARMUP:-}" ]; then
  wrk_load trade -c10 -d"$WARMUP" >/dev/null
fi
for window in $(seq 1 "$WINDOWS"); do
  read -r all_before jit_before < <(ticks)
  read -r idle_before host_before < <(host_ticks)
  out=$(wrk_load trade -c10 -d20s 2>&1)
  read -r all_after jit_after < <(ticks)
  read -r idle_after host_after < <(host_ticks)
  trades=$(grep -o '[0-9]* requests in' <<< "$out" | cut -d' ' -f1)
  awk -v w="$window" -v n="$trades" -v all=$((all_after - all_before)) -v jit=$((jit_after - jit_before)) -v hz="$hz" \
    -v idle=$((idle_after - idle_before)) -v host=$((host_after - host_before)) \
    'BEGIN {printf "window %2d: %5.0f trades/s, %.2f ms CPU per trade, JIT %2.0f%% of that CPU, machine %2.0f%% idle\n",
            w, n / 20, all * 1000 / hz / n, (all > 0 ? 100 * jit / all : 0), (host > 0 ? 100 * idle / host : 0)}'
done
machine_speed
