//! Confirmations and reputation: a contributor confirms its part in a dataset, and the accounts
//! that signed for a dataset (its owner and its confirmed contributors) answer for it in their
//! reputation records. Writes the `confirmed` mask of [`Datasets`] and [`Reputations`].

use crate::*;
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	/// Confirms `who`'s part in dataset `hash`: see [`Pallet::confirm_contribution`].
	pub(crate) fn do_confirm_contribution(who: T::AccountId, hash: DatasetHash) -> DispatchResult {
		let mut dataset = Datasets::<T>::get(hash).ok_or(Error::<T>::UnknownDataset)?;
		let index = dataset
			.contributors
			.iter()
			.position(|(c, _)| *c == who)
			.ok_or(Error::<T>::NotContributor)?;
		ensure!(!dataset.is_confirmed(index), Error::<T>::AlreadyConfirmed);
		dataset.confirmed |= DatasetInfo::<T>::confirmation_bit(index);
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

	/// The accounts that signed for `dataset`: its owner, then each contributor that confirmed
	/// its part and is not the owner. Only they answer for it: its reputation counts for them,
	/// and they may not challenge it.
	pub(crate) fn confirmed_accounts(
		dataset: &DatasetInfo<T>,
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
	pub(crate) fn note_reputation(dataset: &DatasetInfo<T>, f: impl Fn(&mut Reputation)) {
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
