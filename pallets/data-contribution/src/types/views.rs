//! What clients read: one struct per view, defined here once and served alike by the pallet's
//! view functions, the `DataContributionApi` runtime API and the `dataContribution_*` JSON-RPC
//! methods.
//!
//! With the `std` feature each view also serializes to the JSON those methods answer with:
//! camelCase names, amounts as decimal strings (a `u128` overflows JavaScript numbers),
//! accounts as SS58 addresses, hashes and metadata as 0x-prefixed hex, statuses as their
//! variant names, shares and royalties as parts per billion.

use super::{AttributionWeight, DatasetHash, DatasetStatus, LicenceTerms, ModelId, ModelStatus};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;
use sp_runtime::{Perbill, Saturating};

/// Amounts serialize as decimal strings.
#[cfg(feature = "std")]
mod amount {
	pub fn serialize<S, B>(amount: &B, serializer: S) -> Result<S::Ok, S::Error>
	where
		S: serde::Serializer,
		B: core::fmt::Display,
	{
		serializer.collect_str(amount)
	}
}

/// A contributor's rewards over one page of its positions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(feature = "std", serde(bound(serialize = "Balance: core::fmt::Display")))]
pub struct ContributorBalance<Balance> {
	/// Claimable now, across all models, with credits from rejected challenges.
	#[cfg_attr(feature = "std", serde(serialize_with = "amount::serialize"))]
	pub pending: Balance,
	/// Earned through datasets under an open challenge: not claimable until the ruling.
	#[cfg_attr(feature = "std", serde(serialize_with = "amount::serialize"))]
	pub escrowed: Balance,
	/// Claimed so far.
	#[cfg_attr(feature = "std", serde(serialize_with = "amount::serialize"))]
	pub claimed: Balance,
	/// Earned in all: `pending + escrowed + claimed`.
	#[cfg_attr(feature = "std", serde(serialize_with = "amount::serialize"))]
	pub earned: Balance,
	/// When more positions follow this page: the model id to pass as the next page's `start`.
	pub next: Option<ModelId>,
}

/// A contributor's reward in one model.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(
	feature = "std",
	serde(rename_all = "camelCase", bound(serialize = "Balance: core::fmt::Display"))
)]
pub struct ModelReward<Balance> {
	/// The model.
	pub model_id: ModelId,
	/// Accrued in this model and claimable now.
	#[cfg_attr(feature = "std", serde(serialize_with = "amount::serialize"))]
	pub pending: Balance,
	/// Accrued in this model through datasets under an open challenge.
	#[cfg_attr(feature = "std", serde(serialize_with = "amount::serialize"))]
	pub escrowed: Balance,
}

/// One contributor of a dataset.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct DatasetContributor<AccountId> {
	/// The contributor.
	pub account: AccountId,
	/// Its share of the dataset.
	pub share: Perbill,
	/// Whether it confirmed its part: only then does the dataset count toward its reputation.
	pub confirmed: bool,
}

/// A dataset's record, its terms, and its earnings over one page of its models.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(
	feature = "std",
	serde(
		rename_all = "camelCase",
		bound(serialize = "AccountId: serde::Serialize, Balance: core::fmt::Display, \
			BlockNumber: serde::Serialize")
	)
)]
pub struct DatasetView<AccountId, Balance, BlockNumber> {
	/// The content hash. (In JSON `datasetHash`, not `hash`, which polkadot.js objects use for
	/// their own digest.)
	pub dataset_hash: DatasetHash,
	/// The account that registered the dataset.
	pub owner: AccountId,
	/// The contributors, their shares and whether they confirmed.
	pub contributors: Vec<DatasetContributor<AccountId>>,
	/// The dataset's metadata.
	#[cfg_attr(feature = "std", serde(serialize_with = "sp_core::bytes::serialize"))]
	pub metadata: Vec<u8>,
	/// The deposit held from the owner.
	#[cfg_attr(feature = "std", serde(serialize_with = "amount::serialize"))]
	pub deposit: Balance,
	/// Active, withdrawn, challenged, slashed or reattributed.
	pub status: DatasetStatus,
	/// The block of registration.
	pub registered_at: BlockNumber,
	/// When its owner asked to withdraw it, if it did.
	pub withdrawn_at: Option<BlockNumber>,
	/// The rightful account a misattribution ruling named, if any.
	pub rightful: Option<AccountId>,
	/// How many existing models reference it.
	pub models: u32,
	/// What it has earned for its contributors across the models of this page (rounded down
	/// per model); the earnings of all pages add up to the dataset's.
	#[cfg_attr(feature = "std", serde(serialize_with = "amount::serialize"))]
	pub earned: Balance,
	/// When more of its models follow this page: the model id to pass as the next page's
	/// `start`.
	pub next: Option<ModelId>,
	/// The terms on which models may use it.
	pub terms: LicenceTerms,
}

/// One dataset of a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct ModelDataset {
	/// The dataset's content hash.
	pub dataset: DatasetHash,
	/// Its attribution weight.
	pub weight: AttributionWeight,
}

/// One parent of a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct ModelParent {
	/// The parent model.
	pub model_id: ModelId,
	/// The part of this model's data reward that goes to the parent.
	pub royalty: Perbill,
}

/// A model's record, usage, earnings, revenue waiting and lineage.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(
	feature = "std",
	serde(
		rename_all = "camelCase",
		bound(serialize = "AccountId: serde::Serialize, Balance: core::fmt::Display")
	)
)]
pub struct ModelView<AccountId, Balance> {
	/// The model id.
	pub model_id: ModelId,
	/// The model operator.
	pub owner: AccountId,
	/// The datasets with their attribution weights.
	pub datasets: Vec<ModelDataset>,
	/// The price of one query.
	#[cfg_attr(feature = "std", serde(serialize_with = "amount::serialize"))]
	pub price_per_query: Balance,
	/// The owner's share after the protocol fee.
	pub owner_share: Perbill,
	/// The model's metadata.
	#[cfg_attr(feature = "std", serde(serialize_with = "sp_core::bytes::serialize"))]
	pub metadata: Vec<u8>,
	/// The deposit held from the owner.
	#[cfg_attr(feature = "std", serde(serialize_with = "amount::serialize"))]
	pub deposit: Balance,
	/// Active or retired.
	pub status: ModelStatus,
	/// Queries paid for so far.
	pub queries_served: u64,
	/// Everything payers have paid for its queries.
	#[cfg_attr(feature = "std", serde(serialize_with = "amount::serialize"))]
	pub total_paid: Balance,
	/// The part credited to the data contributors, with the royalties it kept.
	#[cfg_attr(feature = "std", serde(serialize_with = "amount::serialize"))]
	pub data_paid: Balance,
	/// What contributors have claimed of it.
	#[cfg_attr(feature = "std", serde(serialize_with = "amount::serialize"))]
	pub claimed: Balance,
	/// The owner's part of its payments, held in the pot until `claim_model_revenue` pays it.
	#[cfg_attr(feature = "std", serde(serialize_with = "amount::serialize"))]
	pub owner_pending: Balance,
	/// The protocol's part, held in the pot until `claim_model_revenue` pays it to the
	/// protocol account.
	#[cfg_attr(feature = "std", serde(serialize_with = "amount::serialize"))]
	pub protocol_pending: Balance,
	/// The models it was derived from, each with its royalty.
	pub parents: Vec<ModelParent>,
	/// How many models its payments' royalties reach, counted along every path.
	pub ancestors: u32,
	/// How many models name it as a parent.
	pub derivatives: u32,
	/// The terms fixed at its registration.
	pub terms: LicenceTerms,
	/// What its derivatives' royalties have brought into its data reward; what it did not pass
	/// on to its own parents is part of `data_paid`.
	#[cfg_attr(feature = "std", serde(serialize_with = "amount::serialize"))]
	pub royalties_received: Balance,
	/// Everything it has earned: what payers paid for its queries and what its derivatives'
	/// royalties brought it, `total_paid + royalties_received`.
	#[cfg_attr(feature = "std", serde(serialize_with = "amount::serialize"))]
	pub earned: Balance,
}

impl<AccountId, Balance: Saturating + Copy> ModelView<AccountId, Balance> {
	/// What a model with these figures has earned in all: `total_paid + royalties_received`.
	pub fn earned_from(total_paid: Balance, royalties_received: Balance) -> Balance {
		total_paid.saturating_add(royalties_received)
	}
}

/// The most entries one page of a read-only view covers: the bound on the work of one
/// view whose work grows with what others can create (positions, models).
pub const MAX_VIEW_PAGE: u32 = 1_000;

/// The most dataset parts one page of a contributor's positions covers, past its first position:
/// each part may read a dataset record, so a page ends before the position that would take it
/// over this bound. One page thus reads at most `MAX_VIEW_PAGE` positions and their models and
/// `max(MAX_VIEW_PARTS, MaxDatasetsPerModel)` datasets.
pub const MAX_VIEW_PARTS: u32 = 1_000;

/// Which entries of a paged view to read: those after model `start` (in the order the pallet
/// stores them; from the first when `None`), at most `limit` of them (at least 1, at most
/// [`MAX_VIEW_PAGE`]; out-of-range limits are clamped).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct ViewPage {
	/// The model id of the last entry of the previous page, or `None` for the first page.
	pub start: Option<ModelId>,
	/// How many entries at most.
	pub limit: u32,
}

impl ViewPage {
	/// The first page, as large as a page may be.
	pub fn first() -> Self {
		Self { start: None, limit: MAX_VIEW_PAGE }
	}
}
