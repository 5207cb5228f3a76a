//! Models: registration over datasets (and, for a fine-tune, over parent models), and the
//! contributor positions that registration opens.
//!
//! Owns the rules for a model's datasets and weights and how each contributor's position is
//! computed from them. Price, retirement and removal are in [`lifecycle`], parents, royalties
//! and licence terms in [`lineage`]. Writes [`Models`], [`NextModelId`], [`Positions`] (at
//! registration) and [`DatasetModels`].

mod lifecycle;
pub(crate) mod lineage;

use crate::{checks::ensure_nonempty_distinct, settlement::part_points, *};
use frame_support::pallet_prelude::DispatchResultWithPostInfo;

/// The positions a model opens at registration, by contributor.
pub(crate) type NewPositions<T> = BTreeMap<<T as frame_system::Config>::AccountId, Position<T>>;

impl<T: Config> Pallet<T> {
	/// Registers a model owned by `owner`: see [`Pallet::register_model`].
	pub(crate) fn do_register_model(
		owner: T::AccountId,
		datasets: Vec<(DatasetHash, AttributionWeight)>,
		parents: Vec<(ModelId, Perbill)>,
		price_per_query: BalanceOf<T>,
		owner_share: Perbill,
		metadata: Vec<u8>,
	) -> DispatchResultWithPostInfo {
		let metadata = Self::bounded_metadata(metadata)?;
		let datasets = Self::validate_model_datasets(datasets)?;
		let (positions, max_contributors, dataset_terms) = Self::positions_for(&datasets)?;
		let lineage = Self::validate_parents(parents, &dataset_terms)?;
		let terms = dataset_terms.and(&lineage.terms);
		Self::ensure_terms_kept(&terms, price_per_query, owner_share, &lineage)?;
		let total_points = positions.values().try_fold(0u128, |sum, p| sum.checked_add(p.points));
		let total_points = total_points.ok_or(ArithmeticError::Overflow)?;

		let model_id = NextModelId::<T>::get();
		let next_id = model_id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let mut model = ModelInfo {
			owner: owner.clone(),
			datasets,
			price_per_query,
			owner_share,
			metadata,
			deposit: Zero::zero(),
			status: ModelStatus::Active,
			positions: positions.len() as u32,
			queries_served: 0,
			total_paid: Zero::zero(),
			rewards: RewardPool::new(total_points),
			revenue: ModelRevenue::new(),
			parents: lineage.parents,
			ancestors: lineage.ancestors,
			derivatives: 0,
			terms,
			royalties_received: Zero::zero(),
		};
		model.deposit = Self::deposit_of(Self::model_footprint(&model, positions.values()));
		Self::hold(HoldReason::ModelDeposit, &owner, model.deposit)?;

		// Only the datasets the model pays are indexed and counted: a reference of weight zero
		// earns nothing and must not keep a withdrawn dataset's record (and deposit) in place.
		for hash in Self::paid_datasets(&model) {
			DatasetModels::<T>::insert(hash, model_id, ());
			Datasets::<T>::mutate(hash, |d| {
				if let Some(d) = d {
					d.models.saturating_inc()
				}
			});
		}
		Self::note_derivative(&model.parents, |count| count.saturating_inc());
		let opened = positions.len() as u32;
		for (contributor, mut position) in positions {
			position.checkpoint = model.rewards.checkpoint();
			Positions::<T>::insert(&contributor, model_id, position);
		}
		let actual_weight = Self::register_model_weight(
			model.datasets.len() as u32,
			max_contributors,
			model.metadata.len() as u32,
			model.parents.len() as u32,
			model.ancestors,
		);
		let event = Event::ModelRegistered {
			model_id,
			owner,
			positions: opened,
			deposit: model.deposit,
			datasets: model.datasets.clone(),
			parents: model.parents.clone(),
			owner_share: model.owner_share,
			price_per_query: model.price_per_query,
		};
		Models::<T>::insert(model_id, model);
		NextModelId::<T>::put(next_id);
		Self::deposit_event(event);
		Ok(Some(actual_weight).into())
	}

	/// The datasets `model` pays through: those of positive weight, which the dataset-to-models
	/// index lists.
	pub(crate) fn paid_datasets(model: &ModelInfo<T>) -> impl Iterator<Item = &DatasetHash> {
		model.datasets.iter().filter(|(_, weight)| *weight > 0).map(|(hash, _)| hash)
	}

	/// Checks a model's datasets: at most `MaxDatasetsPerModel`, at least one, distinct, each
	/// registered and active, and the weights not all zero.
	pub(crate) fn validate_model_datasets(
		datasets: Vec<(DatasetHash, AttributionWeight)>,
	) -> Result<ModelDatasetsOf<T>, Error<T>> {
		let datasets: ModelDatasetsOf<T> =
			datasets.try_into().map_err(|_| Error::<T>::TooManyDatasets)?;
		ensure_nonempty_distinct(&datasets, Error::<T>::NoDatasets, Error::<T>::DuplicateDataset)?;
		frame_support::ensure!(datasets.iter().any(|(_, w)| *w > 0), Error::<T>::ZeroWeight);
		Ok(datasets)
	}

	/// Each contributor's position in a model over `datasets`: `Σ_d w_d × share(c, d)` points,
	/// with shares in parts per billion, and the parts they come from; checkpoints are left at
	/// zero. Contributors with no points (all their datasets weigh 0) get none. Also returns the
	/// largest contributor count among the datasets, which the weight uses, and the stricter of
	/// each term over all the datasets (weight 0 included: the model was trained on them).
	pub(crate) fn positions_for(
		datasets: &[(DatasetHash, AttributionWeight)],
	) -> Result<(NewPositions<T>, u32, LicenceTerms), DispatchError> {
		let mut records = Vec::with_capacity(datasets.len());
		let mut max_contributors = 0;
		let mut terms = LicenceTerms::permissive();
		for (hash, weight) in datasets {
			let dataset = Datasets::<T>::get(hash).ok_or(Error::<T>::UnknownDataset)?;
			frame_support::ensure!(
				dataset.status == DatasetStatus::Active,
				Error::<T>::DatasetNotActive
			);
			Self::ensure_registration_settled(&dataset)?;
			max_contributors = max_contributors.max(dataset.contributors.len() as u32);
			terms = terms.and(&dataset.terms);
			records.push((*weight, dataset.contributors));
		}
		Ok((Self::positions_of(records)?, max_contributors, terms))
	}

	/// The positions that a model paying `datasets` (each with its attribution weight and its
	/// contributors, in the model's order) opens: one per contributor, with a part per dataset
	/// of weight above zero that names it.
	pub(crate) fn positions_of<C>(
		datasets: impl IntoIterator<Item = (AttributionWeight, C)>,
	) -> Result<NewPositions<T>, DispatchError>
	where
		C: IntoIterator<Item = (T::AccountId, Perbill)>,
	{
		let mut positions = NewPositions::<T>::new();
		for (index, (weight, contributors)) in datasets.into_iter().enumerate() {
			if weight == 0 {
				continue;
			}
			for (contributor, share) in contributors {
				let position = positions.entry(contributor).or_insert_with(|| Position {
					points: 0,
					checkpoint: Zero::zero(),
					parts: BoundedVec::new(),
				});
				position.points = position
					.points
					.checked_add(part_points(weight, share))
					.ok_or(ArithmeticError::Overflow)?;
				// A model has at most `MaxDatasetsPerModel` datasets, so the parts fit.
				let part = DatasetPart { index: index as u32, share };
				position.parts.try_push(part).map_err(|_| Error::<T>::TooManyDatasets)?;
			}
		}
		Ok(positions)
	}

	/// Applies `f` to model `model_id` if `who` owns it and it is active; writes it back only if
	/// `f` succeeds.
	pub(crate) fn mutate_owned_active_model<R>(
		who: &T::AccountId,
		model_id: ModelId,
		f: impl FnOnce(&mut ModelInfo<T>) -> Result<R, DispatchError>,
	) -> Result<R, DispatchError> {
		Models::<T>::try_mutate(model_id, |maybe_model| {
			let model = maybe_model.as_mut().ok_or(Error::<T>::UnknownModel)?;
			frame_support::ensure!(&model.owner == who, Error::<T>::NotOwner);
			frame_support::ensure!(model.status == ModelStatus::Active, Error::<T>::ModelNotActive);
			f(model)
		})
	}
}
