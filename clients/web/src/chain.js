// What the dashboard reads from a node: everything through the chain's own interfaces, nothing
// cached. The pallet's figures come from its view functions, typed by the PAPI descriptors
// (`view.contributor_balance` …), at blocks the PAPI client follows (the finalized one and
// those after it); storage, balances, events and transactions go through @polkadot/api. The
// chart's past blocks, which PAPI no longer follows, are read through the runtime API that
// serves the same functions.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { connectPapi } from 'fairshare-client/papi';

/** The most pages any one read follows: a node that never says "last page" is cut off. */
const MAX_PAGES = 1000;

/** A page of a paged view: after model `start` (the first page when undefined), the most entries. */
const pageAfter = (start) => ({ start, limit: 1000 });

/** Follows pages from `first` through `next(page)` (undefined on the last), at most MAX_PAGES. */
async function allPages(read, nextOf) {
  const pages = [];
  const seen = new Set();
  let start;
  for (;;) {
    const page = await read(start);
    pages.push(page);
    start = nextOf(page);
    if (start === undefined) return pages;
    const key = String(start);
    if (seen.has(key) || pages.length >= MAX_PAGES) throw new Error('the node keeps answering with more pages: stopped reading');
    seen.add(key);
  }
}

/**
 * Connects to the node at `url` (ws:// or wss://): `{ api, client, view, close }`, with `api` the
 * @polkadot/api connection, `client` the PAPI client and `view` the pallet's typed view
 * functions. Rejects with a message a person can act on when the URL is malformed, or when no
 * node is ready to answer within `timeoutMs` (the socket open and the metadata read). Both
 * connections reconnect by themselves after a drop.
 */
export async function connectNode(url, { timeoutMs = 15_000 } = {}) {
  if (!/^wss?:\/\/[^\s]+$/.test(url)) throw new Error(`"${url}" is not a WebSocket URL: it starts with ws:// or wss://`);
  const api = new ApiPromise({ provider: new WsProvider(url, 2_500), noInitWarn: true });
  const { client, api: typed } = connectPapi(url);
  const close = () => {
    client.destroy();
    api.disconnect().catch(() => {});
  };
  let timer;
  try {
    await Promise.race([
      Promise.all([api.isReadyOrError, client.getFinalizedBlock()]),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no node answered within ${timeoutMs / 1000} s`)), timeoutMs); }),
    ]);
    return { api, client, view: typed.view.DataContribution, close };
  } catch (e) {
    close();
    throw new Error(`cannot reach a Fairshare node at ${url}: ${e.message}`);
  } finally {
    clearTimeout(timer);
  }
}

/** The chain's name, kind (Development, Live …), token and decimals. */
export async function chainInfo(api) {
  const [name, chainType] = await Promise.all([api.rpc.system.chain(), api.rpc.system.chainType()]);
  return {
    name: name.toString(),
    development: chainType.isDevelopment,
    decimals: api.registry.chainDecimals[0] ?? 12,
    token: api.registry.chainTokens[0] ?? 'UNIT',
    ss58Format: api.registry.chainSS58 ?? 42,
    genesis: api.genesisHash.toHex(),
  };
}

/**
 * `address`'s contributor figures at block `at` (a hash PAPI follows): the four totals of its
 * `contributor_balance` view, summed over its pages, and its reward in each model
 * (`contributor_rewards`, over the same pages). With `rewards: false`, only the totals.
 */
export async function contributorFigures({ view }, address, at, { rewards: withRewards = true } = {}) {
  const pages = await allPages(async (start) => {
    const [balance, [rewards]] = await Promise.all([
      view.contributor_balance(address, pageAfter(start), { at }),
      withRewards ? view.contributor_rewards(address, pageAfter(start), { at }) : [[]],
    ]);
    return { balance, rewards };
  }, ({ balance }) => balance.next);
  const totals = { pending: 0n, escrowed: 0n, claimed: 0n, earned: 0n };
  const rewards = [];
  for (const page of pages) {
    for (const key of Object.keys(totals)) totals[key] += page.balance[key];
    for (const { model_id: modelId, pending, escrowed } of page.rewards) rewards.push({ modelId, pending, escrowed });
  }
  return { totals, rewards };
}

/** Model `modelId`'s view at block `at` (a hash PAPI follows), or null. */
export async function modelView({ view }, modelId, at) {
  const model = await view.model(BigInt(modelId), { at });
  if (!model) return null;
  return {
    modelId: model.model_id,
    owner: model.owner,
    price: model.price_per_query,
    ownerShare: model.owner_share,
    status: model.status.type,
    queriesServed: model.queries_served,
    totalPaid: model.total_paid,
    dataPaid: model.data_paid,
    ownerPending: model.owner_pending,
    earned: model.earned,
    metadata: u8aToHex(model.metadata),
  };
}

/** What dataset `hash` has earned its contributors at block `at`, over every page of its models. */
async function datasetEarned({ view }, hash, at) {
  const pages = await allPages((start) => view.dataset(hash, pageAfter(start), { at }), (dataset) => dataset?.next);
  return pages.reduce((sum, dataset) => sum + (dataset ? dataset.earned : 0n), 0n);
}

/**
 * The datasets of `hashes` (the indexer's list) that `address` owns or contributes to at block
 * `at`: hash, status, its role and share, the dataset's earnings and its open challenge, if any.
 * Reads only those datasets: the work grows with the account's holdings, not the chain's.
 */
export async function datasetsIn(chain, address, hashes, at) {
  const state = await chain.api.at(at);
  const found = await Promise.all(hashes.map(async (hash) => [hash, await state.query.dataContribution.datasets(hash)]));
  const mine = found.filter(([, value]) => {
    if (value.isNone) return false;
    const dataset = value.unwrap();
    return dataset.owner.toString() === address || dataset.contributors.some(([who]) => who.toString() === address);
  });
  return Promise.all(mine.map(async ([hash, value]) => {
    const dataset = value.unwrap();
    const part = dataset.contributors.find(([who]) => who.toString() === address);
    const [earned, challenge] = await Promise.all([datasetEarned(chain, hash, at), state.query.dataContribution.challenges(hash)]);
    return {
      hash,
      status: dataset.status.toString(),
      owner: dataset.owner.toString() === address,
      share: part ? part[1].toNumber() : 0,
      contributors: dataset.contributors.length,
      models: dataset.models.toNumber(),
      earned,
      challenge: challenge.isSome
        ? { challenger: challenge.unwrap().challenger.toString(), bond: challenge.unwrap().bond.toBigInt(), expiresAt: challenge.unwrap().expiresAt.toNumber() }
        : null,
    };
  }));
}

/** The models of `ids` (the indexer's list) that `address` owns at block `at`, with their usage and revenue. */
export async function modelsOwnedIn(chain, address, ids, at) {
  const views = await Promise.all(ids.map((id) => modelView(chain, id, at)));
  return views.filter((model) => model && model.owner === address);
}

/** `address`'s free balance at block `at`. */
export async function freeBalance({ api }, address, at) {
  return (await (await api.at(at)).query.system.account(address)).data.free.toBigInt();
}

/**
 * `address`'s total earned at block `number`, as `{ number, earned }`: its balance's pages summed,
 * read through the runtime API at that block (PAPI follows only the latest blocks).
 */
export async function earnedAt({ api }, address, number) {
  const state = await api.at(await api.rpc.chain.getBlockHash(number));
  // A runtime of API version 5 or older answers `(balance, next)`; later ones put `next` in it.
  const pageOf = (answer) => (Array.isArray(answer) ? { earned: answer[0].earned, next: answer[1] } : answer);
  const pages = await allPages(
    async (start) => pageOf(await state.call.dataContributionApi.contributorBalance(address, pageAfter(start ?? null))),
    (balance) => (balance.next.isSome ? balance.next.unwrap().toBigInt() : undefined),
  );
  return { number, earned: pages.reduce((sum, balance) => sum + balance.earned.toBigInt(), 0n) };
}

/** `address`'s total earned at each block from `first` to `last`, oldest first. */
export function earningsBetween(chain, address, first, last) {
  const numbers = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
  return Promise.all(numbers.map((number) => earnedAt(chain, address, number)));
}
