#!/usr/bin/env bash
# Where a lone trade's time goes. Starts the stack (own run folder, ports 18091-18095), sends WARMUP sequential
# trades on one keep-alive connection (scripts/latency-probe.py: one plain client, one request at a time), then
# TRADES more, and prints for those: the trade's p50/p99/mean, the CPU time each service spent per trade (user +
# system, from /proc; and the part of it its JIT compilers took), the mean time of each request on a trade's path
# from the services' own timers (Actuator's http.server.requests), and the GC pauses in each service (how many,
# and their mean); then the p50, p99 and p99.9 of every step that the services time in histograms (the leader's two
# stages, each internal call, each fsync; scripts/histogram-quantiles.py), to see which step a slow trade was slow
# in. Then order queries and lookups the same way, for the cost of one hop.
# Settings: WARMUP 6000, TRADES 3000.
source "$(dirname "$0")/bench-lib.sh" bench-trade-cost
WARMUP=${WARMUP:-6000}
TRADES=${TRADES:-3000}

rm -rf "$BAZAAR_RUN_DIR/data"
machine_speed # before the start, which keeps both cores busy for a while
start_stack

echo "warm-up: $WARMUP sequential trades"
python3 "$ROOT/scripts/latency-probe.py" "$F" "$WARMUP" trade >/dev/null
cpu_ticks > "$BAZAAR_RUN_DIR/ticks.before"
trade_path_timers > "$BAZAAR_RUN_DIR/timers.before"
prometheus_scrapes "$BAZAAR_RUN_DIR/prometheus.before"
python3 "$ROOT/scripts/latency-probe.py" "$F" "$TRADES" trade
cpu_ticks > "$BAZAAR_RUN_DIR/ticks.after"
trade_path_timers > "$BAZAAR_RUN_DIR/timers.after"
prometheus_scrapes "$BAZAAR_RUN_DIR/prometheus.after"
hz=$(getconf CLK_TCK)
echo "CPU per trade (ms), by service, and of it its JIT compiler threads':"
paste "$BAZAAR_RUN_DIR/ticks.before" "$BAZAAR_RUN_DIR/ticks.after" | awk -v n="$TRADES" -v hz="$hz" '
  $1 != "machine" {
    d = ($6 - $2) * 1000 / hz / n; jit = ($8 - $4) * 1000 / hz / n; total += d; jits += jit
    printf "  %-9s %.2f  JIT %.2f\n", $1, d, jit
  }
  END {printf "  %-9s %.2f  JIT %.2f\n", "all", total, jits}'
echo "mean time of each request on the trades' path, and of each GC pause (ms; the services' own timers):"
paste "$BAZAAR_RUN_DIR/timers.before" "$BAZAAR_RUN_DIR/timers.after" | awk \
  '{n = $7 - $3; if (n > 0) printf "  %-9s %-26s %6d %-8s  %.3f\n", $1, $2, n, \
    ($2 == "jvm.gc.pause" ? "pauses" : "requests"), ($8 - $4) * 1000 / n}'
echo "the same trades' tail, step by step (the services' own histograms; a bound, not a value):"
python3 "$ROOT/scripts/histogram-quantiles.py" "$BAZAAR_RUN_DIR/prometheus.before" "$BAZAAR_RUN_DIR/prometheus.after"
python3 "$ROOT/scripts/latency-probe.py" "$F" "$TRADES" query lookup
