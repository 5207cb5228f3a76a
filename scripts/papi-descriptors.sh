#!/usr/bin/env bash
# Regenerates the typed PAPI descriptors (clients/js/.papi) and the polkadot.js declarations of
# the RPC's answers (clients/js/rpc-types.d.ts) from a running node's metadata, after a runtime
# change. Starts a fresh --dev node of the built binary unless a URL is given.
#
#   scripts/papi-descriptors.sh [ws://127.0.0.1:9944]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

url="${1:-}"
if [ -z "$url" ]; then
	[ -x "$FAIRSHARE_NODE" ] || { echo "no node at $FAIRSHARE_NODE: build it first (scripts/test.sh or cargo build --release -p fairshare-node)" >&2; exit 1; }
	base="$(mktemp -d)"
	port=19944
	"$FAIRSHARE_NODE" --dev --base-path "$base" --rpc-port "$port" --no-prometheus --no-telemetry --no-mdns \
		--listen-addr /ip4/127.0.0.1/tcp/0 >"$base/node.log" 2>&1 &
	node_pid=$!
	trap 'kill "$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true; rm -rf "$base"' EXIT
	url="ws://127.0.0.1:$port"
	for _ in $(seq 1 120); do
		curl -sf -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"system_health"}' "http://127.0.0.1:$port" >/dev/null && break
		kill -0 "$node_pid" 2>/dev/null || { cat "$base/node.log" >&2; exit 1; }
		sleep 0.5
	done
fi

cd clients/js
# Node.js 20 has WebSocket only behind a flag; the PAPI CLI needs it to read the metadata.
NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-websocket" npx --no-install papi add fairshare --wsUrl "$url" --skip-codegen
rm -f .papi/descriptors/generated.json
npx --no-install papi generate >/dev/null
# The descriptors package's version names the metadata: the lock file records it.
(cd "$ROOT" && npm install --no-audit --no-fund --loglevel=error)
# The polkadot.js declarations of the RPC's answers come from the same metadata.
(cd "$ROOT" && node scripts/rpc-types.mjs)
echo "descriptors regenerated from $url: commit clients/js/.papi, clients/js/rpc-types.d.ts and package-lock.json"
