#!/usr/bin/env bash
# Stops the services that scripts/run-local.sh started: exactly the PIDs it recorded, nothing else.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN_DIR=${BAZAAR_RUN_DIR:-$ROOT/run}
source "$ROOT/scripts/lib.sh"

stopped=0
for pidfile in "$RUN_DIR"/pids/*.pid; do
  [ -e "$pidfile" ] || continue
  name=$(basename "$pidfile" .pid)
  pid=$(cat "$pidfile")
  if is_ours "$pid"; then
    kill "$pid"
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$name (pid $pid) did not stop in 10 s; sending SIGKILL"
      kill -9 "$pid"
    fi
    echo "Stopped $name (pid $pid)"
    stopped=$((stopped + 1))
  fi
  rm -f "$pidfile"
done
[ $stopped -gt 0 ] || echo "Nothing to stop in $RUN_DIR"
