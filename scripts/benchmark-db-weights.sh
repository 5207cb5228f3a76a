#!/usr/bin/env bash
# Measures the node's database weights (the cost of one storage read and one write) with
# `fairshare-node benchmark storage` on a ParityDB state, and writes them to
# runtime/src/weights/paritydb_weights.rs, which the runtime charges as `DbWeight`.
#
#   scripts/benchmark-db-weights.sh --base-path DIR   (the runtime's figures: DIR holds a state
#                                                      of network size, docs/scale.md)
#   scripts/benchmark-db-weights.sh [ACCOUNTS=20000]  (a small state, for a quick look)
#
# Builds the node with `runtime-benchmarks`. With --base-path it benchmarks the database in DIR,
# a development chain's (`fairshare-node populate-state --chain dev --base-path DIR` writes ten
# million keys): 100,000 consecutive keys from a seeded point. Otherwise it starts a dev chain in
# a fresh base path, fills its state with ACCOUNTS new accounts (scripts/populate-state.mjs),
# stops it, and benchmarks every key of that database. Writes are measured in batches of 1,000
# keys (a busy block's worth), each batch committed with its storage root, and charged per key,
# at the 99th percentile. Like scripts/benchmark-weights.sh, it leaves the benchmark build as the
# node binary.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

bash scripts/setup.sh
build_node --features runtime-benchmarks

# The benchmark itself, on the database in $1, with the arguments after it.
benchmark() {
	"$NODE_BIN" benchmark storage --chain dev --base-path "$1" --state-version 1 --warmups 1 \
		--batch-size 1000 --metric p99 --weight-path runtime/src/weights/ "${@:2}"
	echo "wrote runtime/src/weights/paritydb_weights.rs"
}
if [[ "${1:-}" == --base-path ]]; then
	[[ -d "${2:-}" ]] || { echo "benchmark-db-weights.sh: --base-path needs a database directory" >&2; exit 1; }
	benchmark "$2" --keys-limit 100000 --random-seed 7
	exit
fi
accounts="${1:-20000}"

base="$(mktemp -d -t fairshare-dbweights.XXXXXX)"
port=$(( 30000 + RANDOM % 20000 ))
"$NODE_BIN" --dev --base-path "$base" --rpc-port "$port" --no-prometheus --no-telemetry \
	--pool-limit 100000 --pool-kbytes 262144 >"$base/node.log" 2>&1 &
node_pid=$!
trap 'kill "$node_pid" 2>/dev/null || true; rm -rf "$base"' EXIT
for _ in $(seq 1 120); do
	kill -0 "$node_pid" 2>/dev/null || { tail -20 "$base/node.log" >&2; echo "the node exited" >&2; exit 1; }
	curl -sf -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"system_health"}' \
		"http://127.0.0.1:$port" >/dev/null && break
	sleep 1
done
node scripts/populate-state.mjs "ws://127.0.0.1:$port" "$accounts"
# Let the last blocks finalize, then stop the node cleanly.
sleep 12
kill -TERM "$node_pid"
wait "$node_pid" || true

benchmark "$base"
