//! The records that the pallet keeps in storage: datasets, models and contributor positions;
//! and, in `views.rs`, what clients read of them.
//!
//! A record is generic over the runtime (`DatasetInfo<T>`) where only the pallet reads it. A
//! usage channel is generic over its plain types instead, since the runtime API, which cannot
//! name the pallet's `Config`, returns it (`UsageChannelOf<T>` names it for a runtime).

mod views;
pub use views::*;

use crate::{
	rewards::{ModelRevenue, RewardPool},
	BalanceOf, Config,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Perbill;

/// The identifier of a model: handed out in sequence from 0 by `register_model`.
pub type ModelId = u64;

/// The identifier of a dataset: the blake2-256 hash of its content (see `hash-dataset`).
pub type DatasetHash = H256;

/// The weight with which a model attributes its training to one dataset.
pub type AttributionWeight = u32;

/// Whether a dataset can still be referenced by new models.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub enum DatasetStatus {
	/// Registered, with its deposit held: new models may reference it (once its registration
	/// can no longer be displaced, see `RevealWindow`).
	Active,
	/// Withdrawn by its owner: no new model may reference it. It stays challengeable while its
	/// record exists; `ChallengePeriod` blocks after the request, its record and deposit may be
	/// removed, once no model pays through it. Models already trained on it keep paying its
	/// contributors.
	Withdrawn,
	/// Under an open challenge: no new model may reference it, its owner may not withdraw it,
	/// and what its contributors earn through it is escrowed until a ruling.
	Challenged,
	/// Slashed by an upheld challenge: its deposit is gone, and everything it earns from now on,
	/// and everything it earned that was still unclaimed, goes to the protocol account. The hash
	/// stays blocked.
	Slashed,
	/// Misattributed, by a curator's ruling: its deposit is slashed, and everything it earns from
	/// now on, everything it earned that was still unsettled, and its escrow, is credited to the
	/// rightful account the ruling named.
	Reattributed,
}

/// Whether a model accepts payments.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub enum ModelStatus {
	/// Accepts `pay_for_queries`.
	Active,
	/// Retired by its owner: no further payments; rewards already earned stay claimable.
	Retired,
}

/// The terms on which a dataset may be used by models: set by its owner at registration, and
/// only ever loosened afterwards (`set_dataset_terms`). A model fixes the terms that applied
/// when it registered (see [`ModelInfo::terms`]), so a later change never breaks or reprices it.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct LicenceTerms {
	/// Whether a model that charges for its queries (a price above zero) may use it.
	pub commercial_use: bool,
	/// Whether a derivative model (one registered with parents, a fine-tune) may use it, and
	/// whether models trained on it may be the parents of derivatives.
	pub derivatives: bool,
	/// The least part of each payment to a model that must reach this dataset's side: for a
	/// model that cites the dataset, `(100% − ProtocolFee) × (100% − owner_share) × (100% −
	/// Σ royalties)` (what its own datasets' contributors get at least); for a fine-tune of such
	/// a model, the same with the parent's royalty in place of `100% − Σ royalties`.
	pub min_contributor_share: Perbill,
}

impl LicenceTerms {
	/// The loosest terms: any use, no floor. Datasets registered before terms existed have them.
	pub const fn permissive() -> Self {
		Self { commercial_use: true, derivatives: true, min_contributor_share: Perbill::zero() }
	}

	/// Whether `self` is at least as loose as `old` in every term: what `set_dataset_terms`
	/// accepts.
	pub fn no_stricter_than(&self, old: &Self) -> bool {
		(self.commercial_use || !old.commercial_use)
			&& (self.derivatives || !old.derivatives)
			&& self.min_contributor_share <= old.min_contributor_share
	}

	/// The terms a model under both `self` and `other` keeps: the stricter of each.
	pub fn and(&self, other: &Self) -> Self {
		Self {
			commercial_use: self.commercial_use && other.commercial_use,
			derivatives: self.derivatives && other.derivatives,
			min_contributor_share: self.min_contributor_share.max(other.min_contributor_share),
		}
	}
}

impl Default for LicenceTerms {
	fn default() -> Self {
		Self::permissive()
	}
}

/// A registered dataset: who contributed it, in which shares, and what it costs to keep.
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct DatasetInfo<T: Config> {
	/// The account that registered the dataset and holds its deposit.
	pub owner: T::AccountId,
	/// The contributors and their shares of the dataset's rewards; the shares sum to 100%.
	pub contributors: ContributorsOf<T>,
	/// Free-form description: URI, CID, licence and the like.
	pub metadata: BoundedVec<u8, T::MaxMetadataLen>,
	/// The deposit held from the owner while the record exists.
	pub deposit: BalanceOf<T>,
	/// Whether new models may still reference the dataset.
	pub status: DatasetStatus,
	/// The block in which the dataset was registered (revealed).
	pub registered_at: BlockNumberFor<T>,
	/// The block in which the owner committed to it: an earlier commitment to the same hash,
	/// revealed within `RevealWindow` blocks of this registration, displaces it.
	pub committed_at: BlockNumberFor<T>,
	/// When the owner asked to withdraw it, if it did: its record may be removed
	/// `ChallengePeriod` blocks from then.
	pub withdrawn_at: Option<BlockNumberFor<T>>,
	/// How many existing models reference this dataset.
	pub models: u32,
	/// Which contributors confirmed their part, by their index in `contributors` (bit `i` for
	/// contributor `i`): only the owner and confirmed contributors are credited with the
	/// dataset's reputation. An owner that is also a contributor is confirmed at registration.
	pub confirmed: u32,
	/// The account a misattribution ruling named as rightful: it receives what the dataset
	/// earns from then on.
	pub rightful: Option<T::AccountId>,
	/// The terms on which models may use it.
	pub terms: LicenceTerms,
}

impl<T: Config> DatasetInfo<T> {
	/// The bit of `confirmed` that stands for contributor `index`.
	pub fn confirmation_bit(index: usize) -> u32 {
		1u32 << index
	}

	/// Whether contributor `index` confirmed its part.
	pub fn is_confirmed(&self, index: usize) -> bool {
		self.confirmed & Self::confirmation_bit(index) != 0
	}
}

/// A commitment to register a dataset, made before its hash is revealed (see
/// [`commitment_of`](crate::Pallet::commitment_of)).
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct Commitment<T: Config> {
	/// The block in which it was made.
	pub committed_at: BlockNumberFor<T>,
	/// The deposit held for it until it is revealed or removed.
	pub deposit: BalanceOf<T>,
}

/// A registered model: its datasets, its price, and the accumulator that pays its contributors.
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct ModelInfo<T: Config> {
	/// The model operator: earns the owner share of every payment.
	pub owner: T::AccountId,
	/// The datasets the model was trained on, each with its attribution weight.
	pub datasets: ModelDatasetsOf<T>,
	/// The price of one query.
	pub price_per_query: BalanceOf<T>,
	/// The owner's share of each payment, after the protocol fee.
	pub owner_share: Perbill,
	/// Free-form description: URI, version, licence and the like.
	pub metadata: BoundedVec<u8, T::MaxMetadataLen>,
	/// The deposit held from the owner while the model's record, its contributor positions and
	/// its entries in the dataset-to-models index exist.
	pub deposit: BalanceOf<T>,
	/// Whether the model accepts payments.
	pub status: ModelStatus,
	/// How many contributor positions in it still exist: when a retired model has none left,
	/// its record is removed and its deposit released.
	pub positions: u32,
	/// The number of queries paid for so far: a report only, saturating at `u64::MAX` (a free
	/// model's receipts may name any count).
	pub queries_served: u64,
	/// Everything payers have paid for this model's queries (protocol + owner + data parts).
	pub total_paid: BalanceOf<T>,
	/// The data contributors' reward accumulator.
	pub rewards: RewardPool<BalanceOf<T>>,
	/// The owner's and the protocol's parts of its payments, held in the pot until
	/// `claim_model_revenue` pays them out.
	pub revenue: ModelRevenue<BalanceOf<T>>,
	/// The models this one was derived from (fine-tuned from), each with its royalty: the part
	/// of this model's data reward that goes to that parent's data reward.
	pub parents: BoundedVec<(ModelId, Perbill), T::MaxParents>,
	/// How many models a payment's royalties reach, counted along every path up the lineage:
	/// `Σ_parents (1 + parent.ancestors)`. At most `MaxAncestors`; the cost of a payment grows
	/// with it.
	pub ancestors: u32,
	/// How many models name this one as a parent: while any does, royalties may still arrive,
	/// so the model's positions and record stay.
	pub derivatives: u32,
	/// The terms that applied when it registered: the stricter of each term over its datasets
	/// and parents, fixed for its life.
	pub terms: LicenceTerms,
	/// Everything its derivatives' royalties have brought it: what it did not pass on to its own
	/// parents is in `rewards.data_paid`.
	pub royalties_received: BalanceOf<T>,
}

impl<T: Config> ModelInfo<T> {
	/// Whether nothing can be credited to the model any more: retired, and no derivative left
	/// to pay it royalties. Only then do its settled positions, and then its record, go.
	pub fn is_closed(&self) -> bool {
		self.status == ModelStatus::Retired && self.derivatives == 0
	}
}

/// One dataset's part in a contributor's position: which of the model's datasets, and the
/// contributor's share of it. Its points are `w_d × share`.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct DatasetPart {
	/// The dataset's index in the model's `datasets`.
	#[codec(compact)]
	pub index: u32,
	/// The contributor's share of that dataset.
	pub share: Perbill,
}

/// A contributor's stake in one model's rewards: see [`RewardPool`] for the math.
///
/// `parts` says which datasets the points come from, so that what a contributor earned through
/// one dataset can be told apart when that dataset is challenged or slashed.
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct Position<T: Config> {
	/// `Σ_d w_d × share(c, d)`, with shares in parts per billion.
	pub points: u128,
	/// The pool's `data_paid` when this position was last settled.
	pub checkpoint: BalanceOf<T>,
	/// The datasets of the model that the contributor contributed to, with a positive weight.
	pub parts: BoundedVec<DatasetPart, T::MaxDatasetsPerModel>,
}

/// A contributor's lifetime reward ledger.
#[derive(
	Clone,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct ContributorLedger<Balance> {
	/// Everything this contributor has claimed so far.
	pub claimed: Balance,
	/// Credited by rejected challenges (released escrow), settlements on the contributor's behalf
	/// and reattributed parts, held in the pot and paid out by the next `claim_rewards`.
	pub credit: Balance,
}

/// An account's track record as the owner or a contributor of datasets.
#[derive(
	Clone,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Reputation {
	/// Datasets registered that name this account as owner or contributor.
	pub registered: u32,
	/// Challenges opened against such datasets.
	pub challenged: u32,
	/// Such datasets slashed by an upheld challenge.
	pub slashed: u32,
}

/// The periods a chain runs with: what `ChallengePeriod`, `UsageClosePeriod`,
/// `CommitmentLifetime` and `RevealWindow` give now. The runtime may make them parameters that
/// Root changes, so they are read from state, not from the metadata's constants.
#[derive(
	Clone,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Periods<BlockNumber> {
	/// Blocks a challenge may stay unruled, and a withdrawn dataset's notice.
	pub challenge_period: BlockNumber,
	/// Blocks from a consumer's `close_usage` until its escrow can be returned.
	pub usage_close_period: BlockNumber,
	/// Blocks in which a commitment may be revealed.
	pub commitment_lifetime: BlockNumber,
	/// Blocks in which a registration may be displaced by the reveal of an earlier commitment.
	pub reveal_window: BlockNumber,
}

/// An open challenge against a dataset.
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound(T: Config))]
pub struct Challenge<T: Config> {
	/// Who opened it; the bond is held from this account.
	pub challenger: T::AccountId,
	/// The bond held from the challenger.
	pub bond: BalanceOf<T>,
	/// What the challenger states: a hash or a URI of the evidence.
	pub evidence: BoundedVec<u8, T::MaxEvidenceLen>,
	/// From this block on, anyone may close the challenge as rejected.
	pub expires_at: BlockNumberFor<T>,
}

/// The identifier of a usage channel: handed out in sequence from 0 by `open_usage`, never
/// reused, so that a receipt signed for one channel is worthless in any other.
pub type ChannelId = u64;

/// The longest claim cursor: a storage key of `Positions`, where a claim resumes.
pub type MaxCursorLen = frame_support::traits::ConstU32<128>;

/// The domain tag that opens every usage receipt: 18 bytes, encoded without a length prefix.
pub const USAGE_RECEIPT_TAG: [u8; 18] = *b"fairshare/usage/v1";

/// A consumer's prepaid usage channel to one model: the escrow its receipts are settled from.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct UsageChannel<AccountId, Balance, BlockNumber> {
	/// The consumer: signs the receipts, and gets back what is left when the channel closes.
	pub consumer: AccountId,
	/// The model whose queries the channel pays for.
	pub model_id: ModelId,
	/// What is left in escrow, held in the usage escrow account under `UsageEscrow`.
	pub escrow: Balance,
	/// The highest price per query the consumer agreed to pay.
	pub max_price_per_query: Balance,
	/// The cumulative query count of the last receipt settled.
	pub settled_queries: u64,
	/// Everything settled from the channel so far.
	pub spent: Balance,
	/// The storage deposit held from the consumer while the channel exists.
	pub deposit: Balance,
	/// When the consumer asked to close it: from this block on, anyone may finish the close.
	pub closes_at: Option<BlockNumber>,
}

/// Why `settle_usage` refused a receipt: the receipt moved nothing, and the rest of the batch
/// settled.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum ReceiptRejection {
	/// No open channel has this id (it may have been closed).
	UnknownChannel,
	/// The channel pays for another model.
	WrongModel,
	/// The signature is not the channel's consumer's, over this chain's receipt for this channel
	/// and count, raw or wrapped in `<Bytes>`.
	BadSignature,
	/// The cumulative count is not above what the channel already settled: a replay, or an older
	/// receipt.
	NotAboveSettled,
	/// The model's price is above the channel's `max_price_per_query`.
	PriceAboveMax,
	/// The charge exceeds what is left in the channel's escrow.
	EscrowExhausted,
	/// The charge overflows.
	Overflow,
}

/// A receipt that `settle_usage` refused: its place in the batch, its channel and why.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct RejectedReceipt {
	/// The receipt's index in the batch, from 0.
	pub index: u32,
	/// The channel it named.
	pub channel_id: ChannelId,
	/// Why it was refused.
	pub reason: ReceiptRejection,
}

/// Usage channel record as stored for runtime `T`.
pub type UsageChannelOf<T> = UsageChannel<
	<T as frame_system::Config>::AccountId,
	crate::BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// A dataset's contributors and their shares, as stored for runtime `T`.
pub type ContributorsOf<T> = BoundedVec<
	(<T as frame_system::Config>::AccountId, Perbill),
	<T as crate::Config>::MaxContributors,
>;

/// A model's datasets and their attribution weights, as stored for runtime `T`.
pub type ModelDatasetsOf<T> =
	BoundedVec<(DatasetHash, AttributionWeight), <T as crate::Config>::MaxDatasetsPerModel>;

pub use pallet_data_contribution_merkle::Sibling;

/// A proof that a dataset holds a file: the file's path in the dataset's directory, with `/`
/// separators, the blake2-256 hash of its content, and the siblings from its leaf up to the
/// dataset's hash, lowest first. `fairshare-node hash-dataset DIR --prove PATH` prints one; the
/// Merkle rules are `pallet_data_contribution_merkle`'s.
///
/// Its vectors are bounded by `prove_inclusion`, which refuses a longer path or more siblings
/// than the runtime allows with a named error before hashing anything.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct InclusionProof {
	/// The file's path relative to the dataset's directory, as bytes.
	pub path: alloc::vec::Vec<u8>,
	/// The blake2-256 hash of the file's content.
	pub content: H256,
	/// The siblings from the file's leaf up to the root, lowest first.
	pub siblings: alloc::vec::Vec<Sibling>,
}
