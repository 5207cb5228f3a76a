//! Runtime API for reading Fairshare contributor rewards, datasets and models from state.
//!
//! Each method serves one of the pallet's view functions, with the same struct: polkadot.js and
//! the node's `dataContribution_*` JSON-RPC methods (see `pallet-data-contribution-rpc`) call it
//! here, PAPI clients may call the view functions themselves. Blocks of older runtimes answer
//! with the structs of [`legacy`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod legacy;

use alloc::vec::Vec;
use codec::Codec;
use codec::{Decode, Encode};
pub use pallet_data_contribution::{
	ChannelId, ContributorBalance, DatasetContributor, DatasetHash, DatasetStatus, DatasetView,
	LicenceTerms, ModelDataset, ModelId, ModelParent, ModelReward, ModelStatus, ModelView, Periods,
	Reputation, UsageChannel, ViewPage, MAX_VIEW_PAGE, MAX_VIEW_PARTS,
};
use scale_info::TypeInfo;

/// A model's lineage and terms: the part of its [`ModelView`] that `model_lineage` serves.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ModelLineage<Balance> {
	/// The parents, each with its royalty.
	pub parents: Vec<ModelParent>,
	/// How many models its payments' royalties reach, counted along every path.
	pub ancestors: u32,
	/// How many models name it as a parent.
	pub derivatives: u32,
	/// The terms fixed at its registration.
	pub terms: LicenceTerms,
	/// What its derivatives' royalties have brought into its data reward.
	pub royalties_received: Balance,
}

impl<AccountId, Balance> From<ModelView<AccountId, Balance>> for ModelLineage<Balance> {
	fn from(view: ModelView<AccountId, Balance>) -> Self {
		Self {
			parents: view.parents,
			ancestors: view.ancestors,
			derivatives: view.derivatives,
			terms: view.terms,
			royalties_received: view.royalties_received,
		}
	}
}

sp_api::decl_runtime_apis! {
	/// Reads contributor rewards, datasets and models: the pallet's view functions.
	///
	/// Version 2 pages every view whose work grows with what others can create: an account's
	/// positions (any dataset owner may name any account as a contributor, and any model owner
	/// may register models over that dataset) and a dataset's models. A [`ViewPage`] reads at
	/// most [`MAX_VIEW_PAGE`] entries after a given model id (an account's page also at most
	/// [`MAX_VIEW_PARTS`] dataset parts past its first position), and the answer carries the
	/// model id to resume after, `None` on the last page.
	///
	/// Version 3: a model's view says the owner's and the protocol's revenue waiting in the pot.
	/// Version 4 adds `dataset_terms` and `model_lineage`. Version 5 adds `periods`.
	///
	/// Version 6: `contributor_balance`, `dataset` and `model` answer with the view functions'
	/// complete structs: a balance with the `next` page in it; a dataset with its hash, terms
	/// and each contributor's confirmation; a model with its id, lineage, terms and total
	/// earned. `channel` is new.
	#[api_version(6)]
	pub trait DataContributionApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// `who`'s balance over one page, and the model id to resume after, as versions 5 and
		/// older gave it.
		#[changed_in(6)]
		fn contributor_balance(
			who: AccountId,
			page: ViewPage,
		) -> (legacy::ContributorBalanceV5<Balance>, Option<ModelId>);

		/// `who`'s claimable, escrowed, claimed and total earned rewards over one page of its
		/// positions, with the model id to resume after in `next`; zeros for an unknown
		/// account. The account's own figures (credit, settled escrow, claimed) count on the
		/// first page only, so that the pages add up.
		fn contributor_balance(who: AccountId, page: ViewPage) -> ContributorBalance<Balance>;

		/// `who`'s claimable and escrowed reward in each model of one page of its positions, in
		/// storage order, and the model id to resume after.
		fn contributor_rewards(
			who: AccountId,
			page: ViewPage,
		) -> (Vec<ModelReward<Balance>>, Option<ModelId>);

		/// `who`'s counts of datasets registered, challenged and slashed; zeros for an unknown
		/// account.
		fn reputation(who: AccountId) -> Reputation;

		/// Dataset `hash`'s record as versions 5 and older gave it.
		#[changed_in(6)]
		fn dataset(
			hash: DatasetHash,
			page: ViewPage,
		) -> Option<legacy::DatasetViewV5<AccountId, Balance, BlockNumber>>;

		/// Dataset `hash`'s record, terms and earnings over one page of its models (with the
		/// model id to resume after in `next`), or `None` if it is not registered.
		fn dataset(
			hash: DatasetHash,
			page: ViewPage,
		) -> Option<DatasetView<AccountId, Balance, BlockNumber>>;

		/// Model `model_id`'s record, usage and earnings, as versions 2 and older gave it.
		#[changed_in(3)]
		fn model(model_id: ModelId) -> Option<legacy::ModelViewV2<AccountId, Balance>>;

		/// Model `model_id`'s record, usage, earnings and revenue waiting, as versions 3 to 5
		/// gave it.
		#[changed_in(6)]
		fn model(model_id: ModelId) -> Option<legacy::ModelViewV5<AccountId, Balance>>;

		/// Model `model_id`'s record, usage, earnings, revenue waiting and lineage, or `None` if
		/// it does not exist.
		fn model(model_id: ModelId) -> Option<ModelView<AccountId, Balance>>;

		/// Dataset `hash`'s licence terms, or `None` if it is not registered (version 4 on).
		fn dataset_terms(hash: DatasetHash) -> Option<LicenceTerms>;

		/// Model `model_id`'s parents with their royalties, how many models its royalties reach,
		/// how many derive from it, its fixed terms and the royalties it received, or `None` if
		/// it does not exist (version 4 on): the `lineage` of its [`ModelView`].
		fn model_lineage(model_id: ModelId) -> Option<ModelLineage<Balance>>;

		/// The challenge, usage-close, commitment and reveal periods, in blocks (version 5 on).
		fn periods() -> Periods<BlockNumber>;

		/// The usage channel `consumer` has open to model `model_id`, with its id (version 6 on).
		fn channel(
			consumer: AccountId,
			model_id: ModelId,
		) -> Option<(ChannelId, UsageChannel<AccountId, Balance, BlockNumber>)>;
	}
}
