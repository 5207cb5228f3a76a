// The gateway's receipt checks in the node's own code: a `fairshare-node verify-receipts`
// process, which applies the runtime's rule natively (node/src/verify_receipts.rs documents the
// protocol on its stdin and stdout). Every check asked for in one turn of the event loop goes
// out as one batch when the turn ends; the process answers the batches in order, a byte a check.
// docs/performance.md ("The gateway at inference speed") measures it beside `VerifierPool`.

import { spawn } from 'node:child_process';
import { decodeAddress } from '@polkadot/util-crypto';
import { MAX_CACHED_ACCOUNTS, cached } from './verify.js';

/** What the process writes once it is ready. */
const READY = Buffer.from('FSRCPT1\n');
/** The most checks in one batch, as the process takes them. */
const MAX_BATCH = 65_536;
/** `MultiSignature`'s index of each scheme. */
const SCHEME_INDEX = { ed25519: 0, sr25519: 1, ecdsa: 2 };

/**
 * Checks receipts with `binary verify-receipts`, the same interface as `VerifierPool`. A process
 * that fails refuses the checks it held with an error (the gateway answers 500, and the consumer
 * sends the receipt again), and is replaced if it had started.
 */
export class NativeVerifier {
  constructor(genesisHash, binary) {
    Object.assign(this, { genesisHash, binary });
    /** `address`'s 32 account bytes. */
    this.account = cached(MAX_CACHED_ACCOUNTS, decodeAddress);
    this.queue = [];
    this.closed = false;
    this.spawn();
  }

  /** Resolves with whether `decoded` is `address`'s signature on the receipt for `channelId` at `cumulative`. */
  verify(address, channelId, cumulative, decoded) {
    if (this.closed) return Promise.reject(new Error('the native verifier is closed'));
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => this.flush());
      this.queue.push({ item: [this.account(address), channelId, cumulative, decoded], resolve, reject });
    });
  }

  /** Sends the checks queued this turn, in batches the process takes. */
  flush() {
    const checks = this.queue;
    this.queue = [];
    for (let i = 0; i < checks.length; i += MAX_BATCH) this.send(checks.slice(i, i + MAX_BATCH));
  }

  /** Writes `checks` as one batch, and awaits their verdicts behind those sent before. */
  send(checks) {
    const { helper } = this;
    if (helper.error) {
      checks.forEach(({ reject }) => reject(helper.error));
      return;
    }
    const frame = Buffer.allocUnsafe(4 + checks.reduce((n, { item: [, , , decoded] }) => n + 49 + decoded.bytes.length, 0));
    frame.writeUInt32LE(checks.length, 0);
    let at = 4;
    for (const { item: [account, channelId, cumulative, decoded] } of checks) {
      frame[at] = SCHEME_INDEX[decoded.scheme];
      frame.set(account, at + 1);
      frame.writeBigUInt64LE(BigInt(channelId), at + 33);
      frame.writeBigUInt64LE(BigInt(cumulative), at + 41);
      frame.set(decoded.bytes, at + 49);
      at += 49 + decoded.bytes.length;
    }
    for (const check of checks) helper.waiting.push(check);
    helper.child.stdin.write(frame);
  }

  /** Starts a process: `this.helper`, with its checks awaiting verdicts, oldest first. */
  spawn() {
    const child = spawn(this.binary, ['verify-receipts', '--genesis', this.genesisHash], { stdio: ['pipe', 'pipe', 'pipe'] });
    const helper = { child, waiting: [], next: 0, greeting: Buffer.alloc(0), stderr: '', error: null };
    helper.ready = new Promise((resolve, reject) => Object.assign(helper, { started: resolve, startFailed: reject }));
    helper.ready.catch(() => {});
    child.stderr.on('data', (chunk) => { helper.stderr = (helper.stderr + chunk).slice(-4096); });
    child.stdout.on('data', (chunk) => {
      if (!helper.isReady) {
        helper.greeting = Buffer.concat([helper.greeting, chunk]);
        if (helper.greeting.length < READY.length) return;
        if (!helper.greeting.subarray(0, READY.length).equals(READY)) return fail(new Error(`${this.binary} verify-receipts did not greet as expected`));
        helper.isReady = true;
        helper.started();
        chunk = helper.greeting.subarray(READY.length);
      }
      for (const verdict of chunk) {
        const check = helper.waiting[helper.next++];
        if (!check) return fail(new Error(`${this.binary} verify-receipts answered more checks than it was asked`));
        check.resolve(verdict === 1);
      }
      // The answered checks leave the list now and then, not one by one.
      if (helper.next > 1024 && helper.next * 2 > helper.waiting.length) {
        helper.waiting.splice(0, helper.next);
        helper.next = 0;
      }
    });
    // A failed process refuses what it held; one that had started is replaced, and the checks
    // asked for later go to the new one. One that never started would fail again: every later
    // check is refused with its reason.
    const fail = (error) => {
      if (helper.error) return;
      const detail = helper.stderr.trim();
      helper.error = detail ? new Error(`${error.message}: ${detail}`) : error;
      helper.waiting.slice(helper.next).forEach(({ reject }) => reject(helper.error));
      helper.waiting = [];
      helper.startFailed(helper.error);
      child.kill();
      if (!this.closed && helper.isReady) this.spawn();
    };
    child.on('error', fail);
    child.stdin.on('error', fail);
    // On `close`, once its output is read to the end: verdicts written before it exited count.
    child.on('close', (code, signal) => fail(new Error(`${this.binary} verify-receipts exited with ${code ?? signal}`)));
    this.helper = helper;
  }

  /** Resolves once the process is ready to check, or rejects with why it could not start. */
  async ready() {
    await this.helper.ready;
  }

  /** Stops the process. */
  async close() {
    this.closed = true;
    const { child } = this.helper;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.stdin.end();
    });
  }
}
