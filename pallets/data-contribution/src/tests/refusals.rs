//! Refusals across the pallet: unsigned origins, deposits an account cannot afford, sums that
//! would overflow, and rulings on a challenge that is already closed. Each is a named error that
//! changes nothing.

use super::*;
use frame_support::{assert_noop, traits::UnfilteredDispatchable};
use sp_runtime::DispatchError;

/// Who may make a call.
#[derive(Debug, PartialEq)]
enum Caller {
	/// Any signed account (each call then checks its own rules).
	Signed,
	/// `CuratorOrigin` only.
	Curator,
}

/// Who may make `call`: the match names every call, so that a call added later does not compile
/// until it is placed here, and [`every_call`] must then give an example of it.
fn caller_of(call: &Call<Test>) -> Caller {
	match call {
		Call::commit_dataset { .. }
		| Call::remove_commitment { .. }
		| Call::register_dataset { .. }
		| Call::confirm_contribution { .. }
		| Call::withdraw_dataset { .. }
		| Call::finish_withdraw_dataset { .. }
		| Call::register_model { .. }
		| Call::set_model_price { .. }
		| Call::retire_model { .. }
		| Call::remove_retired_model { .. }
		| Call::pay_for_queries { .. }
		| Call::claim_rewards { .. }
		| Call::claim_model_revenue { .. }
		| Call::settle_position { .. }
		| Call::challenge_dataset { .. }
		| Call::close_expired_challenge { .. }
		| Call::open_usage { .. }
		| Call::top_up_usage { .. }
		| Call::settle_usage { .. }
		| Call::close_usage { .. }
		| Call::finish_close_usage { .. }
		| Call::offer_dataset_ownership { .. }
		| Call::accept_dataset_ownership { .. }
		| Call::offer_model_ownership { .. }
		| Call::accept_model_ownership { .. }
		| Call::set_dataset_terms { .. }
		| Call::prove_inclusion { .. } => Caller::Signed,
		Call::resolve_challenge { .. } | Call::resolve_misattribution { .. } => Caller::Curator,
		Call::__Ignore(..) => unreachable!("never constructed"),
	}
}

/// One call of each kind, with plausible arguments.
fn every_call(h: H256) -> Vec<Call<Test>> {
	vec![
		Call::commit_dataset { commitment: h },
		Call::remove_commitment { who: 1, commitment: h },
		Call::register_dataset {
			hash: h,
			salt: [0; 32],
			contributors: vec![(2, Perbill::one())],
			metadata: vec![],
			terms: LicenceTerms::permissive(),
		},
		Call::confirm_contribution { hash: h },
		Call::withdraw_dataset { hash: h },
		Call::finish_withdraw_dataset { hash: h },
		Call::register_model {
			datasets: vec![(h, 1)],
			parents: vec![],
			price_per_query: 1,
			owner_share: Perbill::zero(),
			metadata: vec![],
		},
		Call::set_model_price { model_id: 0, price_per_query: 1 },
		Call::retire_model { model_id: 0 },
		Call::remove_retired_model { model_id: 0 },
		Call::pay_for_queries { model_id: 0, queries: 1, max_total: 1 },
		Call::claim_rewards {},
		Call::claim_model_revenue { model_id: 0 },
		Call::settle_position { model_id: 0, contributor: 2 },
		Call::challenge_dataset { hash: h, evidence: vec![] },
		Call::close_expired_challenge { hash: h },
		Call::open_usage { model_id: 0, deposit: 1, max_price_per_query: 1 },
		Call::top_up_usage { channel_id: 0, amount: 1 },
		Call::settle_usage { model_id: 0, receipts: vec![receipt(7, 0, 1)] },
		Call::close_usage { channel_id: 0 },
		Call::finish_close_usage { channel_id: 0 },
		Call::offer_dataset_ownership { hash: h, new_owner: 3 },
		Call::accept_dataset_ownership { hash: h },
		Call::offer_model_ownership { model_id: 0, new_owner: 3 },
		Call::accept_model_ownership { model_id: 0 },
		Call::set_dataset_terms { hash: h, terms: LicenceTerms::permissive() },
		Call::resolve_challenge { hash: h, upheld: true },
		Call::resolve_misattribution { hash: h, rightful: 3 },
		Call::prove_inclusion {
			hash: h,
			proof: InclusionProof { path: b"a".to_vec(), content: h, siblings: vec![] },
		},
	]
}

#[test]
fn every_call_has_an_example_and_a_caller() {
	use frame_support::traits::GetCallName;
	let calls = new_test_ext().execute_with(|| every_call(hash(1)));
	let mut named: Vec<&str> = calls.iter().map(|call| call.get_call_name()).collect();
	named.sort_unstable();
	let mut all = Call::<Test>::get_call_names().to_vec();
	all.sort_unstable();
	assert_eq!(named, all, "every call of the pallet has one example");
}

#[test]
fn unsigned_origins_are_refused_by_every_call_and_signed_ones_by_the_curators() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let id = add_model(4, &[(a, 1)], 10, Perbill::zero());
		assert_eq!(id, 0);
		assert_ok!(DataContribution::challenge_dataset(RuntimeOrigin::signed(9), a, vec![]));
		for call in every_call(a) {
			assert_noop!(
				call.clone().dispatch_bypass_filter(RuntimeOrigin::none()),
				DispatchError::BadOrigin
			);
			if caller_of(&call) == Caller::Curator {
				assert_noop!(
					call.dispatch_bypass_filter(RuntimeOrigin::signed(5)),
					DispatchError::BadOrigin
				);
			}
		}
	});
}

#[test]
fn a_model_deposit_the_owner_cannot_afford_is_refused() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		// Account 42 has nothing; account 43 has a little, less than the deposit.
		assert_ok!(Balances::transfer_allow_death(
			RuntimeOrigin::signed(5),
			43,
			EXISTENTIAL_DEPOSIT + 10
		));
		for poor in [42, 43] {
			assert!(DataContribution::register_model(
				RuntimeOrigin::signed(poor),
				vec![(a, 1)],
				vec![],
				10,
				Perbill::zero(),
				vec![]
			)
			.is_err_and(|e| matches!(e.error, DispatchError::Token(_))));
		}
		assert_eq!(NextModelId::<Test>::get(), 0);
		assert!(Positions::<Test>::iter().next().is_none());
	});
}

#[test]
fn overflowing_sums_are_named_errors_that_change_nothing() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let id = add_model(4, &[(a, 1)], 10, Perbill::zero());
		let paying = || DataContribution::pay_for_queries(RuntimeOrigin::signed(5), id, 1, 10);
		// A model's revenue and its accumulator are each checked (its query count only reports,
		// and saturates: tests/security.rs).
		for near_max in [
			|m: &mut ModelInfo<Test>| m.total_paid = Balance::MAX - 5,
			|m: &mut ModelInfo<Test>| m.rewards.data_paid = Balance::MAX - 5,
		] {
			let saved = Models::<Test>::get(id).unwrap();
			Models::<Test>::mutate(id, |m| near_max(m.as_mut().unwrap()));
			assert_noop!(paying(), sp_runtime::ArithmeticError::Overflow);
			Models::<Test>::insert(id, saved);
		}
		// Ids: models and usage channels.
		NextModelId::<Test>::put(ModelId::MAX);
		assert_noop!(
			DataContribution::register_model(
				RuntimeOrigin::signed(4),
				vec![(a, 1)],
				vec![],
				10,
				Perbill::zero(),
				vec![]
			),
			sp_runtime::ArithmeticError::Overflow
		);
		NextModelId::<Test>::put(1);
		NextChannelId::<Test>::put(ChannelId::MAX);
		assert_noop!(
			DataContribution::open_usage(RuntimeOrigin::signed(7), id, 100, 10),
			sp_runtime::ArithmeticError::Overflow
		);
		NextChannelId::<Test>::put(0);
		// A channel's escrow.
		assert_ok!(DataContribution::open_usage(RuntimeOrigin::signed(7), id, 100, 10));
		UsageChannels::<Test>::mutate(0, |c| c.as_mut().unwrap().escrow = Balance::MAX - 5);
		assert_noop!(
			DataContribution::top_up_usage(RuntimeOrigin::signed(7), 0, 10),
			sp_runtime::ArithmeticError::Overflow
		);
		UsageChannels::<Test>::mutate(0, |c| c.as_mut().unwrap().escrow = 100);
		// A contributor's lifetime claims.
		pay(5, id, 1);
		Contributors::<Test>::mutate(2, |ledger| ledger.claimed = Balance::MAX - 1);
		assert_noop!(
			DataContribution::claim_rewards(RuntimeOrigin::signed(2)),
			sp_runtime::ArithmeticError::Overflow
		);
		Contributors::<Test>::mutate(2, |ledger| ledger.claimed = 0);
		claim(2);
	});
}

#[test]
fn a_challenge_closed_as_expired_cannot_be_ruled_on() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		assert_ok!(DataContribution::challenge_dataset(RuntimeOrigin::signed(9), a, vec![]));
		System::set_block_number(System::block_number() + CHALLENGE_PERIOD);
		assert_ok!(DataContribution::close_expired_challenge(RuntimeOrigin::signed(8), a));
		for upheld in [true, false] {
			assert_noop!(
				DataContribution::resolve_challenge(RuntimeOrigin::root(), a, upheld),
				Error::<Test>::NoOpenChallenge
			);
		}
		assert_noop!(
			DataContribution::resolve_misattribution(RuntimeOrigin::root(), a, 3),
			Error::<Test>::NoOpenChallenge
		);
		assert_noop!(
			DataContribution::close_expired_challenge(RuntimeOrigin::signed(8), a),
			Error::<Test>::NoOpenChallenge
		);
	});
}
