// The test toolkit's chain helpers: units, the dev accounts, balances and inclusion. (The older
// test files still hold their own copies of some of these; new files import them from here.)

import { Keyring } from '@polkadot/keyring';
import { signAndWait } from '../../clients/js/fairshare.js';

/** One FAIR, one milliFAIR, and a Perbill's whole, in planck and parts. */
export const FAIR = 1_000_000_000_000n;
export const MILLI = FAIR / 1_000n;
export const PERBILL = 1_000_000_000n;

/** The dev chain's well-known accounts, by lower-case name: { alice, bob, … }. */
export function devAccounts(names = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie']) {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return Object.fromEntries(names.map((n) => [n.toLowerCase(), keyring.addFromUri(`//${n}`)]));
}

/** `address`'s free balance. */
export async function free(api, address) {
  return (await api.query.system.account(address)).data.free.toBigInt();
}

/** Signs and sends `tx`, resolving once it is in a block (not finalized). */
export function included(api, tx, signer) {
  return signAndWait(api, tx, signer, { until: 'inBlock' });
}
