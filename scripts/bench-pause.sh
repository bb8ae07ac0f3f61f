#!/usr/bin/env bash
# What a trade costs when it comes after a pause, as a person's next trade does. Starts the stack (own run folder,
# ports 18091-18095), sends WARMUP trades back to back on one keep-alive connection (scripts/latency-probe.py), then
# for each pause in PAUSES (milliseconds) COUNT trades and COUNT lookups, each request after that pause; prints the
# p50, p99 and mean of each. A lookup (a cache hit at the front end, no internal call) is the reference: what the
# pause costs a request that crosses no other service. HttpClient checks a pooled connection idle for more than a
# second before it reuses it (docs/performance.md, "A trade after a pause"), hence the default pauses on either side.
# Settings: WARMUP 3000, COUNT 20, PAUSES "900 1200".
source "$(dirname "$0")/bench-lib.sh" bench-pause
WARMUP=${WARMUP:-3000}
COUNT=${COUNT:-20}
PAUSES=${PAUSES:-900 1200}

rm -rf "$BAZAAR_RUN_DIR/data"
start_stack

machine_speed
echo "warm-up: $WARMUP trades back to back"
python3 "$ROOT/scripts/latency-probe.py" "$F" "$WARMUP" trade
for pause in $PAUSES; do
  echo "each request after a pause of $pause ms:"
  PAUSE_MS=$pause python3 "$ROOT/scripts/latency-probe.py" "$F" "$COUNT" trade lookup
done
