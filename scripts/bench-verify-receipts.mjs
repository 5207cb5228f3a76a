#!/usr/bin/env node
// `fairshare-node verify-receipts` (node/src/verify_receipts.rs) on its own, through the
// gateway's `NativeVerifier`, one batch at a time: for each scheme it batches (ed25519 and
// sr25519), batches of 1, 2, 4, 8, 16 and 64 receipts from 64 consumers, all good (`none`), then
// with one bad receipt in each (signed for another count): always of the same consumers
// (`same`: each bad receipt's consumer was refused before, and is checked on its own), or each
// of a consumer whose receipt before was good (`fresh`: each fails its batch, the worst case).
// For each row, the receipts checked a second and the process's CPU time a receipt (from /proc),
// and that time's ratio to batches of one in the same run: a batch of one is checked on its own,
// by the runtime's rule, with no batch equation.
//
//   node scripts/bench-verify-receipts.mjs [RECEIPTS]
//
// RECEIPTS (16,384 by default, a multiple of 64) are checked in each row, signed before the first.

import { performance } from 'node:perf_hooks';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { NativeVerifier } from '../clients/gateway/native-verifier.js';
import { decodeMultiSignature, signUsageReceipt } from '../clients/js/usage.js';
import { cpuTime } from '../tests/lib/cpu.js';
import { NODE_BINARY } from '../tests/lib/node.js';

const RECEIPTS = Number(process.argv[2] ?? 16_384);
if (!Number.isInteger(RECEIPTS) || RECEIPTS < 64 || RECEIPTS % 64 !== 0) throw new Error(`RECEIPTS must be a multiple of 64 (whole batches of each size), not ${process.argv[2]}`);
const SIZES = [1, 2, 4, 8, 16, 64];
const CONSUMERS = 64;
const GENESIS = `0x${'42'.repeat(32)}`;

await cryptoWaitReady();
const verifier = new NativeVerifier(GENESIS, NODE_BINARY);
const { runtime } = await verifier.ready();
console.log(`${NODE_BINARY} verify-receipts (${runtime}), ${RECEIPTS} receipts a row, one batch at a time`);
console.log('| scheme | receipts a batch | bad receipt a batch | receipts/s | CPU (µs a receipt) | CPU ratio to batches of 1 |');
console.log('| --- | --- | --- | --- | --- | --- |');
try {
  for (const scheme of ['ed25519', 'sr25519']) {
    const checks = signed(scheme);
    let alone;
    for (const size of SIZES) {
      for (const bad of size === 1 ? ['none'] : ['none', 'same', 'fresh']) {
        // One receipt of each batch is made bad (its count is not the one signed): the first, of
        // the same consumers each time; or one that moves on a place every time the consumers
        // come round, so that its consumer's receipt before (64 earlier) was good.
        const badAt = (batch) => (bad === 'same' ? 0 : Math.floor(batch / (CONSUMERS / size)) % size);
        const isBad = (i) => bad !== 'none' && i % size === badAt(Math.floor(i / size));
        const row = checks.map(([address, channel, cumulative, signature], i) => [address, channel, isBad(i) ? cumulative + 1n : cumulative, signature]);
        const { rate, cpu } = await measure(row, size, RECEIPTS - (bad === 'none' ? 0 : RECEIPTS / size));
        if (size === 1) alone = cpu;
        // /proc counts CPU time in hundredths of a second: a short run may see none.
        const ratio = alone > 0 ? (cpu / alone).toFixed(2) : 'n/a';
        console.log(`| ${scheme} | ${size} | ${bad} | ${Math.round(rate)} | ${cpu.toFixed(1)} | ${ratio} |`);
      }
    }
  }
} finally {
  await verifier.close();
}

/** RECEIPTS good checks of `scheme`: consumer i of 64 signs channel i at counts 1, 2, …. */
function signed(scheme) {
  const keyring = new Keyring({ type: scheme, ss58Format: 42 });
  const pairs = Array.from({ length: CONSUMERS }, (_, i) => keyring.addFromUri(`//Bench//${i}`));
  return Array.from({ length: RECEIPTS }, (_, i) => {
    const [pair, channel, cumulative] = [pairs[i % CONSUMERS], BigInt(i % CONSUMERS), BigInt(Math.floor(i / CONSUMERS) + 1)];
    return [pair.address, channel, cumulative, decodeMultiSignature(signUsageReceipt(pair, GENESIS, channel, cumulative))];
  });
}

/**
 * Checks `checks` in batches of `size`, one awaited before the next is asked for; throws unless
 * exactly `passes` pass. Resolves with the receipts a second and the process's CPU µs a receipt.
 */
async function measure(checks, size, passes) {
  const { pid } = verifier.helper.child;
  const [before] = cpuTime(pid);
  const start = performance.now();
  let passed = 0;
  for (let at = 0; at < checks.length; at += size) {
    const verdicts = await Promise.all(checks.slice(at, at + size).map((check) => verifier.verify(...check)));
    passed += verdicts.filter(Boolean).length;
  }
  const seconds = (performance.now() - start) / 1000;
  const [after] = cpuTime(pid);
  if (passed !== passes) throw new Error(`${passed} receipts passed in batches of ${size}, not ${passes}`);
  return { rate: checks.length / seconds, cpu: ((after - before) * 1e6) / checks.length };
}
