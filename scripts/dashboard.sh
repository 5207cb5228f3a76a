#!/usr/bin/env bash
# Builds the web dashboard (clients/web) and serves it on 127.0.0.1, printing its URL.
#
#   scripts/dashboard.sh [--port 5173] [--node ws://127.0.0.1:9944]
#
# The page talks straight to the node's WebSocket RPC (the URL is in the page, and in ?rpc=);
# nothing runs server-side but the static files. Stop it with Ctrl-C.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

port="${DASHBOARD_PORT:-5173}"
node_url="${FAIRSHARE_URL:-ws://127.0.0.1:9944}"
while [ $# -gt 0 ]; do
	case "$1" in
	--port) port="$2"; shift 2 ;;
	--node) node_url="$2"; shift 2 ;;
	*) echo "usage: $0 [--port PORT] [--node WS_URL]" >&2; exit 2 ;;
	esac
done

# The JavaScript dependencies, pinned by the lock file (scripts/setup.sh installs them too).
[ -d node_modules/vite ] || npm ci --no-audit --no-fund --loglevel=error
npm run --silent build -w clients/web -- --logLevel warn
echo "dashboard: http://127.0.0.1:${port}/?rpc=${node_url}"
exec npx --no-install vite preview clients/web --host 127.0.0.1 --port "$port" --strictPort --logLevel warn
