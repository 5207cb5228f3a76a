// The gateway's check of a receipt's signature: the pallet's rule (clients/js/usage.js's
// `verifyUsageReceipt`: the receipt's bytes, raw or wrapped in <Bytes>, signed with the scheme the
// `MultiSignature` names), with ed25519 checked by Node's own crypto (OpenSSL) instead of
// @polkadot/util-crypto's WebAssembly, and `VerifierPool` runs the checks on worker threads.
// docs/performance.md ("The gateway at inference speed") measures each.
//
// Never more lenient than the chain: OpenSSL refuses an s at or above the group order and
// requires R's bytes to be the encoding of [s]B - [k]A (the check without the cofactor), hashing
// A's bytes as given; the runtime (sp-core's ed25519, ed25519-zebra) follows ZIP-215, which
// refuses the same s, hashes the same bytes and checks the equation multiplied by the cofactor,
// which holds whenever the stricter one does. So a receipt the gateway answers is one the chain
// settles; the reverse may fail only for signatures no honest signer makes (small-order keys).

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createPublicKey, verify } from 'node:crypto';
import { u8aWrapBytes } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { decodeMultiSignature, usageReceipt, verifyReceiptMessage } from '../js/usage.js';

/** The DER prefix of an ed25519 public key's SubjectPublicKeyInfo (RFC 8410): 32 key bytes follow. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
/** The most accounts a verifier keeps decoded. */
export const MAX_CACHED_ACCOUNTS = 100_000;

/**
 * `make`, remembering its result for each key, for at most `max` keys: the cache starts afresh
 * when it is full, so that strangers' accounts cannot grow it without bound.
 */
export function cached(max, make) {
  const results = new Map();
  return (key) => {
    let result = results.get(key);
    if (result === undefined) {
      if (results.size >= max) results.clear();
      result = make(key);
      results.set(key, result);
    }
    return result;
  };
}

export class ReceiptVerifier {
  constructor() {
    /** `address`'s account bytes as an ed25519 public key: OpenSSL's KeyObject. */
    this.key = cached(MAX_CACHED_ACCOUNTS, (address) =>
      createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, decodeAddress(address)]), format: 'der', type: 'spki' }));
  }

  /** Whether `signature` (a MultiSignature in hex) is `address`'s on the receipt for `channelId` at `cumulative` on `genesisHash`. */
  verify(address, genesisHash, channelId, cumulative, signature) {
    const decoded = decodeMultiSignature(signature);
    return decoded !== null && this.verifyDecoded(address, genesisHash, channelId, cumulative, decoded);
  }

  /** `verify` with the signature decoded (`decodeMultiSignature`) and the genesis hash in hex or bytes. */
  verifyDecoded(address, genesisHash, channelId, cumulative, decoded) {
    try {
      const message = usageReceipt(genesisHash, channelId, cumulative);
      if (decoded.scheme !== 'ed25519') return verifyReceiptMessage(address, message, decoded);
      const key = this.key(address);
      return verify(null, message, key, decoded.bytes) || verify(null, u8aWrapBytes(message), key, decoded.bytes);
    } catch {
      return false;
    }
  }

}

/** Worker threads by default: every core but the one the gateway's own thread runs on, at least one. */
export function defaultVerifyWorkers() {
  return Math.min(64, Math.max(1, availableParallelism() - 1));
}

/**
 * The gateway's receipt checks, shared between its own thread and `workers` worker threads
 * (verify-worker.js), each with a `ReceiptVerifier`, so that the signature arithmetic of
 * concurrent queries runs on every core. The checks asked for in one turn of the event loop are
 * split when the turn ends (`flush`). With no worker every check runs on the calling thread, at
 * once.
 *
 * A worker that fails leaves the pool, and is replaced if it had started; the checks it held are
 * refused with an error (the gateway then answers 500, and the consumer sends the receipt
 * again).
 */
export class VerifierPool {
  constructor(genesisHash, { workers = defaultVerifyWorkers() } = {}) {
    if (!Number.isSafeInteger(workers) || workers < 0 || workers > 64) throw new RangeError(`verify workers must be 0 to 64, got ${workers}`);
    this.genesis = Buffer.from(genesisHash.slice(2), 'hex');
    this.inline = new ReceiptVerifier();
    this.workers = Array.from({ length: workers }, () => this.spawn());
    this.queue = [];
    this.nextBatch = 0;
    this.closed = false;
  }

  /** Resolves with whether `decoded` is `address`'s signature on the receipt for `channelId` at `cumulative`. */
  verify(address, channelId, cumulative, decoded) {
    if (this.closed) return Promise.reject(new Error('the verifier pool is closed'));
    if (this.workers.length === 0) return Promise.resolve(this.inline.verifyDecoded(address, this.genesis, channelId, cumulative, decoded));
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => this.flush());
      this.queue.push({ item: [address, channelId, cumulative, decoded], resolve, reject });
    });
  }

  /**
   * Shares the queued checks between this thread and the workers: this thread keeps its equal
   * share, ⌈n / (workers + 1)⌉ (the first check, so that a check alone in its turn is never
   * handed over, which would only add the hand-over's latency), and the rest go round the
   * workers, one batch each, while this thread checks its own.
   */
  flush() {
    const checks = this.queue;
    this.queue = [];
    const mine = Math.ceil(checks.length / (this.workers.length + 1));
    const batches = this.workers.map(() => []);
    checks.slice(mine).forEach((check, i) => batches[i % batches.length].push(check));
    batches.forEach((batch, i) => batch.length > 0 && this.send(this.workers[i], batch));
    for (const { item: [address, channelId, cumulative, decoded], resolve } of checks.slice(0, mine)) {
      resolve(this.inline.verifyDecoded(address, this.genesis, channelId, cumulative, decoded));
    }
  }

  /** Hands `checks` to `worker`, as one batch; refuses them if it cannot take them. */
  send(worker, checks) {
    const id = this.nextBatch++;
    try {
      worker.thread.postMessage({ id, items: checks.map(({ item }) => item) });
      worker.batches.set(id, checks);
    } catch (e) {
      checks.forEach(({ reject }) => reject(e));
    }
  }

  /** A worker thread with its batches in flight. */
  spawn() {
    const worker = { batches: new Map() };
    worker.thread = new Worker(new URL('./verify-worker.js', import.meta.url), { workerData: { genesis: this.genesis } });
    worker.ready = new Promise((resolve, reject) => Object.assign(worker, { started: resolve, startFailed: reject }));
    worker.ready.catch(() => {});
    worker.thread.on('message', ({ ready, id, results }) => {
      if (ready) {
        worker.isReady = true;
        worker.started();
        return;
      }
      const checks = worker.batches.get(id);
      if (!checks) return;
      worker.batches.delete(id);
      checks.forEach(({ resolve }, i) => resolve(results[i]));
    });
    // A failed worker leaves the pool at once, so that no batch goes to it again. One that had
    // started is replaced; one that never started would fail again, and this thread takes its
    // share instead.
    const fail = (error) => {
      if (worker.failed) return;
      worker.failed = true;
      for (const checks of worker.batches.values()) checks.forEach(({ reject }) => reject(error));
      worker.batches.clear();
      worker.startFailed(error);
      worker.thread.terminate().catch(() => {});
      const index = this.workers.indexOf(worker);
      if (index < 0) return;
      if (!this.closed && worker.isReady) this.workers[index] = this.spawn();
      else this.workers.splice(index, 1);
    };
    worker.thread.on('error', fail);
    worker.thread.on('messageerror', fail);
    worker.thread.on('exit', (code) => fail(new Error(`a verifying worker exited with ${code}`)));
    return worker;
  }

  /** Resolves once every worker is ready to check, or rejects with why one could not start. */
  async ready() {
    await Promise.all(this.workers.map((worker) => worker.ready));
  }

  /** Stops the workers. */
  async close() {
    this.closed = true;
    await Promise.all(this.workers.splice(0).map(({ thread }) => thread.terminate()));
  }
}
