// Every call of the data-contribution pallet, as a real node's metadata lists it, is made
// successfully by an end-to-end test. MADE_BY names the test file that makes each one (and checks
// its outcome); this test fails when the node has a call that no file is named for, when a named
// file no longer makes the call, or when a name is left over from a call that is gone.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect } from '../../clients/js/fairshare.js';
import { startDevNode } from '../lib/node.js';

const MADE_BY = {
  commit_dataset: 'journey.test.js',
  register_dataset: 'journey.test.js',
  remove_commitment: 'journey.test.js',
  confirm_contribution: 'journey.test.js',
  set_dataset_terms: 'lifecycle.test.js',
  offer_dataset_ownership: 'lifecycle.test.js',
  accept_dataset_ownership: 'lifecycle.test.js',
  withdraw_dataset: 'lifecycle.test.js',
  finish_withdraw_dataset: 'lifecycle.test.js',
  register_model: 'journey.test.js',
  set_model_price: 'shared-control.test.js',
  offer_model_ownership: 'shared-control.test.js',
  accept_model_ownership: 'shared-control.test.js',
  retire_model: 'lifecycle.test.js',
  settle_position: 'lifecycle.test.js',
  remove_retired_model: 'lifecycle.test.js',
  pay_for_queries: 'journey.test.js',
  claim_rewards: 'journey.test.js',
  claim_model_revenue: 'journey.test.js',
  challenge_dataset: 'journey.test.js',
  resolve_challenge: 'journey.test.js',
  resolve_misattribution: 'lifecycle.test.js',
  close_expired_challenge: 'lifecycle.test.js',
  open_usage: 'lifecycle.test.js',
  top_up_usage: 'lifecycle.test.js',
  settle_usage: 'usage.test.js',
  close_usage: 'lifecycle.test.js',
  finish_close_usage: 'lifecycle.test.js',
  prove_inclusion: 'journey.test.js',
};

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

let node;
let api;

before(async () => {
  node = await startDevNode({ finalized: 0 });
  api = await connect(node.wsUrl);
});

after(async () => {
  if (api) await api.disconnect();
  if (node) await node.stop();
});

test('every call in the node\'s metadata is made by a named end-to-end test, and no name is stale', () => {
  const pallet = api.runtimeMetadata.asLatest.pallets.find((p) => p.name.toString() === 'DataContribution');
  const variants = api.registry.lookup.getSiType(pallet.calls.unwrap().type).def.asVariant.variants;
  const calls = variants.map((v) => v.name.toString()).sort();
  assert.ok(calls.length >= 28, `the metadata lists the pallet's calls (${calls.length})`);
  assert.deepEqual(calls.filter((c) => !MADE_BY[c]), [], 'calls no end-to-end test is named for');
  assert.deepEqual(Object.keys(MADE_BY).filter((c) => !calls.includes(c)).sort(), [], 'names of calls that are gone');
  for (const call of calls) {
    const source = readFileSync(new URL(MADE_BY[call], import.meta.url), 'utf8');
    assert.ok(source.includes(`dataContribution.${camel(call)}(`), `${MADE_BY[call]} makes ${call}`);
  }
});
