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
//!
//! ### Public functions
//!
//! - [`Pallet::pot_account`]: the account that holds unclaimed data rewards.
//! - [`Pallet::contributor_balance`], [`Pallet::contributor_rewards`],
//!   [`Pallet::dataset_earnings`]: the read-only views behind the runtime API.

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
		tokens::{Fortitude, Precision, Preservation},
		Get,
	},
	BoundedVec, PalletId,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{AccountIdConversion, CheckedAdd, CheckedMul, Saturating, Zero},
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
		Position<BalanceOf<T>>,
	>;

	/// The models registered over each dataset: the index from a dataset to its models.
	#[pallet::storage]
	pub type DatasetModels<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, DatasetHash, Twox64Concat, ModelId, (), OptionQuery>;

	/// Where a contributor's next `claim_rewards` resumes, when the last one left positions over.
	#[pallet::storage]
	pub type ClaimCursor<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BoundedVec<u8, ConstU32<128>>>;

	/// Each contributor's lifetime claimed rewards.
	#[pallet::storage]
	pub type Contributors<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, ContributorLedger<BalanceOf<T>>, ValueQuery>;

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
			/// How many positions (models) this call settled.
			positions: u32,
			/// Whether positions remain that this call did not reach; claim again for them.
			more_remaining: bool,
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
		/// The dataset is not active: it was withdrawn.
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
			let (points, max_contributors) = Self::positions_for(&datasets)?;
			let total_points = points.values().try_fold(0u128, |sum, p| sum.checked_add(*p));
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
			let position_bytes = points.len().saturating_mul(Self::position_storage_bytes());
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
			let positions = points.len() as u32;
			for (contributor, points) in points {
				Positions::<T>::insert(&contributor, model_id, model.rewards.open_position(points));
			}
			let actual_weight = T::WeightInfo::register_model(
				model.datasets.len() as u32,
				max_contributors,
				model.metadata.len() as u32,
			);
			let deposit = model.deposit;
			Models::<T>::insert(model_id, model);
			NextModelId::<T>::put(next_id);

			Self::deposit_event(Event::ModelRegistered { model_id, owner, positions, deposit });
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

		/// Moves the signer's accrued contributor rewards, across every model, from the pot into
		/// its free balance.
		///
		/// Settles up to `MaxPositionsPerClaim` positions per call; when more remain, the event
		/// says so, and the next call resumes where this one stopped. Positions in retired models
		/// are removed once settled.
		///
		/// Emits `RewardsClaimed`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::claim_rewards(T::MaxPositionsPerClaim::get()))]
		pub fn claim_rewards(origin: OriginFor<T>) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let (amount, positions, more_remaining) = Self::settle_positions(&who)?;
			ensure!(!amount.is_zero() || more_remaining, Error::<T>::NothingToClaim);

			if !amount.is_zero() {
				T::Currency::transfer(&Self::pot_account(), &who, amount, Preservation::Preserve)?;
				Contributors::<T>::try_mutate(&who, |ledger| -> DispatchResult {
					ledger.claimed =
						ledger.claimed.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
					Ok(())
				})?;
			}
			Self::deposit_event(Event::RewardsClaimed { who, amount, positions, more_remaining });
			Ok(Some(T::WeightInfo::claim_rewards(positions)).into())
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

	/// The bytes one stored position takes: its key (the pallet and item prefixes, the
	/// `Blake2_128Concat` account and the `Twox64Concat` model id) and its value.
	fn position_storage_bytes() -> usize {
		use codec::MaxEncodedLen;
		let prefixes = 16 + 16;
		let account = 16 + T::AccountId::max_encoded_len();
		let model_id = 8 + ModelId::max_encoded_len();
		prefixes + account + model_id + Position::<BalanceOf<T>>::max_encoded_len()
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

	/// Each contributor's points in a model over `datasets`: `Σ_d w_d × share(c, d)`, with shares
	/// in parts per billion. Contributors with no points (all their datasets weigh 0) get none.
	/// Also returns the largest contributor count among the datasets, which the weight uses.
	fn positions_for(
		datasets: &[(DatasetHash, AttributionWeight)],
	) -> Result<(BTreeMap<T::AccountId, u128>, u32), Error<T>> {
		let mut points = BTreeMap::<T::AccountId, u128>::new();
		let mut max_contributors = 0;
		for (hash, weight) in datasets {
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
				let added = (*weight as u128) * (share.deconstruct() as u128);
				let entry = points.entry(contributor).or_default();
				*entry = entry.checked_add(added).ok_or(Error::<T>::Overflow)?;
			}
		}
		Ok((points, max_contributors))
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

	/// Transfers `amount` from `payer` to `to`, keeping the payer alive; nothing for zero.
	fn pay(payer: &T::AccountId, to: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::transfer(payer, to, amount, Preservation::Preserve).map(|_| ())
	}

	/// Settles up to `MaxPositionsPerClaim` of `who`'s positions, resuming from the claim cursor.
	/// Returns the amount owed, the positions settled and whether more remain.
	fn settle_positions(who: &T::AccountId) -> Result<(BalanceOf<T>, u32, bool), DispatchError> {
		let limit = T::MaxPositionsPerClaim::get() as usize;
		let mut iter = match ClaimCursor::<T>::take(who) {
			Some(cursor) => Positions::<T>::iter_prefix_from(who, cursor.into_inner()),
			None => Positions::<T>::iter_prefix(who),
		};
		let batch: Vec<_> = iter.by_ref().take(limit).collect();
		let more_remaining = iter.next().is_some();
		if more_remaining {
			let cursor = Positions::<T>::hashed_key_for(who, batch[batch.len() - 1].0);
			let cursor: BoundedVec<u8, _> = cursor.try_into().map_err(|_| Error::<T>::Overflow)?;
			ClaimCursor::<T>::insert(who, cursor);
		}

		let settled = batch.len() as u32;
		let mut total = BalanceOf::<T>::zero();
		for (model_id, mut position) in batch {
			let mut model = Models::<T>::get(model_id).ok_or(Error::<T>::UnknownModel)?;
			let owed = model.rewards.claim(&mut position).map_err(|_| Error::<T>::Overflow)?;
			total = total.checked_add(&owed).ok_or(Error::<T>::Overflow)?;
			if model.status == ModelStatus::Retired {
				Positions::<T>::remove(who, model_id);
			} else if !owed.is_zero() {
				Positions::<T>::insert(who, model_id, position);
			}
			if !owed.is_zero() {
				Models::<T>::insert(model_id, model);
			}
		}
		Ok((total, settled, more_remaining))
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
	/// What `who` may claim now from model `model_id`, if it holds a position there.
	pub fn pending_in(who: &T::AccountId, model_id: ModelId) -> Option<BalanceOf<T>> {
		let position = Positions::<T>::get(who, model_id)?;
		let model = Models::<T>::get(model_id)?;
		model.rewards.pending(&position).ok()
	}

	/// `who`'s pending reward in every model where it holds a position, by model id.
	pub fn contributor_rewards(who: &T::AccountId) -> Vec<ModelReward<BalanceOf<T>>> {
		let mut rewards: Vec<_> = Positions::<T>::iter_prefix(who)
			.filter_map(|(model_id, position)| {
				let pending = Models::<T>::get(model_id)?.rewards.pending(&position).ok()?;
				Some(ModelReward { model_id, pending })
			})
			.collect();
		rewards.sort_by_key(|reward| reward.model_id);
		rewards
	}

	/// `who`'s pending (unclaimed), claimed, and total earned rewards.
	pub fn contributor_balance(who: &T::AccountId) -> ContributorBalance<BalanceOf<T>> {
		let pending = Self::contributor_rewards(who)
			.into_iter()
			.fold(BalanceOf::<T>::zero(), |sum, reward| sum.saturating_add(reward.pending));
		let claimed = Contributors::<T>::get(who).claimed;
		ContributorBalance { pending, claimed, earned: pending.saturating_add(claimed) }
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
				model.rewards.pending(&Position { points, checkpoint: Zero::zero() }).ok()
			})
			.fold(Zero::zero(), |sum: BalanceOf<T>, e| sum.saturating_add(e))
	}
}

#[cfg(any(feature = "try-runtime", test))]
impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants:
	/// - every model's points are the sum of its positions' points;
	/// - no position is owed more than its model still holds, and the sum owed in a model fits in
	///   what the model holds (`data_paid − claimed`); the difference is the model's dust;
	/// - the pot holds at least everything the models hold, above the existential deposit;
	/// - every dataset's model count matches the dataset-to-models index.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::ensure;
		let mut owed_per_model = BTreeMap::<ModelId, (u128, BalanceOf<T>)>::new();
		for (_, model_id, position) in Positions::<T>::iter() {
			let model = Models::<T>::get(model_id).ok_or("position in an unknown model")?;
			let owed = model.rewards.pending(&position).map_err(|_| "pending overflows")?;
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
		let pot = T::Currency::balance(&Self::pot_account());
		ensure!(
			pot >= held.saturating_add(T::Currency::minimum_balance()),
			"the pot holds less than the models' unclaimed rewards"
		);

		for (hash, dataset) in Datasets::<T>::iter() {
			let models = DatasetModels::<T>::iter_key_prefix(hash).count() as u32;
			ensure!(dataset.models == models, "dataset model count out of step with the index");
		}
		Ok(())
	}
}
