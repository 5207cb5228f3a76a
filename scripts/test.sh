#!/usr/bin/env bash
# Sets up the machine if needed, builds, and runs every test: the cargo tests (pallets, RPC,
# node), the client library's checks, the end-to-end tests against real --dev nodes (with
# @polkadot/api, polkadot-api, and the web dashboard in headless Chromium), and the fault tests
# on a 4-validator local network (scripts/local-testnet.sh) that starts on the previous
# release's runtime and is upgraded to this one, after a new network launched from generated
# keys (scripts/new-network.sh).
# Exits non-zero on any failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

# Each step's header shows the seconds since the start, so that a log tells where the time went.
step() { printf '\n==> [%d s] %s\n' "$SECONDS" "$*"; }

step "setup"
bash scripts/setup.sh

step "build the release node"
build_node

step "cargo tests"
cargo test --release --locked --workspace

step "benchmarks as tests (impl_benchmark_test_suite!, feature runtime-benchmarks)"
cargo test --release --locked -p pallet-data-contribution -p pallet-validator-set \
	--features runtime-benchmarks benchmarking

step "client library: TypeScript declarations, PAPI descriptors, the dashboard's formatting"
node --test tests/clients/*.test.js

# Each file starts its own --dev node on free ports and spends most of its time waiting for
# blocks, so three files run at once (docs/build.md has the figures).
step "end-to-end tests against a real node ($FAIRSHARE_NODE): journeys, usage channels, the PAPI client, the dashboard in Chromium"
node --test --test-concurrency=3 --test-timeout=900000 tests/e2e/*.test.js

step "the upgrade test's runtimes: the previous release's, and this one's with the try-runtime checks"
upgrade_runtimes="$(bash scripts/build-upgrade-runtime.sh)"
eval "$upgrade_runtimes"
export FAIRSHARE_PREVIOUS_WASM FAIRSHARE_UPGRADE_WASM FAIRSHARE_TRY_RUNTIME_WASM

step "a new network launched from generated keys (3 validators), and fault tests on a 4-validator local network"
node --test --test-concurrency=1 --test-timeout=1800000 tests/testnet/*.test.js

step "every test passed"
