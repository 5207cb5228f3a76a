// A worker thread of the gateway's `VerifierPool` (verify.js): checks batches of receipts'
// signatures with a `ReceiptVerifier` and answers each batch with its verdicts, in order.

import { parentPort, workerData } from 'node:worker_threads';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { ReceiptVerifier } from './verify.js';

await cryptoWaitReady();
const verifier = new ReceiptVerifier();
const genesis = new Uint8Array(workerData.genesis);
parentPort.on('message', ({ id, items }) => {
  const results = items.map(([address, channelId, cumulative, decoded]) => verifier.verifyDecoded(address, genesis, channelId, cumulative, decoded));
  parentPort.postMessage({ id, results });
});
parentPort.postMessage({ ready: true });
