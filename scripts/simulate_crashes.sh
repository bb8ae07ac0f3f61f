#!/usr/bin/env bash
# Crashes one order replica with SIGKILL and restarts it on the same port and data.
#
#   scripts/simulate_crashes.sh [--compose] <id> [down-seconds]        kill replica <id> (1, 2 or 3)
#   scripts/simulate_crashes.sh [--compose] --leader [down-seconds]    kill whichever replica leads now
#
# Without --compose: the stack started by scripts/run-local.sh (same BAZAAR_RUN_DIR). The replica restarts on the JDK
# the stack started on (its stack.env says which), and nothing is killed unless that JDK can run it. Only ever kills
# the replica's own JVM: the PID run-local.sh recorded, checked to be the process LISTENING on the replica's port
# (or, if the record is stale, the process listening there), never a process that merely holds a connection to
# that port.
#
# With --compose: the stack started by `docker compose up` (docker-compose.yml): `docker kill --signal SIGKILL` of
# the replica's container, bazaar-order-<id>, then `docker start` of it; its order log is on its named volume.
#
# A replica <id> that is not running (it crashed for real, or was stopped) is only started again: nothing is killed.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN_DIR=${BAZAAR_RUN_DIR:-$ROOT/run}
source "$ROOT/scripts/lib.sh"

usage() { echo "usage: $0 [--compose] <id>|--leader [down-seconds]" >&2; exit 2; }
compose=false
if [ "${1:-}" = "--compose" ]; then
  compose=true
  shift
fi
[ $# -ge 1 ] || usage
target=$1
down=${2:-0}
[[ $down =~ ^[0-9]+([.][0-9]+)?$ ]] || usage

if $compose; then
  command -v docker >/dev/null || { echo "docker is needed for --compose" >&2; exit 1; }
  # docker-compose.yml's fixed ports; the secret is the one the `secret` service made for this stack
  ORDER_PORT_BASE=8093
  BAZAAR_INTERNAL_TOKEN=$(docker exec bazaar-order-1 cat /run/bazaar/bazaar.internal.token 2>/dev/null \
    || docker exec bazaar-order-2 cat /run/bazaar/bazaar.internal.token)
else
  load_stack_settings
  # a replica killed is a replica restarted: make sure it can be before killing it
  require_jdk25
fi

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

if $compose; then
  container=bazaar-order-$target
  running=$(docker inspect -f '{{.State.Running}}' "$container" 2>/dev/null) \
    || { echo "There is no container $container: start the stack with docker compose up" >&2; exit 1; }
  if [ "$running" = true ]; then
    echo "Crashing Order Replica $target (container $container, port $port)"
    docker kill --signal SIGKILL "$container" >/dev/null
    while [ "$(docker inspect -f '{{.State.Running}}' "$container")" = true ]; do sleep 0.05; done
    [ "$down" = 0 ] || sleep "$down"
  else
    echo "Order Replica $target (container $container) is not running: starting it, nothing killed"
  fi
  echo "Restarting Order Replica $target (container $container)"
  docker start "$container" >/dev/null
  for _ in $(seq 1 450); do
    [ "$(docker inspect -f '{{.State.Health.Status}}' "$container")" = healthy ] && break
    [ "$(docker inspect -f '{{.State.Running}}' "$container")" = true ] \
      || { echo "$container exited; see docker logs $container" >&2; exit 1; }
    sleep 0.2
  done
  [ "$(docker inspect -f '{{.State.Health.Status}}' "$container")" = healthy ] \
    || { echo "$container FAILED: not ready after 90 s; see docker logs $container" >&2; exit 1; }
  echo "Order Replica $target is ready again"
  exit 0
fi

# PIDs of processes with a LISTENING socket on the port (ss -l: listeners only, not connected clients)
listeners=$(ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u || true)
pid=$(cat "$RUN_DIR/pids/order-$target.pid" 2>/dev/null || true)
if ! grep -qx "$pid" <<< "$listeners"; then
  if [ -n "$listeners" ]; then
    pid=$(head -n 1 <<< "$listeners") # the record is stale
  elif ! is_ours "$pid" "--server.port=$port "; then
    pid="" # nothing runs there (a recorded JVM still starting, not listening yet, would be killed and started)
  fi
fi
if [ -n "$pid" ] && ! is_ours "$pid"; then
  echo "Port $port is taken by process $pid, which is not Order Replica $target of this stack: nothing done" >&2
  exit 1
fi

if [ -n "$pid" ]; then
  echo "Crashing Order Replica $target on port $port (PIDs: $pid)"
  kill -9 "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  if [ "$down" != 0 ]; then
    sleep "$down"
  fi
else
  echo "Order Replica $target is not running on port $port: starting it, nothing killed"
fi

echo "Restarting Order Replica $target on port $port"
launch_order_replica "$target"
await_ready "order-$target" "$port"
