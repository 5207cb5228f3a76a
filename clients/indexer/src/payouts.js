// The payout rules, implemented again from docs/economics.md, apart from the runtime: what each
// payment gives the protocol, the model's owner, its parents (royalties) and its data
// contributors, and what each contributor is owed, claims, and has escrowed, given the facts
// the chain's events state. The indexer uses it to recompute every contributor's earnings from
// events alone; its tests (tests/clients/payouts.test.js) check it on figures worked out by hand.
//
// Amounts are BigInt planck; shares, fees and royalties are Perbill parts (BigInt, of 10⁹).
// Every division rounds down, as the runtime's does:
// - a payment of `total` splits into `protocol = ⌊fee × total⌋`,
//   `owner = ⌊ownerShare × (total − protocol)⌋` and `data = total − protocol − owner`;
// - each parent's royalty is `⌊royalty × data⌋`, paid into the parent as its own data reward
//   (which pays its own parents in turn); the model keeps the rest;
// - a position of `points = Σ weight × share` over the model's `totalPoints` is owed
//   `⌊(dataPaid − checkpoint) × points / totalPoints⌋`, and a settlement that finds it owed
//   something moves its checkpoint to `dataPaid` (one that finds nothing leaves it, so the
//   fractions go on adding up); the part owed through one dataset is the same formula with that
//   part's points;
// - a part through a challenged dataset goes to escrow, through a slashed one to the protocol,
//   through a reattributed one to the rightful account's credit; the contributor gets the rest.
// A ruling moves a dataset's escrow: upheld, to the protocol; misattribution, to the rightful
// account's credit; rejected or expired, back to each contributor's credit.
//
// Every amount an account holds is kept by the (model, dataset) it came through, so that its
// earnings can be told apart by both. The state lives in a store of plain objects (`state`:
// `get(kind, id)` resolves with an object the rules change in place, `put(kind, id, value)`
// adds one, `remove(kind, id)` drops one): in memory by default, in the indexer's database for
// the indexer. Sets of ids are objects keyed by id (`{ id: true }`), which JSON keeps.
'use strict';

const PERBILL = 1_000_000_000n;

/** `⌊parts × x / 10⁹⌋`: a Perbill of `x`, rounded down. */
const mulFloor = (parts, x) => (BigInt(parts) * BigInt(x)) / PERBILL;

/** Splits a payment of `total`: see the rules above. */
function splitPayment(total, protocolFee, ownerShare) {
  const protocol = mulFloor(protocolFee, total);
  const owner = mulFloor(ownerShare, total - protocol);
  return { protocol, owner, data: total - protocol - owner };
}

/** The rules' state in memory: objects by kind and id, changed in place. */
class MemoryState {
  constructor() {
    this.rows = new Map();
  }

  async get(kind, id) {
    return this.rows.get(`${kind}/${id}`);
  }

  put(kind, id, value) {
    this.rows.set(`${kind}/${id}`, value);
    return value;
  }

  remove(kind, id) {
    this.rows.delete(`${kind}/${id}`);
  }
}

/** What an account holds through one (model, dataset): credited, in escrow, and claimed. */
const emptyEntry = () => ({ credit: 0n, escrowed: 0n, claimed: 0n });

class Payouts {
  /**
   * @param {{ protocolFee: bigint, state?: object }} options the runtime's `ProtocolFee`, in
   *   Perbill parts (the indexer sets `protocolFee` again when a runtime changes it), and the
   *   store of the state.
   */
  constructor({ protocolFee, state = new MemoryState() }) {
    this.protocolFee = BigInt(protocolFee);
    this.state = state;
    // What changed since `takeTouched`: models paid or whose datasets' status changed, and
    // (account, model) pairs whose amounts moved.
    this.touched = { models: new Set(), pairs: new Map() };
  }

  /** A dataset registered with `contributors`, `[account, share]` pairs. */
  async registerDataset(hash, contributors) {
    this.state.put('dataset', hash, {
      contributors: contributors.map(([account, share]) => [account, BigInt(share)]),
      status: 'Active',
      rightful: null,
      // By `account|model`: what settlements moved to escrow through this dataset.
      escrow: {},
      // The models with positions through it, whose owed amounts its status routes.
      models: {},
    });
  }

  /**
   * A model registered over `datasets` (`[hash, weight]`) with `parents` (`[modelId, royalty]`)
   * and `ownerShare`: each contributor of a dataset of weight above zero gets a position.
   */
  async registerModel(id, { datasets, parents = [], ownerShare }) {
    id = String(id);
    const positions = new Map();
    let totalPoints = 0n;
    for (const [hash, weight] of datasets) {
      if (BigInt(weight) === 0n) continue;
      const dataset = await this.dataset(hash);
      dataset.models[id] = true;
      for (const [account, share] of dataset.contributors) {
        const points = BigInt(weight) * share;
        const position = positions.get(account) ?? { points: 0n, checkpoint: 0n, parts: [] };
        position.points += points;
        position.parts.push({ hash, points });
        positions.set(account, position);
        totalPoints += points;
      }
    }
    for (const [account, position] of positions) {
      this.state.put('position', `${id}/${account}`, position);
      (await this.account(account)).models[id] = true;
    }
    this.state.put('model', id, {
      parents: parents.map(([parent, royalty]) => [String(parent), BigInt(royalty)]),
      ownerShare: BigInt(ownerShare),
      totalPoints,
      dataPaid: 0n,
      accounts: [...positions.keys()],
    });
  }

  /**
   * A payment of `amount` to model `id`. Returns its split and the royalties it credited up the
   * lineage, `{ model, from, amount }` each, in the order of the runtime's `RoyaltyCredited`
   * events.
   */
  async pay(id, amount) {
    const model = await this.model(id);
    const split = splitPayment(BigInt(amount), this.protocolFee, model.ownerShare);
    await this.toProtocol(split.protocol);
    const royalties = [];
    await this.creditData(String(id), split.data, royalties);
    return { ...split, royalties };
  }

  /** Credits `data` to model `id`'s contributors, less its parents' royalties. */
  async creditData(id, data, royalties) {
    const model = await this.model(id);
    let own = data;
    for (const [parent, royalty] of model.parents) {
      const amount = mulFloor(royalty, data);
      if (amount === 0n) continue;
      own -= amount;
      // The runtime credits the parent's own lineage first, then records this royalty.
      await this.creditData(parent, amount, royalties);
      royalties.push({ model: parent, from: id, amount });
    }
    if (own === 0n) return;
    model.dataPaid += own;
    this.touched.models.add(id);
  }

  /**
   * Model `id` removed (retired, its last position settled): its state goes, and so do the
   * indexes that name it. What its contributors hold through it stays theirs.
   */
  async removeModel(id) {
    id = String(id);
    const model = await this.model(id);
    const hashes = new Set();
    for (const account of model.accounts) {
      const position = await this.state.get('position', `${id}/${account}`);
      for (const part of position?.parts ?? []) hashes.add(part.hash);
      delete (await this.account(account)).models[id];
      this.state.remove('position', `${id}/${account}`);
    }
    for (const hash of hashes) {
      const dataset = await this.state.get('dataset', hash);
      if (dataset) delete dataset.models[id];
    }
    this.state.remove('model', id);
    this.touched.models.delete(id);
  }

  /** Dataset `hash` challenged: from now on what it owes goes to escrow. */
  async challenge(hash) {
    const dataset = await this.dataset(hash);
    dataset.status = 'Challenged';
    this.touchModels(dataset);
  }

  /**
   * The ruling on dataset `hash`'s challenge: `upheld`, `misattribution` (naming `rightful`),
   * `rejected` or `expired`, with the status the dataset returns to after the last two
   * (`Active`, or `Withdrawn` if it had been withdrawn). Returns the escrow it moved.
   */
  async rule(hash, outcome, { rightful, status = 'Active' } = {}) {
    const dataset = await this.dataset(hash);
    let moved = 0n;
    for (const [key, amount] of Object.entries(dataset.escrow)) {
      const [account, model] = key.split('|');
      moved += amount;
      (await this.entry(account, model, hash)).escrowed -= amount;
      if (outcome === 'rejected' || outcome === 'expired') await this.credit(account, model, hash, amount);
      else if (outcome === 'misattribution') await this.credit(rightful, model, hash, amount);
    }
    dataset.escrow = {};
    if (outcome === 'upheld') {
      await this.toProtocol(moved);
      dataset.status = 'Slashed';
    } else if (outcome === 'misattribution') {
      dataset.status = 'Reattributed';
      dataset.rightful = rightful;
    } else {
      dataset.status = status;
    }
    this.touchModels(dataset);
    return moved;
  }

  /**
   * Settles `account`'s position in model `id`, as a claim or `settle_position` does: returns
   * `{ credited, escrowed, forfeited, redirected }`, where `credited` is what the contributor is
   * owed and stays to claim (a claim pays it at once), and `perDataset`, the contributor's part
   * by dataset hash.
   */
  async settle(account, id) {
    id = String(id);
    const model = await this.model(id);
    const position = await this.state.get('position', `${id}/${account}`);
    const owed = await this.owedBy(position, model);
    if (owed.total === 0n) return owed;
    position.checkpoint = model.dataPaid;
    for (const { hash, amount, route } of owed.routed) {
      const dataset = await this.dataset(hash);
      if (route === 'escrow') {
        const key = `${account}|${id}`;
        dataset.escrow[key] = (dataset.escrow[key] ?? 0n) + amount;
        (await this.entry(account, id, hash)).escrowed += amount;
      } else if (route === 'rightful') {
        await this.credit(dataset.rightful, id, hash, amount);
      } else {
        await this.toProtocol(amount);
      }
    }
    for (const [hash, amount] of owed.perDataset) if (amount > 0n) await this.credit(account, id, hash, amount);
    return owed;
  }

  /**
   * What settling `position` (none: nothing) in `model` would give now, changing nothing:
   * `{ total, credited, escrowed, forfeited, redirected, perDataset, routed }`.
   */
  async owedBy(position, model) {
    const out = { total: 0n, credited: 0n, escrowed: 0n, forfeited: 0n, redirected: 0n, perDataset: new Map(), routed: [] };
    const accrued = position ? model.dataPaid - position.checkpoint : 0n;
    if (accrued === 0n || model.totalPoints === 0n) return out;
    out.total = (accrued * position.points) / model.totalPoints;
    out.credited = out.total;
    const kept = [];
    for (const part of position.parts) {
      const amount = (accrued * part.points) / model.totalPoints;
      const { status, rightful } = await this.dataset(part.hash);
      if (status === 'Active' || status === 'Withdrawn') {
        kept.push([part.hash, amount]);
        continue;
      }
      const route = routeOf(status, rightful);
      out.credited -= amount;
      out[{ escrow: 'escrowed', rightful: 'redirected', protocol: 'forfeited' }[route]] += amount;
      out.routed.push({ hash: part.hash, amount, route });
    }
    out.perDataset = attribute(out.credited, kept, position.parts[0].hash);
    return out;
  }

  /** `account` claims, settling its positions in `models` first: returns what it was paid. */
  async claim(account, models) {
    for (const id of models) await this.settle(account, id);
    const ledger = await this.account(account);
    let paid = 0n;
    for (const id of Object.keys(ledger.credited)) {
      for (const entry of Object.values((await this.pair(account, id)).datasets)) {
        paid += entry.credit;
        entry.claimed += entry.credit;
        entry.credit = 0n;
      }
      this.touchPair(account, id);
    }
    ledger.credited = {};
    return paid;
  }

  /**
   * What `account` has earned through model `id`, by dataset hash: `{ pending, escrowed,
   * claimed }` each, what it holds and what settling its position now would give it.
   */
  async earnings(account, id) {
    id = String(id);
    const out = new Map();
    const at = (hash) => {
      if (!out.has(hash)) out.set(hash, { pending: 0n, escrowed: 0n, claimed: 0n });
      return out.get(hash);
    };
    const pair = await this.state.get('pair', `${account}/${id}`);
    for (const [hash, entry] of Object.entries(pair?.datasets ?? {})) {
      Object.assign(at(hash), { pending: entry.credit, escrowed: entry.escrowed, claimed: entry.claimed });
    }
    // Every dataset of the position, so that a part a ruling took away reads zero.
    const position = await this.state.get('position', `${id}/${account}`);
    for (const part of position?.parts ?? []) at(part.hash);
    // A removed model has no position left either: nothing is owed through it.
    const owed = await this.owedBy(position, await this.state.get('model', id));
    for (const [hash, amount] of owed.perDataset) at(hash).pending += amount;
    for (const { hash, amount, route } of owed.routed) if (route === 'escrow') at(hash).escrowed += amount;
    return out;
  }

  /** What `account` is owed now, has in escrow and has claimed; `earned` is their sum. */
  async balance(account) {
    const ledger = await this.account(account);
    const sum = { pending: 0n, escrowed: 0n, claimed: 0n };
    for (const id of new Set([...Object.keys(ledger.models), ...Object.keys(ledger.pairs)])) {
      for (const figures of (await this.earnings(account, id)).values()) {
        for (const key of Object.keys(sum)) sum[key] += figures[key];
      }
    }
    return { ...sum, earned: sum.pending + sum.escrowed + sum.claimed };
  }

  /** What the protocol account received through the rules: fees, forfeits and slashed escrow. */
  async protocol() {
    return (await this.state.get('protocol', 'total'))?.amount ?? 0n;
  }

  /**
   * The (account, model) pairs whose figures may have changed since the last call, each with
   * every account of a model touched as a whole; and forgets them.
   */
  async takeTouched() {
    const { models, pairs } = this.touched;
    this.touched = { models: new Set(), pairs: new Map() };
    for (const id of models) {
      for (const account of (await this.model(id)).accounts) pairs.set(`${account}/${id}`, [account, id]);
    }
    return [...pairs.values()];
  }

  async dataset(hash) {
    const dataset = await this.state.get('dataset', hash);
    if (!dataset) throw new Error(`no dataset ${hash}`);
    return dataset;
  }

  async model(id) {
    const model = await this.state.get('model', String(id));
    if (!model) throw new Error(`no model ${id}`);
    return model;
  }

  /** `account`'s index: its models with a position, with amounts (`pairs`), and with credit. */
  async account(account) {
    return (await this.state.get('account', account))
      ?? this.state.put('account', account, { models: {}, pairs: {}, credited: {} });
  }

  /** What `account` holds through model `id`, by dataset. */
  async pair(account, id) {
    let pair = await this.state.get('pair', `${account}/${id}`);
    if (!pair) {
      pair = this.state.put('pair', `${account}/${id}`, { datasets: {} });
      (await this.account(account)).pairs[id] = true;
    }
    return pair;
  }

  async entry(account, id, hash) {
    const pair = await this.pair(account, id);
    this.touchPair(account, id);
    return (pair.datasets[hash] ??= emptyEntry());
  }

  async credit(account, id, hash, amount) {
    (await this.entry(account, id, hash)).credit += amount;
    (await this.account(account)).credited[id] = true;
  }

  async toProtocol(amount) {
    const total = (await this.state.get('protocol', 'total')) ?? this.state.put('protocol', 'total', { amount: 0n });
    total.amount += amount;
  }

  touchPair(account, id) {
    this.touched.pairs.set(`${account}/${id}`, [account, id]);
  }

  touchModels(dataset) {
    for (const id of Object.keys(dataset.models)) this.touched.models.add(id);
  }
}

/** Where a part owed through a dataset of `status` goes, when not to its contributor. */
function routeOf(status, rightful) {
  switch (status) {
    case 'Challenged':
      return 'escrow';
    case 'Reattributed':
      return rightful ? 'rightful' : 'protocol';
    case 'Slashed':
      return 'protocol';
    default:
      throw new Error(`no route for a dataset ${status}`);
  }
}

/**
 * Attributes `amount`, what a contributor was credited, to the datasets it `kept` (`[hash,
 * partOwed]`): each its part, and the rounding dust (less than one planck per part) to the
 * first kept, or to the position's `first` dataset when every part went elsewhere, so that
 * the parts add up to `amount` exactly.
 */
function attribute(amount, kept, first) {
  const out = new Map();
  let rest = amount;
  for (const [hash, owed] of kept) {
    out.set(hash, (out.get(hash) ?? 0n) + owed);
    rest -= owed;
  }
  if (rest > 0n) {
    const to = kept.length > 0 ? kept[0][0] : first;
    out.set(to, (out.get(to) ?? 0n) + rest);
  }
  return out;
}

module.exports = { Payouts, MemoryState, splitPayment, mulFloor, PERBILL };
