// What the dashboard reads from a node: everything through the chain's own interfaces (the
// `dataContribution_*` JSON-RPC methods, storage and the runtime's events), nothing cached.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { rpc, types } from 'fairshare-client';

/** Entries a storage scan asks the node for at a time. */
const SCAN_PAGE = 256;
/** Positions a contributor-balance page covers: the runtime's most. */
const VIEW_PAGE = 1000;

const planck = (text) => BigInt(text.toString());

/**
 * Connects to the node at `url` (ws:// or wss://). Rejects with a message a person can act on
 * when the URL is malformed or nothing answers within `timeoutMs`.
 */
export async function connectNode(url, { timeoutMs = 15_000 } = {}) {
  if (!/^wss?:\/\/[^\s]+$/.test(url)) throw new Error(`"${url}" is not a WebSocket URL: it starts with ws:// or wss://`);
  const provider = new WsProvider(url, false);
  let timer;
  try {
    await Promise.race([
      provider.connect(),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no node answered at ${url} within ${timeoutMs / 1000} s`)), timeoutMs); }),
    ]);
    const api = await ApiPromise.create({ provider, rpc, types, noInitWarn: true, throwOnConnect: true });
    return api;
  } catch (e) {
    provider.disconnect().catch(() => {});
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
  };
}

/**
 * `address`'s contributor figures at block `at` (the best block when omitted): the four totals
 * exactly as `dataContribution_contributorBalance` gives them, summed over its pages, and its
 * reward in each model (`dataContribution_contributorRewards`, over the same pages).
 */
export async function contributorFigures(api, address, at) {
  const totals = { pending: 0n, escrowed: 0n, claimed: 0n, earned: 0n };
  const rewards = [];
  // Every page at one block, so that they add up. (An optional parameter left undefined before
  // a given one would go out as its type's default, so the first page names none.)
  const block = at ?? (await api.rpc.chain.getBlockHash());
  let start;
  for (;;) {
    const page = start === undefined ? [address, block] : [address, block, start, VIEW_PAGE];
    const [balance, positions] = await Promise.all([
      api.rpc.dataContribution.contributorBalance(...page),
      api.rpc.dataContribution.contributorRewards(...page),
    ]);
    for (const key of Object.keys(totals)) totals[key] += planck(balance[key]);
    for (const reward of positions) {
      rewards.push({ modelId: reward.modelId.toBigInt(), pending: planck(reward.pending), escrowed: planck(reward.escrowed) });
    }
    if (balance.next.isNone) return { totals, rewards };
    start = balance.next.unwrap().toBigInt();
  }
}

/** Model `modelId`'s record as `dataContribution_model` gives it, with amounts as bigints. */
export async function modelView(api, modelId) {
  const found = await api.rpc.dataContribution.model(modelId);
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
    metadata: model.metadata.toString(),
  };
}

/** Every entry of a storage map, read from the node in pages. */
async function scan(storage) {
  const entries = [];
  let startKey;
  for (;;) {
    const page = await storage.entriesPaged({ args: [], pageSize: SCAN_PAGE, startKey });
    entries.push(...page);
    if (page.length < SCAN_PAGE) return entries;
    startKey = page[page.length - 1][0].toHex();
  }
}

/**
 * The datasets `address` owns or contributes to: hash, status, its role and share, the
 * dataset's earnings and its open challenge, if any. Scans the chain's datasets: the work grows
 * with the number of datasets on the chain.
 */
export async function datasetsOf(api, address) {
  const mine = (await scan(api.query.dataContribution.datasets)).filter(([, value]) => {
    const dataset = value.unwrap();
    return dataset.owner.toString() === address || dataset.contributors.some(([who]) => who.toString() === address);
  });
  return Promise.all(mine.map(async ([key, value]) => {
    const dataset = value.unwrap();
    const hash = key.args[0].toHex();
    const part = dataset.contributors.find(([who]) => who.toString() === address);
    const [view, challenge] = await Promise.all([
      api.rpc.dataContribution.dataset(hash),
      api.query.dataContribution.challenges(hash),
    ]);
    return {
      hash,
      status: dataset.status.toString(),
      owner: dataset.owner.toString() === address,
      share: part ? part[1].toNumber() : 0,
      contributors: dataset.contributors.length,
      models: dataset.models.toNumber(),
      earned: view.isSome ? planck(view.unwrap().earned) : 0n,
      challenge: challenge.isSome
        ? { challenger: challenge.unwrap().challenger.toString(), bond: challenge.unwrap().bond.toBigInt(), expiresAt: challenge.unwrap().expiresAt.toNumber() }
        : null,
    };
  }));
}

/** The models `address` owns, with their usage and revenue. Scans the chain's models. */
export async function modelsOwnedBy(api, address) {
  const owned = (await scan(api.query.dataContribution.models))
    .filter(([, value]) => value.unwrap().owner.toString() === address)
    .map(([key]) => key.args[0].toBigInt());
  return (await Promise.all(owned.map((id) => modelView(api, id)))).filter(Boolean);
}

/** `address`'s free balance at block `at`. */
export async function freeBalance(api, address, at) {
  return (await (await api.at(at)).query.system.account(address)).data.free.toBigInt();
}

/**
 * `address`'s total earned at each of the last `count` blocks up to block `best` (or from block
 * 0 on a younger chain), oldest first, from `dataContribution_contributorBalance` at each block.
 */
export async function earningsSeries(api, address, best, count) {
  const first = Math.max(0, best - count + 1);
  const numbers = Array.from({ length: best - first + 1 }, (_, i) => first + i);
  return Promise.all(numbers.map((number) => earnedAt(api, address, number)));
}

/** `address`'s total earned at block `number`, as `{ number, earned }`. */
export async function earnedAt(api, address, number) {
  const hash = await api.rpc.chain.getBlockHash(number);
  const { totals } = await contributorFigures(api, address, hash);
  return { number, earned: totals.earned };
}
