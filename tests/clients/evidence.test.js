// The dashboard's evidence of copying (clients/web/src/evidence.js): which of two datasets holding
// the same proven file was registered first, and the citation a challenge of the later one makes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyEvidence, pathText } from '../../clients/web/src/evidence.js';

const hash = (byte) => `0x${byte.repeat(32)}`;
const [A, B, C] = [hash('aa'), hash('bb'), hash('cc')];
const [SHARED, OTHER] = [hash('01'), hash('02')];
const proof = (id, dataset, content) => ({ id, block: Number(id.split('-')[0]), dataset, path: '0x61', content });

test('the same content proven in an earlier and a later dataset cites the earlier proof first, seen from either', () => {
  const inA = proof('12-3', A, SHARED);
  const inB = proof('10-2', B, SHARED);
  const alone = proof('14-1', B, OTHER);
  // A was registered at block 5, B at block 8: B holds A's file.
  const registered = new Map([[A, 5], [B, 8]]);
  assert.deepEqual(copyEvidence([inB, alone], [inA, inB], registered), [
    { proof: inB, match: inA, order: 'earlier', cite: 'inclusion:12-3,10-2' },
    { proof: alone, match: null, order: null, cite: null },
  ]);
  assert.deepEqual(copyEvidence([inA], [inA, inB], registered), [
    { proof: inA, match: inB, order: 'later', cite: 'inclusion:12-3,10-2' },
  ]);
});

test('datasets registered in the same block, or of unknown registration, are not ordered and cite nothing', () => {
  const inA = proof('12-3', A, SHARED);
  const inC = proof('13-1', C, SHARED);
  assert.deepEqual(copyEvidence([inA], [inA, inC], new Map([[A, 5], [C, 5]])).map((r) => [r.order, r.cite]), [['same block', null]]);
  assert.deepEqual(copyEvidence([inA], [inA, inC], new Map([[A, 5]])).map((r) => [r.order, r.cite]), [['unknown', null]]);
  // The same file proven twice in one dataset is no evidence.
  assert.deepEqual(copyEvidence([inA], [inA, proof('20-1', A, SHARED)], new Map([[A, 5]])).map((r) => r.match), [null]);
});

test('a proof repeated, or a dataset holding the content under several proofs, adds no row', () => {
  const inA = proof('12-3', A, SHARED);
  const againInA = proof('15-1', A, SHARED);
  const inB = proof('10-2', B, SHARED);
  const againInB = proof('11-4', B, SHARED);
  const registered = new Map([[A, 5], [B, 8]]);
  assert.deepEqual(copyEvidence([inB, againInB], [inB, againInB, inA, againInA], registered), [
    { proof: inB, match: inA, order: 'earlier', cite: 'inclusion:12-3,10-2' },
  ]);
});

test('a path reads as text when its bytes are UTF-8, and as hex otherwise', () => {
  assert.equal(pathText(`0x${Buffer.from('images/0002.bin').toString('hex')}`), 'images/0002.bin');
  assert.equal(pathText(`0x${Buffer.from('données/é.txt').toString('hex')}`), 'données/é.txt');
  assert.equal(pathText('0xff80'), '0xff80');
  assert.equal(pathText('0x'), '');
  // A right-to-left override would make "photo\u202Egpj.exe" read as "photoexe.jpg".
  const spoof = `0x${Buffer.from('photo\u202Egpj.exe').toString('hex')}`;
  assert.equal(pathText(spoof), spoof);
  assert.equal(pathText('0x610a62'), '0x610a62');
});
