// The test toolkit's chain helpers: units, the dev accounts, balances, events and inclusion.
// Test files and scripts import these from here (docs/testing.md lists what is not moved yet).

import { Keyring } from '@polkadot/keyring';
import { signAndWait } from '../../clients/js/fairshare.js';

export { FAIR, MILLI, PERBILL } from './units.js';

/** The dev chain's sr25519 keyring (SS58 prefix 42), to derive accounts from seeds. */
export function keyring() {
  return new Keyring({ type: 'sr25519', ss58Format: 42 });
}

/**
 * The dev chain's well-known accounts, by lower-case name: { alice, bob, … }. A derived name's
 * `//` becomes `_` (`Alice//stash` is `alice_stash`).
 */
export function devAccounts(names = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie']) {
  const ring = keyring();
  return Object.fromEntries(
    names.map((n) => [n.toLowerCase().replaceAll('//', '_'), ring.addFromUri(`//${n}`)]),
  );
}

/** `address`'s free balance, at the best block or at block `at` (a hash). */
export async function free(api, address, at) {
  const query = at ? await api.at(at) : api;
  return (await query.query.system.account(address)).data.free.toBigInt();
}

/** `address`'s reserved balance: its holds and reserves. */
export async function reserved(api, address) {
  return (await api.query.system.account(address)).data.reserved.toBigInt();
}

/** The first `section.method` event of `events` (records of a block or a transaction), or undefined. */
export function eventOf(events, section, method) {
  return events.find(({ event }) => event.section === section && event.method === method)?.event;
}

/** Signs and sends `tx`, resolving once it is in a block (not finalized). */
export function included(api, tx, signer) {
  return signAndWait(api, tx, signer, { until: 'inBlock' });
}
