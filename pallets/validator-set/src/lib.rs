//! # Validator Set Pallet
//!
//! Keeps the set of accounts that validate the chain, and hands it to `pallet-session`, which
//! enacts it: a validator added or removed here authors blocks (Aura) and votes on finality
//! (GRANDPA) from the second session boundary on, without a restart or a new chain.
//!
//! ## Overview
//!
//! - A **validator** is an account that has set its **session keys** with `session.setKeys` and
//!   that this pallet lists.
//! - The **manager origin** ([`Config::ManagerOrigin`]; Root in the Fairshare runtime) adds and
//!   removes validators.
//! - At each session boundary, `pallet-session` asks this pallet, as its
//!   [`SessionManager`](pallet_session::SessionManager), for the next set. The pallet answers only
//!   when the set changed since it last answered, so that an unchanged set does not make GRANDPA
//!   start a new authority set.
//! - A change is **planned** at the next session boundary and **enacted** one session later, as
//!   `pallet-session` queues the next set a session ahead.
//!
//! ## Interface
//!
//! ### Dispatchable functions
//!
//! - [`add_validator`](Pallet::add_validator): add an account with session keys to the set.
//! - [`remove_validator`](Pallet::remove_validator): remove an account from the set.
//! - [`purge_keys`](Pallet::purge_keys): remove the session keys of an account that is not in
//!   the set.
//!
//! ## Keeping the chain alive
//!
//! `pallet-session` leaves out of the next set every validator without session keys. So only
//! validators with keys count toward [`Config::MinValidators`]: a removal that would leave
//! fewer of them is refused, and a validator's keys can only be purged through
//! [`purge_keys`](Pallet::purge_keys), which refuses a listed validator (the runtime filters
//! `session.purge_keys` itself). Should the next set still have fewer validators with keys than
//! the minimum, the pallet keeps the current set and says so (`NewSetRefused`).
//!
//! ### Genesis
//!
//! [`GenesisConfig::validators`] is the set of session 0; `pallet-session`'s genesis gives their
//! keys.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod tests;
pub mod weights;

pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::Contains};
use frame_system::pallet_prelude::*;
use sp_staking::SessionIndex;

const LOG_TARGET: &str = "runtime::validator-set";

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The pallet's configuration.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The origin that adds and removes validators.
		type ManagerOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The accounts that have set session keys: only they may become validators, and only
		/// they count toward `MinValidators`.
		type HasSessionKeys: Contains<Self::AccountId>;

		/// Removes an account's session keys, as `session.purge_keys` does.
		type KeysPurger: PurgeKeys<Self::AccountId>;

		/// The most validators the set may hold; at most the consensus pallets' `MaxAuthorities`.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// The fewest validators with session keys the set may hold: removals stop there, so the
		/// chain keeps a block author and a finality quorum.
		#[pallet::constant]
		type MinValidators: Get<u32>;

		/// Weight information for the extrinsics of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// The validator set, in the order it was built.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// Whether the set changed since `pallet-session` last took it.
	#[pallet::storage]
	pub type SetChanged<T: Config> = StorageValue<_, bool, ValueQuery>;

	/// The pallet's events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A validator was added: it validates from the second session boundary on.
		ValidatorAdded {
			/// The new validator.
			who: T::AccountId,
		},
		/// A validator was removed: it stops validating at the second session boundary.
		ValidatorRemoved {
			/// The removed validator.
			who: T::AccountId,
		},
		/// A changed validator set was handed to `pallet-session` for session `session`.
		NewSetPlanned {
			/// The session from which the set validates.
			session: SessionIndex,
			/// How many validators it holds.
			validators: u32,
		},
		/// The set had fewer validators with session keys than `MinValidators`, so it was not
		/// handed to `pallet-session`: the current set goes on, and the next boundary tries again.
		NewSetRefused {
			/// The session for which the set was refused.
			session: SessionIndex,
			/// How many of its validators have session keys.
			with_keys: u32,
		},
		/// An account that is not a validator purged its session keys.
		KeysPurged {
			/// The account.
			who: T::AccountId,
		},
	}

	/// The pallet's errors.
	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a validator.
		AlreadyValidator,
		/// The account is not a validator.
		NotValidator,
		/// The set already holds `MaxValidators` validators.
		TooManyValidators,
		/// Removing would leave fewer than `MinValidators` validators with session keys.
		TooFewValidators,
		/// The account has not set session keys (`session.setKeys`).
		NoSessionKeys,
		/// A validator may not purge its session keys: it must be removed from the set first.
		StillValidator,
	}

	/// Genesis configuration: the validators of session 0.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The initial validators, each with session keys in `pallet-session`'s genesis.
		pub validators: Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let validators: BoundedVec<_, T::MaxValidators> = self
				.validators
				.clone()
				.try_into()
				.expect("genesis validators fit MaxValidators");
			Validators::<T>::put(validators);
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MinValidators::get() > 0, "MinValidators must be positive");
			assert!(
				T::MinValidators::get() <= T::MaxValidators::get(),
				"MinValidators > MaxValidators"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Adds `who` to the validator set: only `ManagerOrigin` may. `who` must have set its
		/// session keys. It validates from the second session boundary on.
		///
		/// Emits `ValidatorAdded`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_validator(T::MaxValidators::get()))]
		pub fn add_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::ManagerOrigin::ensure_origin(origin)?;
			ensure!(T::HasSessionKeys::contains(&who), Error::<T>::NoSessionKeys);
			Validators::<T>::try_mutate(|validators| -> DispatchResult {
				ensure!(!validators.contains(&who), Error::<T>::AlreadyValidator);
				validators.try_push(who.clone()).map_err(|_| Error::<T>::TooManyValidators)?;
				Ok(())
			})?;
			SetChanged::<T>::put(true);
			Self::deposit_event(Event::ValidatorAdded { who });
			Ok(())
		}

		/// Removes `who` from the validator set: only `ManagerOrigin` may, and only while at least
		/// `MinValidators` of the others have session keys. It stops validating at the second
		/// session boundary.
		///
		/// Emits `ValidatorRemoved`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_validator(T::MaxValidators::get()))]
		pub fn remove_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::ManagerOrigin::ensure_origin(origin)?;
			Validators::<T>::try_mutate(|validators| -> DispatchResult {
				let index =
					validators.iter().position(|v| *v == who).ok_or(Error::<T>::NotValidator)?;
				validators.remove(index);
				ensure!(
					Self::with_keys(validators) >= T::MinValidators::get(),
					Error::<T>::TooFewValidators
				);
				Ok(())
			})?;
			SetChanged::<T>::put(true);
			Self::deposit_event(Event::ValidatorRemoved { who });
			Ok(())
		}

		/// Removes the signer's session keys and releases their deposit, as `session.purge_keys`
		/// does; the runtime routes that call here. A validator may not: it is removed from the
		/// set first, so that the set never loses the keys it needs to author and finalize.
		///
		/// Emits `KeysPurged`.
		#[pallet::call_index(2)]
		#[pallet::weight(
			T::WeightInfo::purge_keys(T::MaxValidators::get())
				.saturating_add(T::KeysPurger::purge_weight())
		)]
		pub fn purge_keys(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!Validators::<T>::get().contains(&who), Error::<T>::StillValidator);
			T::KeysPurger::purge_keys(&who)?;
			Self::deposit_event(Event::KeysPurged { who });
			Ok(())
		}
	}
}

/// Removes an account's session keys: in the runtime, `pallet_session::Pallet::purge_keys`.
pub trait PurgeKeys<AccountId> {
	/// Removes `who`'s session keys and releases their deposit.
	fn purge_keys(who: &AccountId) -> DispatchResult;

	/// The weight of [`Self::purge_keys`].
	fn purge_weight() -> Weight;
}

impl<T: Config> Pallet<T> {
	/// How many of `validators` have session keys.
	fn with_keys(validators: &[T::AccountId]) -> u32 {
		validators.iter().filter(|v| T::HasSessionKeys::contains(v)).count() as u32
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	/// The new set, if it changed since the last call; `None` keeps the current one. A set with
	/// fewer than `MinValidators` validators with session keys is refused.
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		if !SetChanged::<T>::take() {
			return None;
		}
		let validators = Validators::<T>::get().into_inner();
		let with_keys = Self::with_keys(&validators);
		if with_keys < T::MinValidators::get() {
			log::error!(
				target: LOG_TARGET,
				"session {new_index}: only {with_keys} validators have session keys; keeping the current set"
			);
			Self::deposit_event(Event::NewSetRefused { session: new_index, with_keys });
			// Try again at the next boundary, when keys may have been set.
			SetChanged::<T>::put(true);
			return None;
		}
		log::info!(target: LOG_TARGET, "session {new_index}: {} validators", validators.len());
		Self::deposit_event(Event::NewSetPlanned {
			session: new_index,
			validators: validators.len() as u32,
		});
		Some(validators)
	}

	/// The genesis set, for sessions 0 and 1; with none, `pallet-session` takes the accounts
	/// of its genesis keys.
	fn new_session_genesis(_new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		let validators = Validators::<T>::get().into_inner();
		(!validators.is_empty()).then_some(validators)
	}

	fn end_session(_end_index: SessionIndex) {}

	fn start_session(_start_index: SessionIndex) {}
}

// Also under `std`: the node's `populate-state` checks them natively over the state it wrote.
#[cfg(any(feature = "try-runtime", feature = "std", test))]
impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants: the set holds distinct accounts, and at least
	/// `MinValidators` of them once it is not empty (an empty genesis set defers to
	/// `pallet-session`'s genesis keys).
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let validators = Validators::<T>::get();
		ensure!(
			validators.is_empty() || validators.len() as u32 >= T::MinValidators::get(),
			"fewer than MinValidators"
		);
		let mut sorted = validators.into_inner();
		sorted.sort();
		ensure!(sorted.windows(2).all(|pair| pair[0] != pair[1]), "a validator is listed twice");
		Ok(())
	}
}
