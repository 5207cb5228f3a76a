// The attacker's findings on usage channels (docs/economics.md, threat model), end to end: a real
// --dev node and the reference gateway as its own process. A free receipt at the largest count
// no longer stops a model from earning; a stranger's channel of another model is refused without
// the gateway watching it; queries of a channel the gateway does not watch share one read of it
// a block; a gateway told to stop settles what it answered before it exits; a gateway that sees
// no new block, or loses its connection to the node, answers nothing until it sees the chain
// again; a batch the chain refuses is not sent again for another fee.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cryptoWaitReady, blake2AsHex } from '@polkadot/util-crypto';
import { connect, registerDataset, untilSettled } from '../../clients/js/fairshare.js';
import { openUsage, signUsageReceipt, postQuery } from '../../clients/js/usage.js';
import { startDevNode } from '../lib/node.js';
import { startGateway } from '../lib/gateway.js';
import { sleep, waitBlocks } from '../lib/chain.js';
import { startRelay } from '../lib/relay.js';
import { checkedFee } from '../lib/fees.js';
import { FAIR, MILLI, devAccounts, free, included } from '../lib/toolkit.js';

const U64_MAX = (1n << 64n) - 1n;

let node;
let api;
let who;
let gateway;
const state = {};

const nonce = async (pair) => (await api.rpc.system.accountNextIndex(pair.address)).toNumber();
const settledOf = async (channelId) => (await api.query.dataContribution.usageChannels(channelId)).unwrap().settledQueries.toBigInt();

/** Registers a model of Dave's over `hash` at `price` a query; resolves with its id. */
async function registerModel(hash, price, name) {
  const id = (await api.query.dataContribution.nextModelId()).toBigInt();
  await included(api, api.tx.dataContribution.registerModel([[hash, 1]], [], price, 0, name), who.dave);
  return id;
}

/** `pair`'s receipt for `channelId` at `cumulative`, as the gateway's /query takes it. */
function receipt(pair, channelId, cumulative) {
  const signature = signUsageReceipt(pair, api.genesisHash.toHex(), channelId, cumulative);
  return { channel: channelId.toString(), cumulative: cumulative.toString(), signature, input: 'q' };
}

before(async () => {
  await cryptoWaitReady();
  node = await startDevNode({ finalized: 1 });
  api = await connect(node.wsUrl);
  who = devAccounts();
  const hash = blake2AsHex('gateway attacks dataset');
  await registerDataset(api, who.bob, hash, [[who.bob.address, 1_000_000_000n]], 'dataset');
  await untilSettled(api, [hash]);
  state.free = await registerModel(hash, 0n, 'a free model');
  state.paid = await registerModel(hash, MILLI, 'a paid model');
  state.eve = (await openUsage(api, who.eve, state.free, FAIR, 0n)).channelId;
  state.ferdie = (await openUsage(api, who.ferdie, state.paid, FAIR, MILLI)).channelId;
  gateway = await startGateway(node.wsUrl, state.free, { settleEveryMs: 600_000 });
});

after(async () => {
  if (gateway) gateway.child.kill('SIGKILL');
  if (api) await api.disconnect();
  if (node) await node.stop();
});

test('a receipt at u64::MAX queries on a free model settles, and the model still earns once priced', async () => {
  const answer = await postQuery(gateway.url, receipt(who.eve, state.eve, U64_MAX));
  assert.equal(BigInt(answer.charge), 0n);
  const { status, body } = await gateway.settle();
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.settled.length, 1);
  assert.equal(BigInt(body.settled[0].queries), U64_MAX);
  assert.equal(BigInt(body.settled[0].amount), 0n);
  assert.deepEqual(body.settled[0].rejected, []);

  await included(api, api.tx.dataContribution.setModelPrice(state.free, MILLI), who.dave);
  const before = await free(api, who.alice.address);
  const payment = await included(api, api.tx.dataContribution.payForQueries(state.free, 3, 3n * MILLI), who.alice);
  assert.equal(await free(api, who.alice.address), before - 3n * MILLI - await checkedFee(api, payment));
  const model = (await api.query.dataContribution.models(state.free)).unwrap();
  assert.equal(model.queriesServed.toBigInt(), U64_MAX, 'the count only reports, and saturates');
  assert.equal(model.totalPaid.toBigInt(), 3n * MILLI);
});

test('a channel of another model is refused and the gateway does not watch it', async () => {
  const watched = (await gateway.stats()).channelsWatched;
  assert.equal(watched, 1, 'Eve\'s channel, whose receipt was accepted');
  for (let cumulative = 1n; cumulative <= 3n; cumulative++) {
    const refusal = await postQuery(gateway.url, receipt(who.ferdie, state.ferdie, cumulative)).catch((e) => e);
    assert.equal(refusal.reason, 'WrongModel');
  }
  assert.equal((await gateway.stats()).channelsWatched, watched);
});

test('queries of a channel the gateway does not watch share one read of it a block', async () => {
  // Bob's channel, whose receipts Alice signs: each is refused, and the channel is not watched.
  const { channelId } = await openUsage(api, who.bob, state.free, FAIR, MILLI);
  const forged = (cumulative) => postQuery(gateway.url, receipt(who.alice, channelId, cumulative)).catch((e) => e);
  // Once the gateway knows the channel's id, and a block later, so that no read is shared yet.
  await waitBlocks('the gateway to know the channel', async () => (await forged(1n)).reason !== 'UnknownChannel', { url: node.httpUrl, blocks: 3 });
  const known = (await gateway.stats()).head;
  await waitBlocks('a block the gateway sees', async () => (await gateway.stats()).head > known, { url: node.httpUrl, blocks: 3 });
  const before = await gateway.stats();
  const refusals = await Promise.all(Array.from({ length: 10 }, (_, i) => forged(1n + BigInt(i))));
  for (let cumulative = 11n; cumulative <= 20n; cumulative++) refusals.push(await forged(cumulative));
  const after = await gateway.stats();
  assert.deepEqual(refusals.map((r) => r.reason), Array(20).fill('BadSignature'));
  assert.equal(after.channelsWatched, before.channelsWatched);
  // One read, and one more for each block that came meanwhile: 20 without sharing.
  const reads = after.channelReads - before.channelReads;
  assert.ok(reads >= 1 && reads <= 1 + (after.head - before.head), `${reads} reads in blocks #${before.head} to #${after.head}`);
  // A new block ends the sharing: the next query reads the channel again.
  await waitBlocks('a block the gateway sees', async () => (await gateway.stats()).head > after.head, { url: node.httpUrl, blocks: 3 });
  assert.equal((await forged(21n)).reason, 'BadSignature');
  assert.equal((await gateway.stats()).channelReads, after.channelReads + 1);
});

test('a gateway stopped by SIGTERM settles every receipt it answered, then exits', async () => {
  // A gateway of the paid model's own, which settles only when told to stop.
  const paid = await startGateway(node.wsUrl, state.paid, { settleEveryMs: 600_000 });
  try {
    for (let cumulative = 1n; cumulative <= 4n; cumulative++) {
      const answer = await postQuery(paid.url, receipt(who.ferdie, state.ferdie, cumulative));
      assert.equal(BigInt(answer.charge), MILLI);
    }
    assert.equal(await paid.terminate(), 0, paid.log.join(''));
  } finally {
    paid.child.kill('SIGKILL');
  }
  assert.doesNotMatch(paid.log.join(''), /chain client/, 'the chain client closed cleanly');
  const channel = (await api.query.dataContribution.usageChannels(state.ferdie)).unwrap();
  assert.equal(channel.settledQueries.toBigInt(), 4n);
  assert.equal(channel.spent.toBigInt(), 4n * MILLI);
});

test('a gateway that sees no new block for --max-head-age-ms answers no query until one comes', async () => {
  const MAX_HEAD_AGE_MS = 12_000;
  let paid;
  let settled;
  try {
    paid = await startGateway(node.wsUrl, state.paid, { settleEveryMs: 600_000, maxHeadAgeMs: MAX_HEAD_AGE_MS });
    settled = await settledOf(state.ferdie);
    assert.equal(BigInt((await postQuery(paid.url, receipt(who.ferdie, state.ferdie, settled + 1n))).charge), MILLI);
    // The node stops: the last block the gateway saw came before this.
    node.child.kill('SIGSTOP');
    let stale;
    let stats;
    try {
      await sleep(MAX_HEAD_AGE_MS + 1_000);
      stale = await postQuery(paid.url, receipt(who.ferdie, state.ferdie, settled + 2n)).catch((e) => e);
      stats = await paid.stats();
    } finally {
      node.child.kill('SIGCONT');
    }
    assert.equal(stale.status, 503, stale.message);
    assert.equal(stale.reason, 'ChainStale');
    assert.ok(stats.headAgeMs > MAX_HEAD_AGE_MS, `head age ${stats.headAgeMs} ms`);
    await waitBlocks('a block the gateway sees, and one it sees finalized', async () => {
      const now = await paid.stats();
      return now.head > stats.head && now.finalized > stats.finalized;
    }, { url: node.httpUrl, blocks: 5 });
    // The refused receipt was not kept: it is above the latest, and is charged one query.
    assert.equal(BigInt((await postQuery(paid.url, receipt(who.ferdie, state.ferdie, settled + 2n))).charge), MILLI);
    assert.equal(await paid.terminate(), 0, paid.log.join(''));
  } finally {
    paid?.child.kill('SIGKILL');
  }
  assert.match(paid.log.join(''), /answering no query until it sees the chain again: no new block[\s\S]*it sees the chain again/);
  const channel = (await api.query.dataContribution.usageChannels(state.ferdie)).unwrap();
  assert.equal(channel.settledQueries.toBigInt(), settled + 2n);
  assert.equal(channel.spent.toBigInt(), (settled + 2n) * MILLI);
});

test('a gateway whose connection to the node drops answers no query until it is back and the chain read again', async () => {
  let relay;
  let paid;
  try {
    relay = await startRelay(Number(new URL(node.wsUrl).port));
    paid = await startGateway(`ws://127.0.0.1:${relay.port}`, state.paid, { settleEveryMs: 600_000 });
    const settled = await settledOf(state.ferdie);
    const query = (cumulative) => postQuery(paid.url, receipt(who.ferdie, state.ferdie, cumulative)).catch((e) => e);
    assert.equal(BigInt((await query(settled + 1n)).charge), MILLI);
    relay.cut();
    await waitBlocks('the gateway to see its connection drop', async () => (await paid.stats()).connected === false, { url: node.httpUrl, blocks: 2 });
    const cutOff = await query(settled + 2n);
    assert.equal(cutOff.status, 503, cutOff.message);
    assert.equal(cutOff.reason, 'ChainStale');
    // While the gateway is cut off, Ferdie starts closing the channel.
    await included(api, api.tx.dataContribution.closeUsage(state.ferdie), who.ferdie);
    relay.mend();
    await waitBlocks('the gateway to reconnect', async () => (await paid.stats()).connected === true, { url: node.httpUrl, blocks: 5 });
    const closing = await query(settled + 2n);
    assert.equal(closing.status, 410, closing.message);
    assert.equal(closing.reason, 'ChannelClosing');
    assert.equal(await paid.terminate(), 0, paid.log.join(''));
    assert.match(paid.log.join(''), /answering no query until it sees the chain again: its connection to the node is down[\s\S]*it sees the chain again/);
    // The receipt answered before the cut, settled within the close period.
    assert.equal(await settledOf(state.ferdie), settled + 1n);
  } finally {
    paid?.child.kill('SIGKILL');
    await relay?.close();
  }
});

test('a settlement the chain refuses is not sent again: the gateway stops settling and says why', async () => {
  const { channelId } = await openUsage(api, who.charlie, state.free, FAIR, MILLI);
  const answer = await postQuery(gateway.url, receipt(who.charlie, channelId, 5n));
  assert.equal(BigInt(answer.charge), 5n * MILLI);
  // The operator retires the model before the gateway settles: a settlement would be refused.
  await included(api, api.tx.dataContribution.retireModel(state.free), who.dave);
  const retired = await nonce(who.dave);
  const first = await gateway.settle();
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.deepEqual(first.body.settled, []);
  // At most one settlement was sent (refused on chain, for a fee) before the gateway stopped.
  const after = await nonce(who.dave);
  assert.ok(after - retired <= 1, `${after - retired} settlements sent for a retired model`);
  const stats = await gateway.stats();
  assert.equal(stats.halted, 'ModelNotActive');
  assert.equal(stats.refusedBatches, after - retired);
  // Settling again sends nothing: the operator's nonce stands, and no fee is paid twice.
  const second = await gateway.settle();
  assert.equal(second.status, 200);
  assert.equal(await nonce(who.dave), after);
  const refusal = await postQuery(gateway.url, receipt(who.charlie, channelId, 6n)).catch((e) => e);
  assert.equal(refusal.status, 503, refusal.message);
  assert.equal(refusal.reason, 'SettlementRefused');
});
