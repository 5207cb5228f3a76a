// The dashboard page: connects to a node, shows an account's figures, keeps them live, and
// claims its rewards through the browser extension (or, on a development chain, a dev account).

import { web3Accounts, web3Enable, web3FromAddress } from '@polkadot/extension-dapp';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { signAndWait } from 'fairshare-client';
import {
  chainInfo, connectNode, contributorFigures, datasetsOf, earnedAt, earningsSeries, freeBalance, modelView, modelsOwnedBy,
} from './chain.js';
import { EarningsChart } from './chart.js';
import { formatPerbill, formatUnits, parseAccount } from './format.js';
import './style.css';

const DEFAULT_NODE = 'ws://127.0.0.1:9944';
const DEV_ACCOUNTS = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'];
const $ = (id) => document.getElementById(id);

const state = {
  api: null,
  info: null,
  address: null,
  best: 0,
  chart: null,
  unsubscribeHeads: null,
  refreshing: false,
  stale: false,
  devPairs: new Map(),
  extensionAccounts: new Set(),
};

function showError(message) {
  $('error').textContent = message ?? '';
  $('error').hidden = !message;
}

/** Runs `work`, showing its failure as a message instead of leaving it uncaught. */
async function guarded(work) {
  try {
    await work();
  } catch (e) {
    console.error(e);
    showError(e.message);
  }
}

const amount = (planck) => `${formatUnits(planck, state.info.decimals)} ${state.info.token}`;

function setAmount(element, planck) {
  element.dataset.planck = planck.toString();
  element.textContent = amount(planck);
}

/** A table cell: text, or an amount in planck (kept exactly in `data-planck`). */
function cell(value, className) {
  const td = document.createElement('td');
  if (typeof value === 'bigint') {
    td.dataset.planck = value.toString();
    td.textContent = amount(value);
  } else {
    td.textContent = String(value);
  }
  if (className) td.className = className;
  return td;
}

function fillTable(id, rows, empty) {
  const body = $(id).querySelector('tbody');
  body.replaceChildren();
  for (const { key, cells } of rows) {
    const tr = document.createElement('tr');
    tr.dataset.key = key;
    tr.append(...cells);
    body.append(tr);
  }
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    const td = cell(empty, 'muted');
    td.colSpan = $(id).querySelectorAll('th').length;
    tr.append(td);
    body.append(tr);
  }
}

const shortHash = (hash) => `${hash.slice(0, 10)}…${hash.slice(-6)}`;

async function renderFigures() {
  const { api } = state;
  const address = state.address;
  const block = state.best;
  const at = await api.rpc.chain.getBlockHash(block);
  const [{ totals, rewards }, free] = await Promise.all([contributorFigures(api, address, at), freeBalance(api, address, at)]);
  const models = await Promise.all(rewards.map((reward) => modelView(api, reward.modelId)));
  if (address !== state.address) return;
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
}

async function renderHoldings() {
  const { api } = state;
  const address = state.address;
  const [datasets, owned] = await Promise.all([datasetsOf(api, address), modelsOwnedBy(api, address)]);
  if (address !== state.address) return;
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
      cell(m.queriesServed.toLocaleString('en')), cell(m.totalPaid), cell(m.dataPaid),
    ],
  })), 'Owns no model.');
}

function chartBlocks() {
  const n = Number($('blocks').value);
  return Number.isInteger(n) && n >= 1 && n <= 200 ? n : 20;
}

async function renderChart() {
  const address = state.address;
  const count = chartBlocks();
  const points = await earningsSeries(state.api, address, state.best, count);
  if (address === state.address) state.chart.reset(points, count);
}

/** Re-reads everything for the account shown, at most one refresh at a time. */
async function refresh(number) {
  if (!state.address) return;
  if (state.refreshing) {
    state.stale = true;
    return;
  }
  state.refreshing = true;
  try {
    await Promise.all([
      renderFigures(),
      renderHoldings(),
      number === undefined ? renderChart() : earnedAt(state.api, state.address, number).then((point) => state.chart.add(point)),
    ]);
  } finally {
    state.refreshing = false;
  }
  if (state.stale) {
    state.stale = false;
    await refresh();
  }
}

function updateClaimSigner() {
  const how = signerOf(state.address);
  $('claim').disabled = !how;
  $('claim-signer').textContent = how
    ? `signs as this account through ${how.label}`
    : 'Claim signs as the account shown: choose it from the polkadot.js extension (or, on a development chain, a dev account).';
}

/** How to sign as `address`: through the extension, or with a dev key on a development chain. */
function signerOf(address) {
  if (state.extensionAccounts.has(address)) return { label: 'the browser extension', extension: true };
  if (state.devPairs.has(address)) return { label: `the dev account ${state.devPairs.get(address).meta.name}`, pair: state.devPairs.get(address) };
  return null;
}

async function claim() {
  const result = $('claim-result');
  const how = signerOf(state.address);
  if (!how) return;
  $('claim').disabled = true;
  result.className = '';
  result.textContent = 'Signing and waiting for a block…';
  try {
    const tx = state.api.tx.dataContribution.claimRewards();
    const { events, blockHash } = how.extension
      ? await signAndWait(state.api, tx, state.address, { until: 'inBlock', signer: (await web3FromAddress(state.address)).signer })
      : await signAndWait(state.api, tx, how.pair, { until: 'inBlock' });
    const claimed = events.find(({ event }) => state.api.events.dataContribution.RewardsClaimed.is(event));
    result.textContent = `Claimed ${amount(claimed.event.data.amount.toBigInt())} in block ${blockHash.toHex().slice(0, 10)}…`;
    result.dataset.outcome = 'claimed';
    await refresh();
  } catch (e) {
    result.className = 'failed';
    result.dataset.outcome = 'failed';
    result.textContent = e.meta ? `Refused: ${e.meta.section}.${e.meta.name}: ${e.meta.docs.join(' ')}` : `Refused: ${e.message}`;
  } finally {
    updateClaimSigner();
  }
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
  state.chart ??= new EarningsChart($('chart'), state.info);
  updateClaimSigner();
  await refresh();
}

function listDevAccounts() {
  state.devPairs.clear();
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

async function listExtensionAccounts() {
  const select = $('extension-accounts');
  const extensions = await web3Enable('Fairshare dashboard');
  if (extensions.length === 0) return;
  const accounts = await web3Accounts({ ss58Format: state.info.ss58Format });
  state.extensionAccounts = new Set(accounts.map((a) => a.address));
  select.replaceChildren(select.options[0]);
  for (const account of accounts) {
    select.append(new Option(`${account.meta.name ?? 'account'} (${account.address.slice(0, 8)}…)`, account.address));
  }
  select.hidden = accounts.length === 0;
}

async function connect(url) {
  if (state.unsubscribeHeads) state.unsubscribeHeads();
  if (state.api) await state.api.disconnect();
  state.api = null;
  $('chain').textContent = `Connecting to ${url}…`;
  try {
    state.api = await connectNode(url);
  } catch (e) {
    $('chain').textContent = 'Not connected.';
    throw e;
  }
  state.info = await chainInfo(state.api);
  listDevAccounts();
  await listExtensionAccounts();
  state.unsubscribeHeads = await state.api.rpc.chain.subscribeNewHeads((header) => {
    state.best = header.number.toNumber();
    $('chain').textContent = `${state.info.name} at ${url}, best block #${state.best.toLocaleString('en')}`;
    $('chain').dataset.best = String(state.best);
    guarded(() => refresh(state.best));
  });
  state.best = (await state.api.rpc.chain.getHeader()).number.toNumber();
  const page = new URL(window.location.href);
  page.searchParams.set('rpc', url);
  window.history.replaceState(null, '', page);
}

async function start() {
  await cryptoWaitReady();
  const params = new URLSearchParams(window.location.search);
  $('rpc-url').value = params.get('rpc') ?? DEFAULT_NODE;
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
  $('blocks').addEventListener('change', () => guarded(renderChart));
  $('claim').addEventListener('click', () => guarded(claim));
  await guarded(async () => {
    await connect($('rpc-url').value.trim());
    if (params.get('account')) await showAccount(params.get('account'));
  });
  document.body.dataset.ready = 'true';
}

start();
