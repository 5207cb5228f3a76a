// `fairshare-node populate-state` on a real database, at a small size, then a dev node on it
// (docs/scale.md). What the chain holds is predicted from the flags and the layout the command
// documents (datasets of 4 + i mod 13 contributors; model m over 1 + 37m mod D datasets, taken in
// turn; every account of a role funded with that role's amount), then counted over JSON-RPC:
// the datasets, models, channels and positions the pallet's calls made, the accounts, and the
// issuance, which must have grown by exactly the funds handed out. The node must author blocks
// on top of the populated ones, and a second run on that database is refused.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../../clients/js/fairshare.js';
import { bestNumber, finalizedNumber, waitBlocks } from '../lib/chain.js';
import { startNode } from '../lib/node.js';
import { populateState } from '../lib/populate.js';
import { FAIR } from '../lib/toolkit.js';

const SIZES = { accounts: 3_000, datasets: 130, models: 12, channels: 40, maxDatasetsPerModel: 20 };
/** What the command funds each role with, in FAIR (node/src/populate/content.rs). */
const FUNDS = { contributor: 1n, datasetOwner: 10n, modelOwner: 1_000n, consumer: 100n, holder: 1n };

const contributorsOf = (dataset) => 4 + (dataset % 13);

/** The positions the models make: one per contributor of each dataset a model cites. */
function predictedPositions() {
  let cursor = 0;
  let positions = 0;
  for (let m = 0; m < SIZES.models; m++) {
    const count = 1 + ((m * 37) % SIZES.maxDatasetsPerModel);
    for (let k = 0; k < count; k++) positions += contributorsOf((cursor + k) % SIZES.datasets);
    cursor = (cursor + count) % SIZES.datasets;
  }
  return positions;
}

/** How many keys a storage map (of a block's `api.at`) holds, read page by page. */
async function count(entry) {
  let n = 0;
  for (let start; ;) {
    const page = await entry.keysPaged({ args: [], pageSize: 1000, startKey: start });
    n += page.length;
    if (page.length < 1000) return n;
    start = page[page.length - 1].toHex();
  }
}

test('populate-state writes the predicted state through the pallet, and a dev node runs on it', async () => {
  const basePath = mkdtempSync(join(tmpdir(), 'fairshare-populate-'));
  let node;
  let api;
  try {
    const summary = await populateState(basePath, SIZES);
    const contributors = Array.from({ length: SIZES.datasets }, (_, i) => contributorsOf(i)).reduce((a, b) => a + b);
    assert.equal(summary.contributors, contributors);
    // Funding: 250,000 accounts a block per role (5 roles), commits and registrations (2), the
    // reveal window (10 blocks on dev), models (1,000 a block) and channels (50,000 a block).
    assert.equal(summary.blocks, 5 + 2 + 10 + 1 + 1);

    // The command takes only a new chain: its own result is refused, unchanged.
    await assert.rejects(populateState(basePath, SIZES), /writes only into a new development chain's database; this one is Development at block 19/);

    node = await startNode(['--dev', '--base-path', basePath], { logPath: join(basePath, 'node.log') });
    api = await connect(node.wsUrl);
    const populated = await api.rpc.chain.getBlockHash(summary.blocks);
    const genesis = await api.rpc.chain.getBlockHash(0);
    const at = await api.at(populated);
    const q = at.query.dataContribution;
    assert.equal(await count(q.datasets), SIZES.datasets);
    assert.equal(await count(q.models), SIZES.models);
    assert.equal(await count(q.usageChannels), SIZES.channels);
    assert.equal(await count(q.positions), predictedPositions());
    assert.equal(summary.positions, predictedPositions(), 'the positions the command reports');
    const genesisAccounts = await count((await api.at(genesis)).query.system.account);
    assert.equal(await count(at.query.system.account), genesisAccounts + SIZES.accounts);
    assert.equal(summary.accounts, genesisAccounts + SIZES.accounts);
    // Each record is at least one key of the state the command counted.
    const records = SIZES.accounts + SIZES.datasets + SIZES.models + SIZES.channels + predictedPositions();
    assert.ok(summary.stateKeys > records, `${summary.stateKeys} keys for ${records} records`);

    // The issuance grew by exactly what was handed out: deposits, holds and escrow only move it.
    const holders = SIZES.accounts - contributors - SIZES.datasets - SIZES.models - SIZES.channels;
    const funds = FAIR * (FUNDS.contributor * BigInt(contributors) + FUNDS.datasetOwner * BigInt(SIZES.datasets)
      + FUNDS.modelOwner * BigInt(SIZES.models) + FUNDS.consumer * BigInt(SIZES.channels) + FUNDS.holder * BigInt(holders));
    const issuanceAt = async (hash) => (await (await api.at(hash)).query.balances.totalIssuance()).toBigInt();
    assert.equal(await issuanceAt(populated), (await issuanceAt(genesis)) + funds);
    assert.equal(BigInt(summary.issuance), await issuanceAt(populated));

    // The node authors on top of the populated blocks (GRANDPA does not finalize past them yet:
    // docs/scale.md), and they stay final.
    await waitBlocks('two blocks authored on top of the populated ones', async () => (await bestNumber(node.httpUrl)) >= summary.blocks + 2,
      { url: node.httpUrl, blocks: 10 });
    assert.ok((await finalizedNumber(node.httpUrl)) >= summary.blocks);
  } finally {
    if (api) await api.disconnect();
    await node?.stop();
    rmSync(basePath, { recursive: true, force: true });
  }
});
