// What the dashboard reads from the indexer's GraphQL server (scripts/indexer.sh,
// docs/indexer.md): an account's earnings history, claims and the payments to its models, and
// the lists of the datasets and models it holds. The chain stays the source of every current
// figure; the indexer answers what the chain cannot (history) or only by scanning its storage
// (what an account holds).

export const DEFAULT_INDEXER = 'http://127.0.0.1:3000/';

/** The most rows the server returns at once (SubQuery's default query limit). */
const PAGE = 100;

/** Posts `query` to the GraphQL server at `url`; resolves with its `data`, or throws what it says. */
export async function graphql(url, query) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  if (!response.ok) throw new Error(`the indexer at ${url} answered HTTP ${response.status}`);
  const body = await response.json();
  if (body.errors?.length) throw new Error(`the indexer at ${url}: ${body.errors[0].message}`);
  return body.data;
}

/**
 * Connects to the indexer at `url` if it indexes the chain of genesis `genesisHash`: resolves
 * with { url, height } (the last block it processed), or throws why not.
 */
export async function openIndexer(url, genesisHash) {
  const { _metadata: meta } = await graphql(url, '{ _metadata { lastProcessedHeight genesisHash } }');
  if (meta.genesisHash !== genesisHash) {
    throw new Error(`the indexer at ${url} follows another chain (genesis ${meta.genesisHash})`);
  }
  return { url, height: meta.lastProcessedHeight ?? 0 };
}

/** Every row of collection `name` matching `filter` (GraphQL text), `fields` of each, by block. */
async function all({ url }, name, fields, filter) {
  const rows = [];
  let after = null;
  for (;;) {
    const page = after ? `, after: ${JSON.stringify(after)}` : '';
    const data = await graphql(url, `{ ${name}(first: ${PAGE}${page}, orderBy: [BLOCK_ASC, ID_ASC], filter: ${filter}) {
      nodes { ${fields} } pageInfo { hasNextPage endCursor } } }`);
    rows.push(...data[name].nodes);
    if (!data[name].pageInfo.hasNextPage) return rows;
    after = data[name].pageInfo.endCursor;
  }
}

const big = (rows, fields) => rows.map((row) => {
  const out = { ...row };
  for (const field of fields) out[field] = BigInt(row[field]);
  return out;
});

/**
 * `address`'s history: its figures (`contributor`, or zeros), its earnings changes by (block,
 * model, dataset) oldest first, its claims, and the payments to the models it owns now
 * (`models`, their ids).
 */
export async function historyOf(indexer, address, models) {
  const who = JSON.stringify(address);
  const [{ contributor }, earnings, claims, payments] = await Promise.all([
    graphql(indexer.url, `{ contributor(id: ${who}) { earned claimed pending escrowed } }`),
    all(indexer, 'earnings', 'block timestamp model dataset earned claimed earnedTotal claimedTotal', `{ contributor: { equalTo: ${who} } }`),
    all(indexer, 'claims', 'id block timestamp amount escrowed forfeited redirected positions', `{ who: { equalTo: ${who} } }`),
    models.length === 0 ? [] : all(indexer, 'payments', 'id block timestamp model kind queries amount ownerReward dataReward',
      `{ model: { in: ${JSON.stringify(models.map(String))} } }`),
  ]);
  const zero = { earned: '0', claimed: '0', pending: '0', escrowed: '0' };
  return {
    totals: Object.fromEntries(Object.entries(contributor ?? zero).map(([k, v]) => [k, BigInt(v)])),
    earnings: big(earnings, ['earned', 'claimed', 'earnedTotal', 'claimedTotal']),
    claims: big(claims, ['amount', 'escrowed', 'forfeited', 'redirected']),
    payments: big(payments, ['queries', 'amount', 'ownerReward', 'dataReward']),
  };
}

/** The hashes of the datasets `address` owns or has a share of, and the ids of the models it owns. */
export async function holdingsOf(indexer, address) {
  const who = JSON.stringify(address);
  const [owned, shared, models] = await Promise.all([
    all(indexer, 'datasets', 'id', `{ owner: { equalTo: ${who} } }`),
    all(indexer, 'datasetShares', 'dataset', `{ contributor: { equalTo: ${who} } }`),
    all(indexer, 'models', 'id', `{ owner: { equalTo: ${who} } }`),
  ]);
  return {
    datasets: [...new Set([...owned.map((d) => d.id), ...shared.map((s) => s.dataset)])],
    models: models.map((m) => BigInt(m.id)),
  };
}
