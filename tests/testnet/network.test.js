// Fault tests on a real 4-validator `local` network started by scripts/local-testnet.sh, all on
// loopback. The network starts on the previous release's runtime (FAIRSHARE_PREVIOUS_WASM) as
// its genesis code, with the root track's periods a few blocks long (TEST_ROOT): a validator is
// killed and restarted, the whole network stopped and restarted with its state intact, a fifth
// validator added and removed through pallet-session; then the upgrade to this tree's runtime is
// checked against the live state with `fairshare-node try-runtime` (FAIRSHARE_TRY_RUNTIME_WASM),
// authorized by a referendum on the root track (system.authorizeUpgrade, enacted by the
// scheduler) and applied by an unsigned system.applyAuthorizedUpgrade (FAIRSHARE_UPGRADE_WASM);
// attack inputs last. The tests run in order and share the network; `after` stops every node
// they started, whatever happened.
//
// Every wait follows the chain (tests/lib/chain.js): it is bounded in blocks or sessions and
// fails early when the chain stalls for a number of slots; only a process starting or dying is
// waited for by the clock.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cryptoWaitReady, blake2AsHex, encodeAddress, xxhashAsHex } from '@polkadot/util-crypto';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { connect, registerDataset, signAndWait, untilSettled } from '../../clients/js/fairshare.js';
import { rootReferendum } from '../lib/governance.js';
import { NODE_BINARY } from '../lib/node.js';
import { rpcCall } from '../lib/rpc.js';
import { bestNumber, fatal, finalizedNumber as finalizedAt, finalizesMore as finalizesMoreAt, sleep, waitBlocks, waitForRpc, within } from '../lib/chain.js';
import { FAIR, devAccounts, included } from '../lib/toolkit.js';

const SCRIPT = fileURLToPath(new URL('../../scripts/local-testnet.sh', import.meta.url));
const VALIDATORS = ['alice', 'bob', 'charlie', 'dave'];
const NODES = ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie'];
/**
 * The root track's periods on this network, in blocks, set by its genesis (`genesisPeriods`):
 * the upgrade's referendum is enacted about six blocks after its decision deposit.
 */
const TEST_ROOT = { prepare: 2, decision: 20, confirm: 2, enactment: 2 };

const dir = mkdtempSync(join(tmpdir(), 'fairshare-testnet-'));
let chainSpec;
let api;
let who;
const saved = {};

function testnet(...args) {
  return execFileSync('bash', [SCRIPT, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      FAIRSHARE_TESTNET_DIR: dir,
      // Every node binds free ports; the script records each one's RPC port (rpcPort below).
      FAIRSHARE_P2P_PORT: '0',
      FAIRSHARE_RPC_PORT: '0',
      FAIRSHARE_PROMETHEUS_PORT: '0',
      FAIRSHARE_CHAIN: chainSpec,
    },
  });
}

/** A running node's RPC port, read from its log by scripts/local-testnet.sh when it started. */
const rpcPort = (name) => Number(readFileSync(join(dir, `${name}.rpc-port`), 'utf8'));
const url = (name) => `http://127.0.0.1:${rpcPort(name)}`;
const wsUrl = (name) => `ws://127.0.0.1:${rpcPort(name)}`;
const log = (name) => (existsSync(join(dir, `${name}.log`)) ? readFileSync(join(dir, `${name}.log`), 'utf8') : '');
const pid = (name) => Number(readFileSync(join(dir, `${name}.pid`), 'utf8'));

const finalizedNumber = (name) => finalizedAt(url(name));

/** Waits for a process to exit: the one wait that the clock bounds. */
async function waitForExit(pid, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  const gone = () => !existsSync(`/proc/${pid}`) || readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] === 'Z';
  while (!gone()) {
    if (Date.now() > deadline) throw new Error(`process ${pid} still runs after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Waits, paced by `pacer`'s chain, for `check`; at most `blocks` blocks. */
const waitChain = (what, check, blocks, pacer = 'alice') => waitBlocks(what, check, { url: url(pacer), blocks });

/** Waits until `name` has finalized at least `count` blocks beyond what it had. */
const finalizesMore = (name, count = 3) => finalizesMoreAt(url(name), count);

/** Waits until `name` has `peers` peers, within `blocks` blocks of its own chain. */
const hasPeers = (name, peers, blocks = 20) => waitChain(`${name} with ${peers} peers`,
  async () => (await rpcCall(url(name), 'system_health')).peers === peers, blocks, name);

/** The runtime's `SessionPeriod`: a session lasts a minute, ten blocks. */
const SESSION_BLOCKS = 10;

const sessionIndex = async () => (await api.query.session.currentIndex()).toNumber();

/** Waits for `check` within `sessions` session changes (read from `session.currentIndex`). */
async function waitSessions(what, check, sessions) {
  const start = await sessionIndex();
  return waitChain(what, async () => {
    const value = await check();
    if (value) return value;
    const now = await sessionIndex();
    if (now > start + sessions) throw fatal(`no ${what} within ${sessions} sessions (session ${start} to ${now})`);
    return value;
  }, (sessions + 2) * SESSION_BLOCKS);
}

async function connectTo(name) {
  if (api) await api.disconnect();
  await waitForRpc(url(name));
  api = await connect(wsUrl(name));
  return api;
}

/** A Wasm file the environment names, as bytes. */
function wasmFrom(variable) {
  const path = process.env[variable];
  assert.ok(path && existsSync(path), `${variable} names a runtime Wasm (got ${path}); scripts/build-upgrade-runtime.sh builds them`);
  return readFileSync(path);
}

/**
 * The `local` chain with the previous release's runtime as its genesis code and the root track
 * of TEST_ROOT: that runtime's own genesis builder fills the state, from the preset's patch.
 * Returns the raw spec's path.
 */
function previousReleaseSpec() {
  const buildSpec = (...args) => execFileSync(NODE_BINARY, ['build-spec', ...args],
    { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  const spec = JSON.parse(buildSpec('--chain', 'local'));
  spec.genesis.runtimeGenesis.code = u8aToHex(wasmFrom('FAIRSHARE_PREVIOUS_WASM'));
  spec.genesis.runtimeGenesis.patch.genesisPeriods = {
    rootPreparePeriod: TEST_ROOT.prepare,
    rootDecisionPeriod: TEST_ROOT.decision,
    rootConfirmPeriod: TEST_ROOT.confirm,
    rootEnactmentPeriod: TEST_ROOT.enactment,
  };
  const plain = join(dir, 'previous-release.json');
  writeFileSync(plain, JSON.stringify(spec));
  const raw = join(dir, 'previous-release.raw.json');
  writeFileSync(raw, buildSpec('--chain', plain, '--raw'));
  return raw;
}

/** The pallet's on-chain storage version, read at block `at` (the best block by default). */
async function storageVersion(at) {
  const key = xxhashAsHex('DataContribution', 128) + xxhashAsHex(':__STORAGE_VERSION__:', 128).slice(2);
  const value = await rpcCall(url('alice'), 'state_getStorage', at ? [key, at] : [key]);
  return api.createType('u16', hexToU8a(value)).toNumber();
}

/** The pallet state the tests wrote, read at block `at`. */
async function palletState(at) {
  const apiAt = await api.at(at);
  const dataset = (await apiAt.query.dataContribution.datasets(saved.dataset)).toHex();
  const model = (await apiAt.query.dataContribution.models(saved.model)).toHex();
  const balances = await Promise.all(['alice', 'bob', 'charlie'].map(async (n) =>
    JSON.stringify(await rpcCall(url('alice'), 'dataContribution_contributorBalance', [who[n].address, at]))));
  const accounts = await Promise.all(['alice', 'bob', 'charlie', 'dave', 'eve'].map(async (n) =>
    (await apiAt.query.system.account(who[n].address)).toHex()));
  return { dataset, model, balances, accounts };
}

async function sudo(call) {
  const { events } = await included(api, api.tx.sudo.sudo(call), who.alice);
  const sudid = events.find(({ event }) => api.events.sudo.Sudid.is(event));
  assert.ok(sudid?.event.data.sudoResult.isOk, `sudo result: ${sudid?.event.data.sudoResult.toString()}`);
  return events;
}

before(async () => {
  await cryptoWaitReady();
  who = devAccounts();
  chainSpec = previousReleaseSpec();
  testnet('start');
});

after(async () => {
  if (api) await api.disconnect().catch(() => {});
  try {
    testnet('stop');
  } finally {
    if (process.exitCode && process.exitCode !== 0) {
      for (const name of NODES) {
        const text = log(name);
        if (text) console.error(`--- last lines of ${name}.log ---\n${text.split('\n').slice(-40).join('\n')}`);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

test('four validators find each other, produce and finalize blocks', async () => {
  for (const name of VALIDATORS) await waitForRpc(url(name));
  for (const name of VALIDATORS) {
    await waitBlocks(`${name} finalizing block 3`, async () => (await finalizedNumber(name)) >= 3,
      { url: url(name), blocks: 30, progress: finalizedAt });
    await hasPeers(name, 3);
  }
  await connectTo('alice');
  assert.equal((await api.query.session.validators()).length, 4);
  assert.equal((await api.query.aura.authorities()).length, 4);
  assert.equal((await api.query.grandpa.authorities()).length, 4);
  const expected = VALIDATORS.map((n) => who[n].address).sort();
  assert.deepEqual((await api.query.validatorSet.validators()).map(String).sort(), expected);
  // The previous release runs, with the pallet's storage version 3 and the root track's short
  // periods.
  saved.genesisVersion = api.runtimeVersion.specVersion.toNumber();
  assert.equal(await storageVersion(), 3);
  const periods = (await api.query.genesisPeriods.rootTrack()).unwrap();
  assert.deepEqual([periods.preparePeriod, periods.decisionPeriod, periods.confirmPeriod, periods.minEnactmentPeriod].map(Number),
    [TEST_ROOT.prepare, TEST_ROOT.decision, TEST_ROOT.confirm, TEST_ROOT.enactment]);
});

test('pallet state is written through the previous release\'s calls', async () => {
  saved.dataset = blake2AsHex('testnet dataset', 256);
  await registerDataset(api, who.bob, saved.dataset, [[who.bob.address, 600_000_000], [who.charlie.address, 400_000_000]], 'ipfs://testnet');
  await untilSettled(api, [saved.dataset]);
  const { events } = await included(api, api.tx.dataContribution.registerModel([[saved.dataset, 1]], [], 10n * FAIR, 0, 'testnet model'), who.dave);
  saved.model = events.find(({ event }) => api.events.dataContribution.ModelRegistered.is(event)).event.data.modelId.toNumber();
  await included(api, api.tx.dataContribution.payForQueries(saved.model, 10, 100n * FAIR), who.eve);
  await signAndWait(api, api.tx.dataContribution.claimRewards(), who.bob);
  const balance = await rpcCall(url('alice'), 'dataContribution_contributorBalance', [who.charlie.address]);
  // 100 FAIR: 5 to the protocol, 95 to the data; Charlie has 40% of it.
  assert.equal(balance.pending, String(38n * FAIR));
});

test('1. with one of four validators killed (SIGKILL), blocks are still produced and finalized', async () => {
  saved.daveFinalized = await finalizedNumber('dave');
  assert.ok(saved.daveFinalized >= 3, `dave had finalized #${saved.daveFinalized}`);
  // Two more blocks, so that what he reported is long written to his database.
  const best = await bestNumber(url('dave'));
  await waitChain('two more blocks on dave', async () => (await bestNumber(url('dave'))) >= best + 2, 5, 'dave');
  const [victim, victimUrl] = [pid('dave'), url('dave')];
  process.kill(victim, 'SIGKILL');
  await waitForExit(victim);
  await assert.rejects(rpcCall(victimUrl, 'system_health'));
  await finalizesMore('alice', 5);
  await hasPeers('alice', 2);
});

test('2. the killed validator restarts from its base path and catches up to the same finalized head', async () => {
  testnet('start', 'dave');
  await waitForRpc(url('dave'));
  // He resumed from his base path, not from genesis: his first finalized head is at or above
  // the one he had before the kill.
  const resumedAt = await finalizedNumber('dave');
  assert.ok(resumedAt >= saved.daveFinalized, `dave resumed at #${resumedAt}, had #${saved.daveFinalized}`);
  const target = await finalizedNumber('alice');
  await waitChain('dave to reach the finalized head', async () => (await finalizedNumber('dave')) >= target, 30);
  const hashOnDave = await rpcCall(url('dave'), 'chain_getBlockHash', [target]);
  const hashOnAlice = await rpcCall(url('alice'), 'chain_getBlockHash', [target]);
  assert.equal(hashOnDave, hashOnAlice);
  await finalizesMore('dave', 3);
});

test('3. all four stop and restart: the last finalized state is intact', async () => {
  const finalized = await rpcCall(url('alice'), 'chain_getFinalizedHead');
  const header = await rpcCall(url('alice'), 'chain_getHeader', [finalized]);
  const before = await palletState(finalized);
  await api.disconnect();
  api = undefined;

  const urls = VALIDATORS.map(url);
  testnet('stop', ...VALIDATORS);
  for (const stopped of urls) await assert.rejects(rpcCall(stopped, 'system_health'));
  testnet('start');

  for (const name of VALIDATORS) {
    const number = parseInt(header.number, 16);
    await waitForRpc(url(name));
    assert.equal(await rpcCall(url(name), 'chain_getBlockHash', [number]), finalized, `${name}: block #${number}`);
    const again = await rpcCall(url(name), 'chain_getHeader', [finalized]);
    assert.equal(again.stateRoot, header.stateRoot, `${name}: state root`);
  }
  await connectTo('alice');
  assert.deepEqual(await palletState(finalized), before);
  // The chain goes on, and the state at the new head still has the pallet's records.
  await finalizesMore('alice', 3);
  const now = await rpcCall(url('alice'), 'chain_getFinalizedHead');
  const after = await palletState(now);
  assert.equal(after.dataset, before.dataset);
  assert.equal(after.model, before.model);
  assert.deepEqual(after.balances, before.balances);
});

test('a fifth validator joins with fresh keys, authors blocks and votes; then it is removed', async () => {
  testnet('start', 'eve');
  await waitForRpc(url('eve'));
  const target = await finalizedNumber('alice');
  await waitChain('eve to sync', async () => (await finalizedNumber('eve')) >= target, 30);

  // Fresh session keys in Eve's keystore, with the proof that her account owns them.
  const generated = await rpcCall(url('eve'), 'author_rotateKeysWithOwner', [u8aToHex(who.eve.addressRaw)]);
  assert.equal(await rpcCall(url('eve'), 'author_hasSessionKeys', [generated.keys]), true);
  await included(api, api.tx.session.setKeys(generated.keys, generated.proof), who.eve);
  const keys = (await api.query.session.nextKeys(who.eve.address)).unwrap();
  const added = await sudo(api.tx.validatorSet.addValidator(who.eve.address));
  assert.ok(added.some(({ event }) => api.events.validatorSet.ValidatorAdded.is(event)));

  // pallet-session plans the new set at the next boundary and enacts it one session later.
  await waitSessions('eve in the session validators', async () =>
    (await api.query.session.validators()).map(String).includes(who.eve.address), 3);
  assert.equal((await api.query.aura.authorities()).length, 5);

  // Eve authors: walk the blocks built since she joined, and find one sealed in her slot.
  // Aura's author of a block is the authority of its slot among those of its parent.
  const eveAura = keys.aura.toHex();
  let next = await bestNumber(url('alice'));
  const authored = await waitChain('a block authored by eve', async () => {
    for (const best = await bestNumber(url('alice')); next <= best; next++) {
      const header = await api.rpc.chain.getHeader(await api.rpc.chain.getBlockHash(next));
      const authorities = await (await api.at(header.parentHash)).query.aura.authorities();
      const slot = header.digest.logs.find((l) => l.isPreRuntime && l.asPreRuntime[0].toString() === 'aura');
      const slotNumber = api.createType('u64', slot.asPreRuntime[1]).toBigInt();
      if (authorities[Number(slotNumber % BigInt(authorities.length))].toHex() === eveAura) return next;
    }
    return false;
  }, 10 * 5);
  assert.ok(authored > 0);

  // Eve votes in GRANDPA: the round state counts five voters, and her prevote arrives.
  const eveGrandpa = encodeAddress(keys.grandpa.toU8a(), 42);
  await waitChain('eve to prevote in GRANDPA', async () => {
    const round = await rpcCall(url('alice'), 'grandpa_roundState');
    return round.best.totalWeight === 5 && round.best.prevotes.currentWeight > 0 &&
      !round.best.prevotes.missing.includes(eveGrandpa);
  }, 30);
  await finalizesMore('eve', 3);

  const removed = await sudo(api.tx.validatorSet.removeValidator(who.eve.address));
  assert.ok(removed.some(({ event }) => api.events.validatorSet.ValidatorRemoved.is(event)));
  await waitSessions('eve out of the session validators', async () =>
    !(await api.query.session.validators()).map(String).includes(who.eve.address), 3);
  assert.equal((await api.query.aura.authorities()).length, 4);
  testnet('stop', 'eve');
  await finalizesMore('alice', 3);
});

test('4. the upgrade to this tree\'s runtime: its migrations and try_state checks pass against the live state; authorized by a referendum on the root track, applied by anyone; code not authorized is refused; every record survives', async (t) => {
  const wasm = wasmFrom('FAIRSHARE_UPGRADE_WASM');
  const code = u8aToHex(wasm);
  const codeHash = blake2AsHex(wasm, 256);
  const before = await rpcCall(url('alice'), 'state_getRuntimeVersion');
  assert.equal(before.specVersion, saved.genesisVersion);
  const raw = async (entry, key, at) => rpcCall(url('alice'), 'state_getStorage', [entry.key(key), at]);
  const finalized = await rpcCall(url('alice'), 'chain_getFinalizedHead');
  const stateBefore = await palletState(finalized);
  const rawBefore = {
    dataset: await raw(api.query.dataContribution.datasets, saved.dataset, finalized),
    model: await raw(api.query.dataContribution.models, saved.model, finalized),
  };

  // try-runtime against the live chain: the new runtime's pre_upgrade, on_runtime_upgrade,
  // post_upgrade and every pallet's try_state, then the upgrade once more, over the state
  // fetched from Alice's RPC; the code to enact declares the same version, and its hash is the
  // one to authorize. (Asynchronous, so that the open polkadot.js connection keeps answering
  // the node's pings.)
  const tryRuntime = (...args) => new Promise((resolve) => execFile(NODE_BINARY,
    ['try-runtime', '--uri', wsUrl('alice'), ...args], { encoding: 'utf8', timeout: 300_000 },
    (error, stdout, stderr) => resolve({ status: error ? (error.code ?? 'killed') : 0, stdout, stderr })));
  wasmFrom('FAIRSHARE_TRY_RUNTIME_WASM');
  const checked = await tryRuntime('--runtime', process.env.FAIRSHARE_TRY_RUNTIME_WASM,
    '--code', process.env.FAIRSHARE_UPGRADE_WASM);
  assert.equal(checked.status, 0, `try-runtime failed:\n${checked.stdout}\n${checked.stderr}`);
  assert.match(checked.stdout, new RegExp(`on chain fairshare v${before.specVersion}, new fairshare v\\d+`));
  assert.match(checked.stdout, new RegExp(`code to authorize .*: ${codeHash}`));
  assert.match(checked.stdout, /passed every check/);
  assert.match(checked.stdout, /a second run over the result changed nothing/);
  t.diagnostic(checked.stdout.trim());
  // The code the chain already runs is no upgrade, and the code to enact has no checks in it:
  // both refused before anything runs.
  const same = await tryRuntime('--runtime', process.env.FAIRSHARE_PREVIOUS_WASM);
  assert.notEqual(same.status, 0);
  assert.match(same.stderr, /is not above the chain's/);
  const unchecked = await tryRuntime('--runtime', process.env.FAIRSHARE_UPGRADE_WASM);
  assert.notEqual(unchecked.status, 0);
  assert.match(unchecked.stderr, /has no TryRuntime API/);

  const submit = (tx) => rpcCall(url('bob'), 'author_submitExtrinsic', [tx]);
  const applyUnsigned = (bytes) => api.tx.system.applyAuthorizedUpgrade(bytes);
  // The pool refuses code that nobody authorized: before the authorization, this code; after
  // it, the same code with one byte changed.
  const unauthorized = (e) => e.rpc?.code === 1010 && /not expected/i.test(e.rpc.data);
  await assert.rejects(submit(applyUnsigned(code).toHex()), unauthorized);

  // The authorization goes through a referendum on the root track, as on a network without sudo:
  // Alice submits it with the decision deposit, the six dev accounts vote aye with 49.5% of the
  // issuance, and the scheduler enacts it with Root.
  const { seen } = await rootReferendum(api, api.tx.system.authorizeUpgrade(codeHash), {
    proposer: who.alice, voters: [who.bob, who.charlie, who.dave, who.eve, who.ferdie], periods: TEST_ROOT, url: url('alice'),
  });
  const upgradeAuthorized = seen.find(({ event }) => api.events.system.UpgradeAuthorized.is(event));
  assert.ok(upgradeAuthorized, 'system.UpgradeAuthorized');
  assert.equal(upgradeAuthorized.event.data.codeHash.toHex(), codeHash);
  assert.equal(upgradeAuthorized.event.data.checkVersion.isTrue, true);
  assert.equal((await api.query.system.authorizedUpgrade()).unwrap().codeHash.toHex(), codeHash);
  const tampered = new Uint8Array(wasm);
  tampered[tampered.length - 1] ^= 0xff;
  await assert.rejects(submit(applyUnsigned(u8aToHex(tampered)).toHex()), unauthorized);
  // What the accounts hold once the upgrade is authorized: applying it must change nothing.
  const { accounts } = await palletState(await rpcCall(url('alice'), 'chain_getBlockHash', [upgradeAuthorized.block]));

  // Anyone may now supply the code: here an unsigned extrinsic, with no fee and no account.
  // Only the inclusion block is taken from this connection: polkadot.js swaps its metadata when
  // it sees the upgrade, and may decode that block's events mid-swap. A fresh connection reads
  // them below.
  const blockHash = await within('the upgrade\'s inclusion', new Promise((resolve, reject) => {
    let unsub = () => {};
    applyUnsigned(code).send(({ status }) => {
      if (status.isInBlock) { unsub(); resolve(status.asInBlock.toHex()); }
      else if (status.isDropped || status.isInvalid || status.isUsurped) { unsub(); reject(new Error(status.type)); }
    }).then((u) => { unsub = u; }, reject);
  }), { url: url('alice'), blocks: 10 });
  const inclusion = parseInt((await rpcCall(url('alice'), 'chain_getHeader', [blockHash])).number, 16);
  let after;
  await waitChain('every validator past the upgrade block, on the new runtime', async () => {
    const bests = await Promise.all(VALIDATORS.map((n) => bestNumber(url(n))));
    const versions = await Promise.all(VALIDATORS.map((n) => rpcCall(url(n), 'state_getRuntimeVersion')));
    after = versions[0].specVersion;
    return bests.every((b) => b > inclusion) && versions.every((v) => v.specVersion === after && after > before.specVersion);
  }, 20);
  await waitChain('alice finalizing past the upgrade block', async () => (await finalizedNumber('alice')) > inclusion, 30);
  await connectTo('alice');
  const events = await (await api.at(blockHash)).query.system.events();
  assert.ok(events.some(({ event }) => api.events.system.CodeUpdated.is(event)), 'CodeUpdated');
  assert.ok(!events.some(({ event }) => api.events.system.ExtrinsicFailed.is(event)), 'no extrinsic failed');
  // The apply (the block's one operational extrinsic) paid no fee.
  const applied = events.filter(({ event }) => api.events.system.ExtrinsicSuccess.is(event))
    .map(({ event }) => event.data.dispatchInfo).find((info) => info.class.isOperational);
  assert.ok(applied?.paysFee.isNo, `the apply pays no fee (${applied?.toString()})`);
  assert.ok((await api.query.system.authorizedUpgrade()).isNone, 'the authorization is used up');

  // This release changes no storage layout: the pallet stays at storage version 3, and every
  // record keeps its bytes.
  const head = await rpcCall(url('alice'), 'chain_getFinalizedHead');
  assert.equal(await storageVersion(head), 3);
  assert.equal(await raw(api.query.dataContribution.datasets, saved.dataset, head), rawBefore.dataset, 'the dataset keeps its bytes');
  assert.equal(await raw(api.query.dataContribution.models, saved.model, head), rawBefore.model, 'the model keeps its bytes');
  const stateAfter = await palletState(head);
  assert.deepEqual(stateAfter.balances, stateBefore.balances);
  assert.deepEqual(stateAfter.accounts, accounts, 'nobody paid for applying the upgrade');
  // The pallet works under the new runtime, and splits the payment as before: 10 FAIR, 5% to
  // the protocol, no owner share, the rest to the contributors.
  const paid = await included(api, api.tx.dataContribution.payForQueries(saved.model, 1, 10n * FAIR), who.eve);
  const usage = paid.events.find(({ event }) => api.events.dataContribution.UsageRecorded.is(event)).event.data;
  assert.equal(usage.amount.toBigInt(), 10n * FAIR);
  assert.equal(usage.protocolFee.toBigInt(), FAIR / 2n);
  assert.equal(usage.ownerReward.toBigInt(), 0n);
  assert.equal(usage.dataReward.toBigInt(), 10n * FAIR - FAIR / 2n);
});

test('5. attack inputs are rejected with a clear reason, and the chain keeps finalizing', async () => {
  const submit = (tx) => rpcCall(url('bob'), 'author_submitExtrinsic', [tx]);

  // A bad signature: Alice's signed transfer with one byte of the signature flipped.
  const transfer = api.tx.balances.transferKeepAlive(who.bob.address, FAIR);
  await transfer.signAsync(who.alice);
  const bytes = transfer.toU8a();
  const signature = transfer.signature.toU8a();
  const at = bytes.findIndex((_, i) => signature.every((b, j) => bytes[i + j] === b));
  assert.ok(at > 0, 'the signature is in the encoding');
  bytes[at + 10] ^= 0xff;
  await assert.rejects(submit(u8aToHex(bytes)), (e) => e.rpc.code === 1010 && /bad signature/i.test(e.rpc.data));

  // An extrinsic larger than a block may hold.
  // (A hex string: polkadot.js would read a Uint8Array as already length-prefixed.)
  const huge = api.tx.system.remark(u8aToHex(new Uint8Array(4 * 1024 * 1024).fill(1)));
  assert.ok(huge.encodedLength > 4 * 1024 * 1024);
  await huge.signAsync(who.bob);
  await assert.rejects(submit(huge.toHex()), (e) => e.rpc.code === 1010 && /exhaust the block limits/i.test(e.rpc.data));

  // A stale nonce: one Alice has already used.
  const nonce = (await api.rpc.system.accountNextIndex(who.alice.address)).toNumber();
  const stale = api.tx.balances.transferKeepAlive(who.bob.address, FAIR);
  await stale.signAsync(who.alice, { nonce: nonce - 1 });
  await assert.rejects(submit(stale.toHex()), (e) => e.rpc.code === 1010 && /outdated/i.test(e.rpc.data));

  // Root-only calls from a signed account that is not sudo: included, and failing.
  const direct = await included(api, api.tx.validatorSet.addValidator(who.bob.address), who.bob)
    .then(() => assert.fail('a signed account changed the validator set'), (e) => e);
  assert.equal(direct.dispatchError.isBadOrigin, true);
  const viaSudo = await included(api, api.tx.sudo.sudo(api.tx.validatorSet.addValidator(who.bob.address)), who.bob)
    .then(() => assert.fail('a non-sudo account used sudo'), (e) => e);
  assert.equal(`${viaSudo.meta.section}.${viaSudo.meta.name}`, 'sudo.RequireSudo');
  assert.equal((await api.query.validatorSet.validators()).length, 4);

  for (const name of VALIDATORS) await finalizesMore(name, 2);
});
