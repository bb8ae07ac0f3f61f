#!/usr/bin/env bash
# Trades through the front end in consecutive 20 s windows from a cold start (WINDOWS, default 12), with wrk:
# 10 keep-alive connections, 2 threads. Per window: trades/s, CPU per trade of the five services together, and the
# share of that CPU spent by the JIT compilers, how much of the machine's two cores stayed idle (idle CPU under
# load means the trades wait on each other, not on the processor), and how many trades a batch from the front end
# held on average (the leader's bazaar.leader.commit count: one per batch). Shows how long the JVMs take to warm up
# on this machine, and the steady state after it; WARMUP (e.g. 150s, default none) first runs the same load
# unmeasured.
# Uses its own run folder and ports 18091-18095, so a running stack is untouched.
source "$(dirname "$0")/bench-lib.sh" bench-windows
WINDOWS=${WINDOWS:-12}
rm -rf "$BAZAAR_RUN_DIR/data"
machine_speed
start_stack

hz=$(getconf CLK_TCK)
if [ -n "${WARMUP:-}" ]; then
  wrk_load trade -c10 -d"$WARMUP" >/dev/null
fi
# batches the leader has committed so far (every replica's count: only the leader's grows)
batches() {
  trade_path_timers | awk '$2 == "bazaar.leader.commit" {n += $3} END {print n + 0}'
}
for window in $(seq 1 "$WINDOWS"); do
  batches_before=$(batches)
  before=$(cpu_ticks)
  out=$(wrk_load trade -c10 -d20s 2>&1)
  after=$(cpu_ticks)
  batches_after=$(batches)
  trades=$(grep -o '[0-9]* requests in' <<< "$out" | cut -d' ' -f1)
  paste -d' ' <(echo "$before") <(echo "$after") | awk -v w="$window" -v n="$trades" -v hz="$hz" \
      -v b=$((batches_after - batches_before)) '
    $1 == "machine" { host = $6 - $2; idle = $8 - $4; next }
    { all += $6 - $2; jit += $8 - $4 }
    END {printf "window %2d: %5.0f trades/s, %.2f ms CPU per trade, JIT %2.0f%% of that CPU, " \
                "machine %2.0f%% idle, %.1f trades per batch\n",
         w, n / 20, all * 1000 / hz / n, (all > 0 ? 100 * jit / all : 0), (host > 0 ? 100 * idle / host : 0),
         (b > 0 ? n / b : 0)}'
done
machine_speed
