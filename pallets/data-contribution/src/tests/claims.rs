//! `claim_rewards`: settlement, paging, and retired models.

use super::*;
use frame_support::assert_noop;

#[test]
fn claim_moves_pending_rewards_into_the_free_balance() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 60), (3, 40)]);
		let id = add_model(4, &[(a, 1)], 1_000, Perbill::zero());
		pay(5, id, 1);
		// 950 for the data: 570 and 380.
		let before = free(2);
		claim(2);
		assert_eq!(free(2), before + 570);
		assert_eq!(
			last_event(),
			Event::RewardsClaimed { who: 2, amount: 570, escrowed: 0, forfeited: 0, positions: 1, more_remaining: false }
		);
		assert_eq!(
			DataContribution::contributor_balance(&2),
			ContributorBalance { pending: 0, escrowed: 0, claimed: 570, earned: 570 }
		);
		assert_eq!(
			DataContribution::contributor_balance(&3),
			ContributorBalance { pending: 380, escrowed: 0, claimed: 0, earned: 380 }
		);
		assert_eq!(Models::<Test>::get(id).unwrap().rewards.claimed, 570);
		// Later payments accrue from the checkpoint on.
		pay(5, id, 2);
		assert_eq!(pending(2), 1_140);
		assert_eq!(pending(3), 380 + 760);
	});
}

#[test]
fn nothing_to_claim_is_an_error_without_state_change() {
	run_test(|| {
		assert_noop!(
			DataContribution::claim_rewards(RuntimeOrigin::signed(2)),
			Error::<Test>::NothingToClaim
		);
		let a = add_dataset(1, 1, &[(2, 100)]);
		let id = add_model(4, &[(a, 1)], 1_000, Perbill::zero());
		assert_noop!(
			DataContribution::claim_rewards(RuntimeOrigin::signed(2)),
			Error::<Test>::NothingToClaim
		);
		pay(5, id, 1);
		claim(2);
		assert_noop!(
			DataContribution::claim_rewards(RuntimeOrigin::signed(2)),
			Error::<Test>::NothingToClaim
		);
	});
}

#[test]
fn one_claim_settles_an_account_in_64_models() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let models: Vec<_> = (0..64).map(|_| add_model(4, &[(a, 1)], 100, Perbill::zero())).collect();
		for id in &models {
			pay(5, *id, 1);
		}
		let before = free(2);
		claim(2);
		assert_eq!(free(2), before + 64 * 95);
		assert_eq!(
			last_event(),
			Event::RewardsClaimed { who: 2, amount: 64 * 95, escrowed: 0, forfeited: 0, positions: 64, more_remaining: false }
		);
		assert!(ClaimCursor::<Test>::get(2).is_none());
	});
}

#[test]
fn claims_page_through_more_positions_than_one_call_settles() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		for _ in 0..(MAX_CLAIM + 6) {
			let id = add_model(4, &[(a, 1)], 100, Perbill::zero());
			pay(5, id, 1);
		}
		let before = free(2);
		claim(2);
		assert_eq!(
			last_event(),
			Event::RewardsClaimed {
				who: 2,
				amount: MAX_CLAIM as Balance * 95,
				escrowed: 0,
				forfeited: 0,
				positions: MAX_CLAIM,
				more_remaining: true
			}
		);
		claim(2);
		assert_eq!(
			last_event(),
			Event::RewardsClaimed { who: 2, amount: 6 * 95, escrowed: 0, forfeited: 0, positions: 6, more_remaining: false }
		);
		assert_eq!(free(2), before + (MAX_CLAIM as Balance + 6) * 95);
		assert_eq!(pending(2), 0);
	});
}

#[test]
fn retired_models_stay_claimable_and_their_settled_positions_are_removed() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 50), (3, 50)]);
		let id = add_model(4, &[(a, 1)], 1_000, Perbill::zero());
		pay(5, id, 1);
		assert_ok!(DataContribution::retire_model(RuntimeOrigin::signed(4), id));
		assert_eq!(pending(2), 475);
		claim(2);
		assert!(Positions::<Test>::get(2, id).is_none());
		assert!(Positions::<Test>::get(3, id).is_some());
		assert_eq!(pending(3), 475);
	});
}
