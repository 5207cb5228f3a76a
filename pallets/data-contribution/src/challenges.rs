//! Challenges: bonds, curator rulings, and where a challenged or slashed dataset's earnings go.
//!
//! Owns opening a challenge, upholding it (slashing the dataset's deposit and escrow) and
//! rejecting it (crediting the bond and the escrow back to the contributors). Settlement routes
//! the parts earned through challenged and slashed datasets lazily (see [`crate::settlement`]),
//! so a ruling touches only the dataset, its challenge and its escrow entries. Writes
//! [`Challenges`], [`Datasets`] (status and deposit), [`Escrow`] (taken at the ruling),
//! [`Contributors`] (credit) and [`Reputations`].

use crate::*;
use frame_support::{ensure, pallet_prelude::DispatchResultWithPostInfo};

impl<T: Config> Pallet<T> {
	/// Opens `challenger`'s challenge against dataset `hash`: see [`Pallet::challenge_dataset`].
	pub(crate) fn do_challenge_dataset(
		challenger: T::AccountId,
		hash: DatasetHash,
		evidence: Vec<u8>,
	) -> DispatchResultWithPostInfo {
		let evidence: BoundedVec<u8, T::MaxEvidenceLen> =
			evidence.try_into().map_err(|_| Error::<T>::EvidenceTooLong)?;
		ensure!(!Challenges::<T>::contains_key(hash), Error::<T>::ChallengeAlreadyOpen);
		let mut dataset = Datasets::<T>::get(hash).ok_or(Error::<T>::UnknownDataset)?;
		ensure!(dataset.status == DatasetStatus::Active, Error::<T>::DatasetNotActive);
		ensure!(
			!Self::dataset_accounts(&dataset).any(|account| *account == challenger),
			Error::<T>::ChallengerIsContributor
		);

		let bond = T::ChallengeBond::get();
		T::Currency::hold(&HoldReason::ChallengeBond.into(), &challenger, bond)?;
		let now = frame_system::Pallet::<T>::block_number();
		let expires_at = now.saturating_add(T::ChallengePeriod::get());
		dataset.status = DatasetStatus::Challenged;
		Self::note_reputation(&dataset, |reputation| reputation.challenged.saturating_inc());
		let actual_weight = T::WeightInfo::challenge_dataset(
			dataset.contributors.len() as u32,
			evidence.len() as u32,
		);
		Datasets::<T>::insert(hash, dataset);
		Challenges::<T>::insert(
			hash,
			Challenge { challenger: challenger.clone(), bond, evidence, expires_at },
		);
		Self::deposit_event(Event::ChallengeOpened {
			dataset: hash,
			challenger,
			bond,
			expires_at,
		});
		Ok(Some(actual_weight).into())
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
			Fortitude::Polite,
		)
		.map(|_| ())
	}

	/// Upholds `challenge` against dataset `hash`: slashes the dataset, pays the escrow to the
	/// protocol account and releases the bond. Returns the dataset's contributor count.
	pub(crate) fn uphold(hash: DatasetHash, challenge: ChallengeOf<T>) -> Result<u32, DispatchError> {
		let mut dataset = Datasets::<T>::get(hash).ok_or(Error::<T>::UnknownDataset)?;
		let protocol = T::ProtocolAccount::get();
		let slashed_deposit = core::mem::take(&mut dataset.deposit);
		let challenger_reward = T::ChallengerReward::get().mul_floor(slashed_deposit);
		let owner = &dataset.owner;
		Self::transfer_held(HoldReason::DatasetDeposit, owner, &challenge.challenger, challenger_reward)?;
		let rest = slashed_deposit.saturating_sub(challenger_reward);
		Self::transfer_held(HoldReason::DatasetDeposit, owner, &protocol, rest)?;

		let mut forfeited_escrow = BalanceOf::<T>::zero();
		for (contributor, _) in dataset.contributors.iter() {
			let escrow = Escrow::<T>::take(contributor, hash);
			forfeited_escrow = forfeited_escrow.checked_add(&escrow).ok_or(Error::<T>::Overflow)?;
		}
		Self::pay(&Self::pot_account(), &protocol, forfeited_escrow)?;
		Self::release_deposit(HoldReason::ChallengeBond, &challenge.challenger, challenge.bond)?;

		dataset.status = DatasetStatus::Slashed;
		Self::note_reputation(&dataset, |reputation| reputation.slashed.saturating_inc());
		let contributors = dataset.contributors.len() as u32;
		Datasets::<T>::insert(hash, dataset);
		Self::deposit_event(Event::ChallengeUpheld {
			dataset: hash,
			challenger: challenge.challenger,
			slashed_deposit,
			challenger_reward,
			forfeited_escrow,
		});
		Ok(contributors)
	}

	/// Rejects `challenge` against dataset `hash`: moves the bond into the pot and credits it to
	/// the contributors pro rata, credits the escrow back to them, and makes the dataset active
	/// again. Returns the dataset's contributor count.
	pub(crate) fn reject(
		hash: DatasetHash,
		challenge: ChallengeOf<T>,
		expired: bool,
	) -> Result<u32, DispatchError> {
		let mut dataset = Datasets::<T>::get(hash).ok_or(Error::<T>::UnknownDataset)?;
		let pot = Self::pot_account();
		Self::transfer_held(HoldReason::ChallengeBond, &challenge.challenger, &pot, challenge.bond)?;
		let bond_shares = rewards::pro_rata(challenge.bond, dataset.contributors.iter().map(|c| c.1));

		let mut released_escrow = BalanceOf::<T>::zero();
		for ((contributor, _), bond_share) in dataset.contributors.iter().zip(bond_shares) {
			let escrow = Escrow::<T>::take(contributor, hash);
			released_escrow = released_escrow.checked_add(&escrow).ok_or(Error::<T>::Overflow)?;
			let credit = escrow.checked_add(&bond_share).ok_or(Error::<T>::Overflow)?;
			Contributors::<T>::try_mutate(contributor, |ledger| -> DispatchResult {
				ledger.credit = ledger.credit.checked_add(&credit).ok_or(Error::<T>::Overflow)?;
				Ok(())
			})?;
		}

		dataset.status = DatasetStatus::Active;
		let contributors = dataset.contributors.len() as u32;
		Datasets::<T>::insert(hash, dataset);
		Self::deposit_event(Event::ChallengeRejected {
			dataset: hash,
			challenger: challenge.challenger,
			bond: challenge.bond,
			released_escrow,
			expired,
		});
		Ok(contributors)
	}
}
