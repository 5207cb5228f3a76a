#!/usr/bin/env bash
# Builds the two runtimes the runtime-upgrade fault test needs besides the node's own, and prints
# where they are as shell assignments (for `eval`):
#
#   FAIRSHARE_PREVIOUS_WASM     the previous release's runtime (PREVIOUS_RELEASE below: the
#                               pallet's storage version 2), the genesis code of the test's
#                               4-validator network;
#   FAIRSHARE_UPGRADE_WASM      this tree's runtime, as the node embeds it (built by build_node):
#                               the code the test authorizes and enacts;
#   FAIRSHARE_TRY_RUNTIME_WASM  this tree's runtime built with the `try-runtime` feature, whose
#                               checks `fairshare-node try-runtime` runs against the live chain
#                               before the upgrade is authorized.
#
# Each builds in its own target directory ($HOME/.cache/fairshare/target-upgrade and
# target-try-runtime), so that none replaces the node's Wasm and the node never rebuilds because
# of them. Only `cargo check` runs on the native side: the Wasm comes from the runtime's build
# script. Both build with the toolchain rust-toolchain.toml pins. The previous release's sources
# are `git archive`d once from this repository's history (fetched if the clone is shallow) into
# $HOME/.cache/fairshare/previous-release/<commit>.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# The runtime a live network runs before this tree's runtime: the last commit before storage
# version 3 (licence terms and lineage). Move it forward when a release ships, with the calls
# tests/testnet/network.test.js makes under it.
PREVIOUS_RELEASE="${FAIRSHARE_PREVIOUS_RELEASE:-925b999d5876116c5745a159fa73ab98d6a1e284}"
CACHE="$HOME/.cache/fairshare"
UPGRADE_TARGET_DIR="${FAIRSHARE_UPGRADE_TARGET_DIR:-$CACHE/target-upgrade}"
TRY_RUNTIME_TARGET_DIR="${FAIRSHARE_TRY_RUNTIME_TARGET_DIR:-$CACHE/target-try-runtime}"
WASM=release/wbuild/fairshare-runtime/fairshare_runtime.compact.compressed.wasm
TOOLCHAIN="$(sed -n 's/^channel *= *"\(.*\)"$/\1/p' "$ROOT/rust-toolchain.toml")"

# Builds the runtime of the workspace at $1 into the target directory $2, with the features $3.
build_runtime() {
	(cd "$1" && RUSTUP_TOOLCHAIN="$TOOLCHAIN" CARGO_TARGET_DIR="$2" \
		cargo check --release --locked -p fairshare-runtime --features "$3") >&2
	[[ -f "$2/$WASM" ]] || { echo "build-upgrade-runtime: no Wasm at $2/$WASM" >&2; exit 1; }
}

if ! git -C "$ROOT" cat-file -e "$PREVIOUS_RELEASE^{commit}" 2>/dev/null; then
	echo "build-upgrade-runtime: fetching $PREVIOUS_RELEASE (a shallow clone)" >&2
	git -C "$ROOT" fetch --quiet --depth 1 origin "$PREVIOUS_RELEASE" >&2
fi
PREVIOUS_RELEASE="$(git -C "$ROOT" rev-parse "$PREVIOUS_RELEASE^{commit}")"
previous_src="$CACHE/previous-release/$PREVIOUS_RELEASE"
if [[ ! -f "$previous_src/Cargo.lock" ]]; then
	rm -rf "$previous_src.tmp" && mkdir -p "$previous_src.tmp"
	git -C "$ROOT" archive "$PREVIOUS_RELEASE" | tar -x -C "$previous_src.tmp"
	mv "$previous_src.tmp" "$previous_src"
fi
build_runtime "$previous_src" "$UPGRADE_TARGET_DIR" ""
cp "$UPGRADE_TARGET_DIR/$WASM" "$CACHE/previous-release/$PREVIOUS_RELEASE.wasm"

build_runtime "$ROOT" "$TRY_RUNTIME_TARGET_DIR" try-runtime

printf '%s=%q\n' \
	FAIRSHARE_PREVIOUS_WASM "$CACHE/previous-release/$PREVIOUS_RELEASE.wasm" \
	FAIRSHARE_UPGRADE_WASM "$CARGO_TARGET_DIR/$WASM" \
	FAIRSHARE_TRY_RUNTIME_WASM "$TRY_RUNTIME_TARGET_DIR/$WASM"
