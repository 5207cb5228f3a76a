#!/usr/bin/env node
// Fills a running dev chain's state with `ACCOUNTS` new accounts (one `System.Account` key
// each), so that `benchmark storage` measures reads and writes on a database of realistic size.
// Six dev accounts send, each in nonce order; waits until the last account exists.
//
//   node scripts/populate-state.mjs ws://127.0.0.1:9944 [ACCOUNTS=20000]

import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connect } from '../clients/js/fairshare.js';
import { rpcCall } from '../tests/lib/rpc.js';
import { FAIR, keyring as devKeyring } from '../tests/lib/toolkit.js';

const url = process.argv[2] || 'ws://127.0.0.1:9944';
const ACCOUNTS = Number(process.argv[3] || 20_000);

await cryptoWaitReady();
const api = await connect(url);
try {
  const keyring = devKeyring();
  const senders = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'].map((n) => keyring.addFromUri(`//${n}`));
  const lanes = await Promise.all(senders.map(async (sender, lane) => {
    let nonce = (await api.rpc.system.accountNextIndex(sender.address)).toNumber();
    const txs = [];
    for (let i = lane; i < ACCOUNTS; i += senders.length) {
      // Addresses derived from the index: no key pair needed to fund them.
      const to = keyring.encodeAddress(new Uint8Array(32).fill(0).map((_, b) => (b < 4 ? (i >> (8 * b)) & 0xff : 0xfe)));
      const signed = await api.tx.balances.transferAllowDeath(to, FAIR).signAsync(sender, { nonce: nonce++, era: 0, blockHash: api.genesisHash });
      txs.push(signed.toHex());
    }
    return txs;
  }));
  const start = Date.now();
  // Over HTTP, each sender's transactions in nonce order, all senders at once.
  const http = url.replace(/^ws/, 'http');
  // A submission that gets no answer in 10 s is sent again; the pool answers a repeat with
  // "already imported" (1013), which is fine.
  const submit = async (hex) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await Promise.race([
          rpcCall(http, 'author_submitExtrinsic', [hex]),
          new Promise((_, reject) => setTimeout(() => reject(new Error('no answer in 10 s')), 10_000)),
        ]);
      } catch (e) {
        if (e.rpc?.code === 1013) return null;
        if (attempt >= 5) throw e;
      }
    }
  };
  await Promise.all(lanes.map(async (lane) => {
    for (const hex of lane) await submit(hex);
  }));
  const last = keyring.encodeAddress(new Uint8Array(32).fill(0).map((_, b) => (b < 4 ? ((ACCOUNTS - 1) >> (8 * b)) & 0xff : 0xfe)));
  // Waits for the last account, failing if the chain stops for ten slots.
  let [seen, movedAt] = [-1, Date.now()];
  while ((await api.query.system.account(last)).data.free.isZero()) {
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    if (best !== seen) [seen, movedAt] = [best, Date.now()];
    else if (Date.now() - movedAt > 60_000) throw new Error(`the chain stopped at #${best}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  console.error(`populate-state: ${ACCOUNTS} accounts funded in ${((Date.now() - start) / 1000).toFixed(0)} s`);
} finally {
  await api.disconnect();
}
