#!/usr/bin/env bash
# Builds the two runtimes the runtime-upgrade fault test needs besides the node's own, and prints
# where they are as shell assignments (for `eval`):
#
#   FAIRSHARE_PREVIOUS_WASM     the previous release's runtime (PREVIOUS_RELEASE below), the
#                               genesis code of the test's 4-validator network;
#   FAIRSHARE_UPGRADE_WASM      this tree's runtime, as the node embeds it (built by build_node):
#                               the code the test authorizes and enacts;
#   FAIRSHARE_TRY_RUNTIME_WASM  this tree's runtime built with the `try-runtime` feature, whose
#                               checks `fairshare-node try-runtime` runs against the live chain
#                               before the upgrade is authorized.
#
# Both build in the node's own target directory ($CARGO_TARGET_DIR), for the host triple named
# explicitly (`--target`), which puts their native side and their Wasm project under
# $CARGO_TARGET_DIR/<host triple>/, apart from the node's: the node's Wasm is never replaced, and
# the node never rebuilds because of them. They share that Wasm project, where this runtime with
# try-runtime names its Wasm apart (runtime/build.rs). It is built without the metadata hash
# (which try-runtime's checks do not read), as the previous release is: both then resolve the
# same build tools, so wasm-opt's C++ build and the proc macros compile once for the two, and
# the Wasm is compiled once, not twice.
# Only `cargo check` runs on the native side: the Wasm comes from the runtime's build script.
# Both build with the toolchain rust-toolchain.toml pins. The previous release's sources are
# `git archive`d once from this repository's history (fetched if the clone is shallow) into
# $HOME/.cache/fairshare/previous-release/<commit>.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# The runtime a live network runs before this tree's runtime: commit 670b320, the last of
# spec_version 108 (the first spec with the curator council and referenda, through which
# tests/testnet/network.test.js authorizes the upgrade). Move it forward when a release ships, with the calls that test makes under it. The
# storage migration from version 2 (licence terms and lineage) is checked on the fixtures of a
# version-2 chain by the migration tests (docs/testing.md, "Storage migrations on each
# release's own bytes").
PREVIOUS_RELEASE="${FAIRSHARE_PREVIOUS_RELEASE:-670b3200eb3f772dbdb8031c59207d4cd8c39566}"
CACHE="$HOME/.cache/fairshare"
TOOLCHAIN="$(sed -n 's/^channel *= *"\(.*\)"$/\1/p' "$ROOT/rust-toolchain.toml")"
HOST="$(RUSTUP_TOOLCHAIN="$TOOLCHAIN" rustc -vV | sed -n 's/^host: //p')"
# The Wasm of the runtime built under $1 (a directory of the target directory), named $2.
wasm_path() { echo "$CARGO_TARGET_DIR/$1/wbuild/fairshare-runtime/$2.compact.compressed.wasm"; }
PREVIOUS_WASM="$(wasm_path "$HOST/release" fairshare_runtime)"
TRY_RUNTIME_WASM="$(wasm_path "$HOST/release" fairshare_runtime_try_runtime)"

# Checks the runtime of the workspace at $1 with the cargo arguments that follow, which builds its
# Wasm, and fails unless that Wasm is at $2.
build_runtime() {
	local workspace="$1" wasm="$2"
	shift 2
	(cd "$workspace" && RUSTUP_TOOLCHAIN="$TOOLCHAIN" \
		cargo check --release --locked -p fairshare-runtime "$@") >&2
	[[ -f "$wasm" ]] || { echo "build-upgrade-runtime: no Wasm at $wasm" >&2; exit 1; }
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
previous_wasm_copy="$CACHE/previous-release/$PREVIOUS_RELEASE.wasm"
build_runtime "$previous_src" "$PREVIOUS_WASM" --target "$HOST"
cp "$PREVIOUS_WASM" "$previous_wasm_copy"

build_runtime "$ROOT" "$TRY_RUNTIME_WASM" --target "$HOST" --no-default-features \
	--features std,try-runtime

printf '%s=%q\n' \
	FAIRSHARE_PREVIOUS_WASM "$previous_wasm_copy" \
	FAIRSHARE_UPGRADE_WASM "$(wasm_path release fairshare_runtime)" \
	FAIRSHARE_TRY_RUNTIME_WASM "$TRY_RUNTIME_WASM"
