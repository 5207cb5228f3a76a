// Shared control through polkadot.js against a real --dev node: a 2-of-3 multisig owns a model
// and collects its owner rewards; a DataContribution proxy (a hot key) runs the model but is
// refused a balance transfer by the proxy filter; utility.batchAll registers a dataset and a
// model in one extrinsic, and reverts both when the second fails; the model changes hands in two
// steps and its new owner collects what it earns from then on. Then licence terms and lineage: a
// dataset's floor refuses a fine-tune that gives its contributors too little, and a fine-tune's
// payment pays the base model's contributors, as earned in the base model.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cryptoWaitReady, blake2AsHex, encodeMultiAddress, sortAddresses } from '@polkadot/util-crypto';
import { connect, signAndWait, registerDataset, untilSettled, datasetCommitment, OPEN_TERMS } from '../../clients/js/fairshare.js';
import { startDevNode } from '../lib/node.js';
import { FAIR, PERBILL, devAccounts, eventOf, free, included, paymentSplit, reserved } from '../lib/toolkit.js';

const PRICE = FAIR / 10n;
const OWNER_SHARE = 200_000_000n; // 20%

let node;
let api;
let who;
const state = {};


/** The protocol's, the owner's and the contributors' parts of `total`. */
const split = (total, ownerShare = OWNER_SHARE) => paymentSplit(total, ownerShare);

/**
 * Has the 2-of-3 multisig make `call`: `first` approves it with `asMulti` (no timepoint), then
 * `second` executes it with the first approval's timepoint. Returns the executing extrinsic's
 * events, after checking that the call itself succeeded (`MultisigExecuted` with `Ok`).
 */
async function asMultisig(call, first, second) {
  const others = (signer) => sortAddresses(state.signatories.filter((a) => a !== signer.address), 42);
  // The most the call may weigh: its own declared weight, as polkadot.js Apps asks for it.
  const { weight: maxWeight } = await call.paymentInfo(state.multisig);
  await included(api, api.tx.multisig.asMulti(2, others(first), null, call, maxWeight), first);
  const pending = (await api.query.multisig.multisigs(state.multisig, call.method.hash)).unwrap();
  const { events } = await included(api, api.tx.multisig.asMulti(2, others(second), pending.when, call, maxWeight), second);
  const executed = eventOf(events, 'multisig', 'MultisigExecuted');
  assert.ok(executed, 'MultisigExecuted');
  assert.ok(executed.data.result.isOk, `the multisig's call failed: ${executed.data.result.toString()}`);
  return events;
}

before(async () => {
  await cryptoWaitReady();
  node = await startDevNode({ finalized: 1 });
  api = await connect(node.wsUrl);
  who = devAccounts();
  state.signatories = [who.alice.address, who.bob.address, who.charlie.address];
  state.multisig = encodeMultiAddress(state.signatories, 2, 42);
});

after(async () => {
  if (api) await api.disconnect();
  if (node) await node.stop();
});

test('datasets for the models: Dave\'s, open; Eve\'s, with a floor of 50% for its contributors', async () => {
  state.dataset = blake2AsHex('shared-control: dataset');
  state.fineTuneData = blake2AsHex('shared-control: fine-tuning data');
  await registerDataset(api, who.dave, state.dataset, [[who.dave.address, PERBILL]], 'ipfs://shared');
  const terms = { commercialUse: true, derivatives: true, minContributorShare: 500_000_000 };
  await registerDataset(api, who.eve, state.fineTuneData, [[who.eve.address, PERBILL]], 'ipfs://fine-tuning', { terms });
  // The terms are in the dataset's RPC view.
  const view = (await api.rpc.dataContribution.dataset(state.fineTuneData)).unwrap();
  assert.deepEqual(view.terms.toJSON(), terms);
  // The multisig needs funds for its model's deposit and its fees.
  await included(api, api.tx.balances.transferKeepAlive(state.multisig, 100n * FAIR), who.ferdie);
  await untilSettled(api, [state.dataset, state.fineTuneData]);
});

test('a 2-of-3 multisig registers a model and collects its owner rewards', async () => {
  const register = api.tx.dataContribution.registerModel([[state.dataset, 1]], [], PRICE, OWNER_SHARE, 'ipfs://shared-model');
  const events = await asMultisig(register, who.alice, who.bob);
  const registered = eventOf(events, 'dataContribution', 'ModelRegistered');
  state.model = registered.data.modelId.toNumber();
  assert.equal(registered.data.owner.toString(), state.multisig);
  const model = (await api.query.dataContribution.models(state.model)).unwrap();
  assert.equal(model.owner.toString(), state.multisig);

  // Eve pays for 10 queries; the owner's part waits in the model's revenue.
  await included(api, api.tx.dataContribution.payForQueries(state.model, 10, 10n * PRICE), who.eve);
  const { owner } = split(10n * PRICE);
  const view = await api.rpc.dataContribution.model(state.model);
  assert.equal(BigInt(view.unwrap().ownerPending.toString()), owner);

  // Charlie and Alice have the multisig collect it: the multisig's balance grows by exactly the
  // owner's part (the signatories pay the fees and the approval deposit, not the multisig).
  const before = await free(api, state.multisig);
  const claimed = await asMultisig(api.tx.dataContribution.claimModelRevenue(state.model), who.charlie, who.alice);
  const revenue = eventOf(claimed, 'dataContribution', 'ModelRevenueClaimed');
  assert.equal(revenue.data.owner.toString(), state.multisig);
  assert.equal(revenue.data.ownerAmount.toBigInt(), owner);
  assert.equal(await free(api, state.multisig), before + owner);
});

test('a DataContribution proxy sets the price, but cannot move its principal\'s funds', async () => {
  // Dave's own model, run by Ferdie's hot key.
  const { events } = await included(api, api.tx.dataContribution.registerModel([[state.dataset, 1]], [], PRICE, OWNER_SHARE, 'ipfs://dave-model'), who.dave);
  state.daveModel = eventOf(events, 'dataContribution', 'ModelRegistered').data.modelId.toNumber();
  await included(api, api.tx.proxy.addProxy(who.ferdie.address, 'DataContribution', 0), who.dave);

  const newPrice = 2n * PRICE;
  const priced = await included(api, api.tx.proxy.proxy(who.dave.address, null, api.tx.dataContribution.setModelPrice(state.daveModel, newPrice)), who.ferdie);
  assert.ok(eventOf(priced.events, 'proxy', 'ProxyExecuted').data.result.isOk);
  const model = (await api.query.dataContribution.models(state.daveModel)).unwrap();
  assert.equal(model.pricePerQuery.toBigInt(), newPrice);

  // A transfer, and a payment that would spend Dave's funds on some model: the proxy's filter
  // refuses both (the extrinsic is included; the proxied call fails with CallFiltered).
  const daveBefore = await free(api, who.dave.address);
  for (const call of [
    api.tx.balances.transferKeepAlive(who.ferdie.address, FAIR),
    api.tx.dataContribution.payForQueries(state.model, 1, PRICE),
    // Giving up Dave's dataset hash: a withdrawal frees it once the dataset goes; removing a
    // commitment makes its reveal fail, publishing the hash.
    api.tx.dataContribution.withdrawDataset(state.dataset),
    api.tx.dataContribution.removeCommitment(who.dave.address, blake2AsHex('a commitment of Dave\'s')),
    // A batch's calls pass the same filter: the batch fails, the price change with it.
    api.tx.utility.batchAll([
      api.tx.dataContribution.setModelPrice(state.daveModel, PRICE),
      api.tx.balances.transferKeepAlive(who.ferdie.address, FAIR),
    ]),
  ]) {
    const { events: refused } = await included(api, api.tx.proxy.proxy(who.dave.address, null, call), who.ferdie);
    const result = eventOf(refused, 'proxy', 'ProxyExecuted').data.result;
    assert.ok(result.isErr, `${call.method.section}.${call.method.method} went through`);
    const error = api.registry.findMetaError(result.asErr.asModule);
    assert.equal(`${error.section}.${error.name}`, 'system.CallFiltered');
  }
  assert.equal(await free(api, who.dave.address), daveBefore, 'Dave paid nothing: Ferdie paid the fees');
  assert.equal((await api.query.dataContribution.datasets(state.dataset)).unwrap().status.toString(), 'Active');
  assert.equal((await api.query.dataContribution.models(state.daveModel)).unwrap().pricePerQuery.toBigInt(), newPrice);
});

test('utility.batchAll registers a dataset and a model at once, and reverts both when one fails', async () => {
  const salt = `0x${'11'.repeat(32)}`;
  const fresh = blake2AsHex('shared-control: batch dataset');
  const failing = blake2AsHex('shared-control: batch dataset, reverted');
  for (const hash of [fresh, failing]) {
    await included(api, api.tx.dataContribution.commitDataset(datasetCommitment(hash, who.eve.address, salt)), who.eve);
  }
  const contributors = [[who.eve.address, PERBILL]];
  const model = api.tx.dataContribution.registerModel([[state.dataset, 1]], [], PRICE, OWNER_SHARE, 'ipfs://batch-model');
  const next = (await api.query.dataContribution.nextModelId()).toNumber();

  const { events } = await included(api, api.tx.utility.batchAll([
    api.tx.dataContribution.registerDataset(fresh, salt, contributors, 'ipfs://batch', OPEN_TERMS),
    model,
  ]), who.eve);
  assert.ok(eventOf(events, 'utility', 'BatchCompleted'));
  assert.ok((await api.query.dataContribution.datasets(fresh)).isSome);
  assert.equal((await api.query.dataContribution.models(next)).unwrap().owner.toString(), who.eve.address);

  // The model names a dataset nobody registered: the whole batch fails, the dataset too.
  const unknown = blake2AsHex('shared-control: nobody registered this');
  const error = await included(api, api.tx.utility.batchAll([
    api.tx.dataContribution.registerDataset(failing, salt, contributors, 'ipfs://reverted', OPEN_TERMS),
    api.tx.dataContribution.registerModel([[unknown, 1]], [], PRICE, OWNER_SHARE, 'ipfs://never'),
  ]), who.eve).then(() => assert.fail('the batch succeeded'), (e) => e);
  assert.equal(`${error.meta.section}.${error.meta.name}`, 'dataContribution.UnknownDataset');
  assert.ok((await api.query.dataContribution.datasets(failing)).isNone, 'the dataset was reverted');
  assert.equal((await api.query.dataContribution.nextModelId()).toNumber(), next + 1);
  // Its commitment is still there: the batch left nothing half done.
  const commitment = datasetCommitment(failing, who.eve.address, salt);
  assert.ok((await api.query.dataContribution.commitments(who.eve.address, commitment)).isSome);
});

test('the multisig hands its model to Ferdie, who collects its owner rewards from then on', async () => {
  const model = (await api.query.dataContribution.models(state.model)).unwrap();
  const deposit = model.deposit.toBigInt();
  await asMultisig(api.tx.dataContribution.offerModelOwnership(state.model, who.ferdie.address), who.bob, who.charlie);
  assert.equal((await api.query.dataContribution.modelOwnershipOffers(state.model)).unwrap().toString(), who.ferdie.address);

  // Before Ferdie accepts, Eve pays again: that part is still the multisig's.
  await included(api, api.tx.dataContribution.payForQueries(state.model, 5, 5n * PRICE), who.eve);
  const multisigBefore = await free(api, state.multisig);
  const { events } = await included(api, api.tx.dataContribution.acceptModelOwnership(state.model), who.ferdie);
  const moved = eventOf(events, 'dataContribution', 'ModelOwnershipTransferred');
  assert.equal(moved.data.oldOwner.toString(), state.multisig);
  assert.equal(moved.data.newOwner.toString(), who.ferdie.address);
  assert.equal(moved.data.deposit.toBigInt(), deposit);
  // The multisig got its owner's part of the 5 queries and its deposit back.
  assert.equal(await free(api, state.multisig), multisigBefore + split(5n * PRICE).owner + deposit);
  const ferdieHeld = await reserved(api, who.ferdie.address);
  assert.ok(ferdieHeld >= deposit, 'Ferdie holds the deposit');

  // Now the owner's part is Ferdie's.
  await included(api, api.tx.dataContribution.payForQueries(state.model, 7, 7n * PRICE), who.eve);
  const before = await free(api, who.ferdie.address);
  await included(api, api.tx.dataContribution.claimModelRevenue(state.model), who.eve);
  assert.equal(await free(api, who.ferdie.address), before + split(7n * PRICE).owner);
  assert.equal((await api.query.dataContribution.models(state.model)).unwrap().owner.toString(), who.ferdie.address);
});

test('a fine-tune pays its base model\'s contributors, shown as earned in the base model', async () => {
  const base = state.model;
  const fineTune = (query) => api.tx.dataContribution.registerModel([[state.fineTuneData, 1]], [[base, query]], PRICE, 100_000_000, 'ipfs://fine-tune');
  // Eve's data asks for 50%: 95% × 90% × 50% left after a 50% royalty is too little.
  const refused = await included(api, fineTune(500_000_000), who.eve).then(() => assert.fail('registered'), (e) => e);
  assert.equal(`${refused.meta.section}.${refused.meta.name}`, 'dataContribution.ContributorShareBelowFloor');
  // At 30%, 59.85% reaches Eve's data: the model registers.
  const { events } = await included(api, fineTune(300_000_000), who.eve);
  const id = eventOf(events, 'dataContribution', 'ModelRegistered').data.modelId.toNumber();

  const lineage = (await api.rpc.dataContribution.model(id)).unwrap();
  assert.deepEqual(lineage.parents.toJSON(), [{ modelId: base, royalty: 300_000_000 }]);
  assert.equal(lineage.ancestors.toNumber(), 1);
  assert.equal(lineage.terms.minContributorShare.toNumber(), 500_000_000);
  // The runtime API route that polkadot.js Apps can call (Developer → Runtime calls).
  const direct = (await api.call.dataContributionApi.modelLineage(id)).unwrap();
  assert.equal(direct.parents[0].modelId.toNumber(), base);
  assert.equal(direct.parents[0].royalty.toNumber(), 300_000_000);
  assert.equal((await api.rpc.dataContribution.model(base)).unwrap().derivatives.toNumber(), 1);

  const rewardIn = async (who, modelId) => {
    const rewards = await api.rpc.dataContribution.contributorRewards(who);
    return BigInt(rewards.find((r) => r.modelId.toNumber() === modelId)?.pending.toString() ?? '0');
  };
  const [daveBefore, receivedBefore] = [await rewardIn(who.dave.address, base), BigInt((await api.rpc.dataContribution.model(base)).unwrap().royaltiesReceived.toString())];

  // 100 queries: 10 FAIR. 0.5 to the protocol, 0.95 to Eve as owner, 8.55 data: 30% of it
  // (2.565 FAIR) to the base model's contributors (Dave), 5.985 FAIR to Eve's dataset.
  await included(api, api.tx.dataContribution.payForQueries(id, 100, 100n * PRICE), who.alice);
  const { owner, data } = split(100n * PRICE, 100_000_000n);
  const royalty = (data * 300_000_000n) / PERBILL;
  assert.equal(royalty, 2_565_000_000_000n);
  assert.equal(await rewardIn(who.dave.address, base), daveBefore + royalty);
  assert.equal(await rewardIn(who.eve.address, id), data - royalty);
  assert.equal(BigInt((await api.rpc.dataContribution.model(base)).unwrap().royaltiesReceived.toString()), receivedBefore + royalty);
  assert.equal(BigInt((await api.rpc.dataContribution.model(id)).unwrap().ownerPending.toString()), owner);
});
