// The client package's TypeScript declarations and the PAPI descriptors, checked as a dApp in
// TypeScript would use them (types/consumer.ts), with the TypeScript compiler.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('a TypeScript dApp type-checks against fairshare-client and its PAPI descriptors', () => {
  const tsc = spawnSync('npx', ['--no-install', 'tsc', '-p', 'tests/clients/types'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(tsc.status, 0, `tsc failed:\n${tsc.stdout}${tsc.stderr}`);
});
