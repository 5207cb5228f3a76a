// Type declarations for fairshare.js: the @polkadot/api definitions of Fairshare's
// `dataContribution_*` JSON-RPC methods (typed on `api.rpc.dataContribution`), and the helpers.

import '@polkadot/rpc-core/types/jsonrpc';
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic, SignerOptions } from '@polkadot/api/types';
import type { AugmentedRpc } from '@polkadot/rpc-core/types';
import type { Bool, Option, Struct, Text, u32, u64, Vec } from '@polkadot/types-codec';
import type { AnyNumber } from '@polkadot/types-codec/types';
import type { BlockHash, DispatchError, EventRecord, H256 } from '@polkadot/types/interfaces';
import type { IKeyringPair, RegistryError } from '@polkadot/types/types';
import type { Observable } from 'rxjs';

/** Amounts are planck as decimal strings (a u128 overflows JavaScript numbers). */
export interface FairshareContributorBalance extends Struct {
  readonly pending: Text;
  readonly escrowed: Text;
  readonly claimed: Text;
  readonly earned: Text;
  /** The `start` of the next page of positions; `None` on the last. */
  readonly next: Option<u64>;
}

export interface FairshareModelReward extends Struct {
  readonly modelId: u64;
  readonly pending: Text;
  readonly escrowed: Text;
}

export interface FairshareReputation extends Struct {
  readonly registered: u32;
  readonly challenged: u32;
  readonly slashed: u32;
}

export interface FairshareContributor extends Struct {
  readonly account: Text;
  /** Parts per billion. */
  readonly share: u32;
  readonly confirmed: Bool;
}

/** A dataset's licence terms, or the terms a model was registered under. */
export interface FairshareTerms extends Struct {
  readonly commercialUse: Bool;
  readonly derivatives: Bool;
  /** Parts per billion. */
  readonly minContributorShare: u32;
}

export interface FairshareModelParent extends Struct {
  readonly modelId: u64;
  /** The part of the derivative's data reward that goes to this parent, in parts per billion. */
  readonly royalty: u32;
}

export interface FairshareDataset extends Struct {
  readonly datasetHash: H256;
  readonly owner: Text;
  readonly contributors: Vec<FairshareContributor>;
  readonly metadata: Text;
  readonly deposit: Text;
  /** Active, Withdrawn, Challenged, Slashed or Reattributed. */
  readonly status: Text;
  readonly registeredAt: u64;
  readonly withdrawnAt: Option<u64>;
  readonly rightful: Option<Text>;
  readonly models: u32;
  readonly earned: Text;
  readonly next: Option<u64>;
  /** `None` at a block of a runtime from before terms existed. */
  readonly terms: Option<FairshareTerms>;
}

export interface FairshareModelDataset extends Struct {
  readonly dataset: H256;
  readonly weight: u32;
}

export interface FairshareModel extends Struct {
  readonly modelId: u64;
  readonly owner: Text;
  readonly datasets: Vec<FairshareModelDataset>;
  readonly pricePerQuery: Text;
  /** Parts per billion. */
  readonly ownerShare: u32;
  readonly metadata: Text;
  readonly deposit: Text;
  /** Active or Retired. */
  readonly status: Text;
  readonly queriesServed: u64;
  readonly totalPaid: Text;
  readonly dataPaid: Text;
  readonly claimed: Text;
  /** The owner's part of its payments, waiting in the pot for `claimModelRevenue`. */
  readonly ownerPending: Text;
  /** The protocol's part, waiting in the pot for `claimModelRevenue`. */
  readonly protocolPending: Text;
  /** The models it was derived from, with their royalties. */
  readonly parents: Vec<FairshareModelParent>;
  /** How many models its payments' royalties reach, counted along every path. */
  readonly ancestors: u32;
  /** How many models name it as a parent. */
  readonly derivatives: u32;
  /** The terms fixed at its registration; `None` before terms existed. */
  readonly terms: Option<FairshareTerms>;
  /** What its derivatives' royalties brought into its data reward (part of `dataPaid`). */
  readonly royaltiesReceived: Text;
}

type Account = Text | string;
type At = BlockHash | string | Uint8Array;
type Start = u64 | AnyNumber;
type Limit = u32 | AnyNumber;

declare module '@polkadot/rpc-core/types/jsonrpc' {
  interface RpcInterface {
    dataContribution: {
      contributorBalance: AugmentedRpc<(account: Account, at?: At, start?: Start, limit?: Limit) => Observable<FairshareContributorBalance>>;
      contributorRewards: AugmentedRpc<(account: Account, at?: At, start?: Start, limit?: Limit) => Observable<Vec<FairshareModelReward>>>;
      reputation: AugmentedRpc<(account: Account, at?: At) => Observable<FairshareReputation>>;
      dataset: AugmentedRpc<(hash: H256 | string | Uint8Array, at?: At, start?: Start, limit?: Limit) => Observable<Option<FairshareDataset>>>;
      model: AugmentedRpc<(modelId: u64 | AnyNumber, at?: At) => Observable<Option<FairshareModel>>>;
    };
  }
}

/** The JSON types of the methods' answers, for `ApiPromise.create({ types })`. */
export declare const types: Record<string, Record<string, string>>;
/** The method definitions, for `ApiPromise.create({ rpc })`. */
export declare const rpc: Record<string, Record<string, unknown>>;

/** Connects to a Fairshare node with the custom RPC definitions registered. */
export declare function connect(url?: string): Promise<ApiPromise>;

/** The keyless account a PalletId derives: 'fs/proto' is the protocol account, 'fs/dcpot' the pot;
 * with `sub`, its sub-account (`'usage'` of 'fs/dcpot' is the usage channels' escrow). */
export declare function palletAccount(id: string, ss58Format?: number, sub?: string): string;

export interface Included {
  events: EventRecord[];
  blockHash: BlockHash;
}

/** What `signAndWait` rejects with when the call fails on chain. */
export interface DispatchFailure extends Error {
  dispatchError?: DispatchError;
  meta?: RegistryError | null;
  events?: EventRecord[];
}

/** How many slots may pass without a new block before `signAndWait` or `untilSettled` fails. */
export declare const STALL_SLOTS: number;

/**
 * Signs and sends `tx`; resolves once it is in a block (`until: 'inBlock'`) or finalized (the
 * default); rejects with a `DispatchFailure` naming the pallet error, and when `maxBlocks` blocks
 * pass or no block comes for `STALL_SLOTS` slots.
 */
export declare function signAndWait(
  api: ApiPromise,
  tx: SubmittableExtrinsic<'promise'>,
  signer: IKeyringPair | string,
  options?: Partial<SignerOptions> & { until?: 'inBlock' | 'finalized'; maxBlocks?: number },
): Promise<Included>;

/** The commitment that `registerDataset(hash, salt, …)` by `owner` reveals. */
export declare function datasetCommitment(hash: string, owner: string, salt: string): string;

/** Licence terms as `registerDataset` and `setDatasetTerms` take them. */
export interface LicenceTerms {
  commercialUse: boolean;
  derivatives: boolean;
  /** Parts per billion. */
  minContributorShare: AnyNumber;
}

/** The loosest terms: commercial use and derivatives allowed, no floor. */
export declare const OPEN_TERMS: Readonly<LicenceTerms>;

/** Registers dataset `hash` by commit, then reveal in a later block, under `terms` (default `OPEN_TERMS`). */
export declare function registerDataset(
  api: ApiPromise,
  signer: IKeyringPair,
  hash: string,
  contributors: Array<[string, AnyNumber]>,
  metadata: string,
  options?: { salt?: string; until?: 'inBlock' | 'finalized'; terms?: LicenceTerms },
): Promise<Included & { salt: string }>;

/** Waits until the registrations of `hashes` can no longer be displaced; fails when no block comes for `STALL_SLOTS` slots. */
export declare function untilSettled(api: ApiPromise, hashes: string[]): Promise<void>;

/** "section.Name" for a module error, the error's string otherwise. */
export declare function describeDispatchError(api: ApiPromise, dispatchError: DispatchError): string;

/** The fee a transaction paid, from its TransactionFeePaid event. */
export declare function feePaid(api: ApiPromise, events: EventRecord[]): bigint;
