// The indexer's recomputed earnings against the chain's, on a random history of more than 300
// calls: 8 contributors in 6 datasets, 4 models (one a fine-tune paying its base a royalty, one
// retired, its positions settled on the contributors' behalf, and removed), payments in batches,
// usage receipts settled, claims, model revenue claims, a challenge upheld before anyone claimed,
// one rejected, a misattribution ruling, and a withdrawn dataset's challenge closed as expired. Midway, SubQuery's indexer process is
// killed with SIGKILL while the history goes on, and started again later to catch up under load;
// later still the node itself is stopped and started again, and the indexer resumes on its own.
// At the finalized head, each account's figures from GraphQL equal
// `dataContribution_contributorBalance`'s there, to the planck; the per-(model, dataset) figures
// add up to them; no event stated a figure the recomputation does not reach; and every payment
// and claim is held once. The seed is printed (FAIRSHARE_SEED replays it). Then the dashboard's
// History view, in Chromium, shows the same figures, and its CSV adds up to them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { blake2AsHex } from '@polkadot/util-crypto';
import { onDevNode, rpcCall } from '../lib/node.js';
import { palletEvents, useIndexer } from '../lib/indexer.js';
import { untilBlock, waitForStart } from '../lib/chain.js';
import { FAIR, PERBILL, eventOf, included, keyring, seededRandom } from '../lib/toolkit.js';
import { registerDataset, untilSettled } from '../../clients/js/fairshare.js';
import { signUsageReceipt } from '../../clients/js/usage.js';
import { openBrowser, serveDashboard } from '../lib/browser.js';

let chain;
onDevNode({ finalized: 2, restartable: true }, (started) => { chain = started; });
/** What the first test leaves for the History view's: the indexer, and the figures it checked. */
const seen = {};
const OUTPUT = new URL('./output/', import.meta.url).pathname;
const indexers = useIndexer(OUTPUT);
const TIMEOUT = 120_000;

/** A price with no round figure in it, so that every split and pro-rata share rounds. */
const PRICE = 999_999_937n;
const ROUNDS = 30;

test('a random history of 300 calls: the indexer\'s recomputed earnings equal the chain\'s, across a kill -9 and a node restart', async () => {
  const seed = Number(process.env.FAIRSHARE_SEED ?? Date.now() % 2 ** 31);
  console.log(`FAIRSHARE_SEED=${seed}`);
  const rng = seededRandom(seed);
  const { api, who } = chain;
  const contributors = Array.from({ length: 8 }, (_, i) => keyring().addFromUri(`//History/${seed}/${i}`));
  await included(api, api.tx.utility.batchAll(contributors.map((c) => api.tx.balances.transferKeepAlive(c.address, 1_000n * FAIR))), who.alice);
  let indexer = await indexers.start(chain.node);

  const datasets = await registerDatasets(api, contributors, rng, seed);
  const models = await registerModels(api, who, datasets);
  const channel = await openChannel(api, who, models.b);
  const history = { api, who, contributors, models, channel, rng, script: scripted(api, who, contributors, datasets, models) };
  let calls;
  ({ calls, indexer } = await runRounds(history, indexer));
  // Dataset 5, withdrawn, then challenged in round 19: its challenge is closed as expired.
  const expiresAt = (await api.query.dataContribution.challenges(datasets[5])).unwrap().expiresAt.toNumber();
  await untilBlock(chain.node.httpUrl, expiresAt);
  await included(api, api.tx.dataContribution.closeExpiredChallenge(datasets[5]), who.ferdie);
  calls += 1;
  assert.ok(calls >= 300, `${calls} calls succeeded`);

  const head = await indexer.caughtUp();
  const at = (await api.rpc.chain.getBlockHash(head)).toHex();
  const rows = await indexer.all('contributors', 'id earned claimed pending escrowed');
  const totals = await indexer.all('earningTotals', 'contributor model dataset earned claimed');
  const changes = await indexer.all('earnings', 'contributor model dataset earned claimed');
  const known = new Set(contributors.map((c) => c.address));
  assert.deepEqual(rows.filter((r) => !known.has(r.id)), [], 'only the contributors earned');
  for (const { address } of contributors) {
    const { earned, claimed, pending, escrowed, next } = await rpcCall(chain.node.httpUrl, 'dataContribution_contributorBalance', [address, at]);
    assert.equal(next, null, 'one page holds every position');
    const row = rows.find((r) => r.id === address) ?? { id: address, earned: '0', claimed: '0', pending: '0', escrowed: '0' };
    assert.deepEqual(row, { id: address, earned, claimed, pending, escrowed }, `${address}'s earnings`);
    for (const [what, list] of [['totals', totals], ['changes', changes]]) {
      const mine = list.filter((r) => r.contributor === address);
      assert.equal(sum(mine, 'earned'), BigInt(earned), `${address}'s earned by (model, dataset): ${what}`);
      assert.equal(sum(mine, 'claimed'), BigInt(claimed), `${address}'s claimed by (model, dataset): ${what}`);
    }
  }
  assert.ok(rows.some((r) => BigInt(r.claimed) > 0n) && rows.some((r) => BigInt(r.pending) > 0n), 'some claimed, some pending');
  console.log(`${calls} calls to #${head}: ${rows.length} accounts earned ${sum(rows, 'earned')} planck in all, `
    + `claimed ${sum(rows, 'claimed')}; ${totals.length} (contributor, model, dataset) totals, ${changes.length} changes by block`);

  const { discrepancies, challenges } = await indexer.query(`{
    discrepancies { nodes { id event field recomputed stated } }
    challenges { nodes { outcome } }
  }`);
  assert.deepEqual(discrepancies.nodes, []);
  assert.deepEqual(challenges.nodes.map((c) => c.outcome).sort(), ['expired', 'misattribution', 'rejected', 'upheld']);

  // Each payment and claim the chain's events state, held once.
  const events = await palletEvents(api, head);
  const ids = (methods) => events.filter((e) => methods.includes(e.event.method)).map((e) => e.id).sort();
  const held = async (name) => (await indexer.all(name, 'id')).map((r) => r.id).sort();
  assert.deepEqual(await held('payments'), ids(['UsageRecorded', 'UsageSettled']));
  assert.deepEqual(await held('claims'), ids(['RewardsClaimed']));
  assert.ok(ids(['UsageSettled']).length > 0 && ids(['RoyaltyCredited']).length > 0, 'receipts settled and royalties paid');
  assert.ok(ids(['PositionSettled']).length > 0 && ids(['ModelRemoved']).length === 1, 'model d\'s positions settled, and it removed');
  Object.assign(seen, { indexer, rows, totals, changes, models, events, eve: who.eve.address });
});

test('the dashboard\'s History view shows the same all-time figures as GraphQL, and its CSV adds up to them', async () => {
  const { indexer, rows, totals, changes, models, events } = seen;
  assert.ok(indexer, 'the history ran');
  const server = await serveDashboard(chain.node.wsUrl, { indexer: indexer.url });
  const { browser, page, pageErrors, consoleErrors } = await openBrowser();
  try {
    await page.goto(`${server.url}?rpc=${encodeURIComponent(chain.node.wsUrl)}&indexer=${encodeURIComponent(indexer.url)}`);
    await page.waitForSelector('body[data-ready=true]', { timeout: TIMEOUT });
    // The link names a node and an indexer other than the defaults: the page uses them on a click only.
    await page.click('#node-form button[type=submit]');
    await page.waitForSelector('#chain[data-best]', { timeout: TIMEOUT });
    await page.click('#indexer-form button[type=submit]');

    const top = [...rows].sort((x, y) => (BigInt(y.earned) > BigInt(x.earned) ? 1 : -1))[0];
    await showAccount(page, top.id);
    const planck = (selector, attribute = 'data-planck') => page.getAttribute(selector, attribute);
    assert.equal(await planck('#history-earned'), top.earned);
    assert.equal(await planck('#history-claimed'), top.claimed);
    assert.equal(await planck('#history-chart', 'data-last-earned'), top.earned);
    assert.equal(await planck('#history-chart', 'data-last-claimed'), top.claimed);
    // Through one model, then one dataset: the chart ends at that part's total.
    const mine = totals.filter((t) => t.contributor === top.id);
    for (const [kind, key] of [['model', mine[0].model], ['dataset', mine[0].dataset]]) {
      await page.selectOption('#history-filter', `${kind}:${key}`);
      const part = mine.filter((t) => t[kind] === key);
      assert.equal(await planck('#history-chart', 'data-last-earned'), String(sum(part, 'earned')), `through ${kind} ${key}`);
      assert.equal(await planck('#history-chart', 'data-last-claimed'), String(sum(part, 'claimed')), `through ${kind} ${key}`);
    }
    // The tables against the chain's own events: a row for each of the account's claims.
    const claims = events.filter((e) => e.event.method === 'RewardsClaimed' && e.event.data[0].toString() === top.id);
    assert.ok(claims.length > 0, 'the account claimed');
    assert.deepEqual(await page.$$eval('#history-claims tbody tr[data-key]', (rows) => rows.map((r) => r.dataset.key)), claims.map((e) => e.id));
    await page.screenshot({ path: `${OUTPUT}history.png`, fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#history-csv')]);
    const [header, ...lines] = readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
    assert.equal(header, 'block,time_utc,model,dataset,earned_FAIR,claimed_FAIR,earned_total_FAIR,claimed_total_FAIR,earned_planck,claimed_planck');
    const csv = lines.map((line) => line.split(','));
    assert.equal(csv.length, changes.filter((c) => c.contributor === top.id).length, 'a line per change');
    assert.equal(csv.reduce((total, cells) => total + BigInt(cells[8]), 0n), BigInt(top.earned));
    assert.equal(csv.reduce((total, cells) => total + BigInt(cells[9]), 0n), BigInt(top.claimed));
    assert.ok(csv.every((cells) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(cells[1])), 'times a spreadsheet reads');
    // The blocks' own times: this test's history was made within the hour.
    assert.ok(csv.every((cells) => Math.abs(Date.parse(`${cells[1].replace(' ', 'T')}Z`) - Date.now()) < 3_600_000), 'the blocks\' times');

    // Eve owns models a and c: the payments to them are hers to see.
    await showAccount(page, seen.eve);
    const payments = events.filter((e) => ['UsageRecorded', 'UsageSettled'].includes(e.event.method)
      && [models.a, models.c].includes(e.event.data[0].toString()));
    const shown = await page.$$eval('#history-payments tbody tr[data-key]', (rows) => rows.map((r) => r.dataset.key));
    assert.deepEqual([...shown].sort(), payments.map((e) => e.id).sort());
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await browser.close();
    server.stop();
  }
});

/** Shows `address` on the page and waits until its History view is drawn. */
async function showAccount(page, address) {
  await page.fill('#account', address);
  await page.click('#account-form button[type=submit]');
  await page.waitForSelector(`#history-body[data-account="${address}"]`, { timeout: TIMEOUT });
}

/**
 * Runs the history's ROUNDS rounds: each round's scripted calls and random ones, all sent at once
 * and waited for in a block. Kills the indexer's process in round 9 and starts it again in round
 * 12; restarts the node in round 19. Resolves with the calls that succeeded and the indexer.
 */
async function runRounds({ api, who, contributors, models, channel, rng, script }, indexer) {
  const paid = [models.a, models.b, models.c, models.d];

  let calls = 0;
  for (let round = 0; round < ROUNDS; round++) {
    if (round === 9) assert.ok(indexer.kill9() >= 1, 'the indexer process was killed');
    if (round === 12) {
      await indexer.stop();
      indexer = await indexers.start(chain.node);
    }
    if (round === 19) {
      await chain.node.restart();
      await waitForStart('the client connected again', async () => api.isConnected, { timeoutMs: 60_000 });
    }
    // Model d is retired in round 20: no payment reaches it from the round before on.
    if (round === 19) paid.pop();
    const fixed = script[round] ?? [];
    const busy = new Set(fixed.map(({ signer }) => signer.address));
    // No claims before the first ruling, nor while model d's positions wait for their settlement.
    const claims = round > 3 && (round < 20 || round > 22);
    const random = randomCalls(api, who, contributors, { paid, owned: models }, channel, rng, { claims });
    const sent = [...fixed, ...random.filter(({ signer }) => !busy.has(signer.address))];
    const results = await Promise.allSettled(sent.map(({ tx, signer }) => included(api, tx, signer)));
    results.forEach((result, i) => { if (result.status === 'fulfilled') calls += sent[i].calls; });
    for (const [i, result] of results.entries()) {
      if (sent[i].must) assert.equal(result.status, 'fulfilled', `${sent[i].must}: ${result.reason?.message}`);
    }
  }
  return { calls, indexer };
}

/** Σ of `field` over `rows`, as BigInt. */
const sum = (rows, field) => rows.reduce((total, r) => total + BigInt(r[field]), 0n);

/**
 * Six datasets, dataset i registered by contributor i, each with 1 to 3 random contributors of
 * the 8 and random shares adding up to 100%. Resolves with their hashes once models may use them.
 */
async function registerDatasets(api, contributors, rng, seed) {
  const hashes = Array.from({ length: 6 }, (_, i) => blake2AsHex(`history ${seed} dataset ${i}`));
  await Promise.all(hashes.map((hash, i) => {
    const members = [...new Set(Array.from({ length: 1 + rng.int(3) }, () => rng.pick(contributors)))];
    const cuts = members.map(() => BigInt(1 + rng.int(1000)));
    const whole = cuts.reduce((a, b) => a + b, 0n);
    const shares = cuts.map((cut) => (cut * PERBILL) / whole);
    shares[0] += PERBILL - shares.reduce((a, b) => a + b, 0n);
    return registerDataset(api, contributors[i], hash, members.map((m, k) => [m.address, shares[k]]), `dataset ${i}`);
  }));
  await untilSettled(api, hashes);
  return hashes;
}

/**
 * Models a (Eve, over datasets 0–2), b (Dave, over 2–4), d (Dave, over 0 and 5) and c (Eve, over
 * 5, a fine-tune of a with a 10% royalty).
 */
async function registerModels(api, who, d) {
  const register = async (signer, datasets, parents, ownerShare) => {
    const { events } = await included(api, api.tx.dataContribution.registerModel(datasets, parents, PRICE, ownerShare, '0x'), signer);
    return eventOf(events, 'dataContribution', 'ModelRegistered').data[0].toString();
  };
  const [a, b] = await Promise.all([
    register(who.eve, [[d[0], 3], [d[1], 1], [d[2], 2]], [], PERBILL / 5n),
    register(who.dave, [[d[2], 1], [d[3], 1], [d[4], 2]], [], PERBILL / 10n),
  ]);
  const [c, m] = await Promise.all([
    register(who.eve, [[d[5], 1]], [[a, PERBILL / 10n]], (PERBILL * 3n) / 10n),
    register(who.dave, [[d[0], 1], [d[5], 2]], [], 0n),
  ]);
  return { a, b, c, d: m };
}

/** Ferdie's usage channel to model `model`: { id, model, cumulative, genesis }. */
async function openChannel(api, who, model) {
  const { events } = await included(api, api.tx.dataContribution.openUsage(model, 1_000n * FAIR, PRICE), who.ferdie);
  const id = eventOf(events, 'dataContribution', 'UsageOpened').data[0].toString();
  return { id, model, cumulative: 0n, genesis: api.genesisHash.toHex() };
}

/**
 * The history's fixed calls by round, each of which must succeed:
 * - challenges by Ferdie and rulings by Alice through sudo: dataset 1 upheld before anyone has
 *   claimed (no claims until round 4), 3 rejected, 4 reattributed to the last contributor;
 * - dataset 5 withdrawn by its owner, then challenged (the test closes it as expired);
 * - model d retired by Dave, its positions settled by Ferdie (no claims meanwhile, which would
 *   settle them first), and the model removed.
 */
function scripted(api, who, contributors, d, models) {
  const dave = (tx, must) => ({ tx, signer: who.dave, calls: 1, must });
  const ruling = (call, must) => ({ tx: api.tx.sudo.sudo(call), signer: who.alice, calls: 1, must });
  const challenge = (hash) => ({ tx: api.tx.dataContribution.challengeDataset(hash, '0x'), signer: who.ferdie, calls: 1, must: 'challenge' });
  return {
    1: [challenge(d[1])],
    3: [ruling(api.tx.dataContribution.resolveChallenge(d[1], true), 'upheld')],
    8: [challenge(d[3])],
    11: [ruling(api.tx.dataContribution.resolveChallenge(d[3], false), 'rejected')],
    13: [challenge(d[4])],
    16: [ruling(api.tx.dataContribution.resolveMisattribution(d[4], contributors[7].address), 'misattribution')],
    18: [{ tx: api.tx.dataContribution.withdrawDataset(d[5]), signer: contributors[5], calls: 1, must: 'withdrawal' }],
    19: [challenge(d[5])],
    20: [dave(api.tx.dataContribution.retireModel(models.d), 'retirement')],
    // Every contributor's position in d, on their behalf (those a claim settled first fail alone).
    22: [{ tx: api.tx.utility.forceBatch(contributors.map((c) => api.tx.dataContribution.settlePosition(models.d, c.address))), signer: who.ferdie, calls: 1, must: 'settlements' }],
    24: [dave(api.tx.dataContribution.removeRetiredModel(models.d), 'removal')],
  };
}

/**
 * One round's random calls, at most one transaction per signer: Bob and Charlie each make 3 to 7
 * payments for 1 to 5 queries of random models of `paid` in one batch; Dave settles Ferdie's
 * next receipt or claims model b's revenue; Eve claims a's or c's revenue now and then; with
 * `claims`, each contributor claims with a chance of one in three.
 */
function randomCalls(api, who, contributors, { paid, owned: models }, channel, rng, { claims }) {
  const out = [];
  const pay = (signer) => {
    const n = 3 + rng.int(5);
    const payments = Array.from({ length: n }, () => api.tx.dataContribution.payForQueries(rng.pick(paid), 1 + rng.int(5), 10n * FAIR));
    out.push({ tx: api.tx.utility.batchAll(payments), signer, calls: n });
  };
  pay(who.bob);
  pay(who.charlie);
  if (rng.chance(0.6)) {
    channel.cumulative += BigInt(1 + rng.int(20));
    const signature = signUsageReceipt(who.ferdie, channel.genesis, channel.id, channel.cumulative);
    out.push({ tx: api.tx.dataContribution.settleUsage(channel.model, [[channel.id, channel.cumulative, signature]]), signer: who.dave, calls: 1, must: 'a receipt settled' });
  } else {
    out.push({ tx: api.tx.dataContribution.claimModelRevenue(models.b), signer: who.dave, calls: 1 });
  }
  if (rng.chance(0.3)) out.push({ tx: api.tx.dataContribution.claimModelRevenue(rng.pick([models.a, models.c])), signer: who.eve, calls: 1 });
  for (const contributor of contributors) {
    if (claims && rng.chance(1 / 3)) out.push({ tx: api.tx.dataContribution.claimRewards(), signer: contributor, calls: 1 });
  }
  return out;
}
