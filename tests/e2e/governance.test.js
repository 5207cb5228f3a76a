// Root through a referendum, on a real dev-fast node: a proposal on the `root` track adds a
// curator, voted by the dev accounts with half the issuance, enacted by the scheduler with the
// Root origin, and the curator council follows the curators. Only Root has a track. The figures
// (deposits, periods) are predicted from the runtime's constants and the preset, not read back.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isEnactment, rootReferendum } from '../lib/governance.js';
import { onDevNode } from '../lib/node.js';
import { FAIR, eventOf, included, reserved } from '../lib/toolkit.js';

let node;
let api;
let who;

onDevNode({ finalized: 1 }, (started) => ({ node, api, who } = started));

/** The deposits of docs/validator.md ("Governance"). */
const SUBMISSION_DEPOSIT = 100n * FAIR;
const DECISION_DEPOSIT = 10_000n * FAIR;
/** `dev-fast`'s root track (runtime/src/genesis_config_presets.rs). */
const FAST_ROOT = { prepare: 2, decision: 20, confirm: 2, enactment: 2 };

test('a referendum on the root track adds a curator: submitted, decided, confirmed and enacted by the scheduler with Root', async () => {
  assert.equal(api.consts.referenda.submissionDeposit.toBigInt(), SUBMISSION_DEPOSIT);
  const [track] = api.consts.referenda.tracks.map(([id, info]) => ({ id: id.toNumber(), info }));
  // The metadata shows the real root track; dev-fast runs it with its own periods.
  // The name is a fixed 25-byte array, zero-padded.
  assert.equal(track.info.name.toString().replace(/\0+$/, ''), 'root');
  assert.equal(track.info.maxDeciding.toNumber(), 5);
  assert.equal(track.info.decisionDeposit.toBigInt(), DECISION_DEPOSIT);
  assert.equal(track.info.preparePeriod.toNumber(), 1_200);

  const proposal = api.tx.curators.addMember(who.dave.address);
  const aliceReserved = await reserved(api, who.alice.address);
  // Each of the six dev accounts votes 990,000 FAIR aye (lib/governance.js's AYE): 5.94 of the
  // 12 million FAIR issued, 49.5% support, which the support line (50% falling to 0% over 20
  // blocks) is under one block into the decision.
  const { index, submitted, seen } = await rootReferendum(api, proposal, {
    proposer: who.alice, voters: [who.bob, who.charlie, who.dave, who.eve, who.ferdie], periods: FAST_ROOT, url: node.httpUrl,
  });

  const submittedEvent = eventOf(submitted.events, 'referenda', 'Submitted');
  assert.deepEqual([submittedEvent.data.index.toNumber(), submittedEvent.data.track.toNumber()], [index, 0]);
  const placed = eventOf(submitted.events, 'referenda', 'DecisionDepositPlaced');
  assert.equal(placed.data.amount.toBigInt(), DECISION_DEPOSIT);
  const at = (method) => seen.find(({ event }) => event.section === 'referenda' && event.method === method && event.data.index.toNumber() === index)?.block;
  const started = at('DecisionStarted');
  const confirmed = at('Confirmed');
  assert.ok(started && confirmed, 'the referendum was decided and confirmed');
  assert.ok(confirmed - started >= FAST_ROOT.confirm, `confirmation lasts ${FAST_ROOT.confirm} blocks`);
  const dispatched = seen.find(({ event }) => isEnactment(api, event, index));
  assert.ok(dispatched.event.data.result.isOk, `enactment: ${dispatched.event.data.result.toString()}`);
  assert.ok(dispatched.block - confirmed >= FAST_ROOT.enactment, 'enacted after the enactment period');
  assert.ok(seen.some(({ event }) => api.events.curators.MemberAdded.is(event)), 'curators.MemberAdded');

  // The council follows the curators.
  const sorted = (accounts) => accounts.map((a) => a.toString()).sort();
  const expected = [who.alice, who.bob, who.charlie, who.dave].map((p) => p.address).sort();
  assert.deepEqual(sorted(await api.query.curators.members()), expected);
  assert.deepEqual(sorted(await api.query.curatorCouncil.members()), expected);

  // Both deposits come back once the referendum is approved.
  assert.equal(await reserved(api, who.alice.address), aliceReserved + SUBMISSION_DEPOSIT + DECISION_DEPOSIT);
  await included(api, api.tx.referenda.refundDecisionDeposit(index), who.eve);
  await included(api, api.tx.referenda.refundSubmissionDeposit(index), who.eve);
  assert.equal(await reserved(api, who.alice.address), aliceReserved);
});

test('only Root has a track: a referendum for a signed or a council origin is refused', async () => {
  const remark = { Inline: api.tx.system.remarkWithEvent('x').method.toHex() };
  for (const origin of [{ system: { Signed: who.alice.address } }, { CuratorCouncil: { Members: [2, 3] } }]) {
    const error = await included(api, api.tx.referenda.submit(origin, remark, { After: 0 }), who.alice).then(
      () => assert.fail('a referendum for a non-Root origin was submitted'),
      (e) => e,
    );
    assert.equal(`${error.meta?.section}.${error.meta?.name}`, 'referenda.NoTrack', JSON.stringify(origin));
  }
});
