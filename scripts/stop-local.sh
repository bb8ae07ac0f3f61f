#!/usr/bin/env bash
# Stops the services that scripts/run-local.sh started: exactly the PIDs it recorded, nothing else.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN_DIR=${BAZAAR_RUN_DIR:-$ROOT/run}
source "$ROOT/scripts/lib.sh"

# SIGTERM to all at once, then wait for each: they stop side by side (a JVM that writes its AOT cache as it exits,
# in scripts/train-aot.sh, takes a while: STOP_TIMEOUT there)
names=()
pids=()
for pidfile in "$RUN_DIR"/pids/*.pid; do
  [ -e "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if is_ours "$pid"; then
    kill "$pid"
    names+=("$(basename "$pidfile" .pid)")
    pids+=("$pid")
  fi
  rm -f "$pidfile"
done
deadline=$((SECONDS + ${STOP_TIMEOUT:-10}))
for i in "${!pids[@]}"; do
  while kill -0 "${pids[$i]}" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
    sleep 0.1
  done
  if kill -0 "${pids[$i]}" 2>/dev/null; then
    echo "${names[$i]} (pid ${pids[$i]}) did not stop in ${STOP_TIMEOUT:-10} s; sending SIGKILL"
    kill -9 "${pids[$i]}"
  fi
  echo "Stopped ${names[$i]} (pid ${pids[$i]})"
done
[ ${#pids[@]} -gt 0 ] || echo "Nothing to stop in $RUN_DIR"
