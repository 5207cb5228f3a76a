// Type declarations for papi.js: the typed polkadot-api client of Fairshare.

import type { PolkadotClient, PolkadotSigner, TypedApi, Enum } from 'polkadot-api';
import type { fairshare } from '@polkadot-api/descriptors';

export type FairshareApi = TypedApi<typeof fairshare>;

type ContributorBalanceView = FairshareApi['view']['DataContribution']['contributor_balance'];

/** A page of a paged view, as the metadata types it. */
export type ViewPage = Parameters<ContributorBalanceView>[1];

/** A contributor's whole balance: the four figures of its view, summed over every page. */
export type ContributorBalance = Omit<Awaited<ReturnType<ContributorBalanceView>>, 'next'>;

export declare const FIRST_PAGE: ViewPage;

export declare function connectPapi(url?: string): { client: PolkadotClient; api: FairshareApi };

export declare function papiSigner(pair: { publicKey: Uint8Array; sign(message: Uint8Array): Uint8Array }): PolkadotSigner;

export declare function sr25519Signature(hex: string): Enum<{ Sr25519: string }>;

export interface Submitted {
  ok: boolean;
  events: unknown[];
  block: { hash: string; number: number; index: number };
  dispatchError?: unknown;
}

export declare function submit(
  tx: { signAndSubmit(signer: PolkadotSigner): Promise<Submitted>; signSubmitAndWatch(signer: PolkadotSigner): unknown },
  signer: PolkadotSigner,
  options?: { until?: 'inBlock' | 'finalized'; maxBlocks?: number },
): Promise<Submitted>;

export declare function eventsOf<T>(event: { filter(events: unknown[]): Array<{ payload: T }> }, events: unknown[]): T[];

export declare function moduleError(dispatchError: unknown): string;

export declare function contributorBalance(
  connection: { client: PolkadotClient; api: FairshareApi },
  who: string,
  options?: { at?: 'best' | 'finalized' | string },
): Promise<ContributorBalance>;
