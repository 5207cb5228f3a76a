#!/usr/bin/env node
// An example Fairshare client: the whole user journey against any node.
//
//   node scripts/example-journey.mjs [ws://127.0.0.1:9944]
//
// It uses the well-known development accounts (//Alice, //Bob, ...), which hold funds on the
// `dev` and `local` chains. Each run registers a fresh dataset pair (random hashes), so it can
// be repeated against the same chain.

import { cryptoWaitReady, blake2AsHex, randomAsHex } from '@polkadot/util-crypto';
import { connect, signAndWait, registerDataset, untilSettled } from '../clients/js/fairshare.js';
import { FAIR, devAccounts } from '../tests/lib/toolkit.js';

const url = process.argv[2] || process.env.FAIRSHARE_URL || 'ws://127.0.0.1:9944';
const fair = (planck) => `${planck / FAIR}.${String(planck % FAIR).padStart(12, '0')} FAIR`;

await cryptoWaitReady();
const api = await connect(url);
const { alice, bob, charlie, dave, eve } = devAccounts();
const step = async (label, tx, signer) => {
  const { events, blockHash } = await signAndWait(api, tx, signer);
  console.log(`✓ ${label} (finalized in ${blockHash.toHex().slice(0, 10)}…)`);
  return events;
};

const a = blake2AsHex(`example dataset A ${randomAsHex(16)}`, 256);
const b = blake2AsHex(`example dataset B ${randomAsHex(16)}`, 256);
// Commit, then reveal in a later block, so that nobody who sees the hash in the pool takes it.
await registerDataset(api, alice, a, [[alice.address, 1_000_000_000]], 'ipfs://example-a', { until: 'finalized' });
console.log(`✓ Alice registers dataset A ${a.slice(0, 10)}… (commit, then reveal)`);
await registerDataset(api, bob, b, [[bob.address, 600_000_000], [charlie.address, 400_000_000]], 'ipfs://example-b', { until: 'finalized' });
console.log(`✓ Bob registers dataset B ${b.slice(0, 10)}… (Bob 60%, Charlie 40%)`);
await untilSettled(api, [a, b]);
const registered = await step('Dave registers a model over A (weight 1) and B (weight 3) at 10 FAIR per query', api.tx.dataContribution.registerModel([[a, 1], [b, 3]], [], 10n * FAIR, 200_000_000, 'example model'), dave);
const modelId = registered.find(({ event }) => api.events.dataContribution.ModelRegistered.is(event)).event.data.modelId.toNumber();
const usage = await step(`Eve pays for 1,000 queries to model ${modelId}`, api.tx.dataContribution.payForQueries(modelId, 1000, 10_000n * FAIR), eve);
const split = usage.find(({ event }) => api.events.dataContribution.UsageRecorded.is(event)).event.data;
console.log(`  protocol ${fair(split.protocolFee.toBigInt())}, owner ${fair(split.ownerReward.toBigInt())}, data ${fair(split.dataReward.toBigInt())}`);

for (const [name, account] of [['Alice', alice], ['Bob', bob], ['Charlie', charlie]]) {
  const rewards = await api.rpc.dataContribution.contributorRewards(account.address);
  const here = rewards.find((r) => r.modelId.toNumber() === modelId);
  console.log(`  ${name}: ${fair(BigInt(here.pending.toString()))} pending in model ${modelId}`);
}
for (const [name, account] of [['Alice', alice], ['Bob', bob], ['Charlie', charlie]]) {
  const events = await step(`${name} claims`, api.tx.dataContribution.claimRewards(), account);
  const claimed = events.find(({ event }) => api.events.dataContribution.RewardsClaimed.is(event)).event.data;
  const balance = await api.rpc.dataContribution.contributorBalance(account.address);
  console.log(`  claimed ${fair(claimed.amount.toBigInt())}; lifetime earned ${fair(BigInt(balance.earned.toString()))}`);
}
await api.disconnect();
