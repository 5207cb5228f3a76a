// scripts/build-timings.mjs reads cargo's --timings report: a report in cargo's format gives its
// wall time, unit count, summed unit time and longest units; anything else is refused.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scriptRunner } from '../lib/script.js';

const run = scriptRunner('build-timings.mjs');

const UNITS = [
  { i: 0, name: 'libc', version: '0.2.191', mode: 'todo', target: '', start: 0, duration: 1.5 },
  { i: 1, name: 'wasm-opt-sys', version: '0.116.0', mode: 'run-custom-build', target: ' build-script (run)', start: 2, duration: 271.25 },
  { i: 2, name: 'fairshare-node', version: '0.1.0', mode: 'todo', target: ' fairshare-node "bin"', start: 300, duration: 86.3 },
];

function withReport(html, check) {
  const dir = mkdtempSync(join(tmpdir(), 'build-timings-'));
  try {
    const path = join(dir, 'cargo-timing.html');
    writeFileSync(path, html);
    check(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a cargo --timings report gives its totals and its longest units, longest first', () => {
  const html = `<table><tr><td>Total time:</td><td>389.2s (6m 29.2s)</td></tr></table>
<script>
const UNIT_DATA = ${JSON.stringify(UNITS, null, 2)};
const CONCURRENCY_DATA = [];
</script>`;
  withReport(html, (path) => {
    const { status, stdout, stderr } = run(path, '--top', '2');
    assert.equal(status, 0, stderr);
    assert.deepEqual(stdout.trim().split('\n'), [
      `report: ${path}`,
      'wall time: 389.2 s; 3 units; unit time: 359.1 s',
      'the 2 longest units:',
      '   271.3 s  wasm-opt-sys v0.116.0 build-script (run)',
      '    86.3 s  fairshare-node v0.1.0 fairshare-node "bin"',
    ]);
  });
});

test('a file that is not such a report, a missing file and a bad command line are refused with a reason', () => {
  withReport('<html>no timings here</html>', (path) => {
    const { status, stderr } = run(path);
    assert.equal(status, 1);
    assert.match(stderr, /is not a cargo --timings report/);
  });
  withReport('<td>Total time:</td><td>1.0s</td> const UNIT_DATA = [{"name": "x"}];', (path) => {
    const { status, stderr } = run(path);
    assert.equal(status, 1);
    assert.match(stderr, /UNIT_DATA is not a list of units with a name, version, target and duration/);
  });
  withReport('<td>Total time:</td><td>1.0s</td> const UNIT_DATA = [{"name": }];', (path) => {
    const { status, stderr } = run(path);
    assert.equal(status, 1);
    assert.match(stderr, /UNIT_DATA is not JSON/);
  });
  const missing = run('/nonexistent/cargo-timing.html');
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot read \/nonexistent\/cargo-timing\.html/);
  for (const [args, reason] of [
    [['--top', '0'], /--top wants a positive whole number, got 0/],
    [['--top'], /--top wants a positive whole number, got nothing/],
    [['--help'], /unknown option --help/],
  ]) {
    const { status, stderr } = run(...args);
    assert.equal(status, 2, args.join(' '));
    assert.match(stderr, reason);
    assert.match(stderr, /usage: node scripts\/build-timings\.mjs/);
  }
});
