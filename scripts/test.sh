#!/usr/bin/env bash
# Sets up the machine if needed, builds, and runs every test: the cargo tests (pallets, RPC,
# node), the client library's checks, the end-to-end tests against real --dev nodes (with
# @polkadot/api, polkadot-api, and the web dashboard in headless Chromium), and the fault tests
# on a 4-validator local network (scripts/local-testnet.sh) that starts on the previous
# release's runtime and is upgraded to this one, after a new network launched from generated
# keys (scripts/new-network.sh), then the fuzzer's corpus replay and the benchmark and migration
# tests. The upgrade test's runtimes and those last tests' builds compile in the background while
# the end-to-end, launch and fault tests run.
# Exits non-zero on any failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

# Each step's header shows the seconds since the start, so that a log tells where the time went.
step() { printf '\n==> [%d s] %s\n' "$SECONDS" "$*"; }

# Two test steps compile FRAME and the runtime again with features of their own: the fuzzer's
# replay, natively with try-runtime (its harness runs the runtime natively, and no node runs this
# build, so no Wasm; in the workspace's step the feature would reach every crate that depends on
# the runtime), and the benchmark and migration tests, with runtime-benchmarks and try-runtime
# together (one build for both name filters: the migration tests run each migration's
# pre_upgrade and post_upgrade checks on the releases' fixtures).
fuzz_replay() { SKIP_WASM_BUILD=1 cargo test --release --locked -p fairshare-fuzz "$@"; }
bench_and_migrations() {
	cargo test --release --locked -p pallet-data-contribution -p pallet-validator-set \
		--features runtime-benchmarks,pallet-data-contribution/try-runtime "$@"
}
# clippy's lints over every crate and target, any warning an error. In the release profile, so
# that the build scripts and proc macros the node's build compiled serve it too; without the
# Wasm, which lints do not read.
lints() {
	SKIP_WASM_BUILD=1 cargo clippy --release --locked --workspace --all-targets -- -D warnings
}

# Those builds, clippy and the upgrade test's runtimes take minutes of compiling; the end-to-end
# tests mostly wait for blocks, with the CPU idle most of the time (docs/build.md). So they build
# in the background, at the lowest CPU priority, while the end-to-end, launch and fault tests run:
# the upgrade runtimes first, which the fault tests wait for, then the two test builds
# (`--no-run`), then clippy. The foreground runs those tests once all of it is done, so that one
# cargo runs at a time. The job runs in a session and process group of its own, killed when this
# script exits, or by the job's own watchdog within 5 s if this script is killed outright.
background_dir="$(mktemp -d)"
background_pid=
stop_background_builds() {
	[[ -z "$background_pid" ]] || kill -- "-$background_pid" 2> /dev/null || true
	rm -rf "$background_dir"
}
trap stop_background_builds EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The background job ($1: the directory for its output, $2: this script's process). With the
# kernel's autogroups a nice value ranks a process only within its session, so the new session's
# own weight is set to the lowest too. The watchdog keeps the group, and so its id, alive until
# this script is gone, so the kill above never reaches another group. Each part writes its output
# to PART.log and then, whole, its exit status to PART.status: upgrade, tests, lints.
background_builds() {
	echo 19 > /proc/self/autogroup 2> /dev/null || true
	(while kill -0 "$2" 2> /dev/null; do sleep 5; done; kill -- "-$$") &
	done_with() { echo "$2" > "$1/$3.status.new" && mv "$1/$3.status.new" "$1/$3.status"; }
	bash scripts/build-upgrade-runtime.sh > "$1/env" 2> "$1/upgrade.log"
	done_with "$1" "$?" upgrade
	{ fuzz_replay --no-run && bench_and_migrations --no-run; } > "$1/tests.log" 2>&1
	done_with "$1" "$?" tests
	lints > "$1/lints.log" 2>&1
	done_with "$1" "$?" lints
}
export -f background_builds fuzz_replay bench_and_migrations lints

start_background_builds() {
	setsid nice -n 19 bash -c 'background_builds "$@"' background-builds "$background_dir" "$$" \
		> "$background_dir/job.log" 2>&1 &
	background_pid=$!
}

# Waits until background part $1 is done (or the job is gone), and fails with its output if it
# failed; shows the end of its output, and when it was done, if it passed.
await_background() {
	local status="$background_dir/$1.status" output="$background_dir/$1.log"
	while [[ ! -f "$status" ]] && kill -0 "$background_pid" 2> /dev/null; do sleep 2; done
	if [[ "$(cat "$status" 2> /dev/null)" != 0 ]]; then
		cat "$output" "$background_dir/job.log" 2> /dev/null || true
		echo "test.sh: the background build '$1' failed (its output is above)" >&2
		exit 1
	fi
	tail -n 20 "$output"
	printf 'built in the background; done at [%d s]\n' \
		"$(( $(stat -c %Y "$status") - started_at ))"
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

step "formatting: cargo fmt --check (rustfmt.toml)"
cargo fmt --all --check

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

step "client library: TypeScript declarations, PAPI descriptors, the dashboard's formatting; scripts/build-timings.mjs"
counted node --test tests/clients/*.test.js tests/scripts/*.test.js

step "in the background: the upgrade test's runtimes (the previous release's, and this one's with the try-runtime checks), then the fuzzer's replay and the benchmark tests"
start_background_builds

# Each file starts its own nodes on free ports and spends most of its time waiting for blocks,
# so several files run at once (docs/build.md has the figures). tests/lib/run.mjs starts them in
# the order given (`node --test` sorts them): the longest first, so that the slots end together
# instead of one long file starting last; every other file follows in the glob's order. The
# launch test (a new 3-validator network from generated keys) needs no upgrade runtime, so it
# runs among them.
e2e_files() {
	local first=(lifecycle indexer-history journey shared-control dashboard bench-gateway
		bench-indexer indexer usage) name file
	for name in "${first[@]}"; do echo "tests/e2e/$name.test.js"; done
	for file in tests/e2e/*.test.js; do
		[[ " ${first[*]} " == *" $(basename "$file" .test.js) "* ]] || echo "$file"
	done
	echo tests/testnet/launch.test.js
}
mapfile -t end_to_end < <(e2e_files)
step "end-to-end tests against a real node ($FAIRSHARE_NODE): journeys, usage channels, the PAPI client, the dashboard in Chromium; a new network launched from generated keys"
counted node tests/lib/run.mjs --concurrency "${FAIRSHARE_E2E_CONCURRENCY:-4}" --timeout 900000 "${end_to_end[@]}"

step "the upgrade test's runtimes: waiting for the background build"
await_background upgrade
eval "$(cat "$background_dir/env")"
export FAIRSHARE_PREVIOUS_WASM FAIRSHARE_UPGRADE_WASM FAIRSHARE_TRY_RUNTIME_WASM

step "fault tests on a 4-validator local network, started on the previous release's runtime and upgraded to this one"
counted node --test --test-timeout=1800000 tests/testnet/network.test.js

step "the fuzzer's replay, the benchmark tests and clippy: waiting for the background build"
await_background tests
await_background lints

step "the runtime fuzzer's corpus and past failures, replayed (fuzz/tests/replay.rs)"
counted fuzz_replay

step "benchmarks as tests (impl_benchmark_test_suite!), and the storage migrations with their try-runtime checks"
# One run per name filter, so that each must find tests of its own.
counted bench_and_migrations -- benchmarking
counted bench_and_migrations -- migrations

step "every test passed"
