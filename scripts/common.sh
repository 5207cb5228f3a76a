# Shared settings for the project's scripts: source it, do not run it.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# One cargo target directory outside the clone, so that fresh clones build incrementally.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/fairshare/target}"
NODE_BIN="$CARGO_TARGET_DIR/release/fairshare-node"
export FAIRSHARE_NODE="${FAIRSHARE_NODE:-$NODE_BIN}"

# Builds the release node (and with it the Wasm runtime). With FAIRSHARE_CARGO_TIMINGS set, cargo
# also writes where the time went to $CARGO_TARGET_DIR/cargo-timings/ (docs/build.md).
build_node() {
	(cd "$ROOT" && cargo build --release --locked -p fairshare-node ${FAIRSHARE_CARGO_TIMINGS:+--timings} "$@")
}
