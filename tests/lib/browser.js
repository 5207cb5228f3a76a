// The web dashboard on real parts: scripts/dashboard.sh serving it, and Debian's Chromium driving
// it through playwright-core, with every page error and console error collected for the test to
// fail on.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { waitForStart } from './chain.js';
import { freePort } from './node.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/**
 * Starts scripts/dashboard.sh on a free port for the node at `wsUrl` (and the indexer at
 * `indexer`, if given) and resolves with { url, stop } once it serves the page.
 */
export async function serveDashboard(wsUrl, { indexer } = {}) {
  const port = await freePort();
  const args = ['scripts/dashboard.sh', '--port', String(port), '--node', wsUrl, ...(indexer ? ['--indexer', indexer] : [])];
  const child = spawn('bash', args, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const url = `http://127.0.0.1:${port}/`;
  await waitForStart(`the dashboard serving ${url}`, async () => (await fetch(url)).ok,
    { timeoutMs: 180_000, alive: () => child.exitCode === null, output: () => output });
  assert.match(output, new RegExp(`dashboard: http://127\\.0\\.0\\.1:${port}/`), 'the script prints the URL');
  return { url, stop: () => { try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ } } };
}

/**
 * Launches headless Chromium with one page of `viewport`, downloads allowed. Returns { browser,
 * page, pageErrors, consoleErrors }: the uncaught errors in the page and the console's errors,
 * as they come.
 */
export async function openBrowser({ viewport = { width: 1200, height: 1300 } } = {}) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport, acceptDownloads: true });
  const pageErrors = [];
  const consoleErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  return { browser, page, pageErrors, consoleErrors };
}
