#!/usr/bin/env bash
# CPU profile of a Gatehouse server under one scenario: bench/profile.sh DATA_DIR SCENARIO [SECONDS]
# (DATA_DIR seeded by bench/seed.mjs; needs `npm run build`). Prints the top self-time functions.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$1; scenario=$2; seconds=${3:-8}; port=19301
out=$(mktemp -d /tmp/gatehouse-prof-XXXX)
state=$(cat "$data/bench-state.json")
pool_id=$(node -pe "JSON.parse(process.argv[1]).poolId" "$state")
client_id=$(node -pe "JSON.parse(process.argv[1]).clientId" "$state")
users=$(node -pe "JSON.parse(process.argv[1]).users" "$state")
GATEHOUSE_DATA_DIR=$data GATEHOUSE_PORT=$port GATEHOUSE_LOG_LEVEL=warn \
  GATEHOUSE_ADMIN_ACCESS_KEY_ID=AKIDGATEHOUSEBENCH01 GATEHOUSE_ADMIN_SECRET_ACCESS_KEY=bench-secret-access-key-0123456789 \
  taskset -c 0 node --cpu-prof --cpu-prof-dir="$out" dist/cli/index.js serve >/dev/null &
pid=$!
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.05; done
taskset -c 1 node bench/load.mjs --url "http://127.0.0.1:$port" --scenario "$scenario" --pool-id "$pool_id" \
  --client-id "$client_id" --users "$users" --pid "$pid" --duration "$seconds" | grep -E '"(rps|cpuMsPerRequest)"'
kill -INT "$pid"; wait "$pid" || true
node bench/profile-summary.mjs "$out"/*.cpuprofile "${TOP:-40}"
[ -n "${KEEP:-}" ] && cp "$out"/*.cpuprofile /tmp/last-$scenario.cpuprofile; rm -rf "$out"
