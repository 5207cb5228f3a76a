//! Storage migrations, each behind the storage version it moves from.

use crate::*;
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};

/// Version 0 to 1: usage channels.
pub mod v1 {
	use super::*;

	/// Usage channels' storage starts empty; what they need is the usage escrow account to
	/// exist, which genesis endows on a new chain (`Pallet::endow_accounts`). This endows it, with
	/// the existential deposit, on a chain that started before: without it, the first
	/// `open_usage` could not hold escrow there.
	pub struct EndowUsageEscrow<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for EndowUsageEscrow<T> {
		fn on_runtime_upgrade() -> Weight {
			Pallet::<T>::endow_accounts();
			// Each of the three accounts: its balance read, and at most a mint written.
			T::DbWeight::get().reads_writes(3, 4)
		}
	}

	/// [`EndowUsageEscrow`], run once, when the pallet's storage version is 0, which it then
	/// sets to 1.
	pub type MigrateV0ToV1<T> = VersionedMigration<
		0,
		1,
		EndowUsageEscrow<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
