//! Runtime-level tests: transaction fees, database weights and the call filter.

mod dispatch_for;
mod governance;
mod periods;

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
	frame_system::GenesisConfig::<Runtime>::default()
		.build_storage()
		.unwrap()
		.into()
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

/// What a call is charged for storage is what `benchmark storage` measured on ParityDB, on a
/// state of ten million keys (docs/performance.md: the 99th percentiles, 18.468 µs a read and
/// 66.787 µs a write), not Substrate's RocksDB reference figures (25 µs and 100 µs): a rerun
/// that changes them changes this test and the docs together.
#[test]
fn storage_is_charged_at_the_costs_measured_on_paritydb() {
	let charged = <Runtime as frame_system::Config>::DbWeight::get();
	let per_item = (charged.reads(1).ref_time(), charged.writes(1).ref_time());
	assert_eq!(per_item, (18_468_000, 66_787_000));
	assert_eq!(charged.reads_writes(3, 2).ref_time(), 3 * 18_468_000 + 2 * 66_787_000);
}

#[test]
fn session_purge_keys_is_filtered_and_the_validator_set_route_is_not() {
	assert!(!BaseCallFilter::contains(&RuntimeCall::Session(pallet_session::Call::purge_keys {})));
	assert!(BaseCallFilter::contains(&RuntimeCall::ValidatorSet(
		pallet_validator_set::Call::purge_keys {}
	)));
}

#[test]
fn a_data_contribution_proxy_runs_a_model_but_cannot_move_its_principals_funds() {
	use alloc::boxed::Box;
	use configs::ProxyType;
	use frame_support::traits::InstanceFilter;
	use pallet_data_contribution::Call as DC;
	let someone = AccountId::from([7u8; 32]);
	let transfer: RuntimeCall =
		BalancesCall::transfer_keep_alive { dest: someone.clone().into(), value: UNIT }.into();
	let set_price: RuntimeCall = DC::set_model_price { model_id: 0, price_per_query: 1 }.into();
	let settle: RuntimeCall = DC::settle_usage { model_id: 0, receipts: vec![] }.into();
	let claim: RuntimeCall = DC::claim_model_revenue { model_id: 0 }.into();
	let pay: RuntimeCall = DC::pay_for_queries { model_id: 0, queries: 1, max_total: 1 }.into();
	let fund: RuntimeCall =
		DC::open_usage { model_id: 0, deposit: 1, max_price_per_query: 1 }.into();
	let give_away: RuntimeCall =
		DC::offer_model_ownership { model_id: 0, new_owner: someone.clone() }.into();
	let take_on: RuntimeCall = DC::accept_model_ownership { model_id: 0 }.into();
	let loosen: RuntimeCall = DC::set_dataset_terms {
		hash: Default::default(),
		terms: pallet_data_contribution::LicenceTerms::permissive(),
	}
	.into();
	let rule: RuntimeCall =
		DC::resolve_misattribution { hash: Default::default(), rightful: someone.clone() }.into();
	// A stolen hot key could free the principal's dataset hash for itself (withdraw, then register
	// the hash once the dataset is removed), or make its reveal fail and publish the hash.
	let withdraw: RuntimeCall = DC::withdraw_dataset { hash: Default::default() }.into();
	let uncommit: RuntimeCall =
		DC::remove_commitment { who: someone.clone(), commitment: Default::default() }.into();
	let sudo: RuntimeCall = pallet_sudo::Call::sudo { call: Box::new(transfer.clone()) }.into();
	let nested: RuntimeCall = pallet_proxy::Call::proxy {
		real: someone.clone().into(),
		force_proxy_type: None,
		call: Box::new(transfer.clone()),
	}
	.into();
	let shared: RuntimeCall = pallet_multisig::Call::as_multi_threshold_1 {
		other_signatories: vec![],
		call: Box::new(transfer.clone()),
	}
	.into();
	let batch = |calls: Vec<RuntimeCall>| -> RuntimeCall {
		pallet_utility::Call::batch_all { calls }.into()
	};
	let remark: RuntimeCall = frame_system::Call::remark { remark: vec![] }.into();

	for allowed in [&set_price, &settle, &claim, &batch(vec![set_price.clone()])] {
		assert!(ProxyType::DataContribution.filter(allowed), "{allowed:?}");
		assert!(ProxyType::NonTransfer.filter(allowed), "{allowed:?}");
	}
	let stake: RuntimeCall = DC::register_model {
		datasets: vec![],
		parents: vec![],
		price_per_query: 1,
		owner_share: Default::default(),
		metadata: vec![],
	}
	.into();
	// A curator's vote is its own: a stolen hot key must not rule for it.
	let vote: RuntimeCall = pallet_collective::Call::<Runtime, configs::CuratorCollective>::vote {
		proposal: Default::default(),
		index: 0,
		approve: true,
	}
	.into();
	let refused_calls = [
		&transfer, &pay, &fund, &give_away, &take_on, &loosen, &rule, &sudo, &nested, &shared,
		&stake, &withdraw, &uncommit, &vote,
	];
	for refused in refused_calls {
		assert!(!ProxyType::DataContribution.filter(refused), "{refused:?}");
		assert!(!ProxyType::NonTransfer.filter(refused), "{refused:?}");
		assert!(ProxyType::Any.filter(refused));
	}
	// Other pallets' calls: only NonTransfer and Any.
	assert!(!ProxyType::DataContribution.filter(&remark));
	assert!(ProxyType::NonTransfer.filter(&remark));
	// A proxy can add only proxies of a type it covers.
	assert!(ProxyType::NonTransfer.is_superset(&ProxyType::DataContribution));
	assert!(!ProxyType::DataContribution.is_superset(&ProxyType::NonTransfer));
	assert!(!ProxyType::NonTransfer.is_superset(&ProxyType::Any));
	assert!(ProxyType::Any.is_superset(&ProxyType::NonTransfer));
}

#[test]
fn the_multisig_and_proxy_deposits_follow_the_pallets_byte_price() {
	use configs::deposit;
	assert_eq!(deposit(1, 0), UNIT);
	assert_eq!(deposit(0, 1), MILLI_UNIT);
	assert_eq!(configs::MultisigDepositBase::get(), UNIT + 88 * MILLI_UNIT);
	assert_eq!(configs::ProxyDepositFactor::get(), 33 * MILLI_UNIT);
}

#[test]
fn an_upgrade_seats_the_curators_in_an_empty_council_once() {
	use frame_support::traits::OnRuntimeUpgrade;
	use pallet_membership::Instance1;
	new_test_ext().execute_with(|| {
		let [a, b] = [[1u8; 32], [2u8; 32]].map(AccountId::from);
		// No curators: nothing to seat.
		migrations::SeatCuratorCouncil::on_runtime_upgrade();
		assert!(pallet_collective::Members::<Runtime, configs::CuratorCollective>::get().is_empty());

		pallet_membership::Members::<Runtime, Instance1>::put(
			frame_support::BoundedVec::truncate_from(vec![a.clone(), b.clone()]),
		);
		pallet_membership::Prime::<Runtime, Instance1>::put(b.clone());
		migrations::SeatCuratorCouncil::on_runtime_upgrade();
		let seats = || pallet_collective::Members::<Runtime, configs::CuratorCollective>::get();
		assert_eq!(seats(), vec![a.clone(), b.clone()]);
		assert_eq!(pallet_collective::Prime::<Runtime, configs::CuratorCollective>::get(), Some(b));

		// A council that has members is left alone.
		pallet_membership::Members::<Runtime, Instance1>::put(
			frame_support::BoundedVec::truncate_from(vec![a.clone()]),
		);
		migrations::SeatCuratorCouncil::on_runtime_upgrade();
		assert_eq!(seats().len(), 2);
	});
}
