// scripts/bench-gateway.mjs's arguments, checked before it starts a node: the benchmark itself
// runs in tests/e2e/bench-gateway.test.js.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scriptRunner } from '../lib/script.js';

const run = scriptRunner('bench-gateway.mjs', { timeout: 60_000 });

test('it refuses a rate that is not a positive whole number of queries a second', () => {
  for (const bad of ['0', '-5', '2.5', 'fast', '']) {
    const { status, stderr } = run('1', `--rate=${bad}`);
    assert.notEqual(status, 0, `--rate ${JSON.stringify(bad)}`);
    assert.match(stderr, /--rate must be a positive whole number of queries a second/, `--rate ${JSON.stringify(bad)}`);
  }
});

test('it refuses a level length that is not a positive number of seconds', () => {
  for (const bad of ['0', 'long']) {
    const { status, stderr } = run(bad);
    assert.notEqual(status, 0, `SECONDS ${bad}`);
    assert.match(stderr, /SECONDS must be a positive number/);
  }
});
