// Starts the reference operator gateway (clients/gateway/main.js) as its own process, for the
// end-to-end tests.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const GATEWAY = fileURLToPath(new URL('../../clients/gateway/main.js', import.meta.url));

/**
 * Starts the gateway for `modelId` against the node at `wsUrl`, signing with `operatorUri`
 * (passed in the environment, not on the command line); resolves with `{ child, url, log,
 * stats, settle }` once it prints its URL. `settleEveryMs` paces its own settlements.
 */
export function startGateway(wsUrl, modelId, { operatorUri = '//Dave', settleEveryMs = 3000, settleEveryReceipts = 1000 } = {}) {
  const child = spawn(process.execPath, [
    GATEWAY, '--ws', wsUrl, '--model', String(modelId), '--port', '0',
    '--settle-every-ms', String(settleEveryMs), '--settle-every-receipts', String(settleEveryReceipts),
  ], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FAIRSHARE_OPERATOR_SURI: operatorUri } });
  const log = [];
  child.stderr.on('data', (chunk) => log.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`gateway exited with ${code}: ${log.join('')}`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      const { url } = JSON.parse(line);
      const stats = async () => (await fetch(new URL('/stats', url))).json();
      const settle = async () => {
        const response = await fetch(new URL('/settle', url), { method: 'POST' });
        return { status: response.status, body: await response.json() };
      };
      resolve({ child, url, log, stats, settle });
    });
  });
}
