// Usage at inference speed, end to end: a real --dev node, the reference gateway
// (clients/gateway) as its own process over HTTP, its receipts checked by the node's own
// `verify-receipts` (tests/e2e/gateway-attacks.test.js runs it with its worker pool), and
// several consumers (clients/js/usage.js) making thousands of paid queries with signed receipts.
// Then, on chain and to the planck: every consumer's escrow went down by exactly its queries ×
// price, and the protocol, the model owner and each contributor got their exact share.
// Replayed, lowered, forged and other-chain receipts are refused by the gateway and, sent
// straight to the chain, by the pallet.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptoWaitReady, blake2AsHex } from '@polkadot/util-crypto';
import { connect, palletAccount } from '../../clients/js/fairshare.js';
import { openUsage, usageChannel, signUsageReceipt, postQuery, UsageConsumer } from '../../clients/js/usage.js';
import { NODE_BINARY, startDevNode } from '../lib/node.js';
import { bestNumber } from '../lib/chain.js';
import { standInVerifier, startGateway } from '../lib/gateway.js';
import { checkedFee, checkedFeesInBlock } from '../lib/fees.js';
import { MILLI, devAccounts, free, included, journeyModel, paymentSplit } from '../lib/toolkit.js';

const PRICE = MILLI; // 1 mFAIR a query
const ESCROW = 5_000n * PRICE; // room for 5,000 queries
const QUERIES_EACH = 750;

let node;
let api;
let who;
let gateway;
const state = { consumers: [] };


before(async () => {
  await cryptoWaitReady();
  node = await startDevNode({ finalized: 1 });
  api = await connect(node.wsUrl);
  who = devAccounts(['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie', 'Alice//stash', 'Bob//stash']);
});

after(async () => {
  if (gateway) gateway.child.kill('SIGKILL');
  if (api) await api.disconnect();
  if (node) await node.stop();
});

test('the journey\'s three-dataset model, at 1 mFAIR a query', async () => {
  ({ modelId: state.modelId, points: state.points } = await journeyModel(api, who, 'usage e2e', PRICE));
  const model = (await api.query.dataContribution.models(state.modelId)).unwrap();
  assert.equal(model.pricePerQuery.toBigInt(), PRICE);
  assert.equal(model.rewards.totalPoints.toBigInt(), 6_000_000_000n);
});

test('four consumers open channels; the gateway starts', async () => {
  const consumers = ['eve', 'ferdie', 'alice_stash', 'bob_stash'];
  const opened = await Promise.all(consumers.map((name) => openUsage(api, who[name], state.modelId, ESCROW, PRICE)));
  const genesisHash = api.genesisHash.toHex();
  gateway = await startGateway(node.wsUrl, state.modelId, { nativeVerifier: NODE_BINARY });
  for (const [i, name] of consumers.entries()) {
    const { channelId } = opened[i];
    const channel = await usageChannel(api, channelId);
    assert.equal(channel.consumer, who[name].address);
    assert.equal(channel.escrow, ESCROW);
    // The `channel` view, through the runtime API, finds it by consumer and model.
    const [viewId, view] = (await api.call.dataContributionApi.channel(who[name].address, state.modelId)).unwrap();
    assert.equal(viewId.toBigInt(), BigInt(channelId));
    assert.equal(view.escrow.toBigInt(), ESCROW);
    const consumer = new UsageConsumer({ pair: who[name], genesisHash, channelId, gatewayUrl: gateway.url });
    state.consumers.push({ name, consumer, channelId, freeAfterOpen: await free(api, who[name].address) });
  }
  state.protocol = palletAccount('fs/proto');
  state.pot = palletAccount('fs/dcpot');
  state.start = {
    block: await bestNumber(node.httpUrl),
    protocol: await free(api, state.protocol),
    pot: await free(api, state.pot),
    dave: await free(api, who.dave.address),
  };
});

test('a gateway refuses to start with a receipt verifier of another runtime than the chain\'s', async () => {
  // A stand-in for a node binary built before an upgrade: it greets as `verify-receipts` does,
  // naming an older runtime.
  const dir = mkdtempSync(join(tmpdir(), 'fairshare-verifier-'));
  try {
    const stale = standInVerifier(dir, 'FSRCPT2 runtime=fairshare-1 max_batch=16');
    const chain = `${api.runtimeVersion.specName}-${api.runtimeVersion.specVersion}`;
    assert.notEqual(chain, 'fairshare-1');
    await assert.rejects(startGateway(node.wsUrl, state.modelId, { nativeVerifier: stale }),
      (e) => e.message.includes(`checks receipts by runtime fairshare-1, the chain runs ${chain}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test(`each consumer makes ${QUERIES_EACH} paid queries through the gateway`, async () => {
  const started = process.hrtime.bigint();
  await Promise.all(state.consumers.map(async ({ consumer }) => {
    for (let i = 0; i < QUERIES_EACH; i++) {
      const input = `question ${i}`;
      const { answer, cumulative, charge } = await consumer.query(input);
      assert.equal(BigInt(cumulative), BigInt(i + 1));
      assert.equal(BigInt(charge), PRICE);
      assert.equal(answer, blake2AsHex(`${state.modelId}:${input}`, 256));
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const total = QUERIES_EACH * state.consumers.length;
  console.log(`# ${total} queries through the gateway in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)}/s)`);
});

test('the gateway refuses replayed, lowered, forged, other-chain and unfunded receipts', async () => {
  const [{ consumer, channelId }] = state.consumers;
  const genesisHash = api.genesisHash.toHex();
  const at = consumer.cumulative;
  const otherChain = `0x${'11'.repeat(32)}`;
  state.bad = [
    ['replayed', at, signUsageReceipt(who.eve, genesisHash, channelId, at), 'NotAboveSettled'],
    ['lowered', at - 5n, signUsageReceipt(who.eve, genesisHash, channelId, at - 5n), 'NotAboveSettled'],
    ['forged', at + 1n, signUsageReceipt(who.ferdie, genesisHash, channelId, at + 1n), 'BadSignature'],
    ['other-chain', at + 1n, signUsageReceipt(who.eve, otherChain, channelId, at + 1n), 'BadSignature'],
  ];
  for (const [what, cumulative, signature, reason] of state.bad) {
    const refusal = await postQuery(gateway.url, { channel: channelId.toString(), cumulative: cumulative.toString(), signature, input: 'x' })
      .then(() => assert.fail(`the gateway answered a ${what} receipt`), (e) => e);
    assert.equal(refusal.reason, reason, what);
  }
  // Beyond the escrow: 5,001 queries at 1 mFAIR cost more than the 5 FAIR put in.
  const beyond = ESCROW / PRICE + 1n;
  const refusal = await postQuery(gateway.url, { ...consumer.receipt(beyond), input: 'x' }).catch((e) => e);
  assert.equal(refusal.reason, 'EscrowExhausted');
  // Garbage is a clear 400, not a crash.
  const garbage = await postQuery(gateway.url, { channel: 'seven', cumulative: -1, signature: '0x12' }).catch((e) => e);
  assert.equal(garbage.status, 400);
  assert.equal(consumer.cumulative, at, 'refused requests do not count');
  const { refused, accepted } = await (await fetch(new URL('/stats', gateway.url))).json();
  assert.deepEqual(refused, { NotAboveSettled: 2, BadSignature: 2, EscrowExhausted: 1, BadRequest: 1 });
  assert.equal(accepted, QUERIES_EACH * state.consumers.length, 'the gateway kept no refused receipt');
});

test('the gateway settles every receipt; the chain charged each escrow exactly', async () => {
  const response = await fetch(new URL('/settle', gateway.url), { method: 'POST' });
  assert.equal(response.status, 200);
  for (const { consumer, channelId, name, freeAfterOpen } of state.consumers) {
    const channel = await usageChannel(api, channelId);
    assert.equal(channel.settledQueries, consumer.cumulative, `${name}'s channel settled every query`);
    const charged = BigInt(QUERIES_EACH) * PRICE;
    assert.equal(channel.spent, charged);
    assert.equal(channel.escrow, ESCROW - charged, `${name}'s escrow went down by exactly its queries × price`);
    assert.equal(await free(api, who[name].address), freeAfterOpen, `${name} paid nothing outside its escrow`);
  }
  const stats = await (await fetch(new URL('/stats', gateway.url))).json();
  assert.equal(stats.accepted, QUERIES_EACH * state.consumers.length);
  assert.equal(stats.rejectedOnChain, 0);
  console.log(`# gateway: ${stats.settlements} settlements of ${stats.receiptsSettled} receipts, ${stats.queriesSettled} queries`);
});

test('the protocol, the owner and each contributor got their exact share', async () => {
  // Every settlement since the channels opened, from the chain's own events.
  const settlements = [];
  let daveFees = 0n;
  const end = await bestNumber(node.httpUrl);
  for (let n = state.start.block + 1; n <= end; n++) {
    const blockHash = await api.rpc.chain.getBlockHash(n);
    const events = await api.query.system.events.at(blockHash);
    for (const { event } of events) {
      if (api.events.dataContribution.UsageSettled.is(event)) settlements.push(event.data);
    }
    daveFees += await checkedFeesInBlock(api, blockHash, events, who.dave.address);
  }
  const sum = (f) => settlements.reduce((total, s) => total + f(s), 0n);
  const queries = sum((s) => s.queries.toBigInt());
  const amount = sum((s) => s.amount.toBigInt());
  assert.equal(queries, BigInt(QUERIES_EACH * state.consumers.length));
  assert.equal(amount, queries * PRICE);
  for (const s of settlements) {
    // Each batch is split as a payment is: 5% to the protocol, 20% of the rest to the owner.
    const { protocol, owner, data } = paymentSplit(s.amount.toBigInt(), 200_000_000n);
    assert.equal(s.protocolFee.toBigInt(), protocol);
    assert.equal(s.ownerReward.toBigInt(), owner);
    assert.equal(s.dataReward.toBigInt(), data);
  }
  // Every batch went into the pot whole; the owner's and protocol's parts wait in the model.
  assert.equal(await free(api, state.pot) - state.start.pot, amount, 'the pot holds every batch');
  const view = (await api.rpc.dataContribution.model(state.modelId)).unwrap();
  assert.equal(BigInt(view.protocolPending.toString()), sum((s) => s.protocolFee.toBigInt()));
  assert.equal(BigInt(view.ownerPending.toString()), sum((s) => s.ownerReward.toBigInt()));
  assert.equal(await free(api, state.protocol), state.start.protocol);
  assert.equal(await free(api, who.dave.address) - state.start.dave, -daveFees);
  // Dave takes the model's revenue: he gets his part, the protocol account its part.
  const fee = await checkedFee(api, await included(api, api.tx.dataContribution.claimModelRevenue(state.modelId), who.dave));
  assert.equal(await free(api, state.protocol) - state.start.protocol, sum((s) => s.protocolFee.toBigInt()));
  assert.equal(await free(api, who.dave.address) - state.start.dave, sum((s) => s.ownerReward.toBigInt()) - daveFees - fee);
  assert.equal(await free(api, state.pot) - state.start.pot, sum((s) => s.dataReward.toBigInt()), 'the pot holds the contributors\' part');

  const model = (await api.query.dataContribution.models(state.modelId)).unwrap();
  const data = sum((s) => s.dataReward.toBigInt());
  assert.equal(model.rewards.dataPaid.toBigInt(), data);
  assert.equal(model.queriesServed.toBigInt(), queries);
  let paid = 0n;
  for (const [name, points] of Object.entries(state.points)) {
    const balance = await api.rpc.dataContribution.contributorBalance(who[name].address);
    const exact = (data * points) / 6_000_000_000n;
    assert.equal(BigInt(balance.pending.toString()), exact, `${name}'s pending is its exact pro-rata share`);
    paid += exact;
  }
  // What rounding keeps back stays in the pot: under a planck per contributor.
  assert.ok(data - paid < 3n);
  console.log(`# ${settlements.length} settlements: protocol ${sum((s) => s.protocolFee.toBigInt())}, owner ${sum((s) => s.ownerReward.toBigInt())}, contributors ${data} planck`);
});

test('the refused receipts, sent straight to the chain, move nothing and are reported', async () => {
  const [{ channelId }] = state.consumers;
  const before = await usageChannel(api, channelId);
  const daveBefore = await free(api, who.dave.address);
  const receipts = state.bad.map(([, cumulative, signature]) => [channelId, cumulative, signature]);
  const settlement = await included(api, api.tx.dataContribution.settleUsage(state.modelId, receipts), who.dave);
  const { events } = settlement;
  // The operator paid the fee the formula gives, and nothing else.
  assert.equal(await free(api, who.dave.address), daveBefore - await checkedFee(api, settlement));
  const settled = events.find(({ event }) => api.events.dataContribution.UsageSettled.is(event)).event.data;
  assert.equal(settled.receipts.toNumber(), 0);
  assert.equal(settled.amount.toBigInt(), 0n);
  assert.deepEqual(
    settled.rejected.map((r) => [r.index.toNumber(), r.channelId.toBigInt(), r.reason.toString()]),
    state.bad.map(([, , , reason], i) => [i, channelId, reason]),
  );
  assert.deepEqual(await usageChannel(api, channelId), before);
});

test('another account cannot settle the model\'s receipts; a stranger cannot close a channel', async () => {
  const [{ channelId, consumer }] = state.consumers;
  const receipt = consumer.receipt(consumer.cumulative + 1n);
  const error = await included(api, api.tx.dataContribution.settleUsage(state.modelId, [[channelId, receipt.cumulative, receipt.signature]]), who.eve).catch((e) => e);
  assert.equal(error.meta?.name, 'NotOwner');
  const close = await included(api, api.tx.dataContribution.closeUsage(channelId), who.ferdie).catch((e) => e);
  assert.equal(close.meta?.name, 'NotConsumer');
  const early = await included(api, api.tx.dataContribution.closeUsage(channelId), who.eve);
  assert.ok(early.events.some(({ event }) => api.events.dataContribution.UsageClosing.is(event)));
  const finish = await included(api, api.tx.dataContribution.finishCloseUsage(channelId), who.ferdie).catch((e) => e);
  assert.equal(finish.meta?.name, 'ClosePeriodNotOver');
});
