//! A dataset's licence terms: set at registration, and only ever loosened afterwards. Writes the
//! `terms` of [`Datasets`].

use crate::*;
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	/// Loosens dataset `hash`'s terms for its owner `who`: see [`Pallet::set_dataset_terms`].
	pub(crate) fn do_set_dataset_terms(
		who: T::AccountId,
		hash: DatasetHash,
		terms: LicenceTerms,
	) -> DispatchResult {
		Datasets::<T>::try_mutate(hash, |maybe_dataset| {
			let dataset = maybe_dataset.as_mut().ok_or(Error::<T>::UnknownDataset)?;
			ensure!(dataset.owner == who, Error::<T>::NotOwner);
			ensure!(terms.no_stricter_than(&dataset.terms), Error::<T>::TermsTightened);
			dataset.terms = terms;
			Self::deposit_event(Event::DatasetTermsSet { dataset: hash, terms });
			Ok(())
		})
	}
}
