#!/usr/bin/env bash
# Writes a synthetic order history for the three replicas, for the history-scale benchmark:
#   scripts/generate-order-log.sh <orders> <run-folder> [orders-for-replica-1]
# Each replica's data folder <run-folder>/data/order-<id>/ gets order_log_<id>.csv and order_journal_<id>.csv with
# <orders> rows (replica 1 gets [orders-for-replica-1] rows, a prefix, to make it that far behind), all of epoch 1,
# and replica_<id>.json saying so. The catalog is not touched: its quantities will not match these orders, which
# the history benchmark does not need. Existing data in those folders is replaced.
set -euo pipefail

orders=${1:?usage: $0 <orders> <run-folder> [orders-for-replica-1]}
run=${2:?usage: $0 <orders> <run-folder> [orders-for-replica-1]}
first=${3:-$orders}
usage() { echo "usage: $0 <orders> <run-folder> [orders-for-replica-1]: $1" >&2; exit 2; }
[[ $orders =~ ^[0-9]+$ ]] || usage "<orders> must be a whole number of orders (digits only), not '$orders'"
[[ $first =~ ^[0-9]+$ ]] || usage "[orders-for-replica-1] must be a whole number (digits only), not '$first'"
# decimal, whatever leading zeros (awk and bash would disagree on 010), and replica 1 at most as far as the others
orders=$((10#$orders))
first=$((10#$first))
[ "$first" -le "$orders" ] || usage "replica 1 is to be behind: [orders-for-replica-1] at most <orders> ($orders)"

for id in 1 2 3; do
  rows=$orders
  [ "$id" = 1 ] && rows=$first
  dir="$run/data/order-$id"
  rm -rf "$dir"
  mkdir -p "$dir"
  awk -v n="$rows" -v logfile="$dir/order_log_$id.csv" -v journal="$dir/order_journal_$id.csv" 'BEGIN {
    split("GameStart BoarCo MenhirCo RottenFishCo AAPL AMZN GOOGL META NVDA NFLX", stocks, " ")
    print "transaction_number,name,type,quantity" > logfile
    print "transaction_number,epoch,request_id,name,type,quantity" > journal
    for (i = 0; i < n; i++) {
      stock = stocks[i % 10 + 1]; type = (i % 3 == 0 ? "buy" : "sell"); quantity = i % 5 + 1
      printf "%d,%s,%s,%d\n", i, stock, type, quantity > logfile
      printf "%d,1,gen-%012d,%s,%s,%d\n", i, i, stock, type, quantity > journal
    }
  }'
  printf '{"promisedEpoch":1,"logEpoch":1}' > "$dir/replica_$id.json"
done
echo "Wrote $orders orders for replicas 2 and 3, $first for replica 1, under $run/data"
