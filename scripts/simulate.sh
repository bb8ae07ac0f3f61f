#!/usr/bin/env bash
# A long soak of the replication simulation's random fault schedules (default: a million), from a fresh seed or the
# one given: scripts/simulate.sh [SCHEDULES] [FIRST_SEED]. Every ./mvnw verify runs 10,000 from a fresh seed; a
# failure names its seed and the command that reruns it alone. How long a soak takes: docs/replication.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
schedules=${1:-1000000}
seed_option=("-Dbazaar.simulation.seed=${2:-random}")
cd "$ROOT"
./mvnw -q install -DskipTests -pl order-service -am
./mvnw -pl order-service test -Dtest='ReplicationSimulationTest#randomFaultSchedulesKeepTheInvariants' \
  "-Dbazaar.simulation.schedules=$schedules" "${seed_option[@]}" | grep -E 'random schedules|Tests run:|seed [0-9]+ \(|ERROR'
