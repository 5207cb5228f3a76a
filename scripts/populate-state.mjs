#!/usr/bin/env node
// Fills a running dev chain's state with `ACCOUNTS` new accounts (one `System.Account` key
// each), so that `benchmark storage` measures reads and writes on a database of realistic size.
// Six dev accounts send, each in nonce order; waits until the last account exists.
//
//   node scripts/populate-state.mjs ws://127.0.0.1:9944 [ACCOUNTS=20000]

import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connect } from '../clients/js/fairshare.js';
import { waitBlocks } from '../tests/lib/chain.js';
import { rpcCall } from '../tests/lib/rpc.js';
import { FAIR, devAccounts, free, keyring as devKeyring } from '../tests/lib/toolkit.js';

const url = process.argv[2] || 'ws://127.0.0.1:9944';
const ACCOUNTS = Number(process.argv[3] || 20_000);

await cryptoWaitReady();
const api = await connect(url);
try {
  const keyring = devKeyring();
  const senders = Object.values(devAccounts());
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
        return await rpcCall(http, 'author_submitExtrinsic', [hex], { timeoutMs: 10_000 });
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
  // Waits for the last account: a block holds hundreds of transfers; fails if the chain stalls.
  await waitBlocks('the last account funded', async () => (await free(api, last)) > 0n,
    { url: http, blocks: Math.ceil(ACCOUNTS / 100) + 20 });
  console.error(`populate-state: ${ACCOUNTS} accounts funded in ${((Date.now() - start) / 1000).toFixed(0)} s`);
} finally {
  await api.disconnect();
}
