// The page's building blocks: elements by id, amounts in the chain's unit (exact planck kept in
// `data-planck`), and tables filled from rows.

import { formatUnits } from './format.js';

export const $ = (id) => document.getElementById(id);

/** The chain's token and decimals, which `amount` writes in: set on connecting. */
let units = { decimals: 12, token: 'UNIT' };

export function setUnits({ decimals, token }) {
  units = { decimals, token };
}

export const amount = (planck) => `${formatUnits(planck, units.decimals)} ${units.token}`;

export const shortHash = (hash) => `${hash.slice(0, 10)}…${hash.slice(-6)}`;

export function setAmount(element, planck) {
  element.dataset.planck = planck.toString();
  element.textContent = amount(planck);
}

/** A table cell: text, or an amount in planck (kept exactly in `data-planck`). */
export function cell(value, className) {
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

/** Fills table `id`'s body with `rows` ({ key, cells }), or one row saying `empty`. */
export function fillTable(id, rows, empty) {
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
