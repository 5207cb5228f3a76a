// The indexer's block handler (clients/indexer/src/mappings.js) on blocks made here, as SubQuery
// hands them over: event records whose codecs print JSON as polkadot.js's do (integers as
// numbers up to 52 bits, as hex above), with SubQuery's `store`, `api` and `logger` in memory.
// The real node and SubQuery run in tests/e2e/indexer*.test.js; these pin the edge values.

import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const { handleBlock } = createRequire(import.meta.url)('../../clients/indexer/src/mappings.js');

const PERBILL = 1_000_000_000n;
const PROTOCOL_FEE = PERBILL / 20n;
const DATASET = `0x${'11'.repeat(32)}`;
const [ALICE, BOB, DAVE, EVE] = ['5Alice', '5Bob', '5Dave', '5Eve'];
/** A model id above 2^53, which polkadot.js prints in hex. */
const MODEL = 2n ** 53n + 5n;
const MODEL_JSON = `0x${MODEL.toString(16).padStart(16, '0')}`;

/** A u128 as polkadot.js prints it: a number up to 52 bits, 0x and 32 hex digits above. */
const u128 = (value) => (value < 2n ** 52n ? Number(value) : `0x${value.toString(16).padStart(32, '0')}`);

let rows;

beforeEach(() => {
  rows = {};
  const table = (entity) => (rows[entity] ??= new Map());
  globalThis.store = {
    get: async (entity, id) => table(entity).get(id),
    set: async (entity, id, row) => void table(entity).set(id, row),
    remove: async (entity, id) => void table(entity).delete(id),
    getByField: async (entity, field, value) => [...table(entity).values()].filter((row) => row[field] === value),
  };
  globalThis.api = { consts: { dataContribution: { protocolFee: { toBigInt: () => PROTOCOL_FEE } } } };
  globalThis.logger = { warn() {}, error() {}, info() {} };
});

/** An event record of pallet `section` at event index `index`, its codec as SubQuery hands it over. */
function codec(section, index, method, fields, extrinsic) {
  const json = { phase: { applyExtrinsic: extrinsic }, event: { index, data: Object.values(fields) }, topics: [] };
  return { event: { section, method, data: { names: Object.keys(fields) } }, toString: () => JSON.stringify(json) };
}

/** An event record of the pallet (index 9, `variant` its event's). */
const record = (variant, method, fields, extrinsic = 1) => codec('dataContribution', `0x09${variant}`, method, fields, extrinsic);

/** Another pallet's event, which the handler must pass over. */
const transfer = (extrinsic) => codec('balances', '0x0502', 'Transfer', { from: EVE, to: DAVE, amount: 1 }, extrinsic);

const block = (number, events) => ({
  events,
  block: { header: { number: { toNumber: () => number } } },
  timestamp: new Date(Date.UTC(2026, 11, 5)),
});

/** ModelRegistered's fields for the model, at `pricePerQuery` (none: as before spec 107). */
const modelFields = (pricePerQuery) => ({
  modelId: MODEL_JSON, owner: DAVE, positions: 2, deposit: u128(10n ** 16n),
  datasets: [[DATASET, 1]], parents: [], ownerShare: Number(PERBILL / 5n),
  ...(pricePerQuery === undefined ? {} : { pricePerQuery: u128(pricePerQuery) }),
});

const registered = (pricePerQuery) => [
  record('00', 'DatasetRegistered', {
    dataset: DATASET, owner: ALICE, contributors: 2, deposit: u128(10n ** 16n),
    shares: [[ALICE, Number(PERBILL * 3n / 5n)], [BOB, Number(PERBILL * 2n / 5n)]],
  }),
  record('05', 'ModelRegistered', modelFields(pricePerQuery), 2),
];

/** A payment of `amount`, split as the runtime splits it, `protocolFee` stated `off` by some. */
function paid(amount, { off = 0n, extrinsic = 3 } = {}) {
  const protocolFee = (amount * PROTOCOL_FEE) / PERBILL;
  const ownerReward = ((amount - protocolFee) * PERBILL / 5n) / PERBILL;
  return record('0a', 'UsageRecorded', {
    modelId: MODEL_JSON, payer: EVE, queries: 3, amount: u128(amount), protocolFee: u128(protocolFee + off),
    ownerReward: u128(ownerReward), dataReward: u128(amount - protocolFee - ownerReward),
  }, extrinsic);
}

test('a model priced at 0 and amounts and ids above 2^52 are recorded exactly, with no discrepancy', async () => {
  await handleBlock(block(5, [transfer(1), ...registered(0n)]));
  assert.equal(rows.Model.get(MODEL.toString()).price, 0n);

  const amount = 10n ** 18n + 7n;
  await handleBlock(block(6, [transfer(1), paid(amount)]));
  const payment = rows.Payment.get('6-1');
  assert.equal(payment.model, MODEL.toString());
  assert.equal(payment.amount, amount);
  assert.equal(payment.payer, EVE);
  assert.equal(rows.Discrepancy, undefined);
  // The data reward, 60% and 40% by share, each rounded down: what each contributor earned.
  const protocol = (amount * PROTOCOL_FEE) / PERBILL;
  const data = amount - protocol - (amount - protocol) / 5n;
  assert.equal(rows.Contributor.get(ALICE).earned, (data * 3n) / 5n);
  assert.equal(rows.Contributor.get(BOB).earned, (data * 2n) / 5n);
});

test('a stated figure that differs from the recomputation is a Discrepancy row', async () => {
  await handleBlock(block(5, registered(1_000n)));
  await handleBlock(block(6, [paid(1_000_003n, { off: 1n })]));
  const [discrepancy] = rows.Discrepancy.values();
  assert.equal(discrepancy.field, 'protocolFee');
  assert.equal(BigInt(discrepancy.stated) - BigInt(discrepancy.recomputed), 1n);
});

test('an event without a field it must carry stops the block, with the reason', async () => {
  const [dataset] = registered(0n);
  const withoutPrice = record('05', 'ModelRegistered', modelFields(undefined), 2);
  await assert.rejects(handleBlock(block(5, [dataset, withoutPrice])), /ModelRegistered without the fields of spec 107/);
  await assert.rejects(handleBlock(block(5, [record('00', 'DatasetRegistered', { dataset: DATASET, owner: ALICE })])),
    /DatasetRegistered at 5-0 has no field contributors/);
});

test('a proven file is an InclusionProof row at its event\'s place, with its path\'s bytes and content as stated', async () => {
  const content = `0x${'ab'.repeat(32)}`;
  // "images/0002.bin", as the event's bytes print. polkadot.js names the dataset's field `hash_`.
  const path = `0x${Buffer.from('images/0002.bin').toString('hex')}`;
  await handleBlock(block(7, [transfer(1), record('21', 'InclusionProven', { hash_: DATASET, path, content }, 2)]));
  assert.deepEqual(rows.InclusionProof.get('7-1'),
    { id: '7-1', block: 7, timestamp: new Date(Date.UTC(2026, 11, 5)), dataset: DATASET, path, content });
  assert.equal(rows.Discrepancy, undefined);
});
