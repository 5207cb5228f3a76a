// What the indexer writes at the end of each block from the payout rules' recomputation: each
// contributor's earnings per (model, dataset) that changed in the block (`Earning`, the change
// and the totals after it), the totals (`EarningTotal`), and each contributor's sums
// (`Contributor`). Runs in SubQuery's sandbox, with its `store`.
'use strict';

const FIGURES = ['pending', 'escrowed', 'claimed'];

/**
 * Records what changed for the (account, model) pairs `payouts` touched in block `block` (its
 * number and `timestamp`), then writes the rules' state back.
 */
async function recordEarnings(payouts, { block, timestamp }) {
  const sums = new Map();
  for (const [account, model] of await payouts.takeTouched()) {
    for (const [dataset, now] of await payouts.earnings(account, model)) {
      const id = `${account}-${model}-${dataset}`;
      const was = (await store.get('EarningTotal', id)) ?? {};
      const change = Object.fromEntries(FIGURES.map((k) => [k, now[k] - BigInt(was[k] ?? 0n)]));
      if (FIGURES.every((k) => change[k] === 0n)) continue;
      const earned = now.pending + now.escrowed + now.claimed;
      const where = { contributor: account, model, dataset };
      await store.set('EarningTotal', id, { id, ...where, ...now, earned, block });
      await store.set('Earning', `${block}-${id}`, {
        id: `${block}-${id}`, block, timestamp, ...where,
        earned: change.pending + change.escrowed + change.claimed, claimed: change.claimed,
        earnedTotal: earned, claimedTotal: now.claimed,
      });
      const sum = sums.get(account) ?? Object.fromEntries(FIGURES.map((k) => [k, 0n]));
      for (const k of FIGURES) sum[k] += change[k];
      sums.set(account, sum);
    }
  }
  for (const [account, change] of sums) {
    const row = (await store.get('Contributor', account)) ?? { id: account };
    const next = Object.fromEntries(FIGURES.map((k) => [k, BigInt(row[k] ?? 0n) + change[k]]));
    await store.set('Contributor', account, { ...row, ...next, earned: next.pending + next.escrowed + next.claimed });
  }
  await payouts.state.flush();
}

module.exports = { recordEarnings };
