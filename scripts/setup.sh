#!/usr/bin/env bash
# Installs everything a fresh Debian 12 machine with rustup lacks to build, run and test Fairshare.
# Idempotent: each step checks first and does nothing when its work is already done.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

need_apt=()
for pkg in protobuf-compiler clang libclang-dev pkg-config libssl-dev make git curl ca-certificates; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
# Node.js 18+ with npm, for the @polkadot/api client tests. Some Node.js builds (NodeSource) ship npm
# inside the nodejs package, which conflicts with Debian's npm, so only ask for what is missing.
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
if [ "${#need_apt[@]}" -gt 0 ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	echo "setup: installing Debian packages: ${need_apt[*]}"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

if ! command -v rustup >/dev/null 2>&1; then
	echo "setup: rustup is required (https://rustup.rs); install it and re-run" >&2
	exit 1
fi
installed_targets="$(rustup target list --installed)"
for target in wasm32-unknown-unknown wasm32v1-none; do
	grep -qx "$target" <<<"$installed_targets" || rustup target add "$target"
done
rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src

# Client-side test dependencies, pinned by the committed package-lock.json.
if [ -f "$ROOT/package-lock.json" ]; then
	if [ ! -d "$ROOT/node_modules/@polkadot/api" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
		(cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
	fi
fi

echo "setup: done"
