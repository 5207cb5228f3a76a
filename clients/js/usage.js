// Usage channels from JavaScript: the receipt a consumer signs, signing and verifying it, opening
// a channel, and a consumer client that pays a gateway query by query.
//
//   import { openUsage, UsageConsumer } from './clients/js/usage.js';
//   const { channelId } = await openUsage(api, pair, modelId, 10n * FAIR, price);
//   const consumer = new UsageConsumer({ pair, genesisHash: api.genesisHash.toHex(), channelId, gatewayUrl });
//   const { answer } = await consumer.query('what is 2 + 2?');
//
// The receipt (docs/usage.md) is the SCALE encoding of
// (b"fairshare/usage/v1", genesis_hash, channel_id: u64, cumulative_queries: u64): the tag's 18
// bytes (no length prefix), the genesis hash's 32, then the two integers little-endian, 66 bytes.
// The pallet accepts a signature over those bytes or over them wrapped in <Bytes>…</Bytes>, as the
// polkadot.js extension's signRaw signs them.

import { hexToU8a, isHex, stringToU8a, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { decodeAddress, ed25519Verify, secp256k1Verify, sr25519Verify } from '@polkadot/util-crypto';
import { signAndWait } from './fairshare.js';

/** The domain tag that opens every receipt. */
export const USAGE_RECEIPT_TAG = 'fairshare/usage/v1';

/** A non-negative integer below 2^64, as a BigInt; throws on anything else. */
export function toU64(value, what = 'value') {
  const integer = typeof value === 'bigint' ||
    (typeof value === 'number' && Number.isSafeInteger(value)) ||
    (typeof value === 'string' && /^[0-9]{1,20}$/.test(value));
  if (!integer) throw new TypeError(`${what} must be a non-negative integer, got ${JSON.stringify(value)}`);
  const n = BigInt(value);
  if (n < 0n || n >= 1n << 64n) throw new RangeError(`${what} must be a u64, got ${n}`);
  return n;
}

const TAG_BYTES = stringToU8a(USAGE_RECEIPT_TAG);

/**
 * The 66 bytes a consumer signs for `channelId` at `cumulativeQueries` on the chain `genesisHash`
 * (in hex, or its bytes).
 */
export function usageReceipt(genesisHash, channelId, cumulativeQueries) {
  const genesis = genesisHash instanceof Uint8Array ? genesisHash : hexToU8a(genesisHash);
  if (genesis.length !== 32) throw new RangeError('the genesis hash must be 32 bytes');
  const bytes = new Uint8Array(TAG_BYTES.length + 32 + 16);
  bytes.set(TAG_BYTES);
  bytes.set(genesis, TAG_BYTES.length);
  // A gateway builds one for every query: the integers go in place, little-endian.
  const view = new DataView(bytes.buffer);
  view.setBigUint64(TAG_BYTES.length + 32, toU64(channelId, 'channelId'), true);
  view.setBigUint64(TAG_BYTES.length + 40, toU64(cumulativeQueries, 'cumulativeQueries'), true);
  return bytes;
}

/**
 * `pair`'s signature on the receipt, as the hex of a SCALE `MultiSignature` (its first byte says
 * the scheme: 0 ed25519, 1 sr25519, 2 ecdsa): what `settle_usage` takes.
 */
export function signUsageReceipt(pair, genesisHash, channelId, cumulativeQueries) {
  return u8aToHex(pair.sign(usageReceipt(genesisHash, channelId, cumulativeQueries), { withType: true }));
}

/**
 * The scheme and bytes of a SCALE `MultiSignature` in hex, or null when it is not one: a first
 * byte 0 (ed25519) or 1 (sr25519) and 64 bytes, or 2 (ecdsa) and 65 bytes. Nothing else, so
 * that what a gateway accepts is exactly what the chain decodes.
 */
export function decodeMultiSignature(signature) {
  if (typeof signature !== 'string' || !isHex(signature)) return null;
  const bytes = hexToU8a(signature);
  const scheme = ['ed25519', 'sr25519', 'ecdsa'][bytes[0]];
  const length = scheme === 'ecdsa' ? 66 : 65;
  return scheme && bytes.length === length ? { scheme, bytes: bytes.subarray(1) } : null;
}

/** Whether `scheme` signature `bytes` is `address`'s on `message`, as `MultiSignature::verify` checks it. */
function verifyScheme(scheme, message, bytes, address) {
  const account = decodeAddress(address);
  switch (scheme) {
    case 'ed25519': return ed25519Verify(message, bytes, account);
    case 'sr25519': return sr25519Verify(message, bytes, account);
    // The account of an ecdsa key is the blake2-256 of its compressed public key.
    default: return secp256k1Verify(message, bytes, account, 'blake2');
  }
}

/**
 * Whether `signature` (a SCALE `MultiSignature` in hex) is `address`'s on the receipt, raw or
 * wrapped in <Bytes>: the pallet's own rule, with only the scheme the signature names.
 */
export function verifyUsageReceipt(address, genesisHash, channelId, cumulativeQueries, signature) {
  const decoded = decodeMultiSignature(signature);
  return decoded !== null && verifyReceiptMessage(address, usageReceipt(genesisHash, channelId, cumulativeQueries), decoded);
}

/**
 * Whether `decoded` (from `decodeMultiSignature`) is `address`'s signature on the receipt bytes
 * `message`, raw or wrapped in <Bytes>: `verifyUsageReceipt` once the receipt is built.
 */
export function verifyReceiptMessage(address, message, decoded) {
  try {
    return verifyScheme(decoded.scheme, message, decoded.bytes, address) ||
      verifyScheme(decoded.scheme, u8aWrapBytes(message), decoded.bytes, address);
  } catch {
    return false;
  }
}

/**
 * Opens a usage channel from `signer` to `modelId` with `deposit` in escrow, at most
 * `maxPricePerQuery` a query. Resolves with { channelId, events, blockHash } once in a block.
 */
export async function openUsage(api, signer, modelId, deposit, maxPricePerQuery) {
  const tx = api.tx.dataContribution.openUsage(modelId, deposit, maxPricePerQuery);
  const result = await signAndWait(api, tx, signer, { until: 'inBlock' });
  const opened = result.events.find(({ event }) => api.events.dataContribution.UsageOpened.is(event));
  if (!opened) throw new Error('no UsageOpened event');
  return { ...result, channelId: opened.event.data.channelId.toBigInt() };
}

/** A usage channel's state on chain, or null: { consumer, modelId, escrow, maxPricePerQuery, settledQueries, spent, closesAt }. */
export async function usageChannel(api, channelId) {
  return decodeChannel(await api.query.dataContribution.usageChannels(channelId));
}

/** The plain form of a `UsageChannels` storage value (an Option), or null. */
export function decodeChannel(option) {
  if (option.isNone) return null;
  const c = option.unwrap();
  return {
    consumer: c.consumer.toString(),
    modelId: c.modelId.toBigInt(),
    escrow: c.escrow.toBigInt(),
    maxPricePerQuery: c.maxPricePerQuery.toBigInt(),
    settledQueries: c.settledQueries.toBigInt(),
    spent: c.spent.toBigInt(),
    closesAt: c.closesAt.isSome ? c.closesAt.unwrap().toNumber() : null,
  };
}

/**
 * The consumer's side of a channel: counts its queries and signs a receipt for the new total
 * with each request to the operator's gateway (clients/gateway). A refused request does not
 * count.
 */
export class UsageConsumer {
  constructor({ pair, genesisHash, channelId, gatewayUrl, cumulative = 0n }) {
    Object.assign(this, { pair, genesisHash, gatewayUrl });
    this.channelId = toU64(channelId, 'channelId');
    this.cumulative = toU64(cumulative, 'cumulative');
  }

  /** The receipt for `cumulative` queries, ready to send: { channel, cumulative, signature }. */
  receipt(cumulative) {
    const signature = signUsageReceipt(this.pair, this.genesisHash, this.channelId, cumulative);
    return { channel: this.channelId.toString(), cumulative: cumulative.toString(), signature };
  }

  /**
   * Asks the gateway one query; resolves with its JSON answer, rejects with its refusal. When
   * the gateway already holds a higher count for the channel (an answer that was lost on the
   * way, say), the consumer takes that count up and asks once more.
   */
  async query(input) {
    for (let attempt = 0; ; attempt++) {
      const next = this.cumulative + 1n;
      try {
        const answer = await postQuery(this.gatewayUrl, { ...this.receipt(next), input });
        this.cumulative = next;
        return answer;
      } catch (e) {
        if (attempt > 0 || e.reason !== 'NotAboveSettled' || e.latest === undefined || BigInt(e.latest) < next) throw e;
        this.cumulative = BigInt(e.latest);
      }
    }
  }
}

/** POSTs `body` to the gateway's /query; resolves with the answer, rejects with `.status` and `.reason`. */
export async function postQuery(gatewayUrl, body) {
  const response = await fetch(new URL('/query', gatewayUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) {
    const error = new Error(`gateway refused (${response.status}): ${json.reason}: ${json.message}`);
    Object.assign(error, { status: response.status, reason: json.reason, latest: json.latest });
    throw error;
  }
  return json;
}
