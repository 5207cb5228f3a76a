// The curator council in tests: a ruling carried by a motion, as docs/economics.md ("From bond
// to ruling") describes it.

import { included, eventOf } from './toolkit.js';

/**
 * Proposes `call` (a submittable whose method is the proposal) to the curator council for
 * `threshold` votes, signed by `proposer`; resolves with the inclusion result, the `Proposed`
 * event (none when a threshold below 2 dispatched the call at once), and the proposal's length.
 */
export async function propose(api, call, proposer, threshold) {
  const lengthBound = call.method.encodedLength;
  const result = await included(api, api.tx.curatorCouncil.propose(threshold, call.method, lengthBound), proposer);
  const proposed = eventOf(result.events, 'curatorCouncil', 'Proposed');
  return { result, proposed, lengthBound };
}

/**
 * Carries `call` by a motion of the curator council: `proposer` proposes it for `voters.length`
 * votes, each of `voters` (the proposer among them, if it is to vote: proposing is no vote)
 * votes aye in turn, and `closer` (anyone) closes the motion, which dispatches the call.
 * Resolves with each step's inclusion result and the motion's hash. The close declares the
 * call's own weight as its bound, from the runtime's payment API.
 */
export async function councilMotion(api, call, { proposer, voters, closer }) {
  const { result: proposal, proposed, lengthBound } = await propose(api, call, proposer, voters.length);
  if (!proposed) throw new Error('the motion was not proposed');
  const { proposalHash: hash, proposalIndex: index } = proposed.data;
  const votes = [];
  for (const voter of voters) {
    votes.push(await included(api, api.tx.curatorCouncil.vote(hash, index, true), voter));
  }
  const info = await api.call.transactionPaymentCallApi.queryCallInfo(call.method, lengthBound);
  const close = await included(api, api.tx.curatorCouncil.close(hash, index, info.weight, lengthBound), closer);
  return { proposal, votes, close, hash };
}
