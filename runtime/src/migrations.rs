//! The runtime's own migrations: what an upgrade does besides the pallets' migrations.

use frame_support::{
	traits::{ChangeMembers, InitializeMembers, OnRuntimeUpgrade},
	weights::Weight,
};

use crate::{configs::CuratorCollective, AccountId, CuratorCouncil, Runtime};

/// The `Curators` set (pallet-membership's instance).
type CuratorSet = pallet_membership::Members<Runtime, pallet_membership::Instance1>;
/// The curator council's members (pallet-collective's instance).
type CouncilSeats = pallet_collective::Members<Runtime, CuratorCollective>;

/// Seats the curator council on a chain whose curators were named before the council existed:
/// its members become the `Curators` set, as `MembershipInitialized` seats them at genesis, and
/// `MembershipChanged` keeps them equal from then on. Does nothing where the council has members
/// or there are no curators, so it is safe on every upgrade.
pub struct SeatCuratorCouncil;

impl OnRuntimeUpgrade for SeatCuratorCouncil {
	fn on_runtime_upgrade() -> Weight {
		let db = <Runtime as frame_system::Config>::DbWeight::get();
		let curators = CuratorSet::get();
		if curators.is_empty() || !CouncilSeats::get().is_empty() {
			return db.reads(2);
		}
		<CuratorCouncil as InitializeMembers<AccountId>>::initialize_members(&curators);
		// The prime, if Root named one, is the council's too, as `MembershipChanged` keeps it
		// (`AbsentIsNay` gives it no say over absent votes).
		if let Some(prime) =
			pallet_membership::Prime::<Runtime, pallet_membership::Instance1>::get()
		{
			<CuratorCouncil as ChangeMembers<AccountId>>::set_prime(Some(prime));
			return db.reads_writes(3, 2);
		}
		db.reads_writes(3, 1)
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(_state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		frame_support::ensure!(
			CouncilSeats::get() == CuratorSet::get().into_inner(),
			"the curator council's members are the Curators set"
		);
		Ok(())
	}
}
