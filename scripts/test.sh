#!/usr/bin/env bash
# Sets up the machine if needed, builds, and runs every test: the cargo tests (pallets, RPC,
# node), the client library's checks, the end-to-end tests against real --dev nodes (with
# @polkadot/api, polkadot-api, and the web dashboard in headless Chromium), and the fault tests
# on a 4-validator local network (scripts/local-testnet.sh) that starts on the previous
# release's runtime and is upgraded to this one, after a new network launched from generated
# keys (scripts/new-network.sh). The upgrade test's runtimes build in the background while the
# end-to-end and launch tests run.
# Exits non-zero on any failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

# Each step's header shows the seconds since the start, so that a log tells where the time went.
step() { printf '\n==> [%d s] %s\n' "$SECONDS" "$*"; }

# The upgrade test's runtimes take minutes of compiling; the end-to-end tests mostly wait for
# blocks, with the CPU about 90% idle (docs/build.md). So the runtimes build in the background,
# at the lowest CPU priority, while the end-to-end and launch tests run, and the fault tests wait
# for them. The build runs in a session and process group of its own, killed when this script
# exits, or by the build's own watchdog within 5 s if this script is killed outright.
upgrade_dir="$(mktemp -d)"
upgrade_pid=
stop_upgrade_runtimes() {
	[[ -z "$upgrade_pid" ]] || kill -- "-$upgrade_pid" 2> /dev/null || true
	rm -rf "$upgrade_dir"
}
trap stop_upgrade_runtimes EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The background build's shell ($1: the directory for its output, $2: this script's process).
# With the kernel's autogroups a nice value ranks a process only within its session, so the new
# session's own weight is set to the lowest too. The watchdog keeps the group, and so its id,
# alive until this script is gone, so the kill above never reaches another group.
upgrade_job='
	echo 19 > /proc/self/autogroup 2> /dev/null || true
	(while kill -0 "$2" 2> /dev/null; do sleep 5; done; kill -- "-$$") &
	bash scripts/build-upgrade-runtime.sh > "$1/env"
	echo "$?" > "$1/status"'

start_upgrade_runtimes() {
	setsid nice -n 19 bash -c "$upgrade_job" build-upgrade-runtime "$upgrade_dir" "$$" \
		2> "$upgrade_dir/log" &
	upgrade_pid=$!
}

# Waits for the background build, shows its output, and exports the paths it printed.
await_upgrade_runtimes() {
	wait "$upgrade_pid" || true
	cat "$upgrade_dir/log"
	if [[ "$(cat "$upgrade_dir/status" 2> /dev/null)" != 0 ]]; then
		echo "test.sh: building the upgrade test's runtimes failed (its output is above)" >&2
		exit 1
	fi
	printf 'built in the background; done at [%d s]\n' \
		"$(( $(stat -c %Y "$upgrade_dir/status") - started_at ))"
	eval "$(cat "$upgrade_dir/env")"
	export FAIRSHARE_PREVIOUS_WASM FAIRSHARE_UPGRADE_WASM FAIRSHARE_TRY_RUNTIME_WASM
}
started_at="$(( $(date +%s) - SECONDS ))"

# Runs a test command, showing its output, and fails when it fails or ran no test at all (a
# name filter that matches nothing, or a glob that finds no file, would otherwise pass). It
# counts cargo's "test result: ... N passed" lines and node's "pass N" summaries.
counted() {
	local log
	log="$(mktemp)"
	"$@" 2>&1 | tee "$log"
	local passed
	# (Colour codes, if a reporter added them, are dropped first.)
	passed="$(sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '
		/^test result: / { for (i = 1; i <= NF; i++) if ($i == "passed;") n += $(i - 1) }
		/^(#|ℹ) pass [0-9]+$/ { n += $3 }
		END { print n + 0 }')"
	rm -f "$log"
	if (( passed == 0 )); then
		echo "test.sh: no test ran in: $*" >&2
		return 1
	fi
	echo "test.sh: $passed tests passed"
}

step "setup"
bash scripts/setup.sh

step "build the release node"
build_node
# The tests run the node just built, whatever FAIRSHARE_NODE held before.
if [[ "$FAIRSHARE_NODE" != "$NODE_BIN" ]]; then
	echo "test.sh: FAIRSHARE_NODE=$FAIRSHARE_NODE is ignored: the tests run the node built above" >&2
fi
export FAIRSHARE_NODE="$NODE_BIN"
echo "test.sh: the tests run $FAIRSHARE_NODE ($("$FAIRSHARE_NODE" --version))"
# With FAIRSHARE_CARGO_TIMINGS=1 the build wrote cargo's --timings report: where its time went.
[[ -z "${FAIRSHARE_CARGO_TIMINGS:-}" ]] || node scripts/build-timings.mjs ||
	echo "test.sh: no timings to show (ignored)" >&2

step "cargo tests"
counted cargo test --release --locked --workspace --exclude fairshare-fuzz

# Its own step: the fuzzer's harness builds the runtime natively with try-runtime, which in
# the workspace's step would reach every crate that depends on the runtime. No Wasm: the harness
# runs the runtime natively, and no node runs this build.
step "the runtime fuzzer's corpus and past failures, replayed (fuzz/tests/replay.rs)"
SKIP_WASM_BUILD=1 counted cargo test --release --locked -p fairshare-fuzz

# One build for both feature sets: the benchmarks need runtime-benchmarks; the migration tests,
# try-runtime, to run each migration's pre_upgrade and post_upgrade checks on the releases'
# fixtures.
step "benchmarks as tests (impl_benchmark_test_suite!), and the storage migrations with their try-runtime checks"
# One run per name filter, so that each must find tests of its own.
bench_and_migrations=(cargo test --release --locked -p pallet-data-contribution
	-p pallet-validator-set --features runtime-benchmarks,pallet-data-contribution/try-runtime)
counted "${bench_and_migrations[@]}" -- benchmarking
counted "${bench_and_migrations[@]}" -- migrations

step "client library: TypeScript declarations, PAPI descriptors, the dashboard's formatting; scripts/build-timings.mjs"
counted node --test tests/clients/*.test.js tests/scripts/*.test.js

step "the upgrade test's runtimes, in the background: the previous release's, and this one's with the try-runtime checks"
start_upgrade_runtimes

# Each file starts its own --dev node on free ports and spends most of its time waiting for
# blocks, so three files run at once (docs/build.md has the figures).
step "end-to-end tests against a real node ($FAIRSHARE_NODE): journeys, usage channels, the PAPI client, the dashboard in Chromium"
counted node --test --test-concurrency=3 --test-timeout=900000 tests/e2e/*.test.js

# tests/testnet holds these two files: the launch test needs no upgrade runtime.
step "a new network launched from generated keys (3 validators)"
counted node --test --test-timeout=1800000 tests/testnet/launch.test.js

step "the upgrade test's runtimes: waiting for the background build"
await_upgrade_runtimes

step "fault tests on a 4-validator local network, started on the previous release's runtime and upgraded to this one"
counted node --test --test-timeout=1800000 tests/testnet/network.test.js

step "every test passed"
