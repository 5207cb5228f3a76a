// Root through a referendum in tests: a proposal on the `root` track, submitted with its decision
// deposit, voted aye by 49.5% of the issuance, and waited for until the scheduler enacts it, as
// docs/validator.md ("Governance") describes it.

import { stringToU8a, u8aConcat } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { waitBlocks } from './chain.js';
import { FAIR, eventsBetween, included } from './toolkit.js';

/**
 * The vote each voter casts: 990,000 FAIR aye, with the lowest conviction that counts in full.
 * Six voters of the dev chains' 12 million FAIR make 49.5% support, which the root track's
 * support line (50% falling to 0% over the decision period) is under after its first block.
 */
export const AYE = { Standard: { vote: { aye: true, conviction: 'Locked1x' }, balance: 990_000n * FAIR } };

/** The scheduler task name referenda give the enactment of referendum `index`. */
export function enactmentId(index) {
  const encodedIndex = new Uint8Array(new Uint32Array([index]).buffer);
  // ("assembly", "enactment", index) SCALE-encoded: a fixed 8-byte array, a string, a u32.
  const enactment = stringToU8a('enactment');
  return blake2AsHex(u8aConcat(stringToU8a('assembly'), new Uint8Array([enactment.length << 2]), enactment, encodedIndex), 256);
}

/** Whether `event` is the scheduler's dispatch of referendum `index`'s enactment. */
export const isEnactment = (api, event, index) =>
  api.events.scheduler.Dispatched.is(event) && event.data.id.unwrapOr(null)?.toHex() === enactmentId(index);

/**
 * Carries `call` with Root through a referendum on the root track of periods `periods` (blocks:
 * `{ prepare, decision, confirm, enactment }`): `proposer` submits it inline, places the decision
 * deposit and votes in one batch, each of `voters` votes (all with `AYE`), and the test waits on
 * `url`'s chain until the referendum is approved and its enactment dispatched (the scheduler no
 * longer holds the task). Resolves with the referendum's index, the batch's inclusion result,
 * and every event of the best chain from the batch's block on, with its block (`seen`, of
 * `eventsBetween`).
 */
export async function rootReferendum(api, call, { proposer, voters, periods, url }) {
  const index = (await api.query.referenda.referendumCount()).toNumber();
  const batch = api.tx.utility.batchAll([
    api.tx.referenda.submit({ system: 'Root' }, { Inline: call.method.toHex() }, { After: 0 }),
    api.tx.referenda.placeDecisionDeposit(index),
    api.tx.convictionVoting.vote(index, AYE),
  ]);
  const submitted = await included(api, batch, proposer);
  const from = (await api.rpc.chain.getHeader(submitted.blockHash)).number.toNumber();
  await Promise.all(voters.map((voter) => included(api, api.tx.convictionVoting.vote(index, AYE), voter)));
  // Prepare, decision (the referendum passes early in it), confirm and enactment periods, and a
  // few blocks for the alarms.
  const bound = periods.prepare + periods.decision + periods.confirm + periods.enactment + 10;
  await waitBlocks('the referendum approved and enacted', async () => {
    const info = await api.query.referenda.referendumInfoFor(index);
    return info.isSome && info.unwrap().isApproved && (await api.query.scheduler.lookup(enactmentId(index))).isNone;
  }, { url, blocks: bound });
  const seen = await eventsBetween(api, from, (await api.rpc.chain.getHeader()).number.toNumber());
  return { index, submitted, seen };
}
