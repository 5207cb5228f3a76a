// The gateway's side of its chain client (chain-worker.js, on a worker thread of its own): a
// mirror of what the gateway checks at each query (the model's price, status and owner, the next
// channel id, the runtime, the best block and when it came, whether the connection is up), kept
// current by the worker, and requests to it (read or watch a channel, settle a batch of
// receipts). A query waits on the worker only for a channel the gateway does not watch yet: its
// read, and its subscription's start.

import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { toU64 } from '../js/usage.js';

/** How long the worker may take to unsubscribe and disconnect when closed. */
const CLOSE_MS = 5_000;

/**
 * Emits 'channel' (id as a string, state or null once the chain removed it) for each change of a
 * watched channel, 'runtime' (`specName-specVersion`) when the chain's runtime changes, 'head'
 * (the block number) for each new best block, 'connected' (true or false) when the connection to
 * the node drops or is back and the mirror read again, and 'failed' (an Error) if the worker
 * stops unasked; its requests then fail with that error. Fields, current as the worker last
 * reported: `genesisHash`, `maxBatch` (MaxReceiptsPerSettlement), `operator` (the signing key's
 * address), `slotMs`, `closePeriodMs` (a closing channel's period when the link opened, in
 * slots' time; null on a runtime older than API version 5), `modelId`, `model`
 * ({ pricePerQuery, active, owner } or null), `nextChannelId`, `runtime`, `head` (the best
 * block's number), `headSeenAt` (`performance.now()` when it came), `finalized` and
 * `finalizedSeenAt` (the same of the finalized block) and `connected`.
 */
export class ChainLink extends EventEmitter {
  /**
   * Starts the worker for `modelId` on the node at `ws`, signing settlements with `operatorUri`
   * (a seed phrase or a dev URI); resolves once it has read the model, or rejects with why it
   * could not (no such model, say).
   */
  static async open({ ws, modelId, operatorUri }) {
    const link = new ChainLink({ ws, modelId: toU64(modelId, 'modelId'), operatorUri });
    await link.opened;
    return link;
  }

  constructor(workerData) {
    super();
    this.modelId = workerData.modelId;
    this.requests = new Map();
    this.nextRequest = 0;
    this.closing = false;
    this.failure = null;
    this.connected = true;
    this.opened = new Promise((resolve, reject) => Object.assign(this, { onOpen: resolve, onOpenFailed: reject }));
    this.worker = new Worker(new URL('./chain-worker.js', import.meta.url), { workerData });
    this.worker.on('message', (message) => this.receive(message));
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('messageerror', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`the chain client's thread exited with ${code}`)));
  }

  receive(message) {
    switch (message.type) {
      case 'ready': {
        const { genesisHash, maxBatch, operator, slotMs, closePeriodMs } = message.chain;
        Object.assign(this, { genesisHash, maxBatch, operator, slotMs, closePeriodMs });
        this.onOpen();
        break;
      }
      case 'model':
        this.model = message.value;
        break;
      case 'nextChannelId':
        this.nextChannelId = message.value;
        break;
      case 'runtime':
        this.runtime = message.value;
        this.emit('runtime', message.value);
        break;
      case 'head':
        this.head = message.value;
        this.headSeenAt = performance.now();
        this.emit('head', message.value);
        break;
      case 'finalized':
        this.finalized = message.value;
        this.finalizedSeenAt = performance.now();
        break;
      case 'connected':
        this.connected = message.value;
        this.emit('connected', message.value);
        break;
      case 'channel':
        this.emit('channel', message.channel, message.state);
        break;
      case 'reply': {
        const request = this.requests.get(message.id);
        if (!request) return this.fail(new Error(`the chain client answered request ${message.id}, which is not pending`));
        this.requests.delete(message.id);
        if (!message.error) request.resolve(message.result);
        else request.reject(Object.assign(new Error(message.error.message), message.error));
        break;
      }
      default:
        this.fail(new Error(`the chain client sent an unknown message: ${message.type}`));
    }
  }

  /** The worker stopped unasked, or broke its protocol: every request fails with `error`. */
  fail(error) {
    if (this.failure) return;
    this.failure = error;
    this.onOpenFailed(error);
    for (const { reject } of this.requests.values()) reject(error);
    this.requests.clear();
    if (this.closing) return;
    this.worker.terminate().catch(() => {});
    this.emit('failed', error);
  }

  request(op, args = {}) {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextRequest++;
    return new Promise((resolve, reject) => {
      this.requests.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, ...args });
    });
  }

  /** How long ago, in whole milliseconds, the best and the finalized block it knows came. */
  ages(now = performance.now()) {
    return { headAgeMs: Math.round(now - this.headSeenAt), finalizedAgeMs: Math.round(now - this.finalizedSeenAt) };
  }

  /** The state of `channelId` now (`decodeChannel`'s object), or null. */
  read(channelId) {
    return this.request('read', { channel: channelId });
  }

  /** Has the worker watch `channelId`, whose state is `state` now; resolves once it is subscribed. */
  watch(channelId, state) {
    return this.request('watch', { channel: channelId, state });
  }

  /**
   * Settles `batch` ([channelId, cumulative, signature] each) in one transaction; resolves with
   * { blockHash, event (UsageSettled's fields as JSON), receipts, queries, rejected ([index,
   * reason] each), states ([channel id, state] each: watched channels the block moved) }. Rejects
   * with `refused` true when the chain refused the transaction as a whole, and `reason` the
   * error's name.
   */
  settle(batch) {
    return this.request('settle', { batch });
  }

  /** Unsubscribes, disconnects and stops the worker: at once if it has not ended within 5 s. */
  async close() {
    if (this.failure) return;
    this.closing = true;
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.request('close').catch(() => {});
    const deadline = setTimeout(() => this.worker.terminate().catch(() => {}), CLOSE_MS);
    await exited;
    clearTimeout(deadline);
  }
}
