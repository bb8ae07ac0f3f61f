#!/usr/bin/env bash
# Where a lone trade's time goes. Starts the stack (own run folder, ports 18091-18095), sends WARMUP sequential
# trades on one keep-alive connection (scripts/latency-probe.py: one plain client, one request at a time), then
# TRADES more, and prints for those: the trade's p50/p99/mean, the CPU time each service spent per trade (user +
# system, from /proc), and the mean time of each request on a trade's path from the services' own timers
# (Actuator's http.server.requests). Then order queries and lookups the same way, for the cost of one hop.
# Settings: WARMUP 6000, TRADES 3000.
set -euo pipefail
trap 'echo "$0: failed at line $LINENO" >&2' ERR

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export BAZAAR_RUN_DIR=${BAZAAR_RUN_DIR:-$ROOT/run/bench-trade-cost}
source "$ROOT/scripts/lib.sh"
bench_stack
WARMUP=${WARMUP:-6000}
TRADES=${TRADES:-3000}
F=http://127.0.0.1:$FRONTEND_PORT

rm -rf "$BAZAAR_RUN_DIR/data"
trap '"$ROOT/scripts/stop-local.sh" >/dev/null' EXIT
"$ROOT/scripts/run-local.sh" >/dev/null
TOKEN=$(cat "$BAZAAR_RUN_DIR/internal-token")

# "<service> <clock ticks of CPU, user + system>" for each service
ticks() {
  for pidfile in "$BAZAAR_RUN_DIR"/pids/*.pid; do
    echo "$(basename "$pidfile" .pid) $(awk '{print $14 + $15}' "/proc/$(cat "$pidfile")/stat")"
  done
}
# "<service> <uri> <count> <total seconds>" for every request on a trade's path
timers() {
  local name port uri
  while read -r name port uri; do
    curl -s -H "X-Bazaar-Internal-Token: $TOKEN" \
      "http://127.0.0.1:$port/actuator/metrics/http.server.requests?tag=uri:$uri&tag=method:POST" \
      | python3 -c 'import json, sys
try:
    m = {x["statistic"]: x["value"] for x in json.load(sys.stdin)["measurements"]}
except Exception:
    m = {}
print(sys.argv[1], sys.argv[2], m.get("COUNT", 0), m.get("TOTAL_TIME", 0))' "$name" "$uri"
  done <<ENDPOINTS
frontend $FRONTEND_PORT /orders
frontend $FRONTEND_PORT /internal/cache/evictions
catalog $CATALOG_PORT /internal/trades
order-1 $ORDER_PORT_BASE /internal/orders
order-2 $((ORDER_PORT_BASE + 1)) /internal/orders
order-3 $((ORDER_PORT_BASE + 2)) /internal/orders
order-1 $ORDER_PORT_BASE /internal/replica/append
order-2 $((ORDER_PORT_BASE + 1)) /internal/replica/append
order-3 $((ORDER_PORT_BASE + 2)) /internal/replica/append
ENDPOINTS
}

machine_speed
echo "warm-up: $WARMUP sequential trades"
python3 "$ROOT/scripts/latency-probe.py" "$F" "$WARMUP" trade >/dev/null
ticks > "$BAZAAR_RUN_DIR/ticks.before"
timers > "$BAZAAR_RUN_DIR/timers.before"
python3 "$ROOT/scripts/latency-probe.py" "$F" "$TRADES" trade
ticks > "$BAZAAR_RUN_DIR/ticks.after"
timers > "$BAZAAR_RUN_DIR/timers.after"
hz=$(getconf CLK_TCK)
echo "CPU per trade (ms), by service:"
paste "$BAZAAR_RUN_DIR/ticks.before" "$BAZAAR_RUN_DIR/ticks.after" | awk -v n="$TRADES" -v hz="$hz" \
  '{d = ($4 - $2) * 1000 / hz / n; total += d; printf "  %-9s %.2f\n", $1, d} END {printf "  %-9s %.2f\n", "all", total}'
echo "mean time of each request on the trades' path (ms; the services' own timers):"
paste "$BAZAAR_RUN_DIR/timers.before" "$BAZAAR_RUN_DIR/timers.after" | awk \
  '{n = $7 - $3; if (n > 0) printf "  %-9s %-26s %6d requests  %.3f\n", $1, $2, n, ($8 - $4) * 1000 / n}'
python3 "$ROOT/scripts/latency-probe.py" "$F" "$TRADES" query lookup
