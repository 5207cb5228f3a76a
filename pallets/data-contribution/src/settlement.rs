//! Settlement: payments into the pot, and claims out of it.
//!
//! Owns the pot and the protocol account, payments for queries, and claims: model revenue (the
//! owner's and the protocol's parts, which wait in the pot), the claim page and
//! its cursor, settling a position on its contributor's behalf, and the split of what a
//! position owes between the contributor, escrow (through challenged datasets), the protocol
//! account (through slashed ones) and rightful accounts (through reattributed ones).
//! [`crate::rewards`] stays the pure math. Writes [`Models`] (reward accumulators, position
//! counts), [`Positions`] (checkpoints, and removal once a retired model's position is
//! settled), [`ClaimCursor`], [`Contributors`] (claimed, credit) and [`Escrow`] (settled
//! escrow).

use crate::*;
use frame_support::{
	ensure, pallet_prelude::DispatchResultWithPostInfo, traits::DefensiveTruncateFrom,
};

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
		let actual =
			T::WeightInfo::pay_for_queries().saturating_add(Self::royalties_weight(reached));
		Ok(Some(actual).into())
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
		model: &mut ModelInfoOf<T>,
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

	/// Settles and pays `who`'s next batch of positions and its credit: see
	/// [`Pallet::claim_rewards`].
	pub(crate) fn do_claim_rewards(who: T::AccountId) -> DispatchResultWithPostInfo {
		let settled = Self::settle_positions(&who)?;
		let credit = Contributors::<T>::get(&who).credit;
		let amount = settled.paid.checked_add(&credit).ok_or(ArithmeticError::Overflow)?;
		ensure!(
			!amount.is_zero() || !settled.is_empty() || settled.more_remaining,
			Error::<T>::NothingToClaim
		);

		Self::pay(&Self::pot_account(), &who, amount)?;
		Self::pay(&Self::pot_account(), &T::ProtocolAccount::get(), settled.forfeited)?;
		Contributors::<T>::try_mutate(&who, |ledger| -> DispatchResult {
			ledger.claimed =
				ledger.claimed.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
			ledger.credit = Zero::zero();
			Ok(())
		})?;
		Self::deposit_event(Event::RewardsClaimed {
			who,
			amount,
			escrowed: settled.escrowed,
			forfeited: settled.forfeited,
			redirected: settled.redirected,
			positions: settled.positions,
			more_remaining: settled.more_remaining,
		});
		Ok(Some(Self::claim_weight(settled.positions, settled.parts)).into())
	}

	/// Pays model `model_id`'s waiting revenue: see [`Pallet::claim_model_revenue`].
	pub(crate) fn do_claim_model_revenue(model_id: ModelId) -> DispatchResult {
		let mut model = Models::<T>::get(model_id).ok_or(Error::<T>::UnknownModel)?;
		ensure!(!model.revenue.total().is_zero(), Error::<T>::NothingToClaim);
		let paid = Self::pay_model_revenue(model_id, &mut model)?;
		ensure!(!paid.is_zero(), Error::<T>::RevenueUndeliverable);
		Models::<T>::insert(model_id, model);
		Ok(())
	}

	/// Pays out of the pot what `model`'s revenue holds and its accounts can take: the owner's
	/// part to its owner, the protocol's to the protocol account. A part whose account cannot
	/// take it (below the existential deposit, and the part too small to create it) stays
	/// credited. Emits `ModelRevenueClaimed` when it paid anything, and returns what it paid. The
	/// caller writes `model` back (or removes it).
	pub(crate) fn pay_model_revenue(
		model_id: ModelId,
		model: &mut ModelInfoOf<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		let owner_amount = Self::deliverable(&model.owner, model.revenue.owner);
		let protocol_amount = Self::deliverable(&T::ProtocolAccount::get(), model.revenue.protocol);
		let paid = owner_amount.saturating_add(protocol_amount);
		if paid.is_zero() {
			return Ok(paid);
		}
		// Each part is at most what its field holds.
		model.revenue.owner = model.revenue.owner.saturating_sub(owner_amount);
		model.revenue.protocol = model.revenue.protocol.saturating_sub(protocol_amount);
		Self::pay(&Self::pot_account(), &model.owner, owner_amount)?;
		Self::pay(&Self::pot_account(), &T::ProtocolAccount::get(), protocol_amount)?;
		Self::deposit_event(Event::ModelRevenueClaimed {
			model_id,
			owner: model.owner.clone(),
			owner_amount,
			protocol_amount,
		});
		Ok(paid)
	}

	/// The weight of a claim that settles `positions` positions of `parts` parts in all: each
	/// position's first part is in `claim_rewards`, the others in `claim_rewards_parts`.
	pub(crate) fn claim_weight(positions: u32, parts: u32) -> frame_support::weights::Weight {
		T::WeightInfo::claim_rewards(positions)
			.saturating_add(T::WeightInfo::claim_rewards_parts(parts.saturating_sub(positions)))
	}

	/// Takes from `positions`, in order, what fits in one claim beside the `taken` positions and
	/// parts: at most `MaxPositionsPerClaim` positions and `MaxPartsPerClaim` parts in all,
	/// unless the claim's first position alone has more. Returns them, and whether a position was
	/// left over.
	pub(crate) fn claim_page(
		positions: impl Iterator<Item = (ModelId, PositionOf<T>)>,
		taken: (usize, usize),
	) -> (Vec<(ModelId, PositionOf<T>)>, bool) {
		let (max_positions, max_parts) =
			(T::MaxPositionsPerClaim::get() as usize, T::MaxPartsPerClaim::get() as usize);
		let (mut count, mut parts) = taken;
		let mut page = Vec::new();
		for (model_id, position) in positions {
			parts = parts.saturating_add(position.parts.len());
			if count == max_positions || (count > 0 && parts > max_parts) {
				return (page, true);
			}
			count.saturating_inc();
			page.push((model_id, position));
		}
		(page, false)
	}

	/// Settles the next page of `who`'s positions (see [`Self::claim_page`]), resuming from the
	/// claim cursor: moves each checkpoint to now, escrows the parts earned through challenged
	/// datasets, and totals what goes to `who` and to the protocol account. Moves the cursor past
	/// the page when positions are left over.
	///
	/// The positions form a ring. When the rest of the round after the cursor settles nothing,
	/// the claim wraps around to the first position and goes on, up to and including the
	/// position at the cursor, with what is left of the page. So a page of positions that owe
	/// nothing (never paid, or retired) can never stand between a contributor and what it is
	/// owed: while anything is owed, every call settles something or moves the cursor on, and
	/// `⌈positions / MaxPositionsPerClaim⌉ + 1` calls (or as many as the parts bound asks)
	/// reach every position.
	pub(crate) fn settle_positions(
		who: &T::AccountId,
	) -> Result<Settlement<BalanceOf<T>>, DispatchError> {
		let cursor = ClaimCursor::<T>::take(who).map(BoundedVec::into_inner);
		let after_cursor = match cursor.clone() {
			Some(raw) => Positions::<T>::iter_prefix_from(who, raw),
			None => Positions::<T>::iter_prefix(who),
		};
		let (page, mut more_remaining) = Self::claim_page(after_cursor, (0, 0));
		let mut settled = Settlement::default();
		let mut last = Self::settle_page(who, page, &mut settled)?;
		if let (false, true, Some(raw)) = (more_remaining, settled.is_empty(), cursor) {
			let up_to_cursor = Positions::<T>::iter_prefix(who)
				.take_while(|(model_id, _)| Positions::<T>::hashed_key_for(who, model_id) <= raw);
			let taken = (settled.positions as usize, settled.parts as usize);
			let (page, left_over) = Self::claim_page(up_to_cursor, taken);
			more_remaining = left_over;
			last = Self::settle_page(who, page, &mut settled)?.or(last);
		}
		settled.more_remaining = more_remaining;
		if let (true, Some(last)) = (more_remaining, last) {
			let cursor = Positions::<T>::hashed_key_for(who, last);
			// It fits: `integrity_test` checks that a key of `Positions` does.
			ClaimCursor::<T>::insert(who, BoundedVec::defensive_truncate_from(cursor));
		}
		Ok(settled)
	}

	/// Settles each position of `page` into `settled`; positions of retired models are removed
	/// once settled. Returns the model id of the last position.
	pub(crate) fn settle_page(
		who: &T::AccountId,
		page: Vec<(ModelId, PositionOf<T>)>,
		settled: &mut Settlement<BalanceOf<T>>,
	) -> Result<Option<ModelId>, DispatchError> {
		let mut last = None;
		for (model_id, position) in page {
			let parts = position.parts.len() as u32;
			let split = Self::settle_position_of(who, model_id, position)?;
			settled.add(&split, parts).ok_or(ArithmeticError::Overflow)?;
			last = Some(model_id);
		}
		Ok(last)
	}

	/// Settles `contributor`'s position in `model_id` on its behalf: see
	/// [`Pallet::settle_position`]. What it is owed is credited to it.
	pub(crate) fn do_settle_position(
		model_id: ModelId,
		contributor: T::AccountId,
	) -> DispatchResultWithPostInfo {
		let position = Positions::<T>::get(&contributor, model_id).ok_or(Error::<T>::NoPosition)?;
		let parts = position.parts.len() as u32;
		let split = Self::settle_position_of(&contributor, model_id, position)?;
		Self::credit(&contributor, split.contributor)?;
		Self::pay(&Self::pot_account(), &T::ProtocolAccount::get(), split.forfeited)?;
		Self::deposit_event(Event::PositionSettled {
			model_id,
			contributor,
			credited: split.contributor,
			escrowed: split.escrowed_total().ok_or(ArithmeticError::Overflow)?,
			forfeited: split.forfeited,
			redirected: split.redirected_total().ok_or(ArithmeticError::Overflow)?,
		});
		Ok(Some(T::WeightInfo::settle_position(parts)).into())
	}

	/// Settles `who`'s `position` in `model_id`: moves its checkpoint to now, escrows the parts
	/// earned through challenged datasets and credits those earned through reattributed ones to
	/// their rightful accounts. A position in a retired model is removed. Returns the split;
	/// what goes to `who` and to the protocol account is the caller's to pay.
	fn settle_position_of(
		who: &T::AccountId,
		model_id: ModelId,
		mut position: PositionOf<T>,
	) -> Result<OwedSplit<T::AccountId, BalanceOf<T>>, DispatchError> {
		let mut model = Models::<T>::get(model_id).ok_or(Error::<T>::UnknownModel)?;
		let since = position.checkpoint;
		let owed = model.rewards.settle(position.points, &mut position.checkpoint)?;
		let split = Self::split_owed(&model, &position, since, owed)?;
		for (hash, amount) in split.escrowed.iter() {
			Escrow::<T>::try_mutate(who, hash, |escrow| -> DispatchResult {
				*escrow = escrow.checked_add(amount).ok_or(ArithmeticError::Overflow)?;
				Ok(())
			})?;
		}
		for (rightful, amount) in split.redirected.iter() {
			Self::credit(rightful, *amount)?;
		}

		// A closed model's position goes once settled; one that royalties may still reach stays.
		let retired = model.is_closed();
		if retired {
			Positions::<T>::remove(who, model_id);
			model.positions.saturating_dec();
		} else if !owed.is_zero() {
			Positions::<T>::insert(who, model_id, position);
		}
		if retired || !owed.is_zero() {
			Models::<T>::insert(model_id, model);
		}
		Ok(split)
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

	/// Splits `owed`, what `position` in `model` accrued since `since`, by where it goes: the
	/// part earned through each challenged dataset to escrow, through each slashed dataset to
	/// the protocol account, and the rest to the contributor (see [`rewards`] for the rounding).
	/// The one rule for both settlement and the read-only views.
	pub(crate) fn split_owed(
		model: &ModelInfoOf<T>,
		position: &PositionOf<T>,
		since: BalanceOf<T>,
		owed: BalanceOf<T>,
	) -> Result<OwedSplit<T::AccountId, BalanceOf<T>>, DispatchError> {
		let mut split = OwedSplit::to_contributor(owed);
		if owed.is_zero() {
			return Ok(split);
		}
		for part in position.parts.iter() {
			let Some((hash, weight)) = model.datasets.get(part.index as usize) else { continue };
			let Some(dataset) = Datasets::<T>::get(hash) else { continue };
			let route = match (dataset.status, dataset.rightful) {
				(DatasetStatus::Challenged, _) => PartRoute::Escrow(*hash),
				(DatasetStatus::Slashed, _) | (DatasetStatus::Reattributed, None) => {
					PartRoute::Protocol
				},
				(DatasetStatus::Reattributed, Some(rightful)) => PartRoute::Rightful(rightful),
				(DatasetStatus::Active | DatasetStatus::Withdrawn, _) => continue,
			};
			let part_owed = model.rewards.pending(part_points(*weight, part.share), since)?;
			split.contributor =
				split.contributor.checked_sub(&part_owed).ok_or(ArithmeticError::Underflow)?;
			match route {
				PartRoute::Escrow(hash) => split.escrowed.push((hash, part_owed)),
				PartRoute::Protocol => {
					split.forfeited =
						split.forfeited.checked_add(&part_owed).ok_or(ArithmeticError::Overflow)?
				},
				PartRoute::Rightful(rightful) => split.redirected.push((rightful, part_owed)),
			}
		}
		Ok(split)
	}
}

/// The points a dataset of weight `weight` gives a contributor with `share` of it.
pub(crate) fn part_points(weight: AttributionWeight, share: Perbill) -> u128 {
	(weight as u128) * (share.deconstruct() as u128)
}

/// Where the part of a position earned through one dataset goes, when not to the contributor.
enum PartRoute<AccountId> {
	/// To escrow, through a challenged dataset.
	Escrow(DatasetHash),
	/// To the protocol account, through a slashed dataset.
	Protocol,
	/// To the rightful account of a reattributed dataset.
	Rightful(AccountId),
}

/// Where what one position owed goes.
pub(crate) struct OwedSplit<AccountId, Balance> {
	/// To the contributor.
	pub(crate) contributor: Balance,
	/// To escrow, by challenged dataset.
	pub(crate) escrowed: Vec<(DatasetHash, Balance)>,
	/// To the protocol account, through slashed datasets.
	pub(crate) forfeited: Balance,
	/// To rightful accounts, through reattributed datasets.
	pub(crate) redirected: Vec<(AccountId, Balance)>,
}

impl<AccountId, Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy>
	OwedSplit<AccountId, Balance>
{
	/// All of `owed` to the contributor.
	fn to_contributor(owed: Balance) -> Self {
		Self {
			contributor: owed,
			escrowed: Vec::new(),
			forfeited: Zero::zero(),
			redirected: Vec::new(),
		}
	}

	/// What goes to escrow, in all; `None` on overflow.
	pub(crate) fn escrowed_total(&self) -> Option<Balance> {
		total(self.escrowed.iter().map(|(_, amount)| *amount))
	}

	/// What goes to rightful accounts, in all; `None` on overflow.
	pub(crate) fn redirected_total(&self) -> Option<Balance> {
		total(self.redirected.iter().map(|(_, amount)| *amount))
	}
}

/// The sum of `amounts`; `None` on overflow.
fn total<Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy>(
	mut amounts: impl Iterator<Item = Balance>,
) -> Option<Balance> {
	amounts.try_fold(Balance::zero(), |sum, amount| sum.checked_add(&amount))
}

/// What one `claim_rewards` settled.
#[derive(Default)]
pub(crate) struct Settlement<Balance> {
	/// Owed to the claimant.
	paid: Balance,
	/// Moved to escrow.
	escrowed: Balance,
	/// Owed to the protocol account.
	forfeited: Balance,
	/// Credited to rightful accounts.
	redirected: Balance,
	/// Positions settled.
	positions: u32,
	/// Dataset parts of those positions.
	parts: u32,
	/// Whether positions remain for another call.
	more_remaining: bool,
}

impl<Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy> Settlement<Balance> {
	/// Whether nothing was settled: nothing paid, escrowed, forfeited or redirected.
	fn is_empty(&self) -> bool {
		self.paid.is_zero()
			&& self.escrowed.is_zero()
			&& self.forfeited.is_zero()
			&& self.redirected.is_zero()
	}

	/// Adds one position's split; `None` on overflow.
	fn add<AccountId>(&mut self, split: &OwedSplit<AccountId, Balance>, parts: u32) -> Option<()> {
		self.paid = self.paid.checked_add(&split.contributor)?;
		self.escrowed = self.escrowed.checked_add(&split.escrowed_total()?)?;
		self.forfeited = self.forfeited.checked_add(&split.forfeited)?;
		self.redirected = self.redirected.checked_add(&split.redirected_total()?)?;
		self.positions = self.positions.saturating_add(1);
		self.parts = self.parts.saturating_add(parts);
		Some(())
	}
}
