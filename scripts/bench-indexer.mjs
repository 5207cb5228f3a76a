#!/usr/bin/env node
// The indexer (scripts/indexer.sh: SubQuery and PostgreSQL) measured on a real release --dev node
// (archive) with full blocks of payments, side by side with the chain it follows, in one run:
// - live: ROUNDS rounds of payments, each round 10 payers sending a batch of 220 `payForQueries`
//   (2,200 a round) over a model of 3 datasets and 8 contributors and its fine-tune, and every
//   contributor claiming; how far the indexer trails the finalized head, in blocks, while it
//   follows;
// - catch-up: a fresh index of the same chain from block 1, timed: payments indexed a second,
//   against the chain's ceiling, full blocks of such batches every 6 s (whole batches while what
//   one declares fits in what is left of the block's normal-class limit, each keeping what the
//   heaviest was charged after dispatch);
// - GraphQL latency at p50 and p99 over 200 requests of each kind, one client and 10 at once;
// - the database's size per payment and per claim, from PostgreSQL's relation sizes.
//
//   node scripts/bench-indexer.mjs [ROUNDS]     (100 by default: about 10 minutes of full blocks)

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';
import { connect, registerDataset, untilSettled } from '../clients/js/fairshare.js';
import { finalizedNumber } from '../tests/lib/chain.js';
import { psql, startIndexer } from '../tests/lib/indexer.js';
import { startDevNode } from '../tests/lib/node.js';
import { FAIR, PERBILL, devAccounts, eventOf, included, keyring, percentile } from '../tests/lib/toolkit.js';

const ROUNDS = Number(process.argv[2] ?? 100);
if (!(Number.isInteger(ROUNDS) && ROUNDS >= 1)) throw new Error(`ROUNDS must be a whole number from 1, not ${process.argv[2]}`);
const PAYERS = 10;
const PER_BATCH = 220;
const SLOT_SECONDS = 6;

await cryptoWaitReady();
const node = await startDevNode({ chain: 'dev', finalized: 1, extraArgs: ['--state-pruning', 'archive'] });
const logDir = mkdtempSync(join(tmpdir(), 'fairshare-bench-indexer-'));
const indexers = [];
let api;
try {
  api = await connect(node.wsUrl);
  const who = devAccounts();
  const ring = keyring();
  const contributors = Array.from({ length: 8 }, (_, i) => ring.addFromUri(`//BenchIndexer/${i}`));
  const payers = Array.from({ length: PAYERS }, (_, i) => ring.addFromUri(`//BenchPayer/${i}`));
  await included(api, api.tx.utility.batchAll([...contributors, ...payers].map((a) => api.tx.balances.transferKeepAlive(a.address, 10_000n * FAIR))), who.alice);
  const models = await setUp(api, who, contributors);

  const liveSchema = `bench_live_${Date.now()}`;
  const live = await startIndexer(node, { schema: liveSchema, logPath: join(logDir, 'live.log') });
  indexers.push(live);
  const trail = trailing(live, node.httpUrl);
  const perBlock = new Map();
  // What a batch declares before dispatch, and the most one was charged after: the chain's
  // ceiling below is taken from them.
  const declared = await declaredWeight(api, paymentsBatch(api, models, 0), payers[0]);
  let heaviestBatch = 0n;
  for (let round = 0; round < ROUNDS; round++) {
    await Promise.all([
      ...payers.map(async (payer, i) => {
        const { events, blockHash } = await included(api, paymentsBatch(api, models, i), payer);
        const paid = events.filter(({ event }) => event.method === 'UsageRecorded').length;
        perBlock.set(blockHash.toHex(), (perBlock.get(blockHash.toHex()) ?? 0) + paid);
        const success = events.find(({ event }) => api.events.system.ExtrinsicSuccess.is(event));
        if (!success) throw new Error(`no ExtrinsicSuccess among the batch's events in block ${blockHash.toHex()}`);
        const charged = success.event.data.dispatchInfo.weight.refTime.toBigInt();
        if (charged > heaviestBatch) heaviestBatch = charged;
      }),
      ...contributors.map((c) => included(api, api.tx.dataContribution.claimRewards(), c).catch(() => null)),
    ]);
  }
  const head = await live.caughtUp();
  const worst = trail.stop();
  const counts = await live.query('{ payments { totalCount } claims { totalCount } earnings { totalCount } discrepancies { totalCount } }');
  const payments = counts.payments.totalCount;
  console.log(`chain: ${payments} payments and ${counts.claims.totalCount} claims in ${ROUNDS} rounds, head #${head}; `
    + `most payments in one block: ${Math.max(...perBlock.values())}, in ${perBlock.size} blocks`);
  console.log(`indexer: ${counts.earnings.totalCount} earnings rows, ${counts.discrepancies.totalCount} discrepancies`);
  if (counts.discrepancies.totalCount > 0) throw new Error('the indexer\'s recomputation disagrees with the chain\'s events');
  console.log(`live: blocks the indexer trailed the finalized head by while following: ${worst}`);
  const sizes = databaseSizes(liveSchema);
  await live.stop();

  // A fresh index of the same chain, timed from the block it had reached when its GraphQL server
  // first answered to the head.
  const fresh = await startIndexer(node, { schema: `bench_fresh_${Date.now()}`, logPath: join(logDir, 'fresh.log') });
  indexers.push(fresh);
  const started = performance.now();
  const from = (await fresh.query('{ _metadata { lastProcessedHeight } }'))._metadata.lastProcessedHeight ?? 0;
  // Catching up on 10 minutes of full blocks may take longer than they took to make.
  await fresh.caughtUp({ blocks: 1_000 });
  const seconds = (performance.now() - started) / 1000;
  const since = `(filter: { block: { greaterThan: ${from} } }) { totalCount }`;
  const rows = await fresh.query(`{ payments${since} royalties${since} claims${since} }`);
  const timed = rows.payments.totalCount;
  const events = timed + rows.royalties.totalCount + rows.claims.totalCount;
  const rate = timed / seconds;
  const fullBlock = fullBlockPayments(api, declared, heaviestBatch);
  const chainRate = fullBlock / SLOT_SECONDS;
  console.log(`catch-up: blocks ${from + 1} to ${head} in ${seconds.toFixed(1)} s: ${((head - from) / seconds).toFixed(2)} blocks/s, `
    + `${(events / seconds).toFixed(0)} of the pallet's events/s (payments, royalties, claims: ${events}), ${rate.toFixed(0)} payments/s, `
    + `${(rate / chainRate).toFixed(2)} × the chain's full-block rate of ${chainRate.toFixed(0)}/s `
    + `(${fullBlock} payments a block: the normal class's ${normalLimit(api)} ps, batches of ${PER_BATCH} declaring ${declared} ps and charged ${heaviestBatch} ps)`);

  await latencies(fresh, contributors[0].address, models[0]);
  console.log(sizes);
} finally {
  for (const indexer of indexers) {
    await indexer.stop();
    indexer.drop();
  }
  if (api) await api.disconnect();
  await node.stop();
}

/** The normal dispatch class's weight limit a block, in picoseconds of ref_time. */
function normalLimit(api) {
  return api.consts.system.blockWeights.perClass.normal.maxTotal.unwrap().refTime.toBigInt();
}

/** Payer `i`'s batch of PER_BATCH payments, over the model and its fine-tune in turn. */
function paymentsBatch(api, models, i) {
  return api.tx.utility.batch(Array.from({ length: PER_BATCH },
    (_, k) => api.tx.dataContribution.payForQueries(models[(i + k) % 2], 1 + (k % 3), FAIR)));
}

/**
 * What `tx` signed by `signer` counts against a block's limit before dispatch: its declared
 * weight (`query_info`: the call's and the extensions') and the base extrinsic weight.
 */
async function declaredWeight(api, tx, signer) {
  const { weight } = await tx.paymentInfo(signer);
  return weight.refTime.toBigInt() + api.consts.system.blockWeights.perClass.normal.baseExtrinsic.refTime.toBigInt();
}

/**
 * Payments a block holds when they come as this benchmark sends them, whole batches of
 * PER_BATCH: a block takes a batch while what it declares (`declared`) fits in what is left of
 * the normal class's limit, and keeps what it was charged after dispatch (`charged`, base
 * extrinsic weight included; the rest is refunded).
 */
function fullBlockPayments(api, declared, charged) {
  const limit = normalLimit(api);
  if (declared > limit) return 0;
  return Number((limit - declared) / charged + 1n) * PER_BATCH;
}

/** Three datasets of the 8 contributors, a model over them (Dave's) and a fine-tune of it (Eve's). */
async function setUp(api, who, contributors) {
  const hashes = [0, 1, 2].map((i) => blake2AsHex(`bench indexer ${Date.now()} ${i}`));
  await Promise.all(hashes.map((hash, i) => {
    const members = contributors.slice(i * 3, i * 3 + 3);
    const share = PERBILL / BigInt(members.length);
    const shares = members.map((m, k) => [m.address, k === 0 ? PERBILL - share * BigInt(members.length - 1) : share]);
    return registerDataset(api, contributors[i], hash, shares, `bench ${i}`);
  }));
  await untilSettled(api, hashes);
  const register = async (tx, signer) => eventOf((await included(api, tx, signer)).events, 'dataContribution', 'ModelRegistered').data[0].toString();
  const base = await register(api.tx.dataContribution.registerModel(hashes.map((h, i) => [h, i + 1]), [], 1_000_003n, PERBILL / 5n, '0x'), who.dave);
  const tune = await register(api.tx.dataContribution.registerModel([[hashes[2], 1]], [[base, PERBILL / 10n]], 1_000_003n, PERBILL / 5n, '0x'), who.eve);
  return [base, tune];
}

/**
 * Samples, every 250 ms, how many blocks `indexer` trails the node's finalized head by (its
 * `lastProcessedHeight`, which SubQuery writes when it flushes), until `stop()`, which returns
 * the samples' p50, p99 and maximum.
 */
function trailing(indexer, httpUrl) {
  const samples = [];
  let running = true;
  (async () => {
    while (running) {
      try {
        const [finalized, meta] = await Promise.all([finalizedNumber(httpUrl), indexer.query('{ _metadata { lastProcessedHeight } }')]);
        samples.push(Math.max(0, finalized - (meta._metadata.lastProcessedHeight ?? 0)));
      } catch {
        // A busy node or server that does not answer this once: the next sample tells.
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  return {
    stop: () => {
      running = false;
      samples.sort((a, b) => a - b);
      return `p50 ${percentile(samples, 50)}, p99 ${percentile(samples, 99)}, at most ${samples[samples.length - 1]} (${samples.length} samples)`;
    },
  };
}

/**
 * GraphQL latency at p50 and p99: 200 requests of each kind, one client, then 10 at once. A
 * contributor's all-time history is every page of its earnings, as the dashboard reads it.
 */
async function latencies(indexer, account, model) {
  const pages = (await indexer.all('earnings', 'id', `{ contributor: { equalTo: "${account}" } }`)).length;
  console.log(`the contributor's all-time history: ${pages} earnings rows`);
  const kinds = {
    'contributor figures': () => indexer.query(`{ contributor(id: "${account}") { earned claimed pending escrowed } }`),
    'contributor all-time history (every page)': () => indexer.all('earnings', 'block model dataset earned claimed earnedTotal', `{ contributor: { equalTo: "${account}" } }`),
    'payments page by model and blocks': () => indexer.query(`{ payments(first: 100, filter: { model: { equalTo: "${model}" }, block: { greaterThan: 5 } }, orderBy: BLOCK_DESC) { nodes { block amount } } }`),
  };
  console.log('| query | clients | p50 (ms) | p99 (ms) |');
  console.log('| --- | --- | --- | --- |');
  for (const [label, query] of Object.entries(kinds)) {
    for (const clients of [1, 10]) {
      const times = [];
      const worker = async (n) => {
        for (let i = 0; i < n; i++) {
          const t = performance.now();
          await query();
          times.push(performance.now() - t);
        }
      };
      await Promise.all(Array.from({ length: clients }, () => worker(200 / clients)));
      times.sort((a, b) => a - b);
      console.log(`| ${label} | ${clients} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 99).toFixed(1)} |`);
    }
  }
}

/** Schema `schema`'s size on disk by table, from PostgreSQL (after ANALYZE), per row. */
function databaseSizes(schema) {
  psql('analyze');
  const out = psql(`select c.relname, pg_total_relation_size(c.oid), c.reltuples::bigint from pg_class c
    join pg_namespace n on n.oid = c.relnamespace where n.nspname = '${schema}' and c.relkind = 'r' order by 2 desc`);
  const rows = out.trim().split('\n').filter(Boolean).map((line) => line.split(' '));
  const table = Object.fromEntries(rows.map(([name, bytes, tuples]) => [name, { bytes: Number(bytes), tuples: Number(tuples) }]));
  const per = (name) => (table[name] ? `${(table[name].bytes / Math.max(1, table[name].tuples)).toFixed(0)} bytes a row (${table[name].tuples} rows)` : 'none');
  const total = rows.reduce((sum, [, bytes]) => sum + Number(bytes), 0);
  return [
    `database: ${(total / 1e6).toFixed(1)} MB in all`,
    ...['payments', 'royalties', 'claims', 'earnings', 'earning_totals', 'payout_states'].map((name) => `${name}: ${per(name)}`),
  ].join('\n');
}
