#!/usr/bin/env bash
# Crashes one order replica with SIGKILL and restarts it on the same port and data folder.
#
#   scripts/simulate_crashes.sh <id> [down-seconds]        kill replica <id> (1, 2 or 3)
#   scripts/simulate_crashes.sh --leader [down-seconds]    kill whichever replica leads now
#
# Only ever kills the replica's own JVM: the PID run-local.sh recorded, checked to be the process LISTENING on the
# replica's port (or, if the record is stale, the process listening there), never a process that merely holds a
# connection to that port. Works on the stack started by scripts/run-local.sh (same BAZAAR_RUN_DIR).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN_DIR=${BAZAAR_RUN_DIR:-$ROOT/run}
source "$ROOT/scripts/lib.sh"
load_stack_settings

usage() { echo "usage: $0 <id>|--leader [down-seconds]" >&2; exit 2; }
[ $# -ge 1 ] || usage
target=$1
down=${2:-0}
[[ $down =~ ^[0-9]+([.][0-9]+)?$ ]] || usage

if [ "$target" = "--leader" ]; then
  target=""
  best_epoch=-1
  for id in 1 2 3; do
    status=$(curl -sf -m 1 -H "X-Bazaar-Internal-Token: $BAZAAR_INTERNAL_TOKEN" \
      "http://127.0.0.1:$(order_port "$id")/internal/replica/status" || true)
    if [[ $status == *'"role":"LEADER"'* ]]; then
      epoch=$(sed -E 's/.*"promisedEpoch":([0-9]+).*/\1/' <<< "$status")
      if [ "$epoch" -gt "$best_epoch" ]; then
        best_epoch=$epoch
        target=$id
      fi
    fi
  done
  [ -n "$target" ] || { echo "No replica reports being the leader right now" >&2; exit 1; }
  echo "Replica $target leads (epoch $best_epoch)"
fi
[[ $target =~ ^[123]$ ]] || usage

port=$(order_port "$target")
# PIDs of processes with a LISTENING socket on the port (ss -l: listeners only, not connected clients)
listeners=$(ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u || true)
pid=$(cat "$RUN_DIR/pids/order-$target.pid" 2>/dev/null || true)
if ! grep -qx "$pid" <<< "$listeners"; then
  pid=$(head -n 1 <<< "$listeners")
fi
if [ -z "$pid" ] || ! is_ours "$pid"; then
  echo "Order Replica $target is not running on port $port" >&2
  exit 1
fi

echo "Crashing Order Replica $target on port $port (PIDs: $pid)"
kill -9 "$pid"
while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
if [ "$down" != 0 ]; then
  sleep "$down"
fi

echo "Restarting Order Replica $target on port $port"
launch_order_replica "$target"
await_ready "order-$target" "$port"
