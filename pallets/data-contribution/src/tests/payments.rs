//! `pay_for_queries`: the split, the limits, and the accumulator.

use super::*;
use frame_support::assert_noop;

fn setup() -> ModelId {
	let a = add_dataset(1, 1, &[(2, 100)]);
	add_model(4, &[(a, 1)], 1_000, Perbill::from_percent(20))
}

#[test]
fn a_payment_is_split_at_once_and_moves_money_once() {
	run_test(|| {
		let id = setup();
		let (payer, owner, protocol, pot_before) = (free(5), free(4), free(PROTOCOL), free(pot()));
		pay(5, id, 3);
		// 3_000 in all: 5% (150) to the protocol, 20% of 2_850 (570) to the owner, 2_280 to data.
		// All of it waits in the pot; the owner's and protocol's parts are credited to the model.
		assert_eq!(free(5), payer - 3_000);
		assert_eq!(free(PROTOCOL), protocol);
		assert_eq!(free(4), owner);
		assert_eq!(free(pot()), pot_before + 3_000);
		assert_eq!(
			Models::<Test>::get(id).unwrap().revenue,
			ModelRevenue { owner: 570, protocol: 150 }
		);
		assert_eq!(
			last_event(),
			Event::UsageRecorded {
				model_id: id,
				payer: 5,
				queries: 3,
				amount: 3_000,
				protocol_fee: 150,
				owner_reward: 570,
				data_reward: 2_280,
			}
		);
		let model = Models::<Test>::get(id).unwrap();
		assert_eq!(model.queries_served, 3);
		assert_eq!(model.total_paid, 3_000);
		assert_eq!(model.rewards.data_paid, 2_280);
		assert_eq!(pending(2), 2_280);
	});
}

#[test]
fn pay_for_queries_rejects_bad_input_without_state_change() {
	run_test(|| {
		let id = setup();
		let paying = |who, id, queries, max| {
			DataContribution::pay_for_queries(RuntimeOrigin::signed(who), id, queries, max)
		};
		assert_noop!(paying(5, id, 2, 1_999), Error::<Test>::PaymentAboveLimit);
		assert_noop!(paying(5, id, 0, 1_000), Error::<Test>::ZeroQueries);
		assert_noop!(paying(5, 9, 1, 1_000), Error::<Test>::UnknownModel);
		assert_noop!(paying(42, id, 1, 1_000), Error::<Test>::InsufficientBalance);
		// Spending everything would kill the payer: it must stay above the existential deposit.
		assert_noop!(paying(5, id, 1_000_000, Balance::MAX), Error::<Test>::InsufficientBalance);
		assert_ok!(DataContribution::set_model_price(RuntimeOrigin::signed(4), id, Balance::MAX));
		assert_noop!(paying(5, id, 2, Balance::MAX), sp_runtime::ArithmeticError::Overflow);
		assert_ok!(DataContribution::retire_model(RuntimeOrigin::signed(4), id));
		assert_noop!(paying(5, id, 1, Balance::MAX), Error::<Test>::ModelNotActive);
	});
}

#[test]
fn a_price_change_before_inclusion_is_caught_by_max_total() {
	run_test(|| {
		let id = setup();
		assert_ok!(DataContribution::set_model_price(RuntimeOrigin::signed(4), id, 1_001));
		assert_noop!(
			DataContribution::pay_for_queries(RuntimeOrigin::signed(5), id, 1, 1_000),
			Error::<Test>::PaymentAboveLimit
		);
	});
}

#[test]
fn the_owner_may_pay_for_its_own_model() {
	run_test(|| {
		let id = setup();
		let before = free(4);
		pay(4, id, 1);
		// The owner pays 1_000 and gets its 190 share back when it claims the model's revenue.
		assert_eq!(free(4), before - 1_000);
		assert_ok!(DataContribution::claim_model_revenue(RuntimeOrigin::signed(4), id));
		assert_eq!(free(4), before - 1_000 + 190);
	});
}

#[test]
fn a_free_model_records_usage_without_moving_funds() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let id = add_model(4, &[(a, 1)], 0, Perbill::zero());
		let before = free(5);
		pay(5, id, 10);
		assert_eq!(free(5), before);
		assert_eq!(Models::<Test>::get(id).unwrap().queries_served, 10);
	});
}

#[test]
fn model_revenue_is_paid_to_the_owner_and_the_protocol_by_anyone_exactly() {
	run_test(|| {
		let id = setup();
		pay(5, id, 3);
		pay(6, id, 7);
		// 3_000 and 7_000: protocol 150 + 350, owner 570 + 1_330.
		let (owner, protocol, pot_before) = (free(4), free(PROTOCOL), free(pot()));
		assert_ok!(DataContribution::claim_model_revenue(RuntimeOrigin::signed(7), id));
		assert_eq!(free(4), owner + 1_900);
		assert_eq!(free(PROTOCOL), protocol + 500);
		assert_eq!(free(pot()), pot_before - 2_400);
		assert_eq!(
			last_event(),
			Event::ModelRevenueClaimed {
				model_id: id,
				owner: 4,
				owner_amount: 1_900,
				protocol_amount: 500
			}
		);
		assert_eq!(Models::<Test>::get(id).unwrap().revenue, ModelRevenue::new());
		// The data reward stayed for the contributor.
		assert_eq!(pending(2), 2_280 + 5_320);
		assert_noop!(
			DataContribution::claim_model_revenue(RuntimeOrigin::signed(7), id),
			Error::<Test>::NothingToClaim
		);
		assert_noop!(
			DataContribution::claim_model_revenue(RuntimeOrigin::signed(7), 9),
			Error::<Test>::UnknownModel
		);
	});
}

#[test]
fn removing_a_retired_model_pays_its_revenue_first() {
	run_test(|| {
		let id = setup();
		pay(5, id, 3);
		assert_ok!(DataContribution::retire_model(RuntimeOrigin::signed(4), id));
		assert_ok!(DataContribution::claim_rewards(RuntimeOrigin::signed(2)));
		let (owner, protocol) = (free(4), free(PROTOCOL));
		let deposit = Models::<Test>::get(id).unwrap().deposit;
		assert_ok!(DataContribution::remove_retired_model(RuntimeOrigin::signed(7), id));
		assert!(!Models::<Test>::contains_key(id));
		assert_eq!(free(PROTOCOL), protocol + 150);
		// The owner gets its 570 and the model's deposit back.
		assert_eq!(free(4), owner + 570 + deposit);
		assert_eq!(held(4), 0);
		System::assert_has_event(
			Event::ModelRevenueClaimed {
				model_id: id,
				owner: 4,
				owner_amount: 570,
				protocol_amount: 150,
			}
			.into(),
		);
	});
}

#[test]
fn revenue_an_account_cannot_take_stays_credited_and_the_rest_is_paid() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let id = add_model(4, &[(a, 1)], 100, Perbill::from_percent(20));
		pay(5, id, 1);
		// 100: protocol 5, owner 19, data 76. The protocol account was drained (only Root could):
		// 5 planck cannot re-create it (the existential deposit is 10).
		frame_system::Account::<Test>::remove(PROTOCOL);
		let owner = free(4);
		assert_ok!(DataContribution::claim_model_revenue(RuntimeOrigin::signed(7), id));
		assert_eq!(free(4), owner + 19);
		assert_eq!(
			Models::<Test>::get(id).unwrap().revenue,
			ModelRevenue { owner: 0, protocol: 5 }
		);
		assert_noop!(
			DataContribution::claim_model_revenue(RuntimeOrigin::signed(7), id),
			Error::<Test>::RevenueUndeliverable
		);
		assert_ok!(DataContribution::retire_model(RuntimeOrigin::signed(4), id));
		assert_ok!(DataContribution::claim_rewards(RuntimeOrigin::signed(2)));
		assert_noop!(
			DataContribution::remove_retired_model(RuntimeOrigin::signed(7), id),
			Error::<Test>::RevenueUndeliverable
		);
		// Once the protocol account holds the existential deposit again, the part goes through.
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<_>>::mint_into(
			&PROTOCOL,
			EXISTENTIAL_DEPOSIT
		));
		assert_ok!(DataContribution::remove_retired_model(RuntimeOrigin::signed(7), id));
		assert_eq!(free(PROTOCOL), EXISTENTIAL_DEPOSIT + 5);
	});
}

/// The number of storage keys one payment writes, on a model over `datasets` datasets of
/// `contributors` contributors each.
fn keys_written_by_a_payment(datasets: u64, contributors: u64) -> usize {
	let mut ext = new_test_ext();
	ext.execute_with(|| {
		let share = Perbill::from_rational(1, contributors as u32);
		let mut list: Vec<(AccountId, Perbill)> =
			(0..contributors).map(|c| (100 + c, share)).collect();
		// The first contributor takes the rounding remainder, so that the shares sum to 100%.
		list[0].1 =
			Perbill::from_parts(1_000_000_000 - share.deconstruct() * (contributors as u32 - 1));
		add_datasets(1, &(0..datasets).map(|n| (hash(n), list.clone())).collect::<Vec<_>>());
		let hashes: Vec<_> = (0..datasets).map(|n| (hash(n), 1)).collect();
		add_model(4, &hashes, 1_000, Perbill::from_percent(20));
		System::reset_events();
	});
	ext.commit_all().unwrap();
	ext.execute_with(|| pay(5, 0, 1));
	ext.overlayed_changes().changes().count()
}

#[test]
fn payments_write_the_same_storage_whatever_the_number_of_contributors() {
	let small = keys_written_by_a_payment(1, 1);
	assert_eq!(small, keys_written_by_a_payment(100, 10));
	assert_eq!(small, keys_written_by_a_payment(10, 16));
}
