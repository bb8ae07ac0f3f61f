#!/usr/bin/env bash
# Checks README's run command end to end, as a new user meets it after a build: scripts/run-local.sh from a fresh
# run folder (ports 16091-16095), with this build's AOT caches removed, so that the services record them as they
# run; each service starts from the bean definitions the build generated (Spring's process-aot); a lookup, a trade
# and its order read back; the crash script kills the leader and the next trade is numbered next, and restarts a
# replica from a shell whose java is not the stack's;
# scripts/stop-local.sh writes every service's cache; a second start loads them (it records nothing), and finds the
# orders and the stock as they were. Stops what it started, whatever happens.
#
#   scripts/local-smoke.sh          needs the jars (./mvnw package) and JDK 25
set -euo pipefail
trap 'echo "$0: failed at line $LINENO" >&2' ERR

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export BAZAAR_RUN_DIR FRONTEND_PORT=16091 CATALOG_PORT=16092 ORDER_PORT_BASE=16093 FRONTENDS=1
BAZAAR_RUN_DIR=$(mktemp -d)
RUN_DIR=$BAZAAR_RUN_DIR
source "$ROOT/scripts/lib.sh"
cleanup() {
  scripts/stop-local.sh >/dev/null 2>&1 || true
  rm -rf "$BAZAAR_RUN_DIR"
}
trap cleanup EXIT
F=http://127.0.0.1:$FRONTEND_PORT
fail() { echo "FAILED: $*" >&2; exit 1; }
trade() { # TYPE: the answer's body
  curl -s -H 'Content-Type: application/json' -d "{\"name\":\"GameStart\",\"quantity\":1,\"type\":\"$1\"}" "$F/orders"
}

aot=false
if aot_enabled; then
  aot=true
fi
rm -f ./*/target/extracted/*.aot

echo "first start (recording the AOT caches)"
started=$(scripts/run-local.sh)
if $aot; then
  grep -q 'record their ahead-of-time caches' <<< "$started" || fail "the first start did not say it records the caches"
fi
for name in catalog order-1 order-2 order-3 frontend; do
  grep -q 'Starting AOT-processed' "$RUN_DIR/logs/$name.log" \
    || fail "$name did not start from the bean definitions the build generated (spring.aot.enabled)"
done
[ "$(curl -sf "$F/stocks/GameStart")" = '{"data":{"name":"GameStart","price":15.99,"quantity":100}}' ] \
  || fail "lookup: $(curl -s "$F/stocks/GameStart")"
[ "$(trade buy)" = '{"data":{"transaction_number":0}}' ] || fail "the first trade was not number 0"
[ "$(curl -sf "$F/orders/0")" = '{"data":{"number":0,"name":"GameStart","type":"buy","quantity":1}}' ] \
  || fail "order 0: $(curl -s "$F/orders/0")"
scripts/simulate_crashes.sh --leader
[ "$(trade sell)" = '{"data":{"transaction_number":1}}' ] || fail "the trade after the crash was not number 1"
# from a shell without the stack's JDK (no JAVA_HOME, only the system's directories on PATH: another java or none),
# the crash script restarts the replica on the JDK the stack started on
env -u JAVA_HOME PATH=/usr/sbin:/usr/bin:/sbin:/bin scripts/simulate_crashes.sh 1

echo "stop (writing the caches)"
stopped=$(scripts/stop-local.sh)
if $aot; then
  grep -q 'Writing the services' <<< "$stopped" || fail "the stop did not say it writes the caches"
  for name in $AOT_INSTANCES; do
    aot_cached "$name" || fail "no AOT cache for $name at $(aot_cache "$name")"
  done
  leftovers=$(find ./*/target/extracted -maxdepth 1 -name '*.recording-*')
  [ -z "$leftovers" ] || fail "recordings left behind: $leftovers"
fi

echo "second start (loading the caches)"
started=$(scripts/run-local.sh)
! grep -q 'record their ahead-of-time caches' <<< "$started" || fail "the second start recorded the caches again"
if $aot; then
  grep -q -- '-XX:AOTCache=' "/proc/$(cat "$RUN_DIR/pids/frontend.pid")/cmdline" \
    || fail "the front end runs without its cache"
  # replica 1 did not record: it runs with the cache replica 3 recorded for every replica
  grep -q -- "-XX:AOTCache=$(aot_cache order-3)" "/proc/$(cat "$RUN_DIR/pids/order-1.pid")/cmdline" \
    || fail "replica 1 runs without the replicas' cache"
fi
[ "$(curl -sf "$F/orders/1")" = '{"data":{"number":1,"name":"GameStart","type":"sell","quantity":1}}' ] \
  || fail "order 1 after the restart: $(curl -s "$F/orders/1")"
[ "$(curl -sf "$F/stocks/GameStart")" = '{"data":{"name":"GameStart","price":15.99,"quantity":100}}' ] \
  || fail "lookup after the restart: $(curl -s "$F/stocks/GameStart")"
scripts/stop-local.sh >/dev/null
echo "local smoke test passed"
