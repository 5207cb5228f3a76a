// The payout rules' state in the indexer's database: one `PayoutState` row per object, its JSON
// in `state` (BigInts tagged, as JSON has none). Objects are read once per block and changed in
// place; `flush` writes back those that changed, so they are committed in the transaction of
// the block that changed them. Runs in SubQuery's sandbox, with its `store`.
'use strict';

const TAG = '$big';
/** What the cache holds for an object removed in this block. */
const REMOVED = Symbol('removed');
/** What the cache holds for an object that was looked for and is not stored. */
const ABSENT = Symbol('absent');

const encode = (value) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? { [TAG]: v.toString() } : v));
const decode = (text) => JSON.parse(text, (_, v) => (v && typeof v === 'object' && TAG in v ? BigInt(v[TAG]) : v));

class StoreState {
  constructor(store) {
    this.store = store;
    // By `kind/id`: the live object, and the text it was read as (none for a new one).
    this.cache = new Map();
    this.read = new Map();
  }

  async get(kind, id) {
    const key = `${kind}/${id}`;
    if (this.cache.has(key)) {
      const value = this.cache.get(key);
      return value === REMOVED || value === ABSENT ? undefined : value;
    }
    const row = await this.store.get('PayoutState', key);
    if (!row) {
      this.cache.set(key, ABSENT);
      return undefined;
    }
    const value = decode(row.state);
    this.cache.set(key, value);
    this.read.set(key, row.state);
    return value;
  }

  put(kind, id, value) {
    this.cache.set(`${kind}/${id}`, value);
    return value;
  }

  remove(kind, id) {
    this.cache.set(`${kind}/${id}`, REMOVED);
  }

  /** Writes back every object that changed, and forgets them all. */
  async flush() {
    for (const [key, value] of this.cache) {
      if (value === ABSENT) continue;
      if (value === REMOVED) {
        await this.store.remove('PayoutState', key);
        continue;
      }
      const text = encode(value);
      if (this.read.get(key) !== text) await this.store.set('PayoutState', key, { id: key, state: text });
    }
    this.cache.clear();
    this.read.clear();
  }
}

module.exports = { StoreState };
