#!/usr/bin/env bash
# The chaos harness: starts its own stack (catalog, three order replicas, front end) from the built jars on free
# ports of 127.0.0.1, drives concurrent clients, injects random faults one at a time (kill -9 the leader, a follower,
# a replica while it syncs up; SIGSTOP a replica, or the leader or the catalog past the order deadline; restart the
# catalog or the front end), then checks the history against what the stack stored. Prints the seed (replay with
# --seed), the counts and every violation found.
#
#   scripts/chaos.sh                                 one minute, random seed
#   scripts/chaos.sh --duration 30m --seed 42        a long run (docs/reliability.md)
#   scripts/chaos.sh --faults 12 --kinds kill-leader,pause-replica
#   scripts/chaos.sh --duration 3m --kinds pause-leader-long,stall-catalog-long --pause-leader-long 12s
#   scripts/chaos.sh --faults 6 --kinds kill-follower,wipe-replica   wipe-replica runs only when named
#
# Any option of 'client-load chaos --help'. Results (history.csv, faults.csv, summary.txt, and the stack's logs and
# data under stack/) go to run/chaos/<time>/ unless --out says otherwise. It never touches a process it did not
# start, and needs no running stack (and does not disturb one: its ports are free ones).
# Exit code: 0 no violation, 1 a violation (see summary.txt), 2 a bad command line, 3 could not run.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/lib.sh"
CLIENT_JAR=$(jar_of client-load)

build_if_stale catalog-service order-service frontend-service client-load

out_given=false
for arg in "$@"; do
  case $arg in -o|--out|--out=*) out_given=true ;; esac
done
args=(chaos --root "$ROOT")
if ! $out_given; then
  args+=(--out "$ROOT/run/chaos/$(date +%Y%m%d-%H%M%S)")
fi
exec "$(java_cmd)" -Xmx512m -jar "$CLIENT_JAR" "${args[@]}" "$@"
