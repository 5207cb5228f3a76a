//! The attacker's findings on the pallet (docs/economics.md, threat model): each test failed
//! before its fix.

use super::*;
use frame_support::{
	assert_noop,
	dispatch::{GetDispatchInfo, PostDispatchInfo},
	traits::UnfilteredDispatchable,
};

/// Finding 1: a receipt at `u64::MAX` queries on a free model set the model's query count to its
/// maximum, and every later payment and settlement of the model failed with `Overflow`.
#[test]
fn a_free_receipt_at_the_largest_count_never_stops_a_model_earning() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let model = add_model(4, &[(a, 1)], 0, Perbill::zero());
		assert_ok!(DataContribution::open_usage(RuntimeOrigin::signed(7), model, 1_000, 0));
		assert_ok!(DataContribution::settle_usage(
			RuntimeOrigin::signed(4),
			model,
			vec![receipt(7, 0, u64::MAX)]
		));
		assert_eq!(Models::<Test>::get(model).unwrap().queries_served, u64::MAX);

		// The operator raises the price: payments and settlements go on, to the planck.
		assert_ok!(DataContribution::set_model_price(RuntimeOrigin::signed(4), model, 10));
		let before = free(5);
		assert_ok!(DataContribution::pay_for_queries(RuntimeOrigin::signed(5), model, 3, 30));
		assert_eq!(free(5), before - 30);
		assert_ok!(DataContribution::open_usage(RuntimeOrigin::signed(8), model, 1_000, 10));
		assert_ok!(DataContribution::settle_usage(
			RuntimeOrigin::signed(4),
			model,
			vec![receipt(8, 1, 5)]
		));
		let Event::UsageSettled { receipts, queries, amount, rejected, .. } = last_event() else {
			panic!("a settlement emits UsageSettled")
		};
		assert_eq!((receipts, queries, amount, rejected.len()), (1, 5, 50, 0));
		// The count only reports, and stays at its maximum.
		let info = Models::<Test>::get(model).unwrap();
		assert_eq!((info.queries_served, info.total_paid), (u64::MAX, 80));
	});
}

/// Finding 3: a contributor that challenged its own dataset and lost got its own share of the
/// bond back. A rejected challenge costs the challenger the whole bond: it goes to the protocol
/// account, not to the contributors, the challenger among them.
#[test]
fn a_contributor_whose_challenge_is_rejected_loses_the_whole_bond() {
	run_test(|| {
		// Owner 1 names 2 and 3 at half each; 3 never confirmed, so it may challenge.
		let a = add_dataset(1, 1, &[(2, 50), (3, 50)]);
		let (before, protocol) = (free(3), free(PROTOCOL));
		assert_ok!(DataContribution::challenge_dataset(RuntimeOrigin::signed(3), a, vec![]));
		assert_ok!(DataContribution::resolve_challenge(RuntimeOrigin::root(), a, false));
		assert_eq!(free(PROTOCOL), protocol + BOND);
		for who in [2, 3] {
			assert_eq!(
				Contributors::<Test>::get(who).credit,
				0,
				"no contributor gets any of the bond"
			);
		}
		assert_noop!(
			DataContribution::claim_rewards(RuntimeOrigin::signed(3)),
			Error::<Test>::NothingToClaim
		);
		assert_eq!(free(3), before - BOND);
	});
}

/// Finding 3, through a second account: a confirmed contributor, barred from challenging, has
/// another account challenge its dataset. The bond shared with the contributors would come back
/// in part; it goes to the protocol account instead.
#[test]
fn a_challenge_from_a_contributors_second_account_costs_the_whole_bond() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 50), (3, 50)]);
		assert_ok!(DataContribution::confirm_contribution(RuntimeOrigin::signed(3), a));
		assert_noop!(
			DataContribution::challenge_dataset(RuntimeOrigin::signed(3), a, vec![]),
			Error::<Test>::ChallengerIsContributor
		);
		let protocol = free(PROTOCOL);
		assert_ok!(DataContribution::challenge_dataset(RuntimeOrigin::signed(9), a, vec![]));
		assert_ok!(DataContribution::resolve_challenge(RuntimeOrigin::signed(CURATOR), a, false));
		assert_eq!(free(PROTOCOL), protocol + BOND);
		assert_eq!(Contributors::<Test>::get(3).credit, 0);
	});
}

/// Finding 4: a registration that displaces another walks the displaced record's owner and
/// confirmed contributors, yet declared only the weight of its own contributors.
#[test]
fn a_displacement_is_charged_for_the_record_it_displaces() {
	run_test(|| {
		RevealWindow::set(3);
		commit(1, hash(1));
		next_block();
		// A front-runner (20) registers with every contributor, all of whom confirm.
		commit(20, hash(1));
		next_block();
		let named: Vec<(AccountId, u32)> = (2..2 + MAX_CONTRIBUTORS as u64)
			.map(|who| (who, if who == 2 { 100 - (MAX_CONTRIBUTORS - 1) } else { 1 }))
			.collect();
		assert_ok!(try_reveal(20, hash(1), &named));
		for (who, _) in &named {
			assert_ok!(DataContribution::confirm_contribution(
				RuntimeOrigin::signed(*who),
				hash(1)
			));
		}
		// The earlier commitment's reveal, naming one contributor, displaces it.
		let call = Call::<Test>::register_dataset {
			hash: hash(1),
			salt: salt(1),
			contributors: vec![(2, Perbill::one())],
			metadata: vec![],
			terms: LicenceTerms::permissive(),
		};
		let declared = call.get_dispatch_info().call_weight;
		let walked = <() as WeightInfo>::register_dataset(MAX_CONTRIBUTORS, 0);
		assert_eq!(declared, walked, "the worst case is declared");
		let post: PostDispatchInfo = call.dispatch_bypass_filter(RuntimeOrigin::signed(1)).unwrap();
		assert_eq!(post.actual_weight, Some(walked), "a full displacement uses it all");
		// Without a displacement, what the call's own contributors take.
		commit(1, hash(2));
		next_block();
		let plain = Call::<Test>::register_dataset {
			hash: hash(2),
			salt: salt(1),
			contributors: vec![(2, Perbill::one())],
			metadata: vec![],
			terms: LicenceTerms::permissive(),
		};
		let post = plain.dispatch_bypass_filter(RuntimeOrigin::signed(1)).unwrap();
		assert_eq!(
			post.actual_weight,
			Some(<() as WeightInfo>::register_dataset(1, 0)),
			"the rest is refunded"
		);
		RevealWindow::set(0);
	});
}

/// Finding 5: a balance page covered up to 1,000 positions whatever their parts, each part
/// reading a dataset record. A page now ends before the position that would take it past
/// `MAX_VIEW_PARTS` parts, and the pages still add up.
#[test]
fn a_balance_page_is_bounded_by_parts() {
	run_test(|| {
		let datasets: Vec<(H256, Vec<(AccountId, Perbill)>)> = (1..=MAX_DATASETS as u64)
			.map(|n| (hash(n), vec![(2, Perbill::one())]))
			.collect();
		add_datasets(1, &datasets);
		let weights: Vec<(H256, u32)> = datasets.iter().map(|(h, _)| (*h, 1)).collect();
		// Each position has 128 parts: 1,000 parts hold 7 of them.
		let models: Vec<ModelId> =
			(0..10).map(|_| add_model(4, &weights, 1_000, Perbill::zero())).collect();
		for id in &models {
			pay(5, *id, 1);
		}
		// Each position has 128 parts: 1,000 parts hold 7 of them, each owed 950.
		let fits = (MAX_VIEW_PARTS / MAX_DATASETS) as u128;
		let first = DataContribution::contributor_balance(2, ViewPage::first());
		let next = first.next;
		let (rewards, rewards_next) = DataContribution::contributor_rewards(2, ViewPage::first());
		assert_eq!(rewards.len() as u128, fits, "a page holds the positions whose parts fit");
		assert_eq!(first.pending, 950 * fits);
		assert!(next.is_some());
		assert_eq!(rewards_next, next, "both views page alike");
		let rest = DataContribution::contributor_balance(
			2,
			ViewPage { start: next, limit: MAX_VIEW_PAGE },
		);
		assert_eq!(rest.next, None);
		assert_eq!(rest.pending, 950 * (10 - fits));
	});
}

/// The pallet's hold reasons, as its metadata lists them, are all checked by `try_state`.
#[test]
fn every_hold_reason_is_reconciled() {
	use scale_info::{TypeDef, TypeInfo};
	let TypeDef::Variant(variants) = HoldReason::type_info().type_def else {
		panic!("HoldReason is an enum")
	};
	assert_eq!(variants.variants.len(), crate::invariants::ALL_HOLD_REASONS.len());
}
