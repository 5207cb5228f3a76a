// polkadot.js definitions for Fairshare's custom JSON-RPC methods, and a connect helper.
//
//   import { connect } from './clients/js/fairshare.js';
//   const api = await connect('ws://127.0.0.1:9944');
//   const balance = await api.rpc.dataContribution.contributorBalance(address);
//   balance.pending.toBigInt(); // planck
//
// The methods send amounts as decimal strings (a u128 overflows JavaScript numbers); polkadot.js
// decodes them into the metadata's u128. The pallet's calls, storage, events, errors and
// constants need no definitions: polkadot.js reads them from the runtime metadata.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { blake2AsHex, decodeAddress, encodeAddress, randomAsHex } from '@polkadot/util-crypto';
import { hexToU8a, stringToU8a, u8aConcat } from '@polkadot/util';

/**
 * The types of what the `dataContribution_*` methods answer: the JSON of the pallet's view
 * structs (pallets/data-contribution/src/types/views.rs), which polkadot.js decodes with those
 * structs' own types from the runtime metadata, named here as polkadot.js names them. The
 * TypeScript declarations of these names (rpc-types.d.ts) are generated from the same metadata
 * by scripts/rpc-types.mjs.
 */
export const types = {
  FairshareContributorBalance: 'PalletDataContributionViewsContributorBalance',
  FairshareModelReward: 'PalletDataContributionViewsModelReward',
  FairshareReputation: 'PalletDataContributionReputation',
  FairshareDataset: 'PalletDataContributionViewsDatasetView',
  FairshareModel: 'PalletDataContributionViewsModelView',
};

/**
 * The loosest licence terms: any model may use the dataset, commercially and in fine-tunes, with
 * no floor under its contributors' part. What `registerDataset` gives when no terms are passed.
 */
export const OPEN_TERMS = Object.freeze({ commercialUse: true, derivatives: true, minContributorShare: 0 });

const at = { name: 'at', type: 'Hash', isOptional: true };
// A page of a view whose work grows with what others create: after model `start` (in the
// chain's storage order), at most `limit` entries (1 to 1000, the default). See docs/usage.md.
const page = [{ name: 'start', type: 'u64', isOptional: true }, { name: 'limit', type: 'u32', isOptional: true }];

/** The `dataContribution_*` methods, for `ApiPromise.create({ rpc })`. */
export const rpc = {
  dataContribution: {
    contributorBalance: {
      description: "An account's claimable, escrowed, claimed and total earned contributor rewards",
      params: [{ name: 'account', type: 'Text' }, at, ...page],
      type: 'FairshareContributorBalance',
    },
    contributorRewards: {
      description: "An account's claimable and escrowed reward in each model where it holds a position",
      params: [{ name: 'account', type: 'Text' }, at, ...page],
      type: 'Vec<FairshareModelReward>',
    },
    reputation: {
      description: "An account's counts of datasets registered, challenged and slashed",
      params: [{ name: 'account', type: 'Text' }, at],
      type: 'FairshareReputation',
    },
    dataset: {
      description: "A dataset's record, terms and earnings, or null",
      params: [{ name: 'hash', type: 'H256' }, at, ...page],
      type: 'Option<FairshareDataset>',
    },
    model: {
      description: "A model's record, usage, earnings and lineage, or null",
      params: [{ name: 'modelId', type: 'u64' }, at],
      type: 'Option<FairshareModel>',
    },
  },
};

/** Connects to a Fairshare node with the custom RPC definitions registered. */
export async function connect(url = 'ws://127.0.0.1:9944') {
  return ApiPromise.create({ provider: new WsProvider(url), rpc, types, noInitWarn: true });
}

/** The keyless account a PalletId derives ("modl" ‖ id ‖ zero padding): 'fs/proto' is the
 * protocol account, 'fs/dcpot' the pot of unclaimed data rewards. With `sub`, the sub-account
 * ("modl" ‖ id ‖ sub, padded or cut to 32 bytes, as `into_sub_account_truncating` of a byte
 * string): palletAccount('fs/dcpot', 42, 'usage') is the usage channels' escrow. */
export function palletAccount(id, ss58Format = 42, sub = '') {
  const bytes = u8aConcat(stringToU8a('modl'), stringToU8a(id), stringToU8a(sub), new Uint8Array(32));
  return encodeAddress(bytes.subarray(0, 32), ss58Format);
}

/** How many slots may pass without a new block before a wait fails: the chain has stalled. */
export const STALL_SLOTS = 10;

/**
 * Calls `onStall` when `STALL_SLOTS` slots of `api`'s chain (a slot is twice the timestamp's
 * minimum period) pass without `alive()` being called; `stop()` ends the watch.
 */
function stallWatch(api, onStall) {
  // A slot is never taken as shorter than a second, whatever the runtime's minimum period.
  const slotMs = Math.max(1_000, 2 * api.consts.timestamp.minimumPeriod.toNumber());
  let timer;
  let stopped = false;
  const alive = () => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(onStall, STALL_SLOTS * slotMs);
  };
  alive();
  return { alive, stop: () => { stopped = true; clearTimeout(timer); } };
}

/**
 * Follows `api`'s new heads until `onHead(header, wait)` or `begin(wait)` settles the wait with
 * `wait.resolve(value)` or `wait.reject(error)`; rejects on its own when no block comes for
 * `STALL_SLOTS` slots, saying it was waiting for `what`. `wait.keep(unsubscribe)` registers a
 * subscription to end once the wait settles. Settles once; every subscription ends with it.
 */
function followChain(api, what, { onHead = () => {}, begin = () => {} }) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const unsubs = [];
    const done = (f, v) => {
      if (settled) return;
      settled = true;
      stall.stop();
      unsubs.forEach((u) => u());
      f(v);
    };
    const wait = {
      resolve: (v) => done(resolve, v),
      reject: (e) => done(reject, e),
      keep: (u) => { if (settled) u(); else unsubs.push(u); },
    };
    const stall = stallWatch(api, () => wait.reject(
      new Error(`no new block for ${STALL_SLOTS} slots while waiting for ${what}: the chain has stalled`)));
    api.rpc.chain.subscribeNewHeads((header) => {
      if (settled) return;
      stall.alive();
      onHead(header, wait);
    }).then(wait.keep, wait.reject);
    begin(wait);
  });
}

/**
 * Signs and sends `tx`; resolves with { events, blockHash } once it is in a block
 * (`until: 'inBlock'`) or finalized (the default). Rejects with the dispatch error, whose `meta`
 * is the pallet error as `api.registry.findMetaError` gives it and whose `events` are the
 * transaction's events (the fee is paid even when the call fails). Rejects, too, when
 * `maxBlocks` blocks are built after submission without the transaction getting there, and when
 * no block comes for `STALL_SLOTS` slots: the wait follows the chain, not the clock.
 */
export function signAndWait(api, tx, signer, { until = 'finalized', maxBlocks = until === 'inBlock' ? 20 : 40, ...options } = {}) {
  const goal = until === 'inBlock' ? 'in a block' : 'finalized';
  let first;
  return followChain(api, `a transaction to be ${goal}`, {
    onHead: (header, wait) => {
      const number = header.number.toNumber();
      first ??= number;
      if (number - first > maxBlocks) wait.reject(new Error(`transaction not ${goal} within ${maxBlocks} blocks`));
    },
    begin: (wait) => tx.signAndSend(signer, options, (result) => {
      if (result.dispatchError) {
        const error = new Error(describeDispatchError(api, result.dispatchError));
        error.dispatchError = result.dispatchError;
        error.meta = result.dispatchError.isModule
          ? api.registry.findMetaError(result.dispatchError.asModule)
          : null;
        error.events = result.events;
        // The block it failed in (included, its fee paid).
        if (result.status.isInBlock) error.blockHash = result.status.asInBlock;
        else if (result.status.isFinalized) error.blockHash = result.status.asFinalized;
        wait.reject(error);
      } else if (result.status.isFinalized || (until === 'inBlock' && result.status.isInBlock)) {
        const blockHash = result.status.isFinalized ? result.status.asFinalized : result.status.asInBlock;
        wait.resolve({ events: result.events, blockHash });
      } else if (result.isError) {
        wait.reject(new Error(`transaction failed: ${result.status.type}`));
      }
    }).then(wait.keep, wait.reject),
  });
}

/**
 * The commitment that `registerDataset(hash, salt, …)` by `owner` reveals:
 * blake2_256(SCALE((b"fairshare/commit/v1", hash, owner, salt))), that is the tag's 19 bytes
 * (no length prefix), the 32-byte hash, the 32-byte account id and the 32-byte salt.
 */
export function datasetCommitment(hash, owner, salt) {
  const preimage = u8aConcat(stringToU8a('fairshare/commit/v1'), hexToU8a(hash), decodeAddress(owner), hexToU8a(salt));
  return blake2AsHex(preimage, 256);
}

/**
 * Registers dataset `hash` by commit–reveal, so that nobody who sees it in the pool can take it:
 * commits (with a fresh random salt unless one is given), waits for the commitment's block, then
 * reveals in a later block. Resolves with the reveal's { events, blockHash, salt }.
 */
export async function registerDataset(api, signer, hash, contributors, metadata, { salt = randomAsHex(32), until = 'inBlock', terms = OPEN_TERMS } = {}) {
  const commitment = datasetCommitment(hash, signer.address, salt);
  await signAndWait(api, api.tx.dataContribution.commitDataset(commitment), signer, { until: 'inBlock' });
  const revealed = await signAndWait(api, api.tx.dataContribution.registerDataset(hash, salt, contributors, metadata, terms), signer, { until });
  return { ...revealed, salt };
}

/**
 * Waits until the registrations of `hashes` can no longer be displaced (`RevealWindow` blocks
 * after each), so that models may reference them. Bounded by the window itself, and fails when
 * no block comes for `STALL_SLOTS` slots.
 */
export async function untilSettled(api, hashes) {
  // Runtimes from API version 5 on read the window from their parameters; older ones had it
  // as a metadata constant.
  const periods = api.call.dataContributionApi?.periods;
  const window = periods
    ? (await periods()).revealWindow.toNumber()
    : api.consts.dataContribution.revealWindow.toNumber();
  let last = 0;
  for (const hash of hashes) {
    const dataset = (await api.query.dataContribution.datasets(hash)).unwrap();
    last = Math.max(last, dataset.registeredAt.toNumber() + window - 1);
  }
  await followChain(api, `block ${last}`, {
    onHead: (header, wait) => { if (header.number.toNumber() >= last) wait.resolve(); },
  });
}

/** "Section.Name" for a module error, the error's string otherwise. */
export function describeDispatchError(api, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name } = api.registry.findMetaError(dispatchError.asModule);
    return `${section}.${name}`;
  }
  return dispatchError.toString();
}

/** The fee a finalized transaction paid, tip included, from its TransactionFeePaid event. */
export function feePaid(api, events) {
  const fee = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
  if (!fee) throw new Error('no TransactionFeePaid event');
  // `actualFee` already includes the tip.
  return fee.event.data.actualFee.toBigInt();
}
