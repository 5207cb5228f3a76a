#!/usr/bin/env bash
# Starts PostgreSQL (Debian's packages, installed by scripts/setup.sh) for the indexer, on
# 127.0.0.1 only, unless the one it started before still runs; prints the connection settings
# as shell assignments (DB_HOST, DB_PORT, DB_USER, DB_PASS, DB_DATABASE: SubQuery's names).
#
#   scripts/postgres.sh start    start it (or find it running), then print the settings
#   scripts/postgres.sh stop     stop it
#
# The data directory is outside the clone: $FAIRSHARE_PG_DIR, by default the project's cache
# ($HOME/.cache/fairshare/postgres). PostgreSQL refuses to run as root, so as root it runs as
# the `postgres` user that Debian's package creates, with its data under
# /var/cache/fairshare/postgres (root's home is closed to other users). The port is
# $FAIRSHARE_PG_PORT, 5433 by default, so that a system cluster on 5432 is left alone.
#
# The server has no Unix socket and listens on loopback only, and every connection needs the
# password this script generated into the data directory, which only the server's user reads:
# another local user can neither log in nor pass off a server of its own as this one (a port
# held by anything else is an error).
set -euo pipefail

PORT="${FAIRSHARE_PG_PORT:-5433}"
[[ "$PORT" =~ ^[0-9]{1,5}$ ]] || { echo "postgres.sh: FAIRSHARE_PG_PORT must be a port number" >&2; exit 2; }
if [ "$(id -u)" -eq 0 ]; then
	DIR="${FAIRSHARE_PG_DIR:-/var/cache/fairshare/postgres}"
	as_db() { runuser -u postgres -- "$@"; }
else
	DIR="${FAIRSHARE_PG_DIR:-$HOME/.cache/fairshare/postgres}"
	as_db() { "$@"; }
fi
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$BIN/pg_ctl" ] || { echo "postgres.sh: no PostgreSQL under /usr/lib/postgresql: run scripts/setup.sh" >&2; exit 1; }
PASSWORD_FILE="$DIR/password"

settings() {
	printf 'DB_HOST=127.0.0.1\nDB_PORT=%s\nDB_USER=postgres\nDB_PASS=%s\nDB_DATABASE=postgres\n' \
		"$PORT" "$(cat "$PASSWORD_FILE")"
}

ours_running() {
	as_db "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1
}

case "${1:-start}" in
start)
	if ours_running; then
		settings
		exit 0
	fi
	if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
		echo "postgres.sh: something else answers on 127.0.0.1:$PORT; set FAIRSHARE_PG_PORT" >&2
		exit 1
	fi
	if [ ! -f "$DIR/data/PG_VERSION" ]; then
		mkdir -p "$DIR"
		chmod 700 "$DIR"
		[ "$(id -u)" -ne 0 ] || chown postgres:postgres "$DIR"
		# A random password, readable only by the server's user (and root).
		(umask 077 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$PASSWORD_FILE")
		[ "$(id -u)" -ne 0 ] || chown postgres:postgres "$PASSWORD_FILE"
		as_db "$BIN/initdb" -D "$DIR/data" -U postgres --auth=scram-sha-256 \
			--pwfile="$PASSWORD_FILE" -E UTF8 >"$DIR/initdb.log" 2>&1 ||
			{ cat "$DIR/initdb.log" >&2; exit 1; }
	fi
	as_db "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
		-o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null ||
		{ tail -20 "$DIR/server.log" >&2; exit 1; }
	settings
	;;
stop)
	! ours_running || as_db "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
	;;
*)
	echo "usage: $0 start|stop" >&2
	exit 2
	;;
esac
