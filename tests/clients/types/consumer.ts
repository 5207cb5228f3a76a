// A dApp's use of the client package, type-checked by tests/clients/types.test.js (tsc --noEmit):
// a change to the package's declarations or the PAPI descriptors that breaks callers fails it.

import { connect, signAndWait, type FairshareContributorBalance } from 'fairshare-client';
import { signUsageReceipt, verifyUsageReceipt } from 'fairshare-client/usage';
import { connectPapi, contributorBalance, FIRST_PAGE, type ContributorBalance } from 'fairshare-client/papi';
import { Keyring } from '@polkadot/keyring';

export async function polkadotJs(address: string): Promise<bigint> {
  const api = await connect('ws://127.0.0.1:9944');
  const balance: FairshareContributorBalance = await api.rpc.dataContribution.contributorBalance(address);
  // A page after the first names its block: an `at` left undefined would go out as the zero hash.
  const best = await api.rpc.chain.getBlockHash();
  const rewards = await api.rpc.dataContribution.contributorRewards(address, best, 7, 100);
  const model = await api.rpc.dataContribution.model(0);
  const price: string = model.isSome ? model.unwrap().pricePerQuery.toString() : '0';
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  await signAndWait(api, api.tx.dataContribution.claimRewards(), alice, { until: 'inBlock' });
  const signature: string = signUsageReceipt(alice, api.genesisHash.toHex(), 0n, 10n);
  const valid: boolean = verifyUsageReceipt(alice.address, api.genesisHash.toHex(), 0n, 10n, signature);
  return BigInt(balance.pending.toString()) + BigInt(rewards.length) + BigInt(price) + (valid ? 1n : 0n);
}

export async function papi(address: string): Promise<bigint> {
  const connection = connectPapi();
  const { client, api } = connection;
  const total: ContributorBalance = await contributorBalance(connection, address, { at: 'best' });
  const [rewards, next] = await api.view.DataContribution.contributor_rewards(address, FIRST_PAGE);
  const model = await api.view.DataContribution.model(0n);
  const call = api.tx.DataContribution.pay_for_queries({ model_id: 0n, queries: 10, max_total: 10n ** 13n });
  client.destroy();
  return total.pending + BigInt(rewards.length) + (next ?? 0n) + (model?.queries_served ?? 0n) + (call ? 0n : 1n);
}
