//! The referenda's scheduler: a task whose block is full lands in a later block, within
//! `SCHEDULE_SPILL`, so that nobody can make a referendum lose its alarm or its enactment by
//! filling one block's agenda.

use super::new_test_ext;
use crate::{
	configs::governance::{SpillingScheduler, SCHEDULE_SPILL},
	OriginCaller, Preimage, RuntimeCall, System,
};
use frame_support::traits::{
	schedule::{
		v3::{Anon, Named},
		DispatchTime,
	},
	StorePreimage,
};
use sp_runtime::DispatchError;

fn root() -> OriginCaller {
	frame_system::RawOrigin::Root.into()
}

/// Fills block `at`'s agenda with `MaxScheduledPerBlock` anonymous tasks.
fn fill(at: u32) {
	let call = Preimage::bound(RuntimeCall::System(frame_system::Call::remark { remark: vec![] }))
		.unwrap();
	loop {
		let placed = <crate::Scheduler as Anon<_, _, _>>::schedule(
			DispatchTime::At(at),
			None,
			0,
			root(),
			call.clone(),
		);
		match placed {
			Ok(_) => continue,
			Err(error) => {
				assert_eq!(error, DispatchError::Exhausted);
				break;
			},
		}
	}
}

#[test]
fn a_task_for_a_full_block_lands_in_the_next_one_with_room() {
	new_test_ext().execute_with(|| {
		System::set_block_number(1);
		let call =
			Preimage::bound(RuntimeCall::System(frame_system::Call::remark { remark: vec![1] }))
				.unwrap();
		fill(10);
		fill(11);
		let alarm =
			SpillingScheduler::schedule(DispatchTime::At(10), None, 128, root(), call.clone())
				.unwrap();
		assert_eq!(
			<SpillingScheduler as Anon<_, RuntimeCall, _>>::next_dispatch_time(alarm),
			Ok(12)
		);
		// `After(n)` counts from the next block, as the scheduler reads it: after 8 is block 10.
		let named = SpillingScheduler::schedule_named(
			[7; 32],
			DispatchTime::After(8),
			None,
			63,
			root(),
			call.clone(),
		)
		.unwrap();
		assert_eq!(named, (12, 1));
		assert_eq!(
			<SpillingScheduler as Named<_, RuntimeCall, _>>::next_dispatch_time([7; 32]),
			Ok(12)
		);
	});
}

#[test]
fn a_task_fails_only_when_every_block_of_the_spill_is_full() {
	new_test_ext().execute_with(|| {
		System::set_block_number(1);
		for at in 20..=20 + SCHEDULE_SPILL {
			fill(at);
		}
		let call =
			Preimage::bound(RuntimeCall::System(frame_system::Call::remark { remark: vec![1] }))
				.unwrap();
		let placed = SpillingScheduler::schedule(DispatchTime::At(20), None, 128, root(), call);
		assert_eq!(placed, Err(DispatchError::Exhausted));
	});
}

#[test]
fn each_open_motion_makes_the_next_one_dearer() {
	use crate::{configs::CuratorProposalCost, Balance, MILLI_UNIT, UNIT};
	use sp_runtime::traits::Convert;
	let cost = |open: u32| -> Balance { CuratorProposalCost::convert(open) };
	assert_eq!(cost(0), 3_024 * MILLI_UNIT);
	assert_eq!(cost(1), 3_326 * MILLI_UNIT);
	let all: Balance = (0..100).map(cost).sum();
	assert!(all > 400_000 * UNIT, "{all}");
}
