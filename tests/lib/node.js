// Starts real `fairshare-node` processes on ports they pick themselves: a `--dev` node (on the
// `dev-fast` chain unless told otherwise) for a test file, or any node with its own arguments.

import { spawn } from 'node:child_process';
import { before, after } from 'node:test';
import { fstatSync, mkdtempSync, rmSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { finalizedNumber, sleep, waitBlocks, waitForRpc, waitForStart } from './chain.js';
import { rpcCall } from './rpc.js';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connect } from '../../clients/js/fairshare.js';
import { devAccounts } from './toolkit.js';

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
 * Starts `fairshare-node` with `args`, its RPC and P2P ports on 0 (the node binds free ones, so
 * that nodes started at once never race for a port; `rpcPort` names the RPC's instead) and its
 * output in `logPath`, and waits until its log names its RPC port and the RPC answers. It skips
 * the measurement of the machine at start (`--no-hardware-benchmarks`) unless
 * `hardwareBenchmarks`. Returns { httpUrl, wsUrl, child, log, alive,
 * p2pAddress, stop }: `p2pAddress()` resolves with the multiaddress, with the peer id, that other
 * nodes reach it at (`system_localListenAddresses`, on 127.0.0.1); `stop()` ends the process.
 * Fails, with the log's end, if the node exits or does not answer within `timeoutMs`.
 */
export async function startNode(args, { logPath, timeoutMs = 120_000, rpcPort = 0, hardwareBenchmarks = false }) {
  // An earlier node's lines in the same file (a restart, a kept base path) are not this one's.
  const logFd = openSync(logPath, 'a');
  const logStart = fstatSync(logFd).size;
  const child = spawn(NODE_BINARY, [
    ...args,
    '--rpc-port', String(rpcPort),
    '--listen-addr', '/ip4/127.0.0.1/tcp/0',
    '--no-prometheus', '--no-telemetry', '--no-mdns',
    ...(hardwareBenchmarks ? [] : ['--no-hardware-benchmarks']),
  ], { stdio: ['ignore', logFd, logFd] });
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const alive = () => exited === null;
  const log = () => { try { return readFileSync(logPath).subarray(logStart).toString('utf8'); } catch { return ''; } };
  const stop = async () => {
    if (alive()) {
      child.kill('SIGTERM');
      for (let i = 0; i < 100 && alive(); i++) await sleep(100);
      if (alive()) child.kill('SIGKILL');
      for (let i = 0; i < 50 && alive(); i++) await sleep(100);
    }
  };
  try {
    const rpcPort = await waitForStart('a JSON-RPC port in the node\'s log',
      async () => Number(log().match(RPC_LISTENING)?.[1]), { timeoutMs, alive });
    const httpUrl = `http://127.0.0.1:${rpcPort}`;
    await waitForRpc(httpUrl, { timeoutMs, alive });
    const p2pAddress = async () => (await rpcCall(httpUrl, 'system_localListenAddresses'))
      .find((a) => a.startsWith('/ip4/127.0.0.1/tcp/'));
    return { httpUrl, wsUrl: httpUrl.replace('http://', 'ws://'), child, log, alive, p2pAddress, stop };
  } catch (e) {
    await stop();
    throw new Error(`${e.message}${exited ? ` (exited: ${JSON.stringify(exited)})` : ''}:\n${log().slice(-4000)}`);
  }
}

/**
 * Starts `fairshare-node --dev --chain <chain>` with a fresh base path and waits until block
 * `finalized` is finalized. `dev-fast`, the default, is `dev` with periods of a few blocks, so
 * that tests reach the end of a challenge, a withdrawal notice or a channel's closing. Returns
 * startNode's { httpUrl, wsUrl, stop, log, child, … }; `stop` also removes the base path.
 * With `restartable`, the RPC listens on a port chosen here, and `restart()` stops the node and
 * starts it again on the same database and port, resolving once its RPC answers. With
 * `basePath`, the node runs on that directory's database (one `populate-state` wrote, say), and
 * `stop` leaves it in place. `hardwareBenchmarks` is startNode's.
 */
export async function startDevNode({ chain = 'dev-fast', finalized = 3, timeoutMs = 120_000, extraArgs = [], restartable = false, basePath: kept, hardwareBenchmarks = false } = {}) {
  const basePath = kept ?? mkdtempSync(join(tmpdir(), 'fairshare-e2e-'));
  const logPath = join(basePath, 'node.log');
  const removeBase = () => { if (kept === undefined) rmSync(basePath, { recursive: true, force: true }); };
  const rpcPort = restartable ? await freePort() : 0;
  const launch = () => startNode(['--dev', '--chain', chain, '--base-path', basePath, ...extraArgs], { logPath, timeoutMs, rpcPort, hardwareBenchmarks });
  let node;
  try {
    node = await launch();
  } catch (e) {
    removeBase();
    throw e;
  }
  const stop = async () => {
    await node.stop();
    removeBase();
  };
  const restart = async () => {
    if (!restartable) throw new Error('a node started without `restartable` would come back on another port');
    await node.stop();
    node = await launch();
  };
  try {
    await waitBlocks(`block ${finalized} finalized`, async () => (await finalizedNumber(node.httpUrl)) >= finalized,
      { url: node.httpUrl, blocks: finalized + 20, progress: finalizedNumber });
  } catch (e) {
    const text = node.log().slice(-4000);
    await stop();
    throw new Error(`${e.message}:\n${text}`);
  }
  return { ...node, stop, restart, log: () => node.log(), alive: () => node.alive() };
}

/**
 * Registers the hooks of a test file that runs on one dev node of its own: `before` starts it
 * (`startDevNode(options)`), connects the client library to it and hands `{ node, api, who }`
 * (`who`: the dev accounts) to `use`; `after` disconnects and stops the node.
 */
export function onDevNode(options, use) {
  let started = {};
  before(async () => {
    await cryptoWaitReady();
    const node = await startDevNode(options);
    started = { node };
    started.api = await connect(node.wsUrl);
    started.who = devAccounts();
    use(started);
  });
  after(async () => {
    if (started.api) await started.api.disconnect();
    if (started.node) await started.node.stop();
  });
}
