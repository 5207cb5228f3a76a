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
mod challenges;
mod errors;
mod events;
mod funds;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
mod lineage;
pub mod migrations;
mod ownership;
mod registration;
pub mod rewards;
mod settlement;
#[cfg(test)]
mod tests;
pub mod types;
mod usage;
mod views;
pub mod weights;

pub use rewards::{ModelRevenue, PaymentSplit, RewardPool};
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
	DispatchError, Perbill,
};

/// The balance type of the currency that pays for queries.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

const LOG_TARGET: &str = "runtime::data-contribution";

#[import_section(events::events)]
#[import_section(errors::errors)]
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
		type Currency: Mutate<Self::AccountId>
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
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Identity, H256, CommitmentOf<T>>;

	/// Registered datasets, by content hash.
	#[pallet::storage]
	pub type Datasets<T: Config> = StorageMap<_, Blake2_128Concat, DatasetHash, DatasetInfoOf<T>>;

	/// Registered models, by model id.
	#[pallet::storage]
	pub type Models<T: Config> = StorageMap<_, Twox64Concat, ModelId, ModelInfoOf<T>>;

	/// The id the next registered model gets.
	#[pallet::storage]
	pub type NextModelId<T: Config> = StorageValue<_, ModelId, ValueQuery>;

	/// Each contributor's position in each model whose datasets it contributed to.
	#[pallet::storage]
	pub type Positions<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, ModelId, PositionOf<T>>;

	/// The models registered over each dataset: the index from a dataset to its models.
	#[pallet::storage]
	pub type DatasetModels<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, DatasetHash, Twox64Concat, ModelId, (), OptionQuery>;

	/// Where a contributor's next `claim_rewards` resumes, when the last one left positions over.
	#[pallet::storage]
	pub type ClaimCursor<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BoundedVec<u8, ConstU32<128>>>;

	/// Each contributor's lifetime claimed rewards, and credit not yet claimed.
	#[pallet::storage]
	pub type Contributors<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, ContributorLedger<BalanceOf<T>>, ValueQuery>;

	/// The open challenge against each challenged dataset.
	#[pallet::storage]
	pub type Challenges<T: Config> = StorageMap<_, Blake2_128Concat, DatasetHash, ChallengeOf<T>>;

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
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers the dataset with content hash `hash`, revealing the signer's commitment to
		/// it (`commit_dataset` with `salt`, in an earlier block and at most `CommitmentLifetime`
		/// blocks ago); the signer becomes its owner.
		///
		/// `contributors` names each co-contributor once, with a positive share; the shares sum to
		/// exactly 100%. The owner need not be a contributor. `metadata` holds a URI, CID, licence
		/// and the like. `terms` says how models may use the dataset (commercially, in
		/// derivatives, and the least part of their revenue its contributors get); the owner may
		/// only loosen them later. Holds a deposit of `DepositBase + DepositPerByte × bytes` from
		/// the owner, and releases the commitment's.
		///
		/// Whoever committed first wins: within `RevealWindow` blocks of a registration, the
		/// reveal of an earlier commitment to the same hash displaces it (`DatasetDisplaced`). A
		/// hash that is registered otherwise, or was slashed, cannot be registered.
		///
		/// Emits `DatasetRegistered`, after `DatasetDisplaced` when it displaces one.
		///
		/// The weight declared is that of the worst case, a displacement of a record whose
		/// `MaxContributors` contributors confirmed; what a registration without one, or with a
		/// smaller one, does not use is refunded.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_dataset(T::MaxContributors::get(), metadata.len() as u32))]
		pub fn register_dataset(
			origin: OriginFor<T>,
			hash: DatasetHash,
			salt: [u8; 32],
			contributors: Vec<(T::AccountId, Perbill)>,
			metadata: Vec<u8>,
			terms: LicenceTerms,
		) -> DispatchResultWithPostInfo {
			let owner = ensure_signed(origin)?;
			Self::do_register_dataset(owner, hash, salt, contributors, metadata, terms)
		}

		/// Asks to withdraw the dataset `hash`: only its owner may, once its registration can no
		/// longer be displaced. No new model may reference it from now on; it stays
		/// challengeable while its record exists. After `ChallengePeriod` blocks,
		/// `finish_withdraw_dataset` removes its record and releases its deposit, once no model
		/// pays through it.
		///
		/// Models already trained on the dataset keep paying its contributors: the data is in
		/// those models' parameters and cannot be taken back, and the owner alone must not be
		/// able to cut the co-contributors' income from models that use their data.
		///
		/// Emits `DatasetWithdrawn`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::withdraw_dataset())]
		pub fn withdraw_dataset(origin: OriginFor<T>, hash: DatasetHash) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_dataset(who, hash)
		}

		/// Registers a model trained on `datasets`, each paired with its attribution weight; the
		/// signer owns it. The datasets are distinct, registered and active, and the weights are
		/// not all zero. Holds a deposit for the model and the contributor positions it opens.
		///
		/// `parents` names the models this one was derived from (fine-tuned from), each with its
		/// royalty: the part of this model's data reward that goes to that parent's data reward,
		/// and so to the parent's contributors (and, in turn, its own parents). At most
		/// `MaxParents`, distinct, active, allowing derivatives, each royalty positive and all
		/// summing to at most 100%, and the whole lineage reaching at most `MaxAncestors` models.
		/// A parent stays (it cannot be removed) while derivatives name it.
		///
		/// The model must keep the terms of every dataset and parent: no price above zero
		/// unless all allow commercial use, no parents unless its datasets allow derivatives, and
		/// its contributors' part `(100% − ProtocolFee) × (100% − owner_share)` at least each
		/// floor. Those terms are fixed into the model.
		///
		/// Emits `ModelRegistered` with the new model id.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::register_model(
			datasets.len() as u32,
			T::MaxContributors::get(),
			metadata.len() as u32,
		).saturating_add(Pallet::<T>::parents_weight(parents.len() as u32, T::MaxAncestors::get())))]
		pub fn register_model(
			origin: OriginFor<T>,
			datasets: Vec<(DatasetHash, AttributionWeight)>,
			parents: Vec<(ModelId, Perbill)>,
			price_per_query: BalanceOf<T>,
			owner_share: Perbill,
			metadata: Vec<u8>,
		) -> DispatchResultWithPostInfo {
			let owner = ensure_signed(origin)?;
			Self::do_register_model(
				owner,
				datasets,
				parents,
				price_per_query,
				owner_share,
				metadata,
			)
		}

		/// Sets the price of one query to model `model_id`: only its owner may, while it is active.
		/// A price above zero needs terms that allow commercial use.
		///
		/// Emits `ModelPriceSet`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_model_price())]
		pub fn set_model_price(
			origin: OriginFor<T>,
			model_id: ModelId,
			price_per_query: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_model_price(who, model_id, price_per_query)
		}

		/// Retires model `model_id`: only its owner may. It accepts no further payments and no new
		/// derivatives; rewards already earned stay claimable, and its derivatives' royalties keep
		/// reaching its contributors. The model's deposit is released with its record by
		/// `remove_retired_model`, once no derivative names it and its last position is settled
		/// (by the contributor's claim, or by anyone through `settle_position`).
		///
		/// Emits `ModelRetired`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::retire_model())]
		pub fn retire_model(origin: OriginFor<T>, model_id: ModelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_retire_model(who, model_id)
		}

		/// Pays for `queries` queries to model `model_id`: `price_per_query × queries`, moved to
		/// the pot in one transfer and split at once: the protocol's and the owner's parts are
		/// credited to the model's revenue (paid out by `claim_model_revenue`), the rest to the
		/// model's data contributors.
		///
		/// Fails, with nothing moved, if the total exceeds `max_total`: that guards the payer
		/// against a price change between signing and inclusion. Never loops over datasets or
		/// contributors: its cost grows only with the model's ancestors (at most `MaxAncestors`),
		/// whose data rewards get their royalties, and the unused weight is refunded.
		///
		/// Emits `UsageRecorded`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::pay_for_queries()
			.saturating_add(Pallet::<T>::royalties_weight(T::MaxAncestors::get())))]
		pub fn pay_for_queries(
			origin: OriginFor<T>,
			model_id: ModelId,
			queries: u32,
			max_total: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let payer = ensure_signed(origin)?;
			Self::do_pay_for_queries(payer, model_id, queries, max_total)
		}

		/// Moves the signer's accrued contributor rewards, across every model, and any credit from
		/// rejected challenges, from the pot into its free balance.
		///
		/// Settles up to `MaxPositionsPerClaim` positions, and up to `MaxPartsPerClaim` dataset
		/// parts, per call; when more remain, the event says so, and the next call resumes where
		/// this one stopped. Positions in retired models that no derivative names are removed once
		/// settled. What a position earned through a challenged dataset goes to escrow, and through
		/// a slashed dataset to the protocol account.
		///
		/// Emits `RewardsClaimed`.
		#[pallet::call_index(6)]
		#[pallet::weight(Pallet::<T>::claim_weight(
			T::MaxPositionsPerClaim::get(),
			T::MaxPartsPerClaim::get(),
		))]
		pub fn claim_rewards(origin: OriginFor<T>) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_claim_rewards(who)
		}

		/// Challenges the active dataset `hash`, stating `evidence` (a hash or URI, at most
		/// `MaxEvidenceLen` bytes). Holds `ChallengeBond` from the signer, who may be neither
		/// the dataset's owner nor one of its contributors. A dataset has at most one open
		/// challenge; while it is open, the dataset's earnings are escrowed and it may not be
		/// withdrawn or referenced by new models.
		///
		/// Emits `ChallengeOpened`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::challenge_dataset(
			T::MaxContributors::get(),
			evidence.len() as u32,
		))]
		pub fn challenge_dataset(
			origin: OriginFor<T>,
			hash: DatasetHash,
			evidence: Vec<u8>,
		) -> DispatchResultWithPostInfo {
			let challenger = ensure_signed(origin)?;
			Self::do_challenge_dataset(challenger, hash, evidence)
		}

		/// Rules on the open challenge against dataset `hash`: only `CuratorOrigin` may.
		///
		/// Upheld: the dataset is slashed. The owner's deposit goes `ChallengerReward` to the
		/// challenger and the rest to the protocol account; the escrow, and everything the
		/// dataset earns from now on, goes to the protocol account; the bond is released.
		///
		/// Rejected: the dataset is active again. The bond goes to the protocol account (a rejected
		/// challenge costs its challenger the whole bond, whoever it is), and the escrow is
		/// credited back to the contributors, paid by their next claim.
		///
		/// Emits `ChallengeUpheld` or `ChallengeRejected`.
		#[pallet::call_index(8)]
		#[pallet::weight(
			T::WeightInfo::resolve_challenge_upheld(T::MaxContributors::get())
				.max(T::WeightInfo::resolve_challenge_rejected(T::MaxContributors::get()))
		)]
		pub fn resolve_challenge(
			origin: OriginFor<T>,
			hash: DatasetHash,
			upheld: bool,
		) -> DispatchResultWithPostInfo {
			T::CuratorOrigin::ensure_origin(origin)?;
			Self::do_resolve_challenge(hash, upheld)
		}

		/// Closes the open challenge against dataset `hash` as rejected, once `ChallengePeriod`
		/// blocks have passed without a ruling; anyone may, so that no escrow stays locked. The
		/// escrow goes back to the contributors; the unruled bond to the protocol account.
		///
		/// Emits `ChallengeRejected` with `expired: true`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::close_expired_challenge(T::MaxContributors::get()))]
		pub fn close_expired_challenge(
			origin: OriginFor<T>,
			hash: DatasetHash,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::do_close_expired_challenge(hash)
		}

		/// Commits the signer to registering a dataset without revealing its hash:
		/// `commitment = blake2_256(SCALE((b"fairshare/commit/v1", hash, owner, salt)))` (see
		/// [`Pallet::commitment_of`]). Holds a deposit for it until it is revealed by
		/// `register_dataset` (in a later block, within `CommitmentLifetime` blocks) or removed.
		///
		/// Emits `DatasetCommitted`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::commit_dataset())]
		pub fn commit_dataset(origin: OriginFor<T>, commitment: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit_dataset(who, commitment)
		}

		/// Removes `who`'s unrevealed `commitment` and releases its deposit to `who`: `who` may at
		/// any time, anyone else once it has expired.
		///
		/// Emits `CommitmentRemoved`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::remove_commitment())]
		pub fn remove_commitment(
			origin: OriginFor<T>,
			who: T::AccountId,
			commitment: H256,
		) -> DispatchResult {
			let signer = ensure_signed(origin)?;
			Self::do_remove_commitment(signer, who, commitment)
		}

		/// Removes the record of withdrawn dataset `hash` and releases its deposit to its owner:
		/// anyone may, once the withdrawal notice is over and no model references the dataset.
		///
		/// Emits `DatasetRemoved`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::finish_withdraw_dataset())]
		pub fn finish_withdraw_dataset(origin: OriginFor<T>, hash: DatasetHash) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_finish_withdraw_dataset(hash)
		}

		/// Settles `contributor`'s position in model `model_id` on its behalf, as its claim
		/// would, crediting what it is owed to it (paid by its next `claim_rewards`); anyone
		/// may. A position in a retired model that no derivative names is removed: so a model's
		/// owner can settle its retired model's last positions and get its deposit back
		/// (`remove_retired_model`). The
		/// rightful account of a reattributed dataset uses it to collect what positions earned
		/// through that dataset.
		///
		/// Emits `PositionSettled`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::settle_position(T::MaxDatasetsPerModel::get()))]
		pub fn settle_position(
			origin: OriginFor<T>,
			model_id: ModelId,
			contributor: T::AccountId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::do_settle_position(model_id, contributor)
		}

		/// Confirms the signer's part in dataset `hash`, as one of its named contributors: the
		/// dataset then counts toward the signer's reputation. A contributor earns whether or
		/// not it confirms.
		///
		/// Emits `ContributionConfirmed`.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::confirm_contribution(T::MaxContributors::get()))]
		pub fn confirm_contribution(origin: OriginFor<T>, hash: DatasetHash) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_confirm_contribution(who, hash)
		}

		/// Removes retired model `model_id` once none of its positions is left and no model names
		/// it as a parent (royalties could still arrive): its revenue still waiting is paid out
		/// (as `claim_model_revenue` does), its record, its entries in the dataset-to-models
		/// index and its ownership offer go, its parents count one derivative less, and its
		/// deposit comes back to its owner; anyone may.
		///
		/// Emits `ModelRemoved` (after `ModelRevenueClaimed` when revenue waited).
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::remove_retired_model(T::MaxDatasetsPerModel::get())
			.saturating_add(T::WeightInfo::register_model_parents(T::MaxParents::get())))]
		pub fn remove_retired_model(
			origin: OriginFor<T>,
			model_id: ModelId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::do_remove_retired_model(model_id)
		}

		/// Upholds the open challenge against dataset `hash` as one of misattribution: only
		/// `CuratorOrigin` may. The dataset is reattributed to `rightful`: the owner's deposit is
		/// slashed as in `resolve_challenge`, and its escrow, and everything positions earn
		/// through it from now on, is credited to `rightful`; the bond is released.
		///
		/// Emits `MisattributionUpheld`.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::resolve_challenge_upheld(T::MaxContributors::get()))]
		pub fn resolve_misattribution(
			origin: OriginFor<T>,
			hash: DatasetHash,
			rightful: T::AccountId,
		) -> DispatchResultWithPostInfo {
			T::CuratorOrigin::ensure_origin(origin)?;
			Self::do_resolve_misattribution(hash, rightful)
		}

		/// Opens a usage channel from the signer (the consumer) to the active model `model_id`,
		/// whose price must be at most `max_price_per_query`. Moves `deposit` into escrow, held
		/// under `UsageEscrow`, and holds the channel's storage deposit from the signer. A
		/// consumer has at most one channel per model.
		///
		/// The consumer then signs a receipt ([`Pallet::usage_receipt`]) with each request to the
		/// model's operator, who settles them with `settle_usage`.
		///
		/// Emits `UsageOpened`.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::open_usage())]
		pub fn open_usage(
			origin: OriginFor<T>,
			model_id: ModelId,
			deposit: BalanceOf<T>,
			max_price_per_query: BalanceOf<T>,
		) -> DispatchResult {
			let consumer = ensure_signed(origin)?;
			Self::do_open_usage(consumer, model_id, deposit, max_price_per_query)
		}

		/// Adds `amount` to the escrow of the signer's usage channel `channel_id`, which must not
		/// be closing.
		///
		/// Emits `UsageToppedUp`.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::top_up_usage())]
		pub fn top_up_usage(
			origin: OriginFor<T>,
			channel_id: ChannelId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_top_up_usage(who, channel_id, amount)
		}

		/// Settles a batch of usage receipts for model `model_id`; the signer must own the model,
		/// which must be active. Each receipt is `(channel_id, cumulative_queries, signature)`,
		/// at most `MaxReceiptsPerSettlement` of them.
		///
		/// A receipt settles when its channel pays for this model, its signature is the channel's
		/// consumer's over the receipt (raw or in `<Bytes>`), its count is above what the
		/// channel settled, the model's price is at most the channel's `max_price_per_query`,
		/// and the escrow covers `(cumulative_queries − settled) × price`. A receipt that fails a
		/// check moves nothing and is listed in the event with the reason; the rest settle. The
		/// batch's total is split once, as `pay_for_queries` splits a payment: the data reward is
		/// recorded in the model's accumulator in one write.
		///
		/// Emits `UsageSettled`.
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::settle_usage_wrapped(receipts.len() as u32)
			.saturating_add(Pallet::<T>::royalties_weight(T::MaxAncestors::get())))]
		pub fn settle_usage(
			origin: OriginFor<T>,
			model_id: ModelId,
			receipts: Vec<(ChannelId, u64, T::UsageSignature)>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let used = Self::do_settle_usage(who, model_id, receipts)?;
			Ok(Some(used).into())
		}

		/// The signer (the channel's consumer) asks to close usage channel `channel_id`. Its
		/// escrow can be returned `UsageClosePeriod` blocks from now (`finish_close_usage`); until
		/// then the operator may still settle receipts from it.
		///
		/// Emits `UsageClosing`.
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::close_usage())]
		pub fn close_usage(origin: OriginFor<T>, channel_id: ChannelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close_usage(who, channel_id)
		}

		/// Removes usage channel `channel_id` once its close period is over, returning what is
		/// left of its escrow and its storage deposit to its consumer. Anyone may call it.
		///
		/// Emits `UsageClosed`.
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::finish_close_usage())]
		pub fn finish_close_usage(origin: OriginFor<T>, channel_id: ChannelId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_finish_close_usage(channel_id)
		}

		/// Pays out model `model_id`'s revenue: the owner's and the protocol's parts of its
		/// payments and usage settlements, which wait in the pot (credited in the model's record,
		/// so that a payment moves money once), go to the model's owner and to the protocol
		/// account. Anyone may call it: it pays only those two. A part whose account cannot take
		/// it now (one reaped below the existential deposit) stays credited, and the other is
		/// paid. Fails with `NothingToClaim` when nothing waits, and with `RevenueUndeliverable`
		/// when nothing that waits can be paid. Removing a retired model pays its revenue first.
		///
		/// Emits `ModelRevenueClaimed`.
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::claim_model_revenue())]
		pub fn claim_model_revenue(origin: OriginFor<T>, model_id: ModelId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_claim_model_revenue(model_id)
		}

		/// Offers dataset `hash` to `new_owner`: only its owner may, while the dataset is active
		/// or withdrawn (never under a challenge or after a ruling) and its registration can no
		/// longer be displaced. Nothing changes hands until `new_owner` accepts
		/// (`accept_dataset_ownership`), so a mistyped account loses nothing. A new offer
		/// replaces the last; an offer to the owner itself withdraws it.
		///
		/// Emits `DatasetOwnershipOffered`, or `DatasetOwnershipOfferWithdrawn`.
		#[pallet::call_index(23)]
		#[pallet::weight(T::WeightInfo::offer_dataset_ownership())]
		pub fn offer_dataset_ownership(
			origin: OriginFor<T>,
			hash: DatasetHash,
			new_owner: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_offer_dataset_ownership(who, hash, new_owner)
		}

		/// Accepts the offer of dataset `hash`: only the account it was offered to may, while
		/// the dataset is still transferable. The signer becomes its owner and holds its deposit
		/// (the same amount), which is released to the old owner; the dataset counts toward the
		/// signer's reputation from now on.
		///
		/// Emits `DatasetOwnershipTransferred`.
		#[pallet::call_index(24)]
		#[pallet::weight(T::WeightInfo::accept_dataset_ownership())]
		pub fn accept_dataset_ownership(origin: OriginFor<T>, hash: DatasetHash) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_dataset_ownership(who, hash)
		}

		/// Offers model `model_id` to `new_owner`: only its owner may. Nothing changes hands
		/// until `new_owner` accepts (`accept_model_ownership`). A new offer replaces the last;
		/// an offer to the owner itself withdraws it.
		///
		/// Emits `ModelOwnershipOffered`, or `ModelOwnershipOfferWithdrawn`.
		#[pallet::call_index(25)]
		#[pallet::weight(T::WeightInfo::offer_model_ownership())]
		pub fn offer_model_ownership(
			origin: OriginFor<T>,
			model_id: ModelId,
			new_owner: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_offer_model_ownership(who, model_id, new_owner)
		}

		/// Accepts the offer of model `model_id`: only the account it was offered to may. The
		/// model's revenue waiting is paid out first (as `claim_model_revenue` does), so that what
		/// it earned until now goes to the old owner; then the signer becomes its owner, earns
		/// its owner share and settles its usage receipts from now on, and holds its deposit (the
		/// same amount), which is released to the old owner.
		///
		/// Emits `ModelOwnershipTransferred` (after `ModelRevenueClaimed` when revenue waited).
		#[pallet::call_index(26)]
		#[pallet::weight(T::WeightInfo::accept_model_ownership())]
		pub fn accept_model_ownership(origin: OriginFor<T>, model_id: ModelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_model_ownership(who, model_id)
		}

		/// Loosens the terms of dataset `hash`: only its owner may, and every term must be at
		/// least as loose as before (commercial use and derivatives may be allowed, not
		/// forbidden; the floor may go down, not up). Models already registered keep the terms
		/// they were registered under.
		///
		/// Emits `DatasetTermsSet`.
		#[pallet::call_index(27)]
		#[pallet::weight(T::WeightInfo::set_dataset_terms())]
		pub fn set_dataset_terms(
			origin: OriginFor<T>,
			hash: DatasetHash,
			terms: LicenceTerms,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_dataset_terms(who, hash, terms)
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
