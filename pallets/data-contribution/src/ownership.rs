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
use codec::FullCodec;
use frame_support::{ensure, storage::StorageMap};

/// A kind of record that changes hands by offer and acceptance.
pub(crate) trait Owned<T: Config> {
	/// The record's key.
	type Id: FullCodec + Clone;
	/// The stored record.
	type Record: FullCodec;
	/// Where the records are stored.
	type Records: StorageMap<Self::Id, Self::Record, Query = Option<Self::Record>>;
	/// Where the offers are stored: the account each record is offered to.
	type Offers: StorageMap<Self::Id, T::AccountId, Query = Option<T::AccountId>>;
	/// Why its deposit is held.
	const DEPOSIT: HoldReason;

	/// The error for an id with no record.
	fn unknown() -> Error<T>;
	/// The record's owner.
	fn owner(record: &Self::Record) -> &T::AccountId;
	/// Gives the record a new owner, returning the old one.
	fn set_owner(record: &mut Self::Record, owner: T::AccountId) -> T::AccountId;
	/// The deposit held for the record.
	fn deposit(record: &Self::Record) -> BalanceOf<T>;
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
		let record = O::Records::get(&id).ok_or(O::unknown())?;
		ensure!(*O::owner(&record) == who, Error::<T>::NotOwner);
		if new_owner == who {
			ensure!(O::Offers::take(&id).is_some(), Error::<T>::NoOwnershipOffer);
			Self::deposit_event(O::withdrawn(id));
			return Ok(());
		}
		O::ensure_transferable(&record)?;
		O::Offers::insert(&id, &new_owner);
		Self::deposit_event(O::offered(id, who, new_owner));
		Ok(())
	}

	/// `who` accepts the offer of `id`: see [`Pallet::accept_dataset_ownership`] and
	/// [`Pallet::accept_model_ownership`].
	pub(crate) fn do_accept_ownership<O: Owned<T>>(who: T::AccountId, id: O::Id) -> DispatchResult {
		let offered = O::Offers::get(&id).ok_or(Error::<T>::NoOwnershipOffer)?;
		ensure!(offered == who, Error::<T>::NotOfferedOwner);
		let mut record = O::Records::get(&id).ok_or(O::unknown())?;
		O::ensure_transferable(&record)?;
		O::hand_over(&id, &mut record, &who)?;
		let deposit = O::deposit(&record);
		Self::move_deposit(O::DEPOSIT, O::owner(&record), &who, deposit)?;
		let old_owner = O::set_owner(&mut record, who.clone());
		O::Records::insert(&id, record);
		O::Offers::remove(&id);
		Self::deposit_event(O::transferred(id, old_owner, who, deposit));
		Ok(())
	}

	/// Whether `who` is one of `dataset`'s contributors and confirmed its part.
	fn confirmed_contributor(dataset: &DatasetInfo<T>, who: &T::AccountId) -> bool {
		dataset
			.contributors
			.iter()
			.enumerate()
			.any(|(i, (c, _))| c == who && dataset.is_confirmed(i))
	}
}

impl<T: Config> Owned<T> for DatasetOwnership {
	type Id = DatasetHash;
	type Record = DatasetInfo<T>;
	type Records = Datasets<T>;
	type Offers = DatasetOwnershipOffers<T>;
	const DEPOSIT: HoldReason = HoldReason::DatasetDeposit;

	fn unknown() -> Error<T> {
		Error::<T>::UnknownDataset
	}

	fn owner(dataset: &DatasetInfo<T>) -> &T::AccountId {
		&dataset.owner
	}

	fn set_owner(dataset: &mut DatasetInfo<T>, owner: T::AccountId) -> T::AccountId {
		core::mem::replace(&mut dataset.owner, owner)
	}

	fn deposit(dataset: &DatasetInfo<T>) -> BalanceOf<T> {
		dataset.deposit
	}

	/// A dataset changes hands only while active or withdrawn, and once its registration can
	/// no longer be displaced: never under a challenge (whose ruling slashes the owner's
	/// deposit) or after a ruling.
	fn ensure_transferable(dataset: &DatasetInfo<T>) -> DispatchResult {
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
		dataset: &mut DatasetInfo<T>,
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
	type Record = ModelInfo<T>;
	type Records = Models<T>;
	type Offers = ModelOwnershipOffers<T>;
	const DEPOSIT: HoldReason = HoldReason::ModelDeposit;

	fn unknown() -> Error<T> {
		Error::<T>::UnknownModel
	}

	fn owner(model: &ModelInfo<T>) -> &T::AccountId {
		&model.owner
	}

	fn set_owner(model: &mut ModelInfo<T>, owner: T::AccountId) -> T::AccountId {
		core::mem::replace(&mut model.owner, owner)
	}

	fn deposit(model: &ModelInfo<T>) -> BalanceOf<T> {
		model.deposit
	}

	/// A model may change hands whatever its status: nothing rules on a model, and a retired
	/// one still owes its owner the revenue `hand_over` pays out and holds the deposit that
	/// moves with it.
	fn ensure_transferable(_model: &ModelInfo<T>) -> DispatchResult {
		Ok(())
	}

	/// What the model earned for its owner until now is the old owner's: paid out first.
	fn hand_over(
		model_id: &ModelId,
		model: &mut ModelInfo<T>,
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
