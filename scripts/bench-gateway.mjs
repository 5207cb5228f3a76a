#!/usr/bin/env node
// The reference operator gateway (clients/gateway/main.js, its own process) at inference speed,
// on a real release --dev node, side by side with a bare HTTP server that answers the same
// stand-in model without metering, in one run:
// - for each signature scheme the chain takes from a consumer, ed25519 and sr25519, with the
//   signatures checked on the gateway's own thread, with its pool of worker threads, and by the
//   node's own code in a `fairshare-node verify-receipts` process (VARIANTS), a gateway of its
//   own: 1, 10 and 100 concurrent consumers, each with a usage channel of its own, send queries
//   back to back for SECONDS seconds each (after two queries each, so that the gateway follows
//   every channel), every one with the consumer's signed cumulative
//   receipt (signed before the clock starts, as a client signs while its previous answer is on
//   the way: sr25519 as clients/js/usage.js signs, ed25519 with Node's own crypto);
// - metered queries a second, and the latency at p50 and p99, through the gateway and through
//   the bare server; the added latency is the difference at each percentile; and the CPU each
//   process used meanwhile (from /proc), as a share of one core: this one (the consumers), the
//   gateway or the bare server, the gateway's verifier process, and the node;
// - at the end of each variant its gateway settles, and the chain's settled count of every
//   channel must equal the last receipt its consumer signed and had answered, to the query.
//
//   node scripts/bench-gateway.mjs [SECONDS] [--only SCHEME:VERIFIER,…] [--rate QUERIES]
//
// SECONDS is 10 by default; --only measures some variants, each named as in the table's first two
// columns (ed25519:native, sr25519:0, ed25519:default). With --rate, each level's consumers send
// QUERIES a second between them, each on a schedule of its own, rather than back to back: the
// latency at a given load rather than at the most the gateway answers. A query's latency then
// runs from when it was due, so that a stall is charged for every query due during it, not only
// for the few in flight (back to back, the consumers wait with it: coordinated omission); and
// every query due within the level is sent, so a level that falls behind runs over its SECONDS
// and its rate shows the shortfall. A paced level's schedule starts with a second not counted
// (SETTLE_IN).

import net from 'node:net';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connect } from '../clients/js/fairshare.js';
import { openUsage, signUsageReceipt, usageChannel, usageReceipt } from '../clients/js/usage.js';
import { cpuTime } from '../tests/lib/cpu.js';
import { GATEWAY_NODE_OPTIONS, startGateway } from '../tests/lib/gateway.js';
import { NODE_BINARY, startDevNode } from '../tests/lib/node.js';
import { FAIR, devAccounts, included, journeyModel, percentile } from '../tests/lib/toolkit.js';

const { values: options, positionals } = parseArgs({ allowPositionals: true, options: { only: { type: 'string' }, rate: { type: 'string' } } });
const SECONDS = Number(positionals[0] ?? 10);
if (!(SECONDS > 0)) throw new Error(`SECONDS must be a positive number, not ${positionals[0]}`);
/** Queries a second a level's consumers send between them, or null: back to back. */
const RATE = options.rate === undefined ? null : Number(options.rate);
if (RATE !== null && !(Number.isSafeInteger(RATE) && RATE > 0)) throw new Error(`--rate must be a positive whole number of queries a second, not ${options.rate}`);
const LEVELS = [1, 10, 100];
/**
 * The gateways measured, one after the other: for each scheme, receipts checked on the
 * gateway's own thread (0 workers), with its default pool of worker threads, and by the node's
 * `verify-receipts` (native).
 */
const ALL_VARIANTS = ['ed25519', 'sr25519'].flatMap((scheme) => [{ scheme, workers: 0 }, { scheme }, { scheme, native: true }]);
const label = ({ scheme, workers, native }) => `${scheme}:${native ? 'native' : workers ?? 'default'}`;
const VARIANTS = options.only === undefined ? ALL_VARIANTS : options.only.split(',').map((name) => {
  const variant = ALL_VARIANTS.find((v) => label(v) === name);
  if (!variant) throw new Error(`no variant ${name}: one of ${ALL_VARIANTS.map(label).join(', ')}`);
  return variant;
});
const PRICE = 1_000n;
/**
 * Queries each consumer sends before a level's schedule starts: the first has the gateway read
 * the channel from the chain and subscribe to it, the second waits for that subscription.
 */
const WARM_UP = 2;
/**
 * With RATE, seconds at the start of each level's schedule whose queries are sent, and settled,
 * but not counted: a level starts all its consumers at once, fresh from signing its receipts,
 * which a gateway in service does not see (docs/performance.md, "The chain client on a thread of
 * its own"). Back to back every query counts, so that a level that runs out of receipts (sr25519)
 * still reports its rate.
 */
const SETTLE_IN = RATE === null ? 0 : 1;
/**
 * Receipts signed ahead for a level, in all, a second of it, by scheme: ed25519 above what the
 * gateway answered on machines of this kind (docs/performance.md: up to 16,500 a second). An
 * sr25519 signature takes the consumers about 1.2 ms on the slower ones, so as many would take
 * minutes; a level that runs out says so, and its rate is then a floor.
 */
const AHEAD_PER_SECOND = { ed25519: 30_000, sr25519: 1_500 };

/** The DER prefix of an ed25519 private key's PKCS #8 encoding (RFC 8410): its 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

await cryptoWaitReady();
const node = await startDevNode({ chain: 'dev', finalized: 1 });
let api;
let gateway;
let bare;
try {
  api = await connect(node.wsUrl);
  const who = devAccounts();
  const { modelId } = await journeyModel(api, who, `bench gateway ${Date.now()}`, PRICE);
  const consumers = [
    ...await openChannels(api, who, modelId, Math.max(...LEVELS), 'ed25519'),
    ...await openChannels(api, who, modelId, Math.max(...LEVELS), 'sr25519'),
  ];
  bare = await startBare(modelId);
  const genesisHash = api.genesisHash.toHex();

  console.log(`bare server ${bare.url}, model ${modelId}, ${SECONDS} s a level, ${RATE === null ? 'queries back to back' : `${RATE} queries a second a level, paced`}`);
  console.log('| scheme | verify workers | consumers | queries/s (gateway) | gateway p50 (ms) | gateway p99 (ms) | queries/s (bare) | bare p50 (ms) | bare p99 (ms) | added p50 (ms) | added p99 (ms) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  let queries = 0n;
  for (const variant of VARIANTS) {
    const { scheme, workers, native } = variant;
    const own = consumers.filter((c) => c.scheme === scheme);
    const before = own.map((c) => c.cumulative);
    // A gateway process of its own for each variant, settled and stopped before the next.
    gateway = await startGateway(node.wsUrl, modelId, { settleEveryMs: 6_000, settleEveryReceipts: 1_000, verifyWorkers: workers, nativeVerifier: native ? NODE_BINARY : undefined });

    for (const level of LEVELS) {
      const active = own.slice(0, level);
      const perSecond = RATE === null ? AHEAD_PER_SECOND[scheme] : Math.min(RATE, AHEAD_PER_SECOND[scheme]);
      const receipts = signAhead(active, genesisHash, Math.ceil((perSecond * (SETTLE_IN + SECONDS)) / level) + WARM_UP);
      const meteredCpu = cpuMeter({ gateway: gateway.child.pid, node: node.child.pid });
      const metered = await drive(gateway.url, active, receipts);
      const meteredShares = meteredCpu();
      const plainCpu = cpuMeter({ bare: bare.child.pid, node: node.child.pid });
      const plain = await drive(bare.url, active, active.map(() => null));
      const plainShares = plainCpu();
      // A level that ran out of receipts before its first counted query has no percentiles.
      const ms = (x) => (Number.isFinite(x) ? x.toFixed(2) : '-');
      console.log(`| ${scheme} | ${label(variant).split(':')[1]} | ${level} | ${metered.rate.toFixed(0)} | ${ms(metered.p50)} | ${ms(metered.p99)} | ${plain.rate.toFixed(0)} | ${ms(plain.p50)} | ${ms(plain.p99)} | `
        + `${ms(metered.p50 - plain.p50)} | ${ms(metered.p99 - plain.p99)} |`);
      console.log(`  CPU, % of one core: metered: ${meteredShares}; bare: ${plainShares}`);
      if (RATE !== null) {
        console.log(`  queries sent after they were due, p99: ${ms(metered.lateP99)} ms metered, ${ms(plain.lateP99)} ms bare`);
        console.log(`  the first ${SETTLE_IN} s, not counted: p99 ${ms(metered.settlingP99)} ms metered, ${ms(plain.settlingP99)} ms bare`);
      }
      if (metered.exhausted) console.log(`  (${metered.exhausted} consumers used every receipt signed ahead: the rate above is a floor)`);
    }
    // Every receipt answered is settled: the chain's count of each channel is the consumer's.
    const { status } = await gateway.settle();
    if (status !== 200) throw new Error(`the gateway's settlement answered ${status}`);
    let answered = 0n;
    for (const [i, consumer] of own.entries()) {
      const channel = await usageChannel(api, consumer.channelId);
      if (channel.settledQueries !== consumer.cumulative) {
        throw new Error(`channel ${consumer.channelId}: the chain settled ${channel.settledQueries}, the consumer signed ${consumer.cumulative}`);
      }
      answered += consumer.cumulative - before[i];
    }
    const stats = await gateway.stats();
    if (BigInt(stats.accepted) !== answered) throw new Error(`the gateway accepted ${stats.accepted} receipts for ${answered} queries`);
    if (Object.keys(stats.refused).length > 0) throw new Error(`the gateway refused ${JSON.stringify(stats.refused)}`);
    gateway.child.kill('SIGKILL');
    gateway = null;
    queries += answered;
  }
  console.log(`settled: ${queries} queries on ${consumers.length} channels, each channel's count on chain equal to its consumer's last receipt, `
    + 'and each gateway accepted exactly the receipts it answered and refused none');
} finally {
  bare?.child.kill();
  gateway?.child.kill('SIGKILL');
  if (api) await api.disconnect();
  await node.stop();
}

/**
 * `count` funded consumers of `scheme`, from random seeds, each with a channel to `modelId`:
 * { scheme, pair, sign, channelId, cumulative }, where `sign(genesisHash, channelId, count)`
 * signs a receipt as a `MultiSignature` in hex.
 */
async function openChannels(api, who, modelId, count, scheme) {
  const ring = new Keyring({ type: scheme, ss58Format: 42 });
  const consumers = Array.from({ length: count }, () => {
    const seed = randomBytes(32);
    const pair = ring.addFromSeed(seed);
    if (scheme === 'sr25519') return { scheme, pair, sign: (...receipt) => signUsageReceipt(pair, ...receipt) };
    const key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    return { scheme, pair, sign: (...receipt) => `0x00${sign(null, usageReceipt(...receipt), key).toString('hex')}` };
  });
  await included(api, api.tx.utility.batchAll(consumers.map(({ pair }) => api.tx.balances.transferKeepAlive(pair.address, 100n * FAIR))), who.alice);
  const opened = await Promise.all(consumers.map(({ pair }) => openUsage(api, pair, modelId, 10n * FAIR, PRICE)));
  return consumers.map((consumer, i) => ({ ...consumer, channelId: opened[i].channelId, cumulative: 0n }));
}

/** Each consumer's next `perConsumer` receipts, signed now: { count, body }, the body a request's. */
function signAhead(consumers, genesisHash, perConsumer) {
  return consumers.map(({ sign: signReceipt, channelId, cumulative }) => Array.from({ length: perConsumer }, (_, k) => {
    const count = cumulative + BigInt(k + 1);
    const body = JSON.stringify({
      channel: channelId.toString(), cumulative: count.toString(),
      signature: signReceipt(genesisHash, channelId, count), input: `query ${count}`,
    });
    return { count, body };
  }));
}

/**
 * Each consumer sends its queries one after the other over a kept-alive connection of its own:
 * to `url` with its receipts, or with a bare body when `receipts[i]` is null. First WARM_UP
 * queries each; then for SETTLE_IN + SECONDS seconds back to back, or with RATE every query due
 * within them on the schedule `paced` sets, however late. Only the queries due after SETTLE_IN
 * are counted. A receipt answered moves the consumer's count; any refusal stops the run.
 * Resolves with the rate, p50 and p99 (ms), the p99 of how late queries went out after they were
 * due (ms, with RATE), the p99 of the SETTLE_IN second's queries, and how many consumers ran out
 * of receipts.
 */
async function drive(url, consumers, receipts) {
  const connections = await Promise.all(consumers.map(() => openConnection(url)));
  const times = [];
  const late = [];
  const settling = []; // the latencies of the SETTLE_IN second, reported apart
  let exhausted = 0;
  /** Sends consumer `i`'s query `k` and checks the answer; resolves with its service time. */
  const ask = async (i, k) => {
    const own = receipts[i];
    const body = own ? own[k].body : `{"input":"query ${k}"}`;
    const sent = performance.now();
    const { status, text } = await connections[i].post(body);
    const service = performance.now() - sent;
    if (status !== 200) throw new Error(`${url} answered ${status}: ${text}`);
    if (own) {
      const { count } = own[k];
      const { cumulative } = JSON.parse(text);
      if (cumulative !== count.toString()) throw new Error(`channel ${consumers[i].channelId}: answered ${cumulative} for ${count}`);
      consumers[i].cumulative = count;
    }
    return service;
  };
  try {
    for (let k = 0; k < WARM_UP; k++) await Promise.all(consumers.map((_, i) => ask(i, k)));
    const started = performance.now();
    const counted = started + SETTLE_IN * 1000;
    const end = started + (SETTLE_IN + SECONDS) * 1000;
    await Promise.all(consumers.map(async (_, i) => {
      const schedule = paced(started, i, consumers.length);
      for (let k = WARM_UP; ; k++) {
        const due = schedule.due(k - WARM_UP);
        if (due >= end) return;
        if (receipts[i] && k >= receipts[i].length) {
          exhausted += 1;
          return;
        }
        await schedule.until(due);
        const sentLate = performance.now() - due;
        const latency = schedule.latency(due, await ask(i, k));
        if (due < counted) {
          settling.push(latency);
          continue;
        }
        if (RATE !== null) late.push(sentLate);
        times.push(latency);
      }
    }));
    const finished = performance.now();
    // A schedule that was not kept (every query sent at once) ends before its counted span.
    if (finished < counted) throw new Error(`${url}: the level ended ${(counted - finished).toFixed(0)} ms before its first counted query was due`);
    const seconds = (finished - counted) / 1000;
    times.sort((a, b) => a - b);
    late.sort((a, b) => a - b);
    settling.sort((a, b) => a - b);
    const lateP99 = RATE === null ? null : percentile(late, 99);
    return { rate: times.length / seconds, p50: percentile(times, 50), p99: percentile(times, 99), lateP99, settlingP99: percentile(settling, 99), exhausted };
  } finally {
    connections.forEach((connection) => connection.close());
  }
}

/**
 * Consumer `i` of `n`'s schedule. Without RATE, back to back: each query is due when the one
 * before it is answered, and its latency is its own. With RATE, query `k` is due at
 * `started + (k + i / n) × n / RATE` seconds (the level's queries fall every 1 / RATE seconds);
 * `until(due)` waits for it, unless less than a millisecond away (a timer's resolution).
 * `latency(due, service)` is then the latency of a consumer that sends each query when due, or
 * when its previous answer comes if that is later, given each query's service time as measured:
 * a server that stalls is charged for every query due meanwhile. A timer of this process that
 * fires late is charged to no one; a delay of this process while a query is out counts in its
 * service time, which is why `drive` reports how late the queries went out.
 */
function paced(started, i, n) {
  if (RATE === null) return { due: () => performance.now(), until: async () => {}, latency: (_, service) => service };
  const gap = (n * 1000) / RATE;
  let answeredAt = -Infinity;
  return {
    due: (k) => started + (k + i / n) * gap,
    until: async (due) => {
      const ahead = Math.floor(due - performance.now());
      if (ahead >= 1) await new Promise((resolve) => setTimeout(resolve, ahead));
    },
    latency: (due, service) => {
      answeredAt = Math.max(due, answeredAt) + service;
      return answeredAt - due;
    },
  };
}

/**
 * A kept-alive HTTP/1.1 connection to `url`, one request at a time: `post(body)` writes a whole
 * `POST /query` and resolves with the answer's { status, text }, read by its Content-Length.
 * The consumers share the two cores with what they measure, so their client is this lean one
 * rather than node:http's, which cost them about as much CPU as the gateway itself.
 */
async function openConnection(url) {
  const { hostname, port } = new URL(url);
  const socket = net.connect({ host: hostname, port: Number(port), noDelay: true });
  await once(socket, 'connect');
  let pending = null;
  let buffer = Buffer.alloc(0);
  const failed = (error) => pending?.reject(error);
  socket.on('error', failed);
  socket.on('close', () => failed(new Error(`${url} closed the connection`)));
  socket.on('data', (chunk) => {
    buffer = buffer.length > 0 ? Buffer.concat([buffer, chunk]) : chunk;
    const head = buffer.indexOf('\r\n\r\n');
    if (head < 0) return;
    const headers = buffer.subarray(0, head).toString('latin1');
    const length = Number(/\r\ncontent-length: *([0-9]+)/i.exec(headers)?.[1]);
    if (!Number.isSafeInteger(length)) return failed(new Error(`${url} answered without a Content-Length: ${headers}`));
    if (buffer.length < head + 4 + length) return;
    const answer = { status: Number(headers.slice(9, 12)), text: buffer.subarray(head + 4, head + 4 + length).toString('utf8') };
    buffer = buffer.subarray(head + 4 + length);
    if (!pending) return socket.destroy(new Error(`${url} answered a request it was not sent`));
    const { resolve } = pending;
    pending = null;
    resolve(answer);
  });
  return {
    post: (body) => new Promise((resolve, reject) => {
      pending = { resolve, reject };
      socket.write(`POST /query HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    }),
    close: () => socket.destroy(),
  };
}

/**
 * Starts measuring the CPU time of the processes `pids` (by name) and of this one (the
 * consumers); the function it returns says what each used since, as a share of one core, with
 * a process's descendants (the gateway's verifier) apart.
 */
function cpuMeter(pids) {
  const start = performance.now();
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuTime(pid)]));
  const self = process.cpuUsage();
  return () => {
    const seconds = (performance.now() - start) / 1000;
    const share = (used) => `${Math.round((100 * used) / seconds)}`;
    const { user, system } = process.cpuUsage(self);
    const parts = [`consumers ${share((user + system) / 1e6)}`];
    for (const [name, pid] of Object.entries(pids)) {
      const [own, descendants] = cpuTime(pid);
      parts.push(`${name} ${share(own - before[name][0])}`);
      if (descendants > 0) parts.push(`${name}'s children ${share(descendants - before[name][1])}`);
    }
    return parts.join(', ');
  };
}

/**
 * The bare server, a process of its own as the gateway is, with the same Node options: the same
 * stand-in model behind the same HTTP and JSON handling, without receipts. Resolves with
 * { child, url }.
 */
function startBare(modelId) {
  const source = `
    import http from 'node:http';
    import { standInModel } from ${JSON.stringify(new URL('../clients/gateway/gateway.js', import.meta.url).href)};
    const server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', () => {
        const { input = '' } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const text = JSON.stringify({ answer: standInModel(${JSON.stringify(String(modelId))}, input) });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      });
    });
    server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));`;
  const child = spawn(process.execPath, [...GATEWAY_NODE_OPTIONS, '--input-type=module', '-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', (url) => resolve({ child, url }));
  });
}
