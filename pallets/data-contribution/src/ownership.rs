//! Ownership transfer of datasets and models, in two steps: the owner offers, the new owner
//! accepts. A typo in the offer loses nothing: only the named account can accept, and the owner
//! may replace or withdraw the offer until then.
//!
//! One mechanism serves both: [`Owned`] says, for each kind of record, where it and its offer
//! are stored, when it may change hands, and what else moves with it. At acceptance the record's
//! deposit moves with it: the new owner holds the same amount, and the old owner's is released,
//! so nobody pays for storage they no longer control. A model's revenue waiting for its owner is
//! paid to the old owner first: what was earned before the transfer stays the old owner's. A
//! dataset's reputation count moves to its new owner, who answers for it from then on. Writes
//! [`DatasetOwnershipOffers`], [`ModelOwnershipOffers`], the `owner` of [`Datasets`] and
//! [`Models`], and [`Reputations`].

use crate::*;
use frame_support::ensure;

/// A kind of record that changes hands by offer and acceptance.
pub(crate) trait Owned<T: Config> {
	/// The record's key.
	type Id: Clone;
	/// The stored record.
	type Record;
	/// Why its deposit is held.
	const DEPOSIT: HoldReason;

	/// The record, or the error for an unknown one.
	fn get(id: &Self::Id) -> Result<Self::Record, DispatchError>;
	/// Writes the record back.
	fn put(id: &Self::Id, record: Self::Record);
	/// The record's owner.
	fn owner(record: &Self::Record) -> &T::AccountId;
	/// Gives the record a new owner, returning the old one.
	fn set_owner(record: &mut Self::Record, owner: T::AccountId) -> T::AccountId;
	/// The deposit held for the record.
	fn deposit(record: &Self::Record) -> BalanceOf<T>;
	/// The account the record is offered to, if any.
	fn offer(id: &Self::Id) -> Option<T::AccountId>;
	/// Records the offer to `to`, or removes it with `None`; says whether one was there.
	fn set_offer(id: &Self::Id, to: Option<&T::AccountId>) -> bool;
	/// Fails unless the record may change hands now.
	fn ensure_transferable(record: &Self::Record) -> DispatchResult;
	/// What moves with the record to `new_owner`, before its owner changes.
	fn hand_over(
		id: &Self::Id,
		record: &mut Self::Record,
		new_owner: &T::AccountId,
	) -> DispatchResult;
	/// The event of an offer to `new_owner`.
	fn offered(id: Self::Id, owner: T::AccountId, new_owner: T::AccountId) -> Event<T>;
	/// The event of a withdrawn offer.
	fn withdrawn(id: Self::Id) -> Event<T>;
	/// The event of a transfer.
	fn transferred(
		id: Self::Id,
		old_owner: T::AccountId,
		new_owner: T::AccountId,
		deposit: BalanceOf<T>,
	) -> Event<T>;
}

/// Datasets, by content hash.
pub(crate) struct DatasetOwnership;

/// Models, by id.
pub(crate) struct ModelOwnership;

impl<T: Config> Pallet<T> {
	/// Offers `id` to `new_owner`, or withdraws the offer when `new_owner` is the owner: see
	/// [`Pallet::offer_dataset_ownership`] and [`Pallet::offer_model_ownership`].
	pub(crate) fn do_offer_ownership<O: Owned<T>>(
		who: T::AccountId,
		id: O::Id,
		new_owner: T::AccountId,
	) -> DispatchResult {
		let record = O::get(&id)?;
		ensure!(*O::owner(&record) == who, Error::<T>::NotOwner);
		if new_owner == who {
			ensure!(O::set_offer(&id, None), Error::<T>::NoOwnershipOffer);
			Self::deposit_event(O::withdrawn(id));
			return Ok(());
		}
		O::ensure_transferable(&record)?;
		O::set_offer(&id, Some(&new_owner));
		Self::deposit_event(O::offered(id, who, new_owner));
		Ok(())
	}

	/// `who` accepts the offer of `id`: see [`Pallet::accept_dataset_ownership`] and
	/// [`Pallet::accept_model_ownership`].
	pub(crate) fn do_accept_ownership<O: Owned<T>>(who: T::AccountId, id: O::Id) -> DispatchResult {
		let offered = O::offer(&id).ok_or(Error::<T>::NoOwnershipOffer)?;
		ensure!(offered == who, Error::<T>::NotOfferedOwner);
		let mut record = O::get(&id)?;
		O::ensure_transferable(&record)?;
		O::hand_over(&id, &mut record, &who)?;
		let deposit = O::deposit(&record);
		Self::move_deposit(O::DEPOSIT, O::owner(&record), &who, deposit)?;
		let old_owner = O::set_owner(&mut record, who.clone());
		O::put(&id, record);
		O::set_offer(&id, None);
		Self::deposit_event(O::transferred(id, old_owner, who, deposit));
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

impl<T: Config> Owned<T> for DatasetOwnership {
	type Id = DatasetHash;
	type Record = DatasetInfoOf<T>;
	const DEPOSIT: HoldReason = HoldReason::DatasetDeposit;

	fn get(hash: &DatasetHash) -> Result<DatasetInfoOf<T>, DispatchError> {
		Datasets::<T>::get(hash).ok_or_else(|| Error::<T>::UnknownDataset.into())
	}

	fn put(hash: &DatasetHash, dataset: DatasetInfoOf<T>) {
		Datasets::<T>::insert(hash, dataset);
	}

	fn owner(dataset: &DatasetInfoOf<T>) -> &T::AccountId {
		&dataset.owner
	}

	fn set_owner(dataset: &mut DatasetInfoOf<T>, owner: T::AccountId) -> T::AccountId {
		core::mem::replace(&mut dataset.owner, owner)
	}

	fn deposit(dataset: &DatasetInfoOf<T>) -> BalanceOf<T> {
		dataset.deposit
	}

	fn offer(hash: &DatasetHash) -> Option<T::AccountId> {
		DatasetOwnershipOffers::<T>::get(hash)
	}

	fn set_offer(hash: &DatasetHash, to: Option<&T::AccountId>) -> bool {
		match to {
			Some(to) => DatasetOwnershipOffers::<T>::insert(hash, to),
			None => return DatasetOwnershipOffers::<T>::take(hash).is_some(),
		}
		true
	}

	/// A dataset changes hands only while active or withdrawn, and once its registration can
	/// no longer be displaced: never under a challenge (whose ruling slashes the owner's
	/// deposit) or after a ruling.
	fn ensure_transferable(dataset: &DatasetInfoOf<T>) -> DispatchResult {
		ensure!(
			matches!(dataset.status, DatasetStatus::Active | DatasetStatus::Withdrawn),
			Error::<T>::DatasetNotTransferable
		);
		Pallet::<T>::ensure_registration_settled(dataset)?;
		Ok(())
	}

	/// The dataset's count moves with it, so that passing it back and forth inflates nobody's
	/// reputation: the new owner answers for it from now on (unless it already did, as a
	/// confirmed contributor), the old owner no more (unless it still does, likewise). What
	/// rulings counted before stays with whoever answered then.
	fn hand_over(
		_hash: &DatasetHash,
		dataset: &mut DatasetInfoOf<T>,
		new_owner: &T::AccountId,
	) -> DispatchResult {
		if !Pallet::<T>::confirmed_contributor(dataset, new_owner) {
			Pallet::<T>::open_reputation(new_owner)?;
			Reputations::<T>::mutate(new_owner, |reputation| {
				reputation.registered.saturating_inc()
			});
		}
		if !Pallet::<T>::confirmed_contributor(dataset, &dataset.owner) {
			Reputations::<T>::mutate(&dataset.owner, |reputation| {
				reputation.registered.saturating_dec()
			});
		}
		Ok(())
	}

	fn offered(dataset: DatasetHash, owner: T::AccountId, new_owner: T::AccountId) -> Event<T> {
		Event::DatasetOwnershipOffered { dataset, owner, new_owner }
	}

	fn withdrawn(dataset: DatasetHash) -> Event<T> {
		Event::DatasetOwnershipOfferWithdrawn { dataset }
	}

	fn transferred(
		dataset: DatasetHash,
		old_owner: T::AccountId,
		new_owner: T::AccountId,
		deposit: BalanceOf<T>,
	) -> Event<T> {
		Event::DatasetOwnershipTransferred { dataset, old_owner, new_owner, deposit }
	}
}

impl<T: Config> Owned<T> for ModelOwnership {
	type Id = ModelId;
	type Record = ModelInfoOf<T>;
	const DEPOSIT: HoldReason = HoldReason::ModelDeposit;

	fn get(model_id: &ModelId) -> Result<ModelInfoOf<T>, DispatchError> {
		Models::<T>::get(model_id).ok_or_else(|| Error::<T>::UnknownModel.into())
	}

	fn put(model_id: &ModelId, model: ModelInfoOf<T>) {
		Models::<T>::insert(model_id, model);
	}

	fn owner(model: &ModelInfoOf<T>) -> &T::AccountId {
		&model.owner
	}

	fn set_owner(model: &mut ModelInfoOf<T>, owner: T::AccountId) -> T::AccountId {
		core::mem::replace(&mut model.owner, owner)
	}

	fn deposit(model: &ModelInfoOf<T>) -> BalanceOf<T> {
		model.deposit
	}

	fn offer(model_id: &ModelId) -> Option<T::AccountId> {
		ModelOwnershipOffers::<T>::get(model_id)
	}

	fn set_offer(model_id: &ModelId, to: Option<&T::AccountId>) -> bool {
		match to {
			Some(to) => ModelOwnershipOffers::<T>::insert(model_id, to),
			None => return ModelOwnershipOffers::<T>::take(model_id).is_some(),
		}
		true
	}

	/// A model may change hands whatever its status: nothing rules on a model, and a retired
	/// one still owes its owner the revenue `hand_over` pays out and holds the deposit that
	/// moves with it.
	fn ensure_transferable(_model: &ModelInfoOf<T>) -> DispatchResult {
		Ok(())
	}

	/// What the model earned for its owner until now is the old owner's: paid out first.
	fn hand_over(
		model_id: &ModelId,
		model: &mut ModelInfoOf<T>,
		_new_owner: &T::AccountId,
	) -> DispatchResult {
		Pallet::<T>::pay_model_revenue(*model_id, model)?;
		ensure!(model.revenue.owner.is_zero(), Error::<T>::RevenueUndeliverable);
		Ok(())
	}

	fn offered(model_id: ModelId, owner: T::AccountId, new_owner: T::AccountId) -> Event<T> {
		Event::ModelOwnershipOffered { model_id, owner, new_owner }
	}

	fn withdrawn(model_id: ModelId) -> Event<T> {
		Event::ModelOwnershipOfferWithdrawn { model_id }
	}

	fn transferred(
		model_id: ModelId,
		old_owner: T::AccountId,
		new_owner: T::AccountId,
		deposit: BalanceOf<T>,
	) -> Event<T> {
		Event::ModelOwnershipTransferred { model_id, old_owner, new_owner, deposit }
	}
}
