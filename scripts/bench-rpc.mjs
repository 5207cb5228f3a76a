#!/usr/bin/env node
// Latency of `dataContribution_contributorBalance` over HTTP JSON-RPC on a real release --dev
// node, for accounts with 1, 64 and 1,000 positions (models they earn from), measured in one run:
// p50 and p99 over CALLS sequential calls each, then the calls per second that one node serves
// to 2 concurrent clients.
//
//   node scripts/bench-rpc.mjs [CALLS=2000]

import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { cryptoWaitReady, blake2AsHex } from '@polkadot/util-crypto';
import { connect, registerDataset, untilSettled } from '../clients/js/fairshare.js';
import { waitBlocks } from '../tests/lib/chain.js';
import { startDevNode, rpcCall } from '../tests/lib/node.js';
import { FAIR, PERBILL as PERBILL_BIGINT, devAccounts, keyring as devKeyring } from '../tests/lib/toolkit.js';

const CALLS = Number(process.argv[2] || 2000);
/** A Perbill's whole, as a Number (what these scripts' arithmetic uses). */
const PERBILL = Number(PERBILL_BIGINT);
const SIZES = [1, 64, 1000];

await cryptoWaitReady();
const node = await startDevNode({ chain: 'dev', finalized: 1, extraArgs: ['--pool-limit', '20000', '--rpc-max-connections', '1000'] });
let api;
try {
  api = await connect(node.wsUrl);
  const { alice, dave, eve } = devAccounts();
  const keyring = devKeyring();
  const accounts = SIZES.map((size) => keyring.addFromUri(`//rpc-bench//${size}`));

  // One dataset per measured account, with that account as its only contributor; then `size`
  // models over it, each paid once, so that every position has something pending.
  let nonce = (await api.rpc.system.accountNextIndex(dave.address)).toNumber();
  let eveNonce = (await api.rpc.system.accountNextIndex(eve.address)).toNumber();
  let firstModel = (await api.query.dataContribution.nextModelId()).toNumber();
  const pending = [];
  for (const [i, size] of SIZES.entries()) {
    const hash = blake2AsHex(`rpc bench dataset ${size}`);
    await registerDataset(api, alice, hash, [[accounts[i].address, PERBILL]], '', { until: 'finalized' });
    await untilSettled(api, [hash]);
    for (let m = 0; m < size; m++) {
      pending.push(api.tx.dataContribution.registerModel([[hash, 1]], [], FAIR / 1000n, 0, '').signAndSend(dave, { nonce: nonce++ }));
    }
  }
  await Promise.all(pending);
  const totalModels = SIZES.reduce((a, b) => a + b, 0);
  // Bounded by the chain: a block holds hundreds of these registrations.
  const LOAD_BLOCKS = 100;
  await waitBlocks(`${totalModels} models registered`, async () =>
    (await api.query.dataContribution.nextModelId()).toNumber() >= firstModel + totalModels,
  { url: node.httpUrl, blocks: LOAD_BLOCKS });
  const payments = [];
  for (let id = firstModel; id < firstModel + totalModels; id++) {
    payments.push(api.tx.dataContribution.payForQueries(id, 1, FAIR).signAndSend(eve, { nonce: eveNonce++ }));
  }
  await Promise.all(payments);
  await waitBlocks('every model paid once', async () => {
    const balances = await Promise.all(accounts.map((a) => rpcCall(node.httpUrl, 'dataContribution_contributorRewards', [a.address])));
    return balances.every((r, i) => r.length === SIZES[i] && r.every((x) => x.pending !== '0'));
  }, { url: node.httpUrl, blocks: LOAD_BLOCKS });

  const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  const results = [];
  for (const [i, size] of SIZES.entries()) {
    const address = accounts[i].address;
    const times = [];
    for (let k = 0; k < CALLS; k++) {
      const t = performance.now();
      await rpcCall(node.httpUrl, 'dataContribution_contributorBalance', [address]);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const started = performance.now();
    let done = 0;
    const client = async () => { while (done < CALLS) { done++; await rpcCall(node.httpUrl, 'dataContribution_contributorBalance', [address]); } };
    await Promise.all([client(), client()]);
    const perSecond = CALLS / ((performance.now() - started) / 1000);
    const balance = await rpcCall(node.httpUrl, 'dataContribution_contributorBalance', [address]);
    results.push({ positions: size, calls: CALLS, p50_ms: percentile(times, 50), p99_ms: percentile(times, 99), two_clients_calls_per_s: perSecond, pending: balance.pending });
    console.error(JSON.stringify(results[results.length - 1]));
  }
  console.log(JSON.stringify({ machine: `${os.cpus()[0].model}, ${os.cpus().length} cores`, results }, null, 2));
  console.log('\n| positions | calls | p50 (ms) | p99 (ms) | calls/s, 2 clients |\n| --- | --- | --- | --- | --- |');
  for (const r of results) console.log(`| ${r.positions} | ${r.calls} | ${r.p50_ms.toFixed(2)} | ${r.p99_ms.toFixed(2)} | ${r.two_clients_calls_per_s.toFixed(0)} |`);
} finally {
  if (api) await api.disconnect();
  await node.stop();
}
