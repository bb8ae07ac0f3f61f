#!/usr/bin/env bash
# What the load client (client-load) adds to every request it times. Starts the stack (own run folder, ports
# 18091-18095) and, against the front end's cache hit GET /stocks/GameStart:
#   1. client-load probe: ROUNDS rounds of REQUESTS sequential requests on one keep-alive connection, each round
#      through the load client's connection and through a plain socket client in the same JVM; the first round is
#      the cold figure (a fresh client JVM), the last the warm one; the difference of the p50s is the client's cost
#   2. wrk -t1 -c1 for WINDOW: the same request on one connection from a C client, for requests/s per connection
# Settings: REQUESTS 30000, ROUNDS 6, WINDOW 10s, CLIENT_LOAD_JAVA_OPTS (the client's JVM options, lib.sh)
source "$(dirname "$0")/bench-lib.sh" bench-client
REQUESTS=${REQUESTS:-30000}
ROUNDS=${ROUNDS:-6}
WINDOW=${WINDOW:-10s}

build_if_stale client-load
machine_speed # before the start, which keeps both cores busy for a while
start_stack
# the first lookup fills the cache; right after a start the JVMs are busy compiling, so give it a few tries
for _ in $(seq 1 30); do
  curl -sf -o /dev/null "$F/stocks/GameStart" && break
  sleep 1
done
# shellcheck disable=SC2086  # options, split on purpose
"$(java_cmd)" $CLIENT_LOAD_JAVA_OPTS -jar "$(jar_of client-load)" probe --url "$F" --requests "$REQUESTS" \
  --rounds "$ROUNDS" 2>/dev/null
wrk -t1 -c1 -d"$WINDOW" "$F/stocks/GameStart" | awk '/Requests\/sec/ {print "wrk -t1 -c1, one connection: " $2 " req/s"}'
