#!/usr/bin/env node
// Block capacity by weight on a real release --dev node: how many `payForQueries` calls fit in
// one block, against how many `balances.transferKeepAlive` calls. Each call's weight is what the
// runtime charges before dispatch (TransactionPaymentApi.query_info: the benchmarked call weight
// and the extensions' weight; the base extrinsic weight is added at dispatch), and what a block
// counts after dispatch, once unused weight is refunded: the normal-class weight of a block
// holding that one extrinsic (`system.blockWeight`, base extrinsic weight included). A payment
// declares the weight of crediting `MaxAncestors` ancestors and is refunded to what it did
// (none, on a model without parents). The budget is the
// normal-class block weight limit.
//
//   node scripts/bench-block-capacity.mjs

import { cryptoWaitReady, blake2AsHex } from '@polkadot/util-crypto';
import { connect, registerDataset, untilSettled } from '../clients/js/fairshare.js';
import { startDevNode } from '../tests/lib/node.js';
import { FAIR, devAccounts, included } from '../tests/lib/toolkit.js';

await cryptoWaitReady();
const node = await startDevNode({ chain: 'dev', finalized: 1 });
let api;
try {
  api = await connect(node.wsUrl);
  const { alice, bob, dave } = devAccounts();
  const hash = blake2AsHex('capacity dataset');
  await registerDataset(api, bob, hash, [[bob.address, 1_000_000_000]], '');
  await untilSettled(api, [hash]);
  await included(api, api.tx.dataContribution.registerModel([[hash, 1]], [], FAIR, 0, ''), dave);

  const normal = api.consts.system.blockWeights.perClass.normal;
  const budget = (normal.maxTotal.isSome ? normal.maxTotal.unwrap() : api.consts.system.blockWeights.maxBlock).refTime.toBigInt();
  const proofBudget = (normal.maxTotal.isSome ? normal.maxTotal.unwrap() : api.consts.system.blockWeights.maxBlock).proofSize.toBigInt();
  const rows = [];
  const fits = (refTime, proofSize) => {
    const fit = [budget / refTime, proofSize > 0n ? proofBudget / proofSize : budget];
    return fit[0] < fit[1] ? fit[0] : fit[1];
  };
  for (const [label, tx, signer] of [
    ['balances.transferKeepAlive', api.tx.balances.transferKeepAlive(bob.address, FAIR), alice],
    ['dataContribution.payForQueries', api.tx.dataContribution.payForQueries(0, 1, FAIR), alice],
    ['dataContribution.claimRewards (1 position)', api.tx.dataContribution.claimRewards(), bob],
  ]) {
    const info = await tx.paymentInfo(signer);
    const refTime = info.weight.refTime.toBigInt();
    const proofSize = info.weight.proofSize.toBigInt();
    // Alone in its block: the block's normal-class weight is what the extrinsic was charged.
    const { blockHash } = await included(api, tx, signer);
    const used = (await api.query.system.blockWeight.at(blockHash)).normal;
    const after = { refTime: used.refTime.toBigInt(), proofSize: used.proofSize.toBigInt() };
    rows.push({
      label, refTime, proofSize, perBlock: fits(refTime, proofSize), fee: info.partialFee.toBigInt(),
      after: after.refTime, perBlockAfter: fits(after.refTime, after.proofSize),
    });
  }
  console.log(`normal-class block budget: ref_time ${budget} ps, proof_size ${proofBudget} bytes\n`);
  console.log('| call | ref_time before dispatch (ps) | proof_size (bytes) | fit in one block by weight before dispatch | ref_time after dispatch (ps) | fit in one block after dispatch | fee before refund (planck) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.label} | ${r.refTime} | ${r.proofSize} | ${r.perBlock} | ${r.after} | ${r.perBlockAfter} | ${r.fee} |`);
  const ratio = (key) => (Number(rows[1][key]) / Number(rows[0][key])).toFixed(3);
  console.log(`\npayForQueries per block / transferKeepAlive per block = ${ratio('perBlock')} before dispatch, ${ratio('perBlockAfter')} after`);
} finally {
  if (api) await api.disconnect();
  await node.stop();
}
