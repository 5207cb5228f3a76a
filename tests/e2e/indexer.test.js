// The indexer on real parts: PostgreSQL from Debian's packages (scripts/postgres.sh), a real
// --dev node, and SubQuery's indexer and GraphQL server started by scripts/indexer.sh. A history
// of registrations, payments (a fine-tune's paying royalties), claims, and a challenge during
// which a contributor's earnings go to escrow and which a ruling rejects, runs while the indexer
// follows; its indexer process is killed with SIGKILL midway (between blocks: the test cannot
// time a kill inside a database write) and the script started again, with blocks to catch up. At the end, every row the indexer holds is checked against the
// chain's own events, block by block, read over RPC: the same facts, each once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blake2AsHex } from '@polkadot/util-crypto';
import { onDevNode, rpcCall } from '../lib/node.js';
import { palletEvents, useIndexer } from '../lib/indexer.js';
import { FAIR, PERBILL, eventOf, included } from '../lib/toolkit.js';
import { registerDataset, untilSettled } from '../../clients/js/fairshare.js';

let chain;
onDevNode({ finalized: 2 }, (started) => { chain = started; });
const indexers = useIndexer(new URL('./output', import.meta.url).pathname);

/** An event's named fields as strings. */
const fieldsOf = (event) => Object.fromEntries(event.data.names.map((name, i) => [name, event.data[i].toString()]));

test('the indexer holds every payment, royalty, claim and ruling once, across a kill -9 of its indexer', async () => {
  const { api, who } = chain;
  let indexer = await indexers.start(chain.node);

  // Two datasets, a model over them and a fine-tune of it that pays it a 10% royalty.
  const [a, b] = ['a', 'b'].map((n) => blake2AsHex(`indexer ${process.pid} ${Date.now()} ${n}`));
  await Promise.all([
    registerDataset(api, who.alice, a, [[who.bob.address, PERBILL / 2n], [who.charlie.address, PERBILL / 2n]], 'A'),
    registerDataset(api, who.dave, b, [[who.dave.address, PERBILL]], 'B'),
  ]);
  await untilSettled(api, [a, b]);
  const base = eventOf((await included(api, api.tx.dataContribution.registerModel([[a, 1], [b, 1]], [], FAIR, 100_000_000, '0x'), who.eve)).events,
    'dataContribution', 'ModelRegistered').data[0].toString();
  const tune = eventOf((await included(api, api.tx.dataContribution.registerModel([[b, 1]], [[base, 100_000_000]], FAIR, 100_000_000, '0x'), who.eve)).events,
    'dataContribution', 'ModelRegistered').data[0].toString();

  for (const model of [base, tune, base]) {
    await included(api, api.tx.dataContribution.payForQueries(model, 3, 10n * FAIR), who.ferdie);
  }
  await included(api, api.tx.dataContribution.claimRewards(), who.bob);

  // SIGKILL the indexer process in the middle of the history, and start the script again.
  await indexer.caughtUp();
  assert.ok(indexer.kill9() >= 1);
  await indexer.stop();
  // Dataset a is challenged: what charlie earned through it goes to escrow when he claims, and
  // comes back as credit when the challenge is rejected.
  await included(api, api.tx.dataContribution.payForQueries(tune, 2, 10n * FAIR), who.ferdie);
  await included(api, api.tx.dataContribution.challengeDataset(a, 'ipfs://evidence'), who.ferdie);
  await included(api, api.tx.dataContribution.payForQueries(base, 2, 10n * FAIR), who.ferdie);
  await included(api, api.tx.dataContribution.claimRewards(), who.charlie);
  await included(api, api.tx.sudo.sudo(api.tx.dataContribution.resolveChallenge(a, false)), who.alice);
  indexer = await indexers.start(chain.node);
  await included(api, api.tx.dataContribution.payForQueries(base, 1, 10n * FAIR), who.ferdie);
  await included(api, api.tx.dataContribution.claimRewards(), who.charlie);
  await included(api, api.tx.dataContribution.claimRewards(), who.dave);

  const head = await indexer.caughtUp();
  const events = await palletEvents(api, head);
  const byMethod = (method) => events.filter((e) => e.event.method === method);
  const data = await indexer.query(`{
    payments(orderBy: ID_ASC) { totalCount nodes { id block model payer kind queries amount protocolFee ownerReward dataReward } }
    royalties(orderBy: ID_ASC) { totalCount nodes { id model from amount } }
    claims(orderBy: ID_ASC) { totalCount nodes { id who amount escrowed positions } }
    challenges { nodes { dataset challenger bond outcome escrow } }
    datasets { nodes { id owner contributors status } }
    models { nodes { id owner positions status } }
    contributors { nodes { id earned claimed pending escrowed } }
    discrepancies { nodes { id event field recomputed stated } }
  }`);

  const payments = byMethod('UsageRecorded').map((e) => {
    const f = fieldsOf(e.event);
    return { id: e.id, block: e.block, model: f.modelId, payer: f.payer, kind: 'query', queries: f.queries,
      amount: f.amount, protocolFee: f.protocolFee, ownerReward: f.ownerReward, dataReward: f.dataReward };
  });
  assert.equal(payments.length, 6);
  assert.deepEqual(sorted(data.payments.nodes), sorted(payments));
  assert.equal(data.payments.totalCount, 6);

  const royalties = byMethod('RoyaltyCredited').map((e) => {
    const f = fieldsOf(e.event);
    return { id: e.id, model: f.modelId, from: f.from, amount: f.amount };
  });
  assert.equal(royalties.length, 2, 'the fine-tune paid its base twice');
  assert.deepEqual(sorted(data.royalties.nodes), sorted(royalties));

  const claims = byMethod('RewardsClaimed').map((e) => {
    const f = fieldsOf(e.event);
    return { id: e.id, who: f.who, amount: f.amount, escrowed: f.escrowed, positions: Number(f.positions) };
  });
  assert.equal(claims.length, 4);
  assert.ok(claims.some((c) => c.escrowed !== '0'), 'a claim during the challenge escrowed');
  assert.deepEqual(sorted(data.claims.nodes), sorted(claims));

  // Each account's earnings, recomputed from the events: what the chain's own ledger says.
  assert.deepEqual(data.discrepancies.nodes, []);
  for (const account of [who.bob, who.charlie, who.dave]) {
    const row = data.contributors.nodes.find((c) => c.id === account.address);
    const { earned, claimed, pending, escrowed } = await rpcCall(chain.node.httpUrl, 'dataContribution_contributorBalance', [account.address]);
    assert.deepEqual(row, { id: account.address, earned, claimed, pending, escrowed }, `${account.address}'s earnings`);
  }

  const rejected = byMethod('ChallengeRejected').map((e) => fieldsOf(e.event));
  assert.equal(rejected.length, 1);
  assert.notEqual(rejected[0].releasedEscrow, '0', 'the ruling released escrow');
  assert.deepEqual(data.challenges.nodes,
    [{ dataset: a, challenger: who.ferdie.address, bond: rejected[0].bond, outcome: 'rejected', escrow: rejected[0].releasedEscrow }]);
  assert.deepEqual(sorted(data.datasets.nodes), sorted([
    { id: a, owner: who.alice.address, contributors: 2, status: 'Active' },
    { id: b, owner: who.dave.address, contributors: 1, status: 'Active' },
  ]));
  assert.deepEqual(data.models.nodes.map((m) => [m.id, m.owner, m.status]).sort(), [[base, who.eve.address, 'Active'], [tune, who.eve.address, 'Active']]);
});

/** Rows in id order, for comparing sets. */
function sorted(rows) {
  return [...rows].sort((x, y) => (x.id ?? '').localeCompare(y.id ?? ''));
}
