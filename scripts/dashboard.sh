#!/usr/bin/env bash
# Builds the web dashboard (clients/web) and serves it on 127.0.0.1, printing its URL.
#
#   scripts/dashboard.sh [--port 5173] [--node ws://127.0.0.1:9944] [--indexer http://127.0.0.1:3000/]
#
# The page talks straight to the node's WebSocket RPC (the URL is in the page, and in ?rpc=) and
# to the indexer's GraphQL server (scripts/indexer.sh; ?indexer=) for the history; nothing runs
# server-side but the static files. Stop it with Ctrl-C.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

port="${DASHBOARD_PORT:-5173}"
node_url="${FAIRSHARE_URL:-ws://127.0.0.1:9944}"
indexer_url="${FAIRSHARE_INDEXER:-http://127.0.0.1:3000/}"
while [ $# -gt 0 ]; do
	case "$1" in
	--port) port="$2"; shift 2 ;;
	--node) node_url="$2"; shift 2 ;;
	--indexer) indexer_url="$2"; shift 2 ;;
	*) echo "usage: $0 [--port PORT] [--node WS_URL] [--indexer HTTP_URL]" >&2; exit 2 ;;
	esac
done
[[ "$indexer_url" =~ ^https?://[A-Za-z0-9.:/_-]+$ ]] || { echo "dashboard.sh: --indexer takes an http(s) URL" >&2; exit 2; }

# The JavaScript dependencies, pinned by the lock file (scripts/setup.sh installs them too).
[ -d node_modules/vite ] || npm ci --no-audit --no-fund --loglevel=error
npm run --silent build -w clients/web -- --logLevel warn
echo "dashboard: http://127.0.0.1:${port}/?rpc=${node_url}&indexer=${indexer_url}"
exec npx --no-install vite preview clients/web --host 127.0.0.1 --port "$port" --strictPort --logLevel warn
