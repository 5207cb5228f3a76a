#!/usr/bin/env node
// The key steps of Fairshare's journey through the typed polkadot-api client: register two
// datasets (commit, then reveal), register a model over them, pay for queries, settle a signed
// usage receipt, read the contributors' balances through the pallet's view functions,
// and claim.
//
//   node clients/js/examples/papi-journey.mjs [ws://127.0.0.1:9944]
//
// It signs with the well-known development accounts (//Alice … //Eve), which hold funds on the
// `dev` and `local` chains only. Each run registers fresh random dataset hashes, so it can be
// repeated against the same chain. Prints one JSON summary line at the end.

import { pathToFileURL } from 'node:url';
import { filter, firstValueFrom } from 'rxjs';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, blake2AsHex, randomAsHex } from '@polkadot/util-crypto';
import { datasetCommitment } from '../fairshare.js';
import { signUsageReceipt } from '../usage.js';
import { connectPapi, papiSigner, submit, eventsOf, moduleError, contributorBalance, sr25519Signature, FIRST_PAGE } from '../papi.js';

const FAIR = 1_000_000_000_000n;
const PERBILL = 1_000_000_000;
// Reads at the best block, where `submit` waits, not at the finalized one (PAPI's default).
const BEST = { at: 'best' };

/** Submits `tx` and returns its events; throws with the named error when it fails. */
async function included(tx, signer, what) {
  const result = await submit(tx, signer);
  if (!result.ok) throw new Error(`${what}: ${moduleError(result.dispatchError)}`);
  return result.events;
}

/** Waits until the best block is at least `number`, following the chain. */
function untilBlock(client, number) {
  return firstValueFrom(client.bestBlocks$.pipe(filter((blocks) => blocks[0].number >= number)));
}

/** Runs the journey against `url`; `log` gets a line a step. Returns what it did and read. */
export async function runJourney({ url = 'ws://127.0.0.1:9944', log = console.log, queries = 100 } = {}) {
  await cryptoWaitReady();
  const { client, api } = connectPapi(url);
  try {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const [alice, bob, charlie, dave, eve] = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve'].map((n) => keyring.addFromUri(`//${n}`));
    const signer = (pair) => papiSigner(pair);
    const tx = api.tx.DataContribution;

    const register = async (owner, contributors, metadata) => {
      const hash = blake2AsHex(`papi dataset ${randomAsHex(16)}`, 256);
      const salt = randomAsHex(32);
      await included(tx.commit_dataset({ commitment: datasetCommitment(hash, owner.address, salt) }), signer(owner), 'commit_dataset');
      const events = await included(tx.register_dataset({
        hash,
        salt,
        contributors,
        metadata: new TextEncoder().encode(metadata),
        terms: { commercial_use: true, derivatives: true, min_contributor_share: 0 },
      }), signer(owner), 'register_dataset');
      const [registered] = eventsOf(api.event.DataContribution.DatasetRegistered, events);
      log(`dataset ${hash.slice(0, 10)}… registered by ${owner.address.slice(0, 8)}…`);
      return { hash, registeredAt: (await api.query.DataContribution.Datasets.getValue(hash, BEST)).registered_at, registered };
    };
    const a = await register(alice, [[alice.address, PERBILL]], 'ipfs://papi-a');
    const b = await register(bob, [[bob.address, 600_000_000], [charlie.address, 400_000_000]], 'ipfs://papi-b');
    const { reveal_window: window } = await api.view.DataContribution.periods(BEST);
    await untilBlock(client, Math.max(a.registeredAt, b.registeredAt) + window - 1);

    const price = 10n * FAIR;
    const modelEvents = await included(tx.register_model({
      datasets: [[a.hash, 1], [b.hash, 3]],
      parents: [],
      price_per_query: price,
      owner_share: 200_000_000,
      metadata: new TextEncoder().encode('papi model'),
    }), signer(dave), 'register_model');
    const [{ model_id: modelId }] = eventsOf(api.event.DataContribution.ModelRegistered, modelEvents);
    log(`model ${modelId} registered by Dave`);

    const payEvents = await included(tx.pay_for_queries({ model_id: modelId, queries, max_total: price * BigInt(queries) }), signer(eve), 'pay_for_queries');
    const [payment] = eventsOf(api.event.DataContribution.UsageRecorded, payEvents);
    log(`Eve paid ${payment.amount} planck for ${queries} queries`);

    const escrow = 20n * price;
    const openEvents = await included(tx.open_usage({ model_id: modelId, deposit: escrow, max_price_per_query: price }), signer(eve), 'open_usage');
    const [{ channel_id: channelId }] = eventsOf(api.event.DataContribution.UsageOpened, openEvents);
    const { genesisHash } = await client.getChainSpecData();
    const receiptQueries = 7n;
    const signature = signUsageReceipt(eve, genesisHash, channelId, receiptQueries);
    // signUsageReceipt gives the SCALE MultiSignature: a scheme byte (1 = sr25519), then 64 bytes.
    const receipt = [channelId, receiptQueries, sr25519Signature(`0x${signature.slice(4)}`)];
    const settleEvents = await included(tx.settle_usage({ model_id: modelId, receipts: [receipt] }), signer(dave), 'settle_usage');
    const [settled] = eventsOf(api.event.DataContribution.UsageSettled, settleEvents);
    log(`Dave settled a receipt for ${settled.queries} queries: ${settled.amount} planck`);

    const balances = {};
    for (const [name, pair] of [['alice', alice], ['bob', bob], ['charlie', charlie]]) {
      balances[name] = await contributorBalance({ client, api }, pair.address, { at: 'best' });
    }
    const [rewards] = await api.view.DataContribution.contributor_rewards(bob.address, FIRST_PAGE, BEST);
    const model = await api.view.DataContribution.model(modelId, BEST);
    log(`model ${modelId}: ${model.queries_served} queries served, ${model.total_paid} paid`);

    const claimEvents = await included(tx.claim_rewards(), signer(alice), 'claim_rewards');
    const [claimed] = eventsOf(api.event.DataContribution.RewardsClaimed, claimEvents);
    log(`Alice claimed ${claimed.amount} planck`);
    const refused = await submit(tx.claim_rewards(), signer(alice));

    return {
      datasets: [a.hash, b.hash],
      modelId,
      channelId,
      payment,
      settled,
      balances,
      bobRewards: rewards,
      model,
      claimed: claimed.amount,
      secondClaim: refused.ok ? 'ok' : moduleError(refused.dispatchError),
    };
  } finally {
    client.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const summary = await runJourney({ url: process.argv[2] || process.env.FAIRSHARE_URL });
  console.log(JSON.stringify(summary, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
}
