// The indexer's handlers: SubQuery calls `handleEvent` for each event of the `dataContribution`
// pallet in a finalized block, in order, and writes what the handlers stored, with the height it
// reached, in one database transaction (a batch of blocks at a time): after a crash it resumes
// after that height, so no block is applied twice. They run in SubQuery's sandbox, which gives
// them `store`, `logger` and `api` (the chain at the block).
//
// Besides a row per fact, they recompute every contributor's earnings from the events alone
// (payouts.js), check each figure an event states against the recomputation (a `Discrepancy` row
// where they differ), and at the block's last event of the pallet record the earnings that
// changed (earnings.js).
'use strict';

const { Payouts } = require('./payouts');
const { StoreState } = require('./state');
const { recordEarnings } = require('./earnings');

/** The event's fields by name, as polkadot.js decoded and named them (camelCase). */
function fields(event) {
  const { data } = event.event;
  return Object.fromEntries((data.names || []).map((name, i) => [name, data[i]]));
}

const text = (value) => value.toString();
const big = (value) => value.toBigInt();
const num = (value) => Number(value.toString());

const bool = (value) => value.isTrue;

/** A payment's fields: what it paid, and how it was split. */
const PAYMENT = { queries: big, amount: big, protocolFee: big, ownerReward: big, dataReward: big };
/** Where a settlement sent what was not paid to the contributor. */
const SETTLED = { escrowed: big, forfeited: big, redirected: big };

/** Where and when an event happened: its row id, its block and the block's timestamp. */
function at(event) {
  const block = event.block.block.header.number.toNumber();
  return { id: `${block}-${event.idx}`, block, timestamp: event.block.timestamp ?? new Date(0) };
}

/**
 * Stores event `e` as a row of `entity`: where and when it happened (`at`: its id, unless
 * `extra` names another), each field of `f` that `columns` names, converted by its function, and
 * `extra`.
 */
async function record(entity, e, f, columns, extra = {}) {
  const row = { ...at(e), ...extra };
  for (const [name, convert] of Object.entries(columns)) row[name] = convert(f[name]);
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

/** A list of `[account, Perbill]` or `[id, number]` pairs, as strings and BigInts. */
const pairs = (list) => list.map(([key, value]) => [text(key), big(value)]);

/** Why the earnings cannot be recomputed: the event predates the fields that state the facts. */
const tooOld = (method) => new Error(`${method} without the fields of spec 107: the earnings of this chain cannot be recomputed from its events`);

const handlers = {
  async DatasetRegistered(e, f, { payouts }) {
    const id = text(f.dataset);
    await record('Dataset', e, f, { owner: text, contributors: num, deposit: big }, { id, status: 'Active' });
    if (!f.shares) throw tooOld('DatasetRegistered');
    const shares = pairs(f.shares);
    for (const [contributor, share] of shares) {
      const row = `${id}-${contributor}`;
      await store.set('DatasetShare', row, { id: row, dataset: id, contributor, share, block: at(e).block });
    }
    await payouts.registerDataset(id, shares);
  },
  async DatasetDisplaced(e, f) {
    // The displacing registration follows, in the same call, with its own shares.
    const rows = await store.getByField('DatasetShare', 'dataset', text(f.dataset), { limit: 1000 });
    for (const row of rows) await store.remove('DatasetShare', row.id);
  },
  async DatasetWithdrawn(e, f) {
    await update('Dataset', text(f.dataset), { status: 'Withdrawn', withdrawnBlock: at(e).block });
  },
  async DatasetRemoved(e, f) {
    await update('Dataset', text(f.dataset), { status: 'Removed' });
  },
  async ModelRegistered(e, f, { payouts }) {
    const id = text(f.modelId);
    if (!f.pricePerQuery) throw tooOld('ModelRegistered');
    await record('Model', e, f, { owner: text, positions: num, deposit: big }, { id, status: 'Active', price: big(f.pricePerQuery) });
    await payouts.registerModel(id, { datasets: pairs(f.datasets), parents: pairs(f.parents), ownerShare: big(f.ownerShare) });
  },
  async ModelPriceSet(e, f) {
    await update('Model', text(f.modelId), { price: big(f.pricePerQuery) });
  },
  async ModelRetired(e, f) {
    await update('Model', text(f.modelId), { status: 'Retired' });
  },
  async ModelRemoved(e, f, { payouts }) {
    await update('Model', text(f.modelId), { status: 'Removed' });
    await payouts.removeModel(text(f.modelId));
  },
  async UsageRecorded(e, f, c) {
    await record('Payment', e, f, { ...PAYMENT, payer: text }, { model: text(f.modelId), kind: 'query', receipts: 0 });
    await pay(e, f, c);
  },
  async UsageSettled(e, f, c) {
    await record('Payment', e, f, { ...PAYMENT, receipts: num }, { model: text(f.modelId), kind: 'receipts' });
    await pay(e, f, c);
  },
  async RoyaltyCredited(e, f) {
    await record('Royalty', e, f, { from: text, amount: big }, { model: text(f.modelId) });
  },
  async RewardsClaimed(e, f, { payouts, check }) {
    await record('Claim', e, f, { who: text, ...SETTLED, amount: big, positions: num, moreRemaining: bool });
    if (!f.models) throw tooOld('RewardsClaimed');
    const who = text(f.who);
    const settled = { escrowed: 0n, forfeited: 0n, redirected: 0n };
    for (const model of f.models) {
      const owed = await payouts.settle(who, text(model));
      for (const key of Object.keys(settled)) settled[key] += owed[key];
    }
    await check({ ...settled, amount: await payouts.claim(who, []) });
  },
  async PositionSettled(e, f, { payouts, check }) {
    await record('PositionSettlement', e, f, { contributor: text, ...SETTLED, credited: big }, { model: text(f.modelId) });
    await check(await payouts.settle(text(f.contributor), text(f.modelId)), ['credited', ...Object.keys(SETTLED)]);
  },
  async ModelRevenueClaimed(e, f) {
    await record('ModelRevenueClaim', e, f, { owner: text, ownerAmount: big, protocolAmount: big }, { model: text(f.modelId) });
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
    await rule(e, f, c, f.expired.isTrue ? 'expired' : 'rejected', { escrow: 'releasedEscrow' }, { status });
  },
  async DatasetOwnershipTransferred(e, f) {
    await transfer(e, 'dataset', text(f.dataset), f);
    await update('Dataset', text(f.dataset), { owner: text(f.newOwner) });
  },
  async ModelOwnershipTransferred(e, f) {
    await transfer(e, 'model', text(f.modelId), f);
    await update('Model', text(f.modelId), { owner: text(f.newOwner) });
  },
};

/** Recomputes a payment's split and royalties, and checks them against what the events state. */
async function pay(e, f, { payouts, check }) {
  const paid = await payouts.pay(text(f.modelId), big(f.amount));
  await check({ protocolFee: paid.protocol, ownerReward: paid.owner, dataReward: paid.data });
  const royalties = (list) => list.map(({ model, from, amount }) => `${model}<${from}:${amount}`).join(' ');
  await check({ royalties: royalties(paid.royalties) }, ['royalties'], { royalties: royalties(royaltiesBefore(e)) });
}

/**
 * The `RoyaltyCredited` events of the payment event `e`: the runtime emits them just before it,
 * in the same extrinsic, with only other pallets' events between.
 */
function royaltiesBefore(e) {
  const records = e.block.events;
  const phase = records[e.idx].phase.toString();
  const out = [];
  for (let i = e.idx - 1; i >= 0 && records[i].phase.toString() === phase; i--) {
    const { section, method, data } = records[i].event;
    if (section !== 'dataContribution') continue;
    if (method !== 'RoyaltyCredited') break;
    out.unshift({ model: text(data[0]), from: text(data[1]), amount: big(data[2]) });
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
    const slashed = f.slashedDeposit ? { slashedDeposit: big(f.slashedDeposit), challengerReward: big(f.challengerReward) } : {};
    await update('Challenge', challenge, { outcome, rulingBlock: at(e).block, ...slashed, ...ruling, escrow: big(f[escrow]) });
  }
  await update('Dataset', dataset, { ...datasetChange, openChallenge: null });
  const moved = await payouts.rule(dataset, outcome, { rightful: ruling.rightful, status: datasetChange.status });
  await check({ [escrow]: moved });
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
      const got = String(name in stated ? stated[name] : f[name].toString());
      if (want === got) continue;
      const { id, block, timestamp } = at(e);
      logger.error(`${e.event.method} at ${id}: ${name} recomputed ${want}, stated ${got}`);
      await store.set('Discrepancy', `${id}-${name}`,
        { id: `${id}-${name}`, block, timestamp, event: e.event.method, field: name, recomputed: want, stated: got });
    }
  };
}

/**
 * The block being indexed (by hash): the payout rules over their state, read and written back
 * once in the block, with the fee its runtime charges; and the index of its last event of the
 * pallet, after which the block's earnings are recorded and the state flushed.
 */
let current = null;

function blockOf(event) {
  const hash = event.block.block.header.hash.toHex();
  if (current && current.hash === hash) return current;
  if (current && current.payouts.state.pending) {
    throw new Error(`block ${hash} began before block ${current.hash}'s payout state was written`);
  }
  let last = -1;
  event.block.events.forEach((record, i) => {
    if (record.event.section === 'dataContribution') last = i;
  });
  const protocolFee = api.consts.dataContribution.protocolFee.toBigInt();
  current = { hash, last, payouts: new Payouts({ protocolFee, state: new StoreState(store) }) };
  return current;
}

/**
 * The handler SubQuery calls for each event of the pallet. A failure forgets the block's state:
 * SubQuery stops, and the block is indexed afresh from the database after a restart.
 */
async function handleEvent(event) {
  try {
    const block = blockOf(event);
    const handler = handlers[event.event.method];
    if (handler) {
      const f = fields(event);
      await handler(event, f, { payouts: block.payouts, check: checker(event, f) });
    }
    if (event.idx === block.last) await recordEarnings(block.payouts, at(event));
  } catch (e) {
    current = null;
    throw e;
  }
}

module.exports = { handleEvent };
