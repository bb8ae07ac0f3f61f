#!/usr/bin/env bash
# What a request costs when it comes after a pause, as a person's next trade does. Starts the stack (own run folder,
# ports 18091-18095), sends WARMUP trades back to back on one keep-alive connection (scripts/latency-probe.py), then
# lookups back to back, then for each pause in PAUSES (milliseconds) COUNT trades and COUNT lookups, each request
# after that pause; prints the p50, p99 and mean of each. Two references: a lookup (a cache hit at the front end,
# no internal call), and the same lookups against scripts/constant-server.py (Python's smallest HTTP server, on
# REFERENCE_PORT, default 18099): what a pause costs a request on this machine with nothing of ours in it.
# HttpClient checks a pooled connection idle for more than a second before it reuses it (docs/performance.md, "A
# trade after a pause"), hence the default pauses on either side of one second.
# Settings: WARMUP 3000, COUNT 20, PAUSES "900 1200", REFERENCE_PORT 18099.
source "$(dirname "$0")/bench-lib.sh" bench-pause
WARMUP=${WARMUP:-3000}
COUNT=${COUNT:-20}
PAUSES=${PAUSES:-900 1200}
REFERENCE_PORT=${REFERENCE_PORT:-18099}

rm -rf "$BAZAAR_RUN_DIR/data"
machine_speed # before the start, which keeps both cores busy for a while
start_stack
python3 "$ROOT/scripts/constant-server.py" "$REFERENCE_PORT" &
bench_jobs+=($!)

echo "warm-up: $WARMUP trades back to back, then $WARMUP lookups"
python3 "$ROOT/scripts/latency-probe.py" "$F" "$WARMUP" trade lookup
echo "reference, $COUNT lookups back to back:"
python3 "$ROOT/scripts/latency-probe.py" "http://127.0.0.1:$REFERENCE_PORT" "$COUNT" lookup
for pause in $PAUSES; do
  echo "each request after a pause of $pause ms:"
  PAUSE_MS=$pause python3 "$ROOT/scripts/latency-probe.py" "$F" "$COUNT" trade lookup
  echo "reference, each lookup after a pause of $pause ms:"
  PAUSE_MS=$pause python3 "$ROOT/scripts/latency-probe.py" "http://127.0.0.1:$REFERENCE_PORT" "$COUNT" lookup
done
