#!/usr/bin/env node
// Throughput benchmark against a real release `fairshare-node --dev` (Aura, 6-second slots; not
// manual or instant seal). Four workloads, measured side by side in one run:
//   (a) balances.transferKeepAlive                          the baseline
//   (b) dataContribution.payForQueries, 1 dataset × 1 contributor
//   (c) dataContribution.payForQueries, 100 datasets × 10 contributors (1,000 contributors)
//   (d) dataContribution.commitDataset, and (e) the reveals, registerDataset with 16 contributors
//   (f) dataContribution.settleUsage: usage receipts settled by the model's operator, 1,000
//       receipts (from 1,000 consumers' channels, 1,000 queries each) per extrinsic, on the
//       model of (c)
// For each: N transactions are pre-signed from many accounts, submitted as fast as the pool
// accepts them, and the included extrinsics per second are measured from the blocks (their
// timestamps and their success events). (f) submits BATCHES settlements and counts receipts.
// Fees come from each included extrinsic's TransactionFeePaid event.
//
// Each block's building time is the one its author logs ("Prepared block for proposing"), set
// against the weight the block consumed (`system.blockWeight`, all classes, after refunds): for
// each workload, the fullest block's and the highest ratio of time to weight.
//
//   node scripts/bench-throughput.mjs [N=5000] [SENDERS=100] [BATCHES=30] [--base-path DIR]
//                                     [--import-with NODE]
//
// --base-path DIR runs the node on an existing development chain's database, such as the one
// `fairshare-node populate-state` writes (docs/scale.md), instead of a new chain. --import-with
// NODE names a node binary built with `runtime-benchmarks`: once the run is over, its
// `benchmark block` executes each workload's fullest block again on its parent's state (what
// importing it costs: the average of 5 runs), set against its weight too. The parent's state
// must still be there: the node keeps the last 256 blocks' (a block found pruned says so).
//
// Prints a JSON report and Markdown tables with the ratios (b)/(a), (c)/(b), (f)/(b) in
// receipts, the fee per receipt against a payment's fee, and the blocks' time against weight.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cryptoWaitReady, blake2AsHex } from '@polkadot/util-crypto';
import { connect, signAndWait, registerDataset, datasetCommitment, untilSettled, OPEN_TERMS } from '../clients/js/fairshare.js';
import { signUsageReceipt } from '../clients/js/usage.js';
import { untilBlock, waitBlocks } from '../tests/lib/chain.js';
import { startDevNode } from '../tests/lib/node.js';
import { FAIR, PERBILL as PERBILL_BIGINT, devAccounts, free, keyring as devKeyring } from '../tests/lib/toolkit.js';

const { values: options, positionals } = parseArgs({
  options: { 'base-path': { type: 'string' }, 'import-with': { type: 'string' } },
  allowPositionals: true,
});
const N = Number(positionals[0] || 5000);
const SENDERS = Number(positionals[1] || 100);
const BATCHES = Number(positionals[2] || 30);
/** Names this run's datasets apart from an earlier run's on the same database. */
const RUN = Date.now().toString(36);
const LANES_IN_FLIGHT = 32;
const RECEIPTS_PER_BATCH = 1_000;
const QUERIES_PER_RECEIPT = 1_000n;
/** The most blocks one workload's measurement follows. */
const MEASURE_BLOCKS = 400;
/** A Perbill's whole, as a Number (what these scripts' arithmetic uses). */
const PERBILL = Number(PERBILL_BIGINT);

await cryptoWaitReady();
// The blocks must outlive the node for `benchmark block`: then even a new chain's database is
// kept until the end.
const ownBase = options['import-with'] && !options['base-path'] ? mkdtempSync(join(os.tmpdir(), 'fairshare-throughput-')) : undefined;
const basePath = options['base-path'] ?? ownBase;
// A populated database does not finalize past its populated blocks (docs/scale.md), and the
// fork-aware pool keeps every transaction until it is finalized, so that its limit is soon
// reached there: on such a database the node runs the single-state pool, which drops a
// transaction once its block is imported.
const node = await startDevNode({
  chain: 'dev', finalized: 1, basePath,
  extraArgs: ['--pool-limit', String(4 * N), '--pool-kbytes', '262144', '--rpc-max-connections', '1000',
    ...(options['base-path'] ? ['--pool-type', 'single-state'] : [])],
});
let api;
let stopped = false;
try {
  api = await connect(node.wsUrl);
  const keyring = devKeyring();
  const dev = devAccounts();
  const senders = Array.from({ length: SENDERS }, (_, i) => keyring.addFromUri(`//bench//${i}`));
  const nonces = new Map();
  const genesisHash = api.genesisHash;

  /** Signs `tx` for `signer` with the next local nonce, immortal: { sender, hex }. */
  async function presign(tx, signer) {
    const nonce = nonces.get(signer.address) ?? (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
    nonces.set(signer.address, nonce + 1);
    const hex = (await tx.signAsync(signer, { nonce, era: 0, blockHash: genesisHash })).toHex();
    return { sender: signer.address, hex };
  }

  /**
   * Submits signed extrinsics: one lane per sender, each in nonce order (so that no transaction
   * waits in the pool's future queue), LANES_IN_FLIGHT lanes at a time: with a request in flight
   * per sender for 100 senders, the node's per-connection message buffer (64 by default) filled
   * and submissions stalled. Returns how many the pool took.
   */
  async function submitAll(signed) {
    const lanes = new Map();
    for (const { sender, hex } of signed) {
      if (!lanes.has(sender)) lanes.set(sender, []);
      lanes.get(sender).push(hex);
    }
    const queue = [...lanes.values()];
    let accepted = 0;
    await Promise.all(Array.from({ length: LANES_IN_FLIGHT }, async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift()) {
        for (const hex of lane) {
          try { await api.rpc.author.submitExtrinsic(hex); accepted++; } catch (e) { console.error(`rejected: ${e.message}`); }
        }
      }
    }));
    return accepted;
  }

  /** Waits until `expected` matching extrinsics succeeded; returns the per-block counts. */
  async function measure(section, method, expected, fromBlock) {
    const blocks = [];
    let seen = 0;
    let number = fromBlock;
    // Bounded by the chain: the slowest workload lands in well under MEASURE_BLOCKS blocks, and
    // untilBlock fails when the chain stalls.
    while (seen < expected && number < fromBlock + MEASURE_BLOCKS) {
      await untilBlock(node.httpUrl, number);
      const hash = await api.rpc.chain.getBlockHash(number);
      const [block, apiAt] = [await api.rpc.chain.getBlock(hash), await api.at(hash)];
      const [events, now] = [await apiAt.query.system.events(), (await apiAt.query.timestamp.now()).toNumber()];
      const ok = new Set(events.filter(({ event }) => api.events.system.ExtrinsicSuccess.is(event)).map(({ phase }) => phase.asApplyExtrinsic.toNumber()));
      const matching = new Set(block.block.extrinsics.map((ex, i) => (ok.has(i) && ex.method.section === section && ex.method.method === method ? i : -1)).filter((i) => i >= 0));
      const count = matching.size;
      let fees = 0n;
      let receipts = 0;
      for (const { phase, event } of events) {
        if (!phase.isApplyExtrinsic || !matching.has(phase.asApplyExtrinsic.toNumber())) continue;
        if (api.events.transactionPayment.TransactionFeePaid.is(event)) fees += event.data.actualFee.toBigInt();
        if (api.events.dataContribution.UsageSettled.is(event)) {
          if (event.data.rejected.length > 0) throw new Error(`receipts rejected: ${event.data.rejected.toString()}`);
          receipts += event.data.receipts.toNumber();
        }
      }
      const weight = await apiAt.query.system.blockWeight();
      const weightNs = ['normal', 'operational', 'mandatory'].reduce((sum, c) => sum + weight[c].refTime.toBigInt(), 0n) / 1000n;
      blocks.push({ number, timestamp: now, count, fees, receipts, extrinsics: block.block.extrinsics.length, weightNs: Number(weightNs), parent: block.block.header.parentHash.toHex() });
      seen += count;
      number++;
    }
    // The author's log, read once for every block measured.
    const log = node.log();
    for (const b of blocks) b.buildMs = buildTime(log, b.number, b.parent);
    return blocks;
  }

  /** Waits until `condition` holds, within 20 blocks. */
  const waitUntil = (what, condition) => waitBlocks(what, condition, { url: node.httpUrl, blocks: 20 });

  /** Runs one workload: pre-signs, submits, measures. */
  async function workload(label, section, method, build, { count = N, signer = (i) => senders[i % SENDERS] } = {}) {
    const txs = [];
    console.error(`${label}: signing ${count} transactions`);
    for (let i = 0; i < count; i++) txs.push(await presign(build(i, signer(i)), signer(i)));
    console.error(`${label}: submitting`);
    const start = (await api.rpc.chain.getHeader()).number.toNumber() + 1;
    const t0 = Date.now();
    const accepted = await submitAll(txs);
    const submitSeconds = (Date.now() - t0) / 1000;
    const blocks = await measure(section, method, accepted, start);
    const used = blocks.filter((b) => b.count > 0);
    const first = blocks.indexOf(used[0]);
    const previous = first > 0 ? blocks[first - 1].timestamp : used[0].timestamp - 6000;
    const seconds = (used[used.length - 1].timestamp - previous) / 1000;
    const included = used.reduce((s, b) => s + b.count, 0);
    const receipts = used.reduce((s, b) => s + b.receipts, 0);
    const fees = used.reduce((s, b) => s + b.fees, 0n);
    const fullest = used.reduce((best, b) => (b.count > best.count ? b : best));
    const result = {
      label, accepted, included, blocks: used.length, seconds, perSecond: included / seconds,
      firstBlock: used[0].number, lastBlock: used.at(-1).number,
      fullest: { number: fullest.number, count: fullest.count, weightMs: fullest.weightNs / 1e6, buildMs: fullest.buildMs },
      maxBuildPerWeight: Math.max(...used.map((b) => b.buildMs / (b.weightNs / 1e6))),
      maxPerBlock: Math.max(...used.map((b) => b.count)), submitSeconds,
      feePerExtrinsic: (fees / BigInt(included)).toString(),
      ...(receipts ? { receipts, receiptsPerSecond: receipts / seconds, feePerReceipt: (fees / BigInt(receipts)).toString() } : {}),
    };
    console.error(JSON.stringify(result));
    return result;
  }

  // Set-up: fund the senders, register the datasets and models.
  console.error(`funding ${SENDERS} senders`);
  const funding = [];
  for (const s of senders) funding.push(await presign(api.tx.balances.transferKeepAlive(s.address, 1_000n * FAIR), dev.alice));
  console.error(`submitted ${await submitAll(funding)} funding transfers`);
  await waitUntil('the senders funded', async () => (await free(api, senders[SENDERS - 1].address)) > 0n);

  console.error('registering datasets and models');
  const one = blake2AsHex(`bench ${RUN}: one contributor`);
  await registerDataset(api, dev.bob, one, [[dev.bob.address, PERBILL]], '');
  const wide = [];
  const commitTxs = [];
  const datasetTxs = [];
  const salt = `0x${'00'.repeat(32)}`;
  for (let d = 0; d < 100; d++) {
    const hash = blake2AsHex(`bench ${RUN}: wide dataset ${d}`);
    wide.push([hash, 1]);
    commitTxs.push(await presign(api.tx.dataContribution.commitDataset(datasetCommitment(hash, dev.charlie.address, salt)), dev.charlie));
  }
  // The reveals take the nonces after all the commitments, so that the commitments are ready in
  // the pool on their own.
  for (const [d, [hash]] of wide.entries()) {
    const contributors = Array.from({ length: 10 }, (_, c) => [keyring.addFromUri(`//bench//contributor//${d * 10 + c}`).address, PERBILL / 10]);
    datasetTxs.push(await presign(api.tx.dataContribution.registerDataset(hash, salt, contributors, '', OPEN_TERMS), dev.charlie));
  }
  // Commit in one block, reveal in later ones.
  await submitAll(commitTxs);
  const lastCommitment = datasetCommitment(wide[99][0], dev.charlie.address, salt);
  await waitUntil('the commitments', async () => (await api.query.dataContribution.commitments(dev.charlie.address, lastCommitment)).isSome);
  await submitAll(datasetTxs);
  await waitUntil('the datasets', async () => (await api.query.dataContribution.datasets(wide[99][0])).isSome);
  await untilSettled(api, [one, ...wide.map(([hash]) => hash)]);
  const modelIds = [];
  for (const datasets of [[[one, 1]], wide]) {
    const { events } = await signAndWait(api, api.tx.dataContribution.registerModel(datasets, [], FAIR / 1000n, 200_000_000, ''), dev.dave, { until: 'inBlock' });
    modelIds.push(events.find(({ event }) => api.events.dataContribution.ModelRegistered.is(event)).event.data.modelId.toNumber());
  }
  const positions = (await api.rpc.dataContribution.model(modelIds[1])).unwrap();
  console.error(`model ${modelIds[1]} has ${positions.datasets.length} datasets`);

  const results = [];
  results.push(await workload('(a) balances.transferKeepAlive', 'balances', 'transferKeepAlive', () => api.tx.balances.transferKeepAlive(dev.ferdie.address, FAIR / 1000n)));
  results.push(await workload('(b) payForQueries, 1 dataset × 1 contributor', 'dataContribution', 'payForQueries', () => api.tx.dataContribution.payForQueries(modelIds[0], 1, FAIR)));
  results.push(await workload('(c) payForQueries, 100 datasets × 10 contributors', 'dataContribution', 'payForQueries', () => api.tx.dataContribution.payForQueries(modelIds[1], 1, FAIR)));
  const sixteen = Array.from({ length: 16 }, (_, c) => [keyring.addFromUri(`//bench//sixteen//${c}`).address, PERBILL / 16 + (c === 0 ? PERBILL % 16 : 0)]);
  // Each sender commits to its datasets first; the workload measures the reveals.
  results.push(await workload('(d) commitDataset', 'dataContribution', 'commitDataset', (i, sender) =>
    api.tx.dataContribution.commitDataset(datasetCommitment(blake2AsHex(`bench ${RUN}: sixteen ${i}`), sender.address, salt))));
  results.push(await workload('(e) registerDataset (reveal), 16 contributors', 'dataContribution', 'registerDataset', (i) =>
    api.tx.dataContribution.registerDataset(blake2AsHex(`bench ${RUN}: sixteen ${i}`), salt, sixteen, '', OPEN_TERMS)));

  // (f): 1,000 consumers each open a channel to the wide model; each settlement carries one
  // receipt from every channel, 1,000 queries above the last.
  console.error(`opening ${RECEIPTS_PER_BATCH} usage channels`);
  const consumers = Array.from({ length: RECEIPTS_PER_BATCH }, (_, i) => keyring.addFromUri(`//bench//consumer//${i}`));
  const price = (await api.query.dataContribution.models(modelIds[1])).unwrap().pricePerQuery.toBigInt();
  const escrow = price * QUERIES_PER_RECEIPT * BigInt(BATCHES);
  // From Alice: ten consumers' escrow is more than a sender holds when BATCHES is large.
  const fundConsumers = [];
  for (const c of consumers) fundConsumers.push(await presign(api.tx.balances.transferKeepAlive(c.address, escrow + 10n * FAIR), dev.alice));
  await submitAll(fundConsumers);
  await waitUntil('the consumers funded', async () => (await free(api, consumers[RECEIPTS_PER_BATCH - 1].address)) > 0n);
  const firstChannel = (await api.query.dataContribution.nextChannelId()).toBigInt();
  const opens = [];
  for (const c of consumers) opens.push(await presign(api.tx.dataContribution.openUsage(modelIds[1], escrow, price), c));
  await submitAll(opens);
  await waitUntil('the channels', async () => (await api.query.dataContribution.nextChannelId()).toBigInt() >= firstChannel + BigInt(RECEIPTS_PER_BATCH));
  const channelOf = new Map();
  for (const c of consumers) channelOf.set(c.address, (await api.query.dataContribution.consumerChannels(c.address, modelIds[1])).unwrap().toBigInt());
  console.error(`signing ${BATCHES * RECEIPTS_PER_BATCH} receipts`);
  const genesis = genesisHash.toHex();
  const batches = Array.from({ length: BATCHES }, (_, k) => consumers.map((c) => {
    const channel = channelOf.get(c.address);
    const cumulative = QUERIES_PER_RECEIPT * BigInt(k + 1);
    return [channel, cumulative, signUsageReceipt(c, genesis, channel, cumulative)];
  }));
  results.push(await workload(`(f) settleUsage, ${RECEIPTS_PER_BATCH} receipts × ${QUERIES_PER_RECEIPT} queries`, 'dataContribution', 'settleUsage',
    (k) => api.tx.dataContribution.settleUsage(modelIds[1], batches[k]), { count: BATCHES, signer: () => dev.dave }));

  const [a, b, c, , , f] = results;
  const report = {
    n: N,
    senders: SENDERS,
    machine: `${os.cpus()[0].model}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    results,
    ratios: {
      'b/a': b.perSecond / a.perSecond,
      'c/b': c.perSecond / b.perSecond,
      'f receipts/b': f.receiptsPerSecond / b.perSecond,
      'f fee per receipt/b fee': Number(BigInt(f.feePerReceipt) * 1_000_000n / BigInt(b.feePerExtrinsic)) / 1e6,
    },
    queriesSettledPerSecond: f.receiptsPerSecond * Number(QUERIES_PER_RECEIPT),
  };
  await api.disconnect();
  api = undefined;
  await node.stop();
  stopped = true;
  if (options['import-with']) importTimes(results);
  console.log(JSON.stringify(report, null, 2));
  console.log(`\n| workload | included | blocks | max per block | extrinsics/s | fee per extrinsic (planck) |\n| --- | --- | --- | --- | --- | --- |`);
  for (const r of results) console.log(`| ${r.label} | ${r.included} | ${r.blocks} | ${r.maxPerBlock} | ${r.perSecond.toFixed(1)} | ${r.feePerExtrinsic} |`);
  console.log(`\n(b)/(a) = ${report.ratios['b/a'].toFixed(3)}, (c)/(b) = ${report.ratios['c/b'].toFixed(3)} (N = ${N}, ${report.machine})`);
  console.log(`(f): ${f.receipts} receipts, ${f.receiptsPerSecond.toFixed(1)} receipts/s = ${report.ratios['f receipts/b'].toFixed(2)} × (b)'s payments/s; ` +
    `fee per receipt ${f.feePerReceipt} planck = ${report.ratios['f fee per receipt/b fee'].toFixed(3)} × a payment's; ${report.queriesSettledPerSecond.toFixed(0)} queries settled/s`);
  console.log('\n| workload | fullest block | its extrinsics | its weight (ms) | built in (ms) | built ÷ weight | imported in (ms) | imported ÷ weight | highest built ÷ weight |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    const { number, count, weightMs, buildMs, importMs } = r.fullest;
    const imported = importMs === undefined ? ['–', '–'] : [importMs.toFixed(1), (importMs / weightMs).toFixed(3)];
    console.log(`| ${r.label} | #${number} | ${count} | ${weightMs.toFixed(1)} | ${buildMs} | ${(buildMs / weightMs).toFixed(3)} | ${imported.join(' | ')} | ${r.maxBuildPerWeight.toFixed(3)} |`);
  }
} finally {
  if (api) await api.disconnect();
  if (!stopped) await node.stop();
  if (ownBase) rmSync(ownBase, { recursive: true, force: true });
}

/**
 * The building time, in ms, of block `number` on parent `parent`, from its author's line in `log`.
 * The line names the block's hash before its seal, and the parent's abbreviated ("0x1234…cdef");
 * a height proposed more than once on that parent takes the last proposal.
 */
function buildTime(log, number, parent) {
  const abbreviated = `${parent.slice(0, 6)}…${parent.slice(-4)}`;
  const line = new RegExp(`Prepared block for proposing at ${number} \\((\\d+) ms\\) hash: 0x[0-9a-f]+; parent_hash: ${abbreviated};`, 'g');
  const found = [...log.matchAll(line)].at(-1);
  if (!found) throw new Error(`the node's log has no building time for block ${number} on ${parent}`);
  return Number(found[1]);
}

/**
 * Executes each workload's fullest block again with `benchmark block` (the node named by
 * --import-with, on the stopped node's database) and records its time as `fullest.importMs`.
 */
function importTimes(results) {
  for (const r of results) {
    const { number } = r.fullest;
    const run = spawnSync(options['import-with'], [
      'benchmark', 'block', '--chain', 'dev', '--base-path', basePath, '--from', String(number), '--to', String(number), '--repeat', '5',
    ], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const output = `${run.stdout}${run.stderr}`;
    // "Block N with K tx used P% of its weight (TOOK of CONSUMED ns)", on stderr with the log,
    // each figure grouped by commas and right-aligned.
    const found = output.match(new RegExp(`Block ${number} with +\\d+ tx used .*\\( *([\\d,]+) of +[\\d,]+ ns\\)`));
    if (run.status !== 0 || !found) {
      console.error(`benchmark block ${number} (${r.label}) failed (status ${run.status ?? run.error}):\n${output.slice(-2000)}`);
      continue;
    }
    r.fullest.importMs = Number(found[1].replaceAll(',', '')) / 1e6;
  }
}
