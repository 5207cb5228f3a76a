#!/usr/bin/env node
// The size on disk of each kind of record, derived from databases that differ in one kind: a
// base state written by `fairshare-node populate-state`, then five more, each with twice the
// base's accounts, datasets, models, positions (models over twice as many datasets) or usage
// channels. Each database's size is what its files take on disk (`du`'s allocated blocks); the
// size of one record of each kind is the solution of the five equations
//   Δbytes = account·Δaccounts + dataset·Δdatasets + model·Δmodels + position·Δpositions + channel·Δchannels
// between each database and the base, the counts taken from the command's own summary (a
// dataset's figure includes its contributors' shares; a position's, the longer dataset lists
// and dataset-to-model index entries of models over more datasets; docs/scale.md). The figures
// are upper bounds: a larger database took more blocks, whose superseded trie nodes are kept
// (the last 256 blocks' state is), and `du` counts ParityDB's log not yet written into its
// tables. Every database is written in a new directory under $TMPDIR and removed once measured.
//
//   node scripts/bench-state-size.mjs [SCALE=1]     (the base: SCALE × 400,000 accounts, 10,000
//                                                    datasets, 1,000 models over 1 to 20 datasets,
//                                                    10,000 channels)

import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { populateState } from '../tests/lib/populate.js';

const SCALE = Number(process.argv[2] ?? 1);
if (!(SCALE > 0)) throw new Error(`SCALE must be a positive number, not ${process.argv[2]}`);
const scaled = (n) => Math.round(n * SCALE);
const BASE = { accounts: scaled(400_000), datasets: scaled(10_000), models: scaled(1_000), channels: scaled(10_000), maxDatasetsPerModel: 20 };
// The positions' run doubles the datasets a model may cite, to 40: there must be that many.
if (BASE.datasets < 40) throw new Error(`SCALE ${SCALE} leaves ${BASE.datasets} datasets: at least 40 are needed`);
/** The databases: the base, then each with one kind doubled. */
const RUNS = [
  ['base', {}],
  ['accounts ×2', { accounts: 2 * BASE.accounts }],
  ['datasets ×2', { datasets: 2 * BASE.datasets }],
  ['models ×2', { models: 2 * BASE.models }],
  ['positions ×2', { maxDatasetsPerModel: 2 * BASE.maxDatasetsPerModel }],
  ['channels ×2', { channels: 2 * BASE.channels }],
];
/** The unknowns, in the order of the equations' columns, and the summary's field for each. */
const KINDS = ['accounts', 'datasets', 'models', 'positions', 'channels'];

/** Bytes that the files under `path` take on disk. */
function diskUsage(path) {
  let bytes = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    bytes += entry.isDirectory() ? diskUsage(full) : statSync(full).blocks * 512;
  }
  return bytes;
}

/** Writes one database of `sizes`, and returns the command's summary and its size on disk. */
async function populate(sizes) {
  const basePath = mkdtempSync(join(tmpdir(), 'fairshare-state-size-'));
  try {
    const summary = await populateState(basePath, sizes);
    return { ...summary, bytes: diskUsage(join(basePath, 'chains')) };
  } finally {
    rmSync(basePath, { recursive: true, force: true });
  }
}

/** The solution x of a·x = b, by Gaussian elimination with partial pivoting. */
function solve(a, b) {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (m[pivot][col] === 0) throw new Error('the runs do not determine every kind of record');
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

const results = [];
for (const [name, change] of RUNS) {
  const sizes = { ...BASE, ...change };
  const result = await populate(sizes);
  results.push({ name, sizes, ...result });
  console.error(`${name}: ${JSON.stringify(results.at(-1))}`);
}
const [base, ...others] = results;
const delta = (run, kind) => run[kind] - base[kind];
const perRecord = solve(others.map((run) => KINDS.map((kind) => delta(run, kind))), others.map((run) => run.bytes - base.bytes));
console.log(JSON.stringify({ base: BASE, results, bytesPerRecord: Object.fromEntries(KINDS.map((k, i) => [k, perRecord[i]])) }, null, 2));
console.log('\n| database | accounts | datasets | models | positions | channels | blocks | state keys | bytes on disk | seconds |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  console.log(`| ${r.name} | ${[...KINDS.map((k) => r[k]), r.blocks, r.stateKeys, r.bytes, r.seconds].map((x) => x.toLocaleString('en-US')).join(' | ')} |`);
}
console.log(`\n| record | bytes on disk, each |\n| --- | --- |`);
KINDS.forEach((kind, i) => console.log(`| ${kind.replace(/s$/, '')} | ${perRecord[i].toFixed(0)} |`));
