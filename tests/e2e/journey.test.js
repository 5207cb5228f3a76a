// The user journey through polkadot.js against a real --dev node: datasets and the proof that
// a file is in one, a model, a paid use, the exact split, claims, bad input answered with the
// pallet's named errors, and a dataset challenged and slashed by a motion of the curator council.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blake2AsHex, encodeAddress } from '@polkadot/util-crypto';
import { palletAccount, signAndWait, registerDataset, datasetCommitment, untilSettled, OPEN_TERMS } from '../../clients/js/fairshare.js';
import { councilMotion, propose } from '../lib/council.js';
import { checkedFee } from '../lib/fees.js';
import { onDevNode, rpcCall, NODE_BINARY } from '../lib/node.js';
import { FAIR, PERBILL, eventOf, free, included, reserved } from '../lib/toolkit.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/dataset-a', import.meta.url));

let node;
let api;
let who;

const balanceRpc = (address) => api.rpc.dataContribution.contributorBalance(address);
const pendingRpc = async (address) => BigInt((await balanceRpc(address)).pending.toString());

/** Submits a call that must fail: returns the pallet error's name and the fee it paid. */
async function failing(tx, signer) {
  const error = await included(api, tx, signer).then(
    () => assert.fail('the call succeeded'),
    (e) => e,
  );
  assert.ok(error.meta, `a module error, got: ${error.message}`);
  return { section: error.meta.section, name: error.meta.name, fee: await checkedFee(api, error) };
}

/** Pending rewards computed from raw storage (api.query), as the economics doc defines them. */
async function pendingFromStorage(address, modelId) {
  const position = (await api.query.dataContribution.positions(address, modelId)).unwrap();
  const model = (await api.query.dataContribution.models(modelId)).unwrap();
  const accrued = model.rewards.dataPaid.toBigInt() - position.checkpoint.toBigInt();
  return (accrued * position.points.toBigInt()) / model.rewards.totalPoints.toBigInt();
}

/** The data of the first `dataContribution.<name>` event of `events`. */
const dataEvent = (events, name) => eventOf(events, 'dataContribution', name)?.data;

const state = {};
const ZERO_SALT = `0x${'00'.repeat(32)}`;

/** Waits for inclusion, not finality: the journey reads the best block. */

onDevNode({ finalized: 1 }, (started) => ({ node, api, who } = started));

test('1. Alice registers dataset A under the hash that hash-dataset computes', async () => {
  const out = JSON.parse(execFileSync(NODE_BINARY, ['hash-dataset', '--json', FIXTURE], { encoding: 'utf8' }));
  assert.match(out.hash, /^0x[0-9a-f]{64}$/);
  assert.equal(out.files, 4);
  state.a = out.hash;
  const metadata = 'ipfs://dataset-a;licence=CC-BY-4.0';
  // Commit, then reveal in a later block.
  const { events } = await registerDataset(api, who.alice, state.a, [[who.alice.address, PERBILL]], metadata);
  const registered = events.find(({ event }) => api.events.dataContribution.DatasetRegistered.is(event));
  assert.ok(registered, 'DatasetRegistered');
  assert.equal(registered.event.data.dataset.toHex(), state.a);
  assert.equal(registered.event.data.owner.toString(), who.alice.address);
  const dataset = (await api.query.dataContribution.datasets(state.a)).unwrap();
  assert.equal(dataset.owner.toString(), who.alice.address);
  assert.equal(dataset.status.toString(), 'Active');
  assert.equal(dataset.deposit.toBigInt(), registered.event.data.deposit.toBigInt());
});

test('1b. hash-dataset proves that one file of A is in A, and verify-inclusion checks it offline', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fairshare-proof-'));
  try {
    const proof = JSON.parse(execFileSync(NODE_BINARY, ['hash-dataset', FIXTURE, '--prove', 'images/0002.bin'], { encoding: 'utf8' }));
    assert.deepEqual(Object.keys(proof), ['root', 'path', 'content', 'siblings']);
    // The root is the registered hash; the content hash is the file's, computed here.
    assert.equal(proof.root, state.a);
    assert.equal(proof.path, 'images/0002.bin');
    assert.equal(proof.content, blake2AsHex(readFileSync(join(FIXTURE, 'images/0002.bin'))));
    // 4 files: 2 levels, one sibling on each.
    assert.equal(proof.siblings.length, 2);
    const file = join(dir, 'proof.json');
    writeFileSync(file, JSON.stringify(proof));
    assert.match(execFileSync(NODE_BINARY, ['verify-inclusion', file], { encoding: 'utf8' }), /^ok: "images\/0002.bin" /);

    // Another file's name on this proof: exit 1, and the reason.
    writeFileSync(file, JSON.stringify({ ...proof, path: 'images/0001.bin' }));
    const refused = spawnSync(NODE_BINARY, ['verify-inclusion', file], { encoding: 'utf8' });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /not to the root 0x/);
    state.proof = proof;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('1c. the chain verifies the same proof against the registered dataset, and refuses a tampered one', async () => {
  const { root, path, content, siblings } = state.proof;
  // The CLI's JSON is the call's argument as it stands: siblings as { left | right: hash }.
  const proven = await included(api, api.tx.dataContribution.proveInclusion(root, { path, content, siblings }), who.eve);
  // By position: a codec's `hash` is the hash of its own encoding, not the field.
  const [hash, provenPath, provenContent] = dataEvent(proven.events, 'InclusionProven');
  assert.deepEqual(
    [hash.toHex(), provenPath.toUtf8(), provenContent.toHex()],
    [state.a, 'images/0002.bin', content],
  );
  // Nothing is stored: the fee is all it cost.
  const before = await free(api, who.eve.address);
  const { name, fee } = await failing(
    api.tx.dataContribution.proveInclusion(root, { path: 'images/0001.bin', content, siblings }),
    who.eve,
  );
  assert.equal(name, 'InclusionNotProven');
  assert.equal(await free(api, who.eve.address), before - fee);
});

test('2. Bob registers dataset B with Bob at 60% and Charlie at 40%', async () => {
  state.b = blake2AsHex('dataset B: a second corpus', 256);
  await registerDataset(api, who.bob, state.b, [[who.bob.address, 600_000_000], [who.charlie.address, 400_000_000]], 'ipfs://dataset-b');
  const dataset = await api.rpc.dataContribution.dataset(state.b);
  assert.ok(dataset.isSome);
  const view = dataset.unwrap();
  assert.equal(view.datasetHash.toHex(), state.b);
  assert.equal(view.owner.toString(), who.bob.address);
  assert.equal(view.status.toString(), 'Active');
  assert.deepEqual(
    view.contributors.map((c) => [c.account.toString(), c.share.toNumber(), c.confirmed.isTrue]),
    [[who.bob.address, 600_000_000, true], [who.charlie.address, 400_000_000, false]],
  );
  // Charlie confirms his part: only now does B count toward his reputation.
  assert.equal((await api.rpc.dataContribution.reputation(who.charlie.address)).registered.toNumber(), 0);
  const { events } = await included(api, api.tx.dataContribution.confirmContribution(state.b), who.charlie);
  assert.ok(events.some(({ event }) => api.events.dataContribution.ContributionConfirmed.is(event)));
  assert.equal((await api.rpc.dataContribution.reputation(who.charlie.address)).registered.toNumber(), 1);
  assert.equal((await api.rpc.dataContribution.dataset(state.b)).unwrap().contributors[1].confirmed.isTrue, true);
});

/** The hash a `registerDataset` extrinsic reveals, if `xt` is one. */
const revealedHash = (xt) =>
  (xt.method.section === 'dataContribution' && xt.method.method === 'registerDataset' ? xt.method.args[0].toHex() : null);

test('2b. a front-runner who commits after seeing a reveal in the pool does not get the dataset', async () => {
  const hash = blake2AsHex('dataset F: front-run', 256);
  const salt = blake2AsHex('alice salt F', 256);
  await included(api, api.tx.dataContribution.commitDataset(datasetCommitment(hash, who.alice.address, salt)), who.alice);
  const reveal = await api.tx.dataContribution.registerDataset(hash, salt, [[who.alice.address, PERBILL]], 'ipfs://dataset-f', OPEN_TERMS).signAsync(who.alice);
  const revealed = new Promise((resolve) => {
    api.rpc.author.submitAndWatchExtrinsic(reveal, (status) => { if (status.isInBlock) resolve(status.asInBlock); });
  });
  // Ferdie watches the pool, finds the reveal and the hash in it (or, if a block was built in
  // between, in that block), commits to the same hash at once, and reveals.
  const pool = await api.rpc.author.pendingExtrinsics();
  let seen = pool.map(revealedHash).find(Boolean);
  if (!seen) seen = (await api.rpc.chain.getBlock(await revealed)).block.extrinsics.map(revealedHash).find(Boolean);
  assert.equal(seen, hash);
  const ferdieSalt = blake2AsHex('ferdie salt F', 256);
  await included(api, api.tx.dataContribution.commitDataset(datasetCommitment(seen, who.ferdie.address, ferdieSalt)), who.ferdie);
  const { name } = await failing(api.tx.dataContribution.registerDataset(seen, ferdieSalt, [[who.ferdie.address, PERBILL]], 'ipfs://mine', OPEN_TERMS), who.ferdie);
  assert.equal(name, 'DatasetAlreadyRegistered');
  assert.equal((await api.query.dataContribution.datasets(hash)).unwrap().owner.toString(), who.alice.address);
  await included(api, api.tx.dataContribution.removeCommitment(who.ferdie.address, datasetCommitment(seen, who.ferdie.address, ferdieSalt)), who.ferdie);
});

test('2c. an earlier commitment wins even when its reveal is included after the front-runner\'s', async () => {
  const hash = blake2AsHex('dataset G: delayed reveal', 256);
  const salt = blake2AsHex('alice salt G', 256);
  await included(api, api.tx.dataContribution.commitDataset(datasetCommitment(hash, who.alice.address, salt)), who.alice);
  // Alice's reveal is held back: signed with the nonce after the next one, it waits in the
  // pool's future queue until the gap is filled. Ferdie has it as it was relayed to him.
  const nonce = (await api.rpc.system.accountNextIndex(who.alice.address)).toNumber();
  const reveal = api.tx.dataContribution.registerDataset(hash, salt, [[who.alice.address, PERBILL]], 'ipfs://dataset-g', OPEN_TERMS);
  const revealed = signAndWait(api, reveal, who.alice, { until: 'inBlock', nonce: nonce + 1, maxBlocks: 40 });
  let gapFilled = false;
  try {
    const stolen = revealedHash(reveal);
    assert.equal(stolen, hash);
    const { events: squatted } = await registerDataset(api, who.ferdie, stolen, [[who.ferdie.address, PERBILL]], 'ipfs://mine');
    assert.ok(squatted.some(({ event }) => api.events.dataContribution.DatasetRegistered.is(event)), 'Ferdie registered first');
    assert.equal((await api.query.dataContribution.datasets(hash)).unwrap().owner.toString(), who.ferdie.address);
    // Alice fills the nonce gap: her reveal is included after Ferdie's, within the reveal
    // window, and her earlier commitment wins.
    await included(api, api.tx.system.remark('gap'), who.alice);
    gapFilled = true;
  } finally {
    if (!gapFilled) await included(api, api.tx.system.remark('gap'), who.alice).catch(() => {});
  }
  const { events } = await revealed;
  const displaced = events.find(({ event }) => api.events.dataContribution.DatasetDisplaced.is(event));
  assert.ok(displaced, 'DatasetDisplaced');
  assert.equal(displaced.event.data.owner.toString(), who.ferdie.address);
  assert.equal((await api.query.dataContribution.datasets(hash)).unwrap().owner.toString(), who.alice.address);
  // Ferdie holds no dataset deposit any more.
  const holds = await api.query.balances.holds(who.ferdie.address);
  assert.equal(holds.filter((h) => h.id.toString().includes('DatasetDeposit')).length, 0);
});

test('3. Dave registers a model over A (weight 1) and B (weight 3) at 10 FAIR, 20% owner share', async () => {
  await untilSettled(api, [state.a, state.b]);
  const { events } = await included(
    api,
    api.tx.dataContribution.registerModel([[state.a, 1], [state.b, 3]], [], 10n * FAIR, 200_000_000, 'model: fairshare-demo v1'),
    who.dave,
  );
  const registered = events.find(({ event }) => api.events.dataContribution.ModelRegistered.is(event));
  assert.ok(registered, 'ModelRegistered');
  state.model = registered.event.data.modelId.toNumber();
  assert.equal(registered.event.data.owner.toString(), who.dave.address);
  assert.equal(registered.event.data.positions.toNumber(), 3);
  assert.equal((await api.query.dataContribution.nextModelId()).toNumber(), state.model + 1);
});

test('4-5. Eve pays for 1,000 queries; the split is exact to the planck, and the model\'s revenue is paid out', async () => {
  const protocol = palletAccount('fs/proto');
  const pot = palletAccount('fs/dcpot');
  const before = {
    eve: await free(api, who.eve.address),
    dave: await free(api, who.dave.address),
    protocol: await free(api, protocol),
    pot: await free(api, pot),
  };
  const payment = await included(
    api,
    api.tx.dataContribution.payForQueries(state.model, 1000, 10_000n * FAIR),
    who.eve,
  );
  const { events } = payment;
  // From docs/economics.md: total 10,000 FAIR; protocol 5% = 500; owner 20% of 9,500 = 1,900;
  // data 7,600: A (1/4) 1,900 to Alice; B (3/4) 5,700: Bob 60% = 3,420, Charlie 40% = 2,280.
  const usage = events.find(({ event }) => api.events.dataContribution.UsageRecorded.is(event));
  assert.ok(usage, 'UsageRecorded');
  const data = usage.event.data;
  assert.equal(data.modelId.toNumber(), state.model);
  assert.equal(data.payer.toString(), who.eve.address);
  assert.equal(data.queries.toNumber(), 1000);
  assert.equal(data.amount.toBigInt(), 10_000n * FAIR);
  assert.equal(data.protocolFee.toBigInt(), 500n * FAIR);
  assert.equal(data.ownerReward.toBigInt(), 1_900n * FAIR);
  assert.equal(data.dataReward.toBigInt(), 7_600n * FAIR);

  // The payment moves money once: all of it into the pot, the owner's and the protocol's parts
  // credited to the model until claimed.
  assert.equal(await free(api, who.eve.address), before.eve - 10_000n * FAIR - await checkedFee(api, payment));
  assert.equal(await free(api, who.dave.address), before.dave);
  assert.equal(await free(api, protocol), before.protocol);
  assert.equal(await free(api, pot), before.pot + 10_000n * FAIR);
  const waiting = (await api.rpc.dataContribution.model(state.model)).unwrap();
  assert.equal(BigInt(waiting.ownerPending.toString()), 1_900n * FAIR);
  assert.equal(BigInt(waiting.protocolPending.toString()), 500n * FAIR);
  // Anyone may pay it out: Ferdie does, and each gets its part to the planck.
  const revenue = await included(api, api.tx.dataContribution.claimModelRevenue(state.model), who.ferdie);
  const claimedRevenue = revenue.events.find(({ event }) => api.events.dataContribution.ModelRevenueClaimed.is(event)).event.data;
  assert.equal(claimedRevenue.ownerAmount.toBigInt(), 1_900n * FAIR);
  assert.equal(claimedRevenue.protocolAmount.toBigInt(), 500n * FAIR);
  assert.equal(await free(api, who.dave.address), before.dave + 1_900n * FAIR);
  assert.equal(await free(api, protocol), before.protocol + 500n * FAIR);
  assert.equal(await free(api, pot), before.pot + 7_600n * FAIR);
  const paidOut = (await api.rpc.dataContribution.model(state.model)).unwrap();
  assert.equal(BigInt(paidOut.ownerPending.toString()), 0n);
  assert.equal(BigInt(paidOut.protocolPending.toString()), 0n);

  const expected = { alice: 1_900n * FAIR, bob: 3_420n * FAIR, charlie: 2_280n * FAIR };
  for (const [name, amount] of Object.entries(expected)) {
    const address = who[name].address;
    const balance = await balanceRpc(address);
    assert.equal(BigInt(balance.pending.toString()), amount, `${name} pending over RPC`);
    assert.equal(BigInt(balance.claimed.toString()), 0n);
    assert.equal(BigInt(balance.earned.toString()), amount);
    // The runtime-API route, what polkadot.js Apps calls under Developer → Runtime calls
    // (docs/usage.md, step 6): the same figures, and no further page.
    const direct = await api.call.dataContributionApi.contributorBalance(address, { start: null, limit: 1000 });
    assert.equal(direct.pending.toBigInt(), amount, `${name} pending over the runtime API`);
    assert.equal(direct.earned.toBigInt(), amount);
    assert.ok(direct.next.isNone);
    const rewards = await api.rpc.dataContribution.contributorRewards(address);
    assert.deepEqual(rewards.map((r) => [r.modelId.toNumber(), BigInt(r.pending.toString())]), [[state.model, amount]]);
    assert.equal(await pendingFromStorage(address, state.model), amount, `${name} pending from storage`);
  }

  const model = (await api.rpc.dataContribution.model(state.model)).unwrap();
  assert.equal(model.queriesServed.toNumber(), 1000);
  assert.equal(BigInt(model.totalPaid.toString()), 10_000n * FAIR);
  assert.equal(BigInt(model.dataPaid.toString()), 7_600n * FAIR);
  // A base model with no royalties earned what its payers paid.
  assert.equal(model.earned.toBigInt(), 10_000n * FAIR);
  const stored = (await api.query.dataContribution.models(state.model)).unwrap();
  assert.equal(stored.queriesServed.toNumber(), 1000);
  assert.equal(stored.totalPaid.toBigInt(), 10_000n * FAIR);
  assert.equal(BigInt((await api.rpc.dataContribution.dataset(state.a)).unwrap().earned.toString()), 1_900n * FAIR);
  assert.equal(BigInt((await api.rpc.dataContribution.dataset(state.b)).unwrap().earned.toString()), 5_700n * FAIR);
});

test('6. Alice, Bob and Charlie claim; free balances rise by exactly the claims less the fee', async () => {
  for (const [name, amount] of [['alice', 1_900n * FAIR], ['bob', 3_420n * FAIR], ['charlie', 2_280n * FAIR]]) {
    const account = who[name];
    const before = await free(api, account.address);
    const claim = await included(api, api.tx.dataContribution.claimRewards(), account);
    const { events } = claim;
    const claimed = events.find(({ event }) => api.events.dataContribution.RewardsClaimed.is(event));
    assert.ok(claimed, 'RewardsClaimed');
    assert.equal(claimed.event.data.amount.toBigInt(), amount);
    assert.equal(claimed.event.data.moreRemaining.isTrue, false);
    assert.equal(await free(api, account.address), before + amount - await checkedFee(api, claim), `${name} free balance`);
    const balance = await balanceRpc(account.address);
    assert.equal(BigInt(balance.pending.toString()), 0n);
    assert.equal(BigInt(balance.claimed.toString()), amount);
    assert.equal(BigInt(balance.earned.toString()), amount);
  }
});

test('7. bad input fails with the named pallet error and moves nothing but the fee', async () => {
  const cases = [
    ['a reveal without a commitment', who.eve, api.tx.dataContribution.registerDataset(blake2AsHex('c'), ZERO_SALT, [[who.eve.address, PERBILL]], '', OPEN_TERMS), 'UnknownCommitment'],
    ['a duplicate hash', who.ferdie, api.tx.dataContribution.registerDataset(state.a, ZERO_SALT, [[who.ferdie.address, PERBILL]], '', OPEN_TERMS), 'DatasetAlreadyRegistered'],
    ['shares summing to 99%', who.ferdie, api.tx.dataContribution.registerDataset(blake2AsHex('c'), ZERO_SALT, [[who.ferdie.address, 500_000_000], [who.eve.address, 490_000_000]], '', OPEN_TERMS), 'InvalidShares'],
    ['max_total below the price', who.eve, api.tx.dataContribution.payForQueries(state.model, 1, 10n * FAIR - 1n), 'PaymentAboveLimit'],
    ['a claim with nothing to claim', who.alice, api.tx.dataContribution.claimRewards(), 'NothingToClaim'],
  ];
  const watched = [who.alice, who.bob, who.charlie, who.dave, who.eve, who.ferdie].map((a) => a.address);
  // Ferdie commits to A and to C with the zero salt, so that the reveals fail for what they say.
  for (const hash of [state.a, blake2AsHex('c')]) {
    await included(api, api.tx.dataContribution.commitDataset(datasetCommitment(hash, who.ferdie.address, ZERO_SALT)), who.ferdie);
  }
  for (const [label, signer, tx, expected] of cases) {
    const frees = await Promise.all(watched.map((address) => free(api, address)));
    const pendings = await Promise.all(watched.map(pendingRpc));
    const { section, name, fee } = await failing(tx, signer);
    assert.equal(`${section}.${name}`, `dataContribution.${expected}`, label);
    for (const [i, address] of watched.entries()) {
      const paid = address === signer.address ? fee : 0n;
      assert.equal(await free(api, address), frees[i] - paid, `${label}: free balance of ${address}`);
      assert.equal(await pendingRpc(address), pendings[i], `${label}: pending of ${address}`);
    }
  }
  // Ferdie takes his commitments back, and their deposits with them.
  const held = await reserved(api, who.ferdie.address);
  let released = 0n;
  for (const hash of [state.a, blake2AsHex('c')]) {
    const commitment = datasetCommitment(hash, who.ferdie.address, ZERO_SALT);
    const { events } = await included(api, api.tx.dataContribution.removeCommitment(who.ferdie.address, commitment), who.ferdie);
    released += dataEvent(events, 'CommitmentRemoved').deposit.toBigInt();
  }
  assert.equal(await reserved(api, who.ferdie.address), held - released);
});

test('7. the RPC answers a garbage address, a bad hash and unknown ids clearly', async () => {
  await assert.rejects(
    rpcCall(node.httpUrl, 'dataContribution_contributorBalance', ['not-an-address']),
    (e) => e.rpc.code === -32602 && /invalid account "not-an-address": not an SS58 address/.test(e.rpc.message),
  );
  await assert.rejects(
    api.rpc.dataContribution.contributorBalance('garbage'),
    /not an SS58 address/,
  );
  await assert.rejects(
    rpcCall(node.httpUrl, 'dataContribution_dataset', ['0x1234']),
    (e) => e.rpc.code === -32602 && /expected 0x followed by 64 hex digits/.test(e.rpc.message),
  );
  // u8::from_str_radix alone would take the `+`.
  await assert.rejects(
    rpcCall(node.httpUrl, 'dataContribution_dataset', [`0x+a${'ab'.repeat(31)}`]),
    (e) => e.rpc.code === -32602 && /expected 0x followed by 64 hex digits/.test(e.rpc.message),
  );
  await assert.rejects(
    rpcCall(node.httpUrl, 'dataContribution_contributorRewards', [who.alice.address, null, null, 1001]),
    (e) => e.rpc.code === -32602 && /a page holds 1 to 1000 entries/.test(e.rpc.message),
  );
  await assert.rejects(
    rpcCall(node.httpUrl, 'dataContribution_contributorBalance', [who.alice.address, null, 'seven']),
    (e) => e.rpc.code === -32602,
  );
  await assert.rejects(rpcCall(node.httpUrl, 'dataContribution_model', ['seven']), (e) => e.rpc.code === -32602);
  const nobody = encodeAddress(new Uint8Array(32).fill(7), 42);
  assert.deepEqual(await rpcCall(node.httpUrl, 'dataContribution_contributorBalance', [nobody]), { pending: '0', escrowed: '0', claimed: '0', earned: '0', next: null });
  assert.deepEqual(await rpcCall(node.httpUrl, 'dataContribution_reputation', [nobody]), { registered: 0, challenged: 0, slashed: 0 });
  await assert.rejects(
    rpcCall(node.httpUrl, 'dataContribution_reputation', ['5Grw']),
    (e) => e.rpc.code === -32602 && /not an SS58 address/.test(e.rpc.message),
  );
  assert.deepEqual(await rpcCall(node.httpUrl, 'dataContribution_contributorRewards', [nobody]), []);
  assert.equal(await rpcCall(node.httpUrl, 'dataContribution_dataset', [blake2AsHex('unknown')]), null);
  assert.equal(await rpcCall(node.httpUrl, 'dataContribution_model', [424242]), null);
});


test('8. Ferdie challenges dataset A; its earnings are escrowed while B pays on', async () => {
  const bond = api.consts.dataContribution.challengeBond.toBigInt();
  assert.equal(bond, 100n * FAIR);
  state.ferdieBefore = await free(api, who.ferdie.address);
  // Ferdie holds his reputation record's deposit from his displaced registration.
  state.ferdieReserved = await reserved(api, who.ferdie.address);
  const challenge = await included(api, api.tx.dataContribution.challengeDataset(state.a, 'ipfs://evidence-a'), who.ferdie);
  const { events } = challenge;
  state.challengeFee = await checkedFee(api, challenge);
  const opened = dataEvent(events, 'ChallengeOpened');
  assert.ok(opened, 'ChallengeOpened');
  assert.equal(opened.challenger.toString(), who.ferdie.address);
  assert.equal(opened.bond.toBigInt(), bond);
  assert.equal(await reserved(api, who.ferdie.address), state.ferdieReserved + bond);
  assert.equal((await api.query.dataContribution.datasets(state.a)).unwrap().status.toString(), 'Challenged');
  assert.equal((await api.rpc.dataContribution.dataset(state.a)).unwrap().status.toString(), 'Challenged');

  // 100 queries: 1,000 FAIR; data 760: A 190 (Alice, escrowed), B 570 (Bob 342, Charlie 228).
  await included(api, api.tx.dataContribution.payForQueries(state.model, 100, 1_000n * FAIR), who.eve);
  const alice = await balanceRpc(who.alice.address);
  assert.equal(BigInt(alice.pending.toString()), 0n);
  assert.equal(BigInt(alice.escrowed.toString()), 190n * FAIR);
  assert.equal(await pendingRpc(who.bob.address), 342n * FAIR);
  assert.equal(await pendingRpc(who.charlie.address), 228n * FAIR);

  // Alice's claim moves her part into escrow, not into her balance.
  const before = await free(api, who.alice.address);
  const claim = await included(api, api.tx.dataContribution.claimRewards(), who.alice);
  const claimed = dataEvent(claim.events, 'RewardsClaimed');
  assert.equal(claimed.amount.toBigInt(), 0n);
  assert.equal(claimed.escrowed.toBigInt(), 190n * FAIR);
  assert.equal(await free(api, who.alice.address), before - await checkedFee(api, claim));
  assert.equal((await api.query.dataContribution.escrow(who.alice.address, state.a)).toBigInt(), 190n * FAIR);
});

test('8. no curator rules alone: a direct ruling and a motion of one vote are refused', async () => {
  const uphold = api.tx.dataContribution.resolveChallenge(state.a, true);
  const direct = await included(api, uphold, who.bob).then(() => assert.fail('a curator ruled alone'), (e) => e);
  assert.equal(direct.dispatchError.isBadOrigin, true);
  // A motion of threshold 1 is dispatched at once, with one vote of three: refused.
  const { result, proposed } = await propose(api, uphold, who.charlie, 1);
  assert.equal(proposed, undefined, 'a motion of threshold 1 is not kept');
  const executed = eventOf(result.events, 'curatorCouncil', 'Executed');
  assert.equal(executed.data.result.isErr, true);
  assert.equal(executed.data.result.asErr.isBadOrigin, true);
  assert.equal((await api.query.dataContribution.datasets(state.a)).unwrap().status.toString(), 'Challenged');
  assert.equal((await api.query.dataContribution.challenges(state.a)).isSome, true);
});

test('8. a council motion of 2 of 3 upholds the challenge: A is slashed, its later earnings go to the protocol account', async () => {
  const protocol = palletAccount('fs/proto');
  const deposit = (await api.query.dataContribution.datasets(state.a)).unwrap().deposit.toBigInt();
  const protocolBefore = await free(api, protocol);
  const aliceReserved = await reserved(api, who.alice.address);
  const motion = await councilMotion(api, api.tx.dataContribution.resolveChallenge(state.a, true), {
    proposer: who.alice,
    voters: [who.alice, who.bob],
    closer: who.eve,
  });
  // The proposer holds the motion's deposit, two storage items and 1 kB (3.024 FAIR), until
  // someone releases it; A's deposit, also Alice's, was slashed by the ruling.
  const motionDeposit = 2n * FAIR + 1_024n * (FAIR / 1_000n);
  assert.equal(await reserved(api, who.alice.address), aliceReserved + motionDeposit - deposit);
  // The events say who voted how, and that the ruling was dispatched by 2 of 3 seats.
  const voted = eventOf(motion.votes[1].events, 'curatorCouncil', 'Voted');
  assert.deepEqual(
    [voted.data.account.toString(), voted.data.voted.isTrue, voted.data.yes.toNumber(), voted.data.no.toNumber()],
    [who.bob.address, true, 2, 0],
  );
  const { events } = motion.close;
  const closed = eventOf(events, 'curatorCouncil', 'Closed');
  assert.deepEqual([closed.data.yes.toNumber(), closed.data.no.toNumber()], [2, 0]);
  const executed = eventOf(events, 'curatorCouncil', 'Executed');
  assert.ok(executed.data.result.isOk, `motion result: ${executed.data.result.toString()}`);
  // Anyone returns the proposer's deposit once the motion is closed.
  await included(api, api.tx.curatorCouncil.releaseProposalCost(motion.hash), who.eve);
  assert.equal(await reserved(api, who.alice.address), aliceReserved - deposit);
  const upheld = dataEvent(events, 'ChallengeUpheld');
  assert.ok(upheld, 'ChallengeUpheld');
  const reward = deposit / 2n;
  assert.equal(upheld.slashedDeposit.toBigInt(), deposit);
  assert.equal(upheld.challengerReward.toBigInt(), reward);
  assert.equal(upheld.forfeitedEscrow.toBigInt(), 190n * FAIR);
  assert.equal(await free(api, protocol), protocolBefore + (deposit - reward) + 190n * FAIR);
  // Ferdie has the bond back, and half of Alice's deposit, less the challenge's fee.
  assert.equal(await reserved(api, who.ferdie.address), state.ferdieReserved);
  assert.equal(await free(api, who.ferdie.address), state.ferdieBefore - state.challengeFee + reward);
  assert.equal((await api.rpc.dataContribution.dataset(state.a)).unwrap().status.toString(), 'Slashed');
  // Alice registered A, F and G; A was challenged and slashed.
  const reputation = await api.rpc.dataContribution.reputation(who.alice.address);
  assert.deepEqual(
    [reputation.registered.toNumber(), reputation.challenged.toNumber(), reputation.slashed.toNumber()],
    [3, 1, 1],
  );

  // Another 100 queries: A's 190 FAIR is forfeited; B's contributors earn as before.
  await included(api, api.tx.dataContribution.payForQueries(state.model, 100, 1_000n * FAIR), who.eve);
  assert.equal(await pendingRpc(who.alice.address), 0n);
  assert.equal(await pendingRpc(who.bob.address), 2n * 342n * FAIR);
  assert.equal(await pendingRpc(who.charlie.address), 2n * 228n * FAIR);
  const protocolBeforeClaim = await free(api, protocol);
  const aliceBefore = await free(api, who.alice.address);
  const claim = await included(api, api.tx.dataContribution.claimRewards(), who.alice);
  const claimed = dataEvent(claim.events, 'RewardsClaimed');
  assert.equal(claimed.amount.toBigInt(), 0n);
  assert.equal(claimed.forfeited.toBigInt(), 190n * FAIR);
  assert.equal(await free(api, protocol), protocolBeforeClaim + 190n * FAIR);
  assert.equal(await free(api, who.alice.address), aliceBefore - await checkedFee(api, claim));

  const bobBefore = await free(api, who.bob.address);
  const bobClaim = await included(api, api.tx.dataContribution.claimRewards(), who.bob);
  assert.equal(dataEvent(bobClaim.events, 'RewardsClaimed').amount.toBigInt(), 2n * 342n * FAIR);
  assert.equal(await free(api, who.bob.address), bobBefore + 2n * 342n * FAIR - await checkedFee(api, bobClaim));
});

test('8. curation misuse fails with named errors', async () => {
  const cases = [
    ['a second challenge of a slashed dataset', who.ferdie, api.tx.dataContribution.challengeDataset(state.a, ''), 'DatasetNotActive'],
    ['a contributor challenging its own dataset', who.charlie, api.tx.dataContribution.challengeDataset(state.b, ''), 'ChallengerIsContributor'],
    ['closing a challenge that is not open', who.eve, api.tx.dataContribution.closeExpiredChallenge(state.b), 'NoOpenChallenge'],
  ];
  const protocol = palletAccount('fs/proto');
  const pot = palletAccount('fs/dcpot');
  /** What a failed curation call could have moved: the datasets' records, the pot, the protocol account. */
  const snapshot = async () => JSON.stringify({
    a: (await api.query.dataContribution.datasets(state.a)).toJSON(),
    b: (await api.query.dataContribution.datasets(state.b)).toJSON(),
    challenges: [(await api.query.dataContribution.challenges(state.a)).toJSON(), (await api.query.dataContribution.challenges(state.b)).toJSON()],
    pot: (await free(api, pot)).toString(),
    protocol: (await free(api, protocol)).toString(),
  });
  for (const [label, signer, tx, expected] of cases) {
    const [before, freeBefore] = [await snapshot(), await free(api, signer.address)];
    const { section, name, fee } = await failing(tx, signer);
    assert.equal(`${section}.${name}`, `dataContribution.${expected}`, label);
    assert.equal(await snapshot(), before, `${label} moved nothing`);
    assert.equal(await free(api, signer.address), freeBefore - fee, `${label} cost only its fee`);
  }
  // Only Root or a council majority rules; Eve is not even a curator.
  const [before, freeBefore] = [await snapshot(), await free(api, who.eve.address)];
  const error = await included(api, api.tx.dataContribution.resolveChallenge(state.b, false), who.eve).then(
    () => assert.fail('a signed account ruled'),
    (e) => e,
  );
  assert.equal(error.dispatchError.isBadOrigin, true);
  assert.equal(await snapshot(), before, 'a refused ruling moved nothing');
  assert.equal(await free(api, who.eve.address), freeBefore - await checkedFee(api, error));
});
