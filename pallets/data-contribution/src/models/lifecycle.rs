//! A model's life after registration: its price, its retirement, and the removal of a retired
//! model once its positions are settled. Writes [`Models`] and [`DatasetModels`].

use crate::*;
use frame_support::{ensure, pallet_prelude::DispatchResultWithPostInfo};

impl<T: Config> Pallet<T> {
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
		Ok(Some(Self::remove_retired_model_weight(datasets, parents)).into())
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
}
