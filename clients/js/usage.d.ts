// Type declarations for usage.js: signed usage receipts and usage channels.

import type { ApiPromise } from '@polkadot/api';
import type { Option } from '@polkadot/types-codec';
import type { Codec, IKeyringPair } from '@polkadot/types/types';
import type { Included } from './index.js';

type U64Like = bigint | number | string;

export interface UsageChannelState {
  consumer: string;
  modelId: bigint;
  escrow: bigint;
  maxPricePerQuery: bigint;
  settledQueries: bigint;
  spent: bigint;
  closesAt: number | null;
}

export interface SignedReceipt {
  channel: string;
  cumulative: string;
  /** A SCALE `MultiSignature` in hex. */
  signature: string;
}

/** The tag that opens every receipt: b"fairshare/usage/v1". */
export declare const USAGE_RECEIPT_TAG: string;
/** A non-negative integer below 2^64, as a BigInt; throws on anything else. */
export declare function toU64(value: U64Like, what?: string): bigint;
/** The 66 bytes a consumer signs for `channelId` at `cumulativeQueries` on the chain `genesisHash`. */
export declare function usageReceipt(genesisHash: string, channelId: U64Like, cumulativeQueries: U64Like): Uint8Array;
/** `pair`'s signature on the receipt, as the hex of a SCALE `MultiSignature`. */
export declare function signUsageReceipt(pair: IKeyringPair, genesisHash: string, channelId: U64Like, cumulativeQueries: U64Like): string;
/** The scheme and bytes of a SCALE `MultiSignature` in hex, or null when it is not one. */
export declare function decodeMultiSignature(signature: string): { scheme: 'ed25519' | 'sr25519' | 'ecdsa'; bytes: Uint8Array } | null;
/** Whether `signature` is `address`'s on the receipt, raw or wrapped in <Bytes>, as the pallet checks it. */
export declare function verifyUsageReceipt(address: string, genesisHash: string, channelId: U64Like, cumulativeQueries: U64Like, signature: string): boolean;
/** Opens a usage channel; resolves once in a block. */
export declare function openUsage(api: ApiPromise, signer: IKeyringPair, modelId: U64Like, deposit: U64Like, maxPricePerQuery: U64Like): Promise<Included & { channelId: bigint }>;
/** A usage channel's state on chain, or null. */
export declare function usageChannel(api: ApiPromise, channelId: U64Like): Promise<UsageChannelState | null>;
/** The plain form of a `UsageChannels` storage value, or null. */
export declare function decodeChannel(option: Option<Codec>): UsageChannelState | null;

/** The consumer's side of a channel: counts its queries and signs a receipt with each. */
export declare class UsageConsumer {
  constructor(options: { pair: IKeyringPair; genesisHash: string; channelId: U64Like; gatewayUrl: string; cumulative?: U64Like });
  channelId: bigint;
  cumulative: bigint;
  receipt(cumulative: bigint): SignedReceipt;
  query(input: unknown): Promise<unknown>;
}

/** POSTs `body` to the gateway's /query. */
export declare function postQuery(gatewayUrl: string, body: unknown): Promise<unknown>;
