// The gateway's receipt checks in the node's own code: a `fairshare-node verify-receipts`
// process, which applies the runtime's rule natively (node/src/verify_receipts.rs documents the
// protocol on its stdin and stdout). Checks asked for go out as one batch when the event loop's
// turn ends, unless the process has not greeted yet or `MAX_BATCHES_IN_FLIGHT` batches await
// their verdicts: then they wait for the greeting or the next answer, and go out together. The
// busier the process, the larger its batches, which it verifies together. It answers the
// batches in order, each with its count and a byte a check. docs/performance.md ("The gateway at
// inference speed") measures it beside `VerifierPool`.

import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { decodeAddress } from '@polkadot/util-crypto';
import { MAX_CACHED_ACCOUNTS, cached } from './verify.js';

/** The protocol the process speaks: its greeting's first word. */
const PROTOCOL = 'FSRCPT2';
/** The longest greeting line taken. */
const MAX_GREETING = 256;
/** `MultiSignature`'s index of each scheme. */
const SCHEME_INDEX = { ed25519: 0, sr25519: 1, ecdsa: 2 };
/**
 * A failed process is replaced at once; when the replacement fails too, after this wait, which
 * doubles with each further failure in a row, up to `MAX_RESTART_MS`.
 */
const FIRST_RESTART_MS = 100;
const MAX_RESTART_MS = 10_000;
/**
 * How long the process may take to start, or go without writing a verdict while checks wait,
 * before it is taken as stalled (killed, and replaced), and how long `close` waits for it to exit.
 */
const ANSWER_DEADLINE_MS = 5_000;
/** The most batches written and not yet answered; checks asked for beyond them wait. */
const MAX_BATCHES_IN_FLIGHT = 2;

/** A check's record in a batch: the scheme's index, the account, the two counts, the signature. */
function record(account, channelId, cumulative, decoded) {
  const scheme = SCHEME_INDEX[decoded.scheme];
  if (scheme === undefined || account.length !== 32) throw new Error(`not a check verify-receipts takes: a ${decoded.scheme} signature, a ${account.length}-byte account`);
  const bytes = Buffer.allocUnsafe(49 + decoded.bytes.length);
  bytes[0] = scheme;
  bytes.set(account, 1);
  bytes.writeBigUInt64LE(BigInt(channelId), 33);
  bytes.writeBigUInt64LE(BigInt(cumulative), 41);
  bytes.set(decoded.bytes, 49);
  return bytes;
}

/**
 * Checks receipts with `binary verify-receipts`, the same interface as `VerifierPool`. A process
 * that fails (exits, answers out of turn, stalls for `deadlineMs`, or, as a replacement, names
 * another runtime than the first) refuses the checks it held with an error (the gateway answers
 * 500, and the consumer sends the receipt again) and is replaced (`fail`), unless the first
 * never started. Each failure is logged with `log`.
 */
export class NativeVerifier {
  constructor(genesisHash, binary, { log = () => {}, deadlineMs = ANSWER_DEADLINE_MS } = {}) {
    Object.assign(this, { genesisHash, binary, log, deadlineMs });
    /** `address`'s 32 account bytes. */
    this.account = cached(MAX_CACHED_ACCOUNTS, decodeAddress);
    this.queue = [];
    this.closed = false;
    /** The runtime whose rule the process applies (`fairshare-109`), once it greeted. */
    this.runtime = null;
    this.maxBatch = 1;
    this.failuresInARow = 0;
    this.watchdog = setInterval(() => this.checkDeadline(), Math.min(1_000, deadlineMs)).unref();
    this.spawn();
  }

  /** Resolves with whether `decoded` is `address`'s signature on the receipt for `channelId` at `cumulative`. */
  verify(address, channelId, cumulative, decoded) {
    if (this.closed) return Promise.reject(new Error('the native verifier is closed'));
    let bytes;
    try {
      bytes = record(this.account(address), channelId, cumulative, decoded);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => this.flush());
      this.queue.push({ bytes, resolve, reject });
    });
  }

  /**
   * Sends the queued checks, in batches the process takes, while fewer than
   * `MAX_BATCHES_IN_FLIGHT` are unanswered and the process has greeted, or always with `all`;
   * the rest wait for the next answer. A failed process refuses them all.
   */
  flush(all = false) {
    const { helper } = this;
    const open = () => all || helper.error || (helper.isReady && helper.batches.length < MAX_BATCHES_IN_FLIGHT);
    while (this.queue.length > 0 && open()) this.send(this.queue.splice(0, this.maxBatch));
  }

  /**
   * Writes `checks` as one batch, and awaits their verdicts behind those sent before. A process
   * still starting reads it once it has greeted.
   */
  send(checks) {
    const { helper } = this;
    if (helper.error) {
      checks.forEach(({ reject }) => reject(helper.error));
      return;
    }
    const count = Buffer.allocUnsafe(4);
    count.writeUInt32LE(checks.length, 0);
    // An idle process's clock starts with the batch: see `checkDeadline`.
    if (helper.batches.length === 0) helper.progressAt = performance.now();
    helper.batches.push({ checks, answered: -1 });
    helper.child.stdin.write(Buffer.concat([count, ...checks.map(({ bytes }) => bytes)]));
  }

  /** Starts a process: `this.helper`, with its batches awaiting answers, oldest first. */
  spawn() {
    const child = spawn(this.binary, ['verify-receipts', '--genesis', this.genesisHash], { stdio: ['pipe', 'pipe', 'pipe'] });
    const helper = { child, batches: [], rest: Buffer.alloc(0), stderr: '', error: null, isReady: false, progressAt: performance.now() };
    helper.ready = new Promise((resolve, reject) => Object.assign(helper, { started: resolve, startFailed: reject }));
    helper.ready.catch(() => {});
    helper.fail = (error) => this.fail(helper, error);
    child.stderr.on('data', (chunk) => { helper.stderr = (helper.stderr + chunk).slice(-4096); });
    child.stdout.on('data', (chunk) => {
      try {
        this.read(helper, chunk);
      } catch (e) {
        helper.fail(e);
      }
      this.flush();
    });
    child.on('error', helper.fail);
    child.stdin.on('error', helper.fail);
    // On `close`, once its output is read to the end: verdicts written before it exited count.
    child.on('close', (code, signal) => helper.fail(new Error(`${this.binary} verify-receipts exited with ${code ?? signal}`)));
    this.helper = helper;
  }

  /** Takes `chunk` of `helper`'s output: its greeting first, then each batch's count and verdicts. */
  read(helper, chunk) {
    let data = helper.rest.length > 0 ? Buffer.concat([helper.rest, chunk]) : chunk;
    if (!helper.isReady) {
      const end = data.indexOf(0x0a);
      if (end < 0) {
        if (data.length > MAX_GREETING) throw new Error(`${this.binary} verify-receipts did not greet as expected`);
        helper.rest = data;
        return;
      }
      this.greeted(helper, data.subarray(0, end).toString('latin1'));
      data = data.subarray(end + 1);
    }
    let at = 0;
    while (at < data.length) {
      const batch = helper.batches[0];
      if (!batch) throw new Error(`${this.binary} verify-receipts answered more checks than it was asked`);
      if (batch.answered < 0) {
        if (data.length - at < 4) break;
        const count = data.readUInt32LE(at);
        if (count !== batch.checks.length) throw new Error(`${this.binary} verify-receipts answered a batch of ${count} for one of ${batch.checks.length}`);
        at += 4;
        batch.answered = 0;
      }
      const n = Math.min(batch.checks.length - batch.answered, data.length - at);
      for (let i = 0; i < n; i++) batch.checks[batch.answered + i].resolve(data[at + i] === 1);
      batch.answered += n;
      at += n;
      if (batch.answered < batch.checks.length) break;
      helper.batches.shift();
      // A process that answers a whole batch works: the next failure is a first one again.
      this.failuresInARow = 0;
    }
    if (at > 0) helper.progressAt = performance.now();
    helper.rest = data.subarray(at);
  }

  /** `helper`'s greeting `line`: `FSRCPT2 runtime=NAME-VERSION max_batch=N`. */
  greeted(helper, line) {
    const [protocol, ...fields] = line.split(' ');
    const { runtime, max_batch: maxBatch } = Object.fromEntries(fields.map((field) => field.split('=')));
    if (protocol !== PROTOCOL || !runtime || !/^[1-9][0-9]{0,8}$/.test(maxBatch ?? '')) {
      throw new Error(`${this.binary} verify-receipts did not greet as expected: ${JSON.stringify(line.slice(0, 80))}`);
    }
    // A replacement started from a binary replaced on disk may apply another runtime's rule:
    // refused (and retried) until it is the runtime the gateway checked against the chain's.
    if (this.runtime && runtime !== this.runtime) {
      throw new Error(`${this.binary} verify-receipts now checks by runtime ${runtime}, not ${this.runtime}: refused`);
    }
    if (this.runtime) this.log(`${this.binary} verify-receipts is checking again`);
    Object.assign(this, { runtime, maxBatch: Number(maxBatch) });
    helper.isReady = true;
    helper.started({ runtime });
  }

  /**
   * `helper` failed with `error`: it refuses what it held and is killed. Unless the verifier is
   * closed or its first process never started, another replaces it: at once after one failure,
   * after a wait that doubles with each further failure in a row (a binary replaced on disk by
   * one that does not start, say); checks asked for meanwhile are refused with this error.
   */
  fail(helper, error) {
    if (helper.error) return;
    const detail = helper.stderr.trim();
    helper.error = detail ? new Error(`${error.message}: ${detail}`) : error;
    for (const { checks, answered } of helper.batches) checks.slice(Math.max(answered, 0)).forEach(({ reject }) => reject(helper.error));
    helper.batches = [];
    helper.startFailed(helper.error);
    helper.child.kill('SIGKILL');
    if (this.closed) return;
    this.log(`${helper.error.message}`);
    if (this.runtime) this.replace();
    // Checks it was not yet sent go to its replacement, or are refused with its error.
    this.flush();
  }

  /** Starts another process: at once after one failure, later after more in a row. */
  replace() {
    this.failuresInARow += 1;
    if (this.failuresInARow === 1) {
      this.log(`starting another ${this.binary} verify-receipts`);
      this.spawn();
      return;
    }
    const wait = Math.min(MAX_RESTART_MS, FIRST_RESTART_MS * 2 ** (this.failuresInARow - 2));
    this.log(`starting another ${this.binary} verify-receipts in ${wait} ms (${this.failuresInARow} failures in a row)`);
    this.restart = setTimeout(() => this.closed || this.spawn(), wait);
  }

  /**
   * Fails the process if it has not greeted within `deadlineMs` of starting, or, with checks
   * waiting, has written no verdict for `deadlineMs`: a stall, not a long queue, which it keeps
   * answering.
   */
  checkDeadline() {
    const { helper } = this;
    if (helper.error) return;
    const idle = performance.now() - helper.progressAt;
    if (!helper.isReady && idle > this.deadlineMs) {
      helper.fail(new Error(`${this.binary} verify-receipts did not start within ${this.deadlineMs} ms`));
    } else if (helper.batches.length > 0 && idle > this.deadlineMs) {
      helper.fail(new Error(`${this.binary} verify-receipts answered no check within ${this.deadlineMs} ms`));
    }
  }

  /** Resolves with `{ runtime }` once the process is ready to check, or rejects with why it could not start. */
  ready() {
    return this.helper.ready;
  }

  /**
   * Stops the process once it answered what it was asked (every check queued included): its input
   * ends, and it is killed if it has not exited `deadlineMs` later.
   */
  async close() {
    this.flush(true);
    this.closed = true;
    clearInterval(this.watchdog);
    clearTimeout(this.restart);
    const { child } = this.helper;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), this.deadlineMs);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.stdin.end();
    });
  }
}
