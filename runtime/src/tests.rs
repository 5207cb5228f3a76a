//! Runtime-level tests: transaction fees, database weights and the call filter.

use super::*;
use configs::{
	BaseCallFilter, MinimumMultiplier, RuntimeBlockWeights, SlowAdjustingFeeUpdate, WeightToFee,
	BASE_EXTRINSIC_FEE,
};
use frame_support::{
	dispatch::DispatchClass,
	traits::Contains,
	weights::{constants::ExtrinsicBaseWeight, Weight, WeightToFee as _},
};
use pallet_transaction_payment::Multiplier;
use sp_runtime::{
	traits::{Convert, One},
	BuildStorage, FixedPointNumber,
};

fn new_test_ext() -> sp_io::TestExternalities {
	frame_system::GenesisConfig::<Runtime>::default().build_storage().unwrap().into()
}

/// The next fee multiplier after a block that used `weight` of normal dispatch.
fn next_multiplier(current: Multiplier, weight: Weight) -> Multiplier {
	System::set_block_consumed_resources(weight, 0);
	SlowAdjustingFeeUpdate::<Runtime>::convert(current)
}

#[test]
fn the_base_weight_of_an_extrinsic_costs_the_base_fee() {
	assert_eq!(WeightToFee::weight_to_fee(&ExtrinsicBaseWeight::get()), BASE_EXTRINSIC_FEE);
}

#[test]
fn fees_rise_under_sustained_load_and_fall_to_a_floor_when_idle() {
	new_test_ext().execute_with(|| {
		let full = RuntimeBlockWeights::get().get(DispatchClass::Normal).max_total.unwrap();
		let one = Multiplier::one();
		assert!(next_multiplier(one, full) > one);
		assert!(next_multiplier(one, Weight::zero()) < one);
		// A day of full blocks (14,400) more than doubles the fee.
		let mut multiplier = one;
		for _ in 0..DAYS {
			multiplier = next_multiplier(multiplier, full);
		}
		assert!(multiplier > Multiplier::saturating_from_integer(2), "{multiplier:?}");
		// An idle chain's fee never falls below a tenth of the nominal one.
		let floor = MinimumMultiplier::get();
		assert_eq!(next_multiplier(floor, Weight::zero()), floor);
	});
}

#[test]
fn the_runtime_charges_the_measured_paritydb_weights() {
	let charged = <Runtime as frame_system::Config>::DbWeight::get();
	assert_eq!(charged, weights::paritydb_weights::constants::ParityDbWeight::get());
}

#[test]
fn session_purge_keys_is_filtered_and_the_validator_set_route_is_not() {
	assert!(!BaseCallFilter::contains(&RuntimeCall::Session(pallet_session::Call::purge_keys {})));
	assert!(BaseCallFilter::contains(&RuntimeCall::ValidatorSet(
		pallet_validator_set::Call::purge_keys {}
	)));
}
