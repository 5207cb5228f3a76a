#!/usr/bin/env node
// Latency of a contributor's balance read on a real release --dev node, for accounts with 1, 64
// and 1,000 positions (models they earn from), by four routes measured side by side in one run
// (each call of the loop takes every route, in turn):
//   - `rpc`: the `dataContribution_contributorBalance` JSON-RPC method over HTTP;
//   - `runtime API`: `state_call` of `DataContributionApi_contributor_balance` over HTTP;
//   - `view function`: `state_call` of `RuntimeViewFunction_execute_view_function` with the
//     pallet's `contributor_balance` view over HTTP;
//   - `PAPI view`: the same view through the typed polkadot-api client over its WebSocket.
// p50 and p99 over CALLS calls each; then the calls per second that one node serves to 2
// concurrent clients of the JSON-RPC method; then p50, p99 and calls per second with 50
// concurrent clients of the JSON-RPC method and of the runtime API (CALLS calls in all). Last,
// the account of 1,000 positions claims them all, page after page (`claimRewards`, as many calls
// as it takes): the calls, their weight after dispatch and their fees in all, and the amount,
// which must equal the pending reward read before.
//
// With `--large DIR`, the same runs on a second node over DIR, a development chain's database
// that `fairshare-node populate-state` wrote (docs/scale.md), beside a new one: the loop takes
// each route on each node in turn, so the two states are measured side by side in one run.
// The measured accounts and their models are made on each chain by transactions first (DIR's
// chain then holds them too).
//
//   node scripts/bench-rpc.mjs [CALLS=2000] [--large DIR]

import os from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { compactToU8a, hexToU8a, u8aConcat, u8aToBigInt, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, blake2AsHex, decodeAddress } from '@polkadot/util-crypto';
import { connect, registerDataset, untilSettled } from '../clients/js/fairshare.js';
import { connectPapi } from '../clients/js/papi.js';
import { waitBlocks } from '../tests/lib/chain.js';
import { startDevNode, rpcCall } from '../tests/lib/node.js';
import { FAIR, PERBILL as PERBILL_BIGINT, devAccounts, eventOf, included, keyring as devKeyring, percentile } from '../tests/lib/toolkit.js';

const { values: options, positionals } = parseArgs({ options: { large: { type: 'string' } }, allowPositionals: true });
const CALLS = Number(positionals[0] || 2000);
if (!Number.isInteger(CALLS) || CALLS < 1) throw new Error(`CALLS must be a positive integer, not ${positionals[0]}`);
/** A Perbill's whole, as a Number (what these scripts' arithmetic uses). */
const PERBILL = Number(PERBILL_BIGINT);
const SIZES = [1, 64, 1000];
/** The concurrent clients of the last measurement. */
const CLIENTS = 50;
const NODE_ARGS = ['--pool-limit', '20000', '--rpc-max-connections', '1000'];
// Bounded by the chain: a block holds hundreds of these registrations.
const LOAD_BLOCKS = 100;
/** Names this run's accounts and datasets apart from an earlier run's on the same database. */
const RUN = Date.now().toString(36);

await cryptoWaitReady();
const states = [{ label: 'new' }];
if (options.large) states.push({ label: 'large', basePath: options.large });
try {
  for (const state of states) {
    // Finalized block 1 on a new chain; a populated one has its blocks finalized already.
    state.node = await startDevNode({ chain: 'dev', finalized: 1, extraArgs: NODE_ARGS, basePath: state.basePath });
  }
  await Promise.all(states.map(prepare));
  const results = [];
  for (const [i, size] of SIZES.entries()) {
    const names = Object.keys(states[0].routes);
    const routesOf = (state) => names.filter((name) => name in state.routes);
    const times = states.map(() => Object.fromEntries(names.map((name) => [name, []])));
    const pendings = [];
    for (const state of states) {
      const address = state.accounts[i].address;
      // Every route reads the same figure: the account's pending reward.
      const read = await Promise.all(routesOf(state).map((name) => state.routes[name](address)));
      if (new Set(read.map(String)).size !== 1) throw new Error(`the routes disagree on the ${state.label} state: ${read.join(', ')}`);
      pendings.push(read[0]);
    }
    for (let k = 0; k < CALLS; k++) {
      for (const [s, state] of states.entries()) {
        const own = routesOf(state);
        for (let r = 0; r < own.length; r++) {
          const name = own[(k + r) % own.length];
          const t = performance.now();
          await state.routes[name](state.accounts[i].address);
          times[s][name].push(performance.now() - t);
        }
      }
    }
    for (const [s, state] of states.entries()) {
      const address = state.accounts[i].address;
      const row = { state: state.label, positions: size, calls: CALLS, pending: String(pendings[s]) };
      for (const name of routesOf(state)) row[name] = summary(times[s][name]);
      row.two_clients_rpc_calls_per_s = (await concurrently(2, () => state.routes.rpc(address))).perSecond;
      row.fifty_clients = {
        rpc: await concurrently(CLIENTS, () => state.routes.rpc(address)),
        runtimeApi: await concurrently(CLIENTS, () => state.routes.runtimeApi(address)),
      };
      results.push(row);
      console.error(JSON.stringify(row));
    }
  }
  const last = SIZES.length - 1;
  const claims = [];
  for (const state of states) {
    const expected = results.find((r) => r.state === state.label && r.positions === SIZES[last]).pending;
    claims.push({ state: state.label, ...(await claimAll(state, state.accounts[last], BigInt(expected))) });
  }
  console.log(JSON.stringify({ machine: `${os.cpus()[0].model}, ${os.cpus().length} cores`, states: await describe(states), results, claims }, null, 2));
  printTables(results, Object.keys(states[0].routes));
  console.log(`\n| state | positions claimed | calls | weight after dispatch, in all (ms of ref_time) | proof size, in all (bytes) | fees, in all (planck) | amount (planck) |`);
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const c of claims) console.log(`| ${c.state} | ${c.positions} | ${c.calls} | ${(Number(c.refTime) / 1e9).toFixed(2)} | ${c.proofSize} | ${c.fees} | ${c.amount} |`);
} finally {
  for (const state of states) {
    state.papi?.client.destroy();
    if (state.api) await state.api.disconnect();
    if (state.node) await state.node.stop();
  }
}

/**
 * Makes the measured accounts on `state.node`'s chain: one dataset per account, with that
 * account as its only contributor, then `size` models over it, each paid once, so that every
 * position has something pending. Sets `api`, `papi`, `accounts` and `routes` on `state`.
 */
async function prepare(state) {
  const { node } = state;
  const api = state.api = await connect(node.wsUrl);
  const { alice, dave, eve } = devAccounts();
  const keyring = devKeyring();
  const accounts = state.accounts = SIZES.map((size) => keyring.addFromUri(`//rpc-bench//${RUN}//${size}`));
  let nonce = (await api.rpc.system.accountNextIndex(dave.address)).toNumber();
  let eveNonce = (await api.rpc.system.accountNextIndex(eve.address)).toNumber();
  const firstModel = (await api.query.dataContribution.nextModelId()).toNumber();
  const pending = [];
  for (const [i, size] of SIZES.entries()) {
    const hash = blake2AsHex(`rpc bench ${RUN}: dataset ${size}`);
    await registerDataset(api, alice, hash, [[accounts[i].address, PERBILL]], '');
    await untilSettled(api, [hash]);
    for (let m = 0; m < size; m++) {
      pending.push(api.tx.dataContribution.registerModel([[hash, 1]], [], FAIR / 1000n, 0, '').signAndSend(dave, { nonce: nonce++ }));
    }
  }
  await Promise.all(pending);
  const totalModels = SIZES.reduce((a, b) => a + b, 0);
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
  // PAPI follows the chain from its finalized block, which a populated database does not move
  // past its populated blocks (docs/scale.md): there the PAPI route is left out.
  if (state.basePath === undefined) state.papi = connectPapi(node.wsUrl);
  state.routes = balanceRoutes(node.httpUrl, state.papi?.api, viewFunctionId(api, 'DataContribution', 'contributor_balance'));
}

/**
 * `account` claims every position it holds, call after call, after Alice pays its fees: the
 * positions settled, the calls, their weight after dispatch, their fees and the amount claimed,
 * which must be `expected`.
 */
async function claimAll({ api }, account, expected) {
  const { alice } = devAccounts();
  await included(api, api.tx.balances.transferKeepAlive(account.address, 10n * FAIR), alice);
  const pageSize = api.consts.dataContribution.maxPositionsPerClaim.toNumber();
  const total = { positions: 0, calls: 0, refTime: 0n, proofSize: 0n, fees: 0n, amount: 0n };
  for (let more = true; more;) {
    // Bounded: each call settles a page, and SIZES' largest account holds 1,000 positions.
    if (total.calls > Math.ceil(SIZES.at(-1) / pageSize)) throw new Error(`${total.calls} claims did not settle every position`);
    const { events } = await included(api, api.tx.dataContribution.claimRewards(), account);
    const claimed = eventOf(events, 'dataContribution', 'RewardsClaimed');
    const { weight } = eventOf(events, 'system', 'ExtrinsicSuccess').data.dispatchInfo;
    total.calls++;
    total.positions += claimed.data.positions.toNumber();
    total.amount += claimed.data.amount.toBigInt();
    total.refTime += weight.refTime.toBigInt();
    total.proofSize += weight.proofSize.toBigInt();
    total.fees += eventOf(events, 'transactionPayment', 'TransactionFeePaid').data.actualFee.toBigInt();
    more = claimed.data.moreRemaining.isTrue;
  }
  if (total.amount !== expected) throw new Error(`claimed ${total.amount}, but ${expected} was pending`);
  return Object.fromEntries(Object.entries(total).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]));
}

/** p50 and p99, in milliseconds, of `times`. */
function summary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50_ms: percentile(sorted, 50), p99_ms: percentile(sorted, 99) };
}

/** CALLS calls of `call` by `clients` concurrent clients: p50 and p99 of each call's time, and calls a second. */
async function concurrently(clients, call) {
  const times = [];
  let started = 0;
  const client = async () => {
    while (started < CALLS) {
      started++;
      const t = performance.now();
      await call();
      times.push(performance.now() - t);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  return { ...summary(times), perSecond: CALLS / ((performance.now() - t0) / 1000) };
}

/** Each state's size as its node reports it: best block, datasets and models. */
async function describe(list) {
  return Promise.all(list.map(async ({ label, api }) => ({
    label,
    best: (await api.rpc.chain.getHeader()).number.toNumber(),
    datasets: (await api.query.dataContribution.datasets.keys()).length,
    models: (await api.query.dataContribution.nextModelId()).toNumber(),
  })));
}

/** The results as Markdown tables: single client by route, then the concurrent clients. */
function printTables(results, names) {
  const ms = (x) => `${x.p50_ms.toFixed(2)} / ${x.p99_ms.toFixed(2)}`;
  console.log(`\n| state | positions | calls | ${names.map((n) => `${n} p50 / p99 (ms)`).join(' | ')} | p99 ÷ runtime API's | RPC calls/s, 2 clients |`);
  console.log(`| --- | --- | --- | ${names.map(() => '---').join(' | ')} | --- | --- |`);
  for (const r of results) {
    const ratios = names.filter((n) => r[n]).map((n) => `${n} ${(r[n].p99_ms / r.runtimeApi.p99_ms).toFixed(2)}`).join(', ');
    console.log(`| ${r.state} | ${r.positions} | ${r.calls} | ${names.map((n) => (r[n] ? ms(r[n]) : '–')).join(' | ')} | ${ratios} | ${r.two_clients_rpc_calls_per_s.toFixed(0)} |`);
  }
  console.log(`\n| state | positions | ${CLIENTS} clients: rpc p50 / p99 (ms), calls/s | ${CLIENTS} clients: runtime API p50 / p99 (ms), calls/s |`);
  console.log('| --- | --- | --- | --- |');
  for (const r of results) {
    const c = (x) => `${ms(x)}, ${x.perSecond.toFixed(0)}`;
    console.log(`| ${r.state} | ${r.positions} | ${c(r.fifty_clients.rpc)} | ${c(r.fifty_clients.runtimeApi)} |`);
  }
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
    ...(papi && {
      papiView: async (address) =>
        (await papi.view.DataContribution.contributor_balance(address, { start: undefined, limit: 1000 }, { at: 'best' })).pending,
    }),
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
