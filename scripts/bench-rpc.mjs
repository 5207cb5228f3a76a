#!/usr/bin/env node
// Latency of a contributor's balance read on a real release --dev node, for accounts with 1, 64
// and 1,000 positions (models they earn from), by four routes measured side by side in one run
// (each call of the loop takes every route, in turn):
//   - `rpc`: the `dataContribution_contributorBalance` JSON-RPC method over HTTP;
//   - `runtime API`: `state_call` of `DataContributionApi_contributor_balance` over HTTP;
//   - `view function`: `state_call` of `RuntimeViewFunction_execute_view_function` with the
//     pallet's `contributor_balance` view over HTTP;
//   - `PAPI view`: the same view through the typed polkadot-api client over its WebSocket.
// p50 and p99 over CALLS calls each, then the calls per second that one node serves to 2
// concurrent clients of the JSON-RPC method.
//
//   node scripts/bench-rpc.mjs [CALLS=2000]

import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { compactToU8a, hexToU8a, u8aConcat, u8aToBigInt, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, blake2AsHex, decodeAddress } from '@polkadot/util-crypto';
import { connect, registerDataset, untilSettled } from '../clients/js/fairshare.js';
import { connectPapi } from '../clients/js/papi.js';
import { waitBlocks } from '../tests/lib/chain.js';
import { startDevNode, rpcCall } from '../tests/lib/node.js';
import { FAIR, PERBILL as PERBILL_BIGINT, devAccounts, keyring as devKeyring, percentile } from '../tests/lib/toolkit.js';

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

  const papi = connectPapi(node.wsUrl);
  const routes = balanceRoutes(node.httpUrl, papi.api, viewFunctionId(api, 'DataContribution', 'contributor_balance'));
  const results = [];
  try {
    for (const [i, size] of SIZES.entries()) {
      const address = accounts[i].address;
      // Every route reads the same figure: the account's pending reward.
      const pendings = await Promise.all(Object.values(routes).map((read) => read(address)));
      if (new Set(pendings.map(String)).size !== 1) throw new Error(`the routes disagree: ${pendings.join(', ')}`);
      const times = Object.fromEntries(Object.keys(routes).map((name) => [name, []]));
      const names = Object.keys(routes);
      for (let k = 0; k < CALLS; k++) {
        for (let r = 0; r < names.length; r++) {
          const name = names[(k + r) % names.length];
          const t = performance.now();
          await routes[name](address);
          times[name].push(performance.now() - t);
        }
      }
      const started = performance.now();
      let done = 0;
      const client = async () => { while (done < CALLS) { done++; await routes.rpc(address); } };
      await Promise.all([client(), client()]);
      const perSecond = CALLS / ((performance.now() - started) / 1000);
      const row = { positions: size, calls: CALLS, pending: String(pendings[0]), two_clients_rpc_calls_per_s: perSecond };
      for (const name of names) {
        const sorted = times[name].sort((a, b) => a - b);
        row[name] = { p50_ms: percentile(sorted, 50), p99_ms: percentile(sorted, 99) };
      }
      results.push(row);
      console.error(JSON.stringify(row));
    }
  } finally {
    papi.client.destroy();
  }
  console.log(JSON.stringify({ machine: `${os.cpus()[0].model}, ${os.cpus().length} cores`, results }, null, 2));
  const names = Object.keys(routes);
  console.log(`\n| positions | calls | ${names.map((n) => `${n} p50 / p99 (ms)`).join(' | ')} | p99 ÷ runtime API's | RPC calls/s, 2 clients |`);
  console.log(`| --- | --- | ${names.map(() => '---').join(' | ')} | --- | --- |`);
  for (const r of results) {
    const ratios = names.map((n) => `${n} ${(r[n].p99_ms / r.runtimeApi.p99_ms).toFixed(2)}`).join(', ');
    console.log(`| ${r.positions} | ${r.calls} | ${names.map((n) => `${r[n].p50_ms.toFixed(2)} / ${r[n].p99_ms.toFixed(2)}`).join(' | ')} | ${ratios} | ${r.two_clients_rpc_calls_per_s.toFixed(0)} |`);
  }
} finally {
  if (api) await api.disconnect();
  await node.stop();
}

/**
 * The four routes to an account's pending reward (first page, the most entries), each resolving
 * to it as a bigint: the JSON-RPC method, the runtime API and the view function by `state_call`
 * over HTTP at `url` (the view function by its id `viewId`), and the view function through the
 * PAPI client `papi`.
 */
function balanceRoutes(url, papi, viewId) {
  // One page: `start` None (0x00), then `limit` 1,000 as a little-endian u32.
  const page = new Uint8Array([0, 0xe8, 0x03, 0, 0]);
  const args = (address) => u8aConcat(decodeAddress(address), page);
  // A ContributorBalance's encoding starts with `pending`, a little-endian u128.
  const pendingOf = (bytes) => u8aToBigInt(bytes.subarray(0, 16), { isLe: true });
  return {
    rpc: async (address) => BigInt((await rpcCall(url, 'dataContribution_contributorBalance', [address])).pending),
    runtimeApi: async (address) =>
      pendingOf(hexToU8a(await rpcCall(url, 'state_call', ['DataContributionApi_contributor_balance', u8aToHex(args(address))]))),
    viewFunction: async (address) => {
      const input = args(address);
      const call = u8aConcat(viewId, compactToU8a(input.length), input);
      const answer = hexToU8a(await rpcCall(url, 'state_call', ['RuntimeViewFunction_execute_view_function', u8aToHex(call)]));
      // Ok (0x00), then the output as a Vec<u8>: its compact length (two bytes for 32 to 16,383), then the bytes.
      if (answer[0] !== 0) throw new Error(`the view function failed: ${u8aToHex(answer)}`);
      return pendingOf(answer.subarray(1 + (answer[1] & 3 ? 2 : 1)));
    },
    papiView: async (address) =>
      (await papi.view.DataContribution.contributor_balance(address, { start: undefined, limit: 1000 }, { at: 'best' })).pending,
  };
}

/** The id of view function `name` of `pallet`, as the runtime's metadata (version 16) gives it. */
function viewFunctionId(api, pallet, name) {
  const found = api.runtimeMetadata.asV16.pallets
    .find((p) => p.name.toString() === pallet)?.viewFunctions
    .find((f) => f.name.toString() === name);
  if (!found) throw new Error(`the runtime's metadata has no view function ${pallet}.${name}`);
  return found.id.toU8a();
}
