#!/usr/bin/env bash
# Builds the Debian package of the node, fairshare-node_<version>_amd64.deb, with dpkg-deb, from
# the release binary (built first if it is not fresh). It carries:
# - /usr/bin/fairshare-node;
# - the systemd unit /lib/systemd/system/fairshare-node.service (scripts/deb/), neither enabled
#   nor started: a validator needs its chain spec and keys first;
# - /etc/default/fairshare-node, the node's flags (a conffile: an upgrade keeps your edits);
# - /usr/share/doc/fairshare-node/validator.md, the operator's guide;
# - a postinst that makes the `fairshare` system user and /var/lib/fairshare (mode 0750).
# The version is the binary's with the commit's number in the history, so that later builds sort
# later: 0.1.0-3f8c51a7efa, the 212th commit, becomes 0.1.0+git212.3f8c51a7efa.
#
#   scripts/package-deb.sh [--binary PATH] [OUTDIR]
#
# OUTDIR defaults to $HOME/.cache/fairshare/deb; the script prints the .deb's path. With
# --binary it packages that node binary instead of building one (the tests pass the node that
# scripts/test.sh built, so that no cargo runs beside them); its --version must then name this
# checkout's commit. Nothing more is checked: a build with other features, or from uncommitted
# changes, names the same commit.
#
# Install: `sudo apt install ./fairshare-node_…_amd64.deb` (docs/validator.md, "Install").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

binary=
given=
if [[ "${1:-}" == --binary ]]; then
	[[ -n "${2:-}" && -f "$2" && -x "$2" ]] || { echo "package-deb.sh: --binary needs an executable file" >&2; exit 1; }
	binary="$2"
	given=1
	shift 2
fi
out="${1:-$HOME/.cache/fairshare/deb}"
if [[ -z "$binary" ]]; then
	build_node >&2
	binary="$NODE_BIN"
fi
reported="$("$binary" --version)"
[[ "$reported" =~ ^fairshare-node\ ([0-9]+\.[0-9]+\.[0-9]+)(-([0-9a-f]+))?$ ]] ||
	{ echo "package-deb.sh: unexpected --version output: $reported" >&2; exit 1; }
version="${BASH_REMATCH[1]}"
commit="${BASH_REMATCH[3]}"
if [[ -z "$commit" && -n "$given" ]]; then
	echo "package-deb.sh: --binary $binary names no commit in its version ($reported)" >&2
	exit 1
fi
if [ -n "$commit" ]; then
	[[ "$(git -C "$ROOT" rev-parse HEAD)" == "$commit"* ]] ||
		{ echo "package-deb.sh: the binary is of commit $commit, not of this checkout's HEAD" >&2; exit 1; }
	version+="+git$(git -C "$ROOT" rev-list --count HEAD).$commit"
fi

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
deb="$ROOT/scripts/deb"
install -D -m 0755 "$binary" "$stage/usr/bin/fairshare-node"
install -D -m 0644 "$deb/fairshare-node.service" "$stage/lib/systemd/system/fairshare-node.service"
install -D -m 0644 "$deb/default" "$stage/etc/default/fairshare-node"
install -D -m 0644 "$ROOT/docs/validator.md" "$stage/usr/share/doc/fairshare-node/validator.md"
cat >"$stage/usr/share/doc/fairshare-node/copyright" <<'EOF'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: fairshare

Files: *
Copyright: Fairshare developers
License: Apache-2.0
 On Debian systems, the full text of the Apache License 2.0 is in
 /usr/share/common-licenses/Apache-2.0.
EOF

mkdir -m 0755 "$stage/DEBIAN"
install -m 0755 "$deb/postinst" "$deb/prerm" "$deb/postrm" "$stage/DEBIAN/"
echo /etc/default/fairshare-node >"$stage/DEBIAN/conffiles"
cat >"$stage/DEBIAN/control" <<EOF
Package: fairshare-node
Version: $version
Architecture: amd64
Maintainer: Fairshare developers <fairshare@example.invalid>
Section: net
Priority: optional
Depends: libc6 (>= 2.36), libgcc-s1, libssl3, passwd
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Description: Fairshare blockchain node
 The node of Fairshare, a Substrate chain that records hashed dataset
 contributions and model-usage events, and pays every contributor pro rata,
 per query, when a model trained on their data is used. Run it as a validator
 or an RPC node under systemd (fairshare-node.service).
EOF

mkdir -p "$out"
file="$out/fairshare-node_${version}_amd64.deb"
# xz at level 1: 4 s, where the default level took minutes on this machine for a few MB less.
dpkg-deb --root-owner-group -Zxz -z1 --build "$stage" "$file" >&2
echo "$file"
