// The client package's TypeScript declarations and the PAPI descriptors, checked as a dApp in
// TypeScript would use them (types/consumer.ts), with the TypeScript compiler.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tsc = (...args) => spawnSync('npx', ['--no-install', 'tsc', '-p', 'tests/clients/types', ...args], { cwd: ROOT, encoding: 'utf8' });

test('the declarations of the RPC\'s answers are what the committed metadata gives', () => {
  const run = spawnSync(process.execPath, ['scripts/rpc-types.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
});

test('a TypeScript dApp type-checks against fairshare-client and its PAPI descriptors', () => {
  const run = tsc();
  assert.equal(run.status, 0, `tsc failed:\n${run.stdout}${run.stderr}`);
});

test('the package\'s own declarations type-check (the libraries\' are left to their authors)', () => {
  // skipLibCheck would skip clients/js/*.d.ts as well: check every declaration file, and fail on
  // any error outside node_modules (polkadot.js's own declarations need its augmentation files).
  const run = tsc('--skipLibCheck', 'false');
  const ours = `${run.stdout}${run.stderr}`.split('\n').filter((line) => /error TS/.test(line) && !line.startsWith('node_modules/'));
  assert.deepEqual(ours, []);
  assert.match(`${run.stdout}`, /error TS/, 'the strict run reads the libraries\' declarations too');
});
