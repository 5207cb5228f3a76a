//! Registration: datasets and models, and the storage deposits that pay for them.
//!
//! Owns the rules for what may be registered (contributors and their shares, a model's datasets
//! and weights), commit–reveal registration and its precedence window, withdrawal with notice,
//! confirmations, how a model's contributor positions are computed, how a retired model is
//! removed, and how deposits are sized, held and released. Writes [`Commitments`],
//! [`Datasets`], [`Models`], [`NextModelId`], [`Positions`] (at registration),
//! [`DatasetModels`] and [`Reputations`].

use crate::{settlement::part_points, *};
use frame_support::{ensure, pallet_prelude::DispatchResultWithPostInfo, weights::Weight};
use sp_runtime::traits::{BlakeTwo256, Hash as HashT};

/// The positions a model opens at registration, by contributor.
pub(crate) type NewPositions<T> = BTreeMap<<T as frame_system::Config>::AccountId, PositionOf<T>>;

/// The tag that opens a commitment's preimage, so that it is never mistaken for another hash.
pub const COMMITMENT_TAG: [u8; 19] = *b"fairshare/commit/v1";

impl<T: Config> Pallet<T> {
	/// Records `who`'s `commitment`, holding its deposit: see [`Pallet::commit_dataset`].
	pub(crate) fn do_commit_dataset(who: T::AccountId, commitment: H256) -> DispatchResult {
		ensure!(
			!Commitments::<T>::contains_key(&who, commitment),
			Error::<T>::CommitmentAlreadyExists
		);
		let now = frame_system::Pallet::<T>::block_number();
		let mut record = Commitment { committed_at: now, deposit: Zero::zero() };
		record.deposit = Self::deposit_of(Self::commitment_footprint());
		Self::hold(HoldReason::CommitmentDeposit, &who, record.deposit)?;
		let deposit = record.deposit;
		Commitments::<T>::insert(&who, commitment, record);
		let expires_at = now.saturating_add(T::CommitmentLifetime::get());
		Self::deposit_event(Event::DatasetCommitted { who, commitment, deposit, expires_at });
		Ok(())
	}

	/// Removes `who`'s `commitment` at `signer`'s request: see [`Pallet::remove_commitment`].
	pub(crate) fn do_remove_commitment(
		signer: T::AccountId,
		who: T::AccountId,
		commitment: H256,
	) -> DispatchResult {
		let record =
			Commitments::<T>::get(&who, commitment).ok_or(Error::<T>::UnknownCommitment)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			signer == who || Self::commitment_expired(&record, now),
			Error::<T>::CommitmentNotExpired
		);
		Commitments::<T>::remove(&who, commitment);
		Self::release_deposit(HoldReason::CommitmentDeposit, &who, record.deposit)?;
		let deposit = record.deposit;
		Self::deposit_event(Event::CommitmentRemoved { who, commitment, deposit });
		Ok(())
	}

	/// The commitment that `register_dataset(hash, salt, …)` by `owner` reveals:
	/// `blake2_256(SCALE((b"fairshare/commit/v1", hash, owner, salt)))`, that is the tag's 19
	/// bytes (no length prefix), the 32-byte hash, the encoded account id and the 32-byte salt.
	pub fn commitment_of(hash: &DatasetHash, owner: &T::AccountId, salt: &[u8; 32]) -> H256 {
		(COMMITMENT_TAG, hash, owner, salt).using_encoded(<BlakeTwo256 as HashT>::hash)
	}

	fn commitment_expired(record: &CommitmentOf<T>, now: BlockNumberFor<T>) -> bool {
		now > record.committed_at.saturating_add(T::CommitmentLifetime::get())
	}

	/// Registers dataset `hash` for `owner`, revealing its commitment: see
	/// [`Pallet::register_dataset`].
	pub(crate) fn do_register_dataset(
		owner: T::AccountId,
		hash: DatasetHash,
		salt: [u8; 32],
		contributors: Vec<(T::AccountId, Perbill)>,
		metadata: Vec<u8>,
		terms: LicenceTerms,
	) -> DispatchResultWithPostInfo {
		let metadata = Self::bounded_metadata(metadata)?;
		let contributors = Self::validate_contributors(contributors)?;
		let mut displaced_confirmed = 0;
		let commitment = Self::commitment_of(&hash, &owner, &salt);
		let committed =
			Commitments::<T>::take(&owner, commitment).ok_or(Error::<T>::UnknownCommitment)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(committed.committed_at < now, Error::<T>::CommitmentTooRecent);
		ensure!(!Self::commitment_expired(&committed, now), Error::<T>::CommitmentExpired);
		if let Some(existing) = Datasets::<T>::get(hash) {
			ensure!(
				Self::displaceable(&existing, committed.committed_at, now),
				Error::<T>::DatasetAlreadyRegistered
			);
			// The benchmark's `c` counts both the new contributors and the displaced record's
			// confirmed ones, each account but its owner.
			displaced_confirmed = Self::confirmed_accounts(&existing).count().saturating_sub(1);
			Self::displace(hash, existing)?;
		}
		Self::release_deposit(HoldReason::CommitmentDeposit, &owner, committed.deposit)?;

		// An owner that is also a contributor confirms its part by registering.
		let confirmed = contributors
			.iter()
			.position(|(c, _)| *c == owner)
			.map_or(0, DatasetInfoOf::<T>::confirmation_bit);
		let mut dataset = DatasetInfo {
			owner: owner.clone(),
			contributors,
			metadata,
			deposit: Zero::zero(),
			status: DatasetStatus::Active,
			registered_at: now,
			committed_at: committed.committed_at,
			withdrawn_at: None,
			models: 0,
			confirmed,
			rightful: None,
			terms,
		};
		dataset.deposit = Self::deposit_of(Self::dataset_footprint(&dataset));
		Self::hold(HoldReason::DatasetDeposit, &owner, dataset.deposit)?;
		Self::open_reputation(&owner)?;
		Self::note_reputation(&dataset, |reputation| reputation.registered.saturating_inc());

		let (contributors, deposit) = (dataset.contributors.len() as u32, dataset.deposit);
		let metadata_len = dataset.metadata.len() as u32;
		Datasets::<T>::insert(hash, dataset);
		Self::deposit_event(Event::DatasetRegistered {
			dataset: hash,
			owner,
			contributors,
			deposit,
		});
		let walked = contributors.max(displaced_confirmed as u32);
		Ok(Some(T::WeightInfo::register_dataset(walked, metadata_len)).into())
	}

	/// Whether `existing` gives way to a reveal of a commitment made at `committed_at`: it was
	/// registered less than `RevealWindow` blocks ago from a later commitment, and is still
	/// active (nothing can reference it in the window).
	fn displaceable(
		existing: &DatasetInfoOf<T>,
		committed_at: BlockNumberFor<T>,
		now: BlockNumberFor<T>,
	) -> bool {
		existing.status == DatasetStatus::Active
			&& existing.models == 0
			&& Self::registration_pending(existing, now)
			&& committed_at < existing.committed_at
	}

	/// Whether `dataset`'s registration may still be displaced (see [`Config::RevealWindow`]).
	pub(crate) fn registration_pending(dataset: &DatasetInfoOf<T>, now: BlockNumberFor<T>) -> bool {
		now < dataset.registered_at.saturating_add(T::RevealWindow::get())
	}

	/// Fails with `RegistrationPending` while `dataset`'s registration may still be displaced.
	pub(crate) fn ensure_registration_settled(dataset: &DatasetInfoOf<T>) -> Result<(), Error<T>> {
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(!Self::registration_pending(dataset, now), Error::<T>::RegistrationPending);
		Ok(())
	}

	/// Removes the displaced registration `existing` of `hash`: releases its deposit and takes
	/// back the reputation it gave.
	fn displace(hash: DatasetHash, existing: DatasetInfoOf<T>) -> DispatchResult {
		Self::release_deposit(HoldReason::DatasetDeposit, &existing.owner, existing.deposit)?;
		Self::note_reputation(&existing, |reputation| reputation.registered.saturating_dec());
		Datasets::<T>::remove(hash);
		Self::deposit_event(Event::DatasetDisplaced {
			dataset: hash,
			owner: existing.owner,
			deposit: existing.deposit,
		});
		Ok(())
	}

	/// Starts the withdrawal notice of dataset `hash` for its owner `who`: see
	/// [`Pallet::withdraw_dataset`].
	pub(crate) fn do_withdraw_dataset(who: T::AccountId, hash: DatasetHash) -> DispatchResult {
		Datasets::<T>::try_mutate(hash, |maybe_dataset| {
			let dataset = maybe_dataset.as_mut().ok_or(Error::<T>::UnknownDataset)?;
			ensure!(dataset.owner == who, Error::<T>::NotOwner);
			ensure!(dataset.status == DatasetStatus::Active, Error::<T>::DatasetNotActive);
			Self::ensure_registration_settled(dataset)?;
			let now = frame_system::Pallet::<T>::block_number();
			dataset.status = DatasetStatus::Withdrawn;
			dataset.withdrawn_at = Some(now);
			let notice_ends = now.saturating_add(T::ChallengePeriod::get());
			Self::deposit_event(Event::DatasetWithdrawn {
				dataset: hash,
				owner: who.clone(),
				notice_ends,
			});
			Ok(())
		})
	}

	/// Whether withdrawn `dataset` is still within its notice, so that its record must stay.
	pub(crate) fn in_withdrawal_notice(dataset: &DatasetInfoOf<T>, now: BlockNumberFor<T>) -> bool {
		dataset
			.withdrawn_at
			.is_some_and(|at| now < at.saturating_add(T::ChallengePeriod::get()))
	}

	/// Removes withdrawn dataset `hash` once its notice is over and no model references it:
	/// see [`Pallet::finish_withdraw_dataset`].
	pub(crate) fn do_finish_withdraw_dataset(hash: DatasetHash) -> DispatchResult {
		let dataset = Datasets::<T>::get(hash).ok_or(Error::<T>::UnknownDataset)?;
		ensure!(dataset.status == DatasetStatus::Withdrawn, Error::<T>::NotWithdrawn);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(!Self::in_withdrawal_notice(&dataset, now), Error::<T>::NoticeNotOver);
		ensure!(dataset.models == 0, Error::<T>::DatasetInUse);
		Datasets::<T>::remove(hash);
		DatasetOwnershipOffers::<T>::remove(hash);
		Self::release_deposit(HoldReason::DatasetDeposit, &dataset.owner, dataset.deposit)?;
		Self::deposit_event(Event::DatasetRemoved {
			dataset: hash,
			owner: dataset.owner,
			deposit: dataset.deposit,
		});
		Ok(())
	}

	/// Confirms `who`'s part in dataset `hash`: see [`Pallet::confirm_contribution`].
	pub(crate) fn do_confirm_contribution(who: T::AccountId, hash: DatasetHash) -> DispatchResult {
		let mut dataset = Datasets::<T>::get(hash).ok_or(Error::<T>::UnknownDataset)?;
		let index = dataset
			.contributors
			.iter()
			.position(|(c, _)| *c == who)
			.ok_or(Error::<T>::NotContributor)?;
		ensure!(!dataset.is_confirmed(index), Error::<T>::AlreadyConfirmed);
		dataset.confirmed |= DatasetInfoOf::<T>::confirmation_bit(index);
		Self::open_reputation(&who)?;
		// The confirmation takes the dataset's record as it stands, rulings included.
		let (challenged, slashed) = match dataset.status {
			DatasetStatus::Challenged => (1, 0),
			DatasetStatus::Slashed | DatasetStatus::Reattributed => (1, 1),
			DatasetStatus::Active | DatasetStatus::Withdrawn => (0, 0),
		};
		// The owner's reputation already counts the dataset.
		if who != dataset.owner {
			Reputations::<T>::mutate(&who, |reputation| {
				reputation.registered.saturating_inc();
				reputation.challenged.saturating_accrue(challenged);
				reputation.slashed.saturating_accrue(slashed);
			});
		}
		Datasets::<T>::insert(hash, dataset);
		Self::deposit_event(Event::ContributionConfirmed { dataset: hash, contributor: who });
		Ok(())
	}

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
		let actual_weight = T::WeightInfo::register_model(
			model.datasets.len() as u32,
			max_contributors,
			model.metadata.len() as u32,
		)
		.saturating_add(Self::parents_weight(model.parents.len() as u32, model.ancestors));
		let deposit = model.deposit;
		Models::<T>::insert(model_id, model);
		NextModelId::<T>::put(next_id);

		Self::deposit_event(Event::ModelRegistered { model_id, owner, positions: opened, deposit });
		Ok(Some(actual_weight).into())
	}

	/// Sets the price of `who`'s active model `model_id`: see [`Pallet::set_model_price`].
	pub(crate) fn do_set_model_price(
		who: T::AccountId,
		model_id: ModelId,
		price_per_query: BalanceOf<T>,
	) -> DispatchResult {
		Self::mutate_owned_active_model(&who, model_id, |model| {
			Self::ensure_commercial_use(&model.terms, price_per_query)?;
			model.price_per_query = price_per_query;
			Ok(())
		})?;
		Self::deposit_event(Event::ModelPriceSet { model_id, price_per_query });
		Ok(())
	}

	/// Retires `who`'s active model `model_id`: see [`Pallet::retire_model`].
	pub(crate) fn do_retire_model(who: T::AccountId, model_id: ModelId) -> DispatchResult {
		Self::mutate_owned_active_model(&who, model_id, |model| {
			model.status = ModelStatus::Retired;
			Ok(())
		})?;
		Self::deposit_event(Event::ModelRetired { model_id });
		Ok(())
	}

	/// Removes retired model `model_id`, none of whose positions is left: see
	/// [`Pallet::remove_retired_model`]. Its weight counts the datasets and parents it named.
	pub(crate) fn do_remove_retired_model(model_id: ModelId) -> DispatchResultWithPostInfo {
		let (datasets, parents) = Self::remove_retired_model_record(model_id)?;
		// Each parent is read and written once, as at registration.
		let parents_weight = if parents == 0 {
			Weight::zero()
		} else {
			T::WeightInfo::register_model_parents(parents)
		};
		Ok(Some(T::WeightInfo::remove_retired_model(datasets).saturating_add(parents_weight))
			.into())
	}

	/// The removal itself; returns how many datasets and parents the model named.
	fn remove_retired_model_record(model_id: ModelId) -> Result<(u32, u32), DispatchError> {
		let mut model = Models::<T>::get(model_id).ok_or(Error::<T>::UnknownModel)?;
		ensure!(model.status == ModelStatus::Retired, Error::<T>::ModelNotRetired);
		ensure!(model.derivatives == 0, Error::<T>::DerivativesRemain);
		ensure!(model.positions == 0, Error::<T>::PositionsRemain);
		// The record goes: what it still holds for the owner and the protocol is paid first, and
		// the record stays while any of it cannot be.
		Self::pay_model_revenue(model_id, &mut model)?;
		ensure!(model.revenue.total().is_zero(), Error::<T>::RevenueUndeliverable);
		for hash in Self::paid_datasets(&model) {
			DatasetModels::<T>::remove(hash, model_id);
			Datasets::<T>::mutate(hash, |dataset| {
				if let Some(dataset) = dataset {
					dataset.models.saturating_dec();
				}
			});
		}
		Self::note_derivative(&model.parents, |count| count.saturating_dec());
		Models::<T>::remove(model_id);
		ModelOwnershipOffers::<T>::remove(model_id);
		Self::release_deposit(HoldReason::ModelDeposit, &model.owner, model.deposit)?;
		let named = (model.datasets.len() as u32, model.parents.len() as u32);
		Self::deposit_event(Event::ModelRemoved {
			model_id,
			owner: model.owner,
			deposit: model.deposit,
		});
		Ok(named)
	}

	/// The datasets `model` pays through: those of positive weight, which the dataset-to-models
	/// index lists.
	pub(crate) fn paid_datasets(model: &ModelInfoOf<T>) -> impl Iterator<Item = &DatasetHash> {
		model.datasets.iter().filter(|(_, weight)| *weight > 0).map(|(hash, _)| hash)
	}

	pub(crate) fn bounded_metadata<S: Get<u32>>(
		metadata: Vec<u8>,
	) -> Result<BoundedVec<u8, S>, Error<T>> {
		metadata.try_into().map_err(|_| Error::<T>::MetadataTooLong)
	}

	/// Checks a dataset's contributors: at most `MaxContributors`, at least one, distinct, each
	/// share positive, and the shares summing to exactly 100%.
	pub(crate) fn validate_contributors(
		contributors: Vec<(T::AccountId, Perbill)>,
	) -> Result<ContributorsOf<T>, Error<T>> {
		let contributors: ContributorsOf<T> =
			contributors.try_into().map_err(|_| Error::<T>::TooManyContributors)?;
		ensure_nonempty_distinct(
			&contributors,
			Error::<T>::NoContributors,
			Error::<T>::DuplicateContributor,
		)?;
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
		f: impl FnOnce(&mut ModelInfoOf<T>) -> Result<R, DispatchError>,
	) -> Result<R, DispatchError> {
		Models::<T>::try_mutate(model_id, |maybe_model| {
			let model = maybe_model.as_mut().ok_or(Error::<T>::UnknownModel)?;
			frame_support::ensure!(&model.owner == who, Error::<T>::NotOwner);
			frame_support::ensure!(model.status == ModelStatus::Active, Error::<T>::ModelNotActive);
			f(model)
		})
	}

	/// The accounts that signed for `dataset`: its owner, then each contributor that confirmed
	/// its part and is not the owner. Only they answer for it: its reputation counts for them,
	/// and they may not challenge it.
	pub(crate) fn confirmed_accounts(
		dataset: &DatasetInfoOf<T>,
	) -> impl Iterator<Item = &T::AccountId> {
		let owner = &dataset.owner;
		let confirmed = dataset
			.contributors
			.iter()
			.enumerate()
			.filter(move |(i, (who, _))| dataset.is_confirmed(*i) && who != owner)
			.map(|(_, (who, _))| who);
		core::iter::once(owner).chain(confirmed)
	}

	/// Applies `f` to the reputation of every account that signed for `dataset` (see
	/// [`Self::confirmed_accounts`]). Their records exist: registering or confirming opens
	/// them.
	pub(crate) fn note_reputation(dataset: &DatasetInfoOf<T>, f: impl Fn(&mut Reputation)) {
		for account in Self::confirmed_accounts(dataset) {
			Reputations::<T>::mutate(account, |reputation| f(reputation));
		}
	}

	/// Opens `who`'s reputation record unless it exists, holding its deposit for as long as it
	/// exists (reputation is history: it is never removed).
	pub(crate) fn open_reputation(who: &T::AccountId) -> DispatchResult {
		if Reputations::<T>::contains_key(who) {
			return Ok(());
		}
		let deposit = Self::deposit_of(Self::reputation_footprint());
		Self::hold(HoldReason::ReputationDeposit, who, deposit)?;
		Reputations::<T>::insert(who, Reputation::default());
		Ok(())
	}
}

/// Fails with `empty` for no items and with `duplicate` if two items share a key.
pub(crate) fn ensure_nonempty_distinct<K: Ord, V, E>(
	items: &[(K, V)],
	empty: E,
	duplicate: E,
) -> Result<(), E> {
	ensure!(!items.is_empty(), empty);
	ensure_distinct(items, duplicate)
}

/// Fails with `duplicate` if two items share a key.
pub(crate) fn ensure_distinct<K: Ord, V, E>(items: &[(K, V)], duplicate: E) -> Result<(), E> {
	let mut keys: Vec<&K> = items.iter().map(|(k, _)| k).collect();
	keys.sort();
	ensure!(!keys.windows(2).any(|pair| pair[0] == pair[1]), duplicate);
	Ok(())
}
