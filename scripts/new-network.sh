#!/usr/bin/env bash
# Makes the raw chain spec of a new Fairshare network, with no development account or key:
#
#   scripts/new-network.sh NETWORK.json OUT_DIR
#
# NETWORK.json names the chain, its id and protocol id, the genesis validators (account, Aura and
# GRANDPA public keys), the sudo account (or a multisig's signatories and threshold), the initial
# balances and the bootnodes; scripts/new-network.mjs documents the format, and
# docs/validator.md ("Launch a network") walks the whole path. Prints the raw spec's SHA-256
# and the runtime's code hash. Builds the node first if it is missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

[[ $# -eq 2 ]] || { echo "usage: scripts/new-network.sh NETWORK.json OUT_DIR" >&2; exit 2; }
[[ -x "$FAIRSHARE_NODE" ]] || build_node
node scripts/new-network.mjs "$1" "$2"
