// Starts a real `fairshare-node --dev` on free loopback ports for a test file, and stops it.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { finalizedNumber, sleep, waitBlocks, waitForRpc } from './chain.js';

export const NODE_BINARY =
  process.env.FAIRSHARE_NODE ||
  join(process.env.CARGO_TARGET_DIR || join(homedir(), '.cache/fairshare/target'), 'release/fairshare-node');

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export { rpcCall } from './rpc.js';

/** The line in which the node names the address its JSON-RPC server listens on. */
const RPC_LISTENING = /Running JSON-RPC server: addr=127\.0\.0\.1:(\d+)/;

/**
 * Waits until the node's log names its JSON-RPC port, and returns it. Fails if the node exits
 * first or does not say within `timeoutMs`.
 */
async function listeningRpcPort(log, { timeoutMs, alive }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const port = log().match(RPC_LISTENING)?.[1];
    if (port) return Number(port);
    if (!alive()) throw new Error('the node exited before its JSON-RPC server started');
    if (Date.now() > deadline) throw new Error(`the node named no JSON-RPC port within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/**
 * Starts `fairshare-node --dev` with a fresh base path and waits until block `finalized` is
 * finalized. Returns { httpUrl, wsUrl, stop, log }. The node binds its own free ports (port 0)
 * and names the RPC one in its log, so files that start nodes at once never race for a port.
 * Fails if the node exits, does not answer RPC within `timeoutMs`, or then does not finalize
 * (see tests/lib/chain.js).
 */
export async function startDevNode({ finalized = 3, timeoutMs = 120_000, extraArgs = [] } = {}) {
  const basePath = mkdtempSync(join(tmpdir(), 'fairshare-e2e-'));
  const logPath = join(basePath, 'node.log');
  const logFd = openSync(logPath, 'a');
  const child = spawn(
    NODE_BINARY,
    [
      '--dev',
      '--base-path', basePath,
      '--rpc-port', '0',
      '--listen-addr', '/ip4/127.0.0.1/tcp/0',
      '--no-prometheus',
      '--no-telemetry',
      '--no-mdns',
      ...extraArgs,
    ],
    { stdio: ['ignore', logFd, logFd] },
  );
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });

  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      for (let i = 0; i < 100 && exited === null; i++) await sleep(100);
      if (exited === null) child.kill('SIGKILL');
      for (let i = 0; i < 50 && exited === null; i++) await sleep(100);
    }
    rmSync(basePath, { recursive: true, force: true });
  };
  const log = () => { try { return readFileSync(logPath, 'utf8'); } catch { return ''; } };

  const alive = () => exited === null;
  let httpUrl;
  try {
    const rpcPort = await listeningRpcPort(log, { timeoutMs, alive });
    httpUrl = `http://127.0.0.1:${rpcPort}`;
    await waitForRpc(httpUrl, { timeoutMs, alive });
    await waitBlocks(`block ${finalized} finalized`, async () => (await finalizedNumber(httpUrl)) >= finalized,
      { url: httpUrl, blocks: finalized + 20, progress: finalizedNumber });
  } catch (e) {
    const text = log().slice(-4000);
    await stop();
    throw new Error(`${e.message}${exited ? ` (exited: ${JSON.stringify(exited)})` : ''}:\n${text}`);
  }
  return { httpUrl, wsUrl: httpUrl.replace('http://', 'ws://'), stop, log, child };
}
