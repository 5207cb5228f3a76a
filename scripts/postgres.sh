#!/usr/bin/env bash
# Starts PostgreSQL (Debian's packages, installed by scripts/setup.sh) for the indexer, on
# 127.0.0.1 only, unless one already answers there; prints the connection settings as shell
# assignments (DB_HOST, DB_PORT, DB_USER, DB_PASS, DB_DATABASE: SubQuery's names).
#
#   scripts/postgres.sh start    start it (or find it running), then print the settings
#   scripts/postgres.sh stop     stop the one this script started
#
# The data directory is outside the clone: $FAIRSHARE_PG_DIR, by default the project's cache
# ($HOME/.cache/fairshare/postgres). PostgreSQL refuses to run as root, so as root it runs as
# the `postgres` user that Debian's package creates, with its data under
# /var/cache/fairshare/postgres (root's home is closed to other users). The port is
# $FAIRSHARE_PG_PORT, 5433 by default, so that a system cluster on 5432 is left alone.
set -euo pipefail

PORT="${FAIRSHARE_PG_PORT:-5433}"
if [ "$(id -u)" -eq 0 ]; then
	DIR="${FAIRSHARE_PG_DIR:-/var/cache/fairshare/postgres}"
	as_db() { runuser -u postgres -- "$@"; }
else
	DIR="${FAIRSHARE_PG_DIR:-$HOME/.cache/fairshare/postgres}"
	as_db() { "$@"; }
fi
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$BIN/pg_ctl" ] || { echo "postgres.sh: no PostgreSQL under /usr/lib/postgresql: run scripts/setup.sh" >&2; exit 1; }

settings() {
	printf 'DB_HOST=127.0.0.1\nDB_PORT=%s\nDB_USER=postgres\nDB_PASS=postgres\nDB_DATABASE=postgres\n' "$PORT"
}

case "${1:-start}" in
start)
	if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
		settings
		exit 0
	fi
	if [ ! -f "$DIR/data/PG_VERSION" ]; then
		mkdir -p "$DIR"
		[ "$(id -u)" -ne 0 ] || chown postgres:postgres "$DIR"
		# Trust on loopback only: the server listens nowhere else.
		as_db "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 >"$DIR/initdb.log" 2>&1 ||
			{ cat "$DIR/initdb.log" >&2; exit 1; }
	fi
	as_db "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
		-o "-p $PORT -c listen_addresses=127.0.0.1 -k $DIR" start >/dev/null ||
		{ tail -20 "$DIR/server.log" >&2; exit 1; }
	settings
	;;
stop)
	[ ! -f "$DIR/data/postmaster.pid" ] || as_db "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
	;;
*)
	echo "usage: $0 start|stop" >&2
	exit 2
	;;
esac
