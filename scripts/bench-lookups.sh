#!/usr/bin/env bash
# Lookup throughput and latency through the front end, with wrk (Debian package `wrk`):
#   1. the baseline: a constant endpoint on the same front end, through Spring MVC (what its dispatch costs; a
#      plain lookup is answered in front of it, docs/architecture.md "The public endpoints in front of Spring MVC")
#   2. cache on, one hot stock (every request a cache hit); again with 4 connections, below saturation
#   3. cache off (every request one more hop to the catalog over a pooled keep-alive connection)
# Each run: 10 keep-alive connections, 2 threads, 20 s after a 30 s warm-up (CONNECTIONS, DURATION, WARMUP). Then the resident
# memory (RSS) of each service. Uses its own run folder and ports 18091-18095, so a running stack is untouched.
source "$(dirname "$0")/bench-lib.sh" bench
CONNECTIONS=${CONNECTIONS:-10}
DURATION=${DURATION:-20s}
# five JVMs share two cores and their JIT compilers keep working long after the start (docs/performance.md, "Warm-up,
# window by window"): a short warm-up measures the JIT, not us
WARMUP=${WARMUP:-30s}
mkdir -p "$RESULTS"

run_wrk() { # label url [connections]
  echo "== $1: $2"
  wrk -t2 -c"${3:-$CONNECTIONS}" -d"$DURATION" --latency "$2" | tee "$RESULTS/$1.txt"
}
rss() { # name
  resident_memory "$1" | tee -a "$RESULTS/rss.txt"
}

machine_speed
: > "$RESULTS/rss.txt"
BAZAAR_FRONTEND_BASELINE_ENDPOINT=true start_stack
curl -sf "$F/stocks/GameStart" >/dev/null
# warm-up: let the JIT compile the hot paths before measuring
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "$F/baseline" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "$F/stocks/GameStart" >/dev/null
run_wrk baseline "$F/baseline"
run_wrk cache-on "$F/stocks/GameStart"
# below saturation: at 10 connections wrk and the JVM share two cores and the tail is run-queue waiting
run_wrk cache-on-4-connections "$F/stocks/GameStart" 4
echo "after cache-on:" >> "$RESULTS/rss.txt"; rss catalog; rss frontend
stop_stack

BAZAAR_CACHE_ENABLED=false start_stack
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "$F/stocks/GameStart" >/dev/null
run_wrk cache-off "$F/stocks/GameStart"
echo "after cache-off:" >> "$RESULTS/rss.txt"; rss catalog; rss frontend
echo "Results in $RESULTS"
