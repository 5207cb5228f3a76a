#!/usr/bin/env node
// Makes the chain spec of a new Fairshare network from a small JSON input: no development
// account, no well-known key, no Alice. Run through scripts/new-network.sh, which finds the node.
//
//   node scripts/new-network.mjs NETWORK.json OUT_DIR
//
// NETWORK.json:
//   {
//     "name": "Fairshare Testnet One",         chain name, as wallets show it
//     "id": "fairshare_t1",                    chain id: the base path's chains/<id> directory
//     "protocolId": "fs-t1",                   libp2p protocol id, distinct per network
//     "validators": [                          the genesis validators, at least one
//       { "account": "5…", "aura": "5…", "grandpa": "5…" }   SS58: account, sr25519, ed25519
//     ],
//     "curators": ["5…", "5…", "5…"],          the first curator council: 3 to 32 accounts (an odd
//                                              number, so that no tie), each funded in "balances"
//                                              with at least 5 FAIR (a motion's deposit and fees)
//     "sudo": "5…"  or  { "multisig": { … } }  optional, for test networks only: without it, as
//                                              a production network should be, Root acts only
//                                              through referenda (docs/validator.md, "Governance")
//     "balances": [["5…", "1000000000000000"], …],          planck, as decimal strings
//     "bootnodes": ["/dns/boot.example.org/tcp/30333/p2p/12D3KooW…"]   may be empty
//   }
//
// Writes OUT_DIR/<id>.json (plain, for review) and OUT_DIR/<id>-raw.json (raw: what nodes run
// with `--chain`), and prints, as JSON, the raw spec's SHA-256 (publish it with the file) and
// the runtime's code hash (blake2-256 of the Wasm, as `system.authorizeUpgrade` names a runtime).
// Every validator's account must be funded with at least 2 FAIR: its session keys hold a 1 FAIR
// deposit from genesis on. Without a sudo key, one account at least must hold 10,101 FAIR, a
// referendum's deposits and fees: else nothing could ever reach Root.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cryptoWaitReady, blake2AsHex, decodeAddress, encodeAddress, encodeMultiAddress } from '@polkadot/util-crypto';
import { hexToU8a } from '@polkadot/util';
import { FAIR } from '../tests/lib/units.js';

/** Room for a chain spec on a pipe: the runtime's Wasm alone is over a megabyte of hex. */
const SPEC_BUFFER = 64 * 1024 * 1024;
const MIN_VALIDATOR_BALANCE = 2n * FAIR;
/** The runtime's `MAX_CURATORS`: the most members of the curator council. */
const MAX_CURATORS = 32;
/** Three curators at least, so that a majority is two keys. */
const MIN_CURATORS = 3;
/** A curator's motion deposit (3.024 FAIR) and its fees. */
const MIN_CURATOR_BALANCE = 5n * FAIR;
/** A referendum's submission and decision deposits (100 and 10,000 FAIR) and its fees. */
const MIN_PROPOSER_BALANCE = 10_101n * FAIR;
/** The development accounts' seeds: none of them may appear in a network made here. */
const DEV_SEEDS = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'];

function fail(message) {
  console.error(`new-network: ${message}`);
  process.exit(2);
}

/** `address` as an SS58 address with prefix 42, or a failure naming `what`. */
function account(address, what) {
  try {
    return encodeAddress(decodeAddress(address), 42);
  } catch {
    return fail(`${what}: ${JSON.stringify(address)} is not an SS58 address`);
  }
}

/** Reads and checks the input; returns it with every address normalised. */
function readInput(path, devAccounts) {
  let input;
  try {
    input = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    fail(`cannot read ${path}: ${e.message}`);
  }
  for (const key of ['name', 'id', 'protocolId']) {
    if (typeof input[key] !== 'string' || !input[key]) fail(`"${key}" must be a non-empty string`);
  }
  if (!/^[a-z0-9_]+$/.test(input.id)) fail('"id" may hold only a-z, 0-9 and _ (it names a directory)');
  if (!Array.isArray(input.validators) || input.validators.length === 0) fail('"validators" must list at least one validator');
  const validators = input.validators.map((v, i) => ({
    account: account(v.account, `validators[${i}].account`),
    aura: account(v.aura, `validators[${i}].aura`),
    grandpa: account(v.grandpa, `validators[${i}].grandpa`),
  }));
  const balances = (input.balances ?? []).map(([who, amount], i) => {
    if (!/^[0-9]+$/.test(String(amount))) fail(`balances[${i}]: the amount must be planck as a decimal string`);
    // The node reads the spec's numbers as 64-bit integers: 18.4 million FAIR per account at most.
    if (BigInt(amount) >= 2n ** 64n) fail(`balances[${i}]: at most 2^64 - 1 planck (18.4 million FAIR) per account`);
    return [account(who, `balances[${i}]`), BigInt(amount)];
  });
  const funded = new Map();
  for (const [who, amount] of balances) {
    if (funded.has(who)) fail(`balances: ${who} appears twice`);
    funded.set(who, amount);
  }
  for (const v of validators) {
    if ((funded.get(v.account) ?? 0n) < MIN_VALIDATOR_BALANCE) {
      fail(`validator ${v.account} needs at least 2 FAIR in "balances" (its session keys hold a 1 FAIR deposit)`);
    }
  }
  if (!Array.isArray(input.curators) || input.curators.length < MIN_CURATORS || input.curators.length > MAX_CURATORS) {
    fail(`"curators" must list ${MIN_CURATORS} to ${MAX_CURATORS} accounts: the first curator council, of which a majority rules`);
  }
  const curators = input.curators.map((c, i) => account(c, `curators[${i}]`));
  if (new Set(curators).size !== curators.length) fail('"curators" names an account twice');
  for (const c of curators) {
    if ((funded.get(c) ?? 0n) < MIN_CURATOR_BALANCE) fail(`curator ${c} needs at least 5 FAIR in "balances" (a motion's deposit and fees)`);
  }
  let sudo = null;
  let signatories = [];
  if (input.sudo === undefined) {
    // No sudo key: Root is reached only by referendum, which someone must be able to pay for.
    if (![...funded.values()].some((amount) => amount >= MIN_PROPOSER_BALANCE)) {
      fail('without "sudo", one account at least needs 10,101 FAIR in "balances": a referendum\'s deposits, the only way to Root');
    }
  } else if (typeof input.sudo === 'string') {
    sudo = account(input.sudo, 'sudo');
  } else if (input.sudo?.multisig) {
    const { threshold, signatories: given } = input.sudo.multisig;
    if (!Number.isInteger(threshold) || threshold < 1 || !Array.isArray(given) || threshold > given.length) {
      fail('sudo.multisig needs a threshold between 1 and the number of signatories');
    }
    signatories = given.map((s, i) => account(s, `sudo.multisig.signatories[${i}]`));
    sudo = encodeMultiAddress(signatories, threshold, 42);
  } else {
    fail('"sudo", if given, must be an SS58 address or { "multisig": { "threshold", "signatories" } }');
  }
  const bootnodes = input.bootnodes ?? [];
  if (!Array.isArray(bootnodes) || bootnodes.some((b) => typeof b !== 'string' || !b.includes('/p2p/'))) {
    fail('"bootnodes" must be multiaddresses ending in /p2p/<peer id>');
  }
  const everyone = [...validators.flatMap((v) => [v.account, v.aura, v.grandpa]), ...funded.keys(), ...curators, ...signatories, ...(sudo ? [sudo] : [])];
  const dev = everyone.find((a) => devAccounts.has(a));
  if (dev) fail(`${dev} is a well-known development account (${devAccounts.get(dev)}): generate your own keys`);
  return { ...input, validators, balances, curators, sudo, bootnodes };
}

/** The development accounts, sr25519 and ed25519, with their stash accounts, by address. */
function devAccounts(node) {
  const map = new Map();
  for (const seed of DEV_SEEDS) {
    for (const suri of [`//${seed}`, `//${seed}//stash`]) {
      for (const scheme of ['sr25519', 'ed25519']) {
        const out = JSON.parse(execFileSync(node, ['key', 'inspect', '--output-type', 'json', '--scheme', scheme, suri], { encoding: 'utf8' }));
        map.set(out.ss58Address, suri);
      }
    }
  }
  return map;
}

const [inputPath, outDir] = process.argv.slice(2);
if (!inputPath || !outDir) fail('usage: new-network.mjs NETWORK.json OUT_DIR');
const node = process.env.FAIRSHARE_NODE;
if (!node) fail('FAIRSHARE_NODE must name the fairshare-node binary (scripts/new-network.sh sets it)');
await cryptoWaitReady();
const input = readInput(inputPath, devAccounts(node));

// The `local` spec's layout, with this network's names, bootnodes and genesis instead.
const spec = JSON.parse(execFileSync(node, ['build-spec', '--chain', 'local', '--disable-default-bootnode'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: SPEC_BUFFER }));
spec.name = input.name;
spec.id = input.id;
spec.protocolId = input.protocolId;
spec.chainType = 'Live';
spec.bootNodes = input.bootnodes;
spec.telemetryEndpoints = null;
spec.genesis.runtimeGenesis.patch = {
  // Marked here and written below as bare JSON integers: exact, whatever their size.
  balances: { balances: input.balances.map(([who, amount]) => [who, `__planck:${amount}__`]) },
  validatorSet: { validators: input.validators.map((v) => v.account) },
  session: { keys: input.validators.map((v) => [v.account, v.account, { aura: v.aura, grandpa: v.grandpa }]) },
  curators: { members: input.curators },
  sudo: { key: input.sudo },
};

mkdirSync(outDir, { recursive: true });
const plainPath = join(outDir, `${input.id}.json`);
const rawPath = join(outDir, `${input.id}-raw.json`);
writeFileSync(plainPath, JSON.stringify(spec, null, 2).replace(/"__planck:(\d+)__"/g, '$1'));
const raw = execFileSync(node, ['build-spec', '--chain', plainPath, '--raw', '--disable-default-bootnode'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: SPEC_BUFFER });
writeFileSync(rawPath, raw);

const code = JSON.parse(raw).genesis.raw.top['0x3a636f6465'];
console.log(JSON.stringify({
  plain: plainPath,
  raw: rawPath,
  specSha256: createHash('sha256').update(raw).digest('hex'),
  runtimeCodeHash: blake2AsHex(hexToU8a(code), 256),
  validators: input.validators.length,
  curators: input.curators,
  sudo: input.sudo,
}, null, 2));
