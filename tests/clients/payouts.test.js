// The indexer's payout module (clients/indexer/src/payouts.js) on figures worked out by hand
// from docs/economics.md's rules: the split, pro rata by weight and share, royalties up the
// lineage, routing by the dataset's status, and rounding down where it decides a planck.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const { MemoryState, Payouts, splitPayment } = createRequire(import.meta.url)('../../clients/indexer/src/payouts.js');
const PERCENT = 10_000_000n;

test('a payment splits into the protocol fee, the owner share and the data reward, each rounded down', async () => {
  // 5% of 997 is 49.85: 49. 20% of the 948 left is 189.6: 189. The data reward is the rest.
  assert.deepEqual(splitPayment(997n, 5n * PERCENT, 20n * PERCENT), { protocol: 49n, owner: 189n, data: 759n });
  // The parts always add up to the payment.
  for (const total of [0n, 1n, 19n, 1_000_003n]) {
    const { protocol, owner, data } = splitPayment(total, 5n * PERCENT, 33n * PERCENT);
    assert.equal(protocol + owner + data, total);
  }
});

test('contributors are paid pro rata by weight times share, across datasets', async () => {
  const p = new Payouts({ protocolFee: 0n });
  await p.registerDataset('a', [['bob', 60n * PERCENT], ['charlie', 40n * PERCENT]]);
  await p.registerDataset('b', [['charlie', 100n * PERCENT]]);
  // Weights 3 and 1: bob has 3 × 0.6 = 1.8 of 4 points, charlie 3 × 0.4 + 1 = 2.2.
  await p.registerModel(0, { datasets: [['a', 3], ['b', 1]], ownerShare: 0n });
  assert.equal((await p.pay(0, 1000n)).data, 1000n);
  assert.equal((await p.balance('bob')).pending, 450n);
  assert.equal((await p.balance('charlie')).pending, 550n);
  // Charlie's 550, by dataset: 300 through a, 250 through b.
  assert.deepEqual([...(await p.settle('charlie', 0)).perDataset], [['a', 300n], ['b', 250n]]);
  assert.equal(await p.claim('charlie', [0]), 550n);
  assert.deepEqual(await p.balance('charlie'), { pending: 0n, escrowed: 0n, claimed: 550n, earned: 550n });
});

test('claiming often can cost a contributor the planck each floor takes', async () => {
  const p = new Payouts({ protocolFee: 0n });
  await p.registerDataset('a', [['bob', 50n * PERCENT], ['charlie', 50n * PERCENT]]);
  await p.registerModel(0, { datasets: [['a', 1]], ownerShare: 0n });
  // Bob claims after each payment of 3: half of 3, rounded down, twice.
  await p.pay(0, 3n);
  assert.equal(await p.claim('bob', [0]), 1n);
  await p.pay(0, 3n);
  assert.equal(await p.claim('bob', [0]), 1n);
  // Charlie waits: half of 6 is exactly 3.
  assert.equal(await p.claim('charlie', [0]), 3n);
  assert.equal((await p.balance('bob')).earned, 2n);
});

test('a settlement that finds nothing owed leaves the checkpoint, so fractions add up', async () => {
  const p = new Payouts({ protocolFee: 0n });
  await p.registerDataset('a', [['bob', 50n * PERCENT], ['charlie', 50n * PERCENT]]);
  await p.registerModel(0, { datasets: [['a', 1]], ownerShare: 0n });
  // Half a planck is owed: nothing settles, and the chain refuses such a claim.
  await p.pay(0, 1n);
  assert.equal((await p.settle('bob', 0)).credited, 0n);
  // With the second payment, the two halves make one.
  await p.pay(0, 1n);
  assert.equal(await p.claim('bob', [0]), 1n);
});

test('royalties go up the lineage, each rounded down, and the model keeps the rest', async () => {
  const p = new Payouts({ protocolFee: 5n * PERCENT });
  await p.registerDataset('a', [['alice', 100n * PERCENT]]);
  await p.registerDataset('b', [['bob', 100n * PERCENT]]);
  await p.registerDataset('c', [['charlie', 100n * PERCENT]]);
  await p.registerModel(0, { datasets: [['a', 1]], ownerShare: 0n });
  await p.registerModel(1, { datasets: [['b', 1]], parents: [[0, 10n * PERCENT]], ownerShare: 0n });
  await p.registerModel(2, { datasets: [['c', 1]], parents: [[1, 50n * PERCENT]], ownerShare: 0n });
  // 1,001 paid to model 2: the protocol takes ⌊50.05⌋ = 50, the data reward is 951. Model 1's
  // royalty is ⌊475.5⌋ = 475, of which model 0's is ⌊47.5⌋ = 47.
  const paid = await p.pay(2, 1001n);
  assert.equal(paid.data, 951n);
  assert.deepEqual(paid.royalties, [{ model: '0', from: '1', amount: 47n }, { model: '1', from: '2', amount: 475n }]);
  const pending = [];
  for (const who of ['alice', 'bob', 'charlie']) pending.push((await p.balance(who)).pending);
  assert.deepEqual(pending, [47n, 428n, 476n]);
});

test('a challenged dataset\'s part waits in escrow; the ruling sends it on', async () => {
  const setup = async () => {
    const p = new Payouts({ protocolFee: 0n });
    await p.registerDataset('a', [['bob', 100n * PERCENT]]);
    await p.registerDataset('b', [['bob', 50n * PERCENT], ['charlie', 50n * PERCENT]]);
    await p.registerModel(0, { datasets: [['a', 1], ['b', 1]], ownerShare: 0n });
    await p.challenge('b');
    await p.pay(0, 100n);
    // Bob's position: 50 through a, 25 through b, which goes to escrow when he claims.
    assert.deepEqual(await p.balance('bob'), { pending: 50n, escrowed: 25n, claimed: 0n, earned: 75n });
    assert.equal(await p.claim('bob', [0]), 50n);
    return p;
  };

  for (const outcome of ['rejected', 'expired']) {
    const released = await setup();
    assert.equal(await released.rule('b', outcome, { status: 'Withdrawn' }), 25n);
    assert.deepEqual(await released.balance('bob'), { pending: 25n, escrowed: 0n, claimed: 50n, earned: 75n });
    assert.equal((await released.dataset('b')).status, 'Withdrawn');
  }

  const upheld = await setup();
  assert.equal(await upheld.rule('b', 'upheld'), 25n);
  assert.deepEqual(await upheld.balance('bob'), { pending: 0n, escrowed: 0n, claimed: 50n, earned: 50n });
  // From then on the slashed dataset's part goes to the protocol (which takes no fee here): it
  // has the 25 of escrow, then bob's 50 through b of the next 200.
  await upheld.pay(0, 200n);
  assert.equal((await upheld.settle('bob', 0)).forfeited, 50n);
  assert.equal(await upheld.protocol(), 75n);

  const misattributed = await setup();
  await misattributed.rule('b', 'misattribution', { rightful: 'dave' });
  assert.equal((await misattributed.balance('dave')).pending, 25n);
  await misattributed.pay(0, 100n);
  // Charlie's 50 through b (25 of each payment) goes to dave when his position is settled.
  assert.equal((await misattributed.settle('charlie', 0)).redirected, 50n);
  assert.equal((await misattributed.balance('dave')).pending, 75n);
});

test('a model\'s weight-0 datasets open no position; the dust of a position all routed elsewhere stays its first dataset\'s', async () => {
  const p = new Payouts({ protocolFee: 0n });
  await p.registerDataset('a', [['bob', 100n * PERCENT]]);
  await p.registerDataset('b', [['bob', 50n * PERCENT], ['charlie', 50n * PERCENT]]);
  await p.registerDataset('z', [['zoe', 100n * PERCENT]]);
  await p.registerModel(0, { datasets: [['a', 1], ['b', 1], ['z', 0]], ownerShare: 0n });
  await p.pay(0, 7n);
  assert.equal((await p.balance('zoe')).earned, 0n);
  // Bob: ⌊7 × 1.5 / 2⌋ = 5 in all; through a ⌊3.5⌋ = 3, through b ⌊1.75⌋ = 1. Both datasets
  // challenged: 4 to escrow, and the planck of dust is his, counted under a.
  await p.challenge('a');
  await p.challenge('b');
  const settled = await p.settle('bob', 0);
  assert.deepEqual([settled.credited, settled.escrowed], [1n, 4n]);
  assert.deepEqual([...settled.perDataset], [['a', 1n]]);
});

test('a reattributed dataset with no rightful account sends its part to the protocol', async () => {
  const p = new Payouts({ protocolFee: 0n });
  await p.registerDataset('a', [['bob', 100n * PERCENT]]);
  await p.registerModel(0, { datasets: [['a', 1]], ownerShare: 0n });
  (await p.dataset('a')).status = 'Reattributed';
  await p.pay(0, 10n);
  assert.equal((await p.settle('bob', 0)).forfeited, 10n);
  assert.equal(await p.protocol(), 10n);
});

test('earnings are kept by (model, dataset): they add up to the balance, and a ruling moves them', async () => {
  const p = new Payouts({ protocolFee: 0n });
  await p.registerDataset('a', [['bob', 100n * PERCENT]]);
  await p.registerDataset('b', [['bob', 50n * PERCENT], ['charlie', 50n * PERCENT]]);
  await p.registerModel(0, { datasets: [['a', 1], ['b', 1]], ownerShare: 0n });
  await p.registerModel(1, { datasets: [['b', 1]], ownerShare: 0n });
  await p.pay(0, 100n);
  await p.pay(1, 10n);
  // Every account of both paid models may have changed; nothing else.
  assert.deepEqual((await p.takeTouched()).map((pair) => pair.join('/')).sort(), ['bob/0', 'bob/1', 'charlie/0', 'charlie/1']);
  assert.deepEqual(await p.takeTouched(), []);
  // Bob: 50 through (0, a), 25 through (0, b) and 5 through (1, b).
  const figures = async (who, id) => Object.fromEntries([...(await p.earnings(who, id))].map(([hash, f]) => [hash, f.pending + f.escrowed + f.claimed]));
  assert.deepEqual(await figures('bob', 0), { a: 50n, b: 25n });
  assert.deepEqual(await figures('bob', 1), { b: 5n });
  assert.equal((await p.balance('bob')).earned, 80n);
  // B is challenged; bob claims: his parts through b go to escrow, and the upheld ruling takes
  // them from him. Charlie, who never settled, loses what b owes him from then on as well.
  await p.challenge('b');
  assert.equal(await p.claim('bob', [0, 1]), 50n);
  assert.deepEqual((await p.earnings('bob', 0)).get('b'), { pending: 0n, escrowed: 25n, claimed: 0n });
  assert.equal(await p.rule('b', 'upheld'), 30n);
  assert.deepEqual(await figures('bob', 0), { a: 50n, b: 0n });
  assert.deepEqual(await p.balance('bob'), { pending: 0n, escrowed: 0n, claimed: 50n, earned: 50n });
  assert.deepEqual(await p.balance('charlie'), { pending: 0n, escrowed: 0n, claimed: 0n, earned: 0n });
  assert.equal(await p.protocol(), 30n);
});

test('a removed model leaves its contributors what they hold through it, and no index names it', async () => {
  const state = new MemoryState();
  const p = new Payouts({ protocolFee: 0n, state });
  await p.registerDataset('a', [['bob', 100n * PERCENT]]);
  await p.registerModel(0, { datasets: [['a', 1]], ownerShare: 0n });
  await p.pay(0, 10n);
  assert.equal((await p.settle('bob', 0)).credited, 10n);
  await p.takeTouched();
  await p.removeModel(0);
  assert.deepEqual(await p.balance('bob'), { pending: 10n, escrowed: 0n, claimed: 0n, earned: 10n });
  assert.deepEqual((await p.dataset('a')).models, {});
  assert.deepEqual((await p.account('bob')).models, {});
  assert.deepEqual([...state.rows.keys()].filter((key) => /^(model|position)\//.test(key)), []);
  // The claim after it pays what the settlement credited.
  assert.equal(await p.claim('bob', []), 10n);
  // A payment of nothing to a model's contributors touches none of them.
  await p.registerModel(1, { datasets: [['a', 1]], ownerShare: PERCENT * 100n });
  await p.pay(1, 5n);
  assert.deepEqual(await p.takeTouched(), [['bob', '0']]);
});
