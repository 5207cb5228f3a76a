#!/usr/bin/env node
// Block capacity by weight on a real release --dev node: how many `payForQueries` calls fit in
// one block, against how many `balances.transferKeepAlive` calls. Each call's weight is what the
// runtime charges (TransactionPaymentApi.query_info: the benchmarked call weight plus the base
// extrinsic weight); the budget is the normal-class block weight limit.
//
//   node scripts/bench-block-capacity.mjs

import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, blake2AsHex } from '@polkadot/util-crypto';
import { connect, signAndWait, registerDataset, untilSettled } from '../clients/js/fairshare.js';
import { startDevNode } from '../tests/e2e/lib/node.js';

const FAIR = 1_000_000_000_000n;
await cryptoWaitReady();
const node = await startDevNode({ finalized: 1 });
let api;
try {
  api = await connect(node.wsUrl);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const [alice, bob, dave] = ['Alice', 'Bob', 'Dave'].map((n) => keyring.addFromUri(`//${n}`));
  const hash = blake2AsHex('capacity dataset');
  await registerDataset(api, bob, hash, [[bob.address, 1_000_000_000]], '');
  await untilSettled(api, [hash]);
  await signAndWait(api, api.tx.dataContribution.registerModel([[hash, 1]], FAIR, 0, ''), dave, { until: 'inBlock' });

  const normal = api.consts.system.blockWeights.perClass.normal;
  const budget = (normal.maxTotal.isSome ? normal.maxTotal.unwrap() : api.consts.system.blockWeights.maxBlock).refTime.toBigInt();
  const proofBudget = (normal.maxTotal.isSome ? normal.maxTotal.unwrap() : api.consts.system.blockWeights.maxBlock).proofSize.toBigInt();
  const rows = [];
  for (const [label, tx] of [
    ['balances.transferKeepAlive', api.tx.balances.transferKeepAlive(bob.address, FAIR)],
    ['dataContribution.payForQueries', api.tx.dataContribution.payForQueries(0, 1, FAIR)],
    ['dataContribution.claimRewards (1 position)', api.tx.dataContribution.claimRewards()],
  ]) {
    const info = await tx.paymentInfo(alice);
    const refTime = info.weight.refTime.toBigInt();
    const proofSize = info.weight.proofSize.toBigInt();
    const fit = [budget / refTime, proofSize > 0n ? proofBudget / proofSize : budget];
    rows.push({ label, refTime, proofSize, perBlock: fit[0] < fit[1] ? fit[0] : fit[1], fee: info.partialFee.toBigInt() });
  }
  console.log(`normal-class block budget: ref_time ${budget} ps, proof_size ${proofBudget} bytes\n`);
  console.log('| call | ref_time (ps) | proof_size (bytes) | fit in one block by weight | fee (planck) |\n| --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.label} | ${r.refTime} | ${r.proofSize} | ${r.perBlock} | ${r.fee} |`);
  console.log(`\npayForQueries per block / transferKeepAlive per block = ${(Number(rows[1].perBlock) / Number(rows[0].perBlock)).toFixed(3)}`);
} finally {
  if (api) await api.disconnect();
  await node.stop();
}
