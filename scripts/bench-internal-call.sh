#!/usr/bin/env bash
# What one internal call on a trade's path costs the service that answers it, apart from the work it carries: a lone
# catalog answers POST /internal/committed with no orders (the leader's feed call, with nothing to apply) from wrk,
# 1 thread and 4 keep-alive connections: WARM (default 30s) unmeasured, then SLICES (default 8) slices of 5 s.
# Prints the calls a second and the catalog's CPU per call (/proc). The catalog runs as run-local.sh runs it, from
# fresh data, with its AOT cache if its build has one (scripts/train-aot.sh, or a first run-local.sh start), else
# without one (this script records none).
# OTHER=<another clone of this repository> runs that clone's catalog beside this one's and measures the two slice
# by slice in turn, so that this VM's changes of speed fall on both builds alike.
# Uses its own run folder and ports 18092 and 18192 (CATALOG_PORT, and 100 above it for OTHER's).
source "$(dirname "$0")/bench-lib.sh" bench-internal-call
# the heap every service of run-local.sh gets (lib.sh's launch reads it)
# shellcheck disable=SC2034
HEAP=${BAZAAR_HEAP:-256m}
export BAZAAR_INTERNAL_TOKEN=bench-internal-call
builds=("$ROOT")
[ -z "${OTHER:-}" ] || builds+=("$(cd "$OTHER" && pwd)")
hz=$(getconf CLK_TCK)
lua=$RUN_DIR/committed.lua
mkdir -p "$RUN_DIR"
cat > "$lua" <<LUA
request = function()
  return wrk.format("POST", "/internal/committed", {["Content-Type"] = "application/json",
    ["X-Bazaar-Internal-Token"] = "$BAZAAR_INTERNAL_TOKEN"}, '{"epoch":1,"orders":[]}')
end
response = function(status, headers, body)
  if status ~= 200 then io.stderr:write("answered " .. status .. ": " .. body .. "\n") end
end
LUA

port_of() { # BUILD
  echo $((CATALOG_PORT + 100 * $1))
}

# each build's catalog from its own clone (lib.sh's functions read ROOT and RUN_DIR) and its own run folder
start_catalog() { # BUILD
  local port
  port=$(port_of "$1")
  # shellcheck disable=SC2030  # the subshell keeps ROOT and RUN_DIR of this script as they are
  (
    ROOT=${builds[$1]}
    RUN_DIR=$BAZAAR_RUN_DIR/build-$1
    rm -rf "$RUN_DIR/data"
    mkdir -p "$RUN_DIR/logs" "$RUN_DIR/pids"
    build_if_stale catalog-service
    aot_cached catalog || export BAZAAR_AOT=off
    start_service catalog "$port" "$(jar_of catalog-service)" BAZAAR_CATALOG_DATA_DIR="$RUN_DIR/data/catalog" \
      >/dev/null
  )
  # the leader of epoch 1 starts feeding: from now on the catalog takes that epoch's calls
  curl -sf -o /dev/null -H "X-Bazaar-Internal-Token: $BAZAAR_INTERNAL_TOKEN" -H 'Content-Type: application/json' \
    -d '{"epoch":1}' "http://127.0.0.1:$port/internal/leader"
}

# bench-lib.sh stops the stack on exit, however the script ends: here, every build's catalog
stop_stack() {
  local run
  for run in "$BAZAAR_RUN_DIR"/build-*; do
    # shellcheck disable=SC2031  # this script's own ROOT: start_catalog changes it in a subshell only
    [ ! -d "$run" ] || BAZAAR_RUN_DIR=$run "$ROOT/scripts/stop-local.sh" >/dev/null
  done
}

# the CPU that BUILD's catalog has spent so far, in clock ticks (bench-lib.sh's cpu_ticks on its run folder)
catalog_ticks() { # BUILD
  BAZAAR_RUN_DIR=$BAZAAR_RUN_DIR/build-$1 cpu_ticks | awk '$1 == "catalog" {print $2}'
}

calls_of() { # BUILD SECONDS: "<calls> <CPU ticks of the catalog>" while wrk sends calls for SECONDS
  local before after out
  before=$(catalog_ticks "$1")
  out=$(wrk -t1 -c4 -d"$2" -s "$lua" "http://127.0.0.1:$(port_of "$1")")
  after=$(catalog_ticks "$1")
  echo "$(grep -o '[0-9]* requests in' <<< "$out" | cut -d' ' -f1) $((after - before))"
}

machine_speed
for build in "${!builds[@]}"; do
  start_catalog "$build"
done
for build in "${!builds[@]}"; do
  calls_of "$build" "${WARM:-30s}" >/dev/null
done
results=()
for _ in $(seq 1 "${SLICES:-8}"); do
  for build in "${!builds[@]}"; do
    results[build]="${results[build]:-} $(calls_of "$build" 5s)"
  done
done
for build in "${!builds[@]}"; do
  # shellcheck disable=SC2086
  printf '%s\n' ${results[build]} | paste - - | awk -v name="$(git -C "${builds[build]}" rev-parse --short HEAD)" \
      -v hz="$hz" -v seconds=5 '
    { calls += $1; cpu += $2; per = $2 * 1e6 / hz / $1; lo = (NR == 1 || per < lo) ? per : lo; hi = per > hi ? per : hi }
    END { printf "%s: %6.0f calls/s, catalog CPU %4.0f us per call (slices %.0f-%.0f us)\n",
          name, calls / NR / seconds, cpu * 1e6 / hz / calls, lo, hi }'
done
machine_speed
