#!/usr/bin/env bash
# Starts Stock Bazaar on this machine without Docker: the catalog, three order replicas, then the front end (or
# FRONTENDS front ends), each a background process with its own log file, all under one run folder. Waits until
# each reports ready, then prints the URLs.
# Stop it with scripts/stop-local.sh (which stops exactly the PIDs recorded here).
#
# Settings (environment variables, all optional):
#   BAZAAR_RUN_DIR       run folder (default: ./run): logs/, data/, pids/, internal-token
#   FRONTEND_PORT        front end port (default 8091)       CATALOG_PORT   catalog port (default 8092)
#   ORDER_PORT_BASE      replica i listens on ORDER_PORT_BASE + i - 1 (default 8093: 8093, 8094, 8095)
#   FRONTENDS            how many front ends (default 1), each with its own cache, on the same catalog and replicas;
#                        front end 1 is the one above, on FRONTEND_PORT
#   FRONTEND_EXTRA_PORT_BASE  front end k >= 2 listens on FRONTEND_EXTRA_PORT_BASE + k - 2 (default FRONTEND_PORT + 100:
#                        8191, 8192, ...); its log and PID file are named frontend-k
#   BAZAAR_CACHE_ENABLED true|false (default true)           BAZAAR_CACHE_SIZE 5   BAZAAR_CACHE_POLICY lru|tinylfu
#   BAZAAR_HEAP          max heap of each JVM (default 256m)     BAZAAR_JAVA_OPTS  more JVM options for every service
#   BAZAAR_AOT           on|off (default on): on JDK 25, record each service's AOT cache at the first start of a
#                        build (written as it stops) and load it at every later start
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN_DIR=${BAZAAR_RUN_DIR:-$ROOT/run}
FRONTEND_PORT=${FRONTEND_PORT:-8091}
CATALOG_PORT=${CATALOG_PORT:-8092}
ORDER_PORT_BASE=${ORDER_PORT_BASE:-8093}
FRONTENDS=${FRONTENDS:-1}
HEAP=${BAZAAR_HEAP:-256m}
source "$ROOT/scripts/lib.sh"

for setting in FRONTEND_PORT CATALOG_PORT ORDER_PORT_BASE FRONTENDS ${FRONTEND_EXTRA_PORT_BASE:+FRONTEND_EXTRA_PORT_BASE}; do
  [[ ${!setting} =~ ^[1-9][0-9]{0,4}$ ]] || { echo "$setting must be a positive whole number, not '${!setting}'" >&2; exit 1; }
done
FRONTEND_EXTRA_PORT_BASE=${FRONTEND_EXTRA_PORT_BASE:-$((FRONTEND_PORT + 100))}
# every service on a port of its own
ports="catalog $CATALOG_PORT"
for id in 1 2 3; do
  ports+=$'\n'"order-$id $(order_port "$id")"
done
for k in $(seq 1 "$FRONTENDS"); do
  ports+=$'\n'"$(frontend_name "$k") $(frontend_port "$k")"
done
clash=$(awk '$2 > 65535 {print $1 " would listen on port " $2 ", above 65535"; exit}
  seen[$2] {print $1 " and " seen[$2] " would both listen on port " $2; exit} {seen[$2] = $1}' <<< "$ports")
[ -z "$clash" ] || { echo "Cannot start: $clash (see the port settings at the top of $0)" >&2; exit 1; }

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
# the jars as the services run them (lib.sh, extracted_jar), unpacked side by side after a build rather than one
# at a time as each service is launched
for module in catalog-service order-service frontend-service; do
  extracted_jar "$(jar_of "$module")" >/dev/null &
done
wait
# on JDK 25, the first start after a build records each service's AOT cache as it runs, and stop-local.sh keeps
# what they write as they stop; every later start loads it (lib.sh, aot_options; BAZAAR_AOT=off does neither)
for note in "$RUN_DIR"/pids/*.aot; do
  [ ! -e "$note" ] || aot_keep "$(basename "$note" .aot)"
done
recording=false
if aot_recording; then
  recording=true
fi

# one secret per run, shared by every service, guards the /internal endpoints
TOKEN_FILE="$RUN_DIR/internal-token"
if [ ! -s "$TOKEN_FILE" ]; then
  (umask 077 && od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "$TOKEN_FILE")
fi
export BAZAAR_INTERNAL_TOKEN
BAZAAR_INTERNAL_TOKEN=$(cat "$TOKEN_FILE")

# a start that fails (a service that exits or is not ready in time, or Ctrl-C) stops the services it started, so
# that none is left holding its port; their logs stay
ready=false
trap 'if ! $ready; then
  echo "Start failed: stopping the services it started (logs in $RUN_DIR/logs/)" >&2
  BAZAAR_RUN_DIR="$RUN_DIR" "$ROOT/scripts/stop-local.sh" >&2 || true
fi' EXIT
# every service starts at once: none needs another to start, and two cores stay busy rather than waiting on the
# slowest start in turn (the replicas are ready only once they have synced up with a majority of them; the front
# end chooses a leader at its first order)
launch catalog "$CATALOG_PORT" "$ROOT/catalog-service/target/catalog-service-$VERSION.jar" \
  BAZAAR_CATALOG_DATA_DIR="$RUN_DIR/data/catalog"
printf 'FRONTEND_PORT=%s\nCATALOG_PORT=%s\nORDER_PORT_BASE=%s\nHEAP=%s\nFRONTENDS=%s\nFRONTEND_EXTRA_PORT_BASE=%s\nFRONTEND_URLS=%s\nSTACK_JAVA_HOME=%q\n' \
  "$FRONTEND_PORT" "$CATALOG_PORT" "$ORDER_PORT_BASE" "$HEAP" "$FRONTENDS" "$FRONTEND_EXTRA_PORT_BASE" \
  "$(frontend_urls)" "$(java_home)" > "$RUN_DIR/stack.env"
REPLICAS=$(replica_list)
for id in 1 2 3; do
  launch_order_replica "$id"
done
for k in $(seq 1 "$FRONTENDS"); do
  launch_frontend "$k"
done
await_ready catalog "$CATALOG_PORT"
for id in 1 2 3; do
  await_ready "order-$id" "$(order_port "$id")"
done
for k in $(seq 1 "$FRONTENDS"); do
  await_ready "$(frontend_name "$k")" "$(frontend_port "$k")"
done
ready=true
# the other scripts find this stack by its run folder
with_run_dir=""
[ "$RUN_DIR" = "$ROOT/run" ] || with_run_dir="BAZAAR_RUN_DIR=$(printf %q "$RUN_DIR") "
more_frontends=""
for k in $(seq 2 "$FRONTENDS"); do
  more_frontends+=$'\n'"  front end $k http://127.0.0.1:$(frontend_port "$k")"
done

cat <<MSG

Stock Bazaar is up (run folder: $RUN_DIR)
  front end  http://127.0.0.1:$FRONTEND_PORT   try: curl http://127.0.0.1:$FRONTEND_PORT/stocks/GameStart$more_frontends
  catalog    http://127.0.0.1:$CATALOG_PORT
  replicas   $REPLICAS
  logs       $RUN_DIR/logs/      data  $RUN_DIR/data/
Crash a replica: ${with_run_dir}scripts/simulate_crashes.sh <id>|--leader (a replica that is down: starts it)
Stop it all: ${with_run_dir}scripts/stop-local.sh
MSG
if $recording; then
  echo "First start of this build: the services record their ahead-of-time caches as they run and write them"
  echo "as they stop (${with_run_dir}scripts/stop-local.sh, about 20 s, once); later starts are ready sooner"
  echo "and warm up faster."
fi
