//! Refusals across the pallet: unsigned origins, deposits an account cannot afford, sums that
//! would overflow, and rulings on a challenge that is already closed. Each is a named error that
//! changes nothing.

use super::*;
use frame_support::{assert_noop, traits::UnfilteredDispatchable};
use sp_runtime::DispatchError;

/// Every call that a signed account makes, with plausible arguments.
fn signed_calls() -> Vec<Call<Test>> {
	let h = hash(1);
	vec![
		Call::commit_dataset { commitment: h },
		Call::remove_commitment { who: 1, commitment: h },
		Call::register_dataset { hash: h, salt: [0; 32], contributors: vec![(2, Perbill::one())], metadata: vec![], terms: LicenceTerms::permissive() },
		Call::confirm_contribution { hash: h },
		Call::withdraw_dataset { hash: h },
		Call::finish_withdraw_dataset { hash: h },
		Call::register_model { datasets: vec![(h, 1)], parents: vec![], price_per_query: 1, owner_share: Perbill::zero(), metadata: vec![] },
		Call::set_model_price { model_id: 0, price_per_query: 1 },
		Call::retire_model { model_id: 0 },
		Call::remove_retired_model { model_id: 0 },
		Call::pay_for_queries { model_id: 0, queries: 1, max_total: 1 },
		Call::claim_rewards {},
		Call::settle_position { model_id: 0, contributor: 2 },
		Call::challenge_dataset { hash: h, evidence: vec![] },
		Call::close_expired_challenge { hash: h },
		Call::open_usage { model_id: 0, deposit: 1, max_price_per_query: 1 },
		Call::top_up_usage { channel_id: 0, amount: 1 },
		Call::settle_usage { model_id: 0, receipts: vec![receipt(7, 0, 1)] },
		Call::close_usage { channel_id: 0 },
		Call::finish_close_usage { channel_id: 0 },
	]
}

#[test]
fn unsigned_origins_are_refused_by_every_signed_call() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let id = add_model(4, &[(a, 1)], 10, Perbill::zero());
		assert_eq!(id, 0);
		for call in signed_calls() {
			assert_noop!(call.dispatch_bypass_filter(RuntimeOrigin::none()), DispatchError::BadOrigin);
		}
		// The curator's calls refuse a plain signed account as well as no origin.
		let resolve = Call::<Test>::resolve_challenge { hash: a, upheld: true };
		assert_noop!(resolve.clone().dispatch_bypass_filter(RuntimeOrigin::none()), DispatchError::BadOrigin);
		assert_noop!(resolve.dispatch_bypass_filter(RuntimeOrigin::signed(5)), DispatchError::BadOrigin);
		let misattribution = Call::<Test>::resolve_misattribution { hash: a, rightful: 3 };
		assert_noop!(misattribution.clone().dispatch_bypass_filter(RuntimeOrigin::none()), DispatchError::BadOrigin);
		assert_noop!(misattribution.dispatch_bypass_filter(RuntimeOrigin::signed(5)), DispatchError::BadOrigin);
	});
}

#[test]
fn a_model_deposit_the_owner_cannot_afford_is_refused() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		// Account 42 has nothing; account 43 has a little, less than the deposit.
		assert_ok!(Balances::transfer_allow_death(RuntimeOrigin::signed(5), 43, EXISTENTIAL_DEPOSIT + 10));
		for poor in [42, 43] {
			assert!(DataContribution::register_model(RuntimeOrigin::signed(poor), vec![(a, 1)], vec![], 10, Perbill::zero(), vec![])
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
		// A model's query count, its revenue and its accumulator are each checked.
		for near_max in [
			|m: &mut ModelInfoOf<Test>| m.queries_served = u64::MAX,
			|m: &mut ModelInfoOf<Test>| m.total_paid = Balance::MAX - 5,
			|m: &mut ModelInfoOf<Test>| m.rewards.data_paid = Balance::MAX - 5,
		] {
			let saved = Models::<Test>::get(id).unwrap();
			Models::<Test>::mutate(id, |m| near_max(m.as_mut().unwrap()));
			assert_noop!(paying(), Error::<Test>::Overflow);
			Models::<Test>::insert(id, saved);
		}
		// Ids: models and usage channels.
		NextModelId::<Test>::put(ModelId::MAX);
		assert_noop!(
			DataContribution::register_model(RuntimeOrigin::signed(4), vec![(a, 1)], vec![], 10, Perbill::zero(), vec![]),
			Error::<Test>::Overflow
		);
		NextModelId::<Test>::put(1);
		NextChannelId::<Test>::put(ChannelId::MAX);
		assert_noop!(
			DataContribution::open_usage(RuntimeOrigin::signed(7), id, 100, 10),
			Error::<Test>::Overflow
		);
		NextChannelId::<Test>::put(0);
		// A channel's escrow.
		assert_ok!(DataContribution::open_usage(RuntimeOrigin::signed(7), id, 100, 10));
		UsageChannels::<Test>::mutate(0, |c| c.as_mut().unwrap().escrow = Balance::MAX - 5);
		assert_noop!(DataContribution::top_up_usage(RuntimeOrigin::signed(7), 0, 10), Error::<Test>::Overflow);
		UsageChannels::<Test>::mutate(0, |c| c.as_mut().unwrap().escrow = 100);
		// A contributor's lifetime claims.
		pay(5, id, 1);
		Contributors::<Test>::mutate(2, |ledger| ledger.claimed = Balance::MAX - 1);
		assert_noop!(DataContribution::claim_rewards(RuntimeOrigin::signed(2)), Error::<Test>::Overflow);
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
