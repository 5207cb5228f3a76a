#!/usr/bin/env bash
# Starts the indexer: PostgreSQL (scripts/postgres.sh, reused if it runs), SubQuery's indexer
# following a Fairshare node's finalized blocks into it, and SubQuery's GraphQL server on
# http://127.0.0.1:PORT/ (POST { "query": … }). Everything listens on loopback only. Stopping
# this script (Ctrl-C, SIGTERM) stops both SubQuery processes (a SIGKILL of the script itself
# cannot: kill its process group); PostgreSQL keeps running (scripts/postgres.sh stop). Run
# again after a crash or `kill -9`, it resumes after the last block the database holds: blocks
# are written with the height reached in one transaction. While it runs, an indexer that exits
# on an error (a node that restarts) is started again, and resumes alike. See docs/indexer.md.
#
#   scripts/indexer.sh [--node ws://127.0.0.1:9944] [--port 3000] [--schema NAME]
#
# --schema names the database schema; by default one per chain, from its genesis hash. A chain
# restarted from scratch with the same genesis (a `--dev --tmp` node) needs a new name, or the
# old schema dropped, since its history differs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

node_url=ws://127.0.0.1:9944
port=3000
schema=
while [ $# -gt 0 ]; do
	case "$1" in
	--node) node_url="$2"; shift 2 ;;
	--port) port="$2"; shift 2 ;;
	--schema) schema="$2"; shift 2 ;;
	*) echo "usage: $0 [--node ws://HOST:PORT] [--port PORT] [--schema NAME]" >&2; exit 2 ;;
	esac
done
# They go into a manifest, a path and SQL: only plain values pass.
[[ "$node_url" =~ ^wss?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?$ ]] ||
	{ echo "indexer.sh: --node must be ws://HOST:PORT" >&2; exit 2; }
[[ "$port" =~ ^[0-9]{1,5}$ ]] && ((port < 65535)) || { echo "indexer.sh: --port must be a port number" >&2; exit 2; }
[[ -z "$schema" || "$schema" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] ||
	{ echo "indexer.sh: --schema must be a lower-case SQL name ([a-z_][a-z0-9_]*)" >&2; exit 2; }

indexer="$ROOT/clients/indexer"
[ -x "$indexer/node_modules/.bin/subql-node" ] || { echo "indexer.sh: run scripts/setup.sh first" >&2; exit 1; }
eval "$(bash "$ROOT/scripts/postgres.sh" start)"
export DB_HOST DB_PORT DB_USER DB_PASS DB_DATABASE

# The node's RPC answers HTTP on the same address as its WebSocket.
http_url="${node_url/#ws/http}"
genesis=
for _ in $(seq 1 60); do
	genesis="$(curl -sf -H 'content-type: application/json' \
		-d '{"jsonrpc":"2.0","id":1,"method":"chain_getBlockHash","params":[0]}' "$http_url" |
		sed -n 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/p')" && [ -n "$genesis" ] && break
	sleep 1
done
[ -n "$genesis" ] || { echo "indexer.sh: no node answers at $http_url" >&2; exit 1; }
schema="${schema:-fairshare_${genesis:2:16}}"

# SubQuery reads a project directory: the manifest names this chain and node.
project="$HOME/.cache/fairshare/indexer/$schema"
mkdir -p "$project"
cp -r "$indexer/schema.graphql" "$indexer/package.json" "$indexer/src" "$project/"
cat >"$project/project.yaml" <<YAML
specVersion: 1.0.0
name: fairshare-indexer
version: 0.1.0
runner:
  node:
    name: '@subql/node'
    version: '*'
  query:
    name: '@subql/query'
    version: '*'
schema:
  file: ./schema.graphql
network:
  chainId: '$genesis'
  endpoint:
    - '$node_url'
dataSources:
  - kind: substrate/Runtime
    startBlock: 1
    mapping:
      file: ./src/mappings.js
      handlers:
        - handler: handleBlock
          kind: substrate/BlockHandler
YAML

export TZ=UTC NODE_OPTIONS="${NODE_OPTIONS:-} --require $indexer/loopback.cjs"
pids=()
stop() {
	kill "${pids[@]}" 2>/dev/null || true
	wait "${pids[@]}" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 143' INT TERM
# Finalized blocks only (no --unfinalized-blocks), no historical state, and no dictionary: SubQuery
# looks its dictionary registry up all the same, so the registry named is a closed port on
# loopback, and nothing leaves the machine. Blocks are fetched 10 at a time: catching up on full
# blocks (2,200 payments each), SubQuery's default batch ran out of its 4 GB heap.
start_indexer() {
	"$indexer/node_modules/.bin/subql-node" -f "$project" --db-schema "$schema" --disable-historical \
		--network-dictionary false --dictionary-registry http://127.0.0.1:9/ --batch-size 10 \
		--port "$((port + 1))" --log-level info &
	pids[0]=$!
}
start_indexer
# The GraphQL server reads the tables the indexer creates at its start.
created=
for _ in $(seq 1 240); do
	created="$(PGPASSWORD="$DB_PASS" psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB_DATABASE" -tAc \
		"select to_regclass('\"$schema\"._metadata')" 2>/dev/null)" || true
	[ -n "$created" ] && break
	kill -0 "${pids[0]}" 2>/dev/null || { echo "indexer.sh: the indexer stopped" >&2; exit 1; }
	sleep 0.5
done
[ -n "$created" ] || { echo "indexer.sh: the indexer made no tables in 120 s" >&2; exit 1; }
"$indexer/node_modules/.bin/subql-query" --name "$schema" --port "$port" --log-level warn \
	--indexer "http://127.0.0.1:$((port + 1))" &
pids[1]=$!
echo "indexer.sh: indexing $node_url (genesis $genesis) into schema $schema; GraphQL on http://127.0.0.1:$port/"
# SubQuery's indexer exits with status 1 when it cannot fetch a block (the node restarting, say),
# by design, for a supervisor to start it again: it resumes after the last block the database
# holds. So it is started again 5 s later, for as long as this script runs; an error in a handler
# comes back each time, with its reason in the log. Killed by a signal, or the GraphQL server
# gone, everything stops.
while true; do
	status=0
	ended=
	wait -n -p ended "${pids[@]}" || status=$?
	if [[ "$ended" == "${pids[0]}" && "$status" == 1 ]]; then
		echo "indexer.sh: the indexer exited on an error; starting it again in 5 s" >&2
		sleep 5
		start_indexer
		continue
	fi
	echo "indexer.sh: $([[ "$ended" == "${pids[0]}" ]] && echo the indexer || echo the GraphQL server) ended (status $status)" >&2
	exit "$status"
done
