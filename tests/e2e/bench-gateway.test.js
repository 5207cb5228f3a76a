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

test('the gateway benchmark runs end to end, and the chain settles exactly what the consumers signed', async () => {
  const { stdout } = await promisify(execFile)('node', ['scripts/bench-gateway.mjs', '2'], { cwd: ROOT, maxBuffer: 16 << 20 });
  console.log(stdout);
  for (const [scheme, workers] of ['ed25519', 'sr25519'].flatMap((scheme) => ['0', 'default', 'native'].map((w) => [scheme, w]))) {
    for (const consumers of [1, 10, 100]) {
      assert.match(stdout, new RegExp(`^\\| ${scheme} \\| ${workers} \\| ${consumers} (\\| [\\d.-]+ ){8}\\|$`, 'm'), `${scheme}, ${workers} workers, the level of ${consumers}`);
    }
  }
  const settled = stdout.match(/^settled: (\d+) queries on 200 channels, each channel's count on chain equal to its consumer's last receipt, and each gateway accepted exactly the receipts it answered and refused none$/m);
  assert.ok(settled, 'the settlement line');
  assert.ok(Number(settled[1]) > 0);
});
