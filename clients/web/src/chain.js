// What the dashboard reads from a node: everything through the chain's own interfaces (the
// `dataContribution_*` JSON-RPC methods, storage and the runtime's events), nothing cached.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { rpc, types } from 'fairshare-client';

/** Entries a storage scan asks the node for at a time. */
const SCAN_PAGE = 256;
/** The most pages any one read follows: a node that never says "last page" is cut off. */
const MAX_PAGES = 1000;

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

const planck = (text) => BigInt(text.toString());

/**
 * Connects to the node at `url` (ws:// or wss://). Rejects with a message a person can act on
 * when the URL is malformed, or when no node is ready to answer within `timeoutMs` (the socket
 * open and the metadata read). The connection reconnects by itself after a drop.
 */
export async function connectNode(url, { timeoutMs = 15_000 } = {}) {
  if (!/^wss?:\/\/[^\s]+$/.test(url)) throw new Error(`"${url}" is not a WebSocket URL: it starts with ws:// or wss://`);
  const provider = new WsProvider(url, 2_500);
  const api = new ApiPromise({ provider, rpc, types, noInitWarn: true });
  let timer;
  try {
    return await Promise.race([
      api.isReadyOrError,
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no node answered within ${timeoutMs / 1000} s`)), timeoutMs); }),
    ]);
  } catch (e) {
    api.disconnect().catch(() => {});
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
 * `address`'s contributor figures at block `at` (a hash): the four totals exactly as
 * `dataContribution_contributorBalance` gives them, summed over its pages, and its reward in each
 * model (`dataContribution_contributorRewards`, over the same pages). With `rewards: false`, only
 * the totals. (An optional parameter left undefined before a given one would go out as its
 * type's default, so the first page names no `start`, and no page names a `limit`: the node's
 * default is its most.)
 */
export async function contributorFigures(api, address, at, { rewards: withRewards = true } = {}) {
  const rpcs = api.rpc.dataContribution;
  const pages = await allPages(async (start) => {
    const args = start === undefined ? [address, at] : [address, at, start];
    const [balance, rewards] = await Promise.all([rpcs.contributorBalance(...args), withRewards ? rpcs.contributorRewards(...args) : []]);
    return { balance, rewards };
  }, ({ balance }) => (balance.next.isSome ? balance.next.unwrap().toBigInt() : undefined));
  const totals = { pending: 0n, escrowed: 0n, claimed: 0n, earned: 0n };
  const rewards = [];
  for (const page of pages) {
    for (const key of Object.keys(totals)) totals[key] += planck(page.balance[key]);
    for (const reward of page.rewards) {
      rewards.push({ modelId: reward.modelId.toBigInt(), pending: planck(reward.pending), escrowed: planck(reward.escrowed) });
    }
  }
  return { totals, rewards };
}

/** Model `modelId`'s record at block `at`, as `dataContribution_model` gives it, with amounts as bigints. */
export async function modelView(api, modelId, at) {
  const found = await api.rpc.dataContribution.model(modelId, at);
  if (found.isNone) return null;
  const model = found.unwrap();
  return {
    modelId: BigInt(modelId),
    owner: model.owner.toString(),
    price: planck(model.pricePerQuery),
    ownerShare: model.ownerShare.toNumber(),
    status: model.status.toString(),
    queriesServed: model.queriesServed.toBigInt(),
    totalPaid: planck(model.totalPaid),
    dataPaid: planck(model.dataPaid),
    ownerPending: planck(model.ownerPending),
    metadata: model.metadata.toString(),
  };
}

/** Every entry of a storage map (of `api.at(hash)`), read from the node in pages. */
async function scan(storage) {
  const pages = await allPages(
    (startKey) => storage.entriesPaged({ args: [], pageSize: SCAN_PAGE, startKey }),
    (page) => (page.length < SCAN_PAGE ? undefined : page[page.length - 1][0].toHex()),
  );
  return pages.flat();
}

/** What dataset `hash` has earned its contributors at block `at`, over every page of its models. */
async function datasetEarned(api, hash, at) {
  const pages = await allPages(
    (start) => api.rpc.dataContribution.dataset(...(start === undefined ? [hash, at] : [hash, at, start])),
    (view) => (view.isSome && view.unwrap().next.isSome ? view.unwrap().next.unwrap().toBigInt() : undefined),
  );
  return pages.reduce((sum, view) => sum + (view.isSome ? planck(view.unwrap().earned) : 0n), 0n);
}

/**
 * The datasets `address` owns or contributes to at block `at`: hash, status, its role and share,
 * the dataset's earnings and its open challenge, if any. Scans the chain's datasets: the work
 * grows with the number of datasets on the chain.
 */
export async function datasetsOf(api, address, at) {
  const state = await api.at(at);
  const mine = (await scan(state.query.dataContribution.datasets)).filter(([, value]) => {
    const dataset = value.unwrap();
    return dataset.owner.toString() === address || dataset.contributors.some(([who]) => who.toString() === address);
  });
  return Promise.all(mine.map(async ([key, value]) => {
    const dataset = value.unwrap();
    const hash = key.args[0].toHex();
    const part = dataset.contributors.find(([who]) => who.toString() === address);
    const [earned, challenge] = await Promise.all([datasetEarned(api, hash, at), state.query.dataContribution.challenges(hash)]);
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

/** The models `address` owns at block `at`, with their usage and revenue. Scans the chain's models. */
export async function modelsOwnedBy(api, address, at) {
  const state = await api.at(at);
  const owned = (await scan(state.query.dataContribution.models))
    .filter(([, value]) => value.unwrap().owner.toString() === address)
    .map(([key]) => key.args[0].toBigInt());
  return (await Promise.all(owned.map((id) => modelView(api, id, at)))).filter(Boolean);
}

/** `address`'s free balance at block `at`. */
export async function freeBalance(api, address, at) {
  return (await (await api.at(at)).query.system.account(address)).data.free.toBigInt();
}

/** `address`'s total earned at block `number`, as `{ number, earned }`. */
export async function earnedAt(api, address, number) {
  const hash = await api.rpc.chain.getBlockHash(number);
  const { totals } = await contributorFigures(api, address, hash, { rewards: false });
  return { number, earned: totals.earned };
}

/** `address`'s total earned at each block from `first` to `last`, oldest first. */
export function earningsBetween(api, address, first, last) {
  const numbers = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
  return Promise.all(numbers.map((number) => earnedAt(api, address, number)));
}
