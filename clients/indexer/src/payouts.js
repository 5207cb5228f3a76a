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

class Payouts {
  /** @param {{ protocolFee: bigint }} options the runtime's `ProtocolFee`, in Perbill parts. */
  constructor({ protocolFee }) {
    this.protocolFee = BigInt(protocolFee);
    this.datasets = new Map();
    this.models = new Map();
    this.accounts = new Map();
    this.protocol = 0n;
  }

  /** A dataset registered with `contributors`, `[account, share]` pairs. */
  registerDataset(hash, contributors) {
    this.datasets.set(hash, {
      contributors: contributors.map(([account, share]) => [account, BigInt(share)]),
      status: 'Active',
      rightful: null,
      escrow: new Map(),
    });
  }

  /**
   * A model registered over `datasets` (`[hash, weight]`) with `parents` (`[modelId, royalty]`)
   * and `ownerShare`: each contributor of a dataset of weight above zero gets a position.
   */
  registerModel(id, { datasets, parents = [], ownerShare }) {
    const positions = new Map();
    let totalPoints = 0n;
    datasets.forEach(([hash, weight], index) => {
      if (BigInt(weight) === 0n) return;
      for (const [account, share] of this.dataset(hash).contributors) {
        const points = BigInt(weight) * share;
        const position = positions.get(account) ?? { points: 0n, checkpoint: 0n, parts: [] };
        position.points += points;
        position.parts.push({ index, hash, points });
        positions.set(account, position);
        totalPoints += points;
      }
    });
    this.models.set(String(id), {
      parents: parents.map(([parent, royalty]) => [String(parent), BigInt(royalty)]),
      ownerShare: BigInt(ownerShare),
      totalPoints,
      dataPaid: 0n,
      positions,
    });
  }

  /**
   * A payment of `amount` to model `id`. Returns its split and the royalties it credited up the
   * lineage, `{ model, from, amount }` each, in the order of the runtime's `RoyaltyCredited`
   * events.
   */
  pay(id, amount) {
    const model = this.model(id);
    const split = splitPayment(BigInt(amount), this.protocolFee, model.ownerShare);
    this.protocol += split.protocol;
    const royalties = [];
    this.creditData(String(id), split.data, royalties);
    return { ...split, royalties };
  }

  /** Credits `data` to model `id`'s contributors, less its parents' royalties. */
  creditData(id, data, royalties) {
    const model = this.model(id);
    let own = data;
    for (const [parent, royalty] of model.parents) {
      const amount = mulFloor(royalty, data);
      if (amount === 0n) continue;
      own -= amount;
      // The runtime credits the parent's own lineage first, then records this royalty.
      this.creditData(parent, amount, royalties);
      royalties.push({ model: parent, from: id, amount });
    }
    model.dataPaid += own;
  }

  /** Dataset `hash` challenged (`Challenged`) or its challenge opened again. */
  challenge(hash) {
    this.dataset(hash).status = 'Challenged';
  }

  /**
   * The ruling on dataset `hash`'s challenge: `upheld`, `misattribution` (naming `rightful`),
   * `rejected` or `expired`, with the status the dataset returns to after the last two
   * (`Active`, or `Withdrawn` if it had been withdrawn). Returns the escrow it moved.
   */
  rule(hash, outcome, { rightful, status = 'Active' } = {}) {
    const dataset = this.dataset(hash);
    let moved = 0n;
    const released = outcome === 'rejected' || outcome === 'expired';
    for (const [account, amount] of dataset.escrow) {
      moved += amount;
      if (released) this.account(account).credit += amount;
      this.account(account).escrowed -= amount;
    }
    dataset.escrow.clear();
    if (outcome === 'upheld') {
      this.protocol += moved;
      dataset.status = 'Slashed';
    } else if (outcome === 'misattribution') {
      this.account(rightful).credit += moved;
      dataset.status = 'Reattributed';
      dataset.rightful = rightful;
    } else {
      dataset.status = status;
    }
    return moved;
  }

  /**
   * Settles `account`'s position in model `id`, as a claim or `settle_position` does: returns
   * `{ credited, escrowed, forfeited, redirected }`, where `credited` is what the contributor is
   * owed and stays to claim (a claim pays it at once), and `perDataset`, the contributor's part
   * by dataset hash.
   */
  settle(account, id) {
    const model = this.model(id);
    const owed = this.owed(account, model);
    if (owed.total === 0n) return owed;
    model.positions.get(account).checkpoint = model.dataPaid;
    for (const { hash, amount, route } of owed.routed) {
      if (route === 'escrow') {
        const { escrow } = this.dataset(hash);
        escrow.set(account, (escrow.get(account) ?? 0n) + amount);
        this.account(account).escrowed += amount;
      } else if (route === 'rightful') {
        this.account(this.dataset(hash).rightful).credit += amount;
      } else {
        this.protocol += amount;
      }
    }
    this.account(account).credit += owed.credited;
    return owed;
  }

  /** What settling `account`'s position in `model` would give now, changing nothing. */
  owed(account, model) {
    const out = { total: 0n, credited: 0n, escrowed: 0n, forfeited: 0n, redirected: 0n, perDataset: new Map(), routed: [] };
    const position = model.positions.get(account);
    const accrued = position ? model.dataPaid - position.checkpoint : 0n;
    if (accrued === 0n || model.totalPoints === 0n) return out;
    out.total = (accrued * position.points) / model.totalPoints;
    out.credited = out.total;
    const kept = [];
    for (const part of position.parts) {
      const amount = (accrued * part.points) / model.totalPoints;
      const { status, rightful } = this.dataset(part.hash);
      if (status === 'Active' || status === 'Withdrawn') {
        kept.push([part.hash, amount]);
        continue;
      }
      const route = status === 'Challenged' ? 'escrow' : status === 'Reattributed' && rightful ? 'rightful' : 'protocol';
      out.credited -= amount;
      out[{ escrow: 'escrowed', rightful: 'redirected', protocol: 'forfeited' }[route]] += amount;
      out.routed.push({ hash: part.hash, amount, route });
    }
    out.perDataset = attribute(out.credited, kept, position.parts[0].hash);
    return out;
  }

  /** `account` claims, settling its positions in `models` first: returns what it was paid. */
  claim(account, models) {
    for (const id of models) this.settle(account, id);
    const ledger = this.account(account);
    const paid = ledger.credit;
    ledger.claimed += paid;
    ledger.credit = 0n;
    return paid;
  }

  /** What `account` is owed now, has in escrow and has claimed; `earned` is their sum. */
  balance(account) {
    const ledger = this.account(account);
    let pending = ledger.credit;
    let escrowed = ledger.escrowed;
    for (const model of this.models.values()) {
      const owed = this.owed(account, model);
      pending += owed.credited;
      escrowed += owed.escrowed;
    }
    return { pending, escrowed, claimed: ledger.claimed, earned: pending + escrowed + ledger.claimed };
  }

  dataset(hash) {
    const dataset = this.datasets.get(hash);
    if (!dataset) throw new Error(`no dataset ${hash}`);
    return dataset;
  }

  model(id) {
    const model = this.models.get(String(id));
    if (!model) throw new Error(`no model ${id}`);
    return model;
  }

  account(account) {
    let ledger = this.accounts.get(account);
    if (!ledger) {
      ledger = { credit: 0n, escrowed: 0n, claimed: 0n };
      this.accounts.set(account, ledger);
    }
    return ledger;
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

module.exports = { Payouts, splitPayment, mulFloor, PERBILL };
