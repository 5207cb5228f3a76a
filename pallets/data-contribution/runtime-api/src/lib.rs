//! Runtime API for reading Fairshare contributor rewards, datasets and models from state.
//!
//! The node's `dataContribution_*` JSON-RPC methods call these functions; see
//! `pallet-data-contribution-rpc`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_data_contribution::{
	ContributorBalance, DatasetHash, DatasetStatus, DatasetView, LicenceTerms, ModelId,
	ModelLineage, ModelReward, ModelStatus, ModelView, ModelViewV2, Periods, Reputation, ViewPage,
	MAX_VIEW_PAGE, MAX_VIEW_PARTS,
};

sp_api::decl_runtime_apis! {
	/// Reads contributor rewards, datasets and models.
	///
	/// Version 2 pages every view whose work grows with what others can create: an account's
	/// positions (any dataset owner may name any account as a contributor, and any model owner
	/// may register models over that dataset) and a dataset's models. A [`ViewPage`] reads at
	/// most [`MAX_VIEW_PAGE`] entries after a given model id (an account's page also at most
	/// [`MAX_VIEW_PARTS`] dataset parts past its first position), and the answer carries the
	/// model id to resume after, `None` on the last page.
	///
	/// Version 3: a model's view says the owner's and the protocol's revenue waiting in the pot
	/// (`owner_pending`, `protocol_pending`), since payments credit those parts to the model.
	///
	/// Version 4 adds a dataset's licence terms (`dataset_terms`) and a model's lineage and fixed
	/// terms (`model_lineage`).
	///
	/// Version 5 adds the periods the chain runs with (`periods`), which the runtime reads from
	/// its parameters rather than from constants.
	#[api_version(5)]
	pub trait DataContributionApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// `who`'s claimable, escrowed, claimed and total earned rewards over one page of its
		/// positions, and the model id to resume after; zeros for an unknown account. The
		/// account's own figures (credit, settled escrow, claimed) count on the first page only,
		/// so that the pages add up.
		fn contributor_balance(
			who: AccountId,
			page: ViewPage,
		) -> (ContributorBalance<Balance>, Option<ModelId>);

		/// `who`'s claimable and escrowed reward in each model of one page of its positions, in
		/// storage order, and the model id to resume after.
		fn contributor_rewards(
			who: AccountId,
			page: ViewPage,
		) -> (Vec<ModelReward<Balance>>, Option<ModelId>);

		/// `who`'s counts of datasets registered, challenged and slashed; zeros for an unknown
		/// account.
		fn reputation(who: AccountId) -> Reputation;

		/// Dataset `hash`'s record and its earnings over one page of its models (with the model
		/// id to resume after in `next`), or `None` if it is not registered.
		fn dataset(
			hash: DatasetHash,
			page: ViewPage,
		) -> Option<DatasetView<AccountId, Balance, BlockNumber>>;

		/// Model `model_id`'s record, usage and earnings, as versions 2 and older gave it.
		#[changed_in(3)]
		fn model(model_id: ModelId) -> Option<ModelViewV2<AccountId, Balance>>;

		/// Model `model_id`'s record, usage, earnings and revenue waiting, or `None` if it does
		/// not exist.
		fn model(model_id: ModelId) -> Option<ModelView<AccountId, Balance>>;

		/// Dataset `hash`'s licence terms, or `None` if it is not registered (version 4 on).
		fn dataset_terms(hash: DatasetHash) -> Option<LicenceTerms>;

		/// Model `model_id`'s parents with their royalties, how many models its royalties reach,
		/// how many derive from it, its fixed terms and the royalties it received, or `None` if
		/// it does not exist (version 4 on).
		fn model_lineage(model_id: ModelId) -> Option<ModelLineage<Balance>>;

		/// The challenge, usage-close, commitment and reveal periods, in blocks (version 5 on).
		fn periods() -> Periods<BlockNumber>;
	}
}
