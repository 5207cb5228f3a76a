// The web dashboard (clients/web), served by scripts/dashboard.sh and driven in headless Chromium
// (Debian's package, through playwright-core) against a real --dev node after the journey's
// three-dataset model and 100 queries, with the indexer (scripts/indexer.sh) the page lists an
// account's datasets and models from. Any uncaught error in the page fails the test.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connect, registerDataset } from '../../clients/js/fairshare.js';
import { checkedFeesInBlock } from '../lib/fees.js';
import { waitBlocks } from '../lib/chain.js';
import { openBrowser, serveDashboard } from '../lib/browser.js';
import { useIndexer } from '../lib/indexer.js';
import { NODE_BINARY, freePort, startDevNode } from '../lib/node.js';
import { FAIR, PERBILL, devAccounts, free, included, journeyModel } from '../lib/toolkit.js';

const OUTPUT = fileURLToPath(new URL('./output/', import.meta.url));
const PRICE = FAIR;
const TIMEOUT = 120_000;

let node;
let api;
let server;
let browser;
let page;
let who;
let pageErrors;
let consoleErrors;
const state = {};
/** The payloads the stand-in browser extension was asked to sign. */
const extensionSigned = [];
const indexers = useIndexer(OUTPUT);


/** The RPC's contributor figures for `address` at block `hash`, as bigints. */
async function rpcFigures(address, hash) {
  const balance = await api.rpc.dataContribution.contributorBalance(address, hash);
  const rewards = await api.rpc.dataContribution.contributorRewards(address, hash);
  return {
    totals: Object.fromEntries(['pending', 'escrowed', 'claimed', 'earned'].map((k) => [k, BigInt(balance[k].toString())])),
    rewards: rewards.map((r) => ({ modelId: r.modelId.toString(), pending: BigInt(r.pending.toString()), escrowed: BigInt(r.escrowed.toString()) })),
  };
}

/** What the page shows for the account, read when it says it has rendered `address`. */
async function pageFigures(address) {
  await page.waitForSelector(`#figures[data-account="${address}"]`, { timeout: TIMEOUT });
  return page.evaluate(() => {
    const planck = (el) => el.dataset.planck;
    return {
      block: Number(document.getElementById('figures').dataset.block),
      totals: Object.fromEntries(['pending', 'escrowed', 'claimed', 'earned', 'free'].map((id) => [id, planck(document.getElementById(id))])),
      text: Object.fromEntries(['pending', 'earned'].map((id) => [id, document.getElementById(id).textContent])),
      rewards: [...document.querySelectorAll('#models tbody tr[data-key]')].map((tr) => ({
        modelId: tr.dataset.key, pending: planck(tr.cells[3]), escrowed: planck(tr.cells[4]),
      })),
    };
  });
}

async function showAccount(text) {
  await page.fill('#account', text);
  await page.click('#account-form button[type=submit]');
}

/**
 * A stand-in for the polkadot.js browser extension, injected as extensions inject themselves
 * (`window.injectedWeb3`), offering `pair`'s account. It signs in this process, with `pair`,
 * the payload the page hands it, and records it.
 */
async function injectExtension(pair) {
  await page.exposeFunction('fairshareTestSign', (payload) => {
    extensionSigned.push(payload);
    const extrinsicPayload = api.registry.createType('ExtrinsicPayload', payload, { version: payload.version });
    return { id: extensionSigned.length, signature: extrinsicPayload.sign(pair).signature };
  });
  await page.addInitScript(({ address }) => {
    const accounts = [{ address, name: 'Bob in the extension', type: 'sr25519' }];
    window.injectedWeb3 = {
      'fairshare-test-extension': {
        version: '0.0.1',
        enable: async () => ({
          accounts: { get: async () => accounts, subscribe: (callback) => { callback(accounts); return () => {}; } },
          signer: { signPayload: (payload) => window.fairshareTestSign(payload) },
        }),
      },
    };
  }, { address: pair.address });
}

/** "1,234.5 FAIR" back to planck. */
function parseFair(text) {
  const [number, unit] = text.split(' ');
  assert.equal(unit, 'FAIR');
  const [whole, fraction = ''] = number.replaceAll(',', '').split('.');
  return BigInt(whole) * FAIR + BigInt(fraction.padEnd(12, '0'));
}

before(async () => {
  await cryptoWaitReady();
  node = await startDevNode({ finalized: 1 });
  api = await connect(node.wsUrl);
  who = devAccounts();
  const { hashes, modelId } = await journeyModel(api, who, 'dashboard e2e', PRICE);
  state.hashes = hashes;
  state.modelId = modelId;
  await included(api, api.tx.dataContribution.payForQueries(modelId, 100, 100n * PRICE), who.eve);

  // The holdings tables list what the indexer holds: it has the set-up's blocks before the page opens.
  const indexer = await indexers.start(node);
  state.indexer = indexer;
  await indexer.caughtUp();
  server = await serveDashboard(node.wsUrl, { indexer: indexer.url });
  ({ browser, page, pageErrors, consoleErrors } = await openBrowser());
  await injectExtension(who.bob);
  await page.goto(`${server.url}?rpc=${encodeURIComponent(node.wsUrl)}&indexer=${encodeURIComponent(indexer.url)}`);
  await page.waitForSelector('body[data-ready=true]', { timeout: TIMEOUT });
});

/** Fails on a message left on the page or an error in its console since the last check. */
let consoleChecked = 0;
async function assertCleanPage() {
  assert.deepEqual(consoleErrors.slice(consoleChecked), [], 'no console error');
  consoleChecked = consoleErrors.length;
  assert.equal(await page.isHidden('#error'), true, `no error shown: ${await page.textContent('#error')}`);
}

after(async () => {
  if (browser) await browser.close();
  if (server) server.stop();
  if (api) await api.disconnect();
  if (node) await node.stop();
});

test('a link that names a node does not connect to it without a click', async () => {
  await page.waitForSelector('#error:not([hidden])', { timeout: TIMEOUT });
  assert.match(await page.textContent('#error'), /This link asks to connect to ws:\/\/127\.0\.0\.1:\d+\. Connect only to a node you trust/);
  assert.equal(await page.textContent('#chain'), 'Not connected.');
  assert.equal(await page.inputValue('#rpc-url'), node.wsUrl);
  await page.click('#node-form button[type=submit]');
  await page.waitForSelector('#chain[data-best]', { timeout: TIMEOUT });
  const chain = (await api.rpc.system.chain()).toString();
  assert.ok((await page.textContent('#chain')).startsWith(`${chain} at ${node.wsUrl}, best block #`), await page.textContent('#chain'));
  // The link names an indexer too: it is read from only after a click on Use.
  await showAccount(who.alice.address);
  await page.waitForSelector('#history[data-indexer=no]', { timeout: TIMEOUT });
  assert.match(await page.textContent('#history-status'), /^This link names the indexer http:\/\/127\.0\.0\.1:\d+\/: press Use to read from it\./);
  await page.click('#indexer-form button[type=submit]');
  await page.waitForSelector('#history[data-indexer=yes]', { timeout: TIMEOUT });
  await assertCleanPage();
});

test('the figures on the page equal the RPC\'s to the planck, for Alice, Bob and Charlie', async () => {
  for (const name of ['alice', 'bob', 'charlie']) {
    const { address } = who[name];
    await showAccount(address);
    const shown = await pageFigures(address);
    const hash = await api.rpc.chain.getBlockHash(shown.block);
    const expected = await rpcFigures(address, hash);
    for (const key of ['pending', 'escrowed', 'claimed', 'earned']) {
      assert.equal(BigInt(shown.totals[key]), expected.totals[key], `${name}'s ${key}`);
    }
    assert.ok(expected.totals.pending > 0n, `${name} earned from the 100 queries`);
    assert.equal(parseFair(shown.text.pending), expected.totals.pending, `${name}'s pending as text`);
    assert.equal(BigInt(shown.totals.free), await free(api, address, hash), `${name}'s free balance`);
    assert.deepEqual(shown.rewards.map((r) => ({ ...r, pending: BigInt(r.pending), escrowed: BigInt(r.escrowed) })), expected.rewards);
  }
  // Points 1 : 1.8 : 3.2 of 6 over the data reward of 100 queries at 1 FAIR (76 FAIR).
  const charlie = await pageFigures(who.charlie.address);
  assert.equal(BigInt(charlie.totals.pending), (76n * FAIR * 32n) / 60n);
  await assertCleanPage();
});

/** The rows of table `id` once the holdings tables were read, each as its cells' texts and planck. */
async function tableRows(id) {
  await page.waitForSelector('#holdings[data-block]', { timeout: TIMEOUT });
  return page.$$eval(`#${id} tbody tr[data-key]`, (rows) => rows.map((tr) => ({
    key: tr.dataset.key,
    text: [...tr.cells].map((td) => td.textContent),
    planck: [...tr.cells].map((td) => td.dataset.planck ?? null),
  })));
}

test('the datasets and models tables show what the account owns and contributes to', async () => {
  await showAccount(who.charlie.address);
  await pageFigures(who.charlie.address);
  const datasets = await tableRows('datasets');
  // The indexer lists them; the chain gives their figures.
  assert.equal(await page.getAttribute('#history', 'data-indexer'), 'yes');
  assert.match(await page.textContent('#holdings-note'), /^The indexer at http:\/\/127\.0\.0\.1:\d+\/ lists these/);
  // Charlie: 40% of B (owned by Bob), all of C (his own).
  assert.deepEqual(datasets.map((row) => [row.key, row.text[1], row.text[2], row.text[3], row.text[6]]).sort(), [
    [state.hashes[1], 'contributor', '40%', 'Active', 'none'],
    [state.hashes[2], 'owner, contributor', '100%', 'Active', 'none'],
  ].sort());
  // What each dataset earned its contributors: 76 FAIR over weights 1, 3, 2.
  const earnedOf = Object.fromEntries(datasets.map((row) => [row.key, BigInt(row.planck[5])]));
  assert.equal(earnedOf[state.hashes[1]], (76n * FAIR * 3n) / 6n);
  assert.equal(earnedOf[state.hashes[2]], (76n * FAIR * 2n) / 6n);
  assert.deepEqual(await tableRows('owned-models'), []);

  await showAccount(who.dave.address);
  await pageFigures(who.dave.address);
  await page.waitForFunction((block) => Number(document.getElementById('holdings').dataset.block) >= block,
    Number(await page.getAttribute('#figures', 'data-block')), { timeout: TIMEOUT });
  const [model] = await tableRows('owned-models');
  const view = (await api.rpc.dataContribution.model(0)).unwrap();
  assert.equal(model.key, '0');
  assert.equal(model.text[1], 'Active');
  assert.equal(model.text[3], '20%');
  assert.equal(BigInt(model.planck[5]), 100n * FAIR, 'paid by consumers');
  assert.equal(BigInt(model.planck[6]), BigInt(view.dataPaid.toString()));
  // The owner's 20% of the 95 FAIR left after the protocol's 5%, waiting for claimModelRevenue.
  assert.equal(BigInt(model.planck[7]), 19n * FAIR);
  // What the model earned: the 100 FAIR paid for its queries, with no fine-tune paying it royalties.
  assert.equal(BigInt(model.planck[8]), 100n * FAIR);
  await assertCleanPage();
});

/**
 * Proves on chain, signed by Eve, that file `path` of directory `dir` is in it, with the proof the
 * CLI prints; resolves with the proof and where its event is: `<block>-<event index>`.
 */
async function proveFile(dir, path) {
  const proof = JSON.parse(execFileSync(NODE_BINARY, ['hash-dataset', dir, '--prove', path], { encoding: 'utf8' }));
  const { root, content, siblings } = proof;
  const { blockHash } = await included(api, api.tx.dataContribution.proveInclusion(root, { path, content, siblings }), who.eve);
  const events = await (await api.at(blockHash)).query.system.events();
  const index = events.findIndex(({ event }) => api.events.dataContribution.InclusionProven.is(event));
  const number = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
  return { ...proof, id: `${number}-${index}` };
}

test('the files proven in an account\'s datasets show which dataset had them first, and the evidence a challenge of the later one cites', async () => {
  // Ferdie's dataset holds a file of Alice's, registered after hers, under another name.
  const dir = mkdtempSync(join(tmpdir(), 'fairshare-copy-'));
  try {
    const [original, copy] = ['original', 'copy'].map((name) => join(dir, name));
    mkdirSync(original);
    mkdirSync(copy);
    writeFileSync(join(original, 'photo.jpg'), 'the original photograph');
    writeFileSync(join(original, 'notes.txt'), 'notes of the original');
    writeFileSync(join(copy, 'taken.jpg'), 'the original photograph');
    writeFileSync(join(copy, 'caption.txt'), 'the copy\'s own caption');
    const hashOf = (d) => execFileSync(NODE_BINARY, ['hash-dataset', d], { encoding: 'utf8' }).trim();
    state.original = hashOf(original);
    state.copy = hashOf(copy);
    await registerDataset(api, who.alice, state.original, [[who.alice.address, PERBILL]], 'the original');
    await registerDataset(api, who.ferdie, state.copy, [[who.ferdie.address, PERBILL]], 'the copy');
    const inOriginal = await proveFile(original, 'photo.jpg');
    const inCopy = await proveFile(copy, 'taken.jpg');
    assert.equal(inOriginal.content, inCopy.content);
    await state.indexer.caughtUp();

    // The indexer holds both proofs where the chain put them.
    const { inclusionProofs } = await state.indexer.query(`{ inclusionProofs(orderBy: ID_ASC) { nodes { id dataset path content } } }`);
    const hex = (text) => `0x${Buffer.from(text).toString('hex')}`;
    assert.deepEqual(inclusionProofs.nodes.map((n) => [n.id, n.dataset, n.path, n.content]).sort(), [
      [inOriginal.id, state.original, hex('photo.jpg'), inOriginal.content],
      [inCopy.id, state.copy, hex('taken.jpg'), inCopy.content],
    ].sort());

    // The evidence cites the earlier dataset's proof first, from either side.
    const cite = `inclusion:${inOriginal.id},${inCopy.id}`;
    const short = (hash) => `${hash.slice(0, 10)}…${hash.slice(-6)}`;
    for (const [account, mine, theirs, order] of [[who.ferdie, inCopy, inOriginal, 'earlier'], [who.alice, inOriginal, inCopy, 'later']]) {
      await showAccount(account.address);
      await pageFigures(account.address);
      await page.waitForFunction((block) => Number(document.getElementById('holdings').dataset.block) >= block,
        Number(await page.getAttribute('#figures', 'data-block')), { timeout: TIMEOUT });
      const rows = (await tableRows('proofs')).map((row) => row.text);
      assert.deepEqual(rows, [[mine.id, short(mine.root), mine.path, short(mine.content), `${short(theirs.root)} (${order}), proof ${theirs.id}`, cite]]);
    }
    await page.screenshot({ path: join(OUTPUT, 'dashboard-evidence.png'), fullPage: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await assertCleanPage();
});

test('the chart has a point per block in range, and grows when a new payment lands', async () => {
  await showAccount(who.alice.address);
  await pageFigures(who.alice.address);
  await page.fill('#blocks', '10');
  await page.dispatchEvent('#blocks', 'change');
  await page.waitForFunction(() => document.getElementById('chart').dataset.points === '10', null, { timeout: TIMEOUT });
  const chart = () => page.evaluate(() => ({ ...document.getElementById('chart').dataset }));
  // The chart as of a block at or after now: no payment is pending, so that is the 'before'.
  const now = (await api.rpc.chain.getHeader()).number.toNumber();
  await page.waitForFunction((block) => Number(document.getElementById('chart').dataset.lastBlock) >= block, now, { timeout: TIMEOUT });
  const before = await chart();
  assert.equal(Number(before.lastBlock) - Number(before.firstBlock), 9, 'one point a block');
  const { blockHash } = await included(api, api.tx.dataContribution.payForQueries(state.modelId, 100, 100n * PRICE), who.eve);
  const paidAt = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
  const after = await waitBlocks('the chart at the payment\'s block', async () => {
    const now = await chart();
    return Number(now.lastBlock) >= paidAt && now;
  }, { url: node.httpUrl, blocks: 10 });
  assert.equal(after.points, '10');
  assert.equal(Number(after.lastBlock) - Number(after.firstBlock), 9);
  const earnedThen = await api.rpc.dataContribution.contributorBalance(who.alice.address, await api.rpc.chain.getBlockHash(Number(after.lastBlock)));
  assert.equal(after.lastEarned, earnedThen.earned.toString(), 'the last point is the RPC\'s figure at its block');
  // Alice holds 1 of 6 points: her earnings are a sixth of the data reward so far, rounded down
  // (76 FAIR a hundred queries), so they go from ⌊76/6⌋ to ⌊152/6⌋ FAIR.
  assert.equal(BigInt(before.lastEarned), (76n * FAIR) / 6n);
  assert.equal(BigInt(after.lastEarned), (2n * 76n * FAIR) / 6n);
  await assertCleanPage();
});

test('Claim through the dev signer raises the free balance and zeroes pending on the page', async () => {
  await showAccount(who.alice.address);
  const before = await pageFigures(who.alice.address);
  assert.ok(BigInt(before.totals.pending) > 0n);
  assert.match(await page.textContent('#claim-signer'), /dev account Alice/);
  await page.click('#claim');
  await page.waitForSelector('#claim-result[data-outcome]', { timeout: TIMEOUT });
  assert.equal(await page.getAttribute('#claim-result', 'data-outcome'), 'claimed', await page.textContent('#claim-result'));
  await page.waitForFunction(() => document.getElementById('pending').dataset.planck === '0', null, { timeout: TIMEOUT });
  const after = await pageFigures(who.alice.address);
  // The free balance rose by exactly the claim, less its fee (nothing else moved Alice's funds).
  const claimBlock = await page.getAttribute('#claim-result', 'data-block');
  const events = await (await api.at(claimBlock)).query.system.events();
  const claimed = events.find(({ event }) => api.events.dataContribution.RewardsClaimed.is(event)).event.data;
  assert.equal(claimed.who.toString(), who.alice.address);
  const fee = await checkedFeesInBlock(api, claimBlock, events, who.alice.address);
  assert.equal(claimed.amount.toBigInt(), BigInt(before.totals.pending));
  assert.equal(BigInt(after.totals.free), BigInt(before.totals.free) + claimed.amount.toBigInt() - fee);
  assert.equal(BigInt(after.totals.claimed), BigInt(before.totals.pending) + BigInt(before.totals.claimed));
  assert.match(await page.textContent('#claim-result'), /^Claimed 25\.333333333333 FAIR in block 0x[0-9a-f]{8}… \(1 model settled\)\.$/);
  mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: `${OUTPUT}dashboard.png`, fullPage: true });
  // A second claim is refused with the pallet's named error, shown on the page.
  await page.click('#claim');
  await page.waitForFunction(() => document.getElementById('claim-result').dataset.outcome === 'failed', null, { timeout: TIMEOUT });
  assert.match(await page.textContent('#claim-result'), /dataContribution\.NothingToClaim/);
  await assertCleanPage();
});

test('Claim through the browser extension: the extension signs, the claim lands', async () => {
  assert.equal(extensionSigned.length, 0);
  await page.click('#use-extension');
  await page.waitForSelector('#extension-accounts:not([hidden])', { timeout: TIMEOUT });
  await page.selectOption('#extension-accounts', who.bob.address);
  const before = await pageFigures(who.bob.address);
  assert.ok(BigInt(before.totals.pending) > 0n);
  assert.match(await page.textContent('#claim-signer'), /browser extension/);
  await page.click('#claim');
  await page.waitForSelector('#claim-result[data-outcome]', { timeout: TIMEOUT });
  assert.equal(await page.getAttribute('#claim-result', 'data-outcome'), 'claimed', await page.textContent('#claim-result'));
  assert.equal(extensionSigned.length, 1, 'the extension signed once');
  assert.equal(extensionSigned[0].address, who.bob.address);
  const call = api.registry.createType('Call', extensionSigned[0].method);
  assert.equal(`${call.section}.${call.method}`, 'dataContribution.claimRewards');
  await page.waitForFunction(() => document.getElementById('pending').dataset.planck === '0', null, { timeout: TIMEOUT });
  const balance = await api.rpc.dataContribution.contributorBalance(who.bob.address);
  assert.equal(BigInt(balance.claimed.toString()), BigInt(before.totals.pending) + BigInt(before.totals.claimed));
  await assertCleanPage();
});

/**
 * Points the page at the indexer `url` and waits until a refresh has drawn what it said, with the
 * chain's figures: resolves with the block they were read at.
 */
async function pointAt(url) {
  await page.fill('#indexer-url', url);
  await page.click('#indexer-form button[type=submit]');
  await page.waitForSelector(`#history[data-source="${url}"]`, { timeout: TIMEOUT });
  return Number(await page.getAttribute('#holdings', 'data-block'));
}

test('without an indexer, or with one that lies or hangs, the page says so and keeps the chain\'s own figures', async () => {
  await showAccount(who.charlie.address);
  await page.waitForSelector(`#history-body[data-account="${who.charlie.address}"]`, { timeout: TIMEOUT });
  const stub = await stubIndexer();
  try {
    const closed = `http://127.0.0.1:${await freePort()}/`;
    for (const [url, why] of [
      [closed, /^No indexer for this chain answers at http:\/\/127\.0\.0\.1:\d+\/ \(Failed to fetch\)\./],
      [`${stub.url}other-chain`, /\(the indexer follows another chain \(genesis 0x0{64}\)\)\./],
      [`${stub.url}bad-field`, /\(the indexer answered "\\"=HYPERLINK\(1\)\\"" for a dataset\)\./],
      [`${stub.url}hang`, /\(signal timed out\)\./],
    ]) {
      const block = await pointAt(url);
      assert.equal(await page.getAttribute('#history', 'data-indexer'), 'no', url);
      assert.match(await page.textContent('#history-status'), why);
      assert.match(await page.textContent('#history-status'), /The history needs one: scripts\/indexer\.sh/);
      assert.equal(await page.isHidden('#history-body'), true);
      assert.equal(await page.locator('#datasets tbody tr[data-key], #owned-models tbody tr[data-key]').count(), 0, 'no holdings listed');
      // The chain's own figures were drawn by the same refresh, at its block.
      const shown = await pageFigures(who.charlie.address);
      assert.ok(shown.block >= block);
      const expected = await rpcFigures(who.charlie.address, await api.rpc.chain.getBlockHash(shown.block));
      assert.equal(BigInt(shown.totals.earned), expected.totals.earned);
    }
  } finally {
    stub.close();
  }
  // The browser reports the refused connection to the closed port; nothing else.
  const refused = consoleErrors.slice(consoleChecked).filter((text) => /ERR_CONNECTION_REFUSED/.test(text));
  consoleChecked += refused.length;
  await assertCleanPage();
});

/**
 * A stand-in indexer on a free port that answers by its path: `/other-chain` names another
 * genesis; `/bad-field` this chain's, then a dataset whose hash is a spreadsheet formula;
 * `/hang` never answers.
 */
async function stubIndexer() {
  const genesis = api.genesisHash.toHex();
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' };
  const server = createServer((request, response) => {
    if (request.method === 'OPTIONS') return response.writeHead(204, cors).end();
    if (request.url === '/hang') return undefined;
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      const meta = { lastProcessedHeight: 1, genesisHash: request.url === '/other-chain' ? `0x${'0'.repeat(64)}` : genesis };
      const page = (nodes) => ({ nodes, pageInfo: { hasNextPage: false, endCursor: null } });
      const data = body.includes('_metadata') ? { _metadata: meta }
        : { datasets: page([]), datasetShares: page([{ dataset: '=HYPERLINK(1)' }]), models: page([]) };
      response.writeHead(200, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify({ data }));
    });
    return undefined;
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

test('a garbage address gets a clear message, not a blank page', async () => {
  const errorsBefore = consoleErrors.length;
  await showAccount('not-an-address');
  await page.waitForSelector('#error:not([hidden])', { timeout: TIMEOUT });
  assert.match(await page.textContent('#error'), /"not-an-address" is not an account address/);
  assert.equal(await page.isHidden('#figures'), true);
  assert.deepEqual(consoleErrors.slice(errorsBefore), [], 'no console error');
  assert.match(await page.textContent('h1'), /Fairshare/);
});

test('no uncaught error in the page', () => {
  assert.deepEqual(pageErrors, []);
});
