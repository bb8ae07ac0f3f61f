#!/usr/bin/env bash
# Trade and order-query throughput through the front end with the three replicas, with wrk (Debian `wrk`):
# 10 keep-alive connections, 2 threads, 20 s each after a 180 s warm-up (CONNECTIONS, DURATION, WARMUP). Every acknowledged trade
# is durable on a majority of replicas. Ends by checking that the three order logs are byte-identical.
# Uses its own run folder and ports 18091-18095, so a running stack is untouched.
set -euo pipefail
trap 'echo "$0: failed at line $LINENO" >&2' ERR

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export BAZAAR_RUN_DIR=${BAZAAR_RUN_DIR:-$ROOT/run/bench-orders}
export FRONTEND_PORT=${FRONTEND_PORT:-18091} CATALOG_PORT=${CATALOG_PORT:-18092} ORDER_PORT_BASE=${ORDER_PORT_BASE:-18093}
CONNECTIONS=${CONNECTIONS:-10}
DURATION=${DURATION:-20s}
# five JVMs share two cores: C2 keeps compiling for over two minutes under trades (measured in 20 s windows: the
# JIT took 46 % of the services' CPU in the first minute, 8 % in the fifth window, 1 % from the seventh on), and
# a shorter warm-up measures the JIT, not the system
WARMUP=${WARMUP:-180s}
RESULTS=${RESULTS:-$BAZAAR_RUN_DIR/results}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
rm -rf "$BAZAAR_RUN_DIR/data"
mkdir -p "$RESULTS"
trap '"$ROOT/scripts/stop-local.sh" >/dev/null' EXIT

"$ROOT/scripts/run-local.sh" >/dev/null
F=http://127.0.0.1:$FRONTEND_PORT
# warm-up
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$ROOT/scripts/wrk/trade.lua" "$F" >/dev/null 2>"$RESULTS/trade-errors.txt"
# CPU time (user + system, in clock ticks) of each service, and the batches the leader received
cpu_ticks() {
  for pidfile in "$BAZAAR_RUN_DIR"/pids/*.pid; do
    echo "$(basename "$pidfile" .pid) $(awk '{print $14 + $15}' "/proc/$(cat "$pidfile")/stat")"
  done
}
# how many requests to $1 the three replicas received so far, one count per replica in id order
requests_to() {
  local port count
  for port in $ORDER_PORT_BASE $((ORDER_PORT_BASE + 1)) $((ORDER_PORT_BASE + 2)); do
    count=$(curl -s "http://127.0.0.1:$port/actuator/metrics/http.server.requests?tag=uri:$1&tag=method:POST" \
      | grep -o '"COUNT","value":[0-9.]*' | grep -o '[0-9.]*$' || true)
    count=${count:-0}
    echo -n "${count%.*} "
  done
}
sum() { local total=0 n; for n in "$@"; do total=$((total + n)); done; echo "$total"; }
cpu_ticks > "$RESULTS/cpu-before.txt"
batches_before=$(requests_to /internal/orders)
appends_before=$(requests_to /internal/replica/append)
echo "== trades: POST /orders"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/scripts/wrk/trade.lua" "$F" \
  2>>"$RESULTS/trade-errors.txt" | tee "$RESULTS/trades.txt"
cpu_ticks > "$RESULTS/cpu-after.txt"
trades=$(grep -o '[0-9]* requests in' "$RESULTS/trades.txt" | cut -d' ' -f1)
batches=$(($(sum $(requests_to /internal/orders)) - $(sum $batches_before)))
read -r -a appends_after <<< "$(requests_to /internal/replica/append)"
read -r -a appends_start <<< "$appends_before"
{
  echo "trades per batch at the leader: $trades trades in $batches batches"
  echo "appends received by each replica (the leader receives none): $(for i in 0 1 2; do
    echo -n "order-$((i + 1)) $((appends_after[i] - appends_start[i]))  "; done)"
  echo "CPU per trade (ms), by service:"
  join "$RESULTS/cpu-before.txt" "$RESULTS/cpu-after.txt" \
    | awk -v n="$trades" -v hz="$(getconf CLK_TCK)" '{printf "  %-10s %.3f\n", $1, ($3 - $2) * 1000 / hz / n}'
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
