#!/usr/bin/env bash
# Builds the runtime Wasm with `spec_version` one higher than the node's (cargo feature
# `spec-version-bump`): the code that the runtime-upgrade fault test enacts with
# sudo(system.setCode). Prints the path of the compressed Wasm on stdout.
#
# It builds in its own target directory (default $HOME/.cache/fairshare/target-upgrade), so that
# it never replaces the Wasm in the node's target directory. Only `cargo check` runs on the
# native side: the Wasm comes from the runtime's build script.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

UPGRADE_TARGET_DIR="${FAIRSHARE_UPGRADE_TARGET_DIR:-$HOME/.cache/fairshare/target-upgrade}"
(cd "$ROOT" && CARGO_TARGET_DIR="$UPGRADE_TARGET_DIR" \
	cargo check --release --locked -p fairshare-runtime --features spec-version-bump) >&2
wasm="$UPGRADE_TARGET_DIR/release/wbuild/fairshare-runtime/fairshare_runtime.compact.compressed.wasm"
if [[ ! -f "$wasm" ]]; then
	echo "build-upgrade-runtime: no Wasm at $wasm" >&2
	exit 1
fi
echo "$wasm"
