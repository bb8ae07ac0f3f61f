#!/usr/bin/env bash
# The evaluation of the seed's report, redone with the load client (client-load), in one results folder:
#   1. starts Stock Bazaar (scripts/run-local.sh) from its own run folder, data fresh, on its own ports
#   2. the p sweep (0 to 0.8), CLIENTS concurrent sessions per p, PAIRS times with the front end's cache on and
#      PAIRS times with it off (BAZAAR_CACHE_ENABLED=false), alternating and counterbalanced (on, off; off, on;
#      on, off; ...), the front end restarted before every sweep and each sweep with the same warm-up, so that
#      neither setting gets the warmer JVMs: the report gives every figure with its spread over the repetitions
#      (with FRONTENDS > 1, every front end is restarted alike, and the client spreads its sessions over all of them)
#   3. the front end restarted with the cache on; a run at CRASH_P for CRASH_SECONDS during which
#      scripts/simulate_crashes.sh kills the leader replica, then a random one, each restarted
#   4. after each run, client-load verify: replica logs byte-identical, catalog = 100 - bought + sold
#   5. client-load report: PNG charts and report.md (tables, verdicts) in OUT
# Every acknowledged order is queried back by the client; a mismatch or a missing order fails the evaluation.
# Exit code 0 only if every check passed. How long the default size takes: docs/evaluation.md, "Run it".
#
# Settings (environment variables, all optional):
#   OUT               results folder (default: docs/evaluation); its earlier runs and charts are replaced
#   CLIENTS 5         ITERATIONS 400 (per session, at each p)     WARMUP 2000 (iterations per client, per sweep)
#   PAIRS 3           sweeps with the cache on, and as many with it off
#   P_VALUES 0,0.2,0.4,0.6,0.8                                    SEED 1 (client choices and the crash victim)
#   RATE              open model for the two sweeps, requests/s over all clients (default: closed model)
#   CRASH_P 0.8       CRASH_SECONDS 90    CRASH_ITERATIONS 50 (per session; sessions back to back)
#   CRASH_RATE 40     open model for the crash run, requests/s ("" for the closed model)
#   DOWN_SECONDS 3    how long a killed replica stays down before its restart
#   CLIENT_LOAD_JAVA_OPTS  the load client's JVM options (default in scripts/lib.sh: -XX:+UseSerialGC)
#   BAZAAR_RUN_DIR    run folder (default: run/evaluation)
#   FRONTEND_PORT 19091  CATALOG_PORT 19092  ORDER_PORT_BASE 19093 (19093-19095): a stack on the usual ports is untouched
#   FRONTENDS 1       front ends (scripts/run-local.sh): front end k >= 2 on FRONTEND_EXTRA_PORT_BASE + k - 2
#                     (default FRONTEND_PORT + 100: 19191, 19192, ...); the client's sessions go to them round-robin
# A quick check that it all works (about two minutes):
#   PAIRS=1 ITERATIONS=20 WARMUP=5 CRASH_SECONDS=45 OUT=/tmp/eval scripts/evaluate.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export BAZAAR_RUN_DIR=${BAZAAR_RUN_DIR:-$ROOT/run/evaluation}
export FRONTEND_PORT=${FRONTEND_PORT:-19091} CATALOG_PORT=${CATALOG_PORT:-19092} ORDER_PORT_BASE=${ORDER_PORT_BASE:-19093}
export FRONTENDS=${FRONTENDS:-1}
OUT=${OUT:-$ROOT/docs/evaluation}
CLIENTS=${CLIENTS:-5}
ITERATIONS=${ITERATIONS:-400}
PAIRS=${PAIRS:-3}
WARMUP=${WARMUP:-2000}
P_VALUES=${P_VALUES:-0,0.2,0.4,0.6,0.8}
SEED=${SEED:-1}
RATE=${RATE:-}
CRASH_P=${CRASH_P:-0.8}
CRASH_SECONDS=${CRASH_SECONDS:-90}
CRASH_ITERATIONS=${CRASH_ITERATIONS:-50}
CRASH_RATE=${CRASH_RATE-40}
DOWN_SECONDS=${DOWN_SECONDS:-3}
RUN_DIR=$BAZAAR_RUN_DIR
source "$ROOT/scripts/lib.sh"

JAR=$(jar_of client-load)
F=http://127.0.0.1:$FRONTEND_PORT
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

for pidfile in "$RUN_DIR"/pids/*.pid; do
  if [ -e "$pidfile" ] && is_ours "$(cat "$pidfile")"; then
    echo "A stack is running from $RUN_DIR: stop it first (BAZAAR_RUN_DIR=$RUN_DIR scripts/stop-local.sh)" >&2
    exit 1
  fi
done
build_if_stale client-load

client() {
  # shellcheck disable=SC2086  # options, split on purpose
  "$(java_cmd)" $CLIENT_LOAD_JAVA_OPTS -Djava.awt.headless=true -Xmx512m -jar "$JAR" "$@"
}

client_pid=""
# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
  if [ -n "$client_pid" ] && kill -0 "$client_pid" 2>/dev/null; then
    kill "$client_pid"
  fi
  "$ROOT/scripts/stop-local.sh" >/dev/null || true
}
trap cleanup EXIT

status=0
failed() { # what
  echo "FAILED: $1" >&2
  status=1
}

verify() { # results folder
  client verify --data-dir "$RUN_DIR/data" --catalog-url "http://127.0.0.1:$CATALOG_PORT" --settle 30s --out "$1" \
    || failed "stored state after $(basename "$1")"
}

# the front ends alone, started as run-local.sh starts them, with the cache on or off; the catalog and the replicas
# keep running, so the order log and the quantities carry on from one run to the next
restart_frontends() { # true|false
  local k pid pids=()
  for k in $(seq 1 "$FRONTENDS"); do
    pid=$(cat "$RUN_DIR/pids/$(frontend_name "$k").pid")
    if is_ours "$pid"; then
      kill "$pid"
      pids+=("$pid")
    fi
  done
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  done
  for k in $(seq 1 "$FRONTENDS"); do
    launch_frontend "$k" BAZAAR_CACHE_ENABLED="$1"
  done
  for k in $(seq 1 "$FRONTENDS"); do
    await_ready "$(frontend_name "$k")" "$(frontend_port "$k")"
  done
}

# crash EVENTS TARGET: kills and restarts a replica, noting each moment in the run's events.csv for the report
crash() {
  local events=$1 target=$2
  "$ROOT/scripts/simulate_crashes.sh" "$target" "$DOWN_SECONDS" 2>&1 | while IFS= read -r line; do
    now=$(date +%s%3N)
    echo "  $line"
    case $line in
      "Crashing Order Replica "*)
        id=${line#Crashing Order Replica }
        id=${id%% *}
        echo "$now,killed replica $id$([ "$target" = --leader ] && echo ' (the leader)')" >> "$events" ;;
      "Restarting Order Replica "*) echo "$now,replica $id restarting" >> "$events" ;;
      "Started order-"*) echo "$now,replica $id ready (synced up)" >> "$events" ;;
    esac
  done
}

echo "== Evaluation: results in $OUT, stack in $RUN_DIR ($([ "$FRONTENDS" = 1 ] && echo "front end $F" \
  || echo "$FRONTENDS front ends, the first at $F"))"
rm -rf "$RUN_DIR/data" "$OUT"/cache-o* "$OUT/crash" "$OUT"/*.png "$OUT/report.md" "$OUT/setup.md"
# measured on services that load their AOT caches, as every start after the first of a build does: trained first if
# this build has none (rather than recording them during the runs, which restart the front ends)
if aot_recording; then
  "$ROOT/scripts/train-aot.sh"
fi
# the machine's speed before the runs and after them, in setup.md: this VM's varies by a factor of two within a day
speed_before=$(machine_speed)
"$ROOT/scripts/run-local.sh"
load_stack_settings
# every front end: the client spreads its sessions over them
URLS=$(frontend_urls)
sweep_options=(--clients "$CLIENTS" --iterations "$ITERATIONS" --warmup "$WARMUP" --p "$P_VALUES" --seed "$SEED"
  --url "$URLS" --internal-token-file "$RUN_DIR/internal-token")
[ -z "$RATE" ] || sweep_options+=(--rate "$RATE")

sweeps=()
for pair in $(seq 1 "$PAIRS"); do
  order="on off"
  [ $((pair % 2)) = 1 ] || order="off on"
  for cache in $order; do
    label=cache-$cache-$pair
    echo "== sweep $label: p = $P_VALUES, $CLIENTS clients, $ITERATIONS iterations per session"
    restart_frontends "$([ "$cache" = on ] && echo true || echo false)"
    mkdir -p "$OUT/$label"
    client run --label "$label" --out "$OUT/$label" "${sweep_options[@]}" 2>&1 | tee "$OUT/$label/client-output.txt" \
      || failed "$label run"
    verify "$OUT/$label"
    sweeps+=("$OUT/$label")
  done
done

echo "== crashes: cache on, p = $CRASH_P for $CRASH_SECONDS s; the leader killed, then a random replica"
restart_frontends true
mkdir -p "$OUT/crash"
events=$OUT/crash/events.csv
echo "epoch_ms,event" > "$events"
crash_options=(--label crash --out "$OUT/crash" --clients "$CLIENTS" --iterations "$CRASH_ITERATIONS" --p "$CRASH_P"
  --duration "${CRASH_SECONDS}s" --warmup 20 --seed "$SEED" --url "$URLS" --internal-token-file "$RUN_DIR/internal-token")
[ -z "$CRASH_RATE" ] || crash_options+=(--rate "$CRASH_RATE")
: > "$OUT/crash/client-output.txt"
client run "${crash_options[@]}" > "$OUT/crash/client-output.txt" 2>&1 &
client_pid=$!
# the measured step starts after the warm-up: the client prints "p=..." then
until grep -q '^p=' "$OUT/crash/client-output.txt"; do
  kill -0 "$client_pid" 2>/dev/null || break
  sleep 0.2
done
started=$SECONDS
RANDOM=$SEED
victim=$((RANDOM % 3 + 1))
sleep $((CRASH_SECONDS / 5))
crash "$events" --leader || failed "crashing the leader"
wait_until=$((started + CRASH_SECONDS * 55 / 100))
[ $SECONDS -ge $wait_until ] || sleep $((wait_until - SECONDS))
crash "$events" "$victim" || failed "crashing replica $victim"
[ $SECONDS -lt $((started + CRASH_SECONDS)) ] \
  || echo "Note: the last restart ended after the run's ${CRASH_SECONDS} s; a longer CRASH_SECONDS keeps it inside" >&2
wait "$client_pid" || failed "crash run"
client_pid=""
cat "$OUT/crash/client-output.txt"
verify "$OUT/crash"

if [ "$FRONTENDS" = 1 ]; then
  restarted="the front end was restarted"
else
  restarted="the $FRONTENDS front ends ($URLS; the client's sessions went to them round-robin, the cache charts are
the first one's) were restarted"
fi
speed_after=$(machine_speed)
# the results folder is rewritten by this very run: a change there is not a change to what was measured
changes=(git diff --quiet HEAD --)
[[ $OUT != "$ROOT"/* ]] || changes+=(. ":(exclude)${OUT#"$ROOT"/}")
# shellcheck disable=SC2086  # the options joined by single spaces
client_jvm=$(echo -Xmx512m $CLIENT_LOAD_JAVA_OPTS)
cat > "$OUT/setup.md" <<NOTES
Produced by \`scripts/evaluate.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') at commit \`$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)\`$(cd "$ROOT" && "${changes[@]}" 2>/dev/null || echo ' (with uncommitted changes)'),
with CLIENTS=$CLIENTS ITERATIONS=$ITERATIONS WARMUP=$WARMUP PAIRS=$PAIRS P_VALUES=$P_VALUES SEED=$SEED RATE=${RATE:-closed}
CRASH_P=$CRASH_P CRASH_SECONDS=$CRASH_SECONDS CRASH_ITERATIONS=$CRASH_ITERATIONS CRASH_RATE=${CRASH_RATE:-closed}
DOWN_SECONDS=$DOWN_SECONDS. Machine: $(nproc) cores, $("$(java_cmd)" -version 2>&1 | head -n 1). Every service and the
client ran on this machine on 127.0.0.1 (services started by \`scripts/run-local.sh\`: one JVM each, -Xmx$HEAP,
SerialGC; the client with $client_jvm); the catalog and replicas ran throughout, $restarted before every run (sweeps in the order cache-on-1, cache-off-1, cache-off-2,
cache-on-2, ...).
Machine speed (\`machine_speed\` in \`scripts/lib.sh\`; the awk loop takes about 480 ms when this VM is quiet on the
AMD host that most figures in docs/performance.md come from, 600-680 ms on its faster Intel host): before
the runs, ${speed_before#machine speed: }; after them, ${speed_after#machine speed: }.
Service logs: \`${RUN_DIR#"$ROOT"/}/logs/\`.
NOTES
client report "${sweeps[@]}" "$OUT/crash" --out "$OUT" --notes "$OUT/setup.md"
for id in 1 2 3; do
  sha256sum "$RUN_DIR/data/order-$id/order_log_$id.csv"
done
if [ $status -eq 0 ]; then
  echo "== Evaluation passed: $OUT/report.md"
else
  echo "== Evaluation FAILED (see above and $OUT/report.md)" >&2
fi
exit $status
