#!/usr/bin/env bash
# How the order replicas scale with history, for docs/performance.md: for each size of log in SIZES (synthetic,
# scripts/generate-order-log.sh), the time a replica takes to restart and be ready, the order-query rate and latency
# (wrk, 10 connections, 20 s after a 20 s warm-up, random order numbers), the replicas' resident memory; then, with
# the last size, a replica restarted BEHIND orders behind: how long its sync-up takes.
# Uses its own run folder and ports 18091-18095. Heap per JVM: BAZAAR_HEAP (default here 512m).
# Settings: SIZES "1000 1000000" (orders; the sync-up runs on the last), BEHIND 100000 (fewer than the last size).
source "$(dirname "$0")/bench-lib.sh" bench-history
export BAZAAR_HEAP=${BAZAAR_HEAP:-512m}
SIZES=${SIZES:-1000 1000000}
BEHIND=${BEHIND:-100000}
read -r -a sizes <<< "$SIZES"
for size in "${sizes[@]}" "$BEHIND"; do
  [[ $size =~ ^[1-9][0-9]*$ ]] || { echo "SIZES and BEHIND take whole numbers of orders, not '$size'" >&2; exit 2; }
done
[ "${#sizes[@]}" -ge 1 ] || { echo "SIZES lists no size" >&2; exit 2; }
largest=${sizes[-1]}
[ "$BEHIND" -lt "$largest" ] || { echo "BEHIND ($BEHIND) must be fewer than the last size ($largest)" >&2; exit 2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
machine_speed

for orders in "${sizes[@]}"; do
  stop_stack
  rm -rf "$RUN_DIR/data" "$RUN_DIR/logs"
  mkdir -p "$RESULTS"
  "$ROOT/scripts/generate-order-log.sh" "$orders" "$RUN_DIR" >/dev/null
  start_stack
  load_stack_settings
  # the first query makes the front end choose a leader
  curl -sf -o /dev/null "$F/orders/0"
  echo "== $orders orders"
  start=$(now)
  "$ROOT/scripts/simulate_crashes.sh" 1 >/dev/null
  echo "restart of replica 1 until ready: $(elapsed "$start" "$(now)") s" | tee -a "$RESULTS/history.txt"
  ORDERS=$orders wrk_load query -c10 -d20s >/dev/null
  ORDERS=$orders wrk_load query -c10 -d20s --latency \
    | tee "$RESULTS/queries-$orders.txt" | grep -E "Requests/sec|Latency  | 99%" | sed "s/^/  /"
  for id in 1 2 3; do
    echo "  $(resident_memory "order-$id")"
  done | tee -a "$RESULTS/history.txt"
done

echo "== sync-up of a replica $BEHIND orders behind (of $largest)"
pid=$(cat "$RUN_DIR/pids/order-1.pid")
is_ours "$pid" && kill -9 "$pid"
while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
dir=$RUN_DIR/data/order-1
lines=$((largest - BEHIND + 1)) # the header and the orders it keeps
head -n "$lines" "$dir/order_log_1.csv" > "$dir/log.tmp" && mv "$dir/log.tmp" "$dir/order_log_1.csv"
head -n "$lines" "$dir/order_journal_1.csv" > "$dir/journal.tmp" && mv "$dir/journal.tmp" "$dir/order_journal_1.csv"
start=$(now)
launch_order_replica 1
await_ready order-1 "$(order_port 1)" >/dev/null
echo "restart $BEHIND behind until ready (synced up): $(elapsed "$start" "$(now)") s" | tee -a "$RESULTS/history.txt"
grep -E "Starting syncup|Syncup Done" "$RUN_DIR/logs/order-1.log" | tail -n 2 | cut -c1-24,100- | tee -a "$RESULTS/history.txt"
cmp "$dir/order_log_1.csv" "$RUN_DIR/data/order-2/order_log_2.csv" && echo "replica 1's log equals replica 2's"
