// The indexer's handlers: SubQuery calls `handleEvent` for each event of the `dataContribution`
// pallet in a finalized block, in order, and writes what the handlers stored, with the height it
// reached, in one database transaction (a batch of blocks at a time): after a crash it resumes
// after that height, so no block is applied twice. They run in SubQuery's sandbox, which gives
// them `store` and `logger`, so this file is CommonJS and requires nothing.
'use strict';

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

const handlers = {
  async DatasetRegistered(e, f) {
    const id = text(f.dataset);
    await record('Dataset', e, f, { owner: text, contributors: num, deposit: big }, { id, status: 'Active' });
  },
  async DatasetWithdrawn(e, f) {
    await update('Dataset', text(f.dataset), { status: 'Withdrawn', withdrawnBlock: at(e).block });
  },
  async DatasetRemoved(e, f) {
    await update('Dataset', text(f.dataset), { status: 'Removed' });
  },
  async ModelRegistered(e, f) {
    const id = text(f.modelId);
    // Runtimes before spec 107 do not say the price at registration.
    const price = f.pricePerQuery ? big(f.pricePerQuery) : null;
    await record('Model', e, f, { owner: text, positions: num, deposit: big }, { id, status: 'Active', price });
  },
  async ModelPriceSet(e, f) {
    await update('Model', text(f.modelId), { price: big(f.pricePerQuery) });
  },
  async ModelRetired(e, f) {
    await update('Model', text(f.modelId), { status: 'Retired' });
  },
  async ModelRemoved(e, f) {
    await update('Model', text(f.modelId), { status: 'Removed' });
  },
  async UsageRecorded(e, f) {
    await record('Payment', e, f, { ...PAYMENT, payer: text }, { model: text(f.modelId), kind: 'query', receipts: 0 });
  },
  async UsageSettled(e, f) {
    await record('Payment', e, f, { ...PAYMENT, receipts: num }, { model: text(f.modelId), kind: 'receipts' });
  },
  async RoyaltyCredited(e, f) {
    await record('Royalty', e, f, { from: text, amount: big }, { model: text(f.modelId) });
  },
  async RewardsClaimed(e, f) {
    await record('Claim', e, f, { who: text, ...SETTLED, amount: big, positions: num, moreRemaining: bool });
    const who = text(f.who);
    const contributor = (await store.get('Contributor', who)) || { id: who, claimed: 0n };
    await store.set('Contributor', who, { ...contributor, claimed: BigInt(contributor.claimed) + big(f.amount) });
  },
  async PositionSettled(e, f) {
    await record('PositionSettlement', e, f, { contributor: text, ...SETTLED, credited: big }, { model: text(f.modelId) });
  },
  async ModelRevenueClaimed(e, f) {
    await record('ModelRevenueClaim', e, f, { owner: text, ownerAmount: big, protocolAmount: big }, { model: text(f.modelId) });
  },
  async ChallengeOpened(e, f) {
    const dataset = text(f.dataset);
    const { id } = at(e);
    await record('Challenge', e, f, { challenger: text, bond: big, expiresAt: num }, { id, dataset, outcome: 'open' });
    await update('Dataset', dataset, { status: 'Challenged', openChallenge: id });
  },
  async ChallengeUpheld(e, f) {
    await rule(e, f, 'upheld', { escrow: big(f.forfeitedEscrow) }, { status: 'Slashed' });
  },
  async MisattributionUpheld(e, f) {
    const rightful = text(f.rightful);
    await rule(e, f, 'misattribution', { escrow: big(f.redirectedEscrow), rightful },
      { status: 'Reattributed', rightful });
  },
  async ChallengeRejected(e, f) {
    const dataset = await store.get('Dataset', text(f.dataset));
    const status = dataset && dataset.withdrawnBlock != null ? 'Withdrawn' : 'Active';
    await rule(e, f, f.expired.isTrue ? 'expired' : 'rejected', { escrow: big(f.releasedEscrow) }, { status });
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

/** Records the ruling on `f.dataset`'s open challenge, and the dataset's new state. */
async function rule(e, f, outcome, ruling, datasetChange) {
  const dataset = text(f.dataset);
  const challenge = await openChallenge(dataset);
  if (challenge) {
    const slashed = f.slashedDeposit ? { slashedDeposit: big(f.slashedDeposit), challengerReward: big(f.challengerReward) } : {};
    await update('Challenge', challenge, { outcome, rulingBlock: at(e).block, ...slashed, ...ruling });
  }
  await update('Dataset', dataset, { ...datasetChange, openChallenge: null });
}

/** Records a change of hands. */
async function transfer(e, kind, subject, f) {
  await record('OwnershipChange', e, f, { oldOwner: text, newOwner: text, deposit: big }, { kind, subject });
}

/** The handler SubQuery calls for each event of the pallet. */
async function handleEvent(event) {
  const handler = handlers[event.event.method];
  if (handler) await handler(event, fields(event));
}

module.exports = { handleEvent };
