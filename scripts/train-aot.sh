#!/usr/bin/env bash
# Trains the services' ahead-of-time caches (JDK 25 or newer: JEP 483, 514 and 515), one per service (lib.sh,
# AOT_INSTANCES), beside the extracted jars (<module>/target/extracted/<name>.aot), on a known load: starts the
# stack from a throw-away run folder with BAZAAR_AOT_TRAINING=1, sends TRAIN_REQUESTS requests through the front end
# (mostly trades, with lookups, order queries and refused requests, so that the caches hold the classes and method
# profiles of what users send), then stops every service gracefully, and each recording JVM writes its cache as it
# exits. A later start with the cache loads and links those classes from it and compiles the hot methods from the
# stored profiles at once, instead of first profiling them under load (docs/performance.md).
# Optional: without it, the first start of a build records the caches on whatever it is sent (lib.sh,
# aot_options). This replaces them with caches trained on the load above, for benchmarks that compare builds. It
# needs only curl. Ports 17091-17095 unless TRAIN_PORT_BASE is set.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/lib.sh"
java_feature
if [ "${JAVA_FEATURE:-0}" -lt 25 ]; then
  echo "AOT caches need JDK 25 or newer; $(java_cmd) is ${JAVA_FEATURE:-not found}: nothing to train"
  exit 0
fi
TRAIN_REQUESTS=${TRAIN_REQUESTS:-5000}
base=${TRAIN_PORT_BASE:-17091}
export BAZAAR_RUN_DIR
BAZAAR_RUN_DIR=$(mktemp -d)
# one front end: it writes the AOT cache that every front end of a later start uses
export FRONTEND_PORT=$base CATALOG_PORT=$((base + 1)) ORDER_PORT_BASE=$((base + 2)) FRONTENDS=1 BAZAAR_AOT_TRAINING=1
RUN_DIR=$BAZAAR_RUN_DIR
cleanup() {
  "$ROOT/scripts/stop-local.sh" >/dev/null 2>&1 || true
  rm -rf "$BAZAAR_RUN_DIR"
}
trap cleanup EXIT

echo "Training the AOT caches ($TRAIN_REQUESTS requests)..."
"$ROOT/scripts/run-local.sh" >/dev/null
echo "  stack up for training after $SECONDS s"
F=http://127.0.0.1:$FRONTEND_PORT
stocks=(GameStart BoarCo MenhirCo RottenFishCo AAPL AMZN GOOGL META NVDA NFLX)
requests=$BAZAAR_RUN_DIR/requests.curl
# one curl config: keep-alive connections, 8 at a time
for i in $(seq 0 $((TRAIN_REQUESTS - 1))); do
  stock=${stocks[$((i % ${#stocks[@]}))]}
  case $((i % 20)) in
    0|1|2) printf 'url = "%s/stocks/%s"\n' "$F" "$stock" ;;
    3) printf 'url = "%s/orders/%d"\n' "$F" $((i / 40)) ;;
    4) [ $((i % 400)) = 4 ] && printf 'url = "%s/stocks/Nope"\n' "$F" || printf 'url = "%s/orders/%d"\n' "$F" $((i / 40)) ;;
    5) [ $((i % 400)) = 5 ] && printf 'url = "%s/orders"\nheader = "Content-Type: application/json"\ndata = "{\\"name\\":\\"%s\\",\\"quantity\\":0,\\"type\\":\\"buy\\"}"\n' "$F" "$stock" \
         || printf 'url = "%s/orders"\nheader = "Content-Type: application/json"\ndata = "{\\"name\\":\\"%s\\",\\"quantity\\":1,\\"type\\":\\"buy\\"}"\n' "$F" "$stock" ;;
    *) printf 'url = "%s/orders"\nheader = "Content-Type: application/json"\ndata = "{\\"name\\":\\"%s\\",\\"quantity\\":1,\\"type\\":\\"sell\\"}"\n' "$F" "$stock" ;;
  esac
  printf 'output = "/dev/null"\n'
  [ "$i" = $((TRAIN_REQUESTS - 1)) ] || printf 'next\n'
done > "$requests"
start=$SECONDS
# every answer is thrown away: the point is the code the services run, and run-local.sh checks the stack
curl -s --parallel --parallel-max 8 -K "$requests" >/dev/null 2>&1 || true
echo "  $TRAIN_REQUESTS requests in $((SECONDS - start)) s; writing the caches as the services stop..."
start=$SECONDS
"$ROOT/scripts/stop-local.sh" >/dev/null
echo "  caches written in $((SECONDS - start)) s"
for name in $AOT_INSTANCES; do
  cache=$(aot_cache "$name")
  [ "$cache" -nt "$requests" ] || { echo "  $name wrote no cache: see the .out files in its log folder" >&2; exit 1; }
done
echo "  done: $(cd "$ROOT" && printf '%s ' ./*/target/extracted/*.aot)"
