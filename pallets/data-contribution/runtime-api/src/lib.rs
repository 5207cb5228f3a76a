//! Runtime API for reading Fairshare contributor rewards, datasets and models from state.
//!
//! The node's `dataContribution_*` JSON-RPC methods call these functions; see
//! `pallet-data-contribution-rpc`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_data_contribution::{
	ContributorBalance, DatasetHash, DatasetStatus, DatasetView, ModelId, ModelReward,
	ModelStatus, ModelView, Reputation,
};

sp_api::decl_runtime_apis! {
	/// Reads contributor rewards, datasets and models.
	pub trait DataContributionApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// `who`'s claimable, escrowed, claimed and total earned rewards; zeros for an unknown
		/// account.
		fn contributor_balance(who: AccountId) -> ContributorBalance<Balance>;

		/// `who`'s claimable and escrowed reward in each model where it holds a position, by
		/// model id.
		fn contributor_rewards(who: AccountId) -> Vec<ModelReward<Balance>>;

		/// `who`'s counts of datasets registered, challenged and slashed; zeros for an unknown
		/// account.
		fn reputation(who: AccountId) -> Reputation;

		/// Dataset `hash`'s record and earnings, or `None` if it is not registered.
		fn dataset(hash: DatasetHash) -> Option<DatasetView<AccountId, Balance, BlockNumber>>;

		/// Model `model_id`'s record, usage and earnings, or `None` if it does not exist.
		fn model(model_id: ModelId) -> Option<ModelView<AccountId, Balance>>;
	}
}
