#!/usr/bin/env bash
# Runs the runtime fuzzer (fuzz/, docs/testing.md) for SECONDS seconds (default 600); not part
# of CI, which replays the committed corpus instead (`cargo test -p fairshare-fuzz`).
#
# Builds fuzz_targets/runtime.rs with libFuzzer (libfuzzer-sys, which compiles libFuzzer from
# its own sources with the machine's C++ compiler) and SanitizerCoverage instrumentation, on the
# stable toolchain without sanitizers, in a target directory of its own
# ($HOME/.cache/fairshare/target-fuzz: instrumented code never mixes with the node's). The
# corpus grows in $HOME/.cache/fairshare/fuzz/corpus, seeded from fuzz/corpus/runtime; an input
# that fails a check is written to $HOME/.cache/fairshare/fuzz/artifacts/. Keep it, once fixed,
# in fuzz/regressions/ (tests/replay.rs replays it).
#
# Usage: scripts/fuzz.sh [SECONDS] [extra libFuzzer flags, e.g. -jobs=2 -workers=2]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

seconds="${1:-600}"
shift || true
work="$HOME/.cache/fairshare/fuzz"
target_dir="$HOME/.cache/fairshare/target-fuzz"
host="$(rustc -vV | sed -n 's/^host: //p')"
mkdir -p "$work/corpus" "$work/artifacts"
cp -n fuzz/corpus/runtime/* "$work/corpus/"

# What cargo-fuzz passes with `--sanitizer none`: coverage counters, the comparisons' operands
# for libFuzzer to solve, and `--cfg fuzzing`; with overflow checks and debug assertions on, so
# that an unchecked overflow is found, not wrapped. `--target` keeps the flags off build
# scripts and proc macros.
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
# The harness runs the runtime natively: no Wasm is built, and no node runs this build.
SKIP_WASM_BUILD=1 CARGO_TARGET_DIR="$target_dir" cargo build --release --locked \
	-p fairshare-fuzz --features libfuzzer --bin runtime-fuzzer --target "$host"

echo "fuzz.sh: fuzzing for $seconds s; corpus $work/corpus, failures in $work/artifacts" >&2
exec "$target_dir/$host/release/runtime-fuzzer" -max_total_time="$seconds" \
	-artifact_prefix="$work/artifacts/" -print_final_stats=1 "$@" "$work/corpus"
