//! Claims: a contributor's rewards across every model, page by page with a cursor where they do
//! not fit in one call; a model's revenue to its owner and the protocol account; and settling
//! one position on its contributor's behalf. Writes [`Models`] (reward accumulators, position
//! counts), [`Positions`] (checkpoints, and removal once a retired model's position is
//! settled), [`ClaimCursor`] and [`Contributors`].

use super::split::OwedSplit;
use crate::*;
use frame_support::{
	ensure, pallet_prelude::DispatchResultWithPostInfo, traits::DefensiveTruncateFrom,
};

impl<T: Config> Pallet<T> {
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
			// At most `MaxPositionsPerClaim`: a claim's page holds no more (`claim_page`).
			models: BoundedVec::defensive_truncate_from(settled.models),
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
		model: &mut ModelInfo<T>,
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

	/// Takes from `positions`, in order, what fits in one claim beside the `taken` positions and
	/// parts: at most `MaxPositionsPerClaim` positions and `MaxPartsPerClaim` parts in all,
	/// unless the claim's first position alone has more. Returns them, and whether a position was
	/// left over.
	pub(crate) fn claim_page(
		positions: impl Iterator<Item = (ModelId, Position<T>)>,
		taken: (usize, usize),
	) -> (Vec<(ModelId, Position<T>)>, bool) {
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
		page: Vec<(ModelId, Position<T>)>,
		settled: &mut Settlement<BalanceOf<T>>,
	) -> Result<Option<ModelId>, DispatchError> {
		let mut last = None;
		for (model_id, position) in page {
			let parts = position.parts.len() as u32;
			let split = Self::settle_position_of(who, model_id, position)?;
			settled.add(model_id, &split, parts).ok_or(ArithmeticError::Overflow)?;
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
		mut position: Position<T>,
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
	/// The models of the positions settled, in order.
	models: Vec<ModelId>,
}

impl<Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy> Settlement<Balance> {
	/// Whether nothing was settled: nothing paid, escrowed, forfeited or redirected.
	fn is_empty(&self) -> bool {
		self.paid.is_zero()
			&& self.escrowed.is_zero()
			&& self.forfeited.is_zero()
			&& self.redirected.is_zero()
	}

	/// Adds the split of the position in `model_id`; `None` on overflow.
	fn add<AccountId>(
		&mut self,
		model_id: ModelId,
		split: &OwedSplit<AccountId, Balance>,
		parts: u32,
	) -> Option<()> {
		self.paid = self.paid.checked_add(&split.contributor)?;
		self.escrowed = self.escrowed.checked_add(&split.escrowed_total()?)?;
		self.forfeited = self.forfeited.checked_add(&split.forfeited)?;
		self.redirected = self.redirected.checked_add(&split.redirected_total()?)?;
		self.positions = self.positions.saturating_add(1);
		self.parts = self.parts.saturating_add(parts);
		self.models.push(model_id);
		Some(())
	}
}
