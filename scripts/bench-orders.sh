#!/usr/bin/env bash
# Trade and order-query throughput through the front end with the three replicas, with wrk (Debian `wrk`):
# 10 keep-alive connections, 2 threads, 20 s each after a 180 s warm-up (CONNECTIONS, DURATION, WARMUP). Every acknowledged trade
# is durable on a majority of replicas. Prints the machine's speed before and after the trades (machine_speed in
# lib.sh), and per service the CPU time and context switches per trade and the mean time of each request on a
# trade's path during the trade window. Ends by checking that the three order logs are byte-identical.
# Uses its own run folder and ports 18091-18095, so a running stack is untouched.
source "$(dirname "$0")/bench-lib.sh" bench-orders
CONNECTIONS=${CONNECTIONS:-10}
DURATION=${DURATION:-20s}
# five JVMs share two cores and their JIT compilers keep working long after the start under trades: a shorter
# warm-up measures the JIT, not the system (docs/performance.md, "Warm-up, window by window")
WARMUP=${WARMUP:-180s}
rm -rf "$BAZAAR_RUN_DIR/data"
mkdir -p "$RESULTS"

start_stack
# The warm-up reads the timers every 5 s, as a metrics scraper would, so that the services have met a metrics
# reading (other code, a GET with a query string) before the measured window: a first one inside it can make the JIT
# throw away the trade path's compiled code (uncommon traps) while it is measured (commit 35f2f28).
( while sleep 5; do trade_path_timers > /dev/null; done ) &
scraper=$!
bench_jobs+=("$scraper")
wrk_load trade -c"$CONNECTIONS" -d"$WARMUP" >/dev/null 2>"$RESULTS/trade-errors.txt"
kill "$scraper" 2>/dev/null || true
wait "$scraper" 2>/dev/null || true
bench_jobs=()
machine_speed | tee "$RESULTS/machine.txt"
trade_path_timers > "$RESULTS/timers-before.txt"
cpu_ticks > "$RESULTS/cpu-before.txt"
echo "== trades: POST /orders"
wrk_load trade -c"$CONNECTIONS" -d"$DURATION" --latency 2>>"$RESULTS/trade-errors.txt" | tee "$RESULTS/trades.txt"
cpu_ticks > "$RESULTS/cpu-after.txt"
trade_path_timers > "$RESULTS/timers-after.txt"
machine_speed | tee -a "$RESULTS/machine.txt"
trades=$(grep -o '[0-9]* requests in' "$RESULTS/trades.txt" | cut -d' ' -f1)
{
  paste -d' ' "$RESULTS/timers-before.txt" "$RESULTS/timers-after.txt" | awk -v n="$trades" '
    $2 == "/internal/orders" { batches += $7 - $3 }
    $2 == "/internal/replica/append" { appends = appends sprintf("%s %d  ", $1, $7 - $3) }
    $7 > $3 { means = means sprintf("  %-9s %-26s %7d %s, mean %.2f ms\n", $1, $2, $7 - $3,
      $2 == "jvm.gc.pause" ? "pauses" : "requests", ($8 - $4) * 1000 / ($7 - $3)) }
    END {
      printf "trades per batch at the leader: %d trades in %d batches\n", n, batches
      printf "appends received by each replica (the leader receives none): %s\n", appends
      printf "time each request took in the service that answered it (the leader waits for the catalog and a follower):\n%s", means
    }'
  echo "CPU time and context switches per trade, by service:"
  paste -d' ' "$RESULTS/cpu-before.txt" "$RESULTS/cpu-after.txt" | awk -v n="$trades" -v hz="$(getconf CLK_TCK)" \
    '$1 != "machine" {printf "  %-10s %.3f ms  %5.1f switches\n", $1, ($6 - $2) * 1000 / hz / n, ($7 - $3) / n}'
} | tee "$RESULTS/cpu.txt"
orders=$(($(wc -l < "$BAZAAR_RUN_DIR/data/order-1/order_log_1.csv") - 1))
echo "== order queries: GET /orders/{random n < $orders}"
ORDERS=$orders wrk_load query -c"$CONNECTIONS" -d"$DURATION" --latency | tee "$RESULTS/queries.txt"
for id in 1 2 3; do
  resident_memory "order-$id" | tee -a "$RESULTS/rss.txt"
done
# if they still differ after the wait, the checksums below show it
await_identical_order_logs || true
md5sum "$BAZAAR_RUN_DIR"/data/order-*/order_log_*.csv | tee "$RESULTS/checksums.txt"
echo "refused or failed trades: $(wc -l < "$RESULTS/trade-errors.txt")"
echo "Results in $RESULTS"
