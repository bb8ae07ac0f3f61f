#!/usr/bin/env bash
# How long the stack takes to start, and what the start costs. ROUNDS times (default 3): scripts/run-local.sh from
# fresh data (jars built), timed until it returns with every service ready; then the CPU time each service has
# spent so far (user + system, from /proc), and how much of it went to its JIT compiler threads; then the stack is
# stopped. A round that recorded the AOT caches (the first start of a build) says so, and its stop, which writes
# them, is timed too. Settings for every round go before the script, as for run-local.sh (BAZAAR_AOT=off,
# BAZAAR_JAVA_OPTS=...).
source "$(dirname "$0")/bench-lib.sh" bench-start
ROUNDS=${ROUNDS:-3}

build_if_stale catalog-service order-service frontend-service
machine_speed
hz=$(getconf CLK_TCK)
for round in $(seq 1 "$ROUNDS"); do
  rm -rf "$BAZAAR_RUN_DIR/data"
  recorded=""
  if aot_recording; then
    recorded=", recording the AOT caches"
  fi
  start=$(date +%s%N)
  start_stack
  echo "round $round: stack ready after $(( ($(date +%s%N) - start) / 1000000 )) ms$recorded"
  cpu_ticks | awk -v hz="$hz" '$1 != "machine" {
      total += $2; jit += $4
      printf "  %-9s CPU %5.2f s, of it JIT compilers %5.2f s\n", $1, $2 / hz, $4 / hz
    }
    END { printf "  %-9s CPU %5.2f s, of it JIT compilers %5.2f s\n", "all", total / hz, jit / hz }'
  start=$(date +%s%N)
  stop_stack
  [ -z "$recorded" ] || echo "  stopped, caches written, after $(( ($(date +%s%N) - start) / 1000000 )) ms"
done
