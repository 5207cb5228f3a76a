//! Datasets: registration by commit and reveal, withdrawal with notice, and the records that
//! name a dataset's contributors and their shares.
//!
//! Owns the rules for what may be registered (contributors and their shares), the precedence
//! window in which an earlier commitment displaces a registration, and withdrawal: a notice
//! during which the dataset may still be challenged, then removal once no model uses it.
//! Commitments are in [`commit`], confirmations and reputation in [`confirm`], licence terms in
//! [`terms`]. Writes [`Datasets`] and [`Reputations`].

mod commit;
mod confirm;
mod terms;

pub use commit::COMMITMENT_TAG;

use crate::{checks::ensure_nonempty_distinct, *};
use frame_support::{ensure, pallet_prelude::DispatchResultWithPostInfo};

impl<T: Config> Pallet<T> {
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
			.map_or(0, DatasetInfo::<T>::confirmation_bit);
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
		let shares = dataset.contributors.clone();
		Datasets::<T>::insert(hash, dataset);
		Self::deposit_event(Event::DatasetRegistered {
			dataset: hash,
			owner,
			contributors,
			deposit,
			shares,
		});
		let walked = contributors.max(displaced_confirmed as u32);
		Ok(Some(T::WeightInfo::register_dataset(walked, metadata_len)).into())
	}

	/// Whether `existing` gives way to a reveal of a commitment made at `committed_at`: it was
	/// registered less than `RevealWindow` blocks ago from a later commitment, and is still
	/// active (nothing can reference it in the window).
	fn displaceable(
		existing: &DatasetInfo<T>,
		committed_at: BlockNumberFor<T>,
		now: BlockNumberFor<T>,
	) -> bool {
		existing.status == DatasetStatus::Active
			&& existing.models == 0
			&& Self::registration_pending(existing, now)
			&& committed_at < existing.committed_at
	}

	/// Whether `dataset`'s registration may still be displaced (see [`Config::RevealWindow`]).
	pub(crate) fn registration_pending(dataset: &DatasetInfo<T>, now: BlockNumberFor<T>) -> bool {
		now < dataset.registered_at.saturating_add(T::RevealWindow::get())
	}

	/// Fails with `RegistrationPending` while `dataset`'s registration may still be displaced.
	pub(crate) fn ensure_registration_settled(dataset: &DatasetInfo<T>) -> Result<(), Error<T>> {
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(!Self::registration_pending(dataset, now), Error::<T>::RegistrationPending);
		Ok(())
	}

	/// Removes the displaced registration `existing` of `hash`: releases its deposit and takes
	/// back the reputation it gave.
	fn displace(hash: DatasetHash, existing: DatasetInfo<T>) -> DispatchResult {
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
	pub(crate) fn in_withdrawal_notice(dataset: &DatasetInfo<T>, now: BlockNumberFor<T>) -> bool {
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
}
