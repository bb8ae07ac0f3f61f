# The start every benchmark script shares; sourced as its first line: source "$(dirname "$0")/bench-lib.sh" NAME
# Stops at the first failing command (naming the line), sets ROOT, gives the benchmark its own run folder (run/NAME
# unless BAZAAR_RUN_DIR says otherwise) and its own ports (lib.sh's bench_stack), so a running stack is untouched.
set -euo pipefail
trap 'echo "$0: failed at line $LINENO" >&2' ERR
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export BAZAAR_RUN_DIR=${BAZAAR_RUN_DIR:-$ROOT/run/$1}
source "$ROOT/scripts/lib.sh"
bench_stack
