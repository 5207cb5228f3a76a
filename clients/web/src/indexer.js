// What the dashboard reads from the indexer's GraphQL server (scripts/indexer.sh,
// docs/indexer.md): an account's earnings history, claims and the payments to its models, and
// the lists of the datasets and models it holds. The chain stays the source of every current
// figure; the indexer answers what the chain cannot (history) or only by scanning its storage
// (what an account holds).
//
// An indexer is a server the user named, so nothing it says is trusted: each request has a time
// limit and a size limit, paging stops at a bound, every row must have exactly the fields asked
// for, each of its kind (a block number, a model id, a dataset hash, an amount, a time), and its
// own words are never shown at length.

export const DEFAULT_INDEXER = 'http://127.0.0.1:3000/';

/** The most rows the server returns at once (SubQuery's default query limit). */
const PAGE = 100;
/** The most pages one list follows: 100,000 rows. */
const MAX_PAGES = 1_000;
/** The most datasets and models the page reads from the chain for one account. */
const MAX_HOLDINGS = 1_000;
const TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 4_000_000;

/** Whether `url` is one the page may ask: http(s), with a host. */
export function isIndexerUrl(url) {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host !== '';
  } catch {
    return false;
  }
}

/** An indexer's own words, cut short: the page says what went wrong without quoting a server at length. */
const quoted = (text) => JSON.stringify(String(text).slice(0, 120));

/** Posts `query` to the GraphQL server at `url`; resolves with its `data`, or throws why not. */
export async function graphql(url, query) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`the indexer answered HTTP ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_ANSWER_BYTES) throw new Error(`the indexer's answer is over ${MAX_ANSWER_BYTES} bytes`);
  const body = JSON.parse(text);
  if (body.errors?.length) throw new Error(`the indexer says ${quoted(body.errors[0].message)}`);
  if (!body.data || typeof body.data !== 'object') throw new Error('the indexer answered no data');
  return body.data;
}

/**
 * Connects to the indexer at `url` if it indexes the chain of genesis `genesisHash`: resolves
 * with { url, height } (the last block it processed), or throws why not.
 */
export async function openIndexer(url, genesisHash) {
  if (!isIndexerUrl(url)) throw new Error(`${quoted(url)} is not an http(s) URL`);
  const { _metadata: meta } = await graphql(url, '{ _metadata { lastProcessedHeight genesisHash } }');
  if (!/^0x[0-9a-f]{64}$/.test(meta?.genesisHash ?? '')) throw new Error('the indexer names no genesis hash');
  if (meta.genesisHash !== genesisHash) throw new Error(`the indexer follows another chain (genesis ${meta.genesisHash})`);
  const height = meta.lastProcessedHeight ?? 0;
  if (!Number.isSafeInteger(height) || height < 0) throw new Error('the indexer names no block it reached');
  return { url, height };
}

/** What each field the page asks for may hold. */
const FIELDS = {
  id: (v) => typeof v === 'string' && /^[0-9a-zA-Z-]{1,200}$/.test(v),
  block: (v) => Number.isSafeInteger(v) && v >= 0,
  model: (v) => typeof v === 'string' && /^\d{1,20}$/.test(v),
  dataset: (v) => typeof v === 'string' && /^0x[0-9a-f]{64}$/.test(v),
  kind: (v) => v === 'query' || v === 'receipts',
  path: (v) => typeof v === 'string' && /^0x([0-9a-f]{2}){0,4096}$/.test(v),
  content: (v) => typeof v === 'string' && /^0x[0-9a-f]{64}$/.test(v),
  positions: (v) => Number.isSafeInteger(v) && v >= 0,
  timestamp: (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:?\d\d)?$/.test(v),
};
const isAmount = (v) => typeof v === 'string' && /^-?\d{1,40}$/.test(v);

/**
 * `rows`, each with exactly `fields` (space-separated), each valid, amounts (those of `amounts`)
 * as BigInt; or an error naming the first that is not.
 */
function checked(rows, fields, amounts = []) {
  const names = fields.split(' ');
  return rows.map((row) => {
    if (!row || typeof row !== 'object' || Object.keys(row).length !== names.length) throw new Error('the indexer answered a malformed row');
    const out = {};
    for (const name of names) {
      const value = Object.hasOwn(row, name) ? row[name] : undefined;
      const valid = amounts.includes(name) ? isAmount(value) : Object.hasOwn(FIELDS, name) && FIELDS[name](value);
      if (!valid) throw new Error(`the indexer answered ${quoted(JSON.stringify(value))} for a ${name}`);
      out[name] = amounts.includes(name) ? BigInt(value) : value;
    }
    return out;
  });
}

/**
 * Every row of collection `name` matching `filter` (GraphQL text), `fields` of each, by block;
 * at most `pages` pages of rows (MAX_PAGES by default), or an error.
 */
async function all({ url }, name, fields, filter, amounts, pages = MAX_PAGES) {
  const rows = [];
  const seen = new Set();
  let after = null;
  for (let page = 0; page < pages; page++) {
    const cursor = after ? `, after: ${JSON.stringify(after)}` : '';
    const data = await graphql(url, `{ ${name}(first: ${PAGE}${cursor}, orderBy: [BLOCK_ASC, ID_ASC], filter: ${filter}) {
      nodes { ${fields} } pageInfo { hasNextPage endCursor } } }`);
    const { nodes, pageInfo } = data[name] ?? {};
    if (!Array.isArray(nodes) || nodes.length > PAGE || !pageInfo) throw new Error(`the indexer answered a malformed page of ${name}`);
    rows.push(...checked(nodes, fields, amounts));
    if (!pageInfo.hasNextPage) return rows;
    if (typeof pageInfo.endCursor !== 'string' || seen.has(pageInfo.endCursor)) throw new Error(`the indexer's pages of ${name} go round`);
    seen.add(pageInfo.endCursor);
    after = pageInfo.endCursor;
  }
  throw new Error(`the indexer has more than ${pages * PAGE} ${name} for this account`);
}

/**
 * `address`'s history: its figures (`totals`, zeros if it has none), its earnings changes by
 * (block, model, dataset) oldest first, its claims, and the payments to the models it owns now
 * (`models`, their ids).
 */
export async function historyOf(indexer, address, models) {
  const who = JSON.stringify(address);
  const figures = 'earned claimed pending escrowed';
  const [{ contributor }, earnings, claims, payments] = await Promise.all([
    graphql(indexer.url, `{ contributor(id: ${who}) { ${figures} } }`),
    all(indexer, 'earnings', 'block timestamp model dataset earned claimed earnedTotal claimedTotal',
      `{ contributor: { equalTo: ${who} } }`, ['earned', 'claimed', 'earnedTotal', 'claimedTotal']),
    all(indexer, 'claims', 'id block timestamp amount escrowed forfeited redirected positions',
      `{ who: { equalTo: ${who} } }`, ['amount', 'escrowed', 'forfeited', 'redirected']),
    models.length === 0 ? [] : all(indexer, 'payments', 'id block timestamp model kind queries amount ownerReward dataReward',
      `{ model: { in: ${JSON.stringify(models.map(String))} } }`, ['queries', 'amount', 'ownerReward', 'dataReward']),
  ]);
  const zero = { earned: '0', claimed: '0', pending: '0', escrowed: '0' };
  const [totals] = checked([contributor ?? zero], figures, figures.split(' '));
  return { totals, earnings, claims, payments };
}

/** The hashes of the datasets `address` owns or has a share of, and the ids of the models it owns. */
export async function holdingsOf(indexer, address) {
  const who = JSON.stringify(address);
  const [owned, shared, models] = await Promise.all([
    all(indexer, 'datasets', 'id', `{ owner: { equalTo: ${who} } }`),
    all(indexer, 'datasetShares', 'dataset', `{ contributor: { equalTo: ${who} } }`),
    all(indexer, 'models', 'id', `{ owner: { equalTo: ${who} } }`),
  ]);
  const datasets = [...new Set([...checked(owned.map((d) => ({ dataset: d.id })), 'dataset'), ...shared].map((d) => d.dataset))];
  const ids = checked(models.map((m) => ({ model: m.id })), 'model').map((m) => BigInt(m.model));
  if (datasets.length + ids.length > MAX_HOLDINGS) {
    throw new Error(`the indexer lists ${datasets.length} datasets and ${ids.length} models for this account: more than the ${MAX_HOLDINGS} the page reads from the chain`);
  }
  return { datasets, models: ids };
}

/**
 * The most proofs the page reads for an account's datasets, and again of the same contents in
 * any dataset: anyone may prove a file, for a fee, so more says so instead of reading on.
 */
const MAX_PROOFS = 1_000;

/**
 * The files proven in `datasets` (`own`), every proof of the same contents (`same`, in any
 * dataset), and the block each dataset named there was last registered at (`registered`).
 */
export async function proofsOf(indexer, datasets) {
  const fields = 'id block dataset path content';
  const pages = MAX_PROOFS / PAGE;
  const own = datasets.length === 0 ? []
    : await all(indexer, 'inclusionProofs', fields, `{ dataset: { in: ${JSON.stringify(datasets)} } }`, [], pages);
  const contents = [...new Set(own.map((p) => p.content))];
  const same = contents.length === 0 ? []
    : await all(indexer, 'inclusionProofs', fields, `{ content: { in: ${JSON.stringify(contents)} } }`, [], pages);
  const named = [...new Set(same.map((p) => p.dataset))];
  const rows = named.length === 0 ? [] : await all(indexer, 'datasets', 'id block', `{ id: { in: ${JSON.stringify(named)} } }`, [], pages);
  const registered = new Map(checked(rows.map((r) => ({ dataset: r.id, block: r.block })), 'dataset block').map((r) => [r.dataset, r.block]));
  return { own, same, registered };
}
