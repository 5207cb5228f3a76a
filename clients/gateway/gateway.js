// The reference operator gateway: an HTTP service an operator runs beside its model. Each request
// carries a usage receipt; the gateway checks it against the chain before it answers, keeps the
// latest receipt per channel, and settles the pending ones in one `settle_usage` every
// `settleEveryMs` milliseconds or `settleEveryReceipts` receipts. docs/usage.md describes the
// protocol; clients/js/usage.js is the consumer's side.
//
// Endpoints (JSON):
//   POST /query   { channel, cumulative, signature, input } → 200 { answer, channel, cumulative, charge }
//                 or 4xx { reason, message }, reason one of the pallet's ReceiptRejection names
//                 (UnknownChannel, WrongModel, BadSignature, NotAboveSettled, PriceAboveMax,
//                 EscrowExhausted), ChannelClosing, ModelNotActive, BadRequest, or 503
//                 SettlementRefused once the chain refused a whole settlement (see below), or
//                 503 ChainStale while it cannot see the chain (see below)
//   POST /settle  settles what is pending now → { settled: [UsageSettled events as JSON] }
//   GET  /stats   what the gateway accepted, refused and settled, the batches the chain refused
//                 (refusedBatches), how many channels it watches (channelsWatched), how many
//                 reads of other channels its queries sent the node (channelReads), the best
//                 and the finalized block it knows (head, finalized) and how long ago each came
//                 (headAgeMs, finalizedAgeMs), and whether its connection to the node is up
//                 (connected)
// /settle and /stats answer only requests from the loopback interface.
//
// With `receiptsFile`, every accepted receipt is appended to that file before the answer goes
// out, and a restarted gateway reloads the latest receipt per channel from it, so that a crash
// loses no revenue and a consumer cannot reuse counts it was answered for.
//
// The gateway trusts nothing but the chain: the channel's consumer, model, escrow, price limit
// and settled count are read from storage, and kept current by subscription once the channel's
// first receipt is accepted (a channel that fails a check is read, not watched, so that strangers
// cannot make the gateway subscribe; queries of one such channel share one read a block). A
// receipt it accepts is one the pallet settles at the price it quoted, unless the operator
// changes the price before the settlement (the chain charges the price at settlement: a higher
// one, within the channel's limit, charges more than quoted or leaves the escrow short, and the
// receipt is refused) or retires the model.
//
// The mirror is as current as the node's blocks reach the gateway. While the connection to the
// node is down (and until the mirror is read again once it is back: chain-worker.js), or no new
// block came, or none was finalized, for `maxHeadAgeMs` (the node stopped, or is cut off from
// the network), the gateway answers every query with 503 ChainStale: a channel closing, say,
// would go unseen. What it answers without seeing the chain is so bounded by that time.
//
// A settlement the chain refuses as a whole (the transaction failed: the model retired or given
// to another owner, say) would fail again, each time for a fee: the gateway then stops settling
// and answers every query with 503 SettlementRefused, keeping its receipts (and their file) for
// the operator, who restarts it once the cause is mended. A receipt the chain refuses on its own
// (listed in `rejected`) stops its channel, unless it was only settled already (NotAboveSettled:
// a settlement that timed out here may still have landed).
//
// The chain client (the polkadot.js API, its subscriptions and the settlements) runs on a worker
// thread of its own (chain.js), so that its work at each block does not hold up the queries.

import http from 'node:http';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { blake2AsHex } from '@polkadot/util-crypto';
import { decodeMultiSignature, toU64 } from '../js/usage.js';
import { NativeVerifier } from './native-verifier.js';
import { VerifierPool } from './verify.js';

const MAX_BODY = 16 * 1024;

/** The stand-in model: a deterministic answer to `input`. The metering around it is real. */
export function standInModel(modelId, input) {
  return blake2AsHex(`${modelId}:${input}`, 256);
}

class Refusal extends Error {
  constructor(status, reason, message, extra = {}) {
    super(message);
    Object.assign(this, { status, reason, extra });
  }
}

export class Gateway {
  /**
   * @param chain      an open `ChainLink` (chain.js) for the model served, whose key signs
   *                   `settle_usage`: the model's owner's
   * @param verifyWorkers  worker threads that check signatures (verify.js's `VerifierPool`:
   *                   every core but one by default; 0 checks on the gateway's own thread)
   * @param nativeVerifier  a fairshare-node binary: its `verify-receipts` checks the signatures
   *                   instead (native-verifier.js), and `verifyWorkers` must not be given
   * @param maxHeadAgeMs  the longest time since the last new block, and the last finalized one,
   *                   after which the gateway still answers queries (default 60 s, ten
   *                   6-second slots)
   */
  constructor({ chain, settleEveryMs = 6_000, settleEveryReceipts = 1_000, receiptsFile = null, verifyWorkers, nativeVerifier = null, maxHeadAgeMs = 60_000, log = () => {} }) {
    if (nativeVerifier && verifyWorkers !== undefined) throw new Error('verify workers and a native verifier are two ways to check: give one');
    if (!(Number.isSafeInteger(maxHeadAgeMs) && maxHeadAgeMs > 0)) throw new Error(`maxHeadAgeMs must be a positive whole number of milliseconds, not ${maxHeadAgeMs}`);
    if (chain.closePeriodMs !== null && maxHeadAgeMs + settleEveryMs >= chain.closePeriodMs) {
      log(`maxHeadAgeMs (${maxHeadAgeMs}) and settleEveryMs (${settleEveryMs}) add up to the chain's close period (${chain.closePeriodMs} ms) or more: the receipts of a channel that closes unseen may not be settled before its escrow goes back`);
    }
    if (maxHeadAgeMs < 2 * chain.slotMs) {
      log(`maxHeadAgeMs (${maxHeadAgeMs}) is under two ${chain.slotMs} ms slots: a slot without a block is enough to refuse queries`);
    }
    Object.assign(this, { chain, log, receiptsFile, nativeVerifier });
    this.modelId = chain.modelId;
    this.settleEveryMs = settleEveryMs;
    this.settleEveryReceipts = settleEveryReceipts;
    this.maxHeadAgeMs = maxHeadAgeMs;
    this.stale = false; // whether queries are refused as ChainStale, so that each change is logged once
    this.genesisHash = chain.genesisHash;
    this.maxBatch = chain.maxBatch;
    this.verifyWorkers = verifyWorkers;
    this.verifier = null; // the VerifierPool or NativeVerifier, from `start` to `stop`
    this.closedChannels = new Set(); // ids (strings) of watched channels the chain removed: ids are never reused
    this.channels = new Map(); // channel id (string) → { live: { state }, ready }
    this.receipts = new Map(); // channel id (BigInt) → latest accepted { cumulative, signature }
    this.refusedOnChain = new Map(); // channel id (string) → the reason the chain refused its receipt
    this.foreign = new Set(); // ids (strings) of channels of other models: a channel's model never changes
    this.reads = new Map(); // channel id (string) → the read of an unwatched channel, shared until the next block
    this.halted = null; // why settlements cannot go through, once they cannot (see `halt`)
    // Taken off the link in `stop`: the link may outlive the gateway.
    this.listeners = {
      channel: (key, state) => this.onChannel(key, state),
      // The reads shared until then may be older than the chain.
      head: () => this.reads.clear(),
      connected: () => this.reads.clear(),
      // A frozen mirror would let queries through that the chain no longer pays for.
      failed: (e) => this.halt(`ChainClientFailed: ${e.message}`, this.receipts.size),
    };
    for (const [event, listener] of Object.entries(this.listeners)) chain.on(event, listener);
    this.pending = 0;
    this.settling = null;
    this.stats = { accepted: 0, refused: {}, settlements: 0, receiptsSettled: 0, queriesSettled: '0', rejectedOnChain: 0, refusedBatches: 0, channelReads: 0 };
  }

  /** Starts the verifier and the settlement timer, and listens on `port` at `host`. */
  async start({ port = 0, host = '127.0.0.1' } = {}) {
    this.loadReceipts();
    this.verifier = this.nativeVerifier
      ? new NativeVerifier(this.genesisHash, this.nativeVerifier, { log: (line) => this.log(line) })
      : new VerifierPool(this.genesisHash, { workers: this.verifyWorkers });
    try {
      await this.verifier.ready();
      if (this.nativeVerifier) await this.followRuntime();
    } catch (e) {
      await this.verifier.close();
      throw e;
    }
    this.timer = setInterval(() => this.settle().catch((e) => this.log(`settlement failed: ${e.message}`)), this.settleEveryMs);
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, resolve);
    });
    const address = this.server.address();
    this.url = `http://${address.address}:${address.port}`;
    return this.url;
  }

  /**
   * A native verifier applies the rule of the runtime its binary was built with: it starts only
   * while the chain runs that runtime. Once the chain's runtime changes (an upgrade), the
   * gateway checks with the client library's rule (`VerifierPool`: receipts of the format
   * `fairshare/usage/v1`) until restarted with a binary of the new runtime, and says so in its
   * log. An upgrade that changed the receipt's rule would make that rule stale too: the chain
   * then refuses what the gateway accepted, and the gateway stops serving each such channel
   * (`onRejected`) after one settlement's worth of queries.
   */
  async followRuntime() {
    if (this.chain.runtime !== this.verifier.runtime) {
      throw new Error(`${this.nativeVerifier} checks receipts by runtime ${this.verifier.runtime}, the chain runs ${this.chain.runtime}: give --native-verifier a binary of the chain's runtime`);
    }
    this.listeners.runtime = (now) => {
      if (!(this.verifier instanceof NativeVerifier) || now === this.verifier.runtime) return;
      this.log(`the chain now runs ${now}, ${this.nativeVerifier} checks by ${this.verifier.runtime}: checking with the client library's rule on worker threads until restarted with a binary of ${now}`);
      const stale = this.verifier;
      this.verifier = new VerifierPool(this.genesisHash);
      stale.close();
    };
    this.chain.on('runtime', this.listeners.runtime);
  }

  /** Settles what is pending, then stops serving and checking, and lets go of the chain link. */
  async stop() {
    clearInterval(this.timer);
    try {
      if (this.server?.listening) await new Promise((resolve) => this.server.close(resolve));
      await this.settle();
    } finally {
      for (const [event, listener] of Object.entries(this.listeners)) this.chain.off(event, listener);
      await this.verifier?.close();
    }
  }

  handle(req, res) {
    // With its length, so that the answer goes out in one piece rather than chunked.
    const reply = (status, body) => {
      const text = JSON.stringify(body, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    const fail = (e) => {
      if (e instanceof Refusal) {
        this.stats.refused[e.reason] = (this.stats.refused[e.reason] ?? 0) + 1;
        reply(e.status, { reason: e.reason, message: e.message, ...e.extra });
      } else {
        // The detail (a verifier's path and output, say) goes to the operator's log only.
        this.log(`internal error: ${e.stack}`);
        reply(500, { reason: 'Internal', message: 'the gateway could not check this receipt; send it again' });
      }
    };
    const local = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress);
    if ((req.url === '/stats' || req.url === '/settle') && !local) return reply(403, { reason: 'Forbidden', message: 'operator endpoints answer loopback only' });
    if (req.method === 'GET' && req.url === '/stats') {
      const { head, finalized, connected } = this.chain;
      return reply(200, { ...this.stats, halted: this.halted, channelsWatched: this.channels.size, connected, head, finalized, ...this.chain.ages() });
    }
    if (req.method === 'POST' && req.url === '/settle') {
      return this.settle().then((settled) => reply(200, { settled }), fail);
    }
    if (req.method !== 'POST' || req.url !== '/query') return reply(404, { reason: 'NotFound', message: `${req.method} ${req.url}` });
    readJson(req).then((body) => this.query(body)).then((answer) => reply(200, answer), fail);
  }

  /**
   * Checks a request's receipt, records it, and answers it. The signature may be checked on a
   * worker thread (`VerifierPool`) or in another process (`NativeVerifier`): the cheap checks run before it, so that stale or foreign
   * receipts cost no signature check, and all of them run again after it, on the channel's state
   * then, in the same step as the update, so that receipts of one channel checked side by side
   * cannot both pass. Receipts of one channel sent without waiting for the answers are taken in
   * the order their checks end: an earlier count answered after a later one is refused as
   * NotAboveSettled (with `latest`), and the later one pays for it.
   */
  async query(body) {
    const { channel, cumulative, signature, input = '' } = body ?? {};
    let channelId;
    let count;
    try {
      channelId = toU64(channel, 'channel');
      count = toU64(cumulative, 'cumulative');
    } catch (e) {
      throw new Refusal(400, 'BadRequest', e.message);
    }
    const decoded = decodeMultiSignature(signature);
    if (!decoded) {
      throw new Refusal(400, 'BadRequest', 'signature must be a SCALE MultiSignature in hex (0x00 or 0x01 and 64 bytes, or 0x02 and 65)');
    }
    this.ensureSettling();
    this.ensureCurrent();
    // Only ids the chain handed out are looked up, and a channel of another model once.
    if (channelId >= this.chain.nextChannelId) throw new Refusal(404, 'UnknownChannel', `no channel ${channelId}`);
    if (this.foreign.has(channelId.toString())) throw new Refusal(403, 'WrongModel', `channel ${channelId} pays for another model`);
    const key = channelId.toString();
    const state = await this.channel(channelId);
    this.admit(channelId, state, count);
    // A channel's consumer never changes: the signature is checked against the state read above.
    const signed = await this.verifier.verify(state.consumer, channelId, count, decoded);
    // The channel's state now: live once watched, gone once the chain removed it.
    const entry = this.channels.get(key);
    const now = entry ? entry.live.state : this.closedChannels.has(key) ? null : state;
    const floor = this.admit(channelId, now, count);
    if (!signed) throw new Refusal(401, 'BadSignature', `not ${now.consumer}'s receipt for channel ${channelId} on this chain`);
    const price = this.charge(now, count);

    this.watch(channelId, now);
    this.receipts.set(channelId, { cumulative: count, signature });
    if (this.receiptsFile) appendFileSync(this.receiptsFile, `${JSON.stringify({ channel: key, cumulative: count.toString(), signature })}\n`);
    this.pending += 1;
    this.stats.accepted += 1;
    if (this.pending >= this.settleEveryReceipts) this.settle().catch((e) => this.log(`settlement failed: ${e.message}`));
    return { answer: standInModel(this.modelId, input), channel: key, cumulative: count.toString(), charge: ((count - floor) * price).toString() };
  }

  /**
   * The checks on `count` for channel `channelId` in `state` that need no signature; nothing in
   * it awaits. Returns the count it must be above: the latest accepted or settled.
   */
  admit(channelId, state, count) {
    this.ensureSettling();
    this.ensureCurrent();
    if (!state) throw new Refusal(404, 'UnknownChannel', `no open channel ${channelId}`);
    if (state.modelId !== this.modelId) {
      this.foreign.add(channelId.toString());
      throw new Refusal(403, 'WrongModel', `channel ${channelId} pays for model ${state.modelId}`);
    }
    const refused = this.refusedOnChain.get(channelId.toString());
    if (refused) throw new Refusal(403, refused, `the chain refused this channel's last receipt (${refused})`);
    if (state.closesAt !== null) {
      this.settle().catch((e) => this.log(`settlement failed: ${e.message}`));
      throw new Refusal(410, 'ChannelClosing', `channel ${channelId} is closing at block ${state.closesAt}`);
    }
    const latest = this.receipts.get(channelId)?.cumulative ?? 0n;
    const floor = latest > state.settledQueries ? latest : state.settledQueries;
    if (count <= floor) throw new Refusal(409, 'NotAboveSettled', `cumulative ${count} is not above ${floor}`, { latest: floor.toString() });
    return floor;
  }

  /** The checks of the model's price and the channel's escrow for a signed receipt at `count`; returns the price. */
  charge(state, count) {
    const { model } = this.chain;
    if (!model?.active) throw new Refusal(410, 'ModelNotActive', 'the model is retired');
    const price = model.pricePerQuery;
    if (price > state.maxPricePerQuery) throw new Refusal(402, 'PriceAboveMax', `price ${price} is above the channel's limit ${state.maxPricePerQuery}`);
    const due = (count - state.settledQueries) * price;
    if (due > state.escrow) throw new Refusal(402, 'EscrowExhausted', `${due} due is more than the ${state.escrow} in escrow`);
    return price;
  }

  /** Refuses a query once settling stopped (see `halt`): its receipt could not be settled. */
  ensureSettling() {
    if (this.halted) throw new Refusal(503, 'SettlementRefused', `this gateway's settlements cannot go through (${this.halted}); it settles no more until restarted`);
  }

  /**
   * Refuses a query while the mirror may be behind the chain: the connection to the node is down
   * or not read again since it came back, or no new block came, or none was finalized, for
   * `maxHeadAgeMs`.
   */
  ensureCurrent() {
    const { connected, head, finalized } = this.chain;
    const { headAgeMs: age, finalizedAgeMs: finality } = this.chain.ages();
    const why = !connected ? 'its connection to the node is down, or the chain not read again since it came back'
      : age > this.maxHeadAgeMs ? `no new block came for ${age} ms (#${head} the last), more than its ${this.maxHeadAgeMs}`
        : finality > this.maxHeadAgeMs ? `no block was finalized for ${finality} ms (#${finalized} the last), more than its ${this.maxHeadAgeMs}: the node may be cut off from the network`
          : null;
    if (why === null) {
      if (this.stale) this.log(`it sees the chain again (#${head}): answering queries`);
      this.stale = false;
      return;
    }
    if (!this.stale) this.log(`answering no query until it sees the chain again: ${why}`);
    this.stale = true;
    throw new Refusal(503, 'ChainStale', `this gateway cannot see the chain now: ${why}`);
  }

  /**
   * The state of `channelId`, or null: live for a watched channel, read for another (a channel
   * is watched only once a receipt of it is accepted: see `watch`). The queries of one unwatched
   * channel share its read until the next block; with `fresh`, it is read anew.
   */
  async channel(channelId, { fresh = false } = {}) {
    const key = channelId.toString();
    const entry = this.channels.get(key);
    if (entry) {
      await entry.ready;
      return entry.live.state;
    }
    if (this.closedChannels.has(key)) return null;
    if (fresh) return this.chain.read(channelId);
    let read = this.reads.get(key);
    if (!read) {
      this.stats.channelReads += 1;
      read = this.chain.read(channelId);
      this.reads.set(key, read);
      // A failed read is not shared: the next query reads again.
      read.catch(() => this.reads.get(key) === read && this.reads.delete(key));
    }
    return read;
  }

  /**
   * Keeps `channelId`'s state, `state` now, current by subscription while the channel exists
   * (a closed channel's id is never reused): the chain link reports each change (`onChannel`).
   */
  watch(channelId, state) {
    const key = channelId.toString();
    if (this.channels.has(key)) return;
    const entry = { live: { state } };
    entry.ready = this.chain.watch(channelId, state).catch((e) => {
      this.log(`subscribing to channel ${key} failed: ${e.message}`);
      if (this.channels.get(key) === entry) this.channels.delete(key);
    });
    this.channels.set(key, entry);
  }

  /** A watched channel's state changed to `state`: null once the chain removed it. */
  onChannel(key, state) {
    const entry = this.channels.get(key);
    if (!entry) return;
    entry.live.state = state;
    if (!state) {
      this.closedChannels.add(key);
      this.channels.delete(key);
    }
  }

  /** Reloads the latest receipt per channel from `receiptsFile`. */
  loadReceipts() {
    if (!this.receiptsFile || !existsSync(this.receiptsFile)) return;
    for (const line of readFileSync(this.receiptsFile, 'utf8').split('\n')) {
      if (!line) continue;
      const { channel, cumulative, signature } = JSON.parse(line);
      const [channelId, count] = [BigInt(channel), BigInt(cumulative)];
      if (count > (this.receipts.get(channelId)?.cumulative ?? 0n)) this.receipts.set(channelId, { cumulative: count, signature });
    }
    this.log(`reloaded receipts of ${this.receipts.size} channels from ${this.receiptsFile}`);
  }

  /**
   * Settles every channel's latest receipt above what the chain settled, up to
   * `MaxReceiptsPerSettlement` a transaction, one transaction at a time. Calls made while one
   * runs share the next run. Resolves with the settlements' UsageSettled events.
   */
  settle() {
    if (this.settling) {
      // The next run starts when this one ends, whether it succeeded or not.
      this.next ??= this.settling.catch(() => {}).then(() => { this.next = null; return this.settle(); });
      return this.next;
    }
    this.settling = this.settleNow().finally(() => { this.settling = null; });
    return this.settling;
  }

  async settleNow() {
    if (this.halted) return [];
    // A model the operator retired or gave away settles nothing: stop before paying a fee for it.
    const { model } = this.chain;
    if (!model?.active) {
      this.halt('ModelNotActive', this.receipts.size);
      return [];
    }
    if (model.owner !== this.chain.operator) {
      this.halt('NotOwner', this.receipts.size);
      return [];
    }
    const due = [];
    for (const [channelId, { cumulative, signature }] of this.receipts) {
      // Not a read shared with queries: it may be from before the last settlement.
      const state = await this.channel(channelId, { fresh: true });
      // Receipts the chain settled, or of channels that are gone, are done with.
      if (!state || cumulative <= state.settledQueries) this.receipts.delete(channelId);
      else due.push([channelId, cumulative, signature]);
    }
    this.pending = 0;
    const settled = [];
    for (let i = 0; i < due.length; i += this.maxBatch) {
      const batch = due.slice(i, i + this.maxBatch);
      let result;
      try {
        result = await this.chain.settle(batch);
      } catch (e) {
        // Not included (the pool refused it, or it timed out): sent again next time.
        if (!e.refused) throw e;
        this.stats.refusedBatches += 1;
        this.halt(e.reason, batch.length);
        break;
      }
      this.stats.settlements += 1;
      this.stats.receiptsSettled += result.receipts;
      this.stats.queriesSettled = (BigInt(this.stats.queriesSettled) + result.queries).toString();
      this.stats.rejectedOnChain += result.rejected.length;
      for (const [index, reason] of result.rejected) this.onRejected(batch[index], reason);
      // The block's own states, which the subscriptions may not have reported yet, so that the
      // next checks see the settlement.
      for (const [key, state] of result.states) this.onChannel(key, state);
      for (const [channelId] of batch) this.reads.delete(channelId.toString());
      settled.push({ blockHash: result.blockHash, ...result.event });
    }
    return settled;
  }

  /**
   * A settlement of `receipts` receipts cannot go through, for `reason` (the chain refused one as
   * a whole, or the model is retired or no longer the operator's): another would fail alike, each
   * for a fee, so the gateway settles no more and refuses queries. The receipts stay, in memory
   * and in the receipts file, for the operator.
   */
  halt(reason, receipts) {
    this.log(`settlement of ${receipts} receipts cannot go through: ${reason}; settling stops until a restart`);
    this.halted = reason;
  }

  /**
   * The chain refused receipt `[channelId, cumulative]` on its own, for `reason`. One it had
   * settled already (a settlement that timed out here and landed after all) is done with;
   * another should never happen, since the gateway checks what the chain checks: the channel is
   * served no more. A later receipt accepted meanwhile stays.
   */
  onRejected([channelId, cumulative], reason) {
    if (this.receipts.get(channelId)?.cumulative === cumulative) this.receipts.delete(channelId);
    if (reason === 'NotAboveSettled') return;
    this.log(`receipt for channel ${channelId} rejected on chain: ${reason}`);
    this.refusedOnChain.set(channelId.toString(), reason);
  }
}

/** Reads a JSON body of at most MAX_BODY bytes. */
function readJson(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Refusal(413, 'BadRequest', `body over ${MAX_BODY} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new Refusal(400, 'BadRequest', 'the body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}
