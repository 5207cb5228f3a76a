//! The invariants checked after every block. Each failure panics with what did not hold.

use fairshare_runtime::{AllPalletsWithSystem, Balance, BlockNumber, Runtime};
use frame_support::{
	dispatch::DispatchClass,
	traits::{TryState, TryStateSelect},
	weights::Weight,
};

/// Every check, on the state after block `number`.
pub fn after_block(number: BlockNumber) {
	if let Err(error) = AllPalletsWithSystem::try_state(number, TryStateSelect::All) {
		panic!("try_state failed after block {number}: {error:?}");
	}
	accounts_and_issuance();
	block_weight(number);
}

/// Each account: its holds are part of its reserved balance; it has a provider; a consumer when
/// it reserves or freezes anything (what keeps it from being reaped). No hold or freeze belongs
/// to an account that is gone. The total issuance is the sum of every account's free and
/// reserved balance: no balance was created or lost (fees and dust are burned, and leave the
/// issuance with them).
fn accounts_and_issuance() {
	let mut total: Balance = 0;
	for (who, info) in frame_system::Account::<Runtime>::iter() {
		let data = info.data;
		total = total
			.checked_add(data.free)
			.and_then(|sum| sum.checked_add(data.reserved))
			.expect("the accounts' balances sum without overflow");
		let held = pallet_balances::Holds::<Runtime>::get(&who)
			.iter()
			.try_fold(0 as Balance, |sum, hold| sum.checked_add(hold.amount))
			.expect("an account's holds sum without overflow");
		assert!(held <= data.reserved, "{who}: holds {held} above its reserved {}", data.reserved);
		assert!(info.providers > 0 || info.sufficients > 0, "{who}: an account without provider");
		if data.reserved > 0 || data.frozen > 0 {
			assert!(info.consumers > 0, "{who}: reserves or freezes without a consumer");
		}
	}
	for who in pallet_balances::Holds::<Runtime>::iter_keys()
		.chain(pallet_balances::Freezes::<Runtime>::iter_keys())
	{
		assert!(
			frame_system::Account::<Runtime>::contains_key(&who),
			"{who}: holds of a reaped account"
		);
	}
	let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
	assert_eq!(issuance, total, "the total issuance is not the sum of the accounts");
}

/// The block's consumed weight is within its limits: each class that has a limit (`Normal`,
/// `Operational`) within it, and the two together within the block's. `CheckWeight` refuses a
/// transaction that would pass them, so this holds while every transaction goes through the
/// transaction extensions. `Mandatory` weight, the hooks' and inherents', has no limit by
/// design: a block that rotates the session counts the whole block for it (`pallet_session`),
/// and then takes no `Normal` transaction. (That no call weighs more than it declared is
/// checked as each is applied, `chain::apply`.)
fn block_weight(number: BlockNumber) {
	let consumed = frame_system::BlockWeight::<Runtime>::get();
	let limits = <Runtime as frame_system::Config>::BlockWeights::get();
	let mut transactions = Weight::zero();
	for class in [DispatchClass::Normal, DispatchClass::Operational] {
		let used = *consumed.get(class);
		let limit = limits.get(class).max_total.unwrap_or(limits.max_block);
		assert!(used.all_lte(limit), "block {number}: {class:?} weighs {used:?}, above {limit:?}");
		transactions.saturating_accrue(used);
	}
	assert!(
		transactions.all_lte(limits.max_block),
		"block {number}: its transactions weigh {transactions:?}, above {:?}",
		limits.max_block
	);
}
