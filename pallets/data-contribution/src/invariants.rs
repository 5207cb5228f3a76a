//! The pallet's invariants, checked by `try_state` after every block under `try-runtime` and by
//! the tests. Writes nothing.

use crate::{settlement::part_points, *};

#[cfg(any(feature = "try-runtime", test))]
impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants:
	/// - every position's points are the sum of its parts' points, and every model's points are
	///   the sum of its positions' points;
	/// - no position is owed more than its model still holds, and the sum owed in a model fits in
	///   what the model holds (`data_paid − claimed`); the difference is the model's dust;
	/// - the pot holds at least everything the models hold, the escrow and the credits, above the
	///   existential deposit;
	/// - every dataset's model count matches the dataset-to-models index;
	/// - a dataset is challenged exactly when it has an open challenge, and escrow is only held
	///   for contributors of challenged datasets.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::ensure;
		let mut owed_per_model = BTreeMap::<ModelId, (u128, BalanceOf<T>)>::new();
		for (_, model_id, position) in Positions::<T>::iter() {
			let model = Models::<T>::get(model_id).ok_or("position in an unknown model")?;
			let parts = position.parts.iter().try_fold(0u128, |sum, part| {
				let weight = model.datasets.get(part.index as usize)?.1;
				sum.checked_add(part_points(weight, part.share))
			});
			ensure!(parts == Some(position.points), "position points differ from its parts");
			let owed = model
				.rewards
				.pending(position.points, position.checkpoint)
				.map_err(|_| "pending overflows")?;
			let entry = owed_per_model.entry(model_id).or_insert((0, Zero::zero()));
			entry.0 = entry.0.checked_add(position.points).ok_or("points overflow")?;
			entry.1 = entry.1.checked_add(&owed).ok_or("owed overflows")?;
		}

		let mut held = BalanceOf::<T>::zero();
		for (model_id, model) in Models::<T>::iter() {
			let (points, owed) = owed_per_model.get(&model_id).cloned().unwrap_or_default();
			ensure!(model.rewards.claimed <= model.rewards.data_paid, "model claimed more than paid");
			ensure!(owed <= model.rewards.unclaimed(), "model owes more than it holds");
			if model.status == ModelStatus::Active {
				ensure!(points == model.rewards.total_points, "positions do not sum to the model's points");
			}
			held = held.checked_add(&model.rewards.unclaimed()).ok_or("held overflows")?;
		}
		for (who, hash, escrow) in Escrow::<T>::iter() {
			let dataset = Datasets::<T>::get(hash).ok_or("escrow for an unknown dataset")?;
			ensure!(dataset.status == DatasetStatus::Challenged, "escrow outside a challenge");
			ensure!(dataset.contributors.iter().any(|(c, _)| *c == who), "escrow for a stranger");
			held = held.checked_add(&escrow).ok_or("held overflows")?;
		}
		for (_, ledger) in Contributors::<T>::iter() {
			held = held.checked_add(&ledger.credit).ok_or("held overflows")?;
		}
		let pot = T::Currency::balance(&Self::pot_account());
		ensure!(
			pot >= held.saturating_add(T::Currency::minimum_balance()),
			"the pot holds less than the models' unclaimed rewards, the escrow and the credits"
		);

		for (hash, dataset) in Datasets::<T>::iter() {
			let models = DatasetModels::<T>::iter_key_prefix(hash).count() as u32;
			ensure!(dataset.models == models, "dataset model count out of step with the index");
			ensure!(
				(dataset.status == DatasetStatus::Challenged) == Challenges::<T>::contains_key(hash),
				"dataset status out of step with its challenge"
			);
		}
		Ok(())
	}
}
