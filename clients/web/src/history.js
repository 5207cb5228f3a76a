// The History view: an account's all-time earnings as the indexer recomputed them from the
// chain's events (docs/indexer.md). A chart of earned and claimed after each block they changed
// in (all of them, or through one model or one dataset), the account's claims, the payments to
// the models it owns, and a CSV of its earnings per (block, model, dataset).

import { $, cell, fillTable, setAmount, shortHash } from './dom.js';
import { formatUnits } from './format.js';
import { historyOf } from './indexer.js';

/** The chart's choice: every row, or those through one model or one dataset. */
function keep(choice) {
  if (!choice) return () => true;
  const [kind, id] = choice.split(':');
  return kind === 'model' ? (row) => row.model === id : (row) => row.dataset === id;
}

/** Earned and claimed in all after each block, over the `earnings` changes that `choice` keeps. */
export function cumulative(earnings, choice) {
  const points = [];
  let earned = 0n;
  let claimed = 0n;
  for (const row of earnings.filter(keep(choice))) {
    earned += row.earned;
    claimed += row.claimed;
    const last = points[points.length - 1];
    if (last && last.block === row.block) Object.assign(last, { earned, claimed });
    else points.push({ block: row.block, earned, claimed });
  }
  return points;
}

/** A timestamp of the indexer (UTC, perhaps without a zone) as `YYYY-MM-DD HH:MM:SS`, as spreadsheets read it. */
function utc(timestamp) {
  const text = /[zZ]|[+-]\d\d:?\d\d$/.test(timestamp) ? timestamp : `${timestamp}Z`;
  return new Date(text).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The CSV of `earnings`: one line per (block, model, dataset) whose figures changed, with the
 * change and the totals after it, in tokens and (exactly) in planck.
 */
export function earningsCsv(earnings, { decimals, token }) {
  const units = (planck) => formatUnits(planck, decimals, { group: false });
  const header = ['block', 'time_utc', 'model', 'dataset', `earned_${token}`, `claimed_${token}`,
    `earned_total_${token}`, `claimed_total_${token}`, 'earned_planck', 'claimed_planck'];
  const lines = earnings.map((r) => [r.block, utc(r.timestamp), r.model, r.dataset, units(r.earned), units(r.claimed),
    units(r.earnedTotal), units(r.claimedTotal), r.earned, r.claimed].join(','));
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

/** The chart's choices: all, each model, each dataset the account earned through. */
function fillChoices(earnings) {
  const select = $('history-filter');
  const chosen = select.value;
  const models = [...new Set(earnings.map((r) => r.model))].sort((a, b) => Number(a) - Number(b));
  const datasets = [...new Set(earnings.map((r) => r.dataset))].sort();
  select.replaceChildren(new Option('all models and datasets', ''),
    ...models.map((m) => new Option(`model ${m}`, `model:${m}`)),
    ...datasets.map((d) => new Option(`dataset ${shortHash(d)}`, `dataset:${d}`)));
  select.value = [...select.options].some((o) => o.value === chosen) ? chosen : '';
}

/**
 * Reads `address`'s history from `indexer` (the models it owns: `models`) and returns what shows
 * it: the tables, the choices and, through `chart`, the chart.
 */
export async function renderHistory(indexer, address, models, chart) {
  const history = await historyOf(indexer, address, models);
  return () => {
    const body = $('history-body');
    body.hidden = false;
    fillChoices(history.earnings);
    body.history = history;
    drawHistory(chart);
    for (const key of ['earned', 'claimed']) setAmount($(`history-${key}`), history.totals[key]);
    fillTable('history-claims', history.claims.map((c) => ({
      key: c.id,
      cells: [cell(`#${c.block}`), cell(utc(c.timestamp)), cell(c.amount), cell(c.escrowed), cell(c.forfeited), cell(c.redirected), cell(c.positions)],
    })), 'No claims.');
    fillTable('history-payments', history.payments.map((p) => ({
      key: p.id,
      cells: [cell(`#${p.block}`), cell(utc(p.timestamp)), cell(p.model), cell(p.kind), cell(p.queries.toString()), cell(p.amount), cell(p.ownerReward), cell(p.dataReward)],
    })), 'No payments to models this account owns.');
    body.dataset.account = address;
    body.dataset.height = String(indexer.height);
  };
}

/** Draws the chart for the chosen model or dataset. */
export function drawHistory(chart) {
  const { history } = $('history-body');
  if (history) chart.show(cumulative(history.earnings, $('history-filter').value));
}

/** Offers the shown account's earnings as a CSV download. */
export function downloadCsv(info) {
  const { history, dataset } = $('history-body');
  if (!history) return;
  const blob = new Blob([earningsCsv(history.earnings, info)], { type: 'text/csv;charset=utf-8' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `fairshare-earnings-${dataset.account}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
