// The indexer's handlers: SubQuery calls `handleBlock` for each finalized block, which applies
// the block's events of the `dataContribution` pallet in order, and writes what they stored, with
// the height it reached, in one database transaction (a batch of blocks at a time): after a crash
// it resumes after that height, so no block is applied twice. They run in SubQuery's sandbox,
// which gives them `store`, `logger` and `api` (the chain at the block).
//
// Besides a row per fact, they recompute every contributor's earnings from the events alone
// (payouts.js), check each figure an event states against the recomputation (a `Discrepancy` row
// where they differ), and at the end of the block record the earnings that changed
// (earnings.js).
//
// The sandbox reaches the node's decoded objects through proxies, and every property read
// through one costs microseconds: with 2,200 payments in a block, reading each event's fields
// that way took most of the indexer's time. So a block's events cross once, as the JSON text
// their codecs print, and only the names of the pallet's events are read from the codecs.
'use strict';

const { Payouts } = require('./payouts');
const { StoreState } = require('./state');
const { recordEarnings } = require('./earnings');

// Converters from a field's JSON, as polkadot.js prints it: an account in SS58, a hash in hex,
// an integer as a number up to 52 bits and in hex above, a boolean as one.
const text = (value) => String(value);
const big = (value) => BigInt(value);
const num = (value) => Number(value);
/** A model's id (a u64, so possibly hex), in decimal. */
const decimal = (value) => BigInt(value).toString();
const bool = (value) => value === true;

/** A payment's fields: what it paid, and how it was split. */
const PAYMENT = { queries: big, amount: big, protocolFee: big, ownerReward: big, dataReward: big };
/** Where a settlement sent what was not paid to the contributor. */
const SETTLED = { escrowed: big, forfeited: big, redirected: big };

/** Where and when an event happened: its row id, its block and the block's timestamp. */
function at(event) {
  const { number, timestamp } = event.block;
  return { id: `${number}-${event.idx}`, block: number, timestamp };
}

/**
 * Stores event `e` as a row of `entity`: where and when it happened (`at`: its id, unless
 * `extra` names another), each field of `f` that `columns` names, converted by its function, and
 * `extra`.
 */
async function record(entity, e, f, columns, extra = {}) {
  const row = { ...at(e), ...extra };
  for (const [name, convert] of Object.entries(columns)) {
    if (!(name in f)) throw new Error(`${e.method} at ${at(e).id} has no field ${name}`);
    row[name] = convert(f[name]);
  }
  await store.set(entity, row.id, row);
}

/** Applies `change` to the stored row `id` of `entity`, if there is one. */
async function update(entity, id, change) {
  const row = await store.get(entity, id);
  if (!row) {
    logger.warn(`no ${entity} ${id} to update`);
    return;
  }
  await store.set(entity, id, { ...row, ...change });
}

/** The open challenge of `dataset`: its row id is kept on the dataset's row. */
async function openChallenge(dataset) {
  const row = await store.get('Dataset', dataset);
  return row && row.openChallenge ? row.openChallenge : null;
}

/** A list of `[account, Perbill]`, `[hash, weight]` or `[model, Perbill]` pairs, as strings and BigInts. */
const pairs = (list, key = text) => list.map(([k, value]) => [key(k), big(value)]);

/** Why the earnings cannot be recomputed: the event predates the fields that state the facts. */
const tooOld = (method) => new Error(`${method} without the fields of spec 107: the earnings of this chain cannot be recomputed from its events`);

const handlers = {
  async DatasetRegistered(e, f, { payouts }) {
    const id = text(f.dataset);
    await record('Dataset', e, f, { owner: text, contributors: num, deposit: big }, { id, status: 'Active' });
    if (!('shares' in f)) throw tooOld('DatasetRegistered');
    const shares = pairs(f.shares);
    for (const [contributor, share] of shares) {
      const row = `${id}-${contributor}`;
      await store.set('DatasetShare', row, { id: row, dataset: id, contributor, share, block: at(e).block });
    }
    await payouts.registerDataset(id, shares);
  },
  async DatasetDisplaced(e, f) {
    // The displacing registration follows, in the same call, with its own shares.
    await dropShares(text(f.dataset));
  },
  async DatasetWithdrawn(e, f) {
    await update('Dataset', text(f.dataset), { status: 'Withdrawn', withdrawnBlock: at(e).block });
  },
  async DatasetRemoved(e, f) {
    await update('Dataset', text(f.dataset), { status: 'Removed' });
    await dropShares(text(f.dataset));
  },
  async ModelRegistered(e, f, { payouts }) {
    const id = decimal(f.modelId);
    if (!('pricePerQuery' in f)) throw tooOld('ModelRegistered');
    await record('Model', e, f, { owner: text, positions: num, deposit: big }, { id, status: 'Active', price: big(f.pricePerQuery) });
    await payouts.registerModel(id, { datasets: pairs(f.datasets), parents: pairs(f.parents, decimal), ownerShare: big(f.ownerShare) });
  },
  async ModelPriceSet(e, f) {
    await update('Model', decimal(f.modelId), { price: big(f.pricePerQuery) });
  },
  async ModelRetired(e, f) {
    await update('Model', decimal(f.modelId), { status: 'Retired' });
  },
  async ModelRemoved(e, f, { payouts }) {
    await update('Model', decimal(f.modelId), { status: 'Removed' });
    await payouts.removeModel(decimal(f.modelId));
  },
  async UsageRecorded(e, f, c) {
    await record('Payment', e, f, { ...PAYMENT, payer: text }, { model: decimal(f.modelId), kind: 'query', receipts: 0 });
    await pay(e, f, c);
  },
  async UsageSettled(e, f, c) {
    await record('Payment', e, f, { ...PAYMENT, receipts: num }, { model: decimal(f.modelId), kind: 'receipts' });
    await pay(e, f, c);
  },
  async RoyaltyCredited(e, f) {
    await record('Royalty', e, f, { from: decimal, amount: big }, { model: decimal(f.modelId) });
  },
  async RewardsClaimed(e, f, { payouts, check }) {
    await record('Claim', e, f, { who: text, ...SETTLED, amount: big, positions: num, moreRemaining: bool });
    if (!('models' in f)) throw tooOld('RewardsClaimed');
    const who = text(f.who);
    const settled = { escrowed: 0n, forfeited: 0n, redirected: 0n };
    for (const model of f.models) {
      const owed = await payouts.settle(who, decimal(model));
      for (const key of Object.keys(settled)) settled[key] += owed[key];
    }
    await check({ ...settled, amount: await payouts.claim(who, []) });
  },
  async PositionSettled(e, f, { payouts, check }) {
    await record('PositionSettlement', e, f, { contributor: text, ...SETTLED, credited: big }, { model: decimal(f.modelId) });
    await check(await payouts.settle(text(f.contributor), decimal(f.modelId)), ['credited', ...Object.keys(SETTLED)]);
  },
  async ModelRevenueClaimed(e, f) {
    await record('ModelRevenueClaim', e, f, { owner: text, ownerAmount: big, protocolAmount: big }, { model: decimal(f.modelId) });
  },
  async ChallengeOpened(e, f, { payouts }) {
    const dataset = text(f.dataset);
    const { id } = at(e);
    await record('Challenge', e, f, { challenger: text, bond: big, expiresAt: num }, { id, dataset, outcome: 'open' });
    await update('Dataset', dataset, { status: 'Challenged', openChallenge: id });
    await payouts.challenge(dataset);
  },
  async ChallengeUpheld(e, f, c) {
    await rule(e, f, c, 'upheld', { escrow: 'forfeitedEscrow' }, { status: 'Slashed' });
  },
  async MisattributionUpheld(e, f, c) {
    const rightful = text(f.rightful);
    await rule(e, f, c, 'misattribution', { escrow: 'redirectedEscrow', rightful }, { status: 'Reattributed', rightful });
  },
  async ChallengeRejected(e, f, c) {
    const dataset = await store.get('Dataset', text(f.dataset));
    const status = dataset && dataset.withdrawnBlock != null ? 'Withdrawn' : 'Active';
    await rule(e, f, c, f.expired === true ? 'expired' : 'rejected', { escrow: 'releasedEscrow' }, { status });
  },
  async InclusionProven(e, f) {
    // polkadot.js names the field `hash_`: a codec's `hash` is the hash of its own encoding.
    if (!('hash_' in f)) throw new Error(`InclusionProven at ${at(e).id} has no field hash_`);
    await record('InclusionProof', e, f, { path: text, content: text }, { dataset: text(f.hash_) });
  },
  async DatasetOwnershipTransferred(e, f) {
    await transfer(e, 'dataset', text(f.dataset), f);
    await update('Dataset', text(f.dataset), { owner: text(f.newOwner) });
  },
  async ModelOwnershipTransferred(e, f) {
    await transfer(e, 'model', decimal(f.modelId), f);
    await update('Model', decimal(f.modelId), { owner: text(f.newOwner) });
  },
};

/** Recomputes a payment's split and royalties, and checks them against what the events state. */
async function pay(e, f, { payouts, check }) {
  const paid = await payouts.pay(decimal(f.modelId), big(f.amount));
  await check({ protocolFee: paid.protocol, ownerReward: paid.owner, dataReward: paid.data });
  const royalties = (list) => list.map(({ model, from, amount }) => `${model}<${from}:${amount}`).join(' ');
  await check({ royalties: royalties(paid.royalties) }, ['royalties'], { royalties: royalties(royaltiesBefore(e)) });
}

/**
 * The `RoyaltyCredited` events of the payment event `e`: the runtime emits them just before it,
 * in the same extrinsic, with only other pallets' events between.
 */
function royaltiesBefore(e) {
  const { records } = e.block;
  const phase = JSON.stringify(records[e.idx].phase);
  const out = [];
  for (let i = e.idx - 1; i >= 0 && JSON.stringify(records[i].phase) === phase; i--) {
    const kind = e.block.kinds.get(records[i].event.index);
    if (!kind) continue;
    if (kind.method !== 'RoyaltyCredited') break;
    const [model, from, amount] = records[i].event.data;
    out.unshift({ model: decimal(model), from: decimal(from), amount: big(amount) });
  }
  return out;
}

/**
 * Records the ruling on `f.dataset`'s open challenge and the dataset's new state, and moves its
 * escrow by the rules: `ruling.escrow` names the event's field that states how much moved.
 */
async function rule(e, f, { payouts, check }, outcome, { escrow, ...ruling }, datasetChange) {
  const dataset = text(f.dataset);
  const challenge = await openChallenge(dataset);
  if (challenge) {
    const slashed = 'slashedDeposit' in f ? { slashedDeposit: big(f.slashedDeposit), challengerReward: big(f.challengerReward) } : {};
    await update('Challenge', challenge, { outcome, rulingBlock: at(e).block, ...slashed, ...ruling, escrow: big(f[escrow]) });
  }
  await update('Dataset', dataset, { ...datasetChange, openChallenge: null });
  const moved = await payouts.rule(dataset, outcome, { rightful: ruling.rightful, status: datasetChange.status });
  await check({ [escrow]: moved });
}

/** Forgets the shares of `dataset`, whose registration is gone. */
async function dropShares(dataset) {
  const rows = await store.getByField('DatasetShare', 'dataset', dataset, { limit: 1000 });
  for (const row of rows) await store.remove('DatasetShare', row.id);
}

/** Records a change of hands. */
async function transfer(e, kind, subject, f) {
  await record('OwnershipChange', e, f, { oldOwner: text, newOwner: text, deposit: big }, { kind, subject });
}

/**
 * A checker for event `e` with fields `f`: `check(recomputed, names, stated)` records a
 * `Discrepancy` for each of `names` (all of `recomputed`'s by default) whose recomputed value
 * differs from what the event states (`stated`, or the event's own field of that name).
 */
function checker(e, f) {
  return async (recomputed, names = Object.keys(recomputed), stated = {}) => {
    for (const name of names) {
      const want = String(recomputed[name]);
      const got = String(name in stated ? stated[name] : big(f[name]));
      if (want === got) continue;
      const { id, block, timestamp } = at(e);
      logger.error(`${e.method} at ${id}: ${name} recomputed ${want}, stated ${got}`);
      await store.set('Discrepancy', `${id}-${name}`,
        { id: `${id}-${name}`, block, timestamp, event: e.method, field: name, recomputed: want, stated: got });
    }
  };
}

/**
 * The block's events of the pallet, in order, each as `{ idx, method, f, block }`: its index
 * among the block's events, its name, its fields by name (camelCase, as polkadot.js names them)
 * and `block`: the block's number, timestamp, every event record's JSON (`records`) and, by event
 * index, the pallet's events' names (`kinds`; null for other pallets').
 */
function palletEvents(block) {
  const records = JSON.parse(`[${block.events.toString()}]`);
  const kinds = new Map();
  const context = {
    number: block.block.header.number.toNumber(),
    timestamp: block.timestamp ?? new Date(0),
    records,
    kinds,
  };
  const events = [];
  records.forEach((record, idx) => {
    const { index, data } = record.event;
    if (!kinds.has(index)) {
      const { section, method, data: decoded } = block.events[idx].event;
      kinds.set(index, section === 'dataContribution' ? { method, names: Array.from(decoded.names ?? []) } : null);
    }
    const kind = kinds.get(index);
    if (!kind) return;
    const f = Object.fromEntries(kind.names.map((name, i) => [name, data[i]]));
    events.push({ idx, method: kind.method, f, block: context });
  });
  return events;
}

/**
 * The handler SubQuery calls for each finalized block: the payout rules run over their state,
 * read and written back once in the block, with the fee its runtime charges. A failure stops
 * SubQuery, which indexes the block afresh from the database after a restart.
 */
async function handleBlock(block) {
  const events = palletEvents(block);
  if (events.length === 0) return;
  const protocolFee = api.consts.dataContribution.protocolFee.toBigInt();
  const payouts = new Payouts({ protocolFee, state: new StoreState(store) });
  for (const e of events) {
    const handler = handlers[e.method];
    if (handler) await handler(e, e.f, { payouts, check: checker(e, e.f) });
  }
  await recordEarnings(payouts, at(events[events.length - 1]));
}

module.exports = { handleBlock };
