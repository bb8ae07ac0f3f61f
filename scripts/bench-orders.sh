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
# five JVMs share two cores, and C2 keeps compiling for minutes under trades: a shorter warm-up measures the JIT,
# not the system (docs/performance.md, "Warm-up, window by window")
WARMUP=${WARMUP:-180s}
RESULTS=${RESULTS:-$BAZAAR_RUN_DIR/results}
rm -rf "$BAZAAR_RUN_DIR/data"
mkdir -p "$RESULTS"
trap '"$ROOT/scripts/stop-local.sh" >/dev/null' EXIT

"$ROOT/scripts/run-local.sh" >/dev/null
F=http://127.0.0.1:$FRONTEND_PORT
# The warm-up reads the timers every 5 s, as a metrics scraper would: services that had seen only trades met their
# first metrics reading (other code, a GET with a query string) with uncommon traps, and the JIT threw away the
# trade path's compiled code in the middle of the measured window.
( while sleep 5; do trade_path_timers > /dev/null; done ) &
scraper=$!
trap 'kill "$scraper" 2>/dev/null || true; "$ROOT/scripts/stop-local.sh" >/dev/null' EXIT
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$ROOT/scripts/wrk/trade.lua" "$F" >/dev/null 2>"$RESULTS/trade-errors.txt"
kill "$scraper" 2>/dev/null || true
wait "$scraper" 2>/dev/null || true
machine_speed | tee "$RESULTS/machine.txt"
trade_path_timers > "$RESULTS/timers-before.txt"
service_ticks > "$RESULTS/cpu-before.txt"
echo "== trades: POST /orders"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/scripts/wrk/trade.lua" "$F" \
  2>>"$RESULTS/trade-errors.txt" | tee "$RESULTS/trades.txt"
service_ticks > "$RESULTS/cpu-after.txt"
trade_path_timers > "$RESULTS/timers-after.txt"
machine_speed | tee -a "$RESULTS/machine.txt"
trades=$(grep -o '[0-9]* requests in' "$RESULTS/trades.txt" | cut -d' ' -f1)
{
  paste -d' ' "$RESULTS/timers-before.txt" "$RESULTS/timers-after.txt" | awk -v n="$trades" '
    $2 == "/internal/orders" { batches += $7 - $3 }
    $2 == "/internal/replica/append" { appends = appends sprintf("%s %d  ", $1, $7 - $3) }
    $7 > $3 { means = means sprintf("  %-9s %-26s %7d requests, mean %.2f ms\n", $1, $2, $7 - $3, ($8 - $4) * 1000 / ($7 - $3)) }
    END {
      printf "trades per batch at the leader: %d trades in %d batches\n", n, batches
      printf "appends received by each replica (the leader receives none): %s\n", appends
      printf "time each request took in the service that answered it (the leader waits for the catalog and a follower):\n%s", means
    }'
  echo "CPU time and context switches per trade, by service:"
  join "$RESULTS/cpu-before.txt" "$RESULTS/cpu-after.txt" | awk -v n="$trades" -v hz="$(getconf CLK_TCK)" \
    '{printf "  %-10s %.3f ms  %5.1f switches\n", $1, ($4 - $2) * 1000 / hz / n, ($5 - $3) / n}'
} | tee "$RESULTS/cpu.txt"
orders=$(($(wc -l < "$BAZAAR_RUN_DIR/data/order-1/order_log_1.csv") - 1))
echo "== order queries: GET /orders/{random n < $orders}"
ORDERS=$orders wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/scripts/wrk/query.lua" "$F" \
  | tee "$RESULTS/queries.txt"
for id in 1 2 3; do
  pid=$(cat "$BAZAAR_RUN_DIR/pids/order-$id.pid")
  echo "order-$id RSS: $(awk '/VmRSS/{print $2, $3}' "/proc/$pid/status")" | tee -a "$RESULTS/rss.txt"
done
# replication is asynchronous to the client's view of a follower: wait (up to 10 s) for the last batch to land
for _ in $(seq 1 50); do
  [ "$(md5sum "$BAZAAR_RUN_DIR"/data/order-*/order_log_*.csv | cut -d' ' -f1 | sort -u | wc -l)" = 1 ] && break
  sleep 0.2
done
md5sum "$BAZAAR_RUN_DIR"/data/order-*/order_log_*.csv | tee "$RESULTS/checksums.txt"
echo "refused or failed trades: $(wc -l < "$RESULTS/trade-errors.txt")"
echo "Results in $RESULTS"
