#!/usr/bin/env bash
# Sets up the machine if needed, builds the release node and starts a single --dev validator.
# JSON-RPC (HTTP and WebSocket) listens on 127.0.0.1:9944. Extra arguments go to the node,
# e.g. `scripts/dev-node.sh --base-path /tmp/fairshare` to keep the chain between runs.
# `--archive` keeps every block's state (`--state-pruning archive --blocks-pruning archive`), as
# the node an indexer follows should (docs/indexer.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

args=()
for arg in "$@"; do
	if [ "$arg" = --archive ]; then
		args+=(--state-pruning archive --blocks-pruning archive)
	else
		args+=("$arg")
	fi
done

bash "$ROOT/scripts/setup.sh"
build_node
exec "$NODE_BIN" --dev --rpc-port 9944 "${args[@]}"
