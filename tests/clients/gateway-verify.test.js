// The gateway's receipt checks (clients/gateway/verify.js, and native-verifier.js with the release
// node's `verify-receipts`) against the client library's, which follows the pallet's rule: the
// same verdict on good, wrapped, tampered and foreign receipts of each scheme. The chain's own verdicts on ed25519 and sr25519 receipts are checked on a real
// node by tests/e2e/bench-gateway.test.js, which settles what the gateway accepted.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { NativeVerifier } from '../../clients/gateway/native-verifier.js';
import { ReceiptVerifier, VerifierPool } from '../../clients/gateway/verify.js';
import { decodeMultiSignature, signUsageReceipt, usageReceipt, verifyUsageReceipt } from '../../clients/js/usage.js';
import { standInVerifier } from '../lib/gateway.js';
import { NODE_BINARY } from '../lib/node.js';

const GENESIS = `0x${'42'.repeat(32)}`;
const OTHER_GENESIS = `0x${'43'.repeat(32)}`;
let pairs;

before(async () => {
  await cryptoWaitReady();
  pairs = ['ed25519', 'sr25519', 'ecdsa'].map((type) => new Keyring({ type, ss58Format: 42 }).addFromUri(`//Consumer//${type}`));
});

/** Resolves once the event loop's turn has ended. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Asks `native` for each of `checks` (arguments of `verify`) in a turn of its own: their promises. */
async function oneATurn(native, checks) {
  const verdicts = [];
  for (const check of checks) {
    verdicts.push(native.verify(...check));
    await turn();
  }
  return verdicts;
}

/** A MultiSignature in hex with one bit of its signature flipped. */
function flipped(signature, byte) {
  const bytes = Buffer.from(signature.slice(2), 'hex');
  bytes[byte] ^= 1;
  return `0x${bytes.toString('hex')}`;
}

/** For each scheme: receipts good, wrapped, for other counts, chains or signers, and tampered, with the pallet's verdict. */
function receiptCases() {
  return pairs.flatMap((pair) => {
    const [stranger] = pairs.filter((p) => p !== pair);
    const good = signUsageReceipt(pair, GENESIS, 7n, 12n);
    // As the polkadot.js extension signs: the receipt wrapped in <Bytes>…</Bytes>.
    const wrapped = u8aToHex(pair.sign(u8aWrapBytes(usageReceipt(GENESIS, 7n, 12n)), { withType: true }));
    return [
      [pair.address, GENESIS, 7n, 12n, good, true],
      [pair.address, GENESIS, 7n, 12n, wrapped, true],
      [pair.address, GENESIS, 7n, 13n, good, false],
      [pair.address, GENESIS, 8n, 12n, good, false],
      [pair.address, OTHER_GENESIS, 7n, 12n, good, false],
      [stranger.address, GENESIS, 7n, 12n, good, false],
      [pair.address, GENESIS, 7n, 12n, flipped(good, 5), false],
      [pair.address, GENESIS, 7n, 12n, flipped(good, 64), false],
      [pair.address, GENESIS, 7n, 12n, '0x05', false],
    ].map((c) => [pair.type, ...c]);
  });
}

test('the gateway and the pallet\'s rule agree on every receipt, for every scheme', () => {
  const verifier = new ReceiptVerifier();
  for (const [type, address, genesis, channel, cumulative, signature, expected] of receiptCases()) {
    const what = `${type} ${channel}/${cumulative} ${signature.slice(0, 12)}…`;
    assert.equal(verifyUsageReceipt(address, genesis, channel, cumulative, signature), expected, `reference: ${what}`);
    assert.equal(verifier.verify(address, genesis, channel, cumulative, signature), expected, `gateway: ${what}`);
  }
});

test('the node\'s verify-receipts gives the pallet\'s verdicts, in one batch and one by one', async () => {
  const cases = receiptCases().filter(([, , , , , signature]) => decodeMultiSignature(signature));
  const reference = ([, address, genesis, channel, cumulative, signature]) => verifyUsageReceipt(address, genesis, channel, cumulative, signature);
  assert.deepEqual(cases.map(reference), cases.map((c) => c[6]));
  assert.ok(cases.some((c) => c[6]) && cases.some((c) => !c[6]));
  // A process is bound to one chain: each chain's receipts go to a process of its own.
  for (const genesis of [GENESIS, OTHER_GENESIS]) {
    const own = cases.filter((c) => c[2] === genesis);
    const native = new NativeVerifier(genesis, NODE_BINARY);
    await native.ready();
    const check = ([, address, , channel, cumulative, signature]) => native.verify(address, channel, cumulative, decodeMultiSignature(signature));
    const together = await Promise.all(own.map(check));
    const alone = [];
    for (const c of own) alone.push(await check(c));
    await native.close();
    assert.deepEqual(together, own.map((c) => c[6]), `${genesis.slice(0, 6)}…, one batch`);
    assert.deepEqual(alone, own.map((c) => c[6]), `${genesis.slice(0, 6)}…, one by one`);
  }
});

test('a verify-receipts process that dies refuses what it held and is replaced; a binary that is not one never starts', async () => {
  const [ed] = pairs;
  const decoded = decodeMultiSignature(signUsageReceipt(ed, GENESIS, 1n, 1n));
  const native = new NativeVerifier(GENESIS, NODE_BINARY);
  await native.ready();
  // Stopped, so that it cannot answer the check sent to it, then killed.
  const first = native.helper.child;
  first.kill('SIGSTOP');
  const held = native.verify(ed.address, 1n, 1n, decoded);
  // The batch goes out when the turn ends, before this resumes.
  await turn();
  first.kill('SIGKILL');
  await assert.rejects(held, /exited with SIGKILL/);
  assert.notEqual(native.helper.child, first);
  await native.ready();
  assert.equal(await native.verify(ed.address, 1n, 1n, decoded), true);
  await native.close();
  await assert.rejects(native.verify(ed.address, 1n, 1n, decoded), /closed/);

  const notANode = new NativeVerifier(GENESIS, '/bin/true');
  await assert.rejects(notANode.ready(), /exited with 0/);
  await assert.rejects(notANode.verify(ed.address, 1n, 1n, decoded), /exited with 0/);
});

test('checks asked before the process greets, or while two batches await verdicts, wait, and go out together', async () => {
  const [ed] = pairs;
  const receipt = (cumulative) => decodeMultiSignature(signUsageReceipt(ed, GENESIS, 1n, cumulative));
  const native = new NativeVerifier(GENESIS, NODE_BINARY);
  // Asked for before the process greets: held, then sent as one batch once it has (before the
  // greeting the process's largest batch is not known, and each would go alone).
  const early = [1n, 2n, 3n].map((cumulative) => native.verify(ed.address, 1n, cumulative, receipt(cumulative)));
  await native.ready();
  assert.deepEqual(native.helper.batches.map(({ checks }) => checks.length), [3]);
  assert.deepEqual(await Promise.all(early), [true, true, true]);
  const { child } = native.helper;
  child.kill('SIGSTOP');
  // Two batches in flight, one a turn; then three checks, one a turn, the last signed for
  // another count.
  const sent = await oneATurn(native, [1n, 2n].map((n) => [ed.address, 1n, n, receipt(n)]));
  const held = await oneATurn(native, [[3n, 3n], [4n, 4n], [5n, 6n]].map(([n, signed]) => [ed.address, 1n, n, receipt(signed)]));
  assert.equal(native.helper.batches.length, 2);
  assert.equal(native.queue.length, 3);
  child.kill('SIGCONT');
  assert.equal(await sent[0], true);
  // Once the first was answered, the three held went out as one batch.
  assert.equal(native.queue.length, 0);
  assert.equal(native.helper.batches.at(-1).checks.length, 3);
  assert.deepEqual(await Promise.all([...sent, ...held]), [true, true, true, true, false]);
  await native.close();
});

test('a stalled verify-receipts refuses its batches at the deadline; replacements that fail are retried, each wait longer, and logged; close kills a stalled one', async () => {
  const [ed] = pairs;
  const decoded = decodeMultiSignature(signUsageReceipt(ed, GENESIS, 1n, 1n));
  const log = [];
  let onLog = () => {};
  const native = new NativeVerifier(GENESIS, NODE_BINARY, { deadlineMs: 300, log: (line) => { log.push(line); onLog(line); } });
  const { runtime } = await native.ready();
  assert.match(runtime, /^fairshare-[1-9][0-9]*$/);
  assert.equal(native.runtime, runtime);
  // Stopped, with two batches in flight (one a turn) and two checks held behind them: none is
  // answered.
  const first = native.helper.child;
  first.kill('SIGSTOP');
  const sent = await oneATurn(native, [1n, 2n].map((n) => [ed.address, 1n, n, decoded]));
  const held = [native.verify(ed.address, 1n, 1n, decoded), native.verify(ed.address, 1n, 2n, decoded)];
  await turn();
  assert.equal(native.helper.batches.length, 2);
  assert.equal(native.queue.length, 2);
  // Its replacements are not nodes, until the third failure in a row: then the node is back.
  native.binary = '/bin/true';
  const back = new Promise((resolve) => {
    onLog = (line) => {
      if (/3 failures in a row/.test(line)) native.binary = NODE_BINARY;
      if (/is checking again/.test(line)) resolve();
    };
  });
  for (const check of sent) await assert.rejects(check, /answered no check within 300 ms/);
  // The two held were never sent to the stalled process: they waited for its replacement, not a
  // node, to greet, and were refused when it exited.
  for (const check of held) await assert.rejects(check, /exited with 0/);
  await back;
  assert.equal(first.signalCode, 'SIGKILL');
  const waits = log.filter((line) => /starting another/.test(line)).map((line) => / in ([0-9]+) ms/.exec(line)?.[1] ?? '0');
  assert.deepEqual(waits, ['0', '100', '200'], log.join('\n'));
  assert.equal(await native.verify(ed.address, 1n, 1n, decoded), true);
  // A process that cannot exit is killed when the deadline passes.
  const last = native.helper.child;
  last.kill('SIGSTOP');
  await native.close();
  assert.equal(last.signalCode, 'SIGKILL');
});

test('a replacement that names another runtime than the first is refused, until the binary is the first\'s again; one that never greets is given up', async () => {
  const [ed] = pairs;
  const decoded = decodeMultiSignature(signUsageReceipt(ed, GENESIS, 1n, 1n));
  // A stand-in for a binary of another runtime put in the node's place: it greets as
  // `verify-receipts` does, naming runtime fairshare-1.
  const dir = mkdtempSync(join(tmpdir(), 'fairshare-verifier-'));
  const other = standInVerifier(dir, 'FSRCPT2 runtime=fairshare-1 max_batch=16');
  let onLog = () => {};
  const native = new NativeVerifier(GENESIS, NODE_BINARY, { deadlineMs: 300, log: (line) => onLog(line) });
  try {
    const { runtime } = await native.ready();
    assert.notEqual(runtime, 'fairshare-1');
    native.binary = other;
    const back = new Promise((resolve) => {
      onLog = (line) => {
        if (line.includes(`now checks by runtime fairshare-1, not ${runtime}: refused`)) native.binary = NODE_BINARY;
        if (/is checking again/.test(line)) resolve();
      };
    });
    native.helper.child.kill('SIGKILL');
    await back;
    assert.equal(native.runtime, runtime);
    assert.equal(await native.verify(ed.address, 1n, 1n, decoded), true);
    // A binary that never greets is given up once the deadline passes.
    const mute = new NativeVerifier(GENESIS, standInVerifier(dir, null), { deadlineMs: 300 });
    await assert.rejects(mute.ready(), /did not start within 300 ms/);
    await mute.close();
  } finally {
    await native.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the verifier pool gives the reference verdicts, in order, however the checks are shared out', async () => {
  const cases = pairs.flatMap((pair) => {
    const good = signUsageReceipt(pair, GENESIS, 3n, 9n);
    return [[pair.address, 3n, 9n, good, true], [pair.address, 3n, 10n, good, false], [pair.address, 3n, 9n, flipped(good, 20), false]];
  });
  for (const workers of [0, 1, 2]) {
    const pool = new VerifierPool(GENESIS, { workers });
    await pool.ready();
    // All asked in one turn, so that they go out as one batch; then one at a time.
    const together = await Promise.all(cases.map(([address, channel, count, signature]) => pool.verify(address, channel, count, decodeMultiSignature(signature))));
    const alone = [];
    for (const [address, channel, count, signature] of cases) alone.push(await pool.verify(address, channel, count, decodeMultiSignature(signature)));
    await pool.close();
    const expected = cases.map(([address, channel, count, signature]) => verifyUsageReceipt(address, GENESIS, channel, count, signature));
    assert.deepEqual(expected, cases.map((c) => c[4]));
    assert.deepEqual(together, expected, `${workers} workers, one batch`);
    assert.deepEqual(alone, expected, `${workers} workers, one by one`);
  }
});

test('a worker that dies refuses the checks it held with an error, and a new one takes over', async () => {
  const pool = new VerifierPool(GENESIS, { workers: 1 });
  await pool.ready();
  const [ed] = pairs;
  const decoded = decodeMultiSignature(signUsageReceipt(ed, GENESIS, 1n, 1n));
  // Two checks in one turn: this thread keeps the first, the worker gets the second.
  const kept = pool.verify(ed.address, 1n, 1n, decoded);
  const lost = pool.verify(ed.address, 1n, 1n, decoded);
  const dying = pool.workers[0].thread;
  dying.terminate();
  assert.equal(await kept, true);
  await assert.rejects(lost, /exited/);
  assert.notEqual(pool.workers[0].thread, dying);
  await pool.ready();
  assert.equal(await pool.verify(ed.address, 1n, 1n, decoded), true);
  await pool.close();
  await assert.rejects(pool.verify(ed.address, 1n, 1n, decoded), /closed/);
  assert.throws(() => new VerifierPool(GENESIS, { workers: -1 }), /0 to 64/);
});

test('an ed25519 signature under another scheme\'s tag, or an sr25519 one under ed25519\'s, is refused', () => {
  const verifier = new ReceiptVerifier();
  const [ed, sr] = pairs;
  const edSignature = signUsageReceipt(ed, GENESIS, 1n, 1n);
  const srSignature = signUsageReceipt(sr, GENESIS, 1n, 1n);
  assert.equal(verifier.verify(ed.address, GENESIS, 1n, 1n, `0x01${edSignature.slice(4)}`), false);
  assert.equal(verifier.verify(sr.address, GENESIS, 1n, 1n, `0x00${srSignature.slice(4)}`), false);
});

test('the receipt is the tag, the genesis hash and the two integers little-endian, at their bounds', () => {
  const tag = Buffer.from('fairshare/usage/v1').toString('hex');
  assert.equal(u8aToHex(usageReceipt(GENESIS, 0x0102030405060708n, 2n ** 64n - 1n)),
    `0x${tag}${'42'.repeat(32)}0807060504030201${'ff'.repeat(8)}`);
  assert.equal(u8aToHex(usageReceipt(GENESIS, 0n, 1n)), `0x${tag}${'42'.repeat(32)}${'00'.repeat(8)}01${'00'.repeat(7)}`);
  assert.throws(() => usageReceipt(GENESIS, 2n ** 64n, 1n), /must be a u64/);
  assert.throws(() => usageReceipt('0x42', 1n, 1n), /32 bytes/);
});
