//! Commitments: the first step of registering a dataset. Its owner commits to
//! `blake2_256(tag, hash, owner, salt)`, holding a deposit, and reveals it by registering; an
//! earlier commitment revealed in time displaces a later registration of the same hash, so a
//! front-runner who copies a registration from the pool gains nothing. Writes [`Commitments`].

use crate::*;
use frame_support::ensure;
use sp_runtime::traits::{BlakeTwo256, Hash as HashT};

/// The tag that opens a commitment's preimage, so that it is never mistaken for another hash.
pub const COMMITMENT_TAG: [u8; 19] = *b"fairshare/commit/v1";

impl<T: Config> Pallet<T> {
	/// Records `who`'s `commitment`, holding its deposit: see [`Pallet::commit_dataset`].
	pub(crate) fn do_commit_dataset(who: T::AccountId, commitment: H256) -> DispatchResult {
		ensure!(
			!Commitments::<T>::contains_key(&who, commitment),
			Error::<T>::CommitmentAlreadyExists
		);
		let now = frame_system::Pallet::<T>::block_number();
		let mut record = Commitment { committed_at: now, deposit: Zero::zero() };
		record.deposit = Self::deposit_of(Self::commitment_footprint());
		Self::hold(HoldReason::CommitmentDeposit, &who, record.deposit)?;
		let deposit = record.deposit;
		Commitments::<T>::insert(&who, commitment, record);
		let expires_at = now.saturating_add(T::CommitmentLifetime::get());
		Self::deposit_event(Event::DatasetCommitted { who, commitment, deposit, expires_at });
		Ok(())
	}

	/// Removes `who`'s `commitment` at `signer`'s request: see [`Pallet::remove_commitment`].
	pub(crate) fn do_remove_commitment(
		signer: T::AccountId,
		who: T::AccountId,
		commitment: H256,
	) -> DispatchResult {
		let record =
			Commitments::<T>::get(&who, commitment).ok_or(Error::<T>::UnknownCommitment)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			signer == who || Self::commitment_expired(&record, now),
			Error::<T>::CommitmentNotExpired
		);
		Commitments::<T>::remove(&who, commitment);
		Self::release_deposit(HoldReason::CommitmentDeposit, &who, record.deposit)?;
		let deposit = record.deposit;
		Self::deposit_event(Event::CommitmentRemoved { who, commitment, deposit });
		Ok(())
	}

	/// The commitment that `register_dataset(hash, salt, …)` by `owner` reveals:
	/// `blake2_256(SCALE((b"fairshare/commit/v1", hash, owner, salt)))`, that is the tag's 19
	/// bytes (no length prefix), the 32-byte hash, the encoded account id and the 32-byte salt.
	pub fn commitment_of(hash: &DatasetHash, owner: &T::AccountId, salt: &[u8; 32]) -> H256 {
		(COMMITMENT_TAG, hash, owner, salt).using_encoded(<BlakeTwo256 as HashT>::hash)
	}

	/// Whether `record` may no longer be revealed at block `now`: `CommitmentLifetime` blocks
	/// after it was made, anyone may remove it.
	pub(crate) fn commitment_expired(record: &Commitment<T>, now: BlockNumberFor<T>) -> bool {
		now > record.committed_at.saturating_add(T::CommitmentLifetime::get())
	}
}
