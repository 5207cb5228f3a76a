//! `pallet-multisig`'s weights, with `approve_as_multi` declared at what it reports.
//!
//! `approve_as_multi` declares `approve_as_multi_create`/`_approve`, but when it records an
//! approval it reports `as_multi_create`/`as_multi_approve` of the same signatories and an empty
//! call, which can be the larger figure. A call that reports more than it declared is charged
//! only what it declared, so the block would be filled with less than the work done. Declaring
//! the larger of the two keeps the declaration an upper bound (found by the runtime fuzzer:
//! `fuzz/regressions/multisig-approve-as-multi-weight`).
//!
//! `as_multi_complete` and `as_multi_threshold_1` dispatch for the multisig's account, so they
//! are charged one read and one write of it ([`super::dispatch_for`]). `as_multi_threshold_1`'s
//! declaration adds them too, but the weight it reports once its call reported one is this
//! function's plus the call's: without them here, they would be refunded.

use super::dispatch_for::dispatched_for_account;
use core::marker::PhantomData;
use frame_support::weights::Weight;
use pallet_multisig::{weights::SubstrateWeight, WeightInfo};

/// `pallet-multisig`'s own measured weights, but for `approve_as_multi`'s declaration and the
/// dispatched-for account.
pub struct MultisigWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> WeightInfo for MultisigWeight<T> {
	fn as_multi_threshold_1(z: u32) -> Weight {
		SubstrateWeight::<T>::as_multi_threshold_1(z).saturating_add(dispatched_for_account::<T>())
	}
	fn as_multi_create(s: u32, z: u32) -> Weight {
		SubstrateWeight::<T>::as_multi_create(s, z)
	}
	fn as_multi_approve(s: u32, z: u32) -> Weight {
		SubstrateWeight::<T>::as_multi_approve(s, z)
	}
	fn as_multi_complete(s: u32, z: u32) -> Weight {
		SubstrateWeight::<T>::as_multi_complete(s, z).saturating_add(dispatched_for_account::<T>())
	}
	fn approve_as_multi_create(s: u32) -> Weight {
		SubstrateWeight::<T>::approve_as_multi_create(s)
			.max(SubstrateWeight::<T>::as_multi_create(s, 0))
	}
	fn approve_as_multi_approve(s: u32) -> Weight {
		SubstrateWeight::<T>::approve_as_multi_approve(s)
			.max(SubstrateWeight::<T>::as_multi_approve(s, 0))
	}
	fn cancel_as_multi(s: u32) -> Weight {
		SubstrateWeight::<T>::cancel_as_multi(s)
	}
	fn poke_deposit(s: u32) -> Weight {
		SubstrateWeight::<T>::poke_deposit(s)
	}
}
