# shellcheck shell=bash
# What every benchmark script shares, sourced as its first line: source "$(dirname "$0")/bench-lib.sh" NAME
#   - stops at the first failing command, naming the line
#   - ROOT, lib.sh's functions (machine_speed among them), and JDK 25 (as run-local.sh needs it; checked before
#     anything is built)
#   - its own run folder, run/NAME unless BAZAAR_RUN_DIR says otherwise, and its own ports, 18091-18095 unless
#     FRONTEND_PORT, CATALOG_PORT and ORDER_PORT_BASE say otherwise, so a running stack is untouched
#   - F, the front end's URL; RESULTS, the folder for a benchmark that keeps its results (default run/NAME/results;
#     made by the scripts that write there)
#   - with FRONTENDS > 1 (run-local.sh's setting), F is the first front end: the load goes there, the others only
#     take the catalog's evictions (their ports: FRONTEND_EXTRA_PORT_BASE, default FRONTEND_PORT + 100)
#   - wrk (Debian's package) on the PATH
#   - on exit, however it ends: its background jobs listed in bench_jobs ended, and its stack stopped
# and the functions below, which start the stack, drive it with wrk and read what it costs.
set -euo pipefail
trap 'echo "$0: failed at line $LINENO" >&2' ERR
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export BAZAAR_RUN_DIR=${BAZAAR_RUN_DIR:-$ROOT/run/$1}
RUN_DIR=$BAZAAR_RUN_DIR
export FRONTEND_PORT=${FRONTEND_PORT:-18091} CATALOG_PORT=${CATALOG_PORT:-18092} ORDER_PORT_BASE=${ORDER_PORT_BASE:-18093}
source "$ROOT/scripts/lib.sh"
require_jdk25
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
F=http://127.0.0.1:$FRONTEND_PORT
RESULTS=${RESULTS:-$BAZAAR_RUN_DIR/results}

bench_jobs=()
bench_exit() {
  local job
  for job in "${bench_jobs[@]}"; do
    kill "$job" 2>/dev/null || true
  done
  stop_stack
}
trap bench_exit EXIT

# start_stack: scripts/run-local.sh from this run folder, quiet unless it fails (settings for one start go before it:
# BAZAAR_CACHE_ENABLED=false start_stack)
start_stack() {
  "$ROOT/scripts/run-local.sh" >/dev/null
}

stop_stack() {
  "$ROOT/scripts/stop-local.sh" >/dev/null
}

# wrk_load trade|query [wrk option ...]: wrk with 2 threads against the front end, each request written by
# scripts/wrk/<trade|query>.lua (a sell of one unit; GET /orders/{random n below ORDERS})
wrk_load() {
  local script=$1
  shift
  wrk -t2 "$@" -s "$ROOT/scripts/wrk/$script.lua" "$F"
}

# await_identical_order_logs: true once the replicas' order logs are byte-identical, false if they still differ
# after 10 s (replication is asynchronous to the client: the standby is sent the last trades at most once every
# bazaar.order.standby-interval after they were acknowledged, docs/replication.md)
await_identical_order_logs() {
  local logs=("$BAZAAR_RUN_DIR"/data/order-*/order_log_*.csv) log same
  for _ in $(seq 1 50); do
    same=true
    for log in "${logs[@]:1}"; do
      cmp -s "${logs[0]}" "$log" || same=false
    done
    $same && return 0
    sleep 0.2
  done
  return 1
}

# cpu_ticks: CPU time so far, from /proc, in clock ticks (getconf CLK_TCK a second); a line for each service of the
# stack in BAZAAR_RUN_DIR, then one for the whole machine:
#   <service> <user + system, every thread, ended ones too> <context switches of its threads> <user + system of its JIT compiler threads>
#   machine <all cores' ticks, idle included> <context switches> <idle ticks, waiting for the disk included>
# A thread's name may hold spaces ("C2 CompilerThre"), so a stat line is split after its name's closing parenthesis.
cpu_ticks() {
  local pidfile pid
  for pidfile in "$BAZAAR_RUN_DIR"/pids/*.pid; do
    [ -e "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    # a thread that ends between the listing and the reading is left out (cat says so, to /dev/null)
    { cat "/proc/$pid/stat" "/proc/$pid"/task/*/stat "/proc/$pid"/task/*/status 2>/dev/null || true; } \
      | awk -v name="$(basename "$pidfile" .pid)" '
        /^[0-9]+ \(/ {
          comm = $0; sub(/^[0-9]+ \(/, "", comm); sub(/\) [^)]*$/, "", comm)
          rest = $0; sub(/^.*\) /, "", rest); split(rest, f, " ")
          # f[12], f[13]: utime and stime (fields 14 and 15 of proc(5)); the first line is the whole process
          if (!seen++) total = f[12] + f[13]
          else if (comm ~ /^C[12] Compiler/) jit += f[12] + f[13]
          next
        }
        /ctxt_switches/ { switches += $2 }
        END {
          if (!seen) { print "cpu_ticks: " name " is not running" > "/dev/stderr"; exit 1 }
          print name, total, switches + 0, jit + 0
        }'
  done
  awk '/^cpu / {all = $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; idle = $5 + $6} /^ctxt / {switches = $2}
    END {print "machine", all, switches, idle}' /proc/stat
}

# resident_memory NAME: "NAME RSS: <kB> kB", the resident memory of a service of the stack in BAZAAR_RUN_DIR
resident_memory() {
  echo "$1 RSS: $(awk '/VmRSS/{print $2, $3}' "/proc/$(cat "$BAZAAR_RUN_DIR/pids/$1.pid")/status")"
}

# trade_path_timers: "<service> <what> <count> <seconds spent on them>" for every endpoint on a trade's path, from
# the services' own request timers (Actuator's http.server.requests, behind the internal secret; for an internal
# endpoint, with its requests taken in frames added, bazaar.internal.frames: docs/internal-frames.md), and for the
# leader's two stages of a batch (bazaar.leader.commit, then bazaar.leader.catalog; counted on every replica, so
# the leader's are the ones that grow), and each service's garbage-collection pauses (jvm.gc.pause), which stop
# whatever request is in that JVM
trade_path_timers() {
  local name port what query queries json count total token
  token=$(cat "$BAZAAR_RUN_DIR/internal-token")
  while read -r name port what; do
    if [[ $what == /internal/* ]]; then
      queries=("http.server.requests?tag=uri:$what&tag=method:POST" "bazaar.internal.frames?tag=uri:$what")
    elif [[ $what == /* ]]; then
      queries=("http.server.requests?tag=uri:$what&tag=method:POST")
    else
      queries=("$what")
    fi
    count=0
    total=0
    for query in "${queries[@]}"; do
      json=$(curl -s -H "X-Bazaar-Internal-Token: $token" "http://127.0.0.1:$port/actuator/metrics/$query")
      count=$(awk -v a="$count" -v b="$(grep -o '"COUNT","value":[0-9.Ee+-]*' <<< "$json" | grep -o '[0-9.Ee+-]*$' \
        || echo 0)" 'BEGIN {print a + b}')
      total=$(awk -v a="$total" -v b="$(grep -o '"TOTAL_TIME","value":[0-9.Ee+-]*' <<< "$json" \
        | grep -o '[0-9.Ee+-]*$' || echo 0)" 'BEGIN {print a + b}')
    done
    echo "$name $what $count $total"
  done <<ENDPOINTS
frontend $FRONTEND_PORT /orders
frontend $FRONTEND_PORT /internal/cache/evictions
catalog $CATALOG_PORT /internal/committed
order-1 $ORDER_PORT_BASE /internal/orders
order-2 $((ORDER_PORT_BASE + 1)) /internal/orders
order-3 $((ORDER_PORT_BASE + 2)) /internal/orders
order-1 $ORDER_PORT_BASE bazaar.leader.commit
order-2 $((ORDER_PORT_BASE + 1)) bazaar.leader.commit
order-3 $((ORDER_PORT_BASE + 2)) bazaar.leader.commit
order-1 $ORDER_PORT_BASE bazaar.leader.catalog
order-2 $((ORDER_PORT_BASE + 1)) bazaar.leader.catalog
order-3 $((ORDER_PORT_BASE + 2)) bazaar.leader.catalog
order-1 $ORDER_PORT_BASE /internal/replica/append
order-2 $((ORDER_PORT_BASE + 1)) /internal/replica/append
order-3 $((ORDER_PORT_BASE + 2)) /internal/replica/append
frontend $FRONTEND_PORT jvm.gc.pause
catalog $CATALOG_PORT jvm.gc.pause
order-1 $ORDER_PORT_BASE jvm.gc.pause
order-2 $((ORDER_PORT_BASE + 1)) jvm.gc.pause
order-3 $((ORDER_PORT_BASE + 2)) jvm.gc.pause
ENDPOINTS
}

# prometheus_scrapes DIR: each service's /actuator/prometheus (behind the internal secret) as DIR/<service>.prom, for
# scripts/histogram-quantiles.py to read the quantiles of what the services timed between two such scrapes
prometheus_scrapes() {
  local dir=$1 token name port
  token=$(cat "$BAZAAR_RUN_DIR/internal-token")
  mkdir -p "$dir"
  while read -r name port; do
    curl -s -H "X-Bazaar-Internal-Token: $token" "http://127.0.0.1:$port/actuator/prometheus" > "$dir/$name.prom"
  done <<SERVICES
frontend $FRONTEND_PORT
catalog $CATALOG_PORT
order-1 $ORDER_PORT_BASE
order-2 $((ORDER_PORT_BASE + 1))
order-3 $((ORDER_PORT_BASE + 2))
SERVICES
}
