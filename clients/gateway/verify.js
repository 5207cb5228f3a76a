// The gateway's check of a receipt's signature: the pallet's rule (clients/js/usage.js's
// `verifyUsageReceipt`: the receipt's bytes, raw or wrapped in <Bytes>, signed with the scheme the
// `MultiSignature` names), with ed25519 checked by Node's own crypto (OpenSSL) instead of
// @polkadot/util-crypto's WebAssembly. docs/performance.md ("The gateway at inference speed")
// measures both.
//
// Never more lenient than the chain: OpenSSL refuses an s at or above the group order and
// requires R's bytes to be the encoding of [s]B - [k]A (the check without the cofactor), hashing
// A's bytes as given; the runtime (sp-core's ed25519, ed25519-zebra) follows ZIP-215, which
// refuses the same s, hashes the same bytes and checks the equation multiplied by the cofactor,
// which holds whenever the stricter one does. So a receipt the gateway answers is one the chain
// settles; the reverse may fail only for signatures no honest signer makes (small-order keys).

import { createPublicKey, verify } from 'node:crypto';
import { u8aWrapBytes } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { decodeMultiSignature, usageReceipt, verifyUsageReceipt } from '../js/usage.js';

/** The DER prefix of an ed25519 public key's SubjectPublicKeyInfo (RFC 8410): 32 key bytes follow. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
/** The most ed25519 keys kept parsed; the cache starts afresh when it is full. */
const MAX_KEYS = 100_000;

export class ReceiptVerifier {
  constructor() {
    /** Account (SS58) → its public key as OpenSSL's KeyObject. */
    this.keys = new Map();
  }

  /** Whether `signature` is `address`'s on the receipt for `channelId` at `cumulative` on `genesisHash`. */
  verify(address, genesisHash, channelId, cumulative, signature) {
    const decoded = decodeMultiSignature(signature);
    if (!decoded) return false;
    if (decoded.scheme !== 'ed25519') return verifyUsageReceipt(address, genesisHash, channelId, cumulative, signature);
    try {
      const message = usageReceipt(genesisHash, channelId, cumulative);
      const key = this.key(address);
      return verify(null, message, key, decoded.bytes) || verify(null, u8aWrapBytes(message), key, decoded.bytes);
    } catch {
      return false;
    }
  }

  /** `address`'s account bytes as an ed25519 public key. */
  key(address) {
    let key = this.keys.get(address);
    if (!key) {
      if (this.keys.size >= MAX_KEYS) this.keys.clear();
      key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, decodeAddress(address)]), format: 'der', type: 'spki' });
      this.keys.set(address, key);
    }
    return key;
  }
}
