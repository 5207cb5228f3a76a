// The indexer's payout module (clients/indexer/src/payouts.js) on figures worked out by hand
// from docs/economics.md's rules: the split, pro rata by weight and share, royalties up the
// lineage, routing by the dataset's status, and rounding down where it decides a planck.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const { Payouts, splitPayment } = createRequire(import.meta.url)('../../clients/indexer/src/payouts.js');
const PERCENT = 10_000_000n;

test('a payment splits into the protocol fee, the owner share and the data reward, each rounded down', () => {
  // 5% of 997 is 49.85: 49. 20% of the 948 left is 189.6: 189. The data reward is the rest.
  assert.deepEqual(splitPayment(997n, 5n * PERCENT, 20n * PERCENT), { protocol: 49n, owner: 189n, data: 759n });
  // The parts always add up to the payment.
  for (const total of [0n, 1n, 19n, 1_000_003n]) {
    const { protocol, owner, data } = splitPayment(total, 5n * PERCENT, 33n * PERCENT);
    assert.equal(protocol + owner + data, total);
  }
});

test('contributors are paid pro rata by weight times share, across datasets', () => {
  const p = new Payouts({ protocolFee: 0n });
  p.registerDataset('a', [['bob', 60n * PERCENT], ['charlie', 40n * PERCENT]]);
  p.registerDataset('b', [['charlie', 100n * PERCENT]]);
  // Weights 3 and 1: bob has 3 × 0.6 = 1.8 of 4 points, charlie 3 × 0.4 + 1 = 2.2.
  p.registerModel(0, { datasets: [['a', 3], ['b', 1]], ownerShare: 0n });
  assert.equal(p.pay(0, 1000n).data, 1000n);
  assert.equal(p.balance('bob').pending, 450n);
  assert.equal(p.balance('charlie').pending, 550n);
  // Charlie's 550, by dataset: 300 through a, 250 through b.
  assert.deepEqual([...p.settle('charlie', 0).perDataset], [['a', 300n], ['b', 250n]]);
  assert.equal(p.claim('charlie', [0]), 550n);
  assert.deepEqual(p.balance('charlie'), { pending: 0n, escrowed: 0n, claimed: 550n, earned: 550n });
});

test('claiming often can cost a contributor the planck each floor takes', () => {
  const p = new Payouts({ protocolFee: 0n });
  p.registerDataset('a', [['bob', 50n * PERCENT], ['charlie', 50n * PERCENT]]);
  p.registerModel(0, { datasets: [['a', 1]], ownerShare: 0n });
  // Bob claims after each payment of 3: half of 3, rounded down, twice.
  p.pay(0, 3n);
  assert.equal(p.claim('bob', [0]), 1n);
  p.pay(0, 3n);
  assert.equal(p.claim('bob', [0]), 1n);
  // Charlie waits: half of 6 is exactly 3.
  assert.equal(p.claim('charlie', [0]), 3n);
  assert.equal(p.balance('bob').earned, 2n);
});

test('a settlement that finds nothing owed leaves the checkpoint, so fractions add up', () => {
  const p = new Payouts({ protocolFee: 0n });
  p.registerDataset('a', [['bob', 50n * PERCENT], ['charlie', 50n * PERCENT]]);
  p.registerModel(0, { datasets: [['a', 1]], ownerShare: 0n });
  // Half a planck is owed: nothing settles, and the chain refuses such a claim.
  p.pay(0, 1n);
  assert.equal(p.settle('bob', 0).credited, 0n);
  // With the second payment, the two halves make one.
  p.pay(0, 1n);
  assert.equal(p.claim('bob', [0]), 1n);
});

test('royalties go up the lineage, each rounded down, and the model keeps the rest', () => {
  const p = new Payouts({ protocolFee: 5n * PERCENT });
  p.registerDataset('a', [['alice', 100n * PERCENT]]);
  p.registerDataset('b', [['bob', 100n * PERCENT]]);
  p.registerDataset('c', [['charlie', 100n * PERCENT]]);
  p.registerModel(0, { datasets: [['a', 1]], ownerShare: 0n });
  p.registerModel(1, { datasets: [['b', 1]], parents: [[0, 10n * PERCENT]], ownerShare: 0n });
  p.registerModel(2, { datasets: [['c', 1]], parents: [[1, 50n * PERCENT]], ownerShare: 0n });
  // 1,001 paid to model 2: the protocol takes ⌊50.05⌋ = 50, the data reward is 951. Model 1's
  // royalty is ⌊475.5⌋ = 475, of which model 0's is ⌊47.5⌋ = 47.
  const paid = p.pay(2, 1001n);
  assert.equal(paid.data, 951n);
  assert.deepEqual(paid.royalties, [{ model: '0', from: '1', amount: 47n }, { model: '1', from: '2', amount: 475n }]);
  assert.deepEqual(['alice', 'bob', 'charlie'].map((who) => p.balance(who).pending), [47n, 428n, 476n]);
});

test('a challenged dataset\'s part waits in escrow; the ruling sends it on', () => {
  const setup = () => {
    const p = new Payouts({ protocolFee: 0n });
    p.registerDataset('a', [['bob', 100n * PERCENT]]);
    p.registerDataset('b', [['bob', 50n * PERCENT], ['charlie', 50n * PERCENT]]);
    p.registerModel(0, { datasets: [['a', 1], ['b', 1]], ownerShare: 0n });
    p.challenge('b');
    p.pay(0, 100n);
    // Bob's position: 50 through a, 25 through b, which goes to escrow when he claims.
    assert.deepEqual(p.balance('bob'), { pending: 50n, escrowed: 25n, claimed: 0n, earned: 75n });
    assert.equal(p.claim('bob', [0]), 50n);
    return p;
  };

  for (const outcome of ['rejected', 'expired']) {
    const released = setup();
    assert.equal(released.rule('b', outcome, { status: 'Withdrawn' }), 25n);
    assert.deepEqual(released.balance('bob'), { pending: 25n, escrowed: 0n, claimed: 50n, earned: 75n });
    assert.equal(released.datasets.get('b').status, 'Withdrawn');
  }

  const upheld = setup();
  assert.equal(upheld.rule('b', 'upheld'), 25n);
  assert.deepEqual(upheld.balance('bob'), { pending: 0n, escrowed: 0n, claimed: 50n, earned: 50n });
  // From then on the slashed dataset's part goes to the protocol (which takes no fee here): it
  // has the 25 of escrow, then bob's 50 through b of the next 200.
  upheld.pay(0, 200n);
  assert.equal(upheld.settle('bob', 0).forfeited, 50n);
  assert.equal(upheld.protocol, 75n);

  const misattributed = setup();
  misattributed.rule('b', 'misattribution', { rightful: 'dave' });
  assert.equal(misattributed.balance('dave').pending, 25n);
  misattributed.pay(0, 100n);
  // Charlie's 50 through b (25 of each payment) goes to dave when his position is settled.
  assert.equal(misattributed.settle('charlie', 0).redirected, 50n);
  assert.equal(misattributed.balance('dave').pending, 75n);
});

test('a model\'s weight-0 datasets open no position; the dust of a position all routed elsewhere stays its first dataset\'s', () => {
  const p = new Payouts({ protocolFee: 0n });
  p.registerDataset('a', [['bob', 100n * PERCENT]]);
  p.registerDataset('b', [['bob', 50n * PERCENT], ['charlie', 50n * PERCENT]]);
  p.registerDataset('z', [['zoe', 100n * PERCENT]]);
  p.registerModel(0, { datasets: [['a', 1], ['b', 1], ['z', 0]], ownerShare: 0n });
  p.pay(0, 7n);
  assert.equal(p.balance('zoe').earned, 0n);
  // Bob: ⌊7 × 1.5 / 2⌋ = 5 in all; through a ⌊3.5⌋ = 3, through b ⌊1.75⌋ = 1. Both datasets
  // challenged: 4 to escrow, and the planck of dust is his, counted under a.
  p.challenge('a');
  p.challenge('b');
  const settled = p.settle('bob', 0);
  assert.deepEqual([settled.credited, settled.escrowed], [1n, 4n]);
  assert.deepEqual([...settled.perDataset], [['a', 1n]]);
});

test('a reattributed dataset with no rightful account sends its part to the protocol', () => {
  const p = new Payouts({ protocolFee: 0n });
  p.registerDataset('a', [['bob', 100n * PERCENT]]);
  p.registerModel(0, { datasets: [['a', 1]], ownerShare: 0n });
  p.datasets.get('a').status = 'Reattributed';
  p.pay(0, 10n);
  assert.equal(p.settle('bob', 0).forfeited, 10n);
  assert.equal(p.protocol, 10n);
});
