//! Weights of the calls that dispatch for an account other than the transaction's signer.
//!
//! The benchmarks of the calls that move a payer's funds (`pay_for_queries`, balances'
//! transfers) whitelist the payer's `System::Account`: the signer's account is read and written
//! by the transaction's nonce and fee extensions, which are charged for it, so the call itself
//! is not charged again. That holds only when the payer signed. A call that dispatches for
//! another account reaches a `System::Account` that no extension touched. polkadot-sdk's
//! `proxy`, `proxy_announced` and `utility.as_derivative` charge one read and one write of it,
//! in what they declare and in what they report after the call; `as_multi_threshold_1` declares
//! it but reports without it once its call reported a weight (as `pay_for_queries` and the
//! batches do); multisig's `as_multi` when its approval executes the call, `utility.dispatch_as`,
//! `utility.dispatch_as_fallible` and `sudo.sudo_as` charge nothing for it. Those four are
//! declared here at their measured weight plus [`dispatched_for_account`] (multisig's in
//! `super::multisig`), so a block filled with them is not filled with more work than its weight
//! says. `as_multi_threshold_1` then declares it twice: an over-charge of one read and one
//! write, refunded whenever its call reports a weight.

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// One read and one write of the account a call is dispatched for.
pub fn dispatched_for_account<T: frame_system::Config>() -> Weight {
	T::DbWeight::get().reads_writes(1, 1)
}

/// `pallet-utility`'s measured weights; `dispatch_as` and `dispatch_as_fallible` dispatch for
/// another account without charging for it (`as_derivative` charges it in its own call).
pub struct UtilityWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> pallet_utility::WeightInfo for UtilityWeight<T> {
	fn batch(c: u32) -> Weight {
		pallet_utility::weights::SubstrateWeight::<T>::batch(c)
	}
	fn as_derivative() -> Weight {
		pallet_utility::weights::SubstrateWeight::<T>::as_derivative()
	}
	fn batch_all(c: u32) -> Weight {
		pallet_utility::weights::SubstrateWeight::<T>::batch_all(c)
	}
	fn dispatch_as() -> Weight {
		pallet_utility::weights::SubstrateWeight::<T>::dispatch_as()
			.saturating_add(dispatched_for_account::<T>())
	}
	fn force_batch(c: u32) -> Weight {
		pallet_utility::weights::SubstrateWeight::<T>::force_batch(c)
	}
	fn dispatch_as_fallible() -> Weight {
		pallet_utility::weights::SubstrateWeight::<T>::dispatch_as_fallible()
			.saturating_add(dispatched_for_account::<T>())
	}
	fn if_else() -> Weight {
		pallet_utility::weights::SubstrateWeight::<T>::if_else()
	}
}

/// `pallet-sudo`'s measured weights; `sudo_as` dispatches for the account it names.
pub struct SudoWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> pallet_sudo::WeightInfo for SudoWeight<T> {
	fn set_key() -> Weight {
		pallet_sudo::weights::SubstrateWeight::<T>::set_key()
	}
	fn sudo() -> Weight {
		pallet_sudo::weights::SubstrateWeight::<T>::sudo()
	}
	fn sudo_as() -> Weight {
		pallet_sudo::weights::SubstrateWeight::<T>::sudo_as()
			.saturating_add(dispatched_for_account::<T>())
	}
	fn remove_key() -> Weight {
		pallet_sudo::weights::SubstrateWeight::<T>::remove_key()
	}
	fn check_only_sudo_account() -> Weight {
		pallet_sudo::weights::SubstrateWeight::<T>::check_only_sudo_account()
	}
}
