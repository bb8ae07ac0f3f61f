#!/usr/bin/env bash
# Checks docker-compose.yml end to end on this machine: builds and starts the stack (ports 8091-8095 on
# 127.0.0.1), looks up a stock, trades while the crash script kills the leader's container, checks that no trade
# failed and that the three order logs on the volumes are identical, restarts the whole stack and checks that the
# orders are still there. Removes the stack and its volumes at the end (project name stockbazaar-smoke).
#
#   scripts/compose-smoke.sh          needs jars (./mvnw package) and Docker; set BASE_IMAGE on a host without a registry
set -euo pipefail
trap 'echo "$0: failed at line $LINENO" >&2' ERR

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
COMPOSE=(docker-compose -p stockbazaar-smoke)
docker compose version >/dev/null 2>&1 && COMPOSE=(docker compose -p stockbazaar-smoke)
F=http://127.0.0.1:8091
cleanup() { "${COMPOSE[@]}" down -v >/dev/null 2>&1 || true; }
trap cleanup EXIT

for module in catalog-service order-service frontend-service; do
  ls "$module"/target/"$module"-*.jar >/dev/null 2>&1 || { echo "No $module jar: run ./mvnw package first" >&2; exit 1; }
done
up_log=$(mktemp)
"${COMPOSE[@]}" up --build -d >"$up_log" 2>&1 || { tail -n 30 "$up_log"; echo "docker-compose up failed" >&2; exit 1; }
for _ in $(seq 1 600); do
  [ "$(docker inspect -f '{{.State.Health.Status}}' bazaar-frontend 2>/dev/null)" = healthy ] && break
  sleep 0.2
done
[ "$(docker inspect -f '{{.State.Health.Status}}' bazaar-frontend)" = healthy ] \
  || { "${COMPOSE[@]}" logs --tail 30; echo "the front end did not become healthy" >&2; exit 1; }

curl -sf "$F/stocks/GameStart" | grep -q '"name":"GameStart"'
trade() { curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' \
  -d '{"name":"GameStart","quantity":1,"type":"sell"}' "$F/orders"; }
trade >/dev/null
codes=$(mktemp)
(for _ in $(seq 1 200); do trade; done > "$codes") &
traders=$!
scripts/simulate_crashes.sh --compose --leader 1
wait "$traders"
failed=$(grep -vc '^200$' "$codes" || true)
echo "trades during the crash: $(wc -l < "$codes"), failed: $failed"
[ "$failed" = 0 ]

logs() { for id in 1 2 3; do docker exec "bazaar-order-$id" md5sum "/data/order_log_$id.csv" | cut -d' ' -f1; done; }
for _ in $(seq 1 100); do [ "$(logs | sort -u | wc -l)" = 1 ] && break; sleep 0.2; done
[ "$(logs | sort -u | wc -l)" = 1 ] || { logs; echo "the order logs differ" >&2; exit 1; }
# one header line, numbers from 0
last=$(($(docker exec bazaar-order-1 cat /data/order_log_1.csv | wc -l) - 2))
echo "order logs identical, last order $last"

"${COMPOSE[@]}" stop >/dev/null 2>&1
"${COMPOSE[@]}" up -d >/dev/null 2>&1
for _ in $(seq 1 600); do
  [ "$(docker inspect -f '{{.State.Health.Status}}' bazaar-frontend 2>/dev/null)" = healthy ] && break
  sleep 0.2
done
curl -sf "$F/orders/$last" | grep -q '"name":"GameStart"' || { echo "order $last lost across a restart" >&2; exit 1; }
echo "compose stack: OK (order $last still there after a restart)"
