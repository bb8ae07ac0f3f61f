#!/usr/bin/env bash
# Stops the services that scripts/run-local.sh started: exactly the PIDs it recorded, nothing else.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN_DIR=${BAZAAR_RUN_DIR:-$ROOT/run}
source "$ROOT/scripts/lib.sh"

# SIGTERM to all at once, then wait for each: they stop side by side. A JVM that records its AOT cache (the first
# start after a build, lib.sh's aot_options) writes it as it exits, which takes a while; once it has exited, its
# cache is moved into place if complete (lib.sh's aot_keep), where the next start finds it.
names=()
pids=()
recording=false
for pidfile in "$RUN_DIR"/pids/*.pid; do
  [ -e "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  name=$(basename "$pidfile" .pid)
  if is_ours "$pid"; then
    kill "$pid"
    names+=("$name")
    pids+=("$pid")
    [ ! -f "$RUN_DIR/pids/$name.aot" ] || recording=true
  else
    aot_keep "$name"
    rm -f "$pidfile"
  fi
done
if $recording; then
  echo "Writing the services' ahead-of-time caches as they stop (once per build; about 20 s)..."
  STOP_TIMEOUT=${STOP_TIMEOUT:-180}
fi
deadline=$((SECONDS + ${STOP_TIMEOUT:-10}))
for i in "${!pids[@]}"; do
  name=${names[$i]}
  while kill -0 "${pids[$i]}" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
    sleep 0.1
  done
  if kill -0 "${pids[$i]}" 2>/dev/null; then
    echo "$name (pid ${pids[$i]}) did not stop in ${STOP_TIMEOUT:-10} s; sending SIGKILL"
    kill -9 "${pids[$i]}"
    while kill -0 "${pids[$i]}" 2>/dev/null; do sleep 0.05; done
  fi
  aot_keep "$name"
  # removed only now: a stop cut short leaves the PID files of what still runs, so a start refuses to begin
  rm -f "$RUN_DIR/pids/$name.pid"
  echo "Stopped $name (pid ${pids[$i]})"
done
[ ${#pids[@]} -gt 0 ] || echo "Nothing to stop in $RUN_DIR"
