#!/usr/bin/env bash
# A long soak of the replication simulation's random fault schedules (default: a million), from a fresh seed or the
# one given: scripts/simulate.sh [SCHEDULES] [FIRST_SEED]. Every ./mvnw verify runs 10,000 from a fresh seed; a
# failure names its seed and the command that reruns it alone. How long a soak takes: docs/replication.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
schedules=${1:-1000000}
seed=${2:-random}
[[ $schedules =~ ^[1-9][0-9]*$ && $seed =~ ^([0-9]+|random)$ ]] \
  || { echo "usage: $0 [SCHEDULES, digits only] [FIRST_SEED, digits only]" >&2; exit 2; }
cd "$ROOT"
# the order service's tests only, on the service-support it builds on: the order service's jar, and the AOT cache
# recorded for it, stay as they are
./mvnw -q install -DskipTests -pl service-support -am
./mvnw -B -pl order-service test -Dtest='ReplicationSimulationTest#randomFaultSchedulesKeepTheInvariants' \
  "-Dbazaar.simulation.schedules=$schedules" "-Dbazaar.simulation.seed=$seed" \
  | grep -E 'random schedules|Tests run:|seed [0-9]+ \(|ERROR'
