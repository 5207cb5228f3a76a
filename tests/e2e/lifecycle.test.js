// The ends of every record's life, on a real node of the `dev-fast` chain (periods of a few
// blocks): a dataset's terms loosened, its ownership offered and accepted, its withdrawal and
// removal; a model retired, its positions settled by a stranger and its record removed; an
// unruled challenge closed as expired; a misattribution ruled through sudo; a usage channel
// topped up, closed and removed; and claims that page through more positions than one claim
// holds. Each figure is predicted from what the test applied: deposits come back exactly as
// they were held, payments split by the economics' formula, fees checked against theirs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blake2AsHex } from '@polkadot/util-crypto';
import { palletAccount, registerDataset, untilSettled, OPEN_TERMS } from '../../clients/js/fairshare.js';
import { untilBlock } from '../lib/chain.js';
import { checkedFee } from '../lib/fees.js';
import { onDevNode, rpcCall } from '../lib/node.js';
import { FAIR, MILLI, PERBILL, eventOf, free, included, keyring, paymentSplit, reserved } from '../lib/toolkit.js';

const PRICE = FAIR / 10n;
const OWNER_SHARE = 200_000_000; // 20%
const BOND = 100n * FAIR; // the runtime's ChallengeBond
const PROTOCOL = palletAccount('fs/proto');
/** The pallet's usage escrow account: its pallet id's sub-account `usage`. */
const USAGE_ESCROW = palletAccount('fs/dcpot', 42, 'usage');
/** The dev-fast preset's periods (runtime/src/genesis_config_presets.rs); the first test checks
 * that the node runs with them. */
const periods = { challengePeriod: 10, usageClosePeriod: 5, commitmentLifetime: 20, revealWindow: 5 };

let node;
let api;
let who;

/** Includes `tx` from `signer`; returns its events, its block and number, and its checked fee. */
async function send(tx, signer) {
  const result = await included(api, tx, signer);
  const number = (await api.rpc.chain.getHeader(result.blockHash)).number.toNumber();
  return { ...result, number, fee: await checkedFee(api, result) };
}

/**
 * Has Root make `call` through sudo; returns the result. The sudo key pays no fee for a sudo
 * call that succeeds (pallet-sudo's `Pays::No`), which this checks too.
 */
async function asRoot(call) {
  const result = await included(api, api.tx.sudo.sudo(call), who.alice);
  const sudid = emitted(result, 'Sudid', 'sudo');
  assert.ok(sudid.sudoResult.isOk, `sudo result: ${sudid.sudoResult.toString()}`);
  assert.equal(emitted(result, 'TransactionFeePaid', 'transactionPayment').actualFee.toBigInt(), 0n, 'sudo pays no fee');
  return result;
}

/** The data of the `method` event of the pallet in `result`, which must be there. */
function emitted(result, method, section = 'dataContribution') {
  const event = eventOf(result.events, section, method);
  assert.ok(event, `${section}.${method} was emitted`);
  return event.data;
}

/** `address`'s free and reserved balances now. */
async function balances(address) {
  return { free: await free(api, address), reserved: await reserved(api, address) };
}

/**
 * A reputation record's deposit: 1 FAIR and 1 mFAIR for each of its 92 bytes (two 16-byte
 * prefixes, the Blake2_128Concat account in 48, three u32 counts), held from an account the first
 * time it answers for a dataset (registers one, accepts one, or confirms its part).
 */
const REPUTATION_DEPOSIT = FAIR + 92n * MILLI;

/** What answering for its first dataset would hold from `address`: 0 once it has a record. */
async function reputationDeposit(address) {
  const holds = await api.query.balances.holds(address);
  const has = holds.some((h) => h.id.toJSON().dataContribution === 'ReputationDeposit');
  return has ? 0n : REPUTATION_DEPOSIT;
}

/** Registers dataset `name` for `owner` with `contributors`; returns its hash and the deposit held. */
async function dataset(owner, name, contributors, options) {
  const hash = blake2AsHex(`lifecycle/${name}`);
  const before = await reserved(api, owner.address);
  const reputation = await reputationDeposit(owner.address);
  await registerDataset(api, owner, hash, contributors, `ipfs://${name}`, options);
  const deposit = (await api.query.dataContribution.datasets(hash)).unwrap().deposit.toBigInt();
  assert.equal(await reserved(api, owner.address), before + deposit + reputation, 'the deposits are held');
  return { hash, deposit };
}

/** Registers a model of `owner` on `hash`; returns its id and the deposit held. */
async function model(owner, hash, name) {
  const before = await reserved(api, owner.address);
  const r = await send(api.tx.dataContribution.registerModel([[hash, 1]], [], PRICE, OWNER_SHARE, name), owner);
  const id = emitted(r, 'ModelRegistered').modelId.toNumber();
  const deposit = (await api.query.dataContribution.models(id)).unwrap().deposit.toBigInt();
  assert.equal(await reserved(api, owner.address), before + deposit, 'the model deposit is held');
  return { id, deposit };
}

onDevNode({ finalized: 1 }, (started) => ({ node, api, who } = started));

test('the dev-fast chain runs every period in a few blocks', async () => {
  assert.deepEqual((await api.call.dataContributionApi.periods()).toJSON(), periods);
});

test('an owner loosens its dataset\'s terms, then hands the dataset over by offer and acceptance', async () => {
  const strict = { commercialUse: false, derivatives: false, minContributorShare: 100_000_000 };
  const d = await dataset(who.bob, 'handed-over', [[who.bob.address, PERBILL]], { terms: strict });
  await untilSettled(api, [d.hash]);

  const bob0 = await balances(who.bob.address);
  const terms = await send(api.tx.dataContribution.setDatasetTerms(d.hash, OPEN_TERMS), who.bob);
  assert.deepEqual(emitted(terms, 'DatasetTermsSet').terms.toJSON(), OPEN_TERMS);
  assert.deepEqual((await api.query.dataContribution.datasets(d.hash)).unwrap().terms.toJSON(), OPEN_TERMS);

  const offer = await send(api.tx.dataContribution.offerDatasetOwnership(d.hash, who.charlie.address), who.bob);
  assert.equal(emitted(offer, 'DatasetOwnershipOffered').newOwner.toString(), who.charlie.address);
  const charlie0 = await balances(who.charlie.address);
  const reputation = await reputationDeposit(who.charlie.address);
  assert.equal(reputation, REPUTATION_DEPOSIT, 'Charlie answers for his first dataset');
  const accept = await send(api.tx.dataContribution.acceptDatasetOwnership(d.hash), who.charlie);
  const moved = emitted(accept, 'DatasetOwnershipTransferred');
  assert.equal(moved.deposit.toBigInt(), d.deposit);

  // The deposit moves from Bob's holds to Charlie's: Bob gets it back, Charlie pays it.
  assert.deepEqual(await balances(who.bob.address), {
    free: bob0.free - terms.fee - offer.fee + d.deposit,
    reserved: bob0.reserved - d.deposit,
  });
  assert.deepEqual(await balances(who.charlie.address), {
    free: charlie0.free - accept.fee - d.deposit - reputation,
    reserved: charlie0.reserved + d.deposit + reputation,
  });
  assert.equal((await api.query.dataContribution.datasets(d.hash)).unwrap().owner.toString(), who.charlie.address);

  // Charlie withdraws it; after the notice a stranger removes it, and the deposit comes back.
  const withdraw = await send(api.tx.dataContribution.withdrawDataset(d.hash), who.charlie);
  const noticeEnds = emitted(withdraw, 'DatasetWithdrawn').noticeEnds.toNumber();
  assert.equal(noticeEnds, withdraw.number + periods.challengePeriod);
  await untilBlock(node.httpUrl, noticeEnds);
  const charlie1 = await balances(who.charlie.address);
  const removed = emitted(await send(api.tx.dataContribution.finishWithdrawDataset(d.hash), who.dave), 'DatasetRemoved');
  assert.equal(removed.owner.toString(), who.charlie.address);
  assert.equal(removed.deposit.toBigInt(), d.deposit);
  assert.deepEqual(await balances(who.charlie.address), {
    free: charlie1.free + d.deposit,
    reserved: charlie1.reserved - d.deposit,
  });
  assert.ok((await api.query.dataContribution.datasets(d.hash)).isNone);
});

test('a retired model\'s positions are settled by a stranger, and removing it pays out and returns its deposit', async () => {
  const half = PERBILL / 2n;
  const d = await dataset(who.eve, 'retired-model-data', [[who.eve.address, half], [who.ferdie.address, half]]);
  await untilSettled(api, [d.hash]);
  const m = await model(who.dave, d.hash, 'retired');
  const queries = 10n;
  await send(api.tx.dataContribution.payForQueries(m.id, queries, queries * PRICE), who.bob);
  const split = paymentSplit(queries * PRICE, OWNER_SHARE);

  await send(api.tx.dataContribution.retireModel(m.id), who.dave);
  // Each contributor's points are half the model's: each is owed half the data part, rounded down.
  for (const contributor of [who.eve, who.ferdie]) {
    const settled = emitted(await send(api.tx.dataContribution.settlePosition(m.id, contributor.address), who.charlie), 'PositionSettled');
    assert.equal(settled.credited.toBigInt(), split.data / 2n);
    assert.ok((await api.query.dataContribution.positions(contributor.address, m.id)).isNone);
  }

  const dave0 = await balances(who.dave.address);
  const protocol0 = await free(api, PROTOCOL);
  const r = await send(api.tx.dataContribution.removeRetiredModel(m.id), who.charlie);
  const revenue = emitted(r, 'ModelRevenueClaimed');
  assert.equal(revenue.ownerAmount.toBigInt(), split.owner);
  assert.equal(revenue.protocolAmount.toBigInt(), split.protocol);
  assert.equal(emitted(r, 'ModelRemoved').deposit.toBigInt(), m.deposit);
  assert.deepEqual(await balances(who.dave.address), {
    free: dave0.free + m.deposit + split.owner,
    reserved: dave0.reserved - m.deposit,
  });
  assert.equal(await free(api, PROTOCOL), protocol0 + split.protocol);
  assert.ok((await api.query.dataContribution.models(m.id)).isNone);

  // Eve's settled credit is paid by her next claim.
  const eve0 = await free(api, who.eve.address);
  const claim = await send(api.tx.dataContribution.claimRewards(), who.eve);
  assert.equal(emitted(claim, 'RewardsClaimed').amount.toBigInt(), split.data / 2n);
  assert.equal(await free(api, who.eve.address), eve0 - claim.fee + split.data / 2n);
});

test('a challenge nobody rules on closes as expired, and its bond goes to the protocol account', async () => {
  const d = await dataset(who.ferdie, 'unruled', [[who.ferdie.address, PERBILL]]);
  await untilSettled(api, [d.hash]);
  const bob0 = await balances(who.bob.address);
  const challenge = await send(api.tx.dataContribution.challengeDataset(d.hash, 'ipfs://evidence'), who.bob);
  const opened = emitted(challenge, 'ChallengeOpened');
  assert.equal(opened.bond.toBigInt(), BOND);
  assert.equal(opened.expiresAt.toNumber(), challenge.number + periods.challengePeriod);
  assert.equal(await reserved(api, who.bob.address), bob0.reserved + BOND);

  await untilBlock(node.httpUrl, opened.expiresAt.toNumber());
  const protocol0 = await free(api, PROTOCOL);
  const closed = emitted(await send(api.tx.dataContribution.closeExpiredChallenge(d.hash), who.charlie), 'ChallengeRejected');
  assert.equal(closed.expired.isTrue, true);
  assert.equal(closed.bond.toBigInt(), BOND);
  assert.equal(await free(api, PROTOCOL), protocol0 + BOND);
  // Bob's bond left his free balance when it was held, and is gone with the rejection.
  assert.deepEqual(await balances(who.bob.address), { free: bob0.free - challenge.fee - BOND, reserved: bob0.reserved });
  assert.ok((await api.query.dataContribution.challenges(d.hash)).isNone);
});

test('a misattribution ruling slashes the owner and sends the dataset\'s earnings to the rightful account', async () => {
  const d = await dataset(who.eve, 'misattributed', [[who.eve.address, PERBILL]]);
  await untilSettled(api, [d.hash]);
  const m = await model(who.dave, d.hash, 'over-misattributed');
  const queries = 4n;
  await send(api.tx.dataContribution.payForQueries(m.id, queries, queries * PRICE), who.bob);
  const { data } = paymentSplit(queries * PRICE, OWNER_SHARE);

  const bob0 = await balances(who.bob.address);
  const eve0 = await balances(who.eve.address);
  const challenge = await send(api.tx.dataContribution.challengeDataset(d.hash, 'ipfs://not-hers'), who.bob);
  const protocol0 = await free(api, PROTOCOL);
  const ruling = await asRoot(api.tx.dataContribution.resolveMisattribution(d.hash, who.charlie.address));
  const upheld = emitted(ruling, 'MisattributionUpheld');
  // Half the slashed deposit to the challenger, the rest to the protocol; the bond comes back.
  const reward = d.deposit / 2n;
  assert.equal(upheld.slashedDeposit.toBigInt(), d.deposit);
  assert.equal(upheld.challengerReward.toBigInt(), reward);
  assert.equal(upheld.rightful.toString(), who.charlie.address);
  assert.equal(await free(api, PROTOCOL), protocol0 + d.deposit - reward);
  assert.deepEqual(await balances(who.bob.address), { free: bob0.free - challenge.fee + reward, reserved: bob0.reserved });
  assert.deepEqual(await balances(who.eve.address), { free: eve0.free, reserved: eve0.reserved - d.deposit });

  // What Eve's position earned through the dataset is Charlie's: settled on Eve's position,
  // credited to Charlie, and paid by his claim. Eve is owed nothing.
  await send(api.tx.dataContribution.settlePosition(m.id, who.eve.address), who.charlie);
  const charlie0 = await free(api, who.charlie.address);
  const claim = await send(api.tx.dataContribution.claimRewards(), who.charlie);
  assert.equal(emitted(claim, 'RewardsClaimed').amount.toBigInt(), data);
  assert.equal(await free(api, who.charlie.address), charlie0 - claim.fee + data);
  const eve = await rpcCall(node.httpUrl, 'dataContribution_contributorBalance', [who.eve.address]);
  assert.equal(eve.pending, '0');
  assert.equal(eve.escrowed, '0');
});

test('a consumer tops up a usage channel, closes it, and a stranger removes it after the close period', async () => {
  const d = await dataset(who.alice, 'channel-data', [[who.alice.address, PERBILL]]);
  await untilSettled(api, [d.hash]);
  const m = await model(who.dave, d.hash, 'channel-model');
  const ferdie0 = await balances(who.ferdie.address);
  const escrowHeld0 = await reserved(api, USAGE_ESCROW);
  const escrow = 5n * FAIR;
  const opened = await send(api.tx.dataContribution.openUsage(m.id, escrow, PRICE), who.ferdie);
  const channelId = emitted(opened, 'UsageOpened').channelId.toNumber();
  const channelDeposit = (await api.query.dataContribution.usageChannels(channelId)).unwrap().deposit.toBigInt();
  const openFee = opened.fee;
  // The escrow moves to the pallet's usage escrow account, held there; the channel's deposit
  // is held from Ferdie.
  assert.deepEqual(await balances(who.ferdie.address), {
    free: ferdie0.free - openFee - escrow - channelDeposit,
    reserved: ferdie0.reserved + channelDeposit,
  });
  assert.equal(await reserved(api, USAGE_ESCROW), escrowHeld0 + escrow);

  const more = 2n * FAIR;
  const topUp = await send(api.tx.dataContribution.topUpUsage(channelId, more), who.ferdie);
  const toppedUp = emitted(topUp, 'UsageToppedUp');
  assert.equal(toppedUp.amount.toBigInt(), more);
  assert.equal(toppedUp.escrow.toBigInt(), escrow + more);
  assert.equal(await reserved(api, USAGE_ESCROW), escrowHeld0 + escrow + more);

  const close = await send(api.tx.dataContribution.closeUsage(channelId), who.ferdie);
  const closesAt = close.number + periods.usageClosePeriod;
  assert.equal(emitted(close, 'UsageClosing').closesAt.toNumber(), closesAt);
  await untilBlock(node.httpUrl, closesAt);
  const closed = emitted(await send(api.tx.dataContribution.finishCloseUsage(channelId), who.bob), 'UsageClosed');
  assert.equal(closed.refunded.toBigInt(), escrow + more);
  assert.equal(closed.channelDeposit.toBigInt(), channelDeposit);
  // Nothing was settled: Ferdie is back where he began, less his three fees.
  assert.deepEqual(await balances(who.ferdie.address), {
    free: ferdie0.free - openFee - topUp.fee - close.fee,
    reserved: ferdie0.reserved,
  });
  assert.equal(await reserved(api, USAGE_ESCROW), escrowHeld0);
  assert.ok((await api.query.dataContribution.usageChannels(channelId)).isNone);
});

test('a contributor with more positions than a page or a claim holds reads them page by page and claims them in turns', async () => {
  const MODELS = 66; // two more than one claim settles (MaxPositionsPerClaim = 64)
  const PAGE = 20;
  const pager = keyring().addFromUri('//Pager');
  const funding = 10n * FAIR;
  await send(api.tx.balances.transferKeepAlive(pager.address, funding), who.alice);
  const d = await dataset(who.alice, 'paged', [[pager.address, PERBILL]]);
  await untilSettled(api, [d.hash]);

  // Dave registers the models in batches of a sixth (a registration declares the weight of a
  // dataset of `MaxContributors` contributors: 22 of them exceed a block), and Bob pays one
  // query to each, in batches of a third.
  const ids = [];
  for (let i = 0; i < MODELS; i += MODELS / 6) {
    const calls = Array.from({ length: MODELS / 6 }, (_, j) =>
      api.tx.dataContribution.registerModel([[d.hash, 1]], [], PRICE, OWNER_SHARE, `paged-${i + j}`));
    const r = await send(api.tx.utility.batchAll(calls), who.dave);
    ids.push(...r.events.filter(({ event }) => api.events.dataContribution.ModelRegistered.is(event))
      .map(({ event }) => event.data.modelId.toNumber()));
  }
  assert.equal(ids.length, MODELS);
  for (let i = 0; i < MODELS; i += MODELS / 3) {
    const calls = ids.slice(i, i + MODELS / 3).map((id) => api.tx.dataContribution.payForQueries(id, 1, PRICE));
    await send(api.tx.utility.batchAll(calls), who.bob);
  }
  // The pager is each model's only contributor: it is owed each payment's whole data part.
  const each = paymentSplit(PRICE, OWNER_SHARE).data;

  // Page by page over RPC: each page at most PAGE positions, resuming after `next`.
  let start = null;
  let pending = 0n;
  const seen = [];
  for (let pages = 0; ; pages++) {
    assert.ok(pages < 10, 'the pages end');
    const rewards = await rpcCall(node.httpUrl, 'dataContribution_contributorRewards', [pager.address, null, start, PAGE]);
    const balance = await rpcCall(node.httpUrl, 'dataContribution_contributorBalance', [pager.address, null, start, PAGE]);
    assert.ok(rewards.length <= PAGE);
    for (const r of rewards) assert.equal(BigInt(r.pending), each);
    seen.push(...rewards.map((r) => r.modelId));
    pending += BigInt(balance.pending);
    if (balance.next === null) break;
    assert.equal(balance.next, rewards.at(-1).modelId);
    start = balance.next;
  }
  assert.deepEqual([...seen].sort((a, b) => a - b), [...ids].sort((a, b) => a - b));
  assert.equal(pending, BigInt(MODELS) * each);

  // Two claims: the first settles 64 positions and says more remain, the second the last two.
  const before = await free(api, pager.address);
  const first = await send(api.tx.dataContribution.claimRewards(), pager);
  const second = await send(api.tx.dataContribution.claimRewards(), pager);
  const [a, b] = [emitted(first, 'RewardsClaimed'), emitted(second, 'RewardsClaimed')];
  assert.deepEqual([a.positions.toNumber(), a.moreRemaining.isTrue], [64, true]);
  assert.deepEqual([b.positions.toNumber(), b.moreRemaining.isTrue], [MODELS - 64, false]);
  assert.equal(a.amount.toBigInt(), 64n * each);
  assert.equal(b.amount.toBigInt(), BigInt(MODELS - 64) * each);
  assert.equal(await free(api, pager.address), before - first.fee - second.fee + BigInt(MODELS) * each);
  const after = await rpcCall(node.httpUrl, 'dataContribution_contributorBalance', [pager.address]);
  assert.deepEqual([after.pending, after.claimed], ['0', (BigInt(MODELS) * each).toString()]);
});

test('Root changes a period through parameters.setParameter, and removing it brings back the real one', async () => {
  const set = (value) => asRoot(api.tx.parameters.setParameter({ Periods: { RevealWindow: [null, value] } }));
  const refused = await included(api, api.tx.parameters.setParameter({ Periods: { RevealWindow: [null, 1] } }), who.bob)
    .then(() => assert.fail('a signed account set a parameter'), (e) => e);
  assert.equal(refused.dispatchError.isBadOrigin, true);

  const changed = emitted(await set(7), 'Updated', 'parameters');
  assert.deepEqual(changed.newValue.toJSON(), { periods: { revealWindow: 7 } });
  assert.equal((await api.call.dataContributionApi.periods()).revealWindow.toNumber(), 7);
  // The preset set 5 in genesis; removing the parameter falls back to the real window, 10.
  const removed = emitted(await set(null), 'Updated', 'parameters');
  assert.deepEqual(removed.oldValue.toJSON(), { periods: { revealWindow: 7 } });
  assert.equal(removed.newValue.isNone, true);
  assert.equal((await api.call.dataContributionApi.periods()).revealWindow.toNumber(), 10);
});
