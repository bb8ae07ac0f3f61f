#!/usr/bin/env bash
# Sequential trades against two builds, measured in turn so that this VM's changes of speed fall on both alike:
# OTHER=<another clone of this repository> scripts/bench-trade-turns.sh starts this clone's stack and OTHER's at
# once (each with its own scripts/run-local.sh, which builds its jars if they are stale and loads its AOT caches;
# its own run folder, fresh data; ports 18091-18095 and 18191-18195), sends each WARMUP sequential trades on one
# keep-alive connection (scripts/latency-probe.py), then SLICES slices of SLICE trades, each slice to both builds one
# after the other (this build first in odd slices, OTHER first in even ones: the build measured second was seen to
# gain), while the other stack sits idle. Prints per slice each build's trade p50, p99 and mean and the
# CPU its five services spent per trade (/proc), then the means over the slices and in how many slices each build
# was the faster. Settings: WARMUP 20000, SLICE 1000, SLICES 10.
source "$(dirname "$0")/bench-lib.sh" bench-trade-turns
[ -n "${OTHER:-}" ] || { echo "usage: OTHER=<another clone> $0" >&2; exit 1; }
WARMUP=${WARMUP:-20000}
SLICE=${SLICE:-1000}
SLICES=${SLICES:-10}
builds=("$ROOT" "$(cd "$OTHER" && pwd)")
commit_of() { # CLONE: its commit, and "+ changes" if its files differ from it
  echo "$(git -C "$1" rev-parse --short HEAD)$(git -C "$1" diff --quiet HEAD -- . ':!run' || echo ' + changes')"
}
names=("this build, $(commit_of "$ROOT")" "OTHER, $(commit_of "${builds[1]}")")
hz=$(getconf CLK_TCK)

# BUILD: the environment of each build's stack (its clone's scripts read ROOT from their own path)
stack_env() {
  local base=$((FRONTEND_PORT + 100 * $1))
  echo "BAZAAR_RUN_DIR=$RUN_DIR/build-$1 FRONTEND_PORT=$base CATALOG_PORT=$((base + 1)) ORDER_PORT_BASE=$((base + 2))"
}

# bench-lib.sh stops the stack on exit, however the script ends: here, both builds' stacks
stop_stack() {
  local build
  for build in "${!builds[@]}"; do
    [ ! -d "$RUN_DIR/build-$build" ] || env $(stack_env "$build") "${builds[$build]}/scripts/stop-local.sh" >/dev/null
  done
}

url_of() { # BUILD
  echo "http://127.0.0.1:$((FRONTEND_PORT + 100 * $1))"
}

ticks_of() { # BUILD: the CPU its five services have spent so far, in clock ticks (bench-lib.sh's cpu_ticks)
  BAZAAR_RUN_DIR=$RUN_DIR/build-$1 cpu_ticks | awk '$1 != "machine" {sum += $2} END {print sum}'
}

machine_speed
for build in "${!builds[@]}"; do
  rm -rf "$RUN_DIR/build-$build/data"
  env $(stack_env "$build") "${builds[$build]}/scripts/run-local.sh" >/dev/null
done
for build in "${!builds[@]}"; do
  echo "warm-up of ${names[$build]}: $WARMUP sequential trades"
  python3 "$ROOT/scripts/latency-probe.py" "$(url_of "$build")" "$WARMUP" trade >/dev/null
done
results=$RUN_DIR/slices
: > "$results"
for slice in $(seq 1 "$SLICES"); do
  order=(0 1)
  [ $((slice % 2)) -eq 1 ] || order=(1 0)
  for build in "${order[@]}"; do
    before=$(ticks_of "$build")
    line=$(python3 "$ROOT/scripts/latency-probe.py" "$(url_of "$build")" "$SLICE" trade)
    after=$(ticks_of "$build")
    # "trade   N sequential requests: p50 X ms  p99 Y ms  mean Z ms"
    read -r p50 p99 mean < <(awk '{print $6, $9, $12}' <<< "$line")
    cpu=$(awk -v t=$((after - before)) -v n="$SLICE" -v hz="$hz" 'BEGIN {printf "%.2f", t * 1000 / hz / n}')
    echo "$slice $build $p50 $p99 $mean $cpu" >> "$results"
    printf 'slice %2d  %-32s p50 %5s ms  p99 %6s ms  mean %5s ms  CPU per trade %s ms\n' \
      "$slice" "${names[$build]}" "$p50" "$p99" "$mean" "$cpu"
  done
done
machine_speed
echo "over $SLICES slices of $SLICE trades (mean of each figure; slices in which the build's was the lower):"
awk -v a="${names[0]}" -v b="${names[1]}" '
  {p50[$2] += $3; p99[$2] += $4; mean[$2] += $5; cpu[$2] += $6; row[$1, $2] = $3 " " $5 " " $6; n[$2]++}
  END {
    for (s = 1; (s, 0) in row; s++) {
      split(row[s, 0], x, " "); split(row[s, 1], y, " ")
      for (i = 1; i <= 3; i++) { if (x[i] < y[i]) low0[i]++; else if (y[i] < x[i]) low1[i]++ }
    }
    name[0] = a; name[1] = b
    for (k = 0; k <= 1; k++)
      printf "  %-32s p50 %.2f ms (%d)  p99 %.2f ms  mean %.2f ms (%d)  CPU per trade %.2f ms (%d)\n", name[k],
        p50[k] / n[k], k ? low1[1] : low0[1], p99[k] / n[k], mean[k] / n[k], k ? low1[2] : low0[2],
        cpu[k] / n[k], k ? low1[3] : low0[3]
  }' "$results"
