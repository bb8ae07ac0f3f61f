#!/usr/bin/env bash
# Order queries over a long history, for docs/performance.md ("Order queries over a long history"): a synthetic log
# of ORDERS orders (default 1,000,000; scripts/generate-order-log.sh) that the front end never acknowledged, so it
# holds none of them when the stack starts; then wrk (-t2 -c10) asks for random orders of the log in WINDOWS
# consecutive windows of WINDOW each (default 6 of 10 s) from the first query on, and prints per window the queries
# a second, p50 and p99, and what the front end's store of committed orders held and missed so far
# (cache_size / cache_gets_total{cache="orders"}); at the end, the front end's resident memory. Every answer must
# be a 200. Uses its own run folder and ports 18091-18095. Heap per JVM: BAZAAR_HEAP (default here 512m, as the
# replicas hold the whole log in memory).
source "$(dirname "$0")/bench-lib.sh" bench-order-queries
export BAZAAR_HEAP=${BAZAAR_HEAP:-512m}
ORDERS=${ORDERS:-1000000}
WINDOWS=${WINDOWS:-6}
WINDOW=${WINDOW:-10s}
export ORDERS

build_if_stale catalog-service order-service frontend-service
stop_stack
rm -rf "$RUN_DIR/data" "$RUN_DIR/logs"
"$ROOT/scripts/generate-order-log.sh" "$ORDERS" "$RUN_DIR" >/dev/null
machine_speed
start_stack
load_stack_settings

orders_store() {
  curl -sf -H "X-Bazaar-Internal-Token: $BAZAAR_INTERNAL_TOKEN" "$F/actuator/prometheus" | awk '
    /^cache_size\{.*cache="orders"/ {held = $2}
    /^cache_gets_total\{.*cache="orders".*result="miss"/ {missed = $2}
    END {printf "store: %d orders held, %d queries missed so far\n", held, missed}'
}

echo "== $ORDERS orders in the log, none acknowledged by this front end"
for window in $(seq 1 "$WINDOWS"); do
  out=$(wrk_load query -c10 -d"$WINDOW" --latency 2>/dev/null)
  if grep -q "Non-2xx" <<< "$out"; then
    echo "FAILED: some order queries were not answered 200" >&2
    grep "Non-2xx" <<< "$out" >&2
    exit 1
  fi
  awk -v w="$window" -v d="$WINDOW" '
    /Requests\/sec/ {rate = $2}
    / 50%/ {p50 = $2}
    / 99%/ {p99 = $2}
    END {printf "window %d (%s): %s queries/s, p50 %s, p99 %s; ", w, d, rate, p50, p99}' <<< "$out"
  orders_store
done
resident_memory frontend
