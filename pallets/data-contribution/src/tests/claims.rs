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
			last_claim(),
			Event::RewardsClaimed {
				who: 2,
				amount: 570,
				escrowed: 0,
				forfeited: 0,
				redirected: 0,
				positions: 1,
				more_remaining: false,
				models: settled_models(&[id]),
			}
		);
		assert_eq!(
			DataContribution::contributor_total(&2),
			ContributorBalance { pending: 0, escrowed: 0, claimed: 570, earned: 570, next: None }
		);
		assert_eq!(
			DataContribution::contributor_total(&3),
			ContributorBalance { pending: 380, escrowed: 0, claimed: 0, earned: 380, next: None }
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
		let models: Vec<_> =
			(0..64).map(|_| add_model(4, &[(a, 1)], 100, Perbill::zero())).collect();
		for id in &models {
			pay(5, *id, 1);
		}
		let before = free(2);
		claim(2);
		assert_eq!(free(2), before + 64 * 95);
		assert_eq!(
			last_claim(),
			Event::RewardsClaimed {
				who: 2,
				amount: 64 * 95,
				escrowed: 0,
				forfeited: 0,
				redirected: 0,
				positions: 64,
				more_remaining: false,
				models: settled_models(&models),
			}
		);
		assert!(ClaimCursor::<Test>::get(2).is_none());
	});
}

#[test]
fn claims_page_through_more_positions_than_one_call_settles() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let mut ids: Vec<ModelId> = (0..(MAX_CLAIM + 6))
			.map(|_| {
				let id = add_model(4, &[(a, 1)], 100, Perbill::zero());
				pay(5, id, 1);
				id
			})
			.collect();
		// A claim settles positions in the order of their storage keys.
		ids.sort_by_key(|id| Positions::<Test>::hashed_key_for(2, id));
		let (first_page, second_page) = ids.split_at(MAX_CLAIM as usize);
		let before = free(2);
		claim(2);
		assert_eq!(
			last_claim(),
			Event::RewardsClaimed {
				who: 2,
				amount: MAX_CLAIM as Balance * 95,
				escrowed: 0,
				forfeited: 0,
				redirected: 0,
				positions: MAX_CLAIM,
				more_remaining: true,
				models: settled_models(first_page),
			}
		);
		claim(2);
		assert_eq!(
			last_claim(),
			Event::RewardsClaimed {
				who: 2,
				amount: 6 * 95,
				escrowed: 0,
				forfeited: 0,
				redirected: 0,
				positions: 6,
				more_remaining: false,
				models: settled_models(second_page),
			}
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

/// The review's claim dead-end: the page after the cursor holds only a retired position that owes
/// nothing. The claim wraps around to the positions before the cursor instead of failing.
#[test]
fn a_claim_wraps_around_when_the_rest_of_the_round_owes_nothing() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		for _ in 0..=MAX_CLAIM {
			add_model(4, &[(a, 1)], 100, Perbill::zero());
		}
		// The model of the last position in storage order is never paid.
		let order: Vec<ModelId> = Positions::<Test>::iter_prefix(2).map(|(id, _)| id).collect();
		let (last, first) = (*order.last().unwrap(), order[0]);
		for id in &order[..MAX_CLAIM as usize] {
			pay(5, *id, 1);
		}
		claim(2);
		assert!(matches!(
			last_event(),
			Event::RewardsClaimed { positions: MAX_CLAIM, more_remaining: true, .. }
		));
		assert_ok!(DataContribution::retire_model(RuntimeOrigin::signed(4), last));
		pay(5, first, 1);
		assert_eq!(pending(2), 95);

		let before = free(2);
		claim(2);
		assert_eq!(free(2), before + 95);
		assert_eq!(pending(2), 0);
		assert!(matches!(last_event(), Event::RewardsClaimed { amount: 95, .. }));
		// The retired position was settled and removed on the way.
		assert!(Positions::<Test>::get(2, last).is_none());
	});
}

/// Whatever the cursor and whatever the positions after it owe, claiming while anything is
/// pending always succeeds, and drains it within a bounded number of calls.
#[test]
fn repeated_claims_drain_pending_whatever_the_cursor() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let models: Vec<_> = (0..(2 * MAX_CLAIM + 3))
			.map(|_| add_model(4, &[(a, 1)], 100, Perbill::zero()))
			.collect();
		for round in 0..4u64 {
			for (i, id) in models.iter().enumerate() {
				if (i as u64 + round).is_multiple_of(7) {
					pay(5, *id, 1);
				}
			}
			let bound = models.len() as u32 / MAX_CLAIM + 2;
			let mut calls = 0;
			while pending(2) > 0 {
				claim(2);
				calls += 1;
				assert!(calls <= bound, "more than {bound} claims to drain");
			}
			// One page, then stop: leaves the cursor mid-round for the next round.
			pay(5, models[0], 1);
			claim(2);
		}
	});
}

mod paging {
	use super::*;
	use proptest::prelude::*;

	/// Contributors of the paging scenarios.
	const CONTRIBUTORS: [AccountId; 3] = [2, 3, 6];

	#[derive(Clone, Debug)]
	enum Step {
		Pay { model: usize, queries: u32 },
		Retire { model: usize },
		Drain { who: usize },
	}

	fn step() -> impl Strategy<Value = Step> {
		prop_oneof![
			4 => (0usize..64, 1u32..4).prop_map(|(model, queries)| Step::Pay { model, queries }),
			1 => (0usize..64).prop_map(|model| Step::Retire { model }),
			2 => (0usize..CONTRIBUTORS.len()).prop_map(|who| Step::Drain { who }),
		]
	}

	/// Claims for `who` while anything is pending: every call succeeds, and at most
	/// `⌈positions / page⌉ + 1` calls drain it, where a page takes at least
	/// `min(MaxPositionsPerClaim, MaxPartsPerClaim / 4)` positions of at most 4 parts.
	fn drain(who: AccountId) -> u32 {
		let positions = Positions::<Test>::iter_prefix(who).count() as u32;
		let page = ClaimPositions::get().min(ClaimParts::get() / 4).max(1);
		let bound = positions.div_ceil(page) + 1;
		let mut calls = 0;
		while pending(who) > 0 {
			assert_ok!(DataContribution::claim_rewards(RuntimeOrigin::signed(who)));
			calls += 1;
			assert!(calls <= bound, "{calls} claims for {positions} positions, bound {bound}");
		}
		calls
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(64))]

		/// For random position sets of several pages, random payments and retirements, repeated
		/// claims always drain `contributor_balance.pending` to zero.
		#[test]
		fn repeated_claims_always_drain_pending(
			max_claim in 1u32..=3,
			max_parts in 4u32..=9,
			datasets in proptest::collection::vec(
				proptest::sample::subsequence(CONTRIBUTORS.to_vec(), 1..=3), 4),
			models in proptest::collection::vec(proptest::sample::subsequence(vec![0usize, 1, 2, 3], 1..=4), 4..16),
			steps in proptest::collection::vec(step(), 1..80),
		) {
			ClaimPositions::set(max_claim);
			ClaimParts::set(max_parts);
			run_test(|| {
				let hashes: Vec<H256> = datasets.iter().enumerate().map(|(n, people)| {
					let share = 100 / people.len() as u32;
					let mut split: Vec<(AccountId, u32)> = people.iter().map(|p| (*p, share)).collect();
					split[0].1 += 100 - share * people.len() as u32;
					add_dataset(1, n as u64 + 1, &split)
				}).collect();
				let ids: Vec<ModelId> = models.iter().map(|picks| {
					let over: Vec<(H256, u32)> = picks.iter().map(|i| (hashes[*i], *i as u32 + 1)).collect();
					add_model(4, &over, 1_000, Perbill::from_percent(10))
				}).collect();
				for step in steps.iter() {
					match step {
						Step::Pay { model, queries } => {
							let id = ids[model % ids.len()];
							if Models::<Test>::get(id).unwrap().status == ModelStatus::Active {
								pay(5, id, *queries);
							}
						},
						Step::Retire { model } => {
							let _ = DataContribution::retire_model(RuntimeOrigin::signed(4), ids[model % ids.len()]);
						},
						Step::Drain { who } => {
							drain(CONTRIBUTORS[*who]);
							assert_eq!(pending(CONTRIBUTORS[*who]), 0);
						},
					}
					next_block();
				}
				for who in CONTRIBUTORS {
					drain(who);
					assert_eq!(pending(who), 0);
				}
			});
			ClaimPositions::set(MAX_CLAIM);
			ClaimParts::set(MAX_PARTS);
		}
	}
}
