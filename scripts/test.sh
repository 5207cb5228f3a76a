#!/usr/bin/env bash
# Sets up the machine if needed, builds, and runs every test: the cargo tests (pallet, RPC,
# node) and the end-to-end tests against real --dev nodes with @polkadot/api.
# Exits non-zero on any failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

step() { printf '\n==> %s\n' "$*"; }

step "setup"
bash scripts/setup.sh

step "build the release node"
build_node

step "cargo tests"
cargo test --release --locked --workspace

step "benchmarks as tests (impl_benchmark_test_suite!, feature runtime-benchmarks)"
cargo test --release --locked -p pallet-data-contribution --features runtime-benchmarks benchmarking

step "end-to-end tests against a real node ($FAIRSHARE_NODE)"
node --test --test-concurrency=1 tests/e2e/
