//! Every call that dispatches for an account other than the signer is charged one read and one
//! write of that account on top of its pallet's measured weight and the dispatched call's own:
//! a payment's benchmark does not charge for its payer's account, because the signer's is paid
//! for by the transaction's extensions. polkadot-sdk adds it for some dispatchers, the runtime
//! for the others (`crate::weights::dispatch_for`): each declares it, and each that reports its
//! weight after the call reports it exactly once.

use super::*;
use alloc::boxed::Box;
use codec::Encode;
use frame_support::{
	dispatch::GetDispatchInfo,
	traits::{Get, UnfilteredDispatchable},
};

fn payment() -> RuntimeCall {
	pallet_data_contribution::Call::pay_for_queries { model_id: 0, queries: 1, max_total: 1 }.into()
}

/// One read and one write of an account, at the runtime's database weights.
fn account() -> Weight {
	<Runtime as frame_system::Config>::DbWeight::get().reads_writes(1, 1)
}

/// What the dispatcher's pallet measured, plus the payment's declared weight, plus the account.
fn expected(dispatcher_measured: Weight) -> Weight {
	dispatcher_measured + payment().get_dispatch_info().call_weight + account()
}

fn declared(call: impl Into<RuntimeCall>) -> Weight {
	call.into().get_dispatch_info().call_weight
}

#[test]
fn a_payment_dispatched_for_another_account_is_charged_that_accounts_read_and_write() {
	use pallet_multisig::WeightInfo as _;
	use pallet_proxy::WeightInfo as _;
	use pallet_sudo::WeightInfo as _;
	use pallet_utility::WeightInfo as _;
	let real = AccountId::from([7u8; 32]);
	let max_proxies = <Runtime as pallet_proxy::Config>::MaxProxies::get();

	let proxied = pallet_proxy::Call::proxy {
		real: real.clone().into(),
		force_proxy_type: None,
		call: Box::new(payment()),
	};
	assert_eq!(
		declared(proxied),
		expected(pallet_proxy::weights::SubstrateWeight::<Runtime>::proxy(max_proxies))
	);

	let announced = pallet_proxy::Call::proxy_announced {
		delegate: real.clone().into(),
		real: real.clone().into(),
		force_proxy_type: None,
		call: Box::new(payment()),
	};
	let max_pending = <Runtime as pallet_proxy::Config>::MaxPending::get();
	assert_eq!(
		declared(announced),
		expected(pallet_proxy::weights::SubstrateWeight::<Runtime>::proxy_announced(
			max_pending,
			max_proxies
		))
	);

	let shared = pallet_multisig::Call::as_multi_threshold_1 {
		other_signatories: vec![],
		call: Box::new(payment()),
	};
	let call_len = payment().encoded_size() as u32;
	// Declared with the account twice: by the pallet's declaration and by the runtime's
	// `as_multi_threshold_1`, which the weight reported after the call needs (below).
	let measured =
		pallet_multisig::weights::SubstrateWeight::<Runtime>::as_multi_threshold_1(call_len);
	assert_eq!(declared(shared), expected(measured + account()));

	let derived = pallet_utility::Call::as_derivative { index: 0, call: Box::new(payment()) };
	assert_eq!(
		declared(derived),
		expected(pallet_utility::weights::SubstrateWeight::<Runtime>::as_derivative())
	);

	let as_real = Box::new(OriginCaller::system(frame_system::RawOrigin::Signed(real.clone())));
	let dispatched =
		pallet_utility::Call::dispatch_as { as_origin: as_real.clone(), call: Box::new(payment()) };
	assert_eq!(
		declared(dispatched),
		expected(pallet_utility::weights::SubstrateWeight::<Runtime>::dispatch_as())
	);
	let fallible = pallet_utility::Call::dispatch_as_fallible {
		as_origin: as_real,
		call: Box::new(payment()),
	};
	assert_eq!(
		declared(fallible),
		expected(pallet_utility::weights::SubstrateWeight::<Runtime>::dispatch_as_fallible())
	);

	let sudo_as = pallet_sudo::Call::sudo_as { who: real.into(), call: Box::new(payment()) };
	assert_eq!(
		declared(sudo_as),
		expected(pallet_sudo::weights::SubstrateWeight::<Runtime>::sudo_as())
	);
}

/// A call that reports its actual weight after dispatch, as `pay_for_queries` does.
fn reporting_call() -> RuntimeCall {
	pallet_utility::Call::batch {
		calls: vec![frame_system::Call::remark { remark: vec![] }.into()],
	}
	.into()
}

/// Runs `test` at block 1 of a new state with Alice, Bob and their multisig account of
/// `threshold`, Alice holding `alice_funds`.
fn with_a_multisig(
	threshold: u16,
	alice_funds: Balance,
	test: impl FnOnce(AccountId, AccountId, AccountId),
) {
	use frame_support::traits::fungible::Mutate;
	let [alice, bob] = [[1u8; 32], [2u8; 32]].map(AccountId::from);
	new_test_ext().execute_with(|| {
		System::set_block_number(1);
		Balances::set_balance(&alice, alice_funds);
		let multisig = pallet_multisig::Pallet::<Runtime>::multi_account_id(
			&[alice.clone(), bob.clone()],
			threshold,
		);
		test(alice, bob, multisig);
	});
}

/// The weight `call`, dispatched by `who`, reports (its declaration when it reports none).
fn reported(call: RuntimeCall, who: &AccountId) -> Weight {
	let info = call.get_dispatch_info();
	let post = call
		.dispatch_bypass_filter(RuntimeOrigin::signed(who.clone()))
		.expect("the call succeeds");
	post.calc_actual_weight(&info)
}

#[test]
fn the_weight_a_dispatcher_reports_after_its_call_includes_the_account_it_dispatched_for() {
	use pallet_multisig::WeightInfo as _;
	use pallet_utility::WeightInfo as _;
	with_a_multisig(1, 0, |alice, bob, multisig| {
		let inner = reported(reporting_call(), &multisig);
		let shared = pallet_multisig::Call::as_multi_threshold_1 {
			other_signatories: vec![bob],
			call: Box::new(reporting_call()),
		};
		let call_len = reporting_call().encoded_size() as u32;
		assert_eq!(
			reported(shared.into(), &alice),
			pallet_multisig::weights::SubstrateWeight::<Runtime>::as_multi_threshold_1(call_len)
				+ account() + inner
		);

		let pseudonym = pallet_utility::derivative_account_id(alice.clone(), 0);
		let inner = reported(reporting_call(), &pseudonym);
		let derived =
			pallet_utility::Call::as_derivative { index: 0, call: Box::new(reporting_call()) };
		assert_eq!(
			reported(derived.into(), &alice),
			pallet_utility::weights::SubstrateWeight::<Runtime>::as_derivative()
				+ account() + inner
		);
	});
}

#[test]
fn an_approval_that_executes_a_multisig_call_reports_the_multisigs_account_once() {
	use pallet_multisig::WeightInfo as _;
	// Alice's funds pay the first approval's deposit.
	with_a_multisig(2, 100 * UNIT, |alice, bob, multisig| {
		let inner = reported(reporting_call(), &multisig);
		let approve = |other: &AccountId, timepoint| -> RuntimeCall {
			pallet_multisig::Call::as_multi {
				threshold: 2,
				other_signatories: vec![other.clone()],
				maybe_timepoint: timepoint,
				call: Box::new(reporting_call()),
				max_weight: reporting_call().get_dispatch_info().call_weight,
			}
			.into()
		};
		reported(approve(&bob, None), &alice);
		let timepoint = Some(pallet_multisig::Pallet::<Runtime>::timepoint());
		let call_len = reporting_call().encoded_size() as u32;
		assert_eq!(
			reported(approve(&alice, timepoint), &bob),
			pallet_multisig::weights::SubstrateWeight::<Runtime>::as_multi_complete(1, call_len)
				+ account() + inner
		);
	});
}
