#!/usr/bin/env bash
# Measures `fairshare-node hash-dataset` on a small and a multi-gigabyte file in one run: peak
# memory (max RSS) and throughput, side by side. Memory must stay flat: the file is streamed.
#
#   scripts/bench-hash-dataset.sh [SIZE_GIB]   (default 4)
#
# The large file is sparse (`truncate`), so it takes no disk space; reading it still streams
# every byte through the hasher.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

size_gib="${1:-4}"
[ -x "$NODE_BIN" ] || build_node
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package: time)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
truncate -s 4M "$work/small.bin"
truncate -s "${size_gib}G" "$work/large.bin"

measure() { # file -> "max_rss_kib seconds"
	/usr/bin/time -f '%M %e' -o "$work/time" "$NODE_BIN" hash-dataset "$1" >/dev/null
	cat "$work/time"
}

read -r small_rss small_s < <(measure "$work/small.bin")
read -r large_rss large_s < <(measure "$work/large.bin")
bytes=$((size_gib * 1024 * 1024 * 1024))
printf 'machine: %s, %s cores\n' "$(uname -m)" "$(nproc)"
printf '%-12s %14s %14s %12s\n' file size max_rss_KiB seconds
printf '%-12s %14s %14s %12s\n' small.bin 4MiB "$small_rss" "$small_s"
printf '%-12s %14s %14s %12s\n' large.bin "${size_gib}GiB" "$large_rss" "$large_s"
awk -v a="$large_rss" -v b="$small_rss" -v s="$large_s" -v n="$bytes" 'BEGIN {
	printf "max RSS ratio large/small: %.3f\n", a / b
	printf "throughput on the large file: %.0f MiB/s\n", n / 1048576 / s
}'
