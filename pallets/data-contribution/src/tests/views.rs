//! The read-only views behind the runtime API: pages bound their work, and pages add up.

use super::*;

/// Reads every page of `who`'s balance, `limit` positions at a time.
fn balance_pages(who: AccountId, limit: u32) -> Vec<ContributorBalance<Balance>> {
	let mut page = ViewPage { start: None, limit };
	let mut pages = Vec::new();
	loop {
		let balance = DataContribution::contributor_balance(who, page);
		let next = balance.next;
		pages.push(balance);
		match next {
			Some(start) => page.start = Some(start),
			None => return pages,
		}
	}
}

#[test]
fn balance_pages_add_up_to_the_whole_balance() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 60), (3, 40)]);
		let models: Vec<_> =
			(0..7).map(|_| add_model(4, &[(a, 1)], 1_000, Perbill::zero())).collect();
		for (i, id) in models.iter().enumerate() {
			pay(5, *id, i as u32 + 1);
		}
		claim(3);
		let whole = DataContribution::contributor_total(&2);
		assert_eq!(whole.pending, 570 * 28);
		let pages = balance_pages(2, 3);
		assert_eq!(pages.len(), 3);
		let sum =
			|f: fn(&ContributorBalance<Balance>) -> Balance| pages.iter().map(f).sum::<Balance>();
		assert_eq!(sum(|b| b.pending), whole.pending);
		assert_eq!(sum(|b| b.earned), whole.earned);
		// The account's own figures count on the first page only.
		let claimed = balance_pages(3, 2);
		assert_eq!(claimed[0].claimed, 380 * 28);
		assert!(claimed[1..].iter().all(|b| b.claimed == 0));
	});
}

#[test]
fn reward_pages_cover_every_position_once() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let models: Vec<_> =
			(0..10).map(|_| add_model(4, &[(a, 1)], 100, Perbill::zero())).collect();
		let mut seen = Vec::new();
		let mut page = ViewPage { start: None, limit: 4 };
		loop {
			let (rewards, next) = DataContribution::contributor_rewards(2, page);
			assert!(rewards.len() <= 4);
			seen.extend(rewards.iter().map(|r| r.model_id));
			match next {
				Some(start) => {
					assert_eq!(Some(start), rewards.last().map(|r| r.model_id));
					page.start = Some(start);
				},
				None => break,
			}
		}
		seen.sort();
		assert_eq!(seen, models);
	});
}

#[test]
fn dataset_earnings_pages_add_up_and_the_view_says_where_to_resume() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let models: Vec<_> =
			(0..5).map(|_| add_model(4, &[(a, 1)], 1_000, Perbill::zero())).collect();
		for id in &models {
			pay(5, *id, 1);
		}
		assert_eq!(DataContribution::dataset_earnings(&a), 5 * 950);
		let first = DataContribution::dataset(a, ViewPage { start: None, limit: 2 }).unwrap();
		assert_eq!(first.earned, 2 * 950);
		let mut total = first.earned;
		let mut next = first.next;
		while let Some(start) = next {
			let view =
				DataContribution::dataset(a, ViewPage { start: Some(start), limit: 2 }).unwrap();
			total += view.earned;
			next = view.next;
		}
		assert_eq!(total, 5 * 950);
		assert_eq!(DataContribution::dataset(a, ViewPage::first()).unwrap().next, None);
	});
}

#[test]
fn out_of_range_limits_are_clamped() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		for _ in 0..3 {
			add_model(4, &[(a, 1)], 100, Perbill::zero());
		}
		let (rewards, next) =
			DataContribution::contributor_rewards(2, ViewPage { start: None, limit: 0 });
		assert_eq!(rewards.len(), 1);
		assert!(next.is_some());
		let (rewards, next) =
			DataContribution::contributor_rewards(2, ViewPage { start: None, limit: u32::MAX });
		assert_eq!((rewards.len(), next), (3, None));
	});
}

/// The view functions answer through the runtime's dispatch by id (what the
/// `RuntimeViewFunction` API serves) exactly as when called in the runtime, and an unknown id is
/// refused by name.
#[test]
fn view_functions_dispatch_by_id() {
	use crate::pallet::{
		ContributorBalanceViewFunction, DatasetViewFunction, ModelViewFunction, PeriodsViewFunction,
	};
	use codec::{Decode, Encode};
	use frame_support::view_functions::{ViewFunction, ViewFunctionDispatchError, ViewFunctionId};

	fn call<V: ViewFunction>(input: impl Encode) -> V::ReturnType
	where
		V::ReturnType: Decode,
	{
		let output = Test::execute_view_function(V::id(), input.encode()).expect("dispatched");
		V::ReturnType::decode(&mut &output[..]).expect("decodes")
	}

	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 60), (3, 40)]);
		let model = add_model(4, &[(a, 1)], 1_000, Perbill::zero());
		pay(5, model, 3);
		let page = ViewPage::first();
		assert_eq!(
			call::<ContributorBalanceViewFunction<Test>>((2u64, page)),
			DataContribution::contributor_balance(2, page)
		);
		assert_eq!(call::<ContributorBalanceViewFunction<Test>>((2u64, page)).pending, 1_710);
		let dataset = call::<DatasetViewFunction<Test>>((a, page)).unwrap();
		assert_eq!(dataset, DataContribution::dataset(a, page).unwrap());
		assert_eq!((dataset.dataset_hash, dataset.earned, dataset.models), (a, 2_850, 1));
		let view = call::<ModelViewFunction<Test>>(model).unwrap();
		assert_eq!((view.model_id, view.total_paid, view.earned), (model, 3_000, 3_000));
		assert_eq!(call::<ModelViewFunction<Test>>(model + 1), None);
		assert_eq!(call::<PeriodsViewFunction<Test>>(()), DataContribution::periods());

		let unknown = ViewFunctionId { prefix: [0; 16], suffix: [0; 16] };
		assert!(matches!(
			Test::execute_view_function(unknown, vec![]),
			Err(ViewFunctionDispatchError::NotFound(_))
		));
	});
}
