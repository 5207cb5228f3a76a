// The payout rules' state in the indexer's database (clients/indexer/src/state.js), over a store
// that counts what it is asked: each object is read once per block, found or not; a flush writes
// back only what changed, BigInts intact, and removes what was removed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const { StoreState } = createRequire(import.meta.url)('../../clients/indexer/src/state.js');

/** SubQuery's `store`, in memory, with a log of its calls. */
function countingStore(rows = {}) {
  const calls = [];
  return {
    calls,
    rows,
    async get(entity, id) {
      calls.push(['get', entity, id]);
      return rows[id];
    },
    async set(entity, id, row) {
      calls.push(['set', entity, id]);
      rows[id] = row;
    },
    async remove(entity, id) {
      calls.push(['remove', entity, id]);
      delete rows[id];
    },
  };
}

test('an object is read once in a block, and one not stored is looked for once', async () => {
  const store = countingStore({ 'model/1': { id: 'model/1', state: JSON.stringify({ dataPaid: { $big: '7' } }) } });
  const state = new StoreState(store);
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(await state.get('model', 1), { dataPaid: 7n });
    assert.equal(await state.get('account', 'bob'), undefined);
  }
  assert.deepEqual(store.calls, [['get', 'PayoutState', 'model/1'], ['get', 'PayoutState', 'account/bob']]);
  // Nothing changed: the flush writes nothing, and the next block reads afresh.
  await state.flush();
  assert.equal(store.calls.length, 2);
  await state.get('account', 'bob');
  assert.equal(store.calls.length, 3);
});

test('a flush writes what changed or was made, exactly, and removes what was removed', async () => {
  const big = 2n ** 100n + 1n;
  const store = countingStore({
    'model/1': { id: 'model/1', state: JSON.stringify({ dataPaid: { $big: '7' } }) },
    'model/2': { id: 'model/2', state: JSON.stringify({ dataPaid: { $big: '9' } }) },
  });
  const state = new StoreState(store);
  (await state.get('model', 1)).dataPaid += big;
  assert.equal(await state.get('account', 'bob'), undefined);
  state.put('account', 'bob', { models: { 1: true }, credit: 3n });
  state.remove('model', 2);
  await state.flush();
  assert.deepEqual(store.calls.filter(([kind]) => kind !== 'get'), [
    ['set', 'PayoutState', 'model/1'],
    ['set', 'PayoutState', 'account/bob'],
    ['remove', 'PayoutState', 'model/2'],
  ]);
  const again = new StoreState(store);
  assert.deepEqual(await again.get('model', 1), { dataPaid: 7n + big });
  assert.deepEqual(await again.get('account', 'bob'), { models: { 1: true }, credit: 3n });
  assert.equal(await again.get('model', 2), undefined);
});
