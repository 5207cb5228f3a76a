// Starts the real indexer (scripts/indexer.sh: PostgreSQL, SubQuery's indexer and its GraphQL
// server) against a node, and asks its GraphQL server.

import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { before, after } from 'node:test';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { bestNumber, finalizedNumber, waitBlocks, waitForStart } from './chain.js';
import { freePort } from './node.js';
import { eventsBetween } from './toolkit.js';

const ROOT = new URL('../..', import.meta.url).pathname;

/**
 * Starts `scripts/indexer.sh` for the node at `node` (its { wsUrl, httpUrl }) into database
 * schema `schema`, its GraphQL server on a free port, its output in `logPath`. Returns
 * { url, query, caughtUp, kill9, stop, log }: `query(text)` posts a GraphQL query and resolves
 * with its `data` (failing on any error); `caughtUp()` waits until the node has finalized its
 * best block as it is now, and the indexer has processed that block (within `blocks` more, 60 by
 * default); it resolves with its number; `kill9()` kills SubQuery's indexer process with
 * SIGKILL; `stop()` ends the script and what it started; `drop()` then removes the schema and
 * the project directory the script wrote.
 */
export async function startIndexer(node, { schema, logPath, port }) {
  port = port ?? await freePort();
  const logFd = openSync(logPath, 'a');
  const child = spawn('bash', [join(ROOT, 'scripts/indexer.sh'), '--node', node.wsUrl, '--port', String(port), '--schema', schema],
    { stdio: ['ignore', logFd, logFd], detached: true });
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const log = () => { try { return readFileSync(logPath, 'utf8'); } catch { return ''; } };
  const url = `http://127.0.0.1:${port}/`;
  const query = async (text) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: text }) });
    const body = await response.json();
    if (body.errors) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  await waitForStart('the indexer\'s GraphQL server', () => query('{ _metadata { lastProcessedHeight } }'),
    { timeoutMs: 180_000, alive: () => exited === null, output: () => log().slice(-3000) });
  const caughtUp = async ({ blocks = 60 } = {}) => {
    const target = await bestNumber(node.httpUrl);
    await waitBlocks(`#${target} finalized`, async () => (await finalizedNumber(node.httpUrl)) >= target,
      { url: node.httpUrl, blocks: 30, progress: finalizedNumber });
    await waitBlocks(`the indexer at #${target}`, async () => {
      const { _metadata: meta } = await query('{ _metadata { lastProcessedHeight } }');
      return meta.lastProcessedHeight >= target;
    }, { url: node.httpUrl, blocks });
    return target;
  };
  const kill9 = () => {
    const pids = execFileSync('pgrep', ['-f', `subql-node .*--db-schema ${schema} `], { encoding: 'utf8' }).trim().split('\n');
    for (const pid of pids) process.kill(Number(pid), 'SIGKILL');
    return pids.length;
  };
  const stop = async () => {
    if (exited !== null) return;
    const ended = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await ended;
  };
  /** Every row of GraphQL collection `name` (`filter` its filter's text), `fields` of each, page by page. */
  const all = async (name, fields, filter = '') => {
    const rows = [];
    for (let offset = 0; ; offset += PAGE) {
      const data = await query(`{ ${name}(first: ${PAGE}, offset: ${offset}, orderBy: ID_ASC${filter ? `, filter: ${filter}` : ''}) { nodes { ${fields} } } }`);
      rows.push(...data[name].nodes);
      if (data[name].nodes.length < PAGE) return rows;
    }
  };
  return { url, query, all, caughtUp, kill9, stop, drop: () => dropIndex(schema), log, exited: () => exited };
}

/** The most rows the GraphQL server returns at once (SubQuery's default `--query-limit`). */
const PAGE = 100;

/**
 * Registers the hooks of a test file that runs the indexer into a schema of its own, its output
 * under `output`: returns { start(node), current }, where `start` starts the indexer (again, after
 * a kill) and `current` is the last one started; `after` stops it and drops its schema.
 */
export function useIndexer(output) {
  const schema = `e2e_${process.pid}_${Date.now()}`;
  const logPath = join(output, `indexer-${schema}.log`);
  const handle = {
    current: null,
    start: async (node) => (handle.current = await startIndexer(node, { schema, logPath })),
  };
  before(() => mkdirSync(output, { recursive: true }));
  after(async () => {
    if (!handle.current) return;
    await handle.current.stop();
    handle.current.drop();
  });
  return handle;
}

/** Every event of the pallet in blocks 1 to `to`, read from the chain: { id, block, event }. */
export async function palletEvents(api, to) {
  return (await eventsBetween(api, 1, to))
    .filter(({ event }) => event.section === 'dataContribution')
    .map(({ block, index, event }) => ({ id: `${block}-${index}`, block, event }));
}

/**
 * Runs `sql` with psql on the indexer's PostgreSQL (scripts/postgres.sh starts it if needed) and
 * returns its output: unaligned, fields separated by a space, no headers.
 */
export function psql(sql) {
  const settings = Object.fromEntries(execFileSync('bash', [join(ROOT, 'scripts/postgres.sh'), 'start'], { encoding: 'utf8' })
    .trim().split('\n').map((line) => line.split('=')));
  return execFileSync('psql', ['-h', settings.DB_HOST, '-p', settings.DB_PORT, '-U', settings.DB_USER, '-d', settings.DB_DATABASE,
    '-tA', '-F', ' ', '-c', sql], { env: { ...process.env, PGPASSWORD: settings.DB_PASS, PGOPTIONS: '-c client_min_messages=warning' }, encoding: 'utf8' });
}

/** Removes database schema `schema` and the project directory `scripts/indexer.sh` wrote for it. */
function dropIndex(schema) {
  psql(`drop schema if exists "${schema}" cascade`);
  rmSync(join(homedir(), '.cache/fairshare/indexer', schema), { recursive: true, force: true });
}
