#!/usr/bin/env bash
# Full benchmark: builds, then Gatehouse at 1,000 and 1,000,000 users and cognito-local at 1,000,
# each scenario 3 × 10 s; the load generator (this runner) on core 1, servers on core 0.
# Usage: bench/run.sh [COGNITO_LOCAL_DIR]   (default /tmp/cognito-local/node_modules/cognito-local;
#        install it outside the repo: npm install --prefix /tmp/cognito-local cognito-local@5.3.0)
# Environment: USERS_LIST="1000 1000000", RUNS=3, DURATION=10, OUT=/tmp/gatehouse-bench-results
set -euo pipefail
cd "$(dirname "$0")/.."
cognito_local=${1:-/tmp/cognito-local/node_modules/cognito-local}
out=${OUT:-/tmp/gatehouse-bench-results}
mkdir -p "$out"
npm run -s build
{
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), Node $(node -v), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  for users in ${USERS_LIST:-1000 1000000}; do
    taskset -c 1 node bench/run.mjs --target gatehouse --users "$users" --runs "${RUNS:-3}" --duration "${DURATION:-10}" \
      --data "${DATA_PREFIX:-/tmp/gatehouse-bench}-$users" --out "$out/gatehouse-$users.json"
    echo
  done
  if [ -d "$cognito_local" ]; then
    taskset -c 1 node bench/run.mjs --target cognito-local --cognito-local "$cognito_local" --users 1000 \
      --runs "${RUNS:-3}" --duration "${DURATION:-10}" --out "$out/cognito-local-1000.json"
    echo
    node bench/compare.mjs "$out/gatehouse-1000.json" "$out/cognito-local-1000.json"
  fi
} | tee "$out/report.md"
