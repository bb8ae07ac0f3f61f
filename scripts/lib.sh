# Shared by the run, stop, crash and chaos scripts. Expects ROOT (and, for launching, RUN_DIR) to be set.

VERSION=0.1.0-SNAPSHOT

# jar_of MODULE: the runnable jar Maven builds for a module (the load client's is its -cli jar)
jar_of() {
  if [ "$1" = client-load ]; then
    echo "$ROOT/client-load/target/client-load-$VERSION-cli.jar"
  else
    echo "$ROOT/$1/target/$1-$VERSION.jar"
  fi
}

# build_if_stale MODULE...: builds those modules (tests skipped) if a jar is missing or any of their sources, or
# service-support's, is newer than it
build_if_stale() {
  local module jar stale=false
  for module in "$@"; do
    jar=$(jar_of "$module")
    if [ ! -f "$jar" ] || [ -n "$(find "$ROOT/$module/src/main" "$ROOT/service-support/src/main" "$ROOT/$module/pom.xml" \
        -newer "$jar" -type f -print -quit)" ]; then
      stale=true
    fi
  done
  $stale || return 0
  echo "Building $* (./mvnw package, tests skipped; run the tests with ./mvnw verify)..."
  # clean: a module whose own sources did not change keeps its old fat jar, with old copies of its dependencies
  (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl "$(IFS=,; echo "$*")" -am clean package)
  # Maven leaves an up-to-date jar untouched: mark it as built now so the next start does not rebuild
  for module in "$@"; do
    touch "$(jar_of "$module")"
  done
}

# true if PID is alive and is a Stock Bazaar JVM (a recycled PID of another program is never ours)
is_ours() {
  local pid=$1 cmd
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmd == *-service-*.jar* ]]
}

# the java that runs the services: JAVA_HOME's if set (as Maven uses it), else the one on PATH
java_cmd() {
  if [ -n "${JAVA_HOME:-}" ]; then echo "$JAVA_HOME/bin/java"; else echo java; fi
}

# sets JAVA_FEATURE to the major version of java_cmd (17, 25, ...), asked once per script
java_feature() {
  [ -n "${JAVA_FEATURE:-}" ] || JAVA_FEATURE=$("$(java_cmd)" -XshowSettings:properties -version 2>&1 \
    | awk -F' = ' '/java.specification.version/ {print $2}')
}

# extracted_jar JAR: the service jar unpacked as Spring Boot's `extract` lays it out (the application jar beside
# lib/), made anew when JAR is newer. Classes load faster from it than from jars nested in the fat jar, and an
# ahead-of-time cache (below) can only hold classes from plain jars on the class path.
extracted_jar() {
  local jar=$1 dir
  dir="$(dirname "$jar")/extracted"
  if [ ! -f "$dir/$(basename "$jar")" ] || [ "$jar" -nt "$dir/$(basename "$jar")" ]; then
    rm -rf "$dir"
    "$(java_cmd)" -Djarmode=tools -jar "$jar" extract --destination "$dir" >/dev/null
  fi
  echo "$dir/$(basename "$jar")"
}

# aot_cache NAME JAR: where the ahead-of-time cache (JDK 25, JEP 483/515: classes loaded and linked, and method
# profiles, from a training run) of service instance NAME lives; scripts/train-aot.sh writes it
aot_cache() {
  echo "$(dirname "$1")/extracted/$2.aot"
}

# aot_options NAME JAR: the JVM options that use NAME's AOT cache (if it was trained on this jar), or that write it
# during a training run (BAZAAR_AOT_TRAINING=1). Nothing on a JDK older than 25, or with BAZAAR_AOT=off.
aot_options() {
  local name=$1 jar=$2 cache
  [ "${BAZAAR_AOT:-on}" != off ] && [ "$JAVA_FEATURE" -ge 25 ] || return 0
  cache=$(aot_cache "$jar" "$name")
  if [ "${BAZAAR_AOT_TRAINING:-}" = 1 ]; then
    echo "-XX:AOTCacheOutput=$cache"
  elif [ -f "$cache" ] && [ "$cache" -nt "$(extracted_jar "$jar")" ]; then
    echo "-XX:AOTCache=$cache"
  fi
}

# aot_untrained: true if this JDK can use AOT caches (and BAZAAR_AOT is not off) and a service instance has none
# for its current jar
aot_untrained() {
  local name module cache
  java_feature
  [ "${BAZAAR_AOT:-on}" != off ] && [ "$JAVA_FEATURE" -ge 25 ] || return 1
  for name in catalog order-1 order-2 order-3 frontend; do
    case $name in catalog) module=catalog-service ;; frontend) module=frontend-service ;; *) module=order-service ;; esac
    cache=$(aot_cache "$(jar_of "$module")" "$name")
    [ -f "$cache" ] && [ "$cache" -nt "$(jar_of "$module")" ] || return 0
  done
  return 1
}

# launch NAME PORT JAR [VAR=value ...]: starts the jar in the background, records its PID; does not wait
launch() {
  local name=$1 port=$2 jar=$3 run_jar aot
  shift 3
  local log="$RUN_DIR/logs/$name.log"
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "Cannot start $name: port $port is already in use (another stack running?)" >&2
    return 1
  fi
  java_feature
  run_jar=$(extracted_jar "$jar")
  aot=$(aot_options "$name" "$jar")
  # shellcheck disable=SC2086
  # the service writes its own log, rolled over (gzipped) at 10 MB, at most 60 MB kept in all (Spring Boot's
  # rolling policy); its standard output (.out) holds only what comes before logging starts and what the JVM says
  env "$@" nohup "$(java_cmd)" -Xms64m "-Xmx$HEAP" -XX:+UseSerialGC $aot ${BAZAAR_JAVA_OPTS:-} -jar "$run_jar" \
    --server.port="$port" --logging.file.name="$log" --logging.threshold.console=OFF \
    --logging.logback.rollingpolicy.max-file-size=10MB --logging.logback.rollingpolicy.total-size-cap=60MB \
    >> "${log%.log}.out" 2>&1 < /dev/null &
  echo $! > "$RUN_DIR/pids/$name.pid"
}

# await_ready NAME PORT: polls the readiness endpoint until it answers 200 (or the process dies, or 90 s pass)
await_ready() {
  local name=$1 port=$2
  local pid log="$RUN_DIR/logs/$name.log"
  pid=$(cat "$RUN_DIR/pids/$name.pid")
  local deadline=$((SECONDS + 90))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name FAILED: it exited; last lines of $log and ${log%.log}.out:" >&2
      tail -n 20 "$log" "${log%.log}.out" 2>/dev/null >&2
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "$name FAILED: not ready after 90 s; see $log" >&2
      return 1
    fi
    sleep 0.2
  done
  kill -0 "$pid" 2>/dev/null || { echo "$name FAILED: it exited; see $log" >&2; return 1; }
  printf 'Started %-9s (pid %s, port %s)\n' "$name" "$pid" "$port"
}

start_service() { # NAME PORT JAR [VAR=value ...]
  launch "$@" && await_ready "$1" "$2"
}

order_port() { # ID
  echo $((ORDER_PORT_BASE + $1 - 1))
}

replica_list() {
  echo "1=http://127.0.0.1:$(order_port 1),2=http://127.0.0.1:$(order_port 2),3=http://127.0.0.1:$(order_port 3)"
}

launch_order_replica() { # ID: same port, data folder and settings every time, so a restart finds its log
  local id=$1
  launch "order-$id" "$(order_port "$id")" "$ROOT/order-service/target/order-service-$VERSION.jar" \
    ORDER_ID="$id" ORDER_PEERS="$(replica_list)" \
    BAZAAR_ORDER_DATA_DIR="$RUN_DIR/data/order-$id" \
    BAZAAR_ORDER_CATALOG_URL="http://127.0.0.1:$CATALOG_PORT" \
    BAZAAR_ORDER_NEW_CLUSTER=true
}

# the settings of the stack running from RUN_DIR, as run-local.sh recorded them
load_stack_settings() {
  [ -f "$RUN_DIR/stack.env" ] || { echo "No stack recorded in $RUN_DIR (start one with scripts/run-local.sh)" >&2; return 1; }
  # shellcheck disable=SC1091
  source "$RUN_DIR/stack.env"
  export BAZAAR_INTERNAL_TOKEN
  BAZAAR_INTERNAL_TOKEN=$(cat "$RUN_DIR/internal-token")
}

# machine_speed: how long this machine takes right now for a fixed single-threaded loop, and for 20,000 round
# trips between two processes over pipes (each wakes the other: what every hop between services costs). On this
# 2-core VM both varied by about 1.6x within one morning, and trade throughput with them, so the benchmarks print
# them with their results.
machine_speed() {
  local start end loop pingpong
  start=$(date +%s%N)
  awk 'BEGIN { for (i = 0; i < 30000000; i++) s += i }'
  end=$(date +%s%N)
  loop=$(( (end - start) / 1000000 ))
  # python3 when there is one (Debian has it); otherwise the round trip is reported as "?"
  pingpong=$(python3 -c '
import os, time
n = 20000
r1, w1 = os.pipe(); r2, w2 = os.pipe()
if os.fork() == 0:
    for _ in range(n):
        os.read(r1, 1); os.write(w2, b"x")
    os._exit(0)
t = time.time()
for _ in range(n):
    os.write(w1, b"x"); os.read(r2, 1)
print("%.0f" % ((time.time() - t) / n * 1e6))' 2>/dev/null || echo "?")
  echo "machine speed: a 30M-step awk loop took $loop ms; a pipe round trip between two processes $pingpong us"
}

# bench_stack: what every benchmark needs first: ports of its own (18091-18095 unless set), so a running stack is
# untouched, and wrk (Debian's package)
bench_stack() {
  export FRONTEND_PORT=${FRONTEND_PORT:-18091} CATALOG_PORT=${CATALOG_PORT:-18092} ORDER_PORT_BASE=${ORDER_PORT_BASE:-18093}
  command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
}

# service_ticks: "<service> <CPU time (user + system, clock ticks)> <context switches of all its threads>" for each
# service of the stack in BAZAAR_RUN_DIR
service_ticks() {
  local pid pidfile
  for pidfile in "$BAZAAR_RUN_DIR"/pids/*.pid; do
    pid=$(cat "$pidfile")
    echo "$(basename "$pidfile" .pid) $(awk '{print $14 + $15}' "/proc/$pid/stat")" \
      "$(cat /proc/"$pid"/task/*/status 2>/dev/null | awk '/ctxt_switches/ {n += $2} END {print n}')"
  done
}

# trade_path_timers: "<service> <endpoint> <requests> <seconds spent on them>" for every endpoint on a trade's path,
# from the services' own request timers (Actuator's http.server.requests, behind the internal secret)
trade_path_timers() {
  local name port uri json count total token
  token=$(cat "$BAZAAR_RUN_DIR/internal-token")
  while read -r name port uri; do
    json=$(curl -s -H "X-Bazaar-Internal-Token: $token" \
      "http://127.0.0.1:$port/actuator/metrics/http.server.requests?tag=uri:$uri&tag=method:POST")
    count=$(grep -o '"COUNT","value":[0-9.Ee+-]*' <<< "$json" | grep -o '[0-9.Ee+-]*$' || echo 0)
    total=$(grep -o '"TOTAL_TIME","value":[0-9.Ee+-]*' <<< "$json" | grep -o '[0-9.Ee+-]*$' || echo 0)
    echo "$name $uri $count $total"
  done <<ENDPOINTS
frontend $FRONTEND_PORT /orders
frontend $FRONTEND_PORT /internal/cache/evictions
catalog $CATALOG_PORT /internal/committed
order-1 $ORDER_PORT_BASE /internal/orders
order-2 $((ORDER_PORT_BASE + 1)) /internal/orders
order-3 $((ORDER_PORT_BASE + 2)) /internal/orders
order-1 $ORDER_PORT_BASE /internal/replica/append
order-2 $((ORDER_PORT_BASE + 1)) /internal/replica/append
order-3 $((ORDER_PORT_BASE + 2)) /internal/replica/append
ENDPOINTS
}
