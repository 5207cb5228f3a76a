// Launching a new network as docs/validator.md ("Launch a network") says: keys generated with
// `fairshare-node key` (no well-known key, no --alice), a raw chain spec from
// scripts/new-network.sh, node keys and session keys in each validator's base path, three
// validators started from the spec. They author and finalize, none of the development accounts
// holds anything, no key is sudo (Root acts only through referenda), and the curator council is
// the accounts the input named.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connect } from '../../clients/js/fairshare.js';
import { startNode, NODE_BINARY } from '../lib/node.js';
import { finalizesMore, waitBlocks } from '../lib/chain.js';
import { rpcCall } from '../lib/rpc.js';
import { FAIR, free, reserved } from '../lib/toolkit.js';

const SCRIPT = fileURLToPath(new URL('../../scripts/new-network.sh', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fairshare-launch-'));
const nodes = [];
const state = {};

/** `fairshare-node key …`, as JSON. */
const key = (...args) => JSON.parse(execFileSync(NODE_BINARY, ['key', ...args, '--output-type', 'json'], { encoding: 'utf8' }));
const newKey = () => key('generate', '--scheme', 'sr25519');

/** Runs scripts/new-network.sh on `network`; returns its JSON output, or its failure. */
function newNetwork(network, name) {
  const input = join(dir, `${name}.json`);
  writeFileSync(input, JSON.stringify(network));
  return JSON.parse(execFileSync('bash', [SCRIPT, input, join(dir, name)], {
    encoding: 'utf8',
    env: { ...process.env, FAIRSHARE_NODE: NODE_BINARY },
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
}

/** Starts validator `i` from the raw spec, its keys already in its base path. */
async function startValidator(i, bootnodes) {
  const node = await startNode([
    '--chain', state.spec.raw,
    '--base-path', state.validators[i].basePath,
    '--validator',
    '--name', `validator-${i}`,
    '--allow-private-ip',
    ...bootnodes.flatMap((b) => ['--bootnodes', b]),
  ], { logPath: join(dir, `validator-${i}.log`) });
  nodes.push(node);
  return node;
}

before(async () => {
  await cryptoWaitReady();
  state.validators = [];
  for (let i = 0; i < 3; i += 1) {
    const session = newKey();
    state.validators.push({
      account: newKey(),
      session,
      grandpa: key('inspect', '--scheme', 'ed25519', session.secretPhrase),
      basePath: join(dir, `validator-${i}`),
    });
  }
  state.curators = [newKey(), newKey(), newKey()].map((k) => k.ss58Address).sort();
});

after(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The funds a network from new-network.sh needs: 2 FAIR a validator, 5 a curator, and one
 * account (the first curator, with `proposer`) able to pay a referendum's deposits.
 */
function genesisBalances(validators, curators, proposer = 20_000n * FAIR) {
  return [
    ...validators.map((v) => [v.account.ss58Address, String(1_000n * FAIR)]),
    [curators[0], String(proposer)],
    ...curators.slice(1).map((c) => [c, String(10n * FAIR)]),
  ];
}

test('new-network.sh refuses a development account, a council of fewer than three, and a network nobody can govern', () => {
  const alice = key('inspect', '//Alice').ss58Address;
  const [v] = state.validators;
  const network = (curators, balances) => ({
    name: 'Refused', id: 'refused', protocolId: 'fs-refused',
    validators: [{ account: v.account.ss58Address, aura: v.session.ss58Address, grandpa: v.grandpa.ss58Address }],
    curators,
    balances,
  });
  const refused = (input, reason) => assert.throws(() => newNetwork(input, 'refused'), (e) => e.status === 2 && reason.test(e.stderr));
  const curators = [alice, ...state.curators.slice(1)];
  refused(network(curators, genesisBalances([v], curators)), /well-known development account/);
  refused(network(state.curators.slice(1), genesisBalances([v], state.curators.slice(1))), /must list 3 to 32 accounts/);
  refused(network(state.curators, genesisBalances([v], state.curators, 10n * FAIR)), /needs 10,101 FAIR/);
});

test('new-network.sh makes a raw spec from generated keys, and prints its hashes', () => {
  const network = {
    name: 'Fairshare Launch Test',
    id: 'fairshare_launch_test',
    protocolId: 'fs-launch-test',
    validators: state.validators.map((v) => ({ account: v.account.ss58Address, aura: v.session.ss58Address, grandpa: v.grandpa.ss58Address })),
    curators: state.curators,
    balances: genesisBalances(state.validators, state.curators),
    bootnodes: [],
  };
  state.spec = newNetwork(network, 'network');
  assert.match(state.spec.specSha256, /^[0-9a-f]{64}$/);
  assert.match(state.spec.runtimeCodeHash, /^0x[0-9a-f]{64}$/);
  // No sudo key: Root acts only through referenda. The curators are the genesis council.
  assert.equal(state.spec.sudo, null);
  const plain = JSON.parse(readFileSync(state.spec.plain, 'utf8'));
  assert.deepEqual(plain.genesis.runtimeGenesis.patch.sudo, { key: null });
  assert.deepEqual(plain.genesis.runtimeGenesis.patch.curators, { members: state.curators });
  const raw = JSON.parse(readFileSync(state.spec.raw, 'utf8'));
  assert.equal(raw.id, 'fairshare_launch_test');
  assert.equal(raw.chainType, 'Live');
  assert.ok(raw.genesis.raw.top, 'a raw genesis');
});

test('three validators started from the spec, with their own keys, author and finalize', async () => {
  // Each validator's node key and session keys, written before its first start.
  for (const v of state.validators) {
    mkdirSync(v.basePath, { recursive: true });
    execFileSync(NODE_BINARY, ['key', 'generate-node-key', '--chain', state.spec.raw, '--base-path', v.basePath], { stdio: 'ignore' });
    for (const [scheme, type] of [['sr25519', 'aura'], ['ed25519', 'gran']]) {
      execFileSync(NODE_BINARY, ['key', 'insert', '--chain', state.spec.raw, '--base-path', v.basePath,
        '--scheme', scheme, '--key-type', type, '--suri', v.session.secretPhrase]);
    }
  }
  // The first validator is the others' bootnode, at the address it listens on.
  const first = await startValidator(0, []);
  const bootnode = await first.p2pAddress();
  assert.match(bootnode, /^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/\w+$/);
  await startValidator(1, [bootnode]);
  await startValidator(2, [bootnode]);

  const url = first.httpUrl;
  // GRANDPA needs all three of three to finalize: finality shows every validator's keys work.
  await finalizesMore(url, 6, { stallSlots: 20, lag: 30 });
  // Aura authors in turn: slot mod 3 names the author. Each of the three authored a block.
  const authors = await waitBlocks('a block from every validator', async () => {
    const seen = new Set();
    let hash = await rpcCall(url, 'chain_getFinalizedHead');
    for (let n = 0; n < 12; n += 1) {
      const header = await rpcCall(url, 'chain_getHeader', [hash]);
      if (parseInt(header.number, 16) === 0) break;
      const preRuntime = header.digest.logs.find((log) => log.startsWith('0x0661757261')); // PreRuntime, "aura"
      const slot = Buffer.from(preRuntime.slice(2 + 2 + 8 + 2), 'hex').readBigUInt64LE(0);
      seen.add(Number(slot % 3n));
      hash = header.parentHash;
    }
    return seen.size === 3 && seen;
  }, { url, blocks: 30 });
  assert.equal(authors.size, 3);
  // The first validator, the others' bootnode, is connected to both.
  assert.equal((await rpcCall(url, 'system_health')).peers, 2);
});

test('no development account holds anything, no key is sudo, and the genesis curators are the council', async () => {
  const api = await connect(nodes[0].wsUrl);
  try {
    for (const suri of ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie', '//Alice//stash', '//Bob//stash']) {
      const { ss58Address } = key('inspect', suri);
      assert.equal(await free(api, ss58Address) + await reserved(api, ss58Address), 0n, `${suri} holds nothing`);
    }
    assert.equal((await api.query.sudo.key()).isNone, true, 'no sudo key');
    const sorted = (accounts) => accounts.map((a) => a.toString()).sort();
    assert.deepEqual(sorted(await api.query.curatorCouncil.members()), [...state.curators].sort());
    assert.deepEqual(sorted(await api.query.curators.members()), [...state.curators].sort());
    const validators = (await api.query.session.validators()).map((a) => a.toString()).sort();
    assert.deepEqual(validators, state.validators.map((v) => v.account.ss58Address).sort());
    for (const v of state.validators) {
      // The session keys hold their deposit from genesis on.
      const account = v.account.ss58Address;
      assert.equal(await free(api, account) + await reserved(api, account), 1_000n * FAIR);
    }
  } finally {
    await api.disconnect();
  }
});

test('the new network runs with the real periods, not the dev-fast ones', async () => {
  const api = await connect(nodes[0].wsUrl);
  try {
    const periods = (await api.call.dataContributionApi.periods()).toJSON();
    // A week, an hour, a day and ten blocks, at six seconds a block.
    assert.deepEqual(periods, { challengePeriod: 100_800, usageClosePeriod: 600, commitmentLifetime: 14_400, revealWindow: 10 });
    assert.equal((await api.query.parameters.parameters.entries()).length, 0, 'no parameter is set');
  } finally {
    await api.disconnect();
  }
});
