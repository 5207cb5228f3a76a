// The dashboard page: connects to a node, shows an account's figures, keeps them live, and
// claims its rewards through the browser extension (or, on a development chain, a dev account).
// With an indexer (scripts/indexer.sh) it lists the account's datasets and models and shows its
// all-time history; without one it says so and shows what the chain alone tells.

import { web3Accounts, web3Enable, web3FromAddress } from '@polkadot/extension-dapp';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { signAndWait } from 'fairshare-client';
import {
  chainInfo, connectNode, contributorFigures, datasetsIn, earningsBetween, freeBalance, modelView, modelsOwnedIn,
} from './chain.js';
import { EarningsChart, HistoryChart } from './chart.js';
import { $, amount, cell, fillTable, setAmount, setUnits, shortHash } from './dom.js';
import { formatPerbill, parseAccount } from './format.js';
import { copyEvidence, pathText } from './evidence.js';
import { downloadCsv, drawHistory, renderHistory } from './history.js';
import { DEFAULT_INDEXER, holdingsOf, isIndexerUrl, openIndexer, proofsOf } from './indexer.js';
import './style.css';

const DEFAULT_NODE = 'ws://127.0.0.1:9944';
const DEV_ACCOUNTS = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'];
/** The holdings tables and the history (the indexer's, of finalized blocks) refresh every this many blocks. */
const HOLDINGS_EVERY = 10;

const state = {
  /** The connection: `{ api, client, view, close }` of connectNode; `api` is also `state.api`. */
  chain: null,
  api: null,
  /** The best block PAPI follows: the figures are read at its hash. */
  bestHash: null,
  url: null,
  info: null,
  /** Counts connections, so that a superseded one's callbacks do nothing. */
  generation: 0,
  address: null,
  best: 0,
  chart: null,
  /**
   * Counts the chart's resets asked for (another account, another range, a claim), and the one
   * it shows: a refresh begun before a reset does not mark it done.
   */
  chartResets: 1,
  chartDrawn: 0,
  /** The indexer's URL: none until the user accepts one that a link names. */
  indexerUrl: DEFAULT_INDEXER,
  historyChart: null,
  holdingsAt: -Infinity,
  /** Counts the resets of the holdings: a refresh begun before one does not mark them read. */
  resets: 0,
  unsubscribeHeads: null,
  refreshing: false,
  stale: false,
  /** Whether the message shown came from a refresh, which the next good refresh clears. */
  refreshError: false,
  devPairs: new Map(),
  extensionAccounts: new Set(),
};

function showError(message, { fromRefresh = false } = {}) {
  $('error').textContent = message ?? '';
  $('error').hidden = !message;
  state.refreshError = Boolean(message) && fromRefresh;
}

/** Runs `work`, showing its failure as a message instead of leaving it uncaught. */
async function guarded(work, options) {
  try {
    await work();
  } catch (e) {
    console.error(e);
    showError(e.message, options);
  }
}


/** The cards and the rewards-by-model table, all read at block `at` (number `block`). */
async function renderFigures(chain, address, block, at) {
  const [{ totals, rewards }, free] = await Promise.all([contributorFigures(chain, address, at), freeBalance(chain, address, at)]);
  const models = await Promise.all(rewards.map((reward) => modelView(chain, reward.modelId, at)));
  return () => {
    for (const key of Object.keys(totals)) setAmount($(key), totals[key]);
    setAmount($('free'), free);
    fillTable('models', rewards.map((reward, i) => ({
      key: reward.modelId.toString(),
      cells: [
        cell(reward.modelId.toString()),
        models[i] ? cell(models[i].price) : cell('removed'),
        cell(models[i] ? models[i].queriesServed.toLocaleString('en') : '—'),
        cell(reward.pending),
        cell(reward.escrowed),
      ],
    })), 'No positions in any model.');
    $('figures').dataset.account = address;
    $('figures').dataset.block = String(block);
  };
}

/**
 * What the indexer at `state.indexerUrl` (if one is chosen) says of `address`: the datasets and
 * models it holds, and the indexer. Never throws: a failing indexer leaves the lists empty and
 * the chain's own figures as they are; `shown()` says in the page what happened.
 */
async function readIndexer(address) {
  const url = state.indexerUrl;
  const empty = { datasets: [], models: [] };
  if (!url) {
    const named = $('indexer-url').value.slice(0, 120);
    return { indexer: null, listed: empty, shown: () => indexerStatus(url, null, `This link names the indexer ${named}: press Use to read from it.`) };
  }
  try {
    const indexer = await openIndexer(url, state.info.genesis);
    return { indexer, listed: await holdingsOf(indexer, address), shown: () => indexerStatus(url, indexer) };
  } catch (e) {
    return { indexer: null, listed: empty, shown: () => indexerStatus(url, null, `No indexer for this chain answers at ${url} (${e.message}).`) };
  }
}

/**
 * Says where the history and the holdings come from: `indexer`, or none, because of `why`; and
 * (in `data-source`) which indexer URL was asked, none when none was chosen.
 */
function indexerStatus(url, indexer, why) {
  if (indexer) {
    $('history-status').textContent = `From the indexer at ${indexer.url}, which recomputes every figure from the chain's events (finalized blocks, to #${indexer.height.toLocaleString('en')}).`;
    $('holdings-note').textContent = `The indexer at ${indexer.url} lists these; their figures are read from the node every ${HOLDINGS_EVERY} blocks.`;
  } else {
    $('history-status').textContent = `${why} The history needs one: scripts/indexer.sh. Above is what the chain alone tells: today's figures and the last blocks' earnings.`;
    $('holdings-note').textContent = 'The datasets and models an account holds are listed by an indexer; without one, these tables stay empty.';
    $('history-body').hidden = true;
  }
  $('history').dataset.indexer = indexer ? 'yes' : 'no';
  $('history').dataset.source = url ?? '';
}

/** The history from `indexer`, or what says why it could not be read. Never throws. */
async function readHistory(indexer, address, models) {
  if (!indexer) return () => {};
  try {
    return await renderHistory(indexer, address, models, state.historyChart);
  } catch (e) {
    return () => indexerStatus(indexer.url, null, `The indexer at ${indexer.url} could not give this account's history (${e.message}).`);
  }
}

/**
 * The proofs table: the files proven in `datasets`, each with the other datasets its content is
 * proven in and the evidence a challenge of the later one cites. Never throws.
 */
async function readProofs(indexer, datasets) {
  let rows = [];
  let note = 'The files proven in these datasets are listed by an indexer.';
  if (indexer) {
    try {
      const { own, same, registered } = await proofsOf(indexer, datasets);
      rows = copyEvidence(own, same, registered);
      note = 'A file proven in two datasets was in the earlier registered one first: a challenge of the later dataset cites both proofs. These come from the indexer: read both events on chain before bonding a challenge.';
    } catch (e) {
      note = `The indexer at ${indexer.url} could not list the proofs of these datasets (${e.message}).`;
    }
  }
  return () => {
    fillTable('proofs', rows.map(({ proof, match, order, cite }) => ({
      key: match ? `${proof.id}/${match.id}` : proof.id,
      cells: [
        cell(proof.id), cell(shortHash(proof.dataset), 'hash'), cell(pathText(proof.path)), cell(shortHash(proof.content), 'hash'),
        cell(match ? `${shortHash(match.dataset)} (${order}), proof ${match.id}` : 'none', 'hash'),
        cell(cite ?? '—', 'hash'),
      ],
    })), 'No file of these datasets is proven on chain.');
    $('proofs-note').textContent = note;
  };
}

/** The datasets and models-owned tables, the proofs and the history, read at block `at` (number `block`). */
async function renderHoldings(chain, address, block, at) {
  const { indexer, listed, shown } = await readIndexer(address);
  const [datasets, owned] = await Promise.all([datasetsIn(chain, address, listed.datasets, at), modelsOwnedIn(chain, address, listed.models, at)]);
  const [history, proofs] = await Promise.all([readHistory(indexer, address, owned.map((m) => m.modelId)), readProofs(indexer, listed.datasets)]);
  return () => {
    shown();
    history();
    proofs();
    fillTable('datasets', datasets.map((d) => ({
      key: d.hash,
      cells: [
        cell(shortHash(d.hash), 'hash'),
        cell([d.owner && 'owner', d.share > 0 && 'contributor'].filter(Boolean).join(', ')),
        cell(d.share > 0 ? formatPerbill(d.share) : '—'),
        cell(d.status, `status-${d.status}`),
        cell(d.models),
        cell(d.earned),
        cell(d.challenge ? `by ${d.challenge.challenger.slice(0, 8)}…, bond ${amount(d.challenge.bond)}, expires at #${d.challenge.expiresAt}` : 'none'),
      ],
    })), 'Owns or contributes to no dataset.');
    fillTable('owned-models', owned.map((m) => ({
      key: m.modelId.toString(),
      cells: [
        cell(m.modelId.toString()), cell(m.status), cell(m.price), cell(formatPerbill(m.ownerShare)),
        cell(m.queriesServed.toLocaleString('en')), cell(m.totalPaid), cell(m.dataPaid), cell(m.ownerPending), cell(m.earned),
      ],
    })), 'Owns no model.');
    $('holdings').dataset.block = String(block);
  };
}

function chartBlocks() {
  const n = Number($('blocks').value);
  return Number.isInteger(n) && n >= 1 && n <= 200 ? n : 20;
}

/** The chart's points up to block `block`: all of them on a reset (`reset`), else those it lacks. */
async function renderChart(chain, address, block, resetAsked) {
  const capacity = chartBlocks();
  const reset = resetAsked || !state.chart.follows(address);
  const first = reset ? Math.max(0, block - capacity + 1) : Math.max(state.chart.lastNumber() + 1, block - capacity + 1);
  const points = await earningsBetween(chain, address, first, block);
  return () => {
    if (reset) state.chart.reset(address, points, capacity);
    else points.forEach((point) => state.chart.add(point));
  };
}

/**
 * Re-reads what the account shown needs at the best block, and shows it all at once: at most
 * one refresh runs, and a block that arrives meanwhile starts another when it ends.
 */
async function refresh() {
  if (!state.address || !state.chain || !state.bestHash) return;
  if (state.refreshing) {
    state.stale = true;
    return;
  }
  state.refreshing = true;
  state.stale = false;
  const { chain, address, generation } = state;
  const [block, at] = [state.best, state.bestHash];
  // PAPI keeps the block for the whole refresh, even once finalization has moved past it.
  const release = chain.client.hodlBlock(at);
  try {
    const holdings = block - state.holdingsAt >= HOLDINGS_EVERY;
    const resets = state.resets;
    const chartResets = state.chartResets;
    const renders = await Promise.all([
      renderFigures(chain, address, block, at),
      renderChart(chain, address, block, chartResets !== state.chartDrawn),
      holdings ? renderHoldings(chain, address, block, at) : () => {},
    ]);
    if (generation !== state.generation || address !== state.address) return;
    renders.forEach((render) => render());
    // A reset asked for meanwhile (another indexer, a claim) wants a fresh read: keep it due.
    if (holdings && resets === state.resets) state.holdingsAt = block;
    state.chartDrawn = chartResets;
    if (state.refreshError) showError(null);
  } catch (e) {
    console.error(e);
    showError(`Could not read the chain at block #${block}: ${e.message}`, { fromRefresh: true });
  } finally {
    release();
    if (generation === state.generation) {
      state.refreshing = false;
      if (state.stale) refresh();
    }
  }
}

/** Reads everything afresh, the storage scans and the whole chart included. */
function refreshAll() {
  state.holdingsAt = -Infinity;
  state.resets += 1;
  state.chartResets += 1;
  return refresh();
}

function updateClaimSigner() {
  const how = state.api && state.address ? signerOf(state.address) : null;
  $('claim').disabled = !how;
  $('claim-signer').textContent = how
    ? `signs as this account through ${how.label}, on ${state.info.name} (genesis ${shortHash(state.info.genesis)})`
    : 'Claim signs as the account shown: choose it from the polkadot.js extension (or, on a development chain, a dev account).';
}

/** How to sign as `address`: through the extension, or with a dev key on a development chain. */
function signerOf(address) {
  if (state.extensionAccounts.has(address)) return { label: 'the browser extension', extension: true };
  if (state.devPairs.has(address)) return { label: `the dev account ${state.devPairs.get(address).meta.name}`, pair: state.devPairs.get(address) };
  return null;
}

/** What a claim's events say: the amount paid, and whether positions remain for another claim. */
function describeClaim(api, events, blockHash) {
  const claimed = events.find(({ event }) => api.events.dataContribution.RewardsClaimed.is(event));
  const where = `in block ${blockHash.toHex().slice(0, 10)}…`;
  if (!claimed) return `Included ${where}, without a RewardsClaimed event.`;
  const { amount: paid, escrowed, forfeited, moreRemaining, positions } = claimed.event.data;
  const settled = positions.toNumber();
  const parts = [`Claimed ${amount(paid.toBigInt())} ${where} (${settled} ${settled === 1 ? 'model' : 'models'} settled)`];
  if (escrowed.toBigInt() > 0n) parts.push(`${amount(escrowed.toBigInt())} went to escrow`);
  if (forfeited.toBigInt() > 0n) parts.push(`${amount(forfeited.toBigInt())} was forfeited through slashed datasets`);
  if (moreRemaining.isTrue) parts.push('more positions remain: claim again');
  return `${parts.join('; ')}.`;
}

async function claim() {
  const result = $('claim-result');
  const how = signerOf(state.address);
  const { api } = state;
  if (!how || !api) return;
  $('claim').disabled = true;
  result.className = '';
  delete result.dataset.outcome;
  result.textContent = 'Signing and waiting for a block…';
  try {
    const tx = api.tx.dataContribution.claimRewards();
    const { events, blockHash } = how.extension
      ? await signAndWait(api, tx, state.address, { until: 'inBlock', signer: (await web3FromAddress(state.address)).signer })
      : await signAndWait(api, tx, how.pair, { until: 'inBlock' });
    result.textContent = describeClaim(api, events, blockHash);
    result.dataset.block = blockHash.toHex();
    result.dataset.outcome = 'claimed';
  } catch (e) {
    result.className = 'failed';
    result.dataset.outcome = 'failed';
    result.textContent = e.meta ? `Refused: ${e.meta.section}.${e.meta.name}: ${e.meta.docs.join(' ')}` : `Refused: ${e.message}`;
  } finally {
    updateClaimSigner();
  }
  await guarded(refreshAll, { fromRefresh: true });
}

async function showAccount(text) {
  const parsed = parseAccount(text, state.info?.ss58Format ?? 42);
  if (parsed instanceof Error) {
    state.address = null;
    $('figures').hidden = true;
    showError(parsed.message);
    return;
  }
  if (!state.api) {
    showError('Connect to a node first.');
    return;
  }
  showError(null);
  state.address = parsed;
  $('account').value = parsed;
  $('claim-result').textContent = '';
  delete $('claim-result').dataset.outcome;
  const url = new URL(window.location.href);
  url.searchParams.set('account', parsed);
  window.history.replaceState(null, '', url);
  $('figures').hidden = false;
  $('history-body').hidden = true;
  delete $('history-body').dataset.account;
  state.chart.fit();
  updateClaimSigner();
  await refreshAll();
}

function listDevAccounts() {
  const holder = $('dev-accounts');
  holder.querySelectorAll('button').forEach((b) => b.remove());
  holder.hidden = !state.info.development;
  if (!state.info.development) return;
  const keyring = new Keyring({ type: 'sr25519', ss58Format: state.info.ss58Format });
  for (const name of DEV_ACCOUNTS) {
    const pair = keyring.addFromUri(`//${name}`, { name });
    state.devPairs.set(pair.address, pair);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link';
    button.textContent = name;
    button.dataset.address = pair.address;
    button.addEventListener('click', () => guarded(() => showAccount(pair.address)));
    holder.append(button);
  }
}

/** Asks the browser extension, when the user chooses to, for its accounts. */
async function useExtension() {
  const select = $('extension-accounts');
  const extensions = await web3Enable('Fairshare dashboard');
  if (extensions.length === 0) throw new Error('No polkadot.js-compatible browser extension answered (or it was not allowed to).');
  const accounts = await web3Accounts({ ss58Format: state.info?.ss58Format ?? 42 });
  state.extensionAccounts = new Set(accounts.map((a) => a.address));
  select.replaceChildren(select.options[0]);
  for (const account of accounts) {
    select.append(new Option(`${account.meta.name ?? 'account'} (${account.address.slice(0, 8)}…)`, account.address));
  }
  select.hidden = false;
  $('use-extension').hidden = true;
  updateClaimSigner();
}

/** Forgets the connection and everything read or offered through it. */
function disconnect() {
  state.generation += 1;
  if (state.unsubscribeHeads) state.unsubscribeHeads();
  state.unsubscribeHeads = null;
  if (state.chain) state.chain.close();
  state.chain = null;
  state.api = null;
  state.bestHash = null;
  // A refresh of the old connection may never settle: the next connection starts afresh.
  state.refreshing = false;
  state.stale = false;
  state.info = null;
  state.devPairs.clear();
  $('dev-accounts').hidden = true;
  $('figures').hidden = true;
  $('claim').disabled = true;
  if (state.chart) state.chart.destroy();
  state.chart = null;
  if (state.historyChart) state.historyChart.destroy();
  state.historyChart = null;
  $('history-body').hidden = true;
  delete $('history-body').history;
}

async function connect(url) {
  disconnect();
  const generation = state.generation;
  $('node-form').querySelector('button').disabled = true;
  $('chain').textContent = `Connecting to ${url}…`;
  try {
    const chain = await connectNode(url);
    const { api } = chain;
    const info = await chainInfo(api);
    if (generation !== state.generation) {
      chain.close();
      return;
    }
    Object.assign(state, { chain, api, info, url });
    setUnits(info);
    state.chart = new EarningsChart($('chart'), info);
    state.historyChart = new HistoryChart($('history-chart'), info);
    listDevAccounts();
    api.on('disconnected', () => {
      if (generation === state.generation) showError(`Lost the connection to ${url}; reconnecting…`, { fromRefresh: true });
    });
    // The figures follow PAPI's best block: the view functions read it while PAPI holds it.
    const subscription = chain.client.bestBlocks$.subscribe({
      next: ([best]) => {
        if (generation !== state.generation || !best || best.hash === state.bestHash) return;
        state.best = best.number;
        state.bestHash = best.hash;
        $('chain').textContent = `${info.name} at ${url}, best block #${state.best.toLocaleString('en')}`;
        $('chain').dataset.best = String(state.best);
        refresh();
      },
      error: (e) => {
        if (generation === state.generation) showError(`Stopped following the chain: ${e.message}`, { fromRefresh: true });
      },
    });
    state.unsubscribeHeads = () => subscription.unsubscribe();
    const page = new URL(window.location.href);
    page.searchParams.set('rpc', url);
    window.history.replaceState(null, '', page);
  } catch (e) {
    if (generation === state.generation) $('chain').textContent = 'Not connected.';
    throw e;
  } finally {
    $('node-form').querySelector('button').disabled = false;
  }
}

async function start() {
  await cryptoWaitReady();
  const params = new URLSearchParams(window.location.search);
  const asked = params.get('rpc') ?? DEFAULT_NODE;
  $('rpc-url').value = asked;
  // As for the node: a link may fill in another indexer, which is used only after a click.
  const askedIndexer = params.get('indexer') ?? DEFAULT_INDEXER;
  state.indexerUrl = askedIndexer === DEFAULT_INDEXER ? DEFAULT_INDEXER : null;
  $('indexer-url').value = askedIndexer;
  $('indexer-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const url = $('indexer-url').value.trim();
    if (!isIndexerUrl(url)) {
      showError(`"${url.slice(0, 120)}" is not an indexer's URL: it starts with http:// or https://`);
      return;
    }
    showError(null);
    state.indexerUrl = url;
    const page = new URL(window.location.href);
    page.searchParams.set('indexer', url);
    window.history.replaceState(null, '', page);
    guarded(refreshAll, { fromRefresh: true });
  });
  $('history-filter').addEventListener('change', () => drawHistory(state.historyChart));
  $('history-csv').addEventListener('click', () => downloadCsv(state.info));
  $('node-form').addEventListener('submit', (e) => {
    e.preventDefault();
    guarded(async () => {
      showError(null);
      await connect($('rpc-url').value.trim());
      if (state.address) await showAccount(state.address);
    });
  });
  $('account-form').addEventListener('submit', (e) => {
    e.preventDefault();
    guarded(() => showAccount($('account').value));
  });
  $('extension-accounts').addEventListener('change', (e) => {
    if (e.target.value) guarded(() => showAccount(e.target.value));
  });
  $('use-extension').addEventListener('click', () => guarded(useExtension));
  $('blocks').addEventListener('change', () => {
    state.chartResets += 1;
    refresh();
  });
  $('claim').addEventListener('click', () => guarded(claim));
  if (params.get('account')) $('account').value = params.get('account');
  // The node decides what Claim asks a wallet to sign: a link may fill in any node, but only the
  // default one is connected to without a click.
  if (asked !== DEFAULT_NODE) {
    showError(`This link asks to connect to ${asked}. Connect only to a node you trust: it reads your figures and builds what Claim asks you to sign.`);
    return;
  }
  await connect(asked);
  if (params.get('account')) await showAccount(params.get('account'));
}

guarded(start).finally(() => {
  document.body.dataset.ready = 'true';
});
