// The test toolkit's chain helpers: units, the dev accounts, balances, events and inclusion.
// Test files and scripts import these from here (docs/testing.md lists what is not moved yet).

import { Keyring } from '@polkadot/keyring';
import { blake2AsHex } from '@polkadot/util-crypto';
import { registerDataset, signAndWait, untilSettled } from '../../clients/js/fairshare.js';

import { PERBILL } from './units.js';

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

/**
 * Every event of the best chain's blocks `from` to `to`, oldest first, read block by block by
 * number (so that no block is missed and no abandoned fork's is counted): { block, index, event },
 * `index` the event's place among its block's events.
 */
export async function eventsBetween(api, from, to) {
  const seen = [];
  for (let block = from; block <= to; block++) {
    const events = await (await api.at(await api.rpc.chain.getBlockHash(block))).query.system.events();
    events.forEach(({ event }, index) => seen.push({ block, index, event }));
  }
  return seen;
}

/** Signs and sends `tx`, resolving once it is in a block (not finalized). */
export function included(api, tx, signer) {
  return signAndWait(api, tx, signer, { until: 'inBlock' });
}

/** The protocol's cut of every payment, in parts per billion (the runtime's `ProtocolFee`, 5%). */
export const PROTOCOL_FEE = 50_000_000n;

/**
 * How the pallet splits a payment of `total` (docs/economics.md): the protocol's 5% and the
 * owner's share of the rest, each rounded down, and the rest to the data contributors.
 */
export function paymentSplit(total, ownerShare) {
  const protocol = (total * PROTOCOL_FEE) / PERBILL;
  const owner = ((total - protocol) * BigInt(ownerShare)) / PERBILL;
  return { protocol, owner, data: total - protocol - owner };
}

/**
 * The journey's three-dataset model, registered by Dave at `price` a query with a 20% owner
 * share: dataset A (Alice alone, weight 1), B (Bob 60%, Charlie 40%, weight 3) and C (Charlie
 * alone, weight 2). `tag` keeps the hashes apart between files. Resolves with { hashes, modelId,
 * points }: the contributors' points, of 6 × 10^9 (Alice 1, Bob 3 × 0.6, Charlie 3 × 0.4 + 2).
 */
export async function journeyModel(api, who, tag, price) {
  const hashes = ['a', 'b', 'c'].map((n) => blake2AsHex(`${tag} dataset ${n}`));
  await Promise.all([
    registerDataset(api, who.alice, hashes[0], [[who.alice.address, PERBILL]], 'dataset A'),
    registerDataset(api, who.bob, hashes[1], [[who.bob.address, 600_000_000n], [who.charlie.address, 400_000_000n]], 'dataset B'),
    registerDataset(api, who.charlie, hashes[2], [[who.charlie.address, PERBILL]], 'dataset C'),
  ]);
  await untilSettled(api, hashes);
  const { events } = await included(api, api.tx.dataContribution.registerModel(
    [[hashes[0], 1], [hashes[1], 3], [hashes[2], 2]], [], price, 200_000_000, `${tag} model`), who.dave);
  const registered = eventOf(events, 'dataContribution', 'ModelRegistered');
  if (!registered) throw new Error('the journey model was not registered');
  const points = { alice: 1_000_000_000n, bob: 1_800_000_000n, charlie: 3_200_000_000n };
  return { hashes, modelId: registered.data.modelId.toBigInt(), points };
}

/** The `p`th percentile (0 to 100) of `sorted`, ascending: the sample at that rank, no interpolation. */
export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * A seeded pseudo-random source (mulberry32), so that a random history can be replayed from the
 * seed a test prints: `int(n)` in [0, n), `chance(p)`, `pick(list)`.
 */
export function seededRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { int, chance: (p) => next() < p, pick: (list) => list[int(list.length)] };
}
