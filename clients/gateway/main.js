#!/usr/bin/env -S node --max-semi-space-size=16
// Runs the reference operator gateway (gateway.js) for one model.
//
//   clients/gateway/main.js --model 0 --operator //Dave \
//     [--ws ws://127.0.0.1:9944] [--host 127.0.0.1] [--port 8080] \
//     [--settle-every-ms 6000] [--settle-every-receipts 1000] [--receipts-file receipts.jsonl] \
//     [--verify-workers N | --native-verifier PATH] [--max-head-age-ms 60000]
//
// --receipts-file keeps every accepted receipt on disk, so that a restart loses no revenue.
// --verify-workers sets how many worker threads check receipts' signatures: every core but one
// by default, 0 to check them on the gateway's own thread. --native-verifier names a fairshare-node
// binary whose `verify-receipts` checks them instead, in the node's own code.
// --max-head-age-ms: once no new block came from the node, or none was finalized, for that long
// (1 s to an hour), the gateway answers queries with 503 ChainStale until one comes (default
// 60000, ten 6-second slots); it does so too while its connection to the node is down.
// The first line sets Node's young generation to 16 MiB semi-spaces, Node 20's default, so that
// another default does not change it: a query leaves about 10 KB of garbage, and with 64 MiB
// semi-spaces the gateway answered more queries back to back but had more than twice as many
// scavenges over 2 ms at a given load, and a higher latency at the 99th percentile
// (docs/performance.md, "The young generation at a given load"). `node main.js` runs it without.
// The operator key may also come from the FAIRSHARE_OPERATOR_SURI environment variable (a seed
// phrase or a dev URI), so that it is not on the command line. Prints one JSON line when ready:
// {"url": "http://127.0.0.1:8080", "model": "0", "operator": "5…"}. SIGINT or SIGTERM settles
// what is pending, then exits (with status 1 if that settlement failed). The chain client runs on
// a worker thread (chain.js); if it stops unasked the gateway exits with status 1, and a restart
// with --receipts-file loses nothing.

import { parseArgs } from 'node:util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { ChainLink } from './chain.js';
import { Gateway } from './gateway.js';

const { values } = parseArgs({
  options: {
    ws: { type: 'string', default: 'ws://127.0.0.1:9944' },
    model: { type: 'string' },
    operator: { type: 'string', default: process.env.FAIRSHARE_OPERATOR_SURI },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8080' },
    'settle-every-ms': { type: 'string', default: '6000' },
    'settle-every-receipts': { type: 'string', default: '1000' },
    'receipts-file': { type: 'string' },
    'verify-workers': { type: 'string' },
    'native-verifier': { type: 'string' },
    'max-head-age-ms': { type: 'string', default: '60000' },
  },
});
const workers = values['verify-workers'];
const native = values['native-verifier'];
const maxHeadAge = values['max-head-age-ms'];
if (values.model === undefined || !values.operator || (workers !== undefined && !(/^[0-9]{1,2}$/.test(workers) && Number(workers) <= 64)) || (workers !== undefined && native !== undefined) || native === '' || !(/^[0-9]{4,7}$/.test(maxHeadAge) && Number(maxHeadAge) >= 1_000 && Number(maxHeadAge) <= 3_600_000)) {
  console.error('usage: main.js --model ID --operator SURI [--ws URL] [--host H] [--port P] [--settle-every-ms N] [--settle-every-receipts M] [--receipts-file F] [--verify-workers 0..64 | --native-verifier FAIRSHARE_NODE] [--max-head-age-ms 1000..3600000]');
  process.exit(2);
}

const log = (line) => console.error(`[gateway] ${line}`);
await cryptoWaitReady();
const chain = await ChainLink.open({ ws: values.ws, modelId: values.model, operatorUri: values.operator });
chain.on('failed', (e) => {
  log(`the chain client stopped: ${e.stack ?? e.message}`);
  process.exit(1);
});
const gateway = new Gateway({
  chain,
  settleEveryMs: Number(values['settle-every-ms']),
  settleEveryReceipts: Number(values['settle-every-receipts']),
  receiptsFile: values['receipts-file'] ?? null,
  verifyWorkers: workers === undefined ? undefined : Number(workers),
  nativeVerifier: native ?? null,
  maxHeadAgeMs: Number(maxHeadAge),
  log,
});
const url = await gateway.start({ host: values.host, port: Number(values.port) });
console.log(JSON.stringify({ url, model: values.model, operator: chain.operator }));

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    // A last settlement that failed leaves receipts unsettled: the status says so.
    let status = 0;
    try {
      await gateway.stop();
    } catch (e) {
      log(`the last settlement failed: ${e.message}`);
      status = 1;
    } finally {
      await chain.close().catch((e) => log(`closing the chain client: ${e.message}`));
      process.exit(status);
    }
  });
}
