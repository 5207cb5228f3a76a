// The dashboard's formatting and address parsing (clients/web/src/format.js).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { formatPerbill, formatUnits, parseAccount } from '../../clients/web/src/format.js';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

test('amounts keep every planck, grouped, without trailing zeros', () => {
  assert.equal(formatUnits(203_300_000_000_000n, 12), '203.3');
  assert.equal(formatUnits(1n, 12), '0.000000000001');
  assert.equal(formatUnits(0n, 12), '0');
  assert.equal(formatUnits(1_000_023_118_001_973_336n, 12), '1,000,023.118001973336');
  assert.equal(formatUnits(2n ** 128n - 1n, 12), '340,282,366,920,938,463,463,374,607.431768211455');
  assert.equal(formatUnits(-5n, 0), '-5');
});

test('shares in parts per billion read as percentages', () => {
  assert.equal(formatPerbill(600_000_000), '60%');
  assert.equal(formatPerbill(1), '0.0000001%');
  assert.equal(formatPerbill(1_000_000_000), '100%');
});

test('an account is an SS58 address or a 32-byte key; anything else is named as wrong', async () => {
  await cryptoWaitReady();
  assert.equal(parseAccount(` ${ALICE} `, 42), ALICE);
  assert.equal(parseAccount('0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d', 42), ALICE);
  assert.match(parseAccount('', 42).message, /Enter an account/);
  assert.match(parseAccount('not-an-address', 42).message, /"not-an-address" is not an account address/);
  assert.match(parseAccount(`${ALICE.slice(0, -1)}x`, 42).message, /is not an account address/);
  assert.match(parseAccount('0x1234', 42).message, /2 bytes long, not an account of 32 bytes/);
});
