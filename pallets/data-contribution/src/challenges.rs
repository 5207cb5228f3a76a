//! Challenges: bonds, curator rulings, and where a challenged or slashed dataset's earnings go.
//!
//! Owns opening a challenge (of an active dataset, or of a withdrawn one during its notice),
//! upholding it as bad data (slashing the dataset's deposit and escrow) or as misattribution
//! (slashing the deposit and crediting the escrow and future earnings to the rightful account),
//! and rejecting it (crediting the escrow back to the contributors; the bond goes to the protocol
//! account). Settlement routes the parts earned through challenged and slashed datasets lazily
//! (see [`crate::settlement`]), so a ruling touches only the dataset, its challenge and its
//! escrow entries. Writes
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
		// A withdrawal does not escape a challenge: a withdrawn dataset stays open to one for as
		// long as its record exists, that is while models trained on it pay through it.
		ensure!(
			matches!(dataset.status, DatasetStatus::Active | DatasetStatus::Withdrawn),
			Error::<T>::DatasetNotActive
		);
		let now = frame_system::Pallet::<T>::block_number();
		Self::ensure_registration_settled(&dataset)?;
		// Only who signed for the dataset answers for it: a stranger naming an account as a
		// contributor cannot keep it from challenging.
		ensure!(
			!Self::confirmed_accounts(&dataset).any(|account| *account == challenger),
			Error::<T>::ChallengerIsContributor
		);

		let bond = T::ChallengeBond::get();
		Self::hold(HoldReason::ChallengeBond, &challenger, bond)?;
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
		Self::deposit_event(Event::ChallengeOpened { dataset: hash, challenger, bond, expires_at });
		Ok(Some(actual_weight).into())
	}

	/// Rules on the open challenge against dataset `hash`: see [`Pallet::resolve_challenge`].
	pub(crate) fn do_resolve_challenge(
		hash: DatasetHash,
		upheld: bool,
	) -> DispatchResultWithPostInfo {
		let challenge = Challenges::<T>::take(hash).ok_or(Error::<T>::NoOpenChallenge)?;
		let actual_weight = if upheld {
			T::WeightInfo::resolve_challenge_upheld(Self::uphold(hash, challenge, None)?)
		} else {
			T::WeightInfo::resolve_challenge_rejected(Self::reject(hash, challenge, false)?)
		};
		Ok(Some(actual_weight).into())
	}

	/// Upholds the open challenge against dataset `hash` as one of misattribution: see
	/// [`Pallet::resolve_misattribution`].
	pub(crate) fn do_resolve_misattribution(
		hash: DatasetHash,
		rightful: T::AccountId,
	) -> DispatchResultWithPostInfo {
		let challenge = Challenges::<T>::take(hash).ok_or(Error::<T>::NoOpenChallenge)?;
		let contributors = Self::uphold(hash, challenge, Some(rightful))?;
		Ok(Some(T::WeightInfo::resolve_challenge_upheld(contributors)).into())
	}

	/// Closes the expired challenge against dataset `hash` as rejected: see
	/// [`Pallet::close_expired_challenge`].
	pub(crate) fn do_close_expired_challenge(hash: DatasetHash) -> DispatchResultWithPostInfo {
		let challenge = Challenges::<T>::get(hash).ok_or(Error::<T>::NoOpenChallenge)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now >= challenge.expires_at, Error::<T>::ChallengePeriodNotOver);
		Challenges::<T>::remove(hash);
		let contributors = Self::reject(hash, challenge, true)?;
		Ok(Some(T::WeightInfo::close_expired_challenge(contributors)).into())
	}

	/// Upholds `challenge` against dataset `hash` and releases the bond. The owner's deposit is
	/// slashed. As bad data (`rightful` is `None`) the dataset is slashed and its escrow paid to
	/// the protocol account; as misattributed, it is reattributed to `rightful`, who is
	/// credited its escrow. Returns the dataset's contributor count.
	pub(crate) fn uphold(
		hash: DatasetHash,
		challenge: Challenge<T>,
		rightful: Option<T::AccountId>,
	) -> Result<u32, DispatchError> {
		let mut dataset = Datasets::<T>::get(hash).ok_or(Error::<T>::UnknownDataset)?;
		let protocol = T::ProtocolAccount::get();
		let slashed_deposit = core::mem::take(&mut dataset.deposit);
		let challenger_reward = T::ChallengerReward::get().mul_floor(slashed_deposit);
		let owner = &dataset.owner;
		Self::transfer_held(
			HoldReason::DatasetDeposit,
			owner,
			&challenge.challenger,
			challenger_reward,
		)?;
		let rest = slashed_deposit.saturating_sub(challenger_reward);
		Self::transfer_held(HoldReason::DatasetDeposit, owner, &protocol, rest)?;

		let mut escrow = BalanceOf::<T>::zero();
		for (contributor, _) in dataset.contributors.iter() {
			let taken = Escrow::<T>::take(contributor, hash);
			escrow = escrow.checked_add(&taken).ok_or(ArithmeticError::Overflow)?;
		}
		Self::release_deposit(HoldReason::ChallengeBond, &challenge.challenger, challenge.bond)?;
		Self::note_reputation(&dataset, |reputation| reputation.slashed.saturating_inc());
		let contributors = dataset.contributors.len() as u32;

		let event = match rightful {
			None => {
				Self::pay(&Self::pot_account(), &protocol, escrow)?;
				dataset.status = DatasetStatus::Slashed;
				Event::ChallengeUpheld {
					dataset: hash,
					challenger: challenge.challenger,
					slashed_deposit,
					challenger_reward,
					forfeited_escrow: escrow,
				}
			},
			Some(rightful) => {
				Self::credit(&rightful, escrow)?;
				dataset.status = DatasetStatus::Reattributed;
				dataset.rightful = Some(rightful.clone());
				Event::MisattributionUpheld {
					dataset: hash,
					challenger: challenge.challenger,
					rightful,
					slashed_deposit,
					challenger_reward,
					redirected_escrow: escrow,
				}
			},
		};
		Datasets::<T>::insert(hash, dataset);
		// A ruled dataset never changes hands: an offer made before the challenge lapses.
		DatasetOwnershipOffers::<T>::remove(hash);
		Self::deposit_event(event);
		Ok(contributors)
	}

	/// Rejects `challenge` against dataset `hash`: credits the escrow back to the contributors,
	/// and gives the dataset back the status it had (active, or withdrawn). The bond goes to the
	/// protocol account, whether a curator rejected the challenge or it `expired` unruled: a
	/// rejected challenge costs its challenger the whole bond, whoever it is. Were the bond shared
	/// with the dataset's contributors, one of them could challenge its own dataset (from a
	/// second account, if barred) and get its share back, freezing the dataset's earnings for
	/// less than a bond; and an owner could hold its own dataset's challenge slot with a sock
	/// puppet for free. Returns the dataset's contributor count.
	pub(crate) fn reject(
		hash: DatasetHash,
		challenge: Challenge<T>,
		expired: bool,
	) -> Result<u32, DispatchError> {
		let mut dataset = Datasets::<T>::get(hash).ok_or(Error::<T>::UnknownDataset)?;
		let protocol = T::ProtocolAccount::get();
		Self::transfer_held(
			HoldReason::ChallengeBond,
			&challenge.challenger,
			&protocol,
			challenge.bond,
		)?;

		let mut released_escrow = BalanceOf::<T>::zero();
		for (contributor, _) in dataset.contributors.iter() {
			let escrow = Escrow::<T>::take(contributor, hash);
			released_escrow =
				released_escrow.checked_add(&escrow).ok_or(ArithmeticError::Overflow)?;
			Self::credit(contributor, escrow)?;
		}

		dataset.status = match dataset.withdrawn_at {
			Some(_) => DatasetStatus::Withdrawn,
			None => DatasetStatus::Active,
		};
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
