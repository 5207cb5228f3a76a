//! What the pallet's view functions read (see [`types::views`](crate::types)). Writes nothing.

use crate::*;

/// What the view functions read, and the whole-account sums that tests and tools use.
impl<T: Config> Pallet<T> {
	/// The periods the pallet runs with now.
	pub(crate) fn current_periods() -> Periods<BlockNumberFor<T>> {
		Periods {
			challenge_period: T::ChallengePeriod::get(),
			usage_close_period: T::UsageClosePeriod::get(),
			commitment_lifetime: T::CommitmentLifetime::get(),
			reveal_window: T::RevealWindow::get(),
		}
	}

	/// `who`'s reward in model `model_id`, if it holds a position there: claimable now, and
	/// escrowed through challenged datasets.
	pub fn reward_in(who: &T::AccountId, model_id: ModelId) -> Option<ModelReward<BalanceOf<T>>> {
		let position = Positions::<T>::get(who, model_id)?;
		Self::reward_of(model_id, &position)
	}

	fn reward_of(model_id: ModelId, position: &Position<T>) -> Option<ModelReward<BalanceOf<T>>> {
		let model = Models::<T>::get(model_id)?;
		let owed = model.rewards.pending(position.points, position.checkpoint).ok()?;
		let split = Self::split_owed(&model, position, position.checkpoint, owed).ok()?;
		Some(ModelReward {
			model_id,
			pending: split.contributor,
			escrowed: split.escrowed_total()?,
		})
	}

	/// `who`'s reward in each model of one page of its positions (see [`ViewPage`]), in storage
	/// order, with the model id to resume after.
	pub(crate) fn rewards_page(
		who: &T::AccountId,
		page: ViewPage,
	) -> (Vec<ModelReward<BalanceOf<T>>>, Option<ModelId>) {
		let (positions, next) = Self::positions_page(who, page);
		let rewards = positions
			.into_iter()
			.filter_map(|(model_id, position)| Self::reward_of(model_id, &position))
			.collect();
		(rewards, next)
	}

	/// `who`'s claimable (with credit from rejected challenges), escrowed, claimed, and total
	/// earned rewards over one page of its positions (see [`ViewPage`]), with the model id to
	/// resume after. The account's own figures (credit, settled escrow, claimed) count on the
	/// first page only, so the figures of all pages add up to the account's. Parts forfeited
	/// through slashed datasets count for none of them.
	pub(crate) fn balance_page(
		who: &T::AccountId,
		page: ViewPage,
	) -> ContributorBalance<BalanceOf<T>> {
		let zero = BalanceOf::<T>::zero();
		let (credit, settled_escrow, claimed) = if page.start.is_none() {
			let ledger = Contributors::<T>::get(who);
			let escrow = Escrow::<T>::iter_prefix_values(who)
				.fold(zero, |sum, escrow| sum.saturating_add(escrow));
			(ledger.credit, escrow, ledger.claimed)
		} else {
			(zero, zero, zero)
		};
		let (rewards, next) = Self::rewards_page(who, page);
		let (pending, escrowed) =
			rewards
				.into_iter()
				.fold((credit, settled_escrow), |(pending, escrowed), reward| {
					(
						pending.saturating_add(reward.pending),
						escrowed.saturating_add(reward.escrowed),
					)
				});
		let earned = pending.saturating_add(escrowed).saturating_add(claimed);
		ContributorBalance { pending, escrowed, claimed, earned, next }
	}

	/// `who`'s whole balance: [`Self::contributor_balance`] summed over every page. Its work
	/// grows with the positions: for tests and tools, not for clients.
	pub fn contributor_total(who: &T::AccountId) -> ContributorBalance<BalanceOf<T>> {
		let mut total = ContributorBalance::<BalanceOf<T>>::default();
		let mut page = ViewPage::first();
		loop {
			let balance = Self::balance_page(who, page);
			total.pending = total.pending.saturating_add(balance.pending);
			total.escrowed = total.escrowed.saturating_add(balance.escrowed);
			total.claimed = total.claimed.saturating_add(balance.claimed);
			total.earned = total.earned.saturating_add(balance.earned);
			match balance.next {
				Some(start) => page.start = Some(start),
				None => return total,
			}
		}
	}

	/// Dataset `hash`'s record and terms, if it is registered, with its earnings over one page
	/// of its models (see [`ViewPage`]) and the model id to resume after.
	pub(crate) fn dataset_view(
		hash: DatasetHash,
		page: ViewPage,
	) -> Option<DatasetView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let dataset = Datasets::<T>::get(hash)?;
		let (earned, next) = Self::dataset_earnings_page(&hash, page);
		let contributors = dataset
			.contributors
			.iter()
			.enumerate()
			.map(|(i, (account, share))| DatasetContributor {
				account: account.clone(),
				share: *share,
				confirmed: dataset.is_confirmed(i),
			})
			.collect();
		Some(DatasetView {
			dataset_hash: hash,
			owner: dataset.owner,
			contributors,
			metadata: dataset.metadata.into_inner(),
			deposit: dataset.deposit,
			status: dataset.status,
			registered_at: dataset.registered_at,
			withdrawn_at: dataset.withdrawn_at,
			rightful: dataset.rightful,
			models: dataset.models,
			earned,
			next,
			terms: dataset.terms,
		})
	}

	/// Dataset `hash`'s licence terms, if it is registered.
	pub fn dataset_terms(hash: &DatasetHash) -> Option<LicenceTerms> {
		Datasets::<T>::get(hash).map(|dataset| dataset.terms)
	}

	/// Model `model_id`'s record with its usage, earnings, revenue waiting and lineage, if it
	/// exists.
	pub(crate) fn model_view(model_id: ModelId) -> Option<ModelView<T::AccountId, BalanceOf<T>>> {
		let model = Models::<T>::get(model_id)?;
		let datasets = model
			.datasets
			.iter()
			.map(|&(dataset, weight)| ModelDataset { dataset, weight })
			.collect();
		let parents = model
			.parents
			.iter()
			.map(|&(model_id, royalty)| ModelParent { model_id, royalty })
			.collect();
		Some(ModelView {
			model_id,
			owner: model.owner,
			datasets,
			price_per_query: model.price_per_query,
			owner_share: model.owner_share,
			metadata: model.metadata.into_inner(),
			deposit: model.deposit,
			status: model.status,
			queries_served: model.queries_served,
			total_paid: model.total_paid,
			data_paid: model.rewards.data_paid,
			claimed: model.rewards.claimed,
			owner_pending: model.revenue.owner,
			protocol_pending: model.revenue.protocol,
			parents,
			ancestors: model.ancestors,
			derivatives: model.derivatives,
			terms: model.terms,
			royalties_received: model.royalties_received,
			earned: ModelView::<T::AccountId, BalanceOf<T>>::earned_from(
				model.total_paid,
				model.royalties_received,
			),
		})
	}

	/// The channel `consumer` has open to model `model_id`, with its id, if there is one.
	pub(crate) fn channel_view(
		consumer: &T::AccountId,
		model_id: ModelId,
	) -> Option<(ChannelId, UsageChannelOf<T>)> {
		let id = ConsumerChannels::<T>::get(consumer, model_id)?;
		UsageChannels::<T>::get(id).map(|channel| (id, channel))
	}

	/// What dataset `hash` has earned for its contributors across one page of its models (see
	/// [`ViewPage`]): `Σ_m data_paid_m × w_d / W_m`, rounded down per model; and the model id
	/// to resume after.
	pub fn dataset_earnings_page(
		hash: &DatasetHash,
		page: ViewPage,
	) -> (BalanceOf<T>, Option<ModelId>) {
		let start = page.start.map(|id| DatasetModels::<T>::hashed_key_for(hash, id));
		let models = match start {
			Some(raw) => DatasetModels::<T>::iter_prefix_from(hash, raw),
			None => DatasetModels::<T>::iter_prefix(hash),
		};
		let (models, next) = take_page(models, page.limit, |_| 0);
		let earned = models
			.into_iter()
			.filter_map(|(model_id, ())| {
				let model = Models::<T>::get(model_id)?;
				let weight = model.datasets.iter().find(|(h, _)| h == hash)?.1;
				// The dataset's points: its contributors' shares sum to one billion parts.
				let points = (weight as u128).saturating_mul(Perbill::one().deconstruct() as u128);
				model.rewards.pending(points, Zero::zero()).ok()
			})
			.fold(Zero::zero(), |sum: BalanceOf<T>, e| sum.saturating_add(e));
		(earned, next)
	}

	/// What dataset `hash` has earned across all its models: [`Self::dataset_earnings_page`]
	/// summed over every page. Its work grows with the models: for tests and tools.
	pub fn dataset_earnings(hash: &DatasetHash) -> BalanceOf<T> {
		let mut page = ViewPage::first();
		let mut total = BalanceOf::<T>::zero();
		loop {
			let (earned, next) = Self::dataset_earnings_page(hash, page);
			total = total.saturating_add(earned);
			match next {
				Some(start) => page.start = Some(start),
				None => return total,
			}
		}
	}

	/// One page of `who`'s positions, in storage order, and the model id to resume after: at
	/// most `page.limit` positions, and no more parts than [`MAX_VIEW_PARTS`] past the first.
	fn positions_page(
		who: &T::AccountId,
		page: ViewPage,
	) -> (Vec<(ModelId, Position<T>)>, Option<ModelId>) {
		let positions = match page.start {
			Some(id) => {
				Positions::<T>::iter_prefix_from(who, Positions::<T>::hashed_key_for(who, id))
			},
			None => Positions::<T>::iter_prefix(who),
		};
		take_page(positions, page.limit, |position| position.parts.len() as u32)
	}
}

/// The first `limit` items of `items` (at least one, at most [`MAX_VIEW_PAGE`]) whose `parts`
/// add up to at most [`MAX_VIEW_PARTS`] (the first item counts whatever its parts), and the key
/// of the last of them when more follow.
fn take_page<V>(
	items: impl Iterator<Item = (ModelId, V)>,
	limit: u32,
	parts: impl Fn(&V) -> u32,
) -> (Vec<(ModelId, V)>, Option<ModelId>) {
	let limit = limit.clamp(1, MAX_VIEW_PAGE) as usize;
	let mut items = items.peekable();
	let mut page = Vec::new();
	let mut taken_parts = 0u32;
	while let Some((_, item)) = items.peek() {
		let with_next = taken_parts.saturating_add(parts(item));
		if page.len() == limit || (!page.is_empty() && with_next > MAX_VIEW_PARTS) {
			break;
		}
		taken_parts = with_next;
		page.extend(items.next());
	}
	let next = match (items.peek(), page.last()) {
		(Some(_), Some((last, _))) => Some(*last),
		_ => None,
	};
	(page, next)
}
