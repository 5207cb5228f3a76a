#!/usr/bin/env node
// Runs test files with node:test's `run()`, CONCURRENCY at a time, starting them in the order
// given. `node --test FILES` sorts the files first; scripts/test.sh gives the longest first, so
// that the slots end together. TAP on stdout, with the runner's summary (`# pass N`); exits 1
// when a test fails or a file does not load.
//
//   node tests/lib/run.mjs [--concurrency N] [--timeout MS] FILE...

import { run } from 'node:test';
import { tap } from 'node:test/reporters';
import { parseArgs } from 'node:util';

const { values, positionals: files } = parseArgs({
  options: { concurrency: { type: 'string', default: '1' }, timeout: { type: 'string', default: 'Infinity' } },
  allowPositionals: true,
});
const concurrency = Number(values.concurrency);
const timeout = Number(values.timeout);
if (files.length === 0 || !Number.isInteger(concurrency) || concurrency < 1 || !(timeout > 0)) {
  console.error('usage: node tests/lib/run.mjs [--concurrency N] [--timeout MS] FILE...');
  process.exit(2);
}
const stream = run({ files, concurrency, timeout });
stream.on('test:fail', () => { process.exitCode = 1; });
stream.compose(tap).pipe(process.stdout);
