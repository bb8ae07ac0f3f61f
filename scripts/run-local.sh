#!/usr/bin/env bash
# Starts Stock Bazaar on this machine without Docker: the catalog, three order replicas, then the front end,
# each a background process with its own log file, all under one run folder. Waits until each reports ready,
# then prints the URLs.
# Stop it with scripts/stop-local.sh (which stops exactly the PIDs recorded here).
#
# Settings (environment variables, all optional):
#   BAZAAR_RUN_DIR       run folder (default: ./run): logs/, data/, pids/, internal-token
#   FRONTEND_PORT        front end port (default 8091)       CATALOG_PORT   catalog port (default 8092)
#   ORDER_PORT_BASE      replica i listens on ORDER_PORT_BASE + i - 1 (default 8093: 8093, 8094, 8095)
#   BAZAAR_CACHE_ENABLED true|false (default true)           BAZAAR_CACHE_SIZE 5   BAZAAR_CACHE_POLICY lru|tinylfu
#   BAZAAR_HEAP          max heap of each JVM (default 256m)     BAZAAR_JAVA_OPTS  more JVM options for every service
#   BAZAAR_AOT           on|off (default on): on JDK 25, train each service's AOT cache once per build and use it
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN_DIR=${BAZAAR_RUN_DIR:-$ROOT/run}
FRONTEND_PORT=${FRONTEND_PORT:-8091}
CATALOG_PORT=${CATALOG_PORT:-8092}
ORDER_PORT_BASE=${ORDER_PORT_BASE:-8093}
HEAP=${BAZAAR_HEAP:-256m}
source "$ROOT/scripts/lib.sh"

mkdir -p "$RUN_DIR/logs" "$RUN_DIR/data" "$RUN_DIR/pids"
for pidfile in "$RUN_DIR"/pids/*.pid; do
  [ -e "$pidfile" ] || continue
  if is_ours "$(cat "$pidfile")"; then
    echo "Stock Bazaar is already running from $RUN_DIR (see $pidfile); run scripts/stop-local.sh first" >&2
    exit 1
  fi
  rm -f "$pidfile"
done

require_jdk25
build_if_stale catalog-service order-service frontend-service
# once per build, on JDK 25: a training run whose classes and method profiles every later start reuses
# (scripts/train-aot.sh; BAZAAR_AOT=off skips it)
if [ "${BAZAAR_AOT_TRAINING:-}" != 1 ] && aot_untrained; then
  "$ROOT/scripts/train-aot.sh"
fi

# one secret per run, shared by every service, guards the /internal endpoints
TOKEN_FILE="$RUN_DIR/internal-token"
if [ ! -s "$TOKEN_FILE" ]; then
  (umask 077 && od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "$TOKEN_FILE")
fi
export BAZAAR_INTERNAL_TOKEN
BAZAAR_INTERNAL_TOKEN=$(cat "$TOKEN_FILE")

# every service starts at once: none needs another to start, and two cores stay busy rather than waiting on the
# slowest start in turn (the replicas are ready only once they have synced up with a majority of them; the front
# end chooses a leader at its first order)
launch catalog "$CATALOG_PORT" "$ROOT/catalog-service/target/catalog-service-$VERSION.jar" \
  BAZAAR_CATALOG_DATA_DIR="$RUN_DIR/data/catalog"
printf 'FRONTEND_PORT=%s\nCATALOG_PORT=%s\nORDER_PORT_BASE=%s\nHEAP=%s\n' \
  "$FRONTEND_PORT" "$CATALOG_PORT" "$ORDER_PORT_BASE" "$HEAP" > "$RUN_DIR/stack.env"
REPLICAS=$(replica_list)
for id in 1 2 3; do
  launch_order_replica "$id"
done
launch frontend "$FRONTEND_PORT" "$ROOT/frontend-service/target/frontend-service-$VERSION.jar" \
  BAZAAR_FRONTEND_CATALOG_URL="http://127.0.0.1:$CATALOG_PORT" \
  BAZAAR_FRONTEND_REPLICAS="$REPLICAS"
await_ready catalog "$CATALOG_PORT"
for id in 1 2 3; do
  await_ready "order-$id" "$(order_port "$id")"
done
await_ready frontend "$FRONTEND_PORT"

cat <<MSG

Stock Bazaar is up (run folder: $RUN_DIR)
  front end  http://127.0.0.1:$FRONTEND_PORT   try: curl http://127.0.0.1:$FRONTEND_PORT/stocks/GameStart
  catalog    http://127.0.0.1:$CATALOG_PORT
  replicas   $REPLICAS
  logs       $RUN_DIR/logs/      data  $RUN_DIR/data/
Crash a replica: scripts/simulate_crashes.sh <id>|--leader     Stop it all: scripts/stop-local.sh
MSG
