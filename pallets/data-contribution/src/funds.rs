//! Every movement of funds, and the pallet's own accounts: holds (deposits, the challenge bond,
//! the usage escrow) and their release or transfer, and payments into and out of the pot. This is
//! the only module that moves `T::Currency` (the invariants read it, and the benchmarks fund
//! their accounts through it).

use crate::*;

impl<T: Config> Pallet<T> {
	/// The pot: the account that holds data rewards and model revenue until they are claimed.
	pub fn pot_account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// The account that holds every channel's escrow, under `UsageEscrow`.
	pub fn usage_escrow_account() -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating(b"usage")
	}

	/// Makes the pot, the protocol account and the usage escrow account exist, so that payments
	/// of any size into them succeed: each gets the existential deposit if it holds less. Runs at
	/// genesis.
	pub fn endow_accounts() {
		let min = T::Currency::minimum_balance();
		for account in
			[Self::pot_account(), T::ProtocolAccount::get(), Self::usage_escrow_account()]
		{
			let missing = min.saturating_sub(T::Currency::balance(&account));
			if !missing.is_zero() {
				if let Err(e) = T::Currency::mint_into(&account, missing) {
					log::error!(target: LOG_TARGET, "could not endow {account:?}: {e:?}");
				}
			}
		}
	}

	/// Holds `amount` of `who`'s free balance under `reason`: a deposit or a bond.
	pub(crate) fn hold(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		T::Currency::hold(&reason.into(), who, amount)
	}

	/// Releases exactly `deposit`, held from `who` under `reason`, to its free balance.
	pub(crate) fn release_deposit(
		reason: HoldReason,
		who: &T::AccountId,
		deposit: BalanceOf<T>,
	) -> DispatchResult {
		T::Currency::release(&reason.into(), who, deposit, Precision::Exact).map(|_| ())
	}

	/// Holds `deposit` under `reason` from `to` and releases it to `from`: the new owner pays
	/// first, so that a failure leaves the old owner's hold in place.
	pub(crate) fn move_deposit(
		reason: HoldReason,
		from: &T::AccountId,
		to: &T::AccountId,
		deposit: BalanceOf<T>,
	) -> DispatchResult {
		Self::hold(reason, to, deposit)?;
		Self::release_deposit(reason, from, deposit)
	}

	/// Moves `amount` held for `reason` from `from` to the free balance of `to`; nothing for zero.
	pub(crate) fn transfer_held(
		reason: HoldReason,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::transfer_on_hold(
			&reason.into(),
			from,
			to,
			amount,
			Precision::Exact,
			Restriction::Free,
			// A slash or a bond moves whatever freezes say.
			Fortitude::Force,
		)
		.map(|_| ())
	}

	/// Moves `amount` from `consumer`'s free balance into the usage escrow account, held there
	/// under `UsageEscrow`; the consumer stays alive.
	pub(crate) fn hold_in_escrow(consumer: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		T::Currency::transfer_and_hold(
			&HoldReason::UsageEscrow.into(),
			consumer,
			&Self::usage_escrow_account(),
			amount,
			Precision::Exact,
			Preservation::Preserve,
			Fortitude::Polite,
		)
		.map(|_| ())
	}

	/// Transfers `amount` from `payer` to `to`, keeping the payer alive; nothing for zero.
	pub(crate) fn pay(
		payer: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::transfer(payer, to, amount, Preservation::Preserve).map(|_| ())
	}

	/// What `who` can pay and stay alive.
	pub(crate) fn spendable(who: &T::AccountId) -> BalanceOf<T> {
		T::Currency::reducible_balance(who, Preservation::Preserve, Fortitude::Polite)
	}

	/// `amount` if `to` can take it now, else nothing.
	pub(crate) fn deliverable(to: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
		let takes =
			T::Currency::can_deposit(to, amount, Provenance::Extant) == DepositConsequence::Success;
		if takes {
			amount
		} else {
			Zero::zero()
		}
	}
}
