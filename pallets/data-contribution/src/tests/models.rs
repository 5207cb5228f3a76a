//! `register_model`, `set_model_price` and `retire_model`.

use super::*;
use frame_support::assert_noop;

fn register(owner: AccountId, datasets: Vec<(H256, u32)>) -> sp_runtime::DispatchResultWithInfo<frame_support::dispatch::PostDispatchInfo> {
	DataContribution::register_model(
		RuntimeOrigin::signed(owner),
		datasets,
		10,
		Perbill::from_percent(20),
		vec![],
	)
}

#[test]
fn register_model_opens_one_position_per_contributor() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(1, 100)]);
		let b = add_dataset(2, 2, &[(2, 60), (3, 40)]);
		let id = add_model(4, &[(a, 1), (b, 3)], 10, Perbill::from_percent(20));
		assert_eq!(id, 0);
		assert_eq!(NextModelId::<Test>::get(), 1);

		let model = Models::<Test>::get(id).unwrap();
		assert_eq!(model.owner, 4);
		assert_eq!(model.datasets.to_vec(), vec![(a, 1), (b, 3)]);
		assert_eq!(model.price_per_query, 10);
		assert_eq!(model.owner_share, Perbill::from_percent(20));
		assert_eq!(model.status, ModelStatus::Active);
		assert_eq!(model.rewards.total_points, 4 * 1_000_000_000);

		let points = |who| Positions::<Test>::get(who, id).unwrap().points;
		assert_eq!(points(1), 1_000_000_000);
		assert_eq!(points(2), 3 * 600_000_000);
		assert_eq!(points(3), 3 * 400_000_000);
		assert_eq!(Datasets::<Test>::get(a).unwrap().models, 1);
		assert!(DatasetModels::<Test>::contains_key(b, id));

		assert_eq!(held(4), model.deposit);
		assert_eq!(
			last_event(),
			Event::ModelRegistered { model_id: id, owner: 4, positions: 3, deposit: model.deposit }
		);
		assert_eq!(add_model(4, &[(a, 1)], 1, Perbill::zero()), 1);
	});
}

#[test]
fn a_contributor_to_several_datasets_holds_one_position() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 50), (3, 50)]);
		let b = add_dataset(1, 2, &[(2, 100)]);
		let id = add_model(4, &[(a, 2), (b, 1)], 10, Perbill::zero());
		assert_eq!(Positions::<Test>::get(2, id).unwrap().points, 2 * 500_000_000 + 1_000_000_000);
		assert_eq!(Positions::<Test>::iter_key_prefix(2).count(), 1);
	});
}

#[test]
fn zero_weight_datasets_open_no_positions() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let b = add_dataset(1, 2, &[(3, 100)]);
		let id = add_model(4, &[(a, 1), (b, 0)], 10, Perbill::zero());
		assert!(Positions::<Test>::get(3, id).is_none());
		assert!(Positions::<Test>::get(2, id).is_some());
	});
}

#[test]
fn register_model_rejects_bad_input_without_state_change() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let b = add_dataset(1, 2, &[(3, 100)]);
		assert_ok!(DataContribution::withdraw_dataset(RuntimeOrigin::signed(1), b));
		let too_many: Vec<_> = (0..=MAX_DATASETS as u64).map(|n| (hash(100 + n), 1)).collect();
		let cases: Vec<(Vec<(H256, u32)>, Error<Test>)> = vec![
			(vec![], Error::<Test>::NoDatasets),
			(vec![(a, 1), (a, 2)], Error::<Test>::DuplicateDataset),
			(vec![(hash(9), 1)], Error::<Test>::UnknownDataset),
			(vec![(b, 1)], Error::<Test>::DatasetNotActive),
			(vec![(a, 0)], Error::<Test>::ZeroWeight),
			(too_many, Error::<Test>::TooManyDatasets),
		];
		for (datasets, error) in cases {
			assert_noop!(register(4, datasets), error);
		}
		assert_noop!(
			DataContribution::register_model(
				RuntimeOrigin::signed(4),
				vec![(a, 1)],
				10,
				Perbill::zero(),
				vec![0; MAX_METADATA as usize + 1],
			),
			Error::<Test>::MetadataTooLong
		);
	});
}

#[test]
fn a_model_may_reference_the_maximum_of_datasets_with_full_contributor_lists() {
	run_test(|| {
		let contributors: Vec<(AccountId, Perbill)> = (0..MAX_CONTRIBUTORS as u64)
			.map(|c| (1_000 + c, Perbill::from_rational(1u32, MAX_CONTRIBUTORS)))
			.collect();
		// 16 × 62_500_000 parts is exactly one billion.
		let datasets: Vec<(H256, u32)> = (0..100u64)
			.map(|n| {
				assert_ok!(DataContribution::register_dataset(
					RuntimeOrigin::signed(1),
					hash(n),
					contributors.clone(),
					vec![],
				));
				(hash(n), 1 + n as u32)
			})
			.collect();
		let id = add_model(4, &datasets, 10, Perbill::zero());
		assert_eq!(Positions::<Test>::iter().filter(|(_, m, _)| *m == id).count(), 16);
	});
}

#[test]
fn set_model_price_and_retire_model() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let id = add_model(4, &[(a, 1)], 10, Perbill::zero());
		let deposit = held(4);
		assert_ok!(DataContribution::set_model_price(RuntimeOrigin::signed(4), id, 25));
		assert_eq!(Models::<Test>::get(id).unwrap().price_per_query, 25);
		assert_eq!(last_event(), Event::ModelPriceSet { model_id: id, price_per_query: 25 });

		assert_ok!(DataContribution::retire_model(RuntimeOrigin::signed(4), id));
		assert_eq!(Models::<Test>::get(id).unwrap().status, ModelStatus::Retired);
		assert_eq!(held(4), 0);
		assert_eq!(last_event(), Event::ModelRetired { model_id: id, deposit });
	});
}

#[test]
fn only_the_owner_changes_an_active_model() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let id = add_model(4, &[(a, 1)], 10, Perbill::zero());
		let price = |who, id| DataContribution::set_model_price(RuntimeOrigin::signed(who), id, 1);
		let retire = |who, id| DataContribution::retire_model(RuntimeOrigin::signed(who), id);
		assert_noop!(price(5, id), Error::<Test>::NotOwner);
		assert_noop!(retire(5, id), Error::<Test>::NotOwner);
		assert_noop!(price(4, 7), Error::<Test>::UnknownModel);
		assert_noop!(retire(4, 7), Error::<Test>::UnknownModel);
		assert_ok!(retire(4, id));
		assert_noop!(price(4, id), Error::<Test>::ModelNotActive);
		assert_noop!(retire(4, id), Error::<Test>::ModelNotActive);
	});
}
