#!/usr/bin/env bash
# A local Fairshare testnet on loopback: the `local` chain (or the chain spec file FAIRSHARE_CHAIN
# names, with the same validators), validated by Alice, Bob, Charlie and Dave, each with its own
# base path, P2P, RPC and Prometheus ports, a fixed node key (so that the bootnode address never
# changes) and a log file.
#
#   scripts/local-testnet.sh start [NAME...]   start the named nodes (default: the four validators)
#   scripts/local-testnet.sh stop [NAME...]    stop the named nodes (default: every node it started)
#   scripts/local-testnet.sh status            each node's process, best and finalized block
#   scripts/local-testnet.sh peer-id NAME      a node's libp2p peer id
#
# NAME is one of alice bob charlie dave eve ferdie. alice to dave run with their well-known
# development session keys (`--alice` and so on), which the `local` genesis makes validators.
# eve and ferdie start as validator nodes with empty keystores: fresh keys come from
# `author_rotateKeysWithOwner` (see docs/validator.md) before Root adds them to the set.
#
# Node i (alice = 0) listens on P2P port FAIRSHARE_P2P_PORT + i (default 30333), JSON-RPC port
# FAIRSHARE_RPC_PORT + i (default 9944) and Prometheus port FAIRSHARE_PROMETHEUS_PORT + i
# (default 9615), all on 127.0.0.1. Base paths, logs and process ids live under
# FAIRSHARE_TESTNET_DIR (default $HOME/.local/share/fairshare/testnet): NAME/, NAME.log, NAME.pid.
# `stop` signals only the processes whose ids it recorded, and only if they are still this
# script's nodes; a restarted node resumes from its base path.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DIR="${FAIRSHARE_TESTNET_DIR:-$HOME/.local/share/fairshare/testnet}"
P2P_PORT="${FAIRSHARE_P2P_PORT:-30333}"
RPC_PORT="${FAIRSHARE_RPC_PORT:-9944}"
PROMETHEUS_PORT="${FAIRSHARE_PROMETHEUS_PORT:-9615}"
NAMES=(alice bob charlie dave eve ferdie)
GENESIS_VALIDATORS=(alice bob charlie dave)

die() { echo "local-testnet: $*" >&2; exit 1; }

index_of() {
	local i
	for i in "${!NAMES[@]}"; do
		[[ "${NAMES[$i]}" == "$1" ]] && { echo "$i"; return; }
	done
	die "unknown node '$1' (one of: ${NAMES[*]})"
}

# A fixed node key per node: 32 bytes whose last byte is the node's index + 1.
node_key() { printf '%064x' "$(( $(index_of "$1") + 1 ))"; }

peer_id() {
	node_key "$1" | "$FAIRSHARE_NODE" key inspect-node-key
}

pid_of() {
	local file="$DIR/$1.pid" pid
	[[ -f "$file" ]] || return 1
	pid="$(cat "$file")"
	# Only a live process that is this node (its command line names its base path) counts.
	[[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "--base-path $DIR/$1 " \
		&& echo "$pid"
}

start_node() {
	local name="$1" i pid
	i="$(index_of "$name")"
	if pid="$(pid_of "$name")"; then
		echo "$name is already running (pid $pid)"
		return
	fi
	local args=(
		--chain "${FAIRSHARE_CHAIN:-local}"
		--base-path "$DIR/$name"
		--name "$name"
		--node-key "$(node_key "$name")"
		--listen-addr "/ip4/127.0.0.1/tcp/$((P2P_PORT + i))"
		--rpc-port "$((RPC_PORT + i))"
		--prometheus-port "$((PROMETHEUS_PORT + i))"
		--no-mdns
		--no-telemetry
		--allow-private-ip
	)
	if [[ " ${GENESIS_VALIDATORS[*]} " == *" $name "* ]]; then
		args+=("--$name")
	else
		args+=(--validator)
	fi
	if [[ "$name" != alice ]]; then
		args+=(--bootnodes "/ip4/127.0.0.1/tcp/$P2P_PORT/p2p/$(peer_id alice)")
	fi
	mkdir -p "$DIR/$name"
	nohup "$FAIRSHARE_NODE" "${args[@]}" >> "$DIR/$name.log" 2>&1 < /dev/null &
	echo $! > "$DIR/$name.pid"
	echo "started $name (pid $!): rpc ws://127.0.0.1:$((RPC_PORT + i)), p2p $((P2P_PORT + i)), log $DIR/$name.log"
}

stop_node() {
	local name="$1" pid
	if ! pid="$(pid_of "$name")"; then
		rm -f "$DIR/$name.pid"
		return
	fi
	kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 1 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "$name did not stop in 20 s: SIGKILL"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$DIR/$name.pid"
	echo "stopped $name (pid $pid)"
}

rpc() {
	curl -sf -m 2 -H 'content-type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":${3:-[]}}" \
		"http://127.0.0.1:$1"
}

status() {
	local name i pid port best finalized
	for name in "${NAMES[@]}"; do
		pid="$(pid_of "$name")" || continue
		i="$(index_of "$name")"
		port=$((RPC_PORT + i))
		best="$(rpc "$port" chain_getHeader | sed -n 's/.*"number":"\(0x[0-9a-f]*\)".*/\1/p')"
		finalized="$(rpc "$port" chain_getFinalizedHead | sed -n 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/p')"
		finalized="$(rpc "$port" chain_getHeader "[\"$finalized\"]" | sed -n 's/.*"number":"\(0x[0-9a-f]*\)".*/\1/p')"
		printf '%-8s pid %-8s rpc %-5s best #%-6s finalized #%s\n' \
			"$name" "$pid" "$port" "$((best))" "$((finalized))"
	done
}

[[ -x "$FAIRSHARE_NODE" ]] || die "no node binary at $FAIRSHARE_NODE: run scripts/test.sh or cargo build --release -p fairshare-node"
mkdir -p "$DIR"
command="${1:-start}"
shift || true
case "$command" in
	start)
		names=("$@")
		[[ ${#names[@]} -gt 0 ]] || names=("${GENESIS_VALIDATORS[@]}")
		for name in "${names[@]}"; do start_node "$name"; done
		;;
	stop)
		names=("$@")
		[[ ${#names[@]} -gt 0 ]] || names=("${NAMES[@]}")
		for name in "${names[@]}"; do stop_node "$name"; done
		;;
	status) status ;;
	peer-id) peer_id "${1:?peer-id NAME}" ;;
	*) die "unknown command '$command': start, stop, status or peer-id" ;;
esac
