// The journey's key steps through the typed polkadot-api (PAPI) client (clients/js/papi.js, run
// as its example clients/js/examples/papi-journey.mjs), against a real --dev node; the figures
// it reads through the runtime API are checked to the planck and against @polkadot/api's RPC.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connect } from '../../clients/js/fairshare.js';
import { runJourney } from '../../clients/js/examples/papi-journey.mjs';
import { readFileSync } from 'node:fs';
import { compactFromU8a, hexToU8a, u8aEq } from '@polkadot/util';
import { startDevNode, rpcCall } from '../lib/node.js';
import { FAIR, devAccounts } from '../lib/toolkit.js';

let node;
let api;
let journey;
const lines = [];

before(async () => {
  await cryptoWaitReady();
  node = await startDevNode({ finalized: 1 });
  journey = await runJourney({ url: node.wsUrl, log: (line) => lines.push(line) });
  api = await connect(node.wsUrl);
});

after(async () => {
  if (api) await api.disconnect();
  if (node) await node.stop();
});

test('the committed PAPI metadata is the node\'s (else run scripts/papi-descriptors.sh)', async () => {
  const committed = readFileSync(new URL('../../clients/js/.papi/metadata/fairshare.scale', import.meta.url));
  // Metadata_metadata_at_version(16): an Option (1 byte) of the metadata's bytes, length first.
  const answer = hexToU8a(await rpcCall(node.httpUrl, 'state_call', ['Metadata_metadata_at_version', '0x10000000']));
  assert.equal(answer[0], 1, 'the runtime serves metadata version 16');
  const [offset, length] = compactFromU8a(answer.subarray(1));
  const live = answer.subarray(1 + offset);
  assert.equal(live.length, length.toNumber(), 'the answer holds the whole metadata');
  assert.ok(u8aEq(live, committed), 'clients/js/.papi/metadata/fairshare.scale differs from the runtime\'s metadata: run scripts/papi-descriptors.sh and commit clients/js/.papi');
});

test('PAPI registers, pays and settles: the split of both payments is exact', () => {
  // 100 queries at 10 FAIR: 5% protocol, then the owner's 20% of the rest, the remainder to data.
  assert.equal(journey.payment.amount, 1_000n * FAIR);
  assert.equal(journey.payment.protocol_fee, 50n * FAIR);
  assert.equal(journey.payment.owner_reward, 190n * FAIR);
  assert.equal(journey.payment.data_reward, 760n * FAIR);
  // One receipt for 7 queries, settled by the owner.
  assert.equal(journey.settled.receipts, 1);
  assert.equal(journey.settled.queries, 7n);
  assert.deepEqual(journey.settled.rejected, []);
  assert.equal(journey.settled.amount, 70n * FAIR);
  assert.equal(journey.settled.data_reward, 53_200_000_000_000n);
  assert.equal(journey.model.queries_served, 107n);
  assert.equal(journey.model.total_paid, 1_070n * FAIR);
});

test('the runtime API, typed by PAPI, gives each contributor its exact part', () => {
  // Data reward 813.2 FAIR over weights A 1, B 3: Alice all of A (1/4), Bob 60% and Charlie 40% of B.
  const data = 813_200_000_000_000n;
  assert.equal(journey.balances.alice.pending, data / 4n);
  assert.equal(journey.balances.bob.pending, (data * 3n * 6n) / 40n);
  assert.equal(journey.balances.charlie.pending, (data * 3n * 4n) / 40n);
  for (const balance of Object.values(journey.balances)) assert.equal(balance.earned, balance.pending);
  const inModel = journey.bobRewards.find((reward) => reward.model_id === journey.modelId);
  assert.equal(inModel.pending, journey.balances.bob.pending);
  assert.equal(journey.claimed, journey.balances.alice.pending);
  assert.equal(journey.secondClaim, 'DataContribution.NothingToClaim');
});

test('@polkadot/api reads the same figures through the JSON-RPC', async () => {
  const [alice, bob, charlie] = Object.values(devAccounts(['Alice', 'Bob', 'Charlie'])).map((pair) => pair.address);
  const rpc = async (who) => {
    const balance = await api.rpc.dataContribution.contributorBalance(who);
    return Object.fromEntries(['pending', 'escrowed', 'claimed', 'earned'].map((k) => [k, BigInt(balance[k].toString())]));
  };
  // Alice has claimed since the PAPI read: her pending moved to claimed, her earnings did not change.
  assert.deepEqual(await rpc(alice), { pending: 0n, escrowed: 0n, claimed: journey.claimed, earned: journey.balances.alice.earned });
  assert.deepEqual(await rpc(bob), journey.balances.bob);
  assert.deepEqual(await rpc(charlie), journey.balances.charlie);
  const model = (await api.rpc.dataContribution.model(journey.modelId)).unwrap();
  assert.equal(model.queriesServed.toBigInt(), journey.model.queries_served);
  assert.equal(BigInt(model.dataPaid.toString()), journey.model.data_paid);
  assert.equal(BigInt(model.claimed.toString()), journey.claimed);
  assert.ok(lines.length >= 6, `the example logged its steps: ${lines.join(' | ')}`);
});
