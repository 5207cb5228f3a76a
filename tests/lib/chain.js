// Waits that follow the chain, not the wall clock: each is bounded by a number of blocks (or
// sessions), and fails early when the chain stalls for a number of slots. A wall-clock limit is
// left only where there is no chain to follow yet (a process starting).

import { rpcCall } from './rpc.js';

/** Resolves after `ms` milliseconds. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The chain's slot duration in milliseconds, from the runtime (`AuraApi_slot_duration`). */
export async function slotDurationMs(url) {
  const hex = await rpcCall(url, 'state_call', ['AuraApi_slot_duration', '0x']);
  return Number(Buffer.from(hex.slice(2), 'hex').readBigUInt64LE(0));
}

const headerNumber = (header) => parseInt(header.number, 16);

/** The best block number `url` knows. */
export async function bestNumber(url) {
  return headerNumber(await rpcCall(url, 'chain_getHeader'));
}

/** The finalized block number `url` knows. */
export async function finalizedNumber(url) {
  const hash = await rpcCall(url, 'chain_getFinalizedHead');
  return headerNumber(await rpcCall(url, 'chain_getHeader', [hash]));
}

const slotCache = new Map();
async function slotMs(url) {
  if (!slotCache.has(url)) slotCache.set(url, await slotDurationMs(url));
  return slotCache.get(url);
}

/**
 * Polls `check` (once a second, and at least once a slot) until it returns a truthy value, which
 * it returns. Fails with `what` when `blocks` blocks were built on `url` since the wait began,
 * or when `url`'s `progress` (its best block number by default) stood still for `stallSlots`
 * slots. `url` is the node whose chain paces the wait. An error `check` throws is retried,
 * unless it is marked `fatal` (see `fatal`).
 */
export async function waitBlocks(what, check, { url, blocks, stallSlots = 10, progress = bestNumber }) {
  const slot = await slotMs(url);
  const start = await bestNumber(url);
  let seen = await progress(url);
  let movedAt = Date.now();
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      if (e.fatal) throw e;
      last = e;
    }
    const [best, now] = await Promise.all([bestNumber(url), progress(url)]);
    const why = last ? `: ${last.message}` : '';
    if (best - start > blocks) throw new Error(`no ${what} within ${blocks} blocks (#${start} to #${best})${why}`);
    if (now !== seen) {
      seen = now;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > stallSlots * slot) {
      throw new Error(`no ${what}: the chain stood still at #${now} for ${stallSlots} slots${why}`);
    }
    await sleep(Math.min(1000, slot));
  }
}

/**
 * Resolves or rejects as `promise` does, or fails with `what` when `blocks` blocks pass on `url`
 * (or its chain stalls) first: for a promise with no bound of its own, such as an extrinsic's
 * status subscription.
 */
export async function within(what, promise, { url, blocks }) {
  let outcome;
  promise.then((value) => { outcome = { value }; }, (error) => { outcome = { error }; });
  const { value, error } = await waitBlocks(what, async () => outcome, { url, blocks });
  if (error) throw error;
  return value;
}

/** Waits until `url`'s best block is `number` or later: a transaction sent then lands after it. */
export async function untilBlock(url, number) {
  const now = await bestNumber(url);
  return waitBlocks(`block #${number}`, async () => (await bestNumber(url)) >= number,
    { url, blocks: Math.max(0, number - now) + 5 });
}

/**
 * Waits until `url` has finalized `count` blocks beyond what it had. Fails when its finalized
 * head stands still for `stallSlots` slots, or when `count + lag` blocks were built meanwhile.
 */
export async function finalizesMore(url, count = 3, { stallSlots = 10, lag = 20 } = {}) {
  const start = await finalizedNumber(url);
  await waitBlocks(`${count} more finalized blocks after #${start}`,
    async () => (await finalizedNumber(url)) >= start + count,
    { url, blocks: count + lag, stallSlots, progress: finalizedNumber });
}

/**
 * Waits for a freshly started process until `probe` returns a truthy value, which it returns.
 * Only here is the bound wall time: before the process answers there is no chain to follow.
 * `alive()` says whether the process still runs (the wait fails at once when it has exited), and
 * `output()` what it printed, for the failure's message. An error `probe` throws is retried,
 * unless it is marked `fatal`.
 */
export async function waitForStart(what, probe, { timeoutMs = 60_000, alive = () => true, output = () => '' } = {}) {
  const deadline = Date.now() + timeoutMs;
  const printed = () => (output() ? `:\n${output()}` : '');
  for (;;) {
    if (!alive()) throw new Error(`the process exited before ${what}${printed()}`);
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      if (e.fatal) throw e;
    }
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms${printed()}`);
    await sleep(250);
  }
}

/** Waits for a freshly started node to answer `method` over RPC (see `waitForStart`). */
export async function waitForRpc(url, { method = 'system_health', timeoutMs = 60_000, alive = () => true } = {}) {
  const { result } = await waitForStart(`an answer to ${method} from ${url}`, async () => {
    try {
      return { result: await rpcCall(url, method) };
    } catch (e) {
      if (e.rpc) e.fatal = true;
      throw e;
    }
  }, { timeoutMs, alive });
  return result;
}

/** An error that ends a `waitBlocks` at once instead of being retried. */
export function fatal(message) {
  const error = new Error(message);
  error.fatal = true;
  return error;
}
