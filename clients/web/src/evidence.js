// Evidence of copying, from the files proven in datasets (`prove_inclusion`, whose events the
// indexer keeps): the same content proven in two datasets, the one registered first being the
// original. A challenge of the later dataset cites the two proof events, earlier first, as
// `inclusion:<block>-<event>,<block>-<event>` (docs/economics.md, "Evidence the chain verifies").
// Pure functions, so that tests/clients check them without a page.

/** Characters that would make a path read as another: controls, and bidirectional overrides and marks. */
const MISLEADING = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * A proof's path (its bytes in 0x-hex) as text when it is UTF-8 without a character that would
 * make it read as another (anyone may prove a file, under any name); else as hex.
 */
export function pathText(hex) {
  const bytes = new Uint8Array((hex.slice(2).match(/../g) ?? []).map((b) => parseInt(b, 16)));
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return MISLEADING.test(text) ? hex : text;
  } catch {
    return hex;
  }
}

/** The first of `items` (in their order) for each `key`. */
function firstByKey(items, key) {
  const first = new Map();
  for (const item of items) if (!first.has(key(item))) first.set(key(item), item);
  return [...first.values()];
}

/** The evidence a challenge cites for `earlier` and `later`, two proofs of the same content. */
export const citation = (earlier, later) => `inclusion:${earlier.id},${later.id}`;

/**
 * One row per proof of `own` (proofs of the account's datasets, oldest first) and per other
 * dataset that `same` proves the same content in: `{ proof, match, order, cite }`. A file proven
 * again (the same dataset, path and content) and a dataset that holds the content under several
 * proofs count once, by their first proof: repeating a proof adds no row. `order` says whether the
 * match's dataset was registered `earlier` or `later` than the proof's (by `registered`, a Map
 * from dataset hash to the block of its registration), in the `same block`, or `unknown` (a
 * dataset the map lacks); `cite` is the
 * evidence against the later dataset, none when they cannot be ordered. A proof without a match
 * has a row of its own, with `match` null.
 */
export function copyEvidence(own, same, registered) {
  const rows = [];
  for (const proof of firstByKey(own, (p) => `${p.dataset}/${p.path}/${p.content}`)) {
    const others = same.filter((other) => other.content === proof.content && other.dataset !== proof.dataset);
    const matches = firstByKey(others, (other) => other.dataset);
    if (matches.length === 0) rows.push({ proof, match: null, order: null, cite: null });
    for (const match of matches) {
      const [mine, theirs] = [registered.get(proof.dataset), registered.get(match.dataset)];
      let order = 'unknown';
      if (mine !== undefined && theirs !== undefined) order = mine === theirs ? 'same block' : theirs < mine ? 'earlier' : 'later';
      const cite = order === 'earlier' ? citation(match, proof) : order === 'later' ? citation(proof, match) : null;
      rows.push({ proof, match, order, cite });
    }
  }
  return rows;
}
