#!/usr/bin/env bash
# Lookups as the seed's sweep sends them at p = 0 (five closed-model clients, a random stock of the ten each time,
# so about half hit the front end's 5-entry cache), and where the machine's time goes. Starts the stack (own run
# folder, ports 18091-18095), then ROUNDS rounds of:
#   1. client-load run -p 0: CLIENTS clients, WARMUP iterations each not measured, then ITERATIONS measured; prints
#      its lookup, lookup-hit and lookup-miss lines (mean, p50, p99, answers/s)
#   2. the CPU each of them took per lookup: the front end, the catalog and the load client's JVM (user + system)
# and last, as the reference in the same run, wrk (-t1, CLIENTS connections, WINDOW) sending the same random
# lookups: what the stack answers when the client costs next to nothing. In a closed model the mean latency is the
# number of clients over the answers per second: a mean of 0.4 ms with five clients takes 12,500 answers a second.
# Each round leaves the client's raw results in the run folder (run/bench-sweep-lookups): round-N/, and its output
# in round-N.txt and round-N.err.
# Settings: ROUNDS 3, CLIENTS 5, ITERATIONS 10000, WARMUP 2000, WINDOW 10s, CLIENT_LOAD_JAVA_OPTS (the client's
# JVM options, lib.sh); the services' settings go before the script as for run-local.sh (e.g.
# LOGGING_LEVEL_ORG_STOCKBAZAAR_FRONTEND=warn: without the seed's log line for every miss and eviction)
source "$(dirname "$0")/bench-lib.sh" bench-sweep-lookups
ROUNDS=${ROUNDS:-3}
CLIENTS=${CLIENTS:-5}
ITERATIONS=${ITERATIONS:-10000}
WARMUP=${WARMUP:-2000}
WINDOW=${WINDOW:-10s}

build_if_stale client-load
rm -rf "$BAZAAR_RUN_DIR/data"
machine_speed # before the start, which keeps both cores busy for a while
start_stack
hz=$(getconf CLK_TCK)
TIMEFORMAT="%U %S"
for round in $(seq 1 "$ROUNDS"); do
  out="$BAZAAR_RUN_DIR/round-$round"
  rm -rf "$out"
  cpu_ticks > "$BAZAAR_RUN_DIR/ticks.before"
  # the load client's own CPU: bash's time, user and system seconds, on the last line of its error output
  # shellcheck disable=SC2086  # options, split on purpose
  { time "$(java_cmd)" $CLIENT_LOAD_JAVA_OPTS -jar "$(jar_of client-load)" run --url "$F" -p 0 --clients "$CLIENTS" \
      --iterations "$ITERATIONS" --warmup "$WARMUP" --out "$out" > "$out.txt" 2> "$out.err"; } 2> "$out.time"
  cpu_ticks > "$BAZAAR_RUN_DIR/ticks.after"
  echo "round $round: client-load run -p 0, $CLIENTS clients, $ITERATIONS iterations each after $WARMUP"
  awk '$1 == "p" || $2 ~ /^lookup/ || $1 ~ /^lookup-/' "$out.txt" | sed 's/^/  /'
  lookups=$((CLIENTS * (ITERATIONS + WARMUP)))
  client=$(tail -n 1 "$out.time")
  paste "$BAZAAR_RUN_DIR/ticks.before" "$BAZAAR_RUN_DIR/ticks.after" | awk -v n="$lookups" -v hz="$hz" \
    -v client="$client" '$1 == "frontend" {fe = ($6 - $2) * 1e6 / hz / n}
      $1 == "catalog" {cat = ($6 - $2) * 1e6 / hz / n}
      END {split(client, c, " ")
        printf "  CPU per lookup, warm-up included: front end %.0f us, catalog %.0f us, load client %.0f us\n",
          fe, cat, (c[1] + c[2]) * 1e6 / n}'
done
echo "reference: wrk -t1 -c$CLIENTS -d$WINDOW, the same random lookups"
wrk -t1 -c"$CLIENTS" -d"$WINDOW" -s "$ROOT/scripts/wrk/lookup.lua" "$F" \
  | awk '/Latency/ {print "  mean " $2 ", stdev " $3 ", max " $4} /Requests\/sec/ {print "  " $2 " lookups/s"}'
