//! # Data Contribution Pallet
//!
//! Records hashed dataset contributions and the models trained on them, and pays every data
//! contributor pro rata, per query, whenever a model trained on their data is used.
//!
//! ## Overview
//!
//! - A **contributor** registers a **dataset** by its blake2-256 content hash, naming its
//!   co-contributors and their **shares**, and holds a deposit for the storage it takes. It
//!   **commits** to the hash first and **reveals** it in a later block, so that nobody who sees
//!   the reveal in the transaction pool can register the hash first: within a short **reveal
//!   window**, the earlier commitment wins. Named contributors **confirm** their part for the
//!   dataset to count toward their **reputation**; they earn either way.
//! - A **model operator** registers a **model** over registered datasets, each with an
//!   attribution **weight**, sets a **price per query** and keeps an **owner share**.
//! - A **consumer** pays for queries. Each payment goes to the pallet's pot in one transfer and is
//!   split at once: the protocol fee and the owner share are credited to the model's **revenue**,
//!   which anyone may pay out to the protocol account and the owner; the rest, the **data
//!   reward**, accrues to the model's contributors pro rata.
//! - At inference speed, a consumer instead prepays a **usage channel** to a model and signs a
//!   **receipt** with each request; the model's operator **settles** many channels' receipts in
//!   one call, split as a payment is. See [`usage`].
//! - Contributors **claim** their accrued rewards across all models in one call.
//! - Anyone may **challenge** a dataset that looks copied, infringing, poisoned or wrong, holding
//!   a **bond**. While the challenge is open, what the dataset's contributors earn through it is
//!   **escrowed**. A **curator** rules: an upheld challenge **slashes** the dataset (its deposit,
//!   its escrow and all its future earnings); a rejected one forfeits the bond to the protocol
//!   account and releases the escrow. A challenge left unruled for `ChallengePeriod` blocks
//!   may be closed by anyone as rejected. A challenge of **misattribution** may be upheld by
//!   naming the **rightful** account, which then receives what the dataset earns.
//! - A withdrawn dataset stays challengeable while its record exists; its record and deposit
//!   go after a **notice** period, once no model pays through it. A retired model's record and
//!   deposit go once its positions are settled: anyone may **settle** a position on its
//!   contributor's behalf.
//!
//! Paying for queries costs O(1) whatever the number of datasets and contributors: see
//! [`rewards`] for the accumulator and its rounding argument, and `docs/economics.md`.
//!
//! ## Terminology
//!
//! - **Dataset hash**: the [`DatasetHash`] (`H256`) that identifies a dataset; `fairshare-node
//!   hash-dataset` computes it for a file or a directory.
//! - **Share**: a contributor's `Perbill` of one dataset's rewards; a dataset's shares sum to 100%.
//! - **Weight**: a model's attribution weight for one of its datasets; a dataset's part of the
//!   model's data reward is `w_d / W`, where `W` is the sum of the model's weights.
//! - **Position**: a contributor's stake in one model, `Σ_d w_d × share(c, d)` points.
//! - **Pot**: the pallet's account ([`Pallet::pot_account`]), which holds the data rewards until
//!   they are claimed, and the rounding dust.
//! - **Protocol account**: where protocol fees go ([`Config::ProtocolAccount`]).
//! - **Part**: what a position earned through one of its datasets; see [`DatasetPart`].
//! - **Escrow**: parts earned through a challenged dataset, held in the pot until the ruling.
//! - **Credit**: what rejected challenges released to a contributor, paid by the next claim.
//! - **Reputation**: per-account counts of datasets registered, challenged and slashed.
//!
//! ## Interface
//!
//! ### Dispatchable functions
//!
//! - [`commit_dataset`](Pallet::commit_dataset): commit to a dataset hash without revealing it.
//! - [`remove_commitment`](Pallet::remove_commitment): remove an unrevealed commitment.
//! - [`register_dataset`](Pallet::register_dataset): reveal a commitment, registering the dataset
//!   with its contributors.
//! - [`confirm_contribution`](Pallet::confirm_contribution): confirm one's part in a dataset.
//! - [`withdraw_dataset`](Pallet::withdraw_dataset): close a dataset to new models and start its
//!   notice.
//! - [`finish_withdraw_dataset`](Pallet::finish_withdraw_dataset): remove a withdrawn dataset after
//!   its notice, releasing its deposit.
//! - [`register_model`](Pallet::register_model): register a model over datasets, with a price.
//! - [`set_model_price`](Pallet::set_model_price): change a model's price per query.
//! - [`retire_model`](Pallet::retire_model): stop a model's payments.
//! - [`pay_for_queries`](Pallet::pay_for_queries): pay for queries to a model.
//! - [`open_usage`](Pallet::open_usage), [`top_up_usage`](Pallet::top_up_usage): prepay a usage
//!   channel to a model.
//! - [`settle_usage`](Pallet::settle_usage): the model's owner settles a batch of receipts.
//! - [`close_usage`](Pallet::close_usage), [`finish_close_usage`](Pallet::finish_close_usage):
//!   close a channel, returning what is left to its consumer after `UsageClosePeriod`.
//! - [`claim_rewards`](Pallet::claim_rewards): claim accrued rewards across all models.
//! - [`claim_model_revenue`](Pallet::claim_model_revenue): pay a model's revenue to its owner
//!   and the protocol account.
//! - [`offer_dataset_ownership`](Pallet::offer_dataset_ownership),
//!   [`accept_dataset_ownership`](Pallet::accept_dataset_ownership),
//!   [`offer_model_ownership`](Pallet::offer_model_ownership),
//!   [`accept_model_ownership`](Pallet::accept_model_ownership): hand a dataset or a model to a
//!   new owner, in two steps (see [`ownership`]).
//! - [`settle_position`](Pallet::settle_position): settle a contributor's position on its behalf.
//! - [`remove_retired_model`](Pallet::remove_retired_model): remove a settled retired model,
//!   releasing its deposit.
//! - [`challenge_dataset`](Pallet::challenge_dataset): challenge a dataset, holding a bond.
//! - [`resolve_challenge`](Pallet::resolve_challenge): a curator upholds or rejects a challenge.
//! - [`close_expired_challenge`](Pallet::close_expired_challenge): close an unruled challenge as
//!   rejected once its period is over.
//! - [`resolve_misattribution`](Pallet::resolve_misattribution): a curator upholds a challenge as
//!   misattribution, naming the rightful account.
//! - [`prove_inclusion`](Pallet::prove_inclusion): verify that a registered dataset holds a file,
//!   by an inclusion proof against its hash (see [`inclusion`]).
//!
//! ### Public functions
//!
//! - [`Pallet::pot_account`]: the account that holds unclaimed data rewards.
//! - [`Pallet::commitment_of`]: the commitment `register_dataset` reveals.
//! - [`Pallet::usage_receipt`]: the message a consumer signs for a usage channel.
//! - View functions ([`Pallet::contributor_balance`], [`Pallet::contributor_rewards`],
//!   [`Pallet::reputation`], [`Pallet::dataset`], [`Pallet::model`], [`Pallet::channel`],
//!   [`Pallet::periods`]): what clients read, each one struct of [`types`] (`types/views.rs`),
//!   paged where others can grow their work. The runtime API and the JSON-RPC methods serve the
//!   same functions.
//!
//! ## Work bounds of a ruling
//!
//! A slashed dataset may be referenced by any number of models, so a ruling never visits them.
//! It touches the dataset, its challenge and its at most `MaxContributors` escrow entries. The
//! models are handled lazily: every position remembers the datasets its points come from, and
//! settling a position (`claim_rewards`) routes the part earned through a challenged dataset to
//! escrow, the part earned through a slashed one to the protocol account, and the part earned
//! through a reattributed one to its rightful account. `pay_for_queries` is unchanged and O(1).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
mod calls;
mod challenges;
mod checks;
mod datasets;
mod errors;
mod events;
mod footprint;
mod funds;
mod inclusion;
// Also under `std`: the node's `populate-state` checks them natively over the state it wrote.
#[cfg(any(feature = "try-runtime", feature = "std", test))]
mod invariants;
pub mod migrations;
mod models;
mod ownership;
mod settlement;
#[cfg(test)]
mod tests;
pub mod types;
mod usage;
mod views;
pub mod weights;
mod weights_ext;

pub use datasets::COMMITMENT_TAG;
use ownership::{DatasetOwnership, ModelOwnership};
pub use settlement::rewards::{self, ModelRevenue, PaymentSplit, RewardPool};
pub use types::*;
pub use weights::WeightInfo;

use alloc::{collections::btree_map::BTreeMap, vec::Vec};
use codec::Encode;
use frame_support::{
	dispatch::DispatchResult,
	pallet_macros::import_section,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::{DepositConsequence, Fortitude, Precision, Preservation, Provenance, Restriction},
		EnsureOrigin, Get,
	},
	BoundedVec, PalletId,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;
use sp_runtime::{
	traits::{
		AccountIdConversion, CheckedAdd, CheckedMul, CheckedSub, IdentifyAccount, Saturating,
		Verify, Zero,
	},
	ArithmeticError, DispatchError, Perbill,
};

/// The balance type of the currency that pays for queries.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

const LOG_TARGET: &str = "runtime::data-contribution";

#[import_section(events::events)]
#[import_section(errors::errors)]
#[import_section(calls::calls)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The pallet's configuration.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The currency in which queries are paid, rewards accrue and deposits are held.
		type Currency: Mutate<Self::AccountId, Balance: From<u64>>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason, which this pallet's [`HoldReason`] converts into.
		type RuntimeHoldReason: From<HoldReason>;

		/// The protocol's cut of every payment, taken first.
		#[pallet::constant]
		type ProtocolFee: Get<Perbill>;

		/// The account that receives protocol fees (a treasury or another pallet-derived account).
		#[pallet::constant]
		type ProtocolAccount: Get<Self::AccountId>;

		/// The identifier from which the pot account, holding unclaimed data rewards, derives.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The deposit held for any dataset or model, whatever its size.
		#[pallet::constant]
		type DepositBase: Get<BalanceOf<Self>>;

		/// The deposit held per byte of storage that a dataset or model takes.
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;

		/// The most contributors one dataset may name.
		#[pallet::constant]
		type MaxContributors: Get<u32>;

		/// The most datasets one model may reference.
		#[pallet::constant]
		type MaxDatasetsPerModel: Get<u32>;

		/// The longest metadata, in bytes, of a dataset or a model.
		#[pallet::constant]
		type MaxMetadataLen: Get<u32>;

		/// The most parents (base models) one model may name.
		#[pallet::constant]
		type MaxParents: Get<u32>;

		/// The most models one payment's royalties may reach, counted along every path up a
		/// model's lineage (a model reached through two parents counts twice): the bound on the
		/// work of a payment, which never grows with the number of contributors.
		#[pallet::constant]
		type MaxAncestors: Get<u32>;

		/// The most positions (models) one `claim_rewards` call settles; the rest stay for the
		/// next call, which the `RewardsClaimed` event announces.
		#[pallet::constant]
		type MaxPositionsPerClaim: Get<u32>;

		/// The most dataset parts one `claim_rewards` call settles, summed over its positions.
		/// At least `MaxDatasetsPerModel`, so that any single position fits.
		#[pallet::constant]
		type MaxPartsPerClaim: Get<u32>;

		/// The origin that rules on challenges (`resolve_challenge`).
		type CuratorOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The bond held from a challenger until the ruling.
		#[pallet::constant]
		type ChallengeBond: Get<BalanceOf<Self>>;

		/// How many blocks a challenge may stay unruled before anyone may close it as rejected.
		///
		/// Not a metadata constant: a runtime may read it from state (see [`Periods`]).
		type ChallengePeriod: Get<BlockNumberFor<Self>>;

		/// The part of a slashed dataset's deposit that goes to the challenger; the rest goes to
		/// the protocol account.
		#[pallet::constant]
		type ChallengerReward: Get<Perbill>;

		/// The longest evidence, in bytes, that a challenge may state.
		#[pallet::constant]
		type MaxEvidenceLen: Get<u32>;

		/// How many blocks after `commit_dataset` its reveal (`register_dataset`) may come; an
		/// older commitment has expired, and anyone may remove it, releasing its deposit to the
		/// account that made it.
		///
		/// Not a metadata constant: a runtime may read it from state (see [`Periods`]).
		type CommitmentLifetime: Get<BlockNumberFor<Self>>;

		/// For how many blocks after a dataset's registration a reveal of an earlier commitment
		/// to the same hash displaces it. Until then no model may reference the dataset, and it
		/// may be neither withdrawn nor challenged.
		///
		/// Not a metadata constant: a runtime may read it from state (see [`Periods`]).
		type RevealWindow: Get<BlockNumberFor<Self>>;

		/// The most receipts one `settle_usage` may carry (at least 1,000).
		#[pallet::constant]
		type MaxReceiptsPerSettlement: Get<u32>;

		/// How many blocks after a consumer asks to close a usage channel its escrow is
		/// returned: the model's operator settles the last receipts in that time.
		///
		/// Not a metadata constant: a runtime may read it from state (see [`Periods`]).
		type UsageClosePeriod: Get<BlockNumberFor<Self>>;

		/// The signature on a usage receipt (`MultiSignature` in the runtime).
		type UsageSignature: Parameter + Verify<Signer = Self::UsageSigner>;

		/// Who signs usage receipts: identifies the consumer's account.
		type UsageSigner: IdentifyAccount<AccountId = Self::AccountId>;

		/// Makes signed receipts for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: benchmarking::BenchmarkHelper<Self::AccountId, Self::UsageSignature>;

		/// The most siblings an inclusion proof may have (`prove_inclusion`): a dataset of
		/// 2^`MaxProofDepth` files at most can prove any of them. At most
		/// `pallet_data_contribution_merkle::MAX_DEPTH`.
		#[pallet::constant]
		type MaxProofDepth: Get<u32>;

		/// The longest file path, in bytes, an inclusion proof may name.
		#[pallet::constant]
		type MaxProofPathLen: Get<u32>;

		/// Weight information for the extrinsics of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// The reasons for which this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The storage deposit of a registered dataset.
		DatasetDeposit,
		/// The storage deposit of a registered model.
		ModelDeposit,
		/// The bond of an open challenge.
		ChallengeBond,
		/// The storage deposit of a commitment to register a dataset.
		CommitmentDeposit,
		/// The storage deposit of an account's reputation record, held as long as it exists.
		ReputationDeposit,
		/// The prepaid escrow of every usage channel, held in the usage escrow account.
		UsageEscrow,
		/// The storage deposit of a usage channel, held from its consumer.
		UsageChannelDeposit,
	}

	/// Commitments to register a dataset, by the account that made them and the commitment
	/// (see [`Pallet::commitment_of`]).
	#[pallet::storage]
	pub type Commitments<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Identity, H256, Commitment<T>>;

	/// Registered datasets, by content hash.
	#[pallet::storage]
	pub type Datasets<T: Config> = StorageMap<_, Blake2_128Concat, DatasetHash, DatasetInfo<T>>;

	/// Registered models, by model id.
	#[pallet::storage]
	pub type Models<T: Config> = StorageMap<_, Twox64Concat, ModelId, ModelInfo<T>>;

	/// The id the next registered model gets.
	#[pallet::storage]
	pub type NextModelId<T: Config> = StorageValue<_, ModelId, ValueQuery>;

	/// Each contributor's position in each model whose datasets it contributed to.
	#[pallet::storage]
	pub type Positions<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, ModelId, Position<T>>;

	/// The models registered over each dataset: the index from a dataset to its models.
	#[pallet::storage]
	pub type DatasetModels<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, DatasetHash, Twox64Concat, ModelId, (), OptionQuery>;

	/// Where a contributor's next `claim_rewards` resumes, when the last one left positions over.
	#[pallet::storage]
	pub type ClaimCursor<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BoundedVec<u8, MaxCursorLen>>;

	/// Each contributor's lifetime claimed rewards, and credit not yet claimed.
	#[pallet::storage]
	pub type Contributors<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, ContributorLedger<BalanceOf<T>>, ValueQuery>;

	/// The open challenge against each challenged dataset.
	#[pallet::storage]
	pub type Challenges<T: Config> = StorageMap<_, Blake2_128Concat, DatasetHash, Challenge<T>>;

	/// What each contributor earned through each challenged dataset and settled while the
	/// challenge was open: held in the pot until the ruling. At most `MaxContributors` entries per
	/// dataset, and only while its challenge is open.
	#[pallet::storage]
	pub type Escrow<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		DatasetHash,
		BalanceOf<T>,
		ValueQuery,
	>;

	/// Each account's track record as a dataset owner or confirmed contributor: written only by
	/// what the account signed (a registration or a confirmation) and by rulings on those
	/// datasets; a deposit is held from the account while it exists.
	#[pallet::storage]
	pub type Reputations<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Reputation, ValueQuery>;

	/// Usage channels, by channel id.
	#[pallet::storage]
	pub type UsageChannels<T: Config> = StorageMap<_, Twox64Concat, ChannelId, UsageChannelOf<T>>;

	/// The channel each consumer has open to each model: at most one.
	#[pallet::storage]
	pub type ConsumerChannels<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, ModelId, ChannelId>;

	/// The id the next usage channel gets.
	#[pallet::storage]
	pub type NextChannelId<T: Config> = StorageValue<_, ChannelId, ValueQuery>;

	/// The account each dataset's owner offered it to (`offer_dataset_ownership`), until that
	/// account accepts or the owner replaces or withdraws the offer. At most one per dataset,
	/// paid for by the dataset's deposit, and removed with the dataset.
	#[pallet::storage]
	pub type DatasetOwnershipOffers<T: Config> =
		StorageMap<_, Blake2_128Concat, DatasetHash, T::AccountId>;

	/// The account each model's owner offered it to (`offer_model_ownership`), until that
	/// account accepts or the owner replaces or withdraws the offer. At most one per model,
	/// paid for by the model's deposit, and removed with the model.
	#[pallet::storage]
	pub type ModelOwnershipOffers<T: Config> = StorageMap<_, Twox64Concat, ModelId, T::AccountId>;

	/// Genesis configuration: makes the pot and the protocol account exist.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		#[serde(skip)]
		_config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pallet::<T>::endow_accounts();
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxContributors::get() > 0, "MaxContributors must be positive");
			assert!(T::MaxContributors::get() <= 32, "confirmations are a 32-bit mask");
			assert!(T::MaxDatasetsPerModel::get() > 0, "MaxDatasetsPerModel must be positive");
			assert!(
				T::MaxParents::get() <= T::MaxAncestors::get(),
				"every parent is an ancestor: MaxParents must not exceed MaxAncestors"
			);
			assert!(T::MaxPositionsPerClaim::get() > 0, "MaxPositionsPerClaim must be positive");
			assert!(
				T::MaxPartsPerClaim::get() >= T::MaxDatasetsPerModel::get(),
				"MaxPartsPerClaim must fit the largest position"
			);
			assert!(
				T::MaxReceiptsPerSettlement::get() >= 1_000,
				"MaxReceiptsPerSettlement must be at least 1,000"
			);
			assert!(
				T::MaxProofDepth::get() as usize <= pallet_data_contribution_merkle::MAX_DEPTH,
				"MaxProofDepth must not exceed the Merkle rules' MAX_DEPTH"
			);
			assert!(
				frame_support::storage::KeyLenOf::<Positions<T>>::get()
					<= <MaxCursorLen as Get<u32>>::get(),
				"a claim cursor holds a key of Positions"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	/// What clients read. The `DataContributionApi` runtime API and the `dataContribution_*`
	/// JSON-RPC methods serve these same functions.
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// `who`'s claimable, escrowed, claimed and total earned rewards over one page of its
		/// positions, with the model id to resume after in `next`; zeros for an unknown
		/// account. The account's own figures (credit, settled escrow, claimed) count on the
		/// first page only, so that the pages add up.
		pub fn contributor_balance(
			who: T::AccountId,
			page: ViewPage,
		) -> ContributorBalance<BalanceOf<T>> {
			Self::balance_page(&who, page)
		}

		/// `who`'s claimable and escrowed reward in each model of one page of its positions, in
		/// storage order, and the model id to resume after.
		pub fn contributor_rewards(
			who: T::AccountId,
			page: ViewPage,
		) -> (Vec<ModelReward<BalanceOf<T>>>, Option<ModelId>) {
			Self::rewards_page(&who, page)
		}

		/// `who`'s counts of datasets registered, challenged and slashed.
		pub fn reputation(who: T::AccountId) -> Reputation {
			Reputations::<T>::get(who)
		}

		/// Dataset `hash`'s record, terms and earnings over one page of its models (with the
		/// model id to resume after in `next`), or `None` if it is not registered.
		pub fn dataset(
			hash: DatasetHash,
			page: ViewPage,
		) -> Option<DatasetView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
			Self::dataset_view(hash, page)
		}

		/// Model `model_id`'s record, usage, earnings, revenue waiting and lineage, or `None`.
		pub fn model(model_id: ModelId) -> Option<ModelView<T::AccountId, BalanceOf<T>>> {
			Self::model_view(model_id)
		}

		/// The usage channel `consumer` has open to model `model_id`, with its id, or `None`.
		pub fn channel(
			consumer: T::AccountId,
			model_id: ModelId,
		) -> Option<(ChannelId, UsageChannelOf<T>)> {
			Self::channel_view(&consumer, model_id)
		}

		/// The challenge, usage-close, commitment and reveal periods, in blocks.
		pub fn periods() -> Periods<BlockNumberFor<T>> {
			Self::current_periods()
		}
	}
}
