# Shared by the run and stop scripts. Expects RUN_DIR (and HEAP for start_service) to be set.

# true if PID is alive and is a Stock Bazaar JVM (a recycled PID of another program is never ours)
is_ours() {
  local pid=$1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- '-service-.*\.jar'
}

# start_service NAME PORT JAR [VAR=value ...]: starts the jar in the background and waits until it is ready
start_service() {
  local name=$1 port=$2 jar=$3
  shift 3
  local log="$RUN_DIR/logs/$name.log"
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "Cannot start $name: port $port is already in use (another stack running? set ${name^^}_PORT)" >&2
    return 1
  fi
  env "$@" nohup java -Xms64m "-Xmx$HEAP" -XX:+UseSerialGC -jar "$jar" --server.port="$port" \
    >> "$log" 2>&1 < /dev/null &
  local pid=$!
  echo "$pid" > "$RUN_DIR/pids/$name.pid"
  printf 'Starting %-9s (pid %s, port %s) ' "$name" "$pid" "$port"
  local deadline=$((SECONDS + 90))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "FAILED: it exited; last lines of $log:" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "FAILED: not ready after 90 s; see $log" >&2
      return 1
    fi
    sleep 0.2
  done
  kill -0 "$pid" 2>/dev/null || { echo "FAILED: it exited; see $log" >&2; return 1; }
  echo "ready"
}
