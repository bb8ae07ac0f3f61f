# shellcheck shell=bash
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

# The JVM options the measuring scripts run the load client with (set CLIENT_LOAD_JAVA_OPTS to replace them): the
# serial collector, as the services use. The client shares the two cores with the stack it times, and with G1 it
# took a tenth more CPU over the seed's sweep (docs/performance.md, "The load client's own cost").
CLIENT_LOAD_JAVA_OPTS=${CLIENT_LOAD_JAVA_OPTS-"-XX:+UseSerialGC"}

# build_if_stale MODULE...: builds those modules (tests skipped) if a jar is missing or any of their sources, or
# service-support's, is newer than it
build_if_stale() {
  local module jar stale=false
  for module in "$@"; do
    jar=$(jar_of "$module")
    if [ ! -f "$jar" ] || [ -n "$(find "$ROOT/$module/src/main" "$ROOT/service-support/src/main" "$ROOT/$module/pom.xml" \
        "$ROOT/pom.xml" -newer "$jar" -type f -print -quit)" ]; then
      stale=true
    fi
  done
  $stale || return 0
  echo "Building $* (./mvnw package, tests skipped; run the tests with ./mvnw verify)..."
  # clean: a module whose own sources did not change keeps its old fat jar, with old copies of its dependencies;
  # maven.test.skip: the tests are not even compiled; -T 3: the services build side by side (each one's process-aot
  # is a JVM of its own); Maven's own JVM on C1 alone, which serves a build this short best
  # (and without the warning JDK 25 prints about the Unsafe calls of Maven's own libraries)
  (cd "$ROOT" && MAVEN_OPTS="${MAVEN_OPTS:-} -XX:TieredStopAtLevel=1 --sun-misc-unsafe-memory-access=allow" \
    ./mvnw -B -q -T 3 -Dmaven.test.skip=true \
    -pl "$(IFS=,; echo "$*")" -am clean package)
  # Maven leaves an up-to-date jar untouched: mark it as built now so the next start does not rebuild
  for module in "$@"; do
    touch "$(jar_of "$module")"
  done
}

# true if PID is alive and is a Stock Bazaar JVM (a recycled PID of another program is never ours)
is_ours() { # PID [TEXT]: and, if TEXT is given, its command line (arguments joined by spaces) holds TEXT
  local pid=$1 cmd
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmd == *-service-*.jar* && $cmd == *"${2:-}"* ]]
}

# the java that runs the services: JAVA_HOME's if set (as Maven uses it), else the one on PATH
java_cmd() {
  if [ -n "${JAVA_HOME:-}" ]; then echo "$JAVA_HOME/bin/java"; else echo java; fi
}

# java_home: the JDK that java_cmd runs: JAVA_HOME, else the one whose java comes first on PATH
java_home() {
  if [ -n "${JAVA_HOME:-}" ]; then echo "$JAVA_HOME"; else dirname "$(dirname "$(readlink -f "$(command -v java)")")"; fi
}

# sets JAVA_FEATURE to the major version of java_cmd (17, 25, ...), asked once per script; empty if there is no java
# (a missing java is the callers' to report, not a reason to stop here)
java_feature() {
  [ -n "${JAVA_FEATURE:-}" ] || JAVA_FEATURE=$({ "$(java_cmd)" -XshowSettings:properties -version 2>&1 || true; } \
    | awk -F' = ' '/java.specification.version/ {print $2}')
}

# require_jdk25: stops the script, saying why, unless java_cmd is a JDK 25 or newer (what the services are built for)
require_jdk25() {
  java_feature
  if [ "${JAVA_FEATURE:-0}" -lt 25 ]; then
    echo "Stock Bazaar needs JDK 25; $(java_cmd) is ${JAVA_FEATURE:-not found}: set JAVA_HOME to a JDK 25" >&2
    exit 1
  fi
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

# instance_jar NAME: the jar that service instance NAME (catalog, order-N, frontend, frontend-K) runs
instance_jar() {
  case $1 in
    catalog) jar_of catalog-service ;;
    frontend*) jar_of frontend-service ;;
    *) jar_of order-service ;;
  esac
}

# aot_enabled: true if the services run with AOT caches: JDK 25 or newer, and BAZAAR_AOT is not off
aot_enabled() {
  java_feature
  [ "${BAZAAR_AOT:-on}" != off ] && [ "$JAVA_FEATURE" -ge 25 ]
}

# the service instances that record the AOT caches, one for each service: the catalog, replica 3 (the front end
# asks the highest ready replica to lead a new cluster, so the cache usually holds the leader's profiles) and the
# first front end. The other replicas and front ends run the same jar and the same framework code, and use that
# cache: one recording and one cache to write per service, not per instance, so the first start and its stop cost
# less.
AOT_INSTANCES="catalog order-3 frontend"

# aot_cache NAME: where the ahead-of-time cache (JDK 25, JEP 483/515: classes loaded and linked, and method
# profiles, from a training run) that service instance NAME uses lives: one per service (AOT_INSTANCES)
aot_cache() {
  local name=$1
  case $name in
    frontend-*) name=frontend ;;
    order-*) name=order ;;
  esac
  echo "$(dirname "$(instance_jar "$name")")/extracted/$name.aot"
}

# aot_cached NAME: true if NAME's AOT cache was written for the jar it runs (later than the jar was built)
aot_cached() {
  local cache
  cache=$(aot_cache "$1")
  [ -f "$cache" ] && [ "$cache" -nt "$(instance_jar "$1")" ]
}

# aot_options NAME: the JVM options that use NAME's AOT cache, if one was written for its jar; else, for the instance
# that records its service's cache (AOT_INSTANCES), those that record it (-XX:AOTCacheOutput, JEP 514): the JVM
# records what it loads and profiles as it runs, and writes the cache as it exits, to a file of this start's own
# (the cache + .recording-PID) that aot_keep moves into place once the JVM has exited. So the first start after a
# build is a training run on whatever the user does with it.
# BAZAAR_AOT_TRAINING=1 (scripts/train-aot.sh) records even over an existing cache. Nothing without aot_enabled.
aot_options() {
  local name=$1
  aot_enabled || return 0
  if [ "${BAZAAR_AOT_TRAINING:-}" != 1 ] && aot_cached "$name"; then
    echo "-XX:AOTCache=$(aot_cache "$name")"
  elif [[ " $AOT_INSTANCES " == *" $name "* ]]; then
    # only the instance that records for its service; the others (replicas 1 and 2, front ends 2, 3, ...) run
    # without a cache until it is written, then use it, and never write it
    echo "-XX:AOTCacheOutput=$(aot_cache "$name").recording-$$"
  fi
}

# aot_keep NAME: the AOT cache that NAME's last instance recorded (launch notes the file in pids/NAME.aot), moved
# into place if it is complete, else removed; for an instance that is no longer running. The JVM writes the cache
# as it exits, and removes the placeholder (<file>.config) it made at start only once the cache is complete, so a
# JVM killed while it recorded or wrote leaves nothing that is used. stop-local.sh keeps each cache as its service
# stops; a start keeps any that a stop did not (interrupted, or its output closed).
aot_keep() {
  local note="$RUN_DIR/pids/$1.aot" written
  [ -f "$note" ] || return 0
  written=$(cat "$note")
  if [ -s "$written" ] && [ ! -e "$written.config" ]; then
    mv -f "$written" "${written%.recording-*}"
  else
    rm -f "$written" "$written.config"
  fi
  rm -f "$note"
}

# aot_recording: true if some service instance will record its AOT cache at this start (none is written for its jar)
aot_recording() {
  local name
  aot_enabled || return 1
  [ "${BAZAAR_AOT_TRAINING:-}" != 1 ] || return 0
  for name in $AOT_INSTANCES; do
    aot_cached "$name" || return 0
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
  # what the last instance of NAME recorded (it is not running: run-local.sh and the crash script make sure)
  aot_keep "$name"
  aot=$(aot_options "$name")
  # shellcheck disable=SC2086
  # the service writes its own log, rolled over (gzipped) at 10 MB, at most 60 MB kept in all (Spring Boot's
  # rolling policy); its standard output (.out) holds only what comes before logging starts and what the JVM says.
  # spring.aot.enabled: the bean definitions the build generated (process-aot), not worked out again at every start;
  # BAZAAR_JAVA_OPTS=-Dspring.aot.enabled=false comes later on the line and turns that off
  env "$@" nohup "$(java_cmd)" -Xms64m "-Xmx$HEAP" -XX:+UseSerialGC -Dspring.aot.enabled=true $aot \
    ${BAZAAR_JAVA_OPTS:-} -jar "$run_jar" \
    --server.port="$port" --logging.file.name="$log" --logging.threshold.console=OFF \
    --logging.logback.rollingpolicy.max-file-size=10MB --logging.logback.rollingpolicy.total-size-cap=60MB \
    >> "${log%.log}.out" 2>&1 < /dev/null &
  echo $! > "$RUN_DIR/pids/$name.pid"
  # the cache this JVM writes as it exits, and where stop-local.sh puts it
  if [[ $aot == -XX:AOTCacheOutput=* ]]; then
    echo "${aot#-XX:AOTCacheOutput=}" > "$RUN_DIR/pids/$name.aot"
  fi
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
      tail -n 20 "$log" "${log%.log}.out" >&2 2>/dev/null
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

# Front end K (1..FRONTENDS) as run-local.sh names and places it: the first is "frontend" on FRONTEND_PORT, as when
# there is one; front end K >= 2 is "frontend-K" on FRONTEND_EXTRA_PORT_BASE + K - 2
frontend_name() { # K
  if [ "$1" = 1 ]; then echo frontend; else echo "frontend-$1"; fi
}

frontend_port() { # K
  if [ "$1" = 1 ]; then echo "$FRONTEND_PORT"; else echo $((FRONTEND_EXTRA_PORT_BASE + $1 - 2)); fi
}

frontend_urls() { # every front end's URL, comma-separated, the first first
  local k urls=""
  for k in $(seq 1 "${FRONTENDS:-1}"); do
    urls+="${urls:+,}http://127.0.0.1:$(frontend_port "$k")"
  done
  echo "$urls"
}

launch_frontend() { # K [VAR=value ...]: each registers with the catalog, advertising http://127.0.0.1:<its port>
  local k=$1
  shift
  launch "$(frontend_name "$k")" "$(frontend_port "$k")" "$ROOT/frontend-service/target/frontend-service-$VERSION.jar" \
    BAZAAR_FRONTEND_CATALOG_URL="http://127.0.0.1:$CATALOG_PORT" \
    BAZAAR_FRONTEND_REPLICAS="$(replica_list)" "$@"
}

# the settings of the stack running from RUN_DIR, as run-local.sh recorded them
load_stack_settings() {
  [ -f "$RUN_DIR/stack.env" ] || { echo "No stack recorded in $RUN_DIR (start one with scripts/run-local.sh)" >&2; return 1; }
  # shellcheck disable=SC1091
  source "$RUN_DIR/stack.env"
  # a service of this stack restarts on the JDK the stack started on, whatever this shell's java is
  if [ -n "${STACK_JAVA_HOME:-}" ]; then
    export JAVA_HOME=$STACK_JAVA_HOME
    unset JAVA_FEATURE
  fi
  export BAZAAR_INTERNAL_TOKEN
  BAZAAR_INTERNAL_TOKEN=$(cat "$RUN_DIR/internal-token")
}

# machine_speed: how long this machine takes right now for a fixed single-threaded loop, and for 20,000 round
# trips between two processes over pipes (each wakes the other: what every hop between services costs). Both vary
# on a shared VM, and trade throughput with them (how much: docs/performance.md, "Machine"), so the benchmarks
# print them with their results.
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
