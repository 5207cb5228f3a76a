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
# (default 9615), all on 127.0.0.1. A base of 0 lets every node bind free ports of its own, so
# that networks started at once never race for one (the fault tests do this): `start` then waits
# until a node's log names its JSON-RPC port, and the others find alice, the bootnode, at the P2P
# address her RPC reports (so on free ports alice starts first, and a restarted alice finds the
# others only when they restart or dial her). Base paths, logs, process ids and JSON-RPC ports live under
# FAIRSHARE_TESTNET_DIR (default $HOME/.local/share/fairshare/testnet): NAME/, NAME.log, NAME.pid,
# NAME.rpc-port.
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

# Node $2's port from base $1: 0 stays 0, for the node to pick.
port_of() { (( $1 == 0 )) && echo 0 || echo "$(( $1 + $2 ))"; }

# The JSON-RPC port of a running node, as start_node recorded it.
rpc_port() { cat "$DIR/$1.rpc-port" 2> /dev/null; }

# Where the other nodes find alice: her fixed port, or the P2P address her RPC reports.
bootnode() {
	if (( P2P_PORT != 0 )); then
		echo "/ip4/127.0.0.1/tcp/$P2P_PORT/p2p/$(peer_id alice)"
		return
	fi
	local port address
	pid_of alice > /dev/null && port="$(rpc_port alice)" ||
		die "alice, the bootnode, must run before the others start on free ports"
	for _ in $(seq 1 10); do
		address="$(rpc "$port" system_localListenAddresses |
			grep -o '"/ip4/127\.0\.0\.1/tcp/[0-9]*/p2p/[^"]*"' | head -n 1 | tr -d '"' || true)"
		[[ -z "$address" ]] || { echo "$address"; return; }
		sleep 0.5
	done
	die "alice's RPC (port $port) reported no loopback P2P address in 10 tries"
}

# What start_node launched and record_rpc_port has yet to see: each node's process id, and how
# many JSON-RPC ports its log named before (the earlier runs').
declare -A STARTING_PID STARTING_RUNS

# Waits until the log of node $1, being started, names its new JSON-RPC port, and records it in
# NAME.rpc-port; at most 60 s.
record_rpc_port() {
	local name="$1" pid="${STARTING_PID[$1]}" before="${STARTING_RUNS[$1]}" found
	for _ in $(seq 1 300); do
		found="$(grep -o 'Running JSON-RPC server: addr=127\.0\.0\.1:[0-9]*' "$DIR/$name.log" |
			sed -n "$((before + 1))p" || true)"
		if [[ -n "$found" ]]; then
			echo "${found##*:}" > "$DIR/$name.rpc-port"
			unset "STARTING_PID[$name]" "STARTING_RUNS[$name]"
			echo "started $name (pid $pid): rpc ws://127.0.0.1:${found##*:}, log $DIR/$name.log"
			return
		fi
		kill -0 "$pid" 2> /dev/null || die "$name exited at start: see $DIR/$name.log"
		sleep 0.2
	done
	die "$name named no JSON-RPC port in its log within 60 s: see $DIR/$name.log"
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
		--listen-addr "/ip4/127.0.0.1/tcp/$(port_of "$P2P_PORT" "$i")"
		--rpc-port "$(port_of "$RPC_PORT" "$i")"
		--prometheus-port "$(port_of "$PROMETHEUS_PORT" "$i")"
		--no-mdns
		--no-telemetry
		--allow-private-ip
		# Validators side by side on one machine: measuring it for each says nothing of theirs.
		--no-hardware-benchmarks
	)
	if [[ " ${GENESIS_VALIDATORS[*]} " == *" $name "* ]]; then
		args+=("--$name")
	else
		args+=(--validator)
	fi
	if [[ "$name" != alice ]]; then
		local address
		address="$(bootnode)"
		args+=(--bootnodes "$address")
	fi
	mkdir -p "$DIR/$name"
	touch "$DIR/$name.log"
	STARTING_RUNS[$name]="$(grep -c 'Running JSON-RPC server' "$DIR/$name.log" || true)"
	nohup "$FAIRSHARE_NODE" "${args[@]}" >> "$DIR/$name.log" 2>&1 < /dev/null &
	STARTING_PID[$name]=$!
	echo "$!" > "$DIR/$name.pid"
	# The others need the bootnode's address; the rest start side by side.
	[[ "$name" != alice ]] || record_rpc_port alice
}

stop_node() {
	local name="$1" pid
	if ! pid="$(pid_of "$name")"; then
		rm -f "$DIR/$name.pid" "$DIR/$name.rpc-port"
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
	rm -f "$DIR/$name.pid" "$DIR/$name.rpc-port"
	echo "stopped $name (pid $pid)"
}

rpc() {
	curl -sf -m 2 -H 'content-type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":${3:-[]}}" \
		"http://127.0.0.1:$1"
}

status() {
	local name pid port best finalized
	for name in "${NAMES[@]}"; do
		pid="$(pid_of "$name")" || continue
		port="$(rpc_port "$name")" || continue
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
		for name in "${!STARTING_PID[@]}"; do record_rpc_port "$name"; done
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
