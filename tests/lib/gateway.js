// Starts the reference operator gateway (clients/gateway/main.js) as its own process, for the
// end-to-end tests.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const GATEWAY = fileURLToPath(new URL('../../clients/gateway/main.js', import.meta.url));
/**
 * The Node options the gateway runs with: those its first line (`#!/usr/bin/env -S node …`) gives
 * `node`, so that the tests run it as an operator does, with the Node that runs them.
 */
export const GATEWAY_NODE_OPTIONS = (/^#!\S+ -S node((?: \S+)*)$/.exec(readFileSync(GATEWAY, 'utf8').split('\n', 1)[0])?.[1] ?? '')
  .split(' ').filter(Boolean);
/** How long the gateway may take to start and print its URL. */
const STARTUP_MS = 60_000;

/**
 * Starts the gateway for `modelId` against the node at `wsUrl`, signing with `operatorUri`
 * (passed in the environment, not on the command line); resolves with `{ child, url, log,
 * stats, settle, terminate }` once it prints its URL; `terminate()` sends SIGTERM and resolves
 * with the exit status. `settleEveryMs` paces its own settlements;
 * `verifyWorkers` is passed as `--verify-workers`, `nativeVerifier` as `--native-verifier` and
 * `maxHeadAgeMs` as `--max-head-age-ms` when given.
 */
export function startGateway(wsUrl, modelId, { operatorUri = '//Dave', settleEveryMs = 3000, settleEveryReceipts = 1000, verifyWorkers, nativeVerifier, maxHeadAgeMs } = {}) {
  const child = spawn(process.execPath, [
    ...GATEWAY_NODE_OPTIONS, GATEWAY, '--ws', wsUrl, '--model', String(modelId), '--port', '0',
    '--settle-every-ms', String(settleEveryMs), '--settle-every-receipts', String(settleEveryReceipts),
    ...(verifyWorkers === undefined ? [] : ['--verify-workers', String(verifyWorkers)]),
    ...(nativeVerifier === undefined ? [] : ['--native-verifier', nativeVerifier]),
    ...(maxHeadAgeMs === undefined ? [] : ['--max-head-age-ms', String(maxHeadAgeMs)]),
  ], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FAIRSHARE_OPERATOR_SURI: operatorUri } });
  const log = [];
  child.stderr.on('data', (chunk) => log.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    // A process starting: the one wait left on the clock.
    const startup = setTimeout(() => {
      child.kill();
      reject(new Error(`the gateway did not print its URL within ${STARTUP_MS / 1000} s: ${log.join('')}`));
    }, STARTUP_MS);
    child.on('exit', (code) => {
      clearTimeout(startup);
      reject(new Error(`gateway exited with ${code}: ${log.join('')}`));
    });
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(startup);
      const { url } = JSON.parse(line);
      const stats = async () => (await fetch(new URL('/stats', url))).json();
      const settle = async () => {
        const response = await fetch(new URL('/settle', url), { method: 'POST' });
        return { status: response.status, body: await response.json() };
      };
      const terminate = async () => {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        return (await exited)[0];
      };
      resolve({ child, url, log, stats, settle, terminate });
    });
  });
}

/**
 * Writes into `dir` an executable stand-in for a node binary, and returns its path: whatever it
 * is asked, it writes the line `greeting` (nothing when null), as `verify-receipts` greets, then
 * reads its input and never answers.
 */
export function standInVerifier(dir, greeting) {
  const path = join(dir, greeting === null ? 'silent-node' : 'stand-in-node');
  const say = greeting === null ? '' : `printf '%s\\n' '${greeting}'\n`;
  writeFileSync(path, `#!/bin/sh\n${say}exec cat > /dev/null\n`, { mode: 0o755 });
  return path;
}
