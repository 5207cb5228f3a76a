//! Ownership transfer of datasets and models, in two steps: the owner offers, the new owner
//! accepts. A typo in the offer loses nothing: only the named account can accept, and the owner
//! may replace or withdraw the offer until then.
//!
//! At acceptance the record's deposit moves with it: the new owner holds the same amount, and
//! the old owner's is released, so nobody pays for storage they no longer control. A model's
//! revenue waiting for its owner is paid to the old owner first: what was earned before the
//! transfer stays the old owner's. Writes [`DatasetOwnershipOffers`], [`ModelOwnershipOffers`],
//! the `owner` of [`Datasets`] and [`Models`], and [`Reputations`] (a dataset's count moves to
//! its new owner, who answers for it from then on).

use crate::*;
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	/// Offers dataset `hash` to `new_owner`, or withdraws the offer when `new_owner` is the
	/// owner: see [`Pallet::offer_dataset_ownership`].
	pub(crate) fn do_offer_dataset_ownership(
		who: T::AccountId,
		hash: DatasetHash,
		new_owner: T::AccountId,
	) -> DispatchResult {
		let dataset = Datasets::<T>::get(hash).ok_or(Error::<T>::UnknownDataset)?;
		ensure!(dataset.owner == who, Error::<T>::NotOwner);
		if new_owner == who {
			ensure!(
				DatasetOwnershipOffers::<T>::take(hash).is_some(),
				Error::<T>::NoOwnershipOffer
			);
			Self::deposit_event(Event::DatasetOwnershipOfferWithdrawn { dataset: hash });
			return Ok(());
		}
		Self::ensure_transferable(&dataset)?;
		DatasetOwnershipOffers::<T>::insert(hash, &new_owner);
		Self::deposit_event(Event::DatasetOwnershipOffered {
			dataset: hash,
			owner: who,
			new_owner,
		});
		Ok(())
	}

	/// `who` accepts the offer of dataset `hash`: see [`Pallet::accept_dataset_ownership`].
	pub(crate) fn do_accept_dataset_ownership(
		who: T::AccountId,
		hash: DatasetHash,
	) -> DispatchResult {
		Self::ensure_offered(DatasetOwnershipOffers::<T>::get(hash), &who)?;
		let mut dataset = Datasets::<T>::get(hash).ok_or(Error::<T>::UnknownDataset)?;
		Self::ensure_transferable(&dataset)?;
		Self::move_deposit(HoldReason::DatasetDeposit, &dataset.owner, &who, dataset.deposit)?;
		// The dataset's count moves with it, so that passing it back and forth inflates nobody's
		// reputation: the new owner answers for it from now on (unless it already did, as a
		// confirmed contributor), the old owner no more (unless it still does, likewise). What
		// rulings counted before stays with whoever answered then.
		if !Self::confirmed_contributor(&dataset, &who) {
			Self::open_reputation(&who)?;
			Reputations::<T>::mutate(&who, |reputation| reputation.registered.saturating_inc());
		}
		if !Self::confirmed_contributor(&dataset, &dataset.owner) {
			Reputations::<T>::mutate(&dataset.owner, |reputation| {
				reputation.registered.saturating_dec()
			});
		}
		let old_owner = core::mem::replace(&mut dataset.owner, who.clone());
		let deposit = dataset.deposit;
		Datasets::<T>::insert(hash, dataset);
		DatasetOwnershipOffers::<T>::remove(hash);
		Self::deposit_event(Event::DatasetOwnershipTransferred {
			dataset: hash,
			old_owner,
			new_owner: who,
			deposit,
		});
		Ok(())
	}

	/// Offers model `model_id` to `new_owner`, or withdraws the offer when `new_owner` is the
	/// owner: see [`Pallet::offer_model_ownership`].
	pub(crate) fn do_offer_model_ownership(
		who: T::AccountId,
		model_id: ModelId,
		new_owner: T::AccountId,
	) -> DispatchResult {
		let model = Models::<T>::get(model_id).ok_or(Error::<T>::UnknownModel)?;
		ensure!(model.owner == who, Error::<T>::NotOwner);
		if new_owner == who {
			ensure!(
				ModelOwnershipOffers::<T>::take(model_id).is_some(),
				Error::<T>::NoOwnershipOffer
			);
			Self::deposit_event(Event::ModelOwnershipOfferWithdrawn { model_id });
			return Ok(());
		}
		ModelOwnershipOffers::<T>::insert(model_id, &new_owner);
		Self::deposit_event(Event::ModelOwnershipOffered { model_id, owner: who, new_owner });
		Ok(())
	}

	/// `who` accepts the offer of model `model_id`: see [`Pallet::accept_model_ownership`].
	pub(crate) fn do_accept_model_ownership(
		who: T::AccountId,
		model_id: ModelId,
	) -> DispatchResult {
		Self::ensure_offered(ModelOwnershipOffers::<T>::get(model_id), &who)?;
		let mut model = Models::<T>::get(model_id).ok_or(Error::<T>::UnknownModel)?;
		// What the model earned for its owner until now is the old owner's.
		Self::pay_model_revenue(model_id, &mut model)?;
		ensure!(model.revenue.owner.is_zero(), Error::<T>::RevenueUndeliverable);
		Self::move_deposit(HoldReason::ModelDeposit, &model.owner, &who, model.deposit)?;
		let old_owner = core::mem::replace(&mut model.owner, who.clone());
		let deposit = model.deposit;
		Models::<T>::insert(model_id, model);
		ModelOwnershipOffers::<T>::remove(model_id);
		Self::deposit_event(Event::ModelOwnershipTransferred {
			model_id,
			old_owner,
			new_owner: who,
			deposit,
		});
		Ok(())
	}

	/// Whether `who` is one of `dataset`'s contributors and confirmed its part.
	fn confirmed_contributor(dataset: &DatasetInfoOf<T>, who: &T::AccountId) -> bool {
		dataset
			.contributors
			.iter()
			.enumerate()
			.any(|(i, (c, _))| c == who && dataset.is_confirmed(i))
	}

	/// Fails unless `offer` names `who`.
	fn ensure_offered(offer: Option<T::AccountId>, who: &T::AccountId) -> DispatchResult {
		let offered = offer.ok_or(Error::<T>::NoOwnershipOffer)?;
		ensure!(&offered == who, Error::<T>::NotOfferedOwner);
		Ok(())
	}

	/// A dataset changes hands only while active or withdrawn, and once its registration can
	/// no longer be displaced: never under a challenge (whose ruling slashes the owner's
	/// deposit) or after a ruling.
	fn ensure_transferable(dataset: &DatasetInfoOf<T>) -> DispatchResult {
		ensure!(
			matches!(dataset.status, DatasetStatus::Active | DatasetStatus::Withdrawn),
			Error::<T>::DatasetNotTransferable
		);
		Self::ensure_registration_settled(dataset)?;
		Ok(())
	}

	/// The bytes a dataset's ownership offer takes: the prefixes, the `Blake2_128Concat` hash
	/// and the offered account. Counted in the dataset's deposit: it has at most one offer.
	pub(crate) fn dataset_offer_storage_bytes() -> usize {
		use codec::MaxEncodedLen;
		Self::offer_storage_bytes(16 + DatasetHash::max_encoded_len())
	}

	/// The bytes a model's ownership offer takes: the prefixes, the `Twox64Concat` model id and
	/// the offered account. Counted in the model's deposit: it has at most one offer.
	pub(crate) fn model_offer_storage_bytes() -> usize {
		use codec::MaxEncodedLen;
		Self::offer_storage_bytes(8 + ModelId::max_encoded_len())
	}

	/// The bytes an offer under a hashed key of `hashed_key_len` bytes takes.
	fn offer_storage_bytes(hashed_key_len: usize) -> usize {
		use codec::MaxEncodedLen;
		16 + 16 + hashed_key_len + T::AccountId::max_encoded_len()
	}
}
