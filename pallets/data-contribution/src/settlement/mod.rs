//! Settlement: payments into the pot, and claims out of it.
//!
//! Owns payments for queries: each is split ([`rewards::PaymentSplit`]) between the protocol,
//! the model's owner (both wait in the pot as the model's revenue) and its data contributors,
//! whose part reaches each position through the model's reward accumulator
//! ([`rewards::RewardPool`], the pure math). Claims are in [`claims`], and the split of what a
//! position owes by its datasets' status in [`split`]. Writes [`Models`] (revenue,
//! accumulators, totals) and [`Contributors`] (credit).

mod claims;
pub mod rewards;
mod split;

use crate::*;
use frame_support::{ensure, pallet_prelude::DispatchResultWithPostInfo};

impl<T: Config> Pallet<T> {
	/// Pays for `queries` queries to model `model_id` from `payer`: see [`Pallet::pay_for_queries`].
	pub(crate) fn do_pay_for_queries(
		payer: T::AccountId,
		model_id: ModelId,
		queries: u32,
		max_total: BalanceOf<T>,
	) -> DispatchResultWithPostInfo {
		ensure!(queries > 0, Error::<T>::ZeroQueries);
		let mut model = Models::<T>::get(model_id).ok_or(Error::<T>::UnknownModel)?;
		ensure!(model.status == ModelStatus::Active, Error::<T>::ModelNotActive);

		let amount = Self::price_of(model.price_per_query, queries.into())?;
		ensure!(amount <= max_total, Error::<T>::PaymentAboveLimit);
		ensure!(amount <= Self::spendable(&payer), Error::<T>::InsufficientBalance);

		let (split, reached) = Self::record_usage(model_id, &mut model, queries.into(), amount)?;
		// One transfer: the whole payment waits in the pot, each part credited in the record.
		Self::pay(&payer, &Self::pot_account(), amount)?;
		Models::<T>::insert(model_id, model);

		Self::deposit_event(Event::UsageRecorded {
			model_id,
			payer,
			queries,
			amount,
			protocol_fee: split.protocol,
			owner_reward: split.owner,
			data_reward: split.data,
		});
		Ok(Some(Self::pay_for_queries_weight(reached)).into())
	}

	/// What `queries` queries cost at `price` each.
	pub(crate) fn price_of(
		price: BalanceOf<T>,
		queries: u64,
	) -> Result<BalanceOf<T>, DispatchError> {
		let queries = BalanceOf::<T>::from(queries);
		price.checked_mul(&queries).ok_or(ArithmeticError::Overflow.into())
	}

	/// Records in `model` that `amount` paid for `queries` queries, and splits it: the parents'
	/// royalties go to their data rewards (see [`crate::lineage`]), the rest of the data reward
	/// into the model's accumulator, in one write whatever the number of contributors, and the
	/// owner's and the protocol's parts are credited to its revenue, to be paid out by
	/// `claim_model_revenue`. The one rule for payments and usage settlements; the caller moves
	/// the whole `amount` into the pot and writes `model` back. Returns the split and how many
	/// ancestors were credited. `queries_served` saturates; the money figures are checked.
	pub(crate) fn record_usage(
		model_id: ModelId,
		model: &mut ModelInfo<T>,
		queries: u64,
		amount: BalanceOf<T>,
	) -> Result<(PaymentSplit<BalanceOf<T>>, u32), DispatchError> {
		let split = PaymentSplit::new(amount, T::ProtocolFee::get(), model.owner_share);
		let mut reached = 0;
		let own = Self::pay_royalties(model_id, &model.parents, split.data, &mut reached)?;
		model.rewards.record_payment(own)?;
		model.revenue.credit(&split)?;
		// The count only reports: it saturates, so that no receipt or payment, however large
		// its count (a free model's receipt may name up to `u64::MAX` queries), makes a later
		// one fail.
		model.queries_served = model.queries_served.saturating_add(queries);
		model.total_paid =
			model.total_paid.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
		Ok((split, reached))
	}

	/// Adds `amount` to `who`'s credit, held in the pot and paid by its next claim.
	pub(crate) fn credit(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		Contributors::<T>::try_mutate(who, |ledger| -> DispatchResult {
			ledger.credit = ledger.credit.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
			Ok(())
		})
	}
}

/// The points a dataset of weight `weight` gives a contributor with `share` of it.
pub(crate) fn part_points(weight: AttributionWeight, share: Perbill) -> u128 {
	(weight as u128) * (share.deconstruct() as u128)
}
