// polkadot.js definitions for Fairshare's custom JSON-RPC methods, and a connect helper.
//
//   import { connect } from './clients/js/fairshare.js';
//   const api = await connect('ws://127.0.0.1:9944');
//   const balance = await api.rpc.dataContribution.contributorBalance(address);
//   balance.pending.toString(); // planck, as a decimal string
//
// Amounts are decimal strings (a u128 overflows JavaScript numbers): use BigInt(x.toString()).
// The pallet's calls, storage, events, errors and constants need no definitions: polkadot.js
// reads them from the runtime metadata.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { encodeAddress } from '@polkadot/util-crypto';
import { stringToU8a, u8aConcat } from '@polkadot/util';

/** Types of the JSON the `dataContribution_*` methods return. */
export const types = {
  FairshareContributorBalance: { pending: 'Text', escrowed: 'Text', claimed: 'Text', earned: 'Text' },
  FairshareModelReward: { modelId: 'u64', pending: 'Text', escrowed: 'Text' },
  FairshareReputation: { registered: 'u32', challenged: 'u32', slashed: 'u32' },
  FairshareContributor: { account: 'Text', share: 'u32' },
  FairshareDataset: {
    datasetHash: 'H256',
    owner: 'Text',
    contributors: 'Vec<FairshareContributor>',
    metadata: 'Text',
    deposit: 'Text',
    status: 'Text',
    registeredAt: 'u64',
    models: 'u32',
    earned: 'Text',
  },
  FairshareModelDataset: { dataset: 'H256', weight: 'u32' },
  FairshareModel: {
    modelId: 'u64',
    owner: 'Text',
    datasets: 'Vec<FairshareModelDataset>',
    pricePerQuery: 'Text',
    ownerShare: 'u32',
    metadata: 'Text',
    deposit: 'Text',
    status: 'Text',
    queriesServed: 'u64',
    totalPaid: 'Text',
    dataPaid: 'Text',
    claimed: 'Text',
  },
};

const at = { name: 'at', type: 'Hash', isOptional: true };

/** The `dataContribution_*` methods, for `ApiPromise.create({ rpc })`. */
export const rpc = {
  dataContribution: {
    contributorBalance: {
      description: "An account's claimable, escrowed, claimed and total earned contributor rewards",
      params: [{ name: 'account', type: 'Text' }, at],
      type: 'FairshareContributorBalance',
    },
    contributorRewards: {
      description: "An account's claimable and escrowed reward in each model where it holds a position",
      params: [{ name: 'account', type: 'Text' }, at],
      type: 'Vec<FairshareModelReward>',
    },
    reputation: {
      description: "An account's counts of datasets registered, challenged and slashed",
      params: [{ name: 'account', type: 'Text' }, at],
      type: 'FairshareReputation',
    },
    dataset: {
      description: "A dataset's record and earnings, or null",
      params: [{ name: 'hash', type: 'H256' }, at],
      type: 'Option<FairshareDataset>',
    },
    model: {
      description: "A model's record, usage and earnings, or null",
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
 * protocol account, 'fs/dcpot' the pot of unclaimed data rewards. */
export function palletAccount(id, ss58Format = 42) {
  return encodeAddress(u8aConcat(stringToU8a('modl'), stringToU8a(id), new Uint8Array(20)), ss58Format);
}

/**
 * Signs and sends `tx`; resolves with { events, blockHash } once it is in a block
 * (`until: 'inBlock'`) or finalized (the default). Rejects with the dispatch error, whose `meta`
 * is the pallet error as `api.registry.findMetaError` gives it and whose `events` are the
 * transaction's events (the fee is paid even when the call fails).
 */
export function signAndWait(api, tx, signer, { until = 'finalized' } = {}) {
  return new Promise((resolve, reject) => {
    let unsub;
    const done = (f, v) => { if (unsub) unsub(); f(v); };
    tx.signAndSend(signer, (result) => {
      if (result.dispatchError) {
        const error = new Error(describeDispatchError(api, result.dispatchError));
        error.dispatchError = result.dispatchError;
        error.meta = result.dispatchError.isModule
          ? api.registry.findMetaError(result.dispatchError.asModule)
          : null;
        error.events = result.events;
        done(reject, error);
      } else if (result.status.isFinalized || (until === 'inBlock' && result.status.isInBlock)) {
        const blockHash = result.status.isFinalized ? result.status.asFinalized : result.status.asInBlock;
        done(resolve, { events: result.events, blockHash });
      } else if (result.isError) {
        done(reject, new Error(`transaction failed: ${result.status.type}`));
      }
    }).then((u) => { unsub = u; }, reject);
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

/** The fee a finalized transaction paid, from its TransactionFeePaid event. */
export function feePaid(api, events) {
  const fee = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
  if (!fee) throw new Error('no TransactionFeePaid event');
  return fee.event.data.actualFee.toBigInt() + fee.event.data.tip.toBigInt();
}
