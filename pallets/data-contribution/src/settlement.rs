//! Settlement: payments into the pot, and claims out of it.
//!
//! Owns the pot and the protocol account, payments for queries, and claims: the claim batch and
//! its cursor, and the split of what a position owes between the contributor, escrow (through
//! challenged datasets) and the protocol account (through slashed ones). [`crate::rewards`] stays
//! the pure math. Writes [`Models`] (reward accumulators), [`Positions`] (checkpoints, and removal
//! once a retired model's position is settled), [`ClaimCursor`], [`Contributors`] and
//! [`Escrow`] (settled escrow).

use crate::*;
use frame_support::{ensure, pallet_prelude::DispatchResultWithPostInfo};

impl<T: Config> Pallet<T> {
	/// Pays for `queries` queries to model `model_id` from `payer`: see [`Pallet::pay_for_queries`].
	pub(crate) fn do_pay_for_queries(
		payer: T::AccountId,
		model_id: ModelId,
		queries: u32,
		max_total: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(queries > 0, Error::<T>::ZeroQueries);
		let mut model = Models::<T>::get(model_id).ok_or(Error::<T>::UnknownModel)?;
		ensure!(model.status == ModelStatus::Active, Error::<T>::ModelNotActive);

		let amount = model
			.price_per_query
			.checked_mul(&BalanceOf::<T>::from(queries))
			.ok_or(Error::<T>::Overflow)?;
		ensure!(amount <= max_total, Error::<T>::PaymentAboveLimit);
		let spendable =
			T::Currency::reducible_balance(&payer, Preservation::Preserve, Fortitude::Polite);
		ensure!(amount <= spendable, Error::<T>::InsufficientBalance);

		let split = PaymentSplit::new(amount, T::ProtocolFee::get(), model.owner_share);
		model.rewards.record_payment(split.data).map_err(|_| Error::<T>::Overflow)?;
		model.queries_served =
			model.queries_served.checked_add(queries.into()).ok_or(Error::<T>::Overflow)?;
		model.total_paid = model.total_paid.checked_add(&amount).ok_or(Error::<T>::Overflow)?;

		Self::pay(&payer, &T::ProtocolAccount::get(), split.protocol)?;
		Self::pay(&payer, &model.owner, split.owner)?;
		Self::pay(&payer, &Self::pot_account(), split.data)?;
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
		Ok(())
	}

	/// Settles and pays `who`'s next batch of positions and its credit: see
	/// [`Pallet::claim_rewards`].
	pub(crate) fn do_claim_rewards(
		who: T::AccountId,
	) -> DispatchResultWithPostInfo {
		let settled = Self::settle_positions(&who)?;
		let credit = Contributors::<T>::get(&who).credit;
		let amount = settled.paid.checked_add(&credit).ok_or(Error::<T>::Overflow)?;
		ensure!(
			!amount.is_zero() ||
				!settled.escrowed.is_zero() ||
				!settled.forfeited.is_zero() ||
				settled.more_remaining,
			Error::<T>::NothingToClaim
		);

		Self::pay(&Self::pot_account(), &who, amount)?;
		Self::pay(&Self::pot_account(), &T::ProtocolAccount::get(), settled.forfeited)?;
		Contributors::<T>::try_mutate(&who, |ledger| -> DispatchResult {
			ledger.claimed = ledger.claimed.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
			ledger.credit = Zero::zero();
			Ok(())
		})?;
		Self::deposit_event(Event::RewardsClaimed {
			who,
			amount,
			escrowed: settled.escrowed,
			forfeited: settled.forfeited,
			positions: settled.positions,
			more_remaining: settled.more_remaining,
		});
		Ok(Some(Self::claim_weight(settled.positions, settled.parts)).into())
	}

	/// The pot: the account that holds data rewards until they are claimed.
	pub fn pot_account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Makes the pot and the protocol account exist, so that payments of any size into them
	/// succeed: each gets the existential deposit if it holds less. Runs at genesis.
	pub fn endow_accounts() {
		let min = T::Currency::minimum_balance();
		for account in [Self::pot_account(), T::ProtocolAccount::get()] {
			let missing = min.saturating_sub(T::Currency::balance(&account));
			if !missing.is_zero() {
				if let Err(e) = T::Currency::mint_into(&account, missing) {
					log::error!(target: LOG_TARGET, "could not endow {account:?}: {e:?}");
				}
			}
		}
	}

	/// The weight of a claim that settles `positions` positions of `parts` parts in all: each
	/// position's first part is in `claim_rewards`, the others in `claim_rewards_parts`.
	pub(crate) fn claim_weight(positions: u32, parts: u32) -> frame_support::weights::Weight {
		T::WeightInfo::claim_rewards(positions)
			.saturating_add(T::WeightInfo::claim_rewards_parts(parts.saturating_sub(positions)))
	}

	/// Transfers `amount` from `payer` to `to`, keeping the payer alive; nothing for zero.
	pub(crate) fn pay(payer: &T::AccountId, to: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::transfer(payer, to, amount, Preservation::Preserve).map(|_| ())
	}

	/// The next positions of `who` to settle, resuming from the claim cursor: at most
	/// `MaxPositionsPerClaim` positions, and at most `MaxPartsPerClaim` parts unless the first
	/// position alone has more. Moves the cursor past them when more remain.
	pub(crate) fn claim_batch(who: &T::AccountId) -> Result<(Vec<(ModelId, PositionOf<T>)>, bool), Error<T>> {
		let (max_positions, max_parts) =
			(T::MaxPositionsPerClaim::get() as usize, T::MaxPartsPerClaim::get() as usize);
		let iter = match ClaimCursor::<T>::take(who) {
			Some(cursor) => Positions::<T>::iter_prefix_from(who, cursor.into_inner()),
			None => Positions::<T>::iter_prefix(who),
		};
		let (mut batch, mut parts, mut more_remaining) = (Vec::new(), 0usize, false);
		for (model_id, position) in iter {
			parts = parts.saturating_add(position.parts.len());
			if batch.len() == max_positions || (!batch.is_empty() && parts > max_parts) {
				more_remaining = true;
				break;
			}
			batch.push((model_id, position));
		}
		if let (true, Some((last, _))) = (more_remaining, batch.last()) {
			let cursor = Positions::<T>::hashed_key_for(who, last);
			let cursor: BoundedVec<u8, _> = cursor.try_into().map_err(|_| Error::<T>::Overflow)?;
			ClaimCursor::<T>::insert(who, cursor);
		}
		Ok((batch, more_remaining))
	}

	/// Settles the next batch of `who`'s positions (see [`Self::claim_batch`]): moves each
	/// checkpoint to now, escrows the parts earned through challenged datasets, and totals what
	/// goes to `who` and to the protocol account.
	pub(crate) fn settle_positions(who: &T::AccountId) -> Result<Settlement<BalanceOf<T>>, DispatchError> {
		let (batch, more_remaining) = Self::claim_batch(who)?;
		let mut settled = Settlement { more_remaining, ..Default::default() };
		for (model_id, mut position) in batch {
			let mut model = Models::<T>::get(model_id).ok_or(Error::<T>::UnknownModel)?;
			let since = position.checkpoint;
			let owed = model
				.rewards
				.settle(position.points, &mut position.checkpoint)
				.map_err(|_| Error::<T>::Overflow)?;
			let split = Self::split_owed(&model, &position, since, owed)?;
			for (hash, amount) in split.escrowed.iter() {
				Escrow::<T>::try_mutate(who, hash, |escrow| -> DispatchResult {
					*escrow = escrow.checked_add(amount).ok_or(Error::<T>::Overflow)?;
					Ok(())
				})?;
			}
			settled.add(&split, position.parts.len() as u32).ok_or(Error::<T>::Overflow)?;

			if model.status == ModelStatus::Retired {
				Positions::<T>::remove(who, model_id);
			} else if !owed.is_zero() {
				Positions::<T>::insert(who, model_id, position);
			}
			if !owed.is_zero() {
				Models::<T>::insert(model_id, model);
			}
		}
		Ok(settled)
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
	) -> Result<OwedSplit<BalanceOf<T>>, Error<T>> {
		let mut split = OwedSplit { contributor: owed, ..Default::default() };
		if owed.is_zero() {
			return Ok(split);
		}
		for part in position.parts.iter() {
			let Some((hash, weight)) = model.datasets.get(part.index as usize) else { continue };
			let status = Datasets::<T>::get(hash).map(|dataset| dataset.status);
			if !matches!(status, Some(DatasetStatus::Challenged | DatasetStatus::Slashed)) {
				continue;
			}
			let part_owed = model
				.rewards
				.pending(part_points(*weight, part.share), since)
				.map_err(|_| Error::<T>::Overflow)?;
			split.contributor =
				split.contributor.checked_sub(&part_owed).ok_or(Error::<T>::Overflow)?;
			if status == Some(DatasetStatus::Challenged) {
				split.escrowed.push((*hash, part_owed));
			} else {
				split.forfeited = split.forfeited.checked_add(&part_owed).ok_or(Error::<T>::Overflow)?;
			}
		}
		Ok(split)
	}
}

/// The points a dataset of weight `weight` gives a contributor with `share` of it.
pub(crate) fn part_points(weight: AttributionWeight, share: Perbill) -> u128 {
	(weight as u128) * (share.deconstruct() as u128)
}

/// Where what one position owed goes.
#[derive(Default)]
pub(crate) struct OwedSplit<Balance> {
	/// To the contributor.
	pub(crate) contributor: Balance,
	/// To escrow, by challenged dataset.
	pub(crate) escrowed: Vec<(DatasetHash, Balance)>,
	/// To the protocol account, through slashed datasets.
	pub(crate) forfeited: Balance,
}

impl<Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy> OwedSplit<Balance> {
	pub(crate) fn escrowed_total(&self) -> Option<Balance> {
		self.escrowed.iter().try_fold(Balance::zero(), |sum, (_, amount)| sum.checked_add(amount))
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
	/// Positions settled.
	positions: u32,
	/// Dataset parts of those positions.
	parts: u32,
	/// Whether positions remain for another call.
	more_remaining: bool,
}

impl<Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy> Settlement<Balance> {
	/// Adds one position's split; `None` on overflow.
	fn add(&mut self, split: &OwedSplit<Balance>, parts: u32) -> Option<()> {
		self.paid = self.paid.checked_add(&split.contributor)?;
		self.escrowed = self.escrowed.checked_add(&split.escrowed_total()?)?;
		self.forfeited = self.forfeited.checked_add(&split.forfeited)?;
		self.positions = self.positions.saturating_add(1);
		self.parts = self.parts.saturating_add(parts);
		Some(())
	}
}
