// The gateway's chain client, on a worker thread of its own (chain.js's `ChainLink` starts it).
// It owns the polkadot.js API: the subscriptions to the model, the next channel id, the runtime
// version, the best block and the watched channels, the one-off reads of channels, and the
// `settle_usage` transactions, signed with the operator's key. Their work at each block
// (decoding, rxjs notifications, following the settlement's transaction) then runs beside the
// gateway's thread, which answers queries, rather than on it (docs/performance.md, "At a given
// load").
//
// It posts plain objects to the gateway's thread, in the order they happen: 'model',
// 'nextChannelId', 'runtime', 'head' and 'finalized' (the best and the finalized block's
// numbers) values, the first of each before { type: 'ready', chain }, then as the chain moves;
// 'channel' updates; 'connected' false when the connection to the node drops, and true once it
// is back and the mirror read again; and a 'reply' to each request ({ id, op, ... }: read,
// watch, settle, close).

import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connect, signAndWait } from '../js/fairshare.js';
import { decodeChannel } from '../js/usage.js';

const { ws, modelId, operatorUri } = workerData;

/**
 * The niceness of this thread: on Linux each thread has its own, so its work at each block gives
 * way to the thread answering queries when both want a core. Nothing on it waits for less than
 * a block.
 */
const NICENESS = 10;
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').at(-1)), NICENESS);
} catch {
  // No /proc (not Linux): the thread runs at the gateway's own priority.
}
const post = (message) => parentPort.postMessage(message);

await cryptoWaitReady();
const api = await connect(ws);
const operator = new Keyring({ type: 'sr25519' }).addFromUri(operatorUri);
/** Channel id (string) → { state, unsubscribe }: the channels the gateway watches. */
const watched = new Map();
const unsubscribes = [];
/**
 * How many values each subscription posted, by the value's type ('model', 'nextChannelId') or
 * watched channel id: a value read again after a reconnection is posted only where none came
 * meanwhile (see `readAgain`).
 */
const posted = new Map();
const count = (item) => posted.set(item, (posted.get(item) ?? 0) + 1);

/** The model's fields the gateway checks, or null. */
function modelOf(option) {
  if (option.isNone) return null;
  const model = option.unwrap();
  return { pricePerQuery: model.pricePerQuery.toBigInt(), active: model.status.isActive, owner: model.owner.toString() };
}

/** Subscribes to `query`'s value, posting each as `type` (mapped by `map`); resolves with the first. */
function follow(query, args, type, map) {
  return new Promise((resolve, reject) => {
    query(...args, (value) => {
      const mapped = map(value);
      count(type);
      post({ type, value: mapped });
      resolve(mapped);
    }).then((u) => unsubscribes.push(u), reject);
  });
}

if (!(await follow(api.query.dataContribution.models, [modelId], 'model', modelOf))) throw new Error(`model ${modelId} does not exist`);
await follow(api.query.dataContribution.nextChannelId, [], 'nextChannelId', (next) => next.toBigInt());
await follow(api.rpc.state.subscribeRuntimeVersion, [], 'runtime', (v) => `${v.specName}-${v.specVersion}`);
// Each new best and finalized block: the gateway measures how current its mirror is by the last
// ones' arrival. A node cut off from the network may still author blocks of its own, but GRANDPA
// finalizes none without the others.
await follow(api.rpc.chain.subscribeNewHeads, [], 'head', (header) => header.number.toNumber());
await follow(api.rpc.chain.subscribeFinalizedHeads, [], 'finalized', (header) => header.number.toNumber());
const slotMs = api.consts.aura.slotDuration.toNumber();
/** A closing channel's period, in slots' time, when the gateway started (runtime API 5 on). */
const periods = api.call.dataContributionApi?.periods;
const closePeriodMs = periods ? (await periods()).usageClosePeriod.toNumber() * slotMs : null;

const ops = {
  /** The channel's state now, read once. */
  read: async ({ channel }) => decodeChannel(await api.query.dataContribution.usageChannels(channel)),

  /**
   * Keeps `channel`'s state, `state` now, current by subscription while the channel exists (a
   * closed channel's id is never reused), posting each change; resolves once subscribed.
   */
  watch: async ({ channel, state }) => {
    const key = channel.toString();
    if (watched.has(key)) return;
    const entry = { state };
    watched.set(key, entry);
    try {
      entry.unsubscribe = await api.query.dataContribution.usageChannels(channel, (option) => {
        count(key);
        update(key, entry, decodeChannel(option));
      });
    } catch (e) {
      watched.delete(key);
      throw e;
    }
    // Closed before the subscription's handle came back.
    if (watched.get(key) !== entry) entry.unsubscribe();
  },

  /**
   * Settles `batch` ([channel, cumulative, signature] each) in one `settle_usage` and waits for
   * its block. The answer carries the watched channels of the batch as that block left them
   * (`states`), so that the gateway takes them in the same step as the receipts the chain
   * rejected.
   */
  settle: async ({ batch }) => {
    const tx = api.tx.dataContribution.settleUsage(modelId, batch);
    const { events, blockHash } = await signAndWait(api, tx, operator, { until: 'inBlock' });
    const { event } = events.find(({ event }) => api.events.dataContribution.UsageSettled.is(event));
    const data = event.data;
    let states = [];
    try {
      states = await untilSeen(batch, blockHash);
    } catch (e) {
      // The settlement stands: the subscriptions bring its states later.
      console.error(`[gateway] reading the channels settled in ${blockHash.toHex()} failed: ${e.message}`);
    }
    return {
      blockHash: blockHash.toHex(),
      event: Object.fromEntries(data.names.map((name, i) => [name, data[i].toJSON()])),
      receipts: data.receipts.toNumber(),
      queries: data.queries.toBigInt(),
      rejected: data.rejected.map((r) => [r.index.toNumber(), r.reason.toString()]),
      states,
    };
  },

  /** Unsubscribes and disconnects; the thread ends once it has answered. */
  close: async () => {
    unsubscribes.forEach((u) => u());
    for (const key of [...watched.keys()]) forget(key);
    await api.disconnect();
  },
};

/**
 * Takes `next` (null once the chain removed it) as watched channel `key`'s state, and posts it.
 * A subscription may first report the best block from before a settlement `untilSeen` already
 * applied: the settled count (and the escrow and spending that move with it) only grows; the rest
 * (a close, a top-up) is taken as reported.
 */
function update(key, entry, next) {
  const known = entry.state;
  entry.state = next && known && next.settledQueries < known.settledQueries
    ? { ...next, settledQueries: known.settledQueries, escrow: known.escrow, spent: known.spent }
    : next;
  post({ type: 'channel', channel: key, state: entry.state });
  if (!next) forget(key);
}

/** Drops a channel's subscription. */
function forget(key) {
  const entry = watched.get(key);
  watched.delete(key);
  posted.delete(key);
  entry?.unsubscribe?.();
}

/**
 * Brings the watched channels of `batch` up to block `blockHash`, where they were settled (the
 * subscriptions may not have reported it yet); returns those it moved, as [id, state] pairs.
 */
async function untilSeen(batch, blockHash) {
  const keys = batch.map(([channel]) => channel.toString()).filter((key) => watched.has(key));
  if (keys.length === 0) return [];
  const at = await api.at(blockHash);
  const states = await at.query.dataContribution.usageChannels.multi(keys.map(BigInt));
  const moved = [];
  states.forEach((option, i) => {
    const entry = watched.get(keys[i]);
    const state = decodeChannel(option);
    if (entry && state && (!entry.state || state.settledQueries > entry.state.settledQueries)) {
      entry.state = state;
      moved.push([keys[i], state]);
    }
  });
  return moved;
}

/**
 * Whether the connection to the node is up and the mirror read again since it last came back.
 * polkadot.js reconnects and renews the subscriptions by itself, but what changed while the
 * connection was down comes only as each renewal does. So once the connection is back, the
 * worker reads the model, the next channel id and every watched channel again at the best block
 * before it posts `connected` true. (A renewal the node had not answered when the connection
 * dropped again is lost, and only logged by polkadot.js: that value then stays as last read.
 * docs/usage.md says so.)
 */
let connected = true;
let rejoining = false;
api.on('disconnected', () => {
  if (!connected) return;
  connected = false;
  post({ type: 'connected', value: false });
});
api.on('connected', async () => {
  if (connected || rejoining) return;
  rejoining = true;
  try {
    while (!connected && api.isConnected) {
      try {
        await readAgain();
        connected = true;
        post({ type: 'connected', value: true });
      } catch (e) {
        console.error(`[gateway] reading the chain again after a reconnection failed: ${e.message}`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  } finally {
    rejoining = false;
  }
});

/**
 * Reads the mirror's values again at the best block, and posts each of them unless its
 * subscription posted one meanwhile (a newer one, or the same block's).
 */
async function readAgain() {
  const keys = [...watched.keys()];
  const before = new Map(posted);
  const unchanged = (item) => posted.get(item) === before.get(item);
  const at = await api.at(await api.rpc.chain.getBlockHash());
  const [model, next, channels] = await Promise.all([
    at.query.dataContribution.models(modelId),
    at.query.dataContribution.nextChannelId(),
    keys.length ? at.query.dataContribution.usageChannels.multi(keys.map(BigInt)) : [],
  ]);
  if (unchanged('model')) post({ type: 'model', value: modelOf(model) });
  if (unchanged('nextChannelId')) post({ type: 'nextChannelId', value: next.toBigInt() });
  channels.forEach((option, i) => {
    const entry = watched.get(keys[i]);
    if (entry && unchanged(keys[i])) update(keys[i], entry, decodeChannel(option));
  });
}

parentPort.on('message', ({ id, op, ...args }) => {
  const run = Object.hasOwn(ops, op) ? ops[op](args) : Promise.reject(new Error(`no operation ${op}`));
  run.then(
    (result) => post({ type: 'reply', id, result }),
    // A dispatch error means the chain refused the transaction as a whole, for a fee.
    (e) => post({ type: 'reply', id, error: { message: e.message, stack: e.stack, refused: Boolean(e.dispatchError), reason: e.meta ? e.meta.name : e.message } }),
  ).then(() => op === 'close' && parentPort.close());
});
post({
  type: 'ready',
  chain: {
    genesisHash: api.genesisHash.toHex(),
    maxBatch: api.consts.dataContribution.maxReceiptsPerSettlement.toNumber(),
    operator: operator.address,
    slotMs,
    closePeriodMs,
  },
});
