//! Read-only views: what the runtime API serves. Writes nothing.

use crate::*;

/// Read-only views: what the runtime API serves.
impl<T: Config> Pallet<T> {
	/// `who`'s reward in model `model_id`, if it holds a position there: claimable now, and
	/// escrowed through challenged datasets.
	pub fn reward_in(who: &T::AccountId, model_id: ModelId) -> Option<ModelReward<BalanceOf<T>>> {
		let position = Positions::<T>::get(who, model_id)?;
		Self::reward_of(model_id, &position)
	}

	fn reward_of(model_id: ModelId, position: &PositionOf<T>) -> Option<ModelReward<BalanceOf<T>>> {
		let model = Models::<T>::get(model_id)?;
		let owed = model.rewards.pending(position.points, position.checkpoint).ok()?;
		let split = Self::split_owed(&model, position, position.checkpoint, owed).ok()?;
		Some(ModelReward { model_id, pending: split.contributor, escrowed: split.escrowed_total()? })
	}

	/// `who`'s reward in every model where it holds a position, by model id.
	pub fn contributor_rewards(who: &T::AccountId) -> Vec<ModelReward<BalanceOf<T>>> {
		let mut rewards: Vec<_> = Positions::<T>::iter_prefix(who)
			.filter_map(|(model_id, position)| Self::reward_of(model_id, &position))
			.collect();
		rewards.sort_by_key(|reward| reward.model_id);
		rewards
	}

	/// `who`'s claimable (with credit from rejected challenges), escrowed, claimed, and total
	/// earned rewards. Parts forfeited through slashed datasets count for none of them.
	pub fn contributor_balance(who: &T::AccountId) -> ContributorBalance<BalanceOf<T>> {
		let ledger = Contributors::<T>::get(who);
		let settled_escrow = Escrow::<T>::iter_prefix_values(who)
			.fold(BalanceOf::<T>::zero(), |sum, escrow| sum.saturating_add(escrow));
		let (pending, escrowed) = Self::contributor_rewards(who).into_iter().fold(
			(ledger.credit, settled_escrow),
			|(pending, escrowed), reward| {
				(pending.saturating_add(reward.pending), escrowed.saturating_add(reward.escrowed))
			},
		);
		let claimed = ledger.claimed;
		let earned = pending.saturating_add(escrowed).saturating_add(claimed);
		ContributorBalance { pending, escrowed, claimed, earned }
	}

	/// Dataset `hash`'s record with its earnings, if it is registered.
	pub fn dataset_view(
		hash: &DatasetHash,
	) -> Option<DatasetView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let dataset = Datasets::<T>::get(hash)?;
		Some(DatasetView {
			owner: dataset.owner,
			contributors: dataset.contributors.into_inner(),
			metadata: dataset.metadata.into_inner(),
			deposit: dataset.deposit,
			status: dataset.status,
			registered_at: dataset.registered_at,
			models: dataset.models,
			earned: Self::dataset_earnings(hash),
		})
	}

	/// Model `model_id`'s record with its usage and earnings, if it exists.
	pub fn model_view(model_id: ModelId) -> Option<ModelView<T::AccountId, BalanceOf<T>>> {
		let model = Models::<T>::get(model_id)?;
		Some(ModelView {
			owner: model.owner,
			datasets: model.datasets.into_inner(),
			price_per_query: model.price_per_query,
			owner_share: model.owner_share,
			metadata: model.metadata.into_inner(),
			deposit: model.deposit,
			status: model.status,
			queries_served: model.queries_served,
			total_paid: model.total_paid,
			data_paid: model.rewards.data_paid,
			claimed: model.rewards.claimed,
		})
	}

	/// What dataset `hash` has earned for its contributors across all its models:
	/// `Σ_m data_paid_m × w_d / W_m`, rounded down per model.
	pub fn dataset_earnings(hash: &DatasetHash) -> BalanceOf<T> {
		DatasetModels::<T>::iter_key_prefix(hash)
			.filter_map(|model_id| {
				let model = Models::<T>::get(model_id)?;
				let weight = model.datasets.iter().find(|(h, _)| h == hash)?.1;
				// The dataset's points: its contributors' shares sum to one billion parts.
				let points = (weight as u128).saturating_mul(Perbill::one().deconstruct() as u128);
				model.rewards.pending(points, Zero::zero()).ok()
			})
			.fold(Zero::zero(), |sum: BalanceOf<T>, e| sum.saturating_add(e))
	}
}
