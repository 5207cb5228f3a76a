#!/usr/bin/env bash
# Regenerates pallets/data-contribution/src/weights.rs with frame-benchmarking, on this machine:
# builds the node with the `runtime-benchmarks` feature and runs `benchmark pallet` against the
# dev chain's runtime Wasm.
#
#   scripts/benchmark-weights.sh [STEPS] [REPEAT]   (default 20 and 10)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

steps="${1:-20}"
repeat="${2:-10}"

bash scripts/setup.sh
build_node --features runtime-benchmarks
"$NODE_BIN" benchmark pallet \
	--chain dev \
	--wasm-execution compiled \
	--pallet pallet_data_contribution \
	--extrinsic '*' \
	--steps "$steps" \
	--repeat "$repeat" \
	--template scripts/pallet-weight-template.hbs \
	--output pallets/data-contribution/src/weights.rs
echo "wrote pallets/data-contribution/src/weights.rs"
