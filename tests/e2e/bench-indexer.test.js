// scripts/bench-indexer.mjs, run short as CI runs it: 3 rounds of 2,200 payments, on real
// parts (a --dev node, PostgreSQL, SubQuery), a fresh index timed, GraphQL latencies and the
// database's size. It must finish and report each figure; the figures themselves are not checked
// here (docs/performance.md holds those of a full run: a test does not time).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const ROOT = new URL('../..', import.meta.url).pathname;
const ROUNDS = 3;
// 10 payers a round, each a batch of 220 payments (scripts/bench-indexer.mjs).
const PAYMENTS = ROUNDS * 10 * 220;

test('the indexer benchmark runs end to end on 3 rounds of payments, and the index agrees with the chain', async () => {
  const { stdout } = await promisify(execFile)('node', ['scripts/bench-indexer.mjs', String(ROUNDS)], { cwd: ROOT, maxBuffer: 16 << 20 });
  console.log(stdout);
  assert.match(stdout, new RegExp(`^chain: ${PAYMENTS} payments and \\d+ claims in ${ROUNDS} rounds`, 'm'), 'every payment landed');
  assert.match(stdout, /^indexer: \d+ earnings rows, 0 discrepancies$/m);
  assert.match(stdout, /^live: blocks the indexer trailed the finalized head by while following: p50 \d+, p99 \d+, at most \d+/m);
  assert.match(stdout, /^catch-up: blocks \d+ to \d+ in [\d.]+ s: [\d.]+ blocks\/s, \d+ of the pallet's events\/s \(.*\), \d+ payments\/s/m);
  assert.match(stdout, /× the chain's full-block rate of \d+\/s \(\d+ payments a block: the normal class's \d+ ps, batches of 220 declaring \d+ ps and charged \d+ ps\)$/m);
  for (const query of ['contributor figures', 'contributor all-time history \\(every page\\)', 'payments page by model and blocks']) {
    for (const clients of [1, 10]) assert.match(stdout, new RegExp(`^\\| ${query} \\| ${clients} \\| [\\d.]+ \\| [\\d.]+ \\|$`, 'm'));
  }
  assert.match(stdout, /^payments: \d+ bytes a row/m);
});
