//! # Data Contribution Pallet
//!
//! Records hashed dataset contributions and the models trained on them, and pays every data
//! contributor pro rata, per query, whenever a model trained on their data is used.
//!
//! ## Overview
//!
//! - A **contributor** registers a **dataset** by its blake2-256 content hash, naming its
//!   co-contributors and their **shares**, and holds a deposit for the storage it takes.
//! - A **model operator** registers a **model** over registered datasets, each with an
//!   attribution **weight**, sets a **price per query** and keeps an **owner share**.
//! - A **consumer** pays for queries. Each payment is split at once: the protocol fee goes to the
//!   protocol account, the owner share to the model owner, and the rest, the **data reward**, to
//!   the pallet's pot, where it accrues to the model's contributors pro rata.
//! - Contributors **claim** their accrued rewards across all models in one call.
//! - Anyone may **challenge** a dataset that looks copied, infringing, poisoned or wrong, holding
//!   a **bond**. While the challenge is open, what the dataset's contributors earn through it is
//!   **escrowed**. A **curator** rules: an upheld challenge **slashes** the dataset (its deposit,
//!   its escrow and all its future earnings); a rejected one pays the bond to the dataset's
//!   contributors and releases the escrow. A challenge left unruled for `ChallengePeriod` blocks
//!   may be closed by anyone as rejected.
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
//! - [`register_dataset`](Pallet::register_dataset): register a dataset hash with its contributors.
//! - [`withdraw_dataset`](Pallet::withdraw_dataset): close a dataset to new models, release its
//!   deposit.
//! - [`register_model`](Pallet::register_model): register a model over datasets, with a price.
//! - [`set_model_price`](Pallet::set_model_price): change a model's price per query.
//! - [`retire_model`](Pallet::retire_model): stop a model's payments, release its deposit.
//! - [`pay_for_queries`](Pallet::pay_for_queries): pay for queries to a model.
//! - [`claim_rewards`](Pallet::claim_rewards): claim accrued rewards across all models.
//! - [`challenge_dataset`](Pallet::challenge_dataset): challenge a dataset, holding a bond.
//! - [`resolve_challenge`](Pallet::resolve_challenge): a curator upholds or rejects a challenge.
//! - [`close_expired_challenge`](Pallet::close_expired_challenge): close an unruled challenge as
//!   rejected once its period is over.
//!
//! ### Public functions
//!
//! - [`Pallet::pot_account`]: the account that holds unclaimed data rewards.
//! - [`Pallet::contributor_balance`], [`Pallet::contributor_rewards`],
//!   [`Pallet::dataset_earnings`], [`Reputations`]: the read-only views behind the runtime API.
//!
//! ## Work bounds of a ruling
//!
//! A slashed dataset may be referenced by any number of models, so a ruling never visits them.
//! It touches the dataset, its challenge and its at most `MaxContributors` escrow entries. The
//! models are handled lazily: every position remembers the datasets its points come from, and
//! settling a position (`claim_rewards`) routes the part earned through a challenged dataset to
//! escrow and the part earned through a slashed one to the protocol account. `pay_for_queries`
//! is unchanged and O(1).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod rewards;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use rewards::{PaymentSplit, RewardPool};
pub use types::*;
pub use weights::WeightInfo;

use alloc::{collections::btree_map::BTreeMap, vec::Vec};
use codec::Encode;
use frame_support::{
	dispatch::DispatchResult,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Restriction},
		EnsureOrigin, Get,
	},
	BoundedVec, PalletId,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{AccountIdConversion, CheckedAdd, CheckedMul, CheckedSub, Saturating, Zero},
	DispatchError, Perbill,
};

/// The balance type of the currency that pays for queries.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

const LOG_TARGET: &str = "runtime::data-contribution";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

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
		#[pallet::constant]
		type ChallengePeriod: Get<BlockNumberFor<Self>>;

		/// The part of a slashed dataset's deposit that goes to the challenger; the rest goes to
		/// the protocol account.
		#[pallet::constant]
		type ChallengerReward: Get<Perbill>;

		/// The longest evidence, in bytes, that a challenge may state.
		#[pallet::constant]
		type MaxEvidenceLen: Get<u32>;

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
	}

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
	pub type Positions<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		ModelId,
		PositionOf<T>,
	>;

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

	/// Each account's track record as a dataset owner or contributor.
	#[pallet::storage]
	pub type Reputations<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Reputation, ValueQuery>;

	/// The pallet's events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A dataset was registered and its deposit held.
		DatasetRegistered {
			/// The dataset's content hash. (Not named `hash`, which polkadot.js objects use for
			/// their own digest.)
			dataset: DatasetHash,
			/// The account that registered it.
			owner: T::AccountId,
			/// How many contributors share its rewards.
			contributors: u32,
			/// The deposit held from the owner.
			deposit: BalanceOf<T>,
		},
		/// A dataset was withdrawn: its deposit was released and no new model may reference it.
		DatasetWithdrawn {
			/// The dataset's content hash. (Not named `hash`, which polkadot.js objects use for
			/// their own digest.)
			dataset: DatasetHash,
			/// Its owner.
			owner: T::AccountId,
			/// The deposit released to the owner.
			deposit: BalanceOf<T>,
		},
		/// A model was registered.
		ModelRegistered {
			/// The new model's id.
			model_id: ModelId,
			/// Its owner.
			owner: T::AccountId,
			/// How many contributor positions it opened.
			positions: u32,
			/// The deposit held from the owner.
			deposit: BalanceOf<T>,
		},
		/// A model's price per query changed.
		ModelPriceSet {
			/// The model.
			model_id: ModelId,
			/// The new price of one query.
			price_per_query: BalanceOf<T>,
		},
		/// A model was retired: it accepts no more payments; earned rewards stay claimable.
		ModelRetired {
			/// The model.
			model_id: ModelId,
			/// The deposit released to the owner.
			deposit: BalanceOf<T>,
		},
		/// Queries to a model were paid for, and the payment split.
		UsageRecorded {
			/// The model.
			model_id: ModelId,
			/// Who paid.
			payer: T::AccountId,
			/// How many queries were paid for.
			queries: u32,
			/// The whole payment: `price_per_query × queries`.
			amount: BalanceOf<T>,
			/// The part paid to the protocol account.
			protocol_fee: BalanceOf<T>,
			/// The part paid to the model owner.
			owner_reward: BalanceOf<T>,
			/// The part credited to the data contributors, held in the pot.
			data_reward: BalanceOf<T>,
		},
		/// A contributor claimed accrued rewards.
		RewardsClaimed {
			/// The contributor.
			who: T::AccountId,
			/// The amount moved from the pot to the contributor's free balance.
			amount: BalanceOf<T>,
			/// The part settled through challenged datasets, moved to escrow.
			escrowed: BalanceOf<T>,
			/// The part settled through slashed datasets, paid to the protocol account.
			forfeited: BalanceOf<T>,
			/// How many positions (models) this call settled.
			positions: u32,
			/// Whether positions remain that this call did not reach; claim again for them.
			more_remaining: bool,
		},
		/// A dataset was challenged and its challenger's bond held.
		ChallengeOpened {
			/// The challenged dataset.
			dataset: DatasetHash,
			/// Who challenged it.
			challenger: T::AccountId,
			/// The bond held from the challenger.
			bond: BalanceOf<T>,
			/// From this block on, anyone may close the challenge as rejected.
			expires_at: BlockNumberFor<T>,
		},
		/// A challenge was upheld: the dataset is slashed.
		ChallengeUpheld {
			/// The slashed dataset.
			dataset: DatasetHash,
			/// The challenger, whose bond was released.
			challenger: T::AccountId,
			/// The owner's deposit, slashed.
			slashed_deposit: BalanceOf<T>,
			/// The part of the slashed deposit paid to the challenger.
			challenger_reward: BalanceOf<T>,
			/// The escrow paid to the protocol account.
			forfeited_escrow: BalanceOf<T>,
		},
		/// A challenge was rejected, by a curator or by expiry: the dataset is active again.
		ChallengeRejected {
			/// The dataset, active again.
			dataset: DatasetHash,
			/// The challenger, whose bond went to the dataset's contributors.
			challenger: T::AccountId,
			/// The bond credited to the contributors pro rata.
			bond: BalanceOf<T>,
			/// The escrow credited back to the contributors.
			released_escrow: BalanceOf<T>,
			/// Whether it was closed after `ChallengePeriod` without a ruling.
			expired: bool,
		},
	}

	/// The pallet's errors.
	#[pallet::error]
	pub enum Error<T> {
		/// A dataset with this hash is already registered.
		DatasetAlreadyRegistered,
		/// The contributors' shares are not all positive or do not sum to exactly 100%.
		InvalidShares,
		/// A dataset must name at least one contributor.
		NoContributors,
		/// The same contributor appears twice in a dataset.
		DuplicateContributor,
		/// No dataset is registered with this hash.
		UnknownDataset,
		/// The dataset is not active: it was withdrawn, is challenged or was slashed.
		DatasetNotActive,
		/// No model has this id.
		UnknownModel,
		/// The model is not active: it was retired.
		ModelNotActive,
		/// Only the owner may do this.
		NotOwner,
		/// The payment would exceed the payer's `max_total`.
		PaymentAboveLimit,
		/// The payer cannot afford the payment and stay alive.
		InsufficientBalance,
		/// There are no rewards to claim.
		NothingToClaim,
		/// A model's attribution weights must not all be zero.
		ZeroWeight,
		/// A model must reference at least one dataset.
		NoDatasets,
		/// The same dataset appears twice in a model.
		DuplicateDataset,
		/// A payment must be for at least one query.
		ZeroQueries,
		/// More contributors than `MaxContributors`.
		TooManyContributors,
		/// More datasets than `MaxDatasetsPerModel`.
		TooManyDatasets,
		/// Metadata longer than `MaxMetadataLen`.
		MetadataTooLong,
		/// An amount overflowed: a price, a payment or a deposit is too large.
		Overflow,
		/// The dataset already has an open challenge.
		ChallengeAlreadyOpen,
		/// The dataset has no open challenge.
		NoOpenChallenge,
		/// The challenger owns the dataset or is one of its contributors.
		ChallengerIsContributor,
		/// The challenge's period is not over: only a curator may rule on it yet.
		ChallengePeriodNotOver,
		/// Evidence longer than `MaxEvidenceLen`.
		EvidenceTooLong,
	}

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
			assert!(T::MaxDatasetsPerModel::get() > 0, "MaxDatasetsPerModel must be positive");
			assert!(T::MaxPositionsPerClaim::get() > 0, "MaxPositionsPerClaim must be positive");
			assert!(
				T::MaxPartsPerClaim::get() >= T::MaxDatasetsPerModel::get(),
				"MaxPartsPerClaim must fit the largest position"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers the dataset with content hash `hash`; the signer becomes its owner.
		///
		/// `contributors` names each co-contributor once, with a positive share; the shares sum to
		/// exactly 100%. The owner need not be a contributor. `metadata` holds a URI, CID, licence
		/// and the like. Holds a deposit of `DepositBase + DepositPerByte × bytes` from the owner.
		///
		/// Emits `DatasetRegistered`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_dataset(contributors.len() as u32, metadata.len() as u32))]
		pub fn register_dataset(
			origin: OriginFor<T>,
			hash: DatasetHash,
			contributors: Vec<(T::AccountId, Perbill)>,
			metadata: Vec<u8>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let metadata = Self::bounded_metadata(metadata)?;
			let contributors = Self::validate_contributors(contributors)?;
			ensure!(!Datasets::<T>::contains_key(hash), Error::<T>::DatasetAlreadyRegistered);

			let mut dataset = DatasetInfo {
				owner: owner.clone(),
				contributors,
				metadata,
				deposit: Zero::zero(),
				status: DatasetStatus::Active,
				registered_at: frame_system::Pallet::<T>::block_number(),
				models: 0,
			};
			dataset.deposit = Self::deposit_for(dataset.encoded_size())?;
			T::Currency::hold(&HoldReason::DatasetDeposit.into(), &owner, dataset.deposit)?;

			let (contributors, deposit) = (dataset.contributors.len() as u32, dataset.deposit);
			Self::note_reputation(&dataset, |reputation| reputation.registered.saturating_inc());
			Datasets::<T>::insert(hash, dataset);
			Self::deposit_event(Event::DatasetRegistered {
				dataset: hash,
				owner,
				contributors,
				deposit,
			});
			Ok(())
		}

		/// Withdraws the dataset `hash`: only its owner may. The deposit is released and no new
		/// model may reference the dataset.
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
			Datasets::<T>::try_mutate(hash, |maybe_dataset| {
				let dataset = maybe_dataset.as_mut().ok_or(Error::<T>::UnknownDataset)?;
				ensure!(dataset.owner == who, Error::<T>::NotOwner);
				ensure!(dataset.status == DatasetStatus::Active, Error::<T>::DatasetNotActive);
				let deposit = core::mem::take(&mut dataset.deposit);
				Self::release_deposit(HoldReason::DatasetDeposit, &who, deposit)?;
				dataset.status = DatasetStatus::Withdrawn;
				Self::deposit_event(Event::DatasetWithdrawn {
					dataset: hash,
					owner: who.clone(),
					deposit,
				});
				Ok(())
			})
		}

		/// Registers a model trained on `datasets`, each paired with its attribution weight; the
		/// signer owns it. The datasets are distinct, registered and active, and the weights are
		/// not all zero. Holds a deposit for the model and the contributor positions it opens.
		///
		/// Emits `ModelRegistered` with the new model id.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::register_model(
			datasets.len() as u32,
			T::MaxContributors::get(),
			metadata.len() as u32,
		))]
		pub fn register_model(
			origin: OriginFor<T>,
			datasets: Vec<(DatasetHash, AttributionWeight)>,
			price_per_query: BalanceOf<T>,
			owner_share: Perbill,
			metadata: Vec<u8>,
		) -> DispatchResultWithPostInfo {
			let owner = ensure_signed(origin)?;
			let metadata = Self::bounded_metadata(metadata)?;
			let datasets = Self::validate_model_datasets(datasets)?;
			let (positions, max_contributors) = Self::positions_for(&datasets)?;
			let total_points = positions.values().try_fold(0u128, |sum, p| sum.checked_add(p.points));
			let total_points = total_points.ok_or(Error::<T>::Overflow)?;

			let model_id = NextModelId::<T>::get();
			let next_id = model_id.checked_add(1).ok_or(Error::<T>::Overflow)?;
			let mut model = ModelInfo {
				owner: owner.clone(),
				datasets,
				price_per_query,
				owner_share,
				metadata,
				deposit: Zero::zero(),
				status: ModelStatus::Active,
				queries_served: 0,
				total_paid: Zero::zero(),
				rewards: RewardPool::new(total_points),
			};
			let position_bytes = positions
				.values()
				.fold(0usize, |sum, p| sum.saturating_add(Self::position_storage_bytes(p)));
			model.deposit =
				Self::deposit_for(model.encoded_size().saturating_add(position_bytes))?;
			T::Currency::hold(&HoldReason::ModelDeposit.into(), &owner, model.deposit)?;

			for (hash, _) in model.datasets.iter() {
				DatasetModels::<T>::insert(hash, model_id, ());
				Datasets::<T>::mutate(hash, |d| {
					if let Some(d) = d {
						d.models.saturating_inc()
					}
				});
			}
			let opened = positions.len() as u32;
			for (contributor, mut position) in positions {
				position.checkpoint = model.rewards.checkpoint();
				Positions::<T>::insert(&contributor, model_id, position);
			}
			let actual_weight = T::WeightInfo::register_model(
				model.datasets.len() as u32,
				max_contributors,
				model.metadata.len() as u32,
			);
			let deposit = model.deposit;
			Models::<T>::insert(model_id, model);
			NextModelId::<T>::put(next_id);

			Self::deposit_event(Event::ModelRegistered {
				model_id,
				owner,
				positions: opened,
				deposit,
			});
			Ok(Some(actual_weight).into())
		}

		/// Sets the price of one query to model `model_id`: only its owner may, while it is active.
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
			Self::mutate_owned_active_model(&who, model_id, |model| {
				model.price_per_query = price_per_query;
				Ok(())
			})?;
			Self::deposit_event(Event::ModelPriceSet { model_id, price_per_query });
			Ok(())
		}

		/// Retires model `model_id`: only its owner may. It accepts no further payments; rewards
		/// already earned stay claimable. The model's deposit is released.
		///
		/// Emits `ModelRetired`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::retire_model())]
		pub fn retire_model(origin: OriginFor<T>, model_id: ModelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let deposit = Self::mutate_owned_active_model(&who, model_id, |model| {
				let deposit = core::mem::take(&mut model.deposit);
				Self::release_deposit(HoldReason::ModelDeposit, &who, deposit)?;
				model.status = ModelStatus::Retired;
				Ok(deposit)
			})?;
			Self::deposit_event(Event::ModelRetired { model_id, deposit });
			Ok(())
		}

		/// Pays for `queries` queries to model `model_id`: `price_per_query × queries`, split at
		/// once between the protocol account, the model owner and the model's data contributors.
		///
		/// Fails, with nothing moved, if the total exceeds `max_total`: that guards the payer
		/// against a price change between signing and inclusion. Costs O(1): it never loops over
		/// datasets or contributors.
		///
		/// Emits `UsageRecorded`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::pay_for_queries())]
		pub fn pay_for_queries(
			origin: OriginFor<T>,
			model_id: ModelId,
			queries: u32,
			max_total: BalanceOf<T>,
		) -> DispatchResult {
			let payer = ensure_signed(origin)?;
			ensure!(queries > 0, Error::<T>::ZeroQueries);
			let mut model = Models::<T>::get(model_id).ok_or(Error::<T>::UnknownModel)?;
			ensure!(model.status == ModelStatus::Active, Error::<T>::ModelNotActive);

			let amount = model
				.price_per_query
				.checked_mul(&BalanceOf::<T>::from(queries))
				.ok_or(Error::<T>::Overflow)?;
			ensure!(amount <= max_total, Error::<T>::PaymentAboveLimit);
			let spendable =
				T::Currency::reducible_balance(&payer, Preservation::Preserve, Fortitude::Polite);
			ensure!(amount <= spendable, Error::<T>::InsufficientBalance);

			let split = PaymentSplit::new(amount, T::ProtocolFee::get(), model.owner_share);
			model.rewards.record_payment(split.data).map_err(|_| Error::<T>::Overflow)?;
			model.queries_served =
				model.queries_served.checked_add(queries.into()).ok_or(Error::<T>::Overflow)?;
			model.total_paid = model.total_paid.checked_add(&amount).ok_or(Error::<T>::Overflow)?;

			Self::pay(&payer, &T::ProtocolAccount::get(), split.protocol)?;
			Self::pay(&payer, &model.owner, split.owner)?;
			Self::pay(&payer, &Self::pot_account(), split.data)?;
			Models::<T>::insert(model_id, model);

			Self::deposit_event(Event::UsageRecorded {
				model_id,
				payer,
				queries,
				amount,
				protocol_fee: split.protocol,
				owner_reward: split.owner,
				data_reward: split.data,
			});
			Ok(())
		}

		/// Moves the signer's accrued contributor rewards, across every model, and any credit from
		/// rejected challenges, from the pot into its free balance.
		///
		/// Settles up to `MaxPositionsPerClaim` positions, and up to `MaxPartsPerClaim` dataset
		/// parts, per call; when more remain, the event says so, and the next call resumes where
		/// this one stopped. Positions in retired models are removed once settled. What a position
		/// earned through a challenged dataset goes to escrow, and through a slashed dataset to the
		/// protocol account.
		///
		/// Emits `RewardsClaimed`.
		#[pallet::call_index(6)]
		#[pallet::weight(Pallet::<T>::claim_weight(
			T::MaxPositionsPerClaim::get(),
			T::MaxPartsPerClaim::get(),
		))]
		pub fn claim_rewards(origin: OriginFor<T>) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let settled = Self::settle_positions(&who)?;
			let credit = Contributors::<T>::get(&who).credit;
			let amount = settled.paid.checked_add(&credit).ok_or(Error::<T>::Overflow)?;
			ensure!(
				!amount.is_zero() ||
					!settled.escrowed.is_zero() ||
					!settled.forfeited.is_zero() ||
					settled.more_remaining,
				Error::<T>::NothingToClaim
			);

			Self::pay(&Self::pot_account(), &who, amount)?;
			Self::pay(&Self::pot_account(), &T::ProtocolAccount::get(), settled.forfeited)?;
			Contributors::<T>::try_mutate(&who, |ledger| -> DispatchResult {
				ledger.claimed = ledger.claimed.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
				ledger.credit = Zero::zero();
				Ok(())
			})?;
			Self::deposit_event(Event::RewardsClaimed {
				who,
				amount,
				escrowed: settled.escrowed,
				forfeited: settled.forfeited,
				positions: settled.positions,
				more_remaining: settled.more_remaining,
			});
			Ok(Some(Self::claim_weight(settled.positions, settled.parts)).into())
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
			let evidence: BoundedVec<u8, T::MaxEvidenceLen> =
				evidence.try_into().map_err(|_| Error::<T>::EvidenceTooLong)?;
			ensure!(!Challenges::<T>::contains_key(hash), Error::<T>::ChallengeAlreadyOpen);
			let mut dataset = Datasets::<T>::get(hash).ok_or(Error::<T>::UnknownDataset)?;
			ensure!(dataset.status == DatasetStatus::Active, Error::<T>::DatasetNotActive);
			ensure!(
				!Self::dataset_accounts(&dataset).any(|account| *account == challenger),
				Error::<T>::ChallengerIsContributor
			);

			let bond = T::ChallengeBond::get();
			T::Currency::hold(&HoldReason::ChallengeBond.into(), &challenger, bond)?;
			let now = frame_system::Pallet::<T>::block_number();
			let expires_at = now.saturating_add(T::ChallengePeriod::get());
			dataset.status = DatasetStatus::Challenged;
			Self::note_reputation(&dataset, |reputation| reputation.challenged.saturating_inc());
			let actual_weight = T::WeightInfo::challenge_dataset(
				dataset.contributors.len() as u32,
				evidence.len() as u32,
			);
			Datasets::<T>::insert(hash, dataset);
			Challenges::<T>::insert(
				hash,
				Challenge { challenger: challenger.clone(), bond, evidence, expires_at },
			);
			Self::deposit_event(Event::ChallengeOpened {
				dataset: hash,
				challenger,
				bond,
				expires_at,
			});
			Ok(Some(actual_weight).into())
		}

		/// Rules on the open challenge against dataset `hash`: only `CuratorOrigin` may.
		///
		/// Upheld: the dataset is slashed. The owner's deposit goes `ChallengerReward` to the
		/// challenger and the rest to the protocol account; the escrow, and everything the
		/// dataset earns from now on, goes to the protocol account; the bond is released.
		///
		/// Rejected: the dataset is active again. The bond is credited to its contributors pro
		/// rata, and the escrow is credited back to them; both are paid by their next claim.
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
			let challenge = Challenges::<T>::take(hash).ok_or(Error::<T>::NoOpenChallenge)?;
			let actual_weight = if upheld {
				T::WeightInfo::resolve_challenge_upheld(Self::uphold(hash, challenge)?)
			} else {
				T::WeightInfo::resolve_challenge_rejected(Self::reject(hash, challenge, false)?)
			};
			Ok(Some(actual_weight).into())
		}

		/// Closes the open challenge against dataset `hash` as rejected, once `ChallengePeriod`
		/// blocks have passed without a ruling; anyone may, so that no bond or escrow stays
		/// locked.
		///
		/// Emits `ChallengeRejected` with `expired: true`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::close_expired_challenge(T::MaxContributors::get()))]
		pub fn close_expired_challenge(
			origin: OriginFor<T>,
			hash: DatasetHash,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let challenge = Challenges::<T>::get(hash).ok_or(Error::<T>::NoOpenChallenge)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now >= challenge.expires_at, Error::<T>::ChallengePeriodNotOver);
			Challenges::<T>::remove(hash);
			let contributors = Self::reject(hash, challenge, true)?;
			Ok(Some(T::WeightInfo::close_expired_challenge(contributors)).into())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The pot: the account that holds data rewards until they are claimed.
	pub fn pot_account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Makes the pot and the protocol account exist, so that payments of any size into them
	/// succeed: each gets the existential deposit if it holds less. Runs at genesis.
	pub fn endow_accounts() {
		let min = T::Currency::minimum_balance();
		for account in [Self::pot_account(), T::ProtocolAccount::get()] {
			let missing = min.saturating_sub(T::Currency::balance(&account));
			if !missing.is_zero() {
				if let Err(e) = T::Currency::mint_into(&account, missing) {
					log::error!(target: LOG_TARGET, "could not endow {account:?}: {e:?}");
				}
			}
		}
	}

	/// The storage deposit for `bytes` bytes: `DepositBase + DepositPerByte × bytes`. The one rule
	/// for both datasets and models.
	pub fn deposit_for(bytes: usize) -> Result<BalanceOf<T>, Error<T>> {
		let bytes = BalanceOf::<T>::from(u32::try_from(bytes).map_err(|_| Error::<T>::Overflow)?);
		T::DepositPerByte::get()
			.checked_mul(&bytes)
			.and_then(|per_byte| per_byte.checked_add(&T::DepositBase::get()))
			.ok_or(Error::<T>::Overflow)
	}

	/// The weight of a claim that settles `positions` positions of `parts` parts in all: each
	/// position's first part is in `claim_rewards`, the others in `claim_rewards_parts`.
	fn claim_weight(positions: u32, parts: u32) -> frame_support::weights::Weight {
		T::WeightInfo::claim_rewards(positions)
			.saturating_add(T::WeightInfo::claim_rewards_parts(parts.saturating_sub(positions)))
	}

	/// The bytes a stored `position` takes: its key (the pallet and item prefixes, the
	/// `Blake2_128Concat` account and the `Twox64Concat` model id) and its value.
	fn position_storage_bytes(position: &PositionOf<T>) -> usize {
		use codec::MaxEncodedLen;
		let prefixes = 16 + 16;
		let account = 16 + T::AccountId::max_encoded_len();
		let model_id = 8 + ModelId::max_encoded_len();
		prefixes + account + model_id + position.encoded_size()
	}

	fn bounded_metadata<S: Get<u32>>(metadata: Vec<u8>) -> Result<BoundedVec<u8, S>, Error<T>> {
		metadata.try_into().map_err(|_| Error::<T>::MetadataTooLong)
	}

	/// Checks a dataset's contributors: at most `MaxContributors`, at least one, distinct, each
	/// share positive, and the shares summing to exactly 100%.
	fn validate_contributors(
		contributors: Vec<(T::AccountId, Perbill)>,
	) -> Result<BoundedVec<(T::AccountId, Perbill), T::MaxContributors>, Error<T>> {
		let contributors: BoundedVec<_, T::MaxContributors> =
			contributors.try_into().map_err(|_| Error::<T>::TooManyContributors)?;
		ensure_nonempty_distinct(&contributors, Error::<T>::NoContributors, Error::<T>::DuplicateContributor)?;
		let mut total: u64 = 0;
		for (_, share) in contributors.iter() {
			frame_support::ensure!(!share.is_zero(), Error::<T>::InvalidShares);
			total = total.saturating_add(share.deconstruct() as u64);
		}
		frame_support::ensure!(
			total == Perbill::one().deconstruct() as u64,
			Error::<T>::InvalidShares
		);
		Ok(contributors)
	}

	/// Checks a model's datasets: at most `MaxDatasetsPerModel`, at least one, distinct, each
	/// registered and active, and the weights not all zero.
	fn validate_model_datasets(
		datasets: Vec<(DatasetHash, AttributionWeight)>,
	) -> Result<BoundedVec<(DatasetHash, AttributionWeight), T::MaxDatasetsPerModel>, Error<T>> {
		let datasets: BoundedVec<_, T::MaxDatasetsPerModel> =
			datasets.try_into().map_err(|_| Error::<T>::TooManyDatasets)?;
		ensure_nonempty_distinct(&datasets, Error::<T>::NoDatasets, Error::<T>::DuplicateDataset)?;
		frame_support::ensure!(datasets.iter().any(|(_, w)| *w > 0), Error::<T>::ZeroWeight);
		Ok(datasets)
	}

	/// Each contributor's position in a model over `datasets`: `Σ_d w_d × share(c, d)` points,
	/// with shares in parts per billion, and the parts they come from; checkpoints are left at
	/// zero. Contributors with no points (all their datasets weigh 0) get none. Also returns the
	/// largest contributor count among the datasets, which the weight uses.
	fn positions_for(
		datasets: &[(DatasetHash, AttributionWeight)],
	) -> Result<(BTreeMap<T::AccountId, PositionOf<T>>, u32), Error<T>> {
		let mut positions = BTreeMap::<T::AccountId, PositionOf<T>>::new();
		let mut max_contributors = 0;
		for (index, (hash, weight)) in datasets.iter().enumerate() {
			let dataset = Datasets::<T>::get(hash).ok_or(Error::<T>::UnknownDataset)?;
			frame_support::ensure!(
				dataset.status == DatasetStatus::Active,
				Error::<T>::DatasetNotActive
			);
			max_contributors = max_contributors.max(dataset.contributors.len() as u32);
			if *weight == 0 {
				continue;
			}
			for (contributor, share) in dataset.contributors {
				let position = positions.entry(contributor).or_insert_with(|| Position {
					points: 0,
					checkpoint: Zero::zero(),
					parts: BoundedVec::new(),
				});
				position.points = position
					.points
					.checked_add(part_points(*weight, share))
					.ok_or(Error::<T>::Overflow)?;
				// A model has at most `MaxDatasetsPerModel` datasets, so the parts fit.
				let part = DatasetPart { index: index as u32, share };
				position.parts.try_push(part).map_err(|_| Error::<T>::TooManyDatasets)?;
			}
		}
		Ok((positions, max_contributors))
	}

	/// Applies `f` to model `model_id` if `who` owns it and it is active; writes it back only if
	/// `f` succeeds.
	fn mutate_owned_active_model<R>(
		who: &T::AccountId,
		model_id: ModelId,
		f: impl FnOnce(&mut ModelInfoOf<T>) -> Result<R, DispatchError>,
	) -> Result<R, DispatchError> {
		Models::<T>::try_mutate(model_id, |maybe_model| {
			let model = maybe_model.as_mut().ok_or(Error::<T>::UnknownModel)?;
			frame_support::ensure!(&model.owner == who, Error::<T>::NotOwner);
			frame_support::ensure!(model.status == ModelStatus::Active, Error::<T>::ModelNotActive);
			f(model)
		})
	}

	fn release_deposit(
		reason: HoldReason,
		who: &T::AccountId,
		deposit: BalanceOf<T>,
	) -> DispatchResult {
		T::Currency::release(&reason.into(), who, deposit, Precision::Exact).map(|_| ())
	}

	/// Moves `amount` held for `reason` from `from` to the free balance of `to`; nothing for zero.
	fn transfer_held(
		reason: HoldReason,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::transfer_on_hold(
			&reason.into(),
			from,
			to,
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)
		.map(|_| ())
	}

	/// The accounts a dataset names: its owner, then each contributor that is not the owner.
	fn dataset_accounts(dataset: &DatasetInfoOf<T>) -> impl Iterator<Item = &T::AccountId> {
		let owner = &dataset.owner;
		core::iter::once(owner)
			.chain(dataset.contributors.iter().map(|(who, _)| who).filter(move |who| *who != owner))
	}

	/// Applies `f` to the reputation of every account that `dataset` names.
	fn note_reputation(dataset: &DatasetInfoOf<T>, f: impl Fn(&mut Reputation)) {
		for account in Self::dataset_accounts(dataset) {
			Reputations::<T>::mutate(account, |reputation| f(reputation));
		}
	}

	/// Upholds `challenge` against dataset `hash`: slashes the dataset, pays the escrow to the
	/// protocol account and releases the bond. Returns the dataset's contributor count.
	fn uphold(hash: DatasetHash, challenge: ChallengeOf<T>) -> Result<u32, DispatchError> {
		let mut dataset = Datasets::<T>::get(hash).ok_or(Error::<T>::UnknownDataset)?;
		let protocol = T::ProtocolAccount::get();
		let slashed_deposit = core::mem::take(&mut dataset.deposit);
		let challenger_reward = T::ChallengerReward::get().mul_floor(slashed_deposit);
		let owner = &dataset.owner;
		Self::transfer_held(HoldReason::DatasetDeposit, owner, &challenge.challenger, challenger_reward)?;
		let rest = slashed_deposit.saturating_sub(challenger_reward);
		Self::transfer_held(HoldReason::DatasetDeposit, owner, &protocol, rest)?;

		let mut forfeited_escrow = BalanceOf::<T>::zero();
		for (contributor, _) in dataset.contributors.iter() {
			let escrow = Escrow::<T>::take(contributor, hash);
			forfeited_escrow = forfeited_escrow.checked_add(&escrow).ok_or(Error::<T>::Overflow)?;
		}
		Self::pay(&Self::pot_account(), &protocol, forfeited_escrow)?;
		Self::release_deposit(HoldReason::ChallengeBond, &challenge.challenger, challenge.bond)?;

		dataset.status = DatasetStatus::Slashed;
		Self::note_reputation(&dataset, |reputation| reputation.slashed.saturating_inc());
		let contributors = dataset.contributors.len() as u32;
		Datasets::<T>::insert(hash, dataset);
		Self::deposit_event(Event::ChallengeUpheld {
			dataset: hash,
			challenger: challenge.challenger,
			slashed_deposit,
			challenger_reward,
			forfeited_escrow,
		});
		Ok(contributors)
	}

	/// Rejects `challenge` against dataset `hash`: moves the bond into the pot and credits it to
	/// the contributors pro rata, credits the escrow back to them, and makes the dataset active
	/// again. Returns the dataset's contributor count.
	fn reject(
		hash: DatasetHash,
		challenge: ChallengeOf<T>,
		expired: bool,
	) -> Result<u32, DispatchError> {
		let mut dataset = Datasets::<T>::get(hash).ok_or(Error::<T>::UnknownDataset)?;
		let pot = Self::pot_account();
		Self::transfer_held(HoldReason::ChallengeBond, &challenge.challenger, &pot, challenge.bond)?;
		let bond_shares = rewards::pro_rata(challenge.bond, dataset.contributors.iter().map(|c| c.1));

		let mut released_escrow = BalanceOf::<T>::zero();
		for ((contributor, _), bond_share) in dataset.contributors.iter().zip(bond_shares) {
			let escrow = Escrow::<T>::take(contributor, hash);
			released_escrow = released_escrow.checked_add(&escrow).ok_or(Error::<T>::Overflow)?;
			let credit = escrow.checked_add(&bond_share).ok_or(Error::<T>::Overflow)?;
			Contributors::<T>::try_mutate(contributor, |ledger| -> DispatchResult {
				ledger.credit = ledger.credit.checked_add(&credit).ok_or(Error::<T>::Overflow)?;
				Ok(())
			})?;
		}

		dataset.status = DatasetStatus::Active;
		let contributors = dataset.contributors.len() as u32;
		Datasets::<T>::insert(hash, dataset);
		Self::deposit_event(Event::ChallengeRejected {
			dataset: hash,
			challenger: challenge.challenger,
			bond: challenge.bond,
			released_escrow,
			expired,
		});
		Ok(contributors)
	}

	/// Transfers `amount` from `payer` to `to`, keeping the payer alive; nothing for zero.
	fn pay(payer: &T::AccountId, to: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::transfer(payer, to, amount, Preservation::Preserve).map(|_| ())
	}

	/// The next positions of `who` to settle, resuming from the claim cursor: at most
	/// `MaxPositionsPerClaim` positions, and at most `MaxPartsPerClaim` parts unless the first
	/// position alone has more. Moves the cursor past them when more remain.
	fn claim_batch(who: &T::AccountId) -> Result<(Vec<(ModelId, PositionOf<T>)>, bool), Error<T>> {
		let (max_positions, max_parts) =
			(T::MaxPositionsPerClaim::get() as usize, T::MaxPartsPerClaim::get() as usize);
		let iter = match ClaimCursor::<T>::take(who) {
			Some(cursor) => Positions::<T>::iter_prefix_from(who, cursor.into_inner()),
			None => Positions::<T>::iter_prefix(who),
		};
		let (mut batch, mut parts, mut more_remaining) = (Vec::new(), 0usize, false);
		for (model_id, position) in iter {
			parts = parts.saturating_add(position.parts.len());
			if batch.len() == max_positions || (!batch.is_empty() && parts > max_parts) {
				more_remaining = true;
				break;
			}
			batch.push((model_id, position));
		}
		if let (true, Some((last, _))) = (more_remaining, batch.last()) {
			let cursor = Positions::<T>::hashed_key_for(who, last);
			let cursor: BoundedVec<u8, _> = cursor.try_into().map_err(|_| Error::<T>::Overflow)?;
			ClaimCursor::<T>::insert(who, cursor);
		}
		Ok((batch, more_remaining))
	}

	/// Settles the next batch of `who`'s positions (see [`Self::claim_batch`]): moves each
	/// checkpoint to now, escrows the parts earned through challenged datasets, and totals what
	/// goes to `who` and to the protocol account.
	fn settle_positions(who: &T::AccountId) -> Result<Settlement<BalanceOf<T>>, DispatchError> {
		let (batch, more_remaining) = Self::claim_batch(who)?;
		let mut settled = Settlement { more_remaining, ..Default::default() };
		for (model_id, mut position) in batch {
			let mut model = Models::<T>::get(model_id).ok_or(Error::<T>::UnknownModel)?;
			let since = position.checkpoint;
			let owed = model
				.rewards
				.settle(position.points, &mut position.checkpoint)
				.map_err(|_| Error::<T>::Overflow)?;
			let split = Self::split_owed(&model, &position, since, owed)?;
			for (hash, amount) in split.escrowed.iter() {
				Escrow::<T>::try_mutate(who, hash, |escrow| -> DispatchResult {
					*escrow = escrow.checked_add(amount).ok_or(Error::<T>::Overflow)?;
					Ok(())
				})?;
			}
			settled.add(&split, position.parts.len() as u32).ok_or(Error::<T>::Overflow)?;

			if model.status == ModelStatus::Retired {
				Positions::<T>::remove(who, model_id);
			} else if !owed.is_zero() {
				Positions::<T>::insert(who, model_id, position);
			}
			if !owed.is_zero() {
				Models::<T>::insert(model_id, model);
			}
		}
		Ok(settled)
	}

	/// Splits `owed`, what `position` in `model` accrued since `since`, by where it goes: the
	/// part earned through each challenged dataset to escrow, through each slashed dataset to
	/// the protocol account, and the rest to the contributor (see [`rewards`] for the rounding).
	/// The one rule for both settlement and the read-only views.
	fn split_owed(
		model: &ModelInfoOf<T>,
		position: &PositionOf<T>,
		since: BalanceOf<T>,
		owed: BalanceOf<T>,
	) -> Result<OwedSplit<BalanceOf<T>>, Error<T>> {
		let mut split = OwedSplit { contributor: owed, ..Default::default() };
		if owed.is_zero() {
			return Ok(split);
		}
		for part in position.parts.iter() {
			let Some((hash, weight)) = model.datasets.get(part.index as usize) else { continue };
			let status = Datasets::<T>::get(hash).map(|dataset| dataset.status);
			if !matches!(status, Some(DatasetStatus::Challenged | DatasetStatus::Slashed)) {
				continue;
			}
			let part_owed = model
				.rewards
				.pending(part_points(*weight, part.share), since)
				.map_err(|_| Error::<T>::Overflow)?;
			split.contributor =
				split.contributor.checked_sub(&part_owed).ok_or(Error::<T>::Overflow)?;
			if status == Some(DatasetStatus::Challenged) {
				split.escrowed.push((*hash, part_owed));
			} else {
				split.forfeited = split.forfeited.checked_add(&part_owed).ok_or(Error::<T>::Overflow)?;
			}
		}
		Ok(split)
	}
}

/// The points a dataset of weight `weight` gives a contributor with `share` of it.
fn part_points(weight: AttributionWeight, share: Perbill) -> u128 {
	(weight as u128) * (share.deconstruct() as u128)
}

/// Where what one position owed goes.
#[derive(Default)]
struct OwedSplit<Balance> {
	/// To the contributor.
	contributor: Balance,
	/// To escrow, by challenged dataset.
	escrowed: Vec<(DatasetHash, Balance)>,
	/// To the protocol account, through slashed datasets.
	forfeited: Balance,
}

impl<Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy> OwedSplit<Balance> {
	fn escrowed_total(&self) -> Option<Balance> {
		self.escrowed.iter().try_fold(Balance::zero(), |sum, (_, amount)| sum.checked_add(amount))
	}
}

/// What one `claim_rewards` settled.
#[derive(Default)]
struct Settlement<Balance> {
	/// Owed to the claimant.
	paid: Balance,
	/// Moved to escrow.
	escrowed: Balance,
	/// Owed to the protocol account.
	forfeited: Balance,
	/// Positions settled.
	positions: u32,
	/// Dataset parts of those positions.
	parts: u32,
	/// Whether positions remain for another call.
	more_remaining: bool,
}

impl<Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy> Settlement<Balance> {
	/// Adds one position's split; `None` on overflow.
	fn add(&mut self, split: &OwedSplit<Balance>, parts: u32) -> Option<()> {
		self.paid = self.paid.checked_add(&split.contributor)?;
		self.escrowed = self.escrowed.checked_add(&split.escrowed_total()?)?;
		self.forfeited = self.forfeited.checked_add(&split.forfeited)?;
		self.positions = self.positions.saturating_add(1);
		self.parts = self.parts.saturating_add(parts);
		Some(())
	}
}

/// Fails with `empty` for no items and with `duplicate` if two items share a key.
fn ensure_nonempty_distinct<K: Ord, V, E>(
	items: &[(K, V)],
	empty: E,
	duplicate: E,
) -> Result<(), E> {
	if items.is_empty() {
		return Err(empty);
	}
	let mut keys: Vec<&K> = items.iter().map(|(k, _)| k).collect();
	keys.sort();
	if keys.windows(2).any(|pair| pair[0] == pair[1]) {
		return Err(duplicate);
	}
	Ok(())
}

/// Read-only views: what the runtime API serves.
impl<T: Config> Pallet<T> {
	/// `who`'s reward in model `model_id`, if it holds a position there: claimable now, and
	/// escrowed through challenged datasets.
	pub fn reward_in(who: &T::AccountId, model_id: ModelId) -> Option<ModelReward<BalanceOf<T>>> {
		let position = Positions::<T>::get(who, model_id)?;
		Self::reward_of(model_id, &position)
	}

	fn reward_of(model_id: ModelId, position: &PositionOf<T>) -> Option<ModelReward<BalanceOf<T>>> {
		let model = Models::<T>::get(model_id)?;
		let owed = model.rewards.pending(position.points, position.checkpoint).ok()?;
		let split = Self::split_owed(&model, position, position.checkpoint, owed).ok()?;
		Some(ModelReward { model_id, pending: split.contributor, escrowed: split.escrowed_total()? })
	}

	/// `who`'s reward in every model where it holds a position, by model id.
	pub fn contributor_rewards(who: &T::AccountId) -> Vec<ModelReward<BalanceOf<T>>> {
		let mut rewards: Vec<_> = Positions::<T>::iter_prefix(who)
			.filter_map(|(model_id, position)| Self::reward_of(model_id, &position))
			.collect();
		rewards.sort_by_key(|reward| reward.model_id);
		rewards
	}

	/// `who`'s claimable (with credit from rejected challenges), escrowed, claimed, and total
	/// earned rewards. Parts forfeited through slashed datasets count for none of them.
	pub fn contributor_balance(who: &T::AccountId) -> ContributorBalance<BalanceOf<T>> {
		let ledger = Contributors::<T>::get(who);
		let settled_escrow = Escrow::<T>::iter_prefix_values(who)
			.fold(BalanceOf::<T>::zero(), |sum, escrow| sum.saturating_add(escrow));
		let (pending, escrowed) = Self::contributor_rewards(who).into_iter().fold(
			(ledger.credit, settled_escrow),
			|(pending, escrowed), reward| {
				(pending.saturating_add(reward.pending), escrowed.saturating_add(reward.escrowed))
			},
		);
		let claimed = ledger.claimed;
		let earned = pending.saturating_add(escrowed).saturating_add(claimed);
		ContributorBalance { pending, escrowed, claimed, earned }
	}

	/// Dataset `hash`'s record with its earnings, if it is registered.
	pub fn dataset_view(
		hash: &DatasetHash,
	) -> Option<DatasetView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let dataset = Datasets::<T>::get(hash)?;
		Some(DatasetView {
			owner: dataset.owner,
			contributors: dataset.contributors.into_inner(),
			metadata: dataset.metadata.into_inner(),
			deposit: dataset.deposit,
			status: dataset.status,
			registered_at: dataset.registered_at,
			models: dataset.models,
			earned: Self::dataset_earnings(hash),
		})
	}

	/// Model `model_id`'s record with its usage and earnings, if it exists.
	pub fn model_view(model_id: ModelId) -> Option<ModelView<T::AccountId, BalanceOf<T>>> {
		let model = Models::<T>::get(model_id)?;
		Some(ModelView {
			owner: model.owner,
			datasets: model.datasets.into_inner(),
			price_per_query: model.price_per_query,
			owner_share: model.owner_share,
			metadata: model.metadata.into_inner(),
			deposit: model.deposit,
			status: model.status,
			queries_served: model.queries_served,
			total_paid: model.total_paid,
			data_paid: model.rewards.data_paid,
			claimed: model.rewards.claimed,
		})
	}

	/// What dataset `hash` has earned for its contributors across all its models:
	/// `Σ_m data_paid_m × w_d / W_m`, rounded down per model.
	pub fn dataset_earnings(hash: &DatasetHash) -> BalanceOf<T> {
		DatasetModels::<T>::iter_key_prefix(hash)
			.filter_map(|model_id| {
				let model = Models::<T>::get(model_id)?;
				let weight = model.datasets.iter().find(|(h, _)| h == hash)?.1;
				// The dataset's points: its contributors' shares sum to one billion parts.
				let points = (weight as u128).saturating_mul(Perbill::one().deconstruct() as u128);
				model.rewards.pending(points, Zero::zero()).ok()
			})
			.fold(Zero::zero(), |sum: BalanceOf<T>, e| sum.saturating_add(e))
	}
}

#[cfg(any(feature = "try-runtime", test))]
impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants:
	/// - every position's points are the sum of its parts' points, and every model's points are
	///   the sum of its positions' points;
	/// - no position is owed more than its model still holds, and the sum owed in a model fits in
	///   what the model holds (`data_paid − claimed`); the difference is the model's dust;
	/// - the pot holds at least everything the models hold, the escrow and the credits, above the
	///   existential deposit;
	/// - every dataset's model count matches the dataset-to-models index;
	/// - a dataset is challenged exactly when it has an open challenge, and escrow is only held
	///   for contributors of challenged datasets.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::ensure;
		let mut owed_per_model = BTreeMap::<ModelId, (u128, BalanceOf<T>)>::new();
		for (_, model_id, position) in Positions::<T>::iter() {
			let model = Models::<T>::get(model_id).ok_or("position in an unknown model")?;
			let parts = position.parts.iter().try_fold(0u128, |sum, part| {
				let weight = model.datasets.get(part.index as usize)?.1;
				sum.checked_add(part_points(weight, part.share))
			});
			ensure!(parts == Some(position.points), "position points differ from its parts");
			let owed = model
				.rewards
				.pending(position.points, position.checkpoint)
				.map_err(|_| "pending overflows")?;
			let entry = owed_per_model.entry(model_id).or_insert((0, Zero::zero()));
			entry.0 = entry.0.checked_add(position.points).ok_or("points overflow")?;
			entry.1 = entry.1.checked_add(&owed).ok_or("owed overflows")?;
		}

		let mut held = BalanceOf::<T>::zero();
		for (model_id, model) in Models::<T>::iter() {
			let (points, owed) = owed_per_model.get(&model_id).cloned().unwrap_or_default();
			ensure!(model.rewards.claimed <= model.rewards.data_paid, "model claimed more than paid");
			ensure!(owed <= model.rewards.unclaimed(), "model owes more than it holds");
			if model.status == ModelStatus::Active {
				ensure!(points == model.rewards.total_points, "positions do not sum to the model's points");
			}
			held = held.checked_add(&model.rewards.unclaimed()).ok_or("held overflows")?;
		}
		for (who, hash, escrow) in Escrow::<T>::iter() {
			let dataset = Datasets::<T>::get(hash).ok_or("escrow for an unknown dataset")?;
			ensure!(dataset.status == DatasetStatus::Challenged, "escrow outside a challenge");
			ensure!(dataset.contributors.iter().any(|(c, _)| *c == who), "escrow for a stranger");
			held = held.checked_add(&escrow).ok_or("held overflows")?;
		}
		for (_, ledger) in Contributors::<T>::iter() {
			held = held.checked_add(&ledger.credit).ok_or("held overflows")?;
		}
		let pot = T::Currency::balance(&Self::pot_account());
		ensure!(
			pot >= held.saturating_add(T::Currency::minimum_balance()),
			"the pot holds less than the models' unclaimed rewards, the escrow and the credits"
		);

		for (hash, dataset) in Datasets::<T>::iter() {
			let models = DatasetModels::<T>::iter_key_prefix(hash).count() as u32;
			ensure!(dataset.models == models, "dataset model count out of step with the index");
			ensure!(
				(dataset.status == DatasetStatus::Challenged) == Challenges::<T>::contains_key(hash),
				"dataset status out of step with its challenge"
			);
		}
		Ok(())
	}
}
