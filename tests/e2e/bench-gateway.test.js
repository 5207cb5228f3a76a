// scripts/bench-gateway.mjs, run short as CI runs it: 2 seconds a level of 1, 10 and 100
// consumers signing ed25519 receipts, then sr25519 ones, each checked on the gateway's thread,
// with its worker pool and by the node's `verify-receipts`, through the real gateway process on a --dev node, side by side
// with the bare server.
// It must report each level and end with every channel's settled count on chain equal to its
// consumer's last receipt (the script throws otherwise); the rates and latencies are not checked
// here (docs/performance.md holds those of a full run: a test does not time).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const ROOT = new URL('../..', import.meta.url).pathname;

/** The table row of `scheme`, `workers` and `consumers` in `stdout`: its eight figures, or null. */
function row(stdout, scheme, workers, consumers) {
  const match = stdout.match(new RegExp(`^\\| ${scheme} \\| ${workers} \\| ${consumers} ((?:\\| [\\d.-]+ ){8})\\|$`, 'm'));
  return match && match[1].split('|').slice(1).map((cell) => Number(cell.trim()));
}

test('the gateway benchmark runs end to end, and the chain settles exactly what the consumers signed', async () => {
  const { stdout } = await promisify(execFile)('node', ['scripts/bench-gateway.mjs', '2'], { cwd: ROOT, maxBuffer: 16 << 20 });
  console.log(stdout);
  for (const [scheme, workers] of ['ed25519', 'sr25519'].flatMap((scheme) => ['0', 'default', 'native'].map((w) => [scheme, w]))) {
    for (const consumers of [1, 10, 100]) {
      assert.ok(row(stdout, scheme, workers, consumers), `${scheme}, ${workers} workers, the level of ${consumers}`);
    }
  }
  const settled = stdout.match(/^settled: (\d+) queries on 200 channels, each channel's count on chain equal to its consumer's last receipt, and each gateway accepted exactly the receipts it answered and refused none$/m);
  assert.ok(settled, 'the settlement line');
  assert.ok(Number(settled[1]) > 0);
});

test('with --rate, each level sends the queries its schedule holds, and no faster', async () => {
  // The script's WARM_UP queries a consumer before the schedule, and SETTLE_IN seconds of it not counted.
  const [rate, seconds, levels, warmUp, settleIn] = [500, 2, [1, 10, 100], 2, 1];
  const { stdout } = await promisify(execFile)('node', ['scripts/bench-gateway.mjs', String(seconds), '--only', 'ed25519:native', '--rate', String(rate)], { cwd: ROOT, maxBuffer: 16 << 20 });
  console.log(stdout);
  assert.match(stdout, new RegExp(`, ${rate} queries a second a level, paced$`, 'm'));
  assert.doesNotMatch(stdout, /used every receipt/);
  // A level's queries fall due every 1 / rate s from its schedule's start; those counted are
  // the rate × seconds due from settleIn on, the last at settleIn + seconds − 1 / rate. So the
  // counted span lasts at least seconds − 1 / rate, less 2 ms
  // (a query goes out less than a millisecond before it is due, or when a timer of a whole
  // millisecond fires, which may be up to one early), and neither the gateway nor the bare
  // server can have answered more than rate × seconds / (seconds − 1 / rate − 0.002) a second,
  // rounded in the table. Back to back, each answers thousands.
  const ceiling = (rate * seconds) / (seconds - 1 / rate - 0.002) + 0.5;
  for (const consumers of levels) {
    const figures = row(stdout, 'ed25519', 'native', consumers);
    assert.ok(figures, `the level of ${consumers}`);
    const [gateway, , , bare] = figures;
    assert.ok(gateway <= ceiling && bare <= ceiling, `${consumers} consumers: ${gateway} and ${bare} a second, the schedule's ceiling ${ceiling.toFixed(1)}`);
    // A schedule not kept ends before its counted span: the script throws; a rate is positive.
    assert.ok(gateway > 0 && bare > 0, `${consumers} consumers: ${gateway} and ${bare} a second`);
  }
  // Every query due is sent, late or not, counted or not, and each consumer sends warmUp before
  // the schedule.
  const settled = Number(stdout.match(/^settled: (\d+) queries on 200 channels/m)?.[1]);
  assert.equal(settled, levels.reduce((sum, n) => sum + rate * (settleIn + seconds) + warmUp * n, 0));
});
