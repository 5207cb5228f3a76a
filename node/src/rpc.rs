//! The node's JSON-RPC methods besides the standard ones that sc-service adds (system, chain,
//! state, author): `system_accountNextIndex`, `payment_*`, `grandpa_*` (round state, finality
//! proofs, justifications) and `dataContribution_*`.

use std::sync::Arc;

use fairshare_runtime::{opaque::Block, AccountId, Balance, BlockNumber, Nonce};
use jsonrpsee::RpcModule;
use sc_client_api::AuxStore;
use sc_consensus_grandpa::{
	FinalityProofProvider, GrandpaJustificationStream, SharedAuthoritySet, SharedVoterState,
};
use sc_rpc::SubscriptionTaskExecutor;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the `grandpa_*` methods need from the GRANDPA voter.
pub struct GrandpaDeps<B> {
	/// The voter's state, for `grandpa_roundState`.
	pub shared_voter_state: SharedVoterState,
	/// The current authority set.
	pub shared_authority_set:
		SharedAuthoritySet<<Block as sp_runtime::traits::Block>::Hash, BlockNumber>,
	/// Justifications as blocks are finalized, for `grandpa_subscribeJustifications`.
	pub justification_stream: GrandpaJustificationStream<Block>,
	/// Runs subscriptions.
	pub subscription_executor: SubscriptionTaskExecutor,
	/// Finality proofs, for `grandpa_proveFinality`.
	pub finality_provider: Arc<FinalityProofProvider<B, Block>>,
}

/// What the RPC methods need from the node.
pub struct FullDeps<C, P, B> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
	/// The GRANDPA voter's handles.
	pub grandpa: GrandpaDeps<B>,
}

/// Builds the RPC module of the node's own and the pallets' methods.
pub fn create_full<C, P, B>(
	deps: FullDeps<C, P, B>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	B: sc_client_api::Backend<Block> + Send + Sync + 'static,
	B::State: sc_client_api::StateBackend<sp_runtime::traits::HashingFor<Block>>,
	C: ProvideRuntimeApi<Block> + AuxStore,
	C: HeaderBackend<Block> + HeaderMetadata<Block, Error = BlockChainError> + 'static,
	C: Send + Sync + 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: pallet_data_contribution_rpc::DataContributionRuntimeApi<
		Block,
		AccountId,
		Balance,
		BlockNumber,
	>,
	C::Api: BlockBuilder<Block>,
	P: TransactionPool + 'static,
{
	use pallet_data_contribution_rpc::{DataContribution, DataContributionApiServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use sc_consensus_grandpa_rpc::{Grandpa, GrandpaApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, grandpa } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(
		Grandpa::new(
			grandpa.subscription_executor,
			grandpa.shared_authority_set,
			grandpa.shared_voter_state,
			grandpa.justification_stream,
			grandpa.finality_provider,
		)
		.into_rpc(),
	)?;
	module
		.merge(DataContribution::<_, _, AccountId, Balance, BlockNumber>::new(client).into_rpc())?;

	Ok(module)
}
