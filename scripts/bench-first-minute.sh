#!/usr/bin/env bash
# What a user who has just started the stack sees, from a fresh run folder (jars built; the JVMs start cold):
#   1. how long scripts/run-local.sh takes until every service is ready
#   2. trades/s with wrk (10 keep-alive connections, 2 threads) in WINDOWS windows of WINDOW each, from the moment
#      run-local.sh returns: the first minute of a cold stack, window by window
#   3. one client, one keep-alive connection, requests one after another (scripts/latency-probe.py): lookup (the
#      reference: one hop, a cache hit), trade and order-query latency, PROBE requests each
#   4. order queries/s with wrk (10 connections) for QUERY_WINDOW
# The three order logs must be byte-identical at the end. Prints the machine's speed first (machine_speed in
# lib.sh). Own run folder and ports 18091-18095, so a running stack is untouched.
# Settings: WINDOW 20s, WINDOWS 3, PROBE 2000, QUERY_WINDOW 10s, BAZAAR_JAVA_OPTS (extra JVM options)
source "$(dirname "$0")/bench-lib.sh" bench-first-minute
WINDOW=${WINDOW:-20s}
WINDOWS=${WINDOWS:-3}
PROBE=${PROBE:-2000}
QUERY_WINDOW=${QUERY_WINDOW:-10s}

# built before the clock starts: the figure is a start of built jars
build_if_stale catalog-service order-service frontend-service
rm -rf "$BAZAAR_RUN_DIR/data"
machine_speed
start=$(date +%s%N)
start_stack
echo "stack ready after $(( ($(date +%s%N) - start) / 1000000 )) ms (scripts/run-local.sh, jars built, fresh data)"

for window in $(seq 1 "$WINDOWS"); do
  rate=$(wrk_load trade -c10 -d"$WINDOW" 2>/dev/null | awk '/Requests\/sec/ {print $2}')
  echo "trades window $window ($WINDOW, wrk -t2 -c10): $rate trades/s"
done
"$ROOT/scripts/latency-probe.py" "$F" "$PROBE" lookup trade query
logs=("$BAZAAR_RUN_DIR"/data/order-*/order_log_*.csv)
ORDERS=$(( $(wc -l < "${logs[0]}") - 1 )) \
  wrk_load query -c10 -d"$QUERY_WINDOW" 2>/dev/null \
  | awk -v w="$QUERY_WINDOW" '/Requests\/sec/ {print "order queries (" w ", wrk -t2 -c10): " $2 "/s"}'

await_identical_order_logs || { echo "FAILED: the order logs differ: ${logs[*]}" >&2; exit 1; }
echo "order logs: ${#logs[@]} byte-identical, $(( $(wc -l < "${logs[0]}") - 1 )) orders"
