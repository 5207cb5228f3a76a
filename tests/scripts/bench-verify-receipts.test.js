// scripts/bench-verify-receipts.mjs, run short as CI runs it: 128 receipts a row against the
// release node's `verify-receipts`. It must print every row, and it throws unless each row passes
// exactly its good receipts; the rates and CPU times are not checked here (docs/performance.md
// holds a full run's: a test does not time).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scriptRunner } from '../lib/script.js';

const run = scriptRunner('bench-verify-receipts.mjs');

test('the verify-receipts benchmark prints a row for each scheme, batch size and bad receipt', () => {
  const { status, stdout, stderr } = run('128');
  assert.equal(status, 0, stderr);
  for (const scheme of ['ed25519', 'sr25519']) {
    for (const [size, bad] of [[1, 'none'], ...[2, 4, 8, 16, 64].flatMap((size) => ['none', 'same', 'fresh'].map((bad) => [size, bad]))]) {
      assert.match(stdout, new RegExp(`^\\| ${scheme} \\| ${size} \\| ${bad} \\| \\d+ \\| [\\d.]+ \\| ([\\d.]+|n/a) \\|$`, 'm'), `${scheme}, ${size} a batch, ${bad} bad`);
    }
  }
});

test('it refuses a count of receipts that is not a multiple of 64', () => {
  for (const bad of ['0', '63', '100', '64.5', 'many']) {
    const { status, stderr } = run(bad);
    assert.notEqual(status, 0);
    assert.match(stderr, /RECEIPTS must be a multiple of 64/);
  }
});
