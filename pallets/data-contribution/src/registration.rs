//! Registration: datasets and models, and the storage deposits that pay for them.
//!
//! Owns the rules for what may be registered (contributors and their shares, a model's datasets
//! and weights), how a model's contributor positions are computed, and how deposits are sized,
//! held and released. Writes [`Datasets`], [`Models`], [`NextModelId`], [`Positions`] (at
//! registration), [`DatasetModels`] and [`Reputations`].

use crate::{settlement::part_points, *};
use frame_support::{ensure, pallet_prelude::DispatchResultWithPostInfo};

impl<T: Config> Pallet<T> {
	/// Registers dataset `hash` for `owner`: see [`Pallet::register_dataset`].
	pub(crate) fn do_register_dataset(
		owner: T::AccountId,
		hash: DatasetHash,
		contributors: Vec<(T::AccountId, Perbill)>,
		metadata: Vec<u8>,
	) -> DispatchResult {
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

	/// Withdraws dataset `hash` for its owner `who`: see [`Pallet::withdraw_dataset`].
	pub(crate) fn do_withdraw_dataset(
		who: T::AccountId,
		hash: DatasetHash,
	) -> DispatchResult {
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

	/// Registers a model owned by `owner`: see [`Pallet::register_model`].
	pub(crate) fn do_register_model(
		owner: T::AccountId,
		datasets: Vec<(DatasetHash, AttributionWeight)>,
		price_per_query: BalanceOf<T>,
		owner_share: Perbill,
		metadata: Vec<u8>,
	) -> DispatchResultWithPostInfo {
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

	/// The storage deposit for `bytes` bytes: `DepositBase + DepositPerByte × bytes`. The one rule
	/// for both datasets and models.
	pub fn deposit_for(bytes: usize) -> Result<BalanceOf<T>, Error<T>> {
		let bytes = BalanceOf::<T>::from(u32::try_from(bytes).map_err(|_| Error::<T>::Overflow)?);
		T::DepositPerByte::get()
			.checked_mul(&bytes)
			.and_then(|per_byte| per_byte.checked_add(&T::DepositBase::get()))
			.ok_or(Error::<T>::Overflow)
	}

	/// The bytes a stored `position` takes: its key (the pallet and item prefixes, the
	/// `Blake2_128Concat` account and the `Twox64Concat` model id) and its value.
	pub(crate) fn position_storage_bytes(position: &PositionOf<T>) -> usize {
		use codec::MaxEncodedLen;
		let prefixes = 16 + 16;
		let account = 16 + T::AccountId::max_encoded_len();
		let model_id = 8 + ModelId::max_encoded_len();
		prefixes + account + model_id + position.encoded_size()
	}

	pub(crate) fn bounded_metadata<S: Get<u32>>(metadata: Vec<u8>) -> Result<BoundedVec<u8, S>, Error<T>> {
		metadata.try_into().map_err(|_| Error::<T>::MetadataTooLong)
	}

	/// Checks a dataset's contributors: at most `MaxContributors`, at least one, distinct, each
	/// share positive, and the shares summing to exactly 100%.
	pub(crate) fn validate_contributors(
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
	pub(crate) fn validate_model_datasets(
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
	pub(crate) fn positions_for(
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
	pub(crate) fn mutate_owned_active_model<R>(
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

	pub(crate) fn release_deposit(
		reason: HoldReason,
		who: &T::AccountId,
		deposit: BalanceOf<T>,
	) -> DispatchResult {
		T::Currency::release(&reason.into(), who, deposit, Precision::Exact).map(|_| ())
	}

	/// The accounts a dataset names: its owner, then each contributor that is not the owner.
	pub(crate) fn dataset_accounts(dataset: &DatasetInfoOf<T>) -> impl Iterator<Item = &T::AccountId> {
		let owner = &dataset.owner;
		core::iter::once(owner)
			.chain(dataset.contributors.iter().map(|(who, _)| who).filter(move |who| *who != owner))
	}

	/// Applies `f` to the reputation of every account that `dataset` names.
	pub(crate) fn note_reputation(dataset: &DatasetInfoOf<T>, f: impl Fn(&mut Reputation)) {
		for account in Self::dataset_accounts(dataset) {
			Reputations::<T>::mutate(account, |reputation| f(reputation));
		}
	}
}

/// Fails with `empty` for no items and with `duplicate` if two items share a key.
pub(crate) fn ensure_nonempty_distinct<K: Ord, V, E>(
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
