//! `register_model`, `set_model_price` and `retire_model`.

use super::*;
use frame_support::assert_noop;

fn register(
	owner: AccountId,
	datasets: Vec<(H256, u32)>,
) -> sp_runtime::DispatchResultWithInfo<frame_support::dispatch::PostDispatchInfo> {
	DataContribution::register_model(
		RuntimeOrigin::signed(owner),
		datasets,
		vec![],
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

		// Base plus one per byte: the record; three positions of one part each (a 72-byte key:
		// two 16-byte prefixes, a hashed u64 account and a hashed u64 model id; a 38-byte value:
		// points, checkpoint, one part of a compact index and a Perbill behind a compact
		// length); two entries of the dataset-to-models index (96-byte keys: the prefixes, a
		// hashed 32-byte hash and a hashed model id); and an ownership offer (a 48-byte key and
		// a u64 account).
		let bytes = model.encoded_size() as Balance + 3 * (72 + 38) + 2 * 96 + (48 + 8);
		assert_eq!(model.deposit, DEPOSIT_BASE + DEPOSIT_PER_BYTE * bytes);
		assert_eq!(held(4), model.deposit);
		assert_eq!(
			last_event(),
			Event::ModelRegistered {
				model_id: id,
				owner: 4,
				positions: 3,
				deposit: model.deposit,
				datasets: vec![(a, 1), (b, 3)].try_into().unwrap(),
				parents: Default::default(),
				owner_share: Perbill::from_percent(20),
				price_per_query: 10,
			}
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
		// A reference of weight zero is not indexed: it does not keep `b` in use.
		assert_eq!(Datasets::<Test>::get(b).unwrap().models, 0);
		assert!(DatasetModels::<Test>::get(b, id).is_none());
		assert_ok!(DataContribution::withdraw_dataset(RuntimeOrigin::signed(1), b));
		for _ in 0..CHALLENGE_PERIOD {
			next_block();
		}
		assert_ok!(DataContribution::finish_withdraw_dataset(RuntimeOrigin::signed(1), b));
	});
}

#[test]
fn register_model_rejects_bad_input_without_state_change() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let b = add_dataset(1, 2, &[(3, 100)]);
		assert_ok!(DataContribution::withdraw_dataset(RuntimeOrigin::signed(1), b));
		let too_many: Vec<_> = (0..=MAX_DATASETS as u64).map(|n| (hash(100 + n), 1)).collect();
		type Case = (Vec<(H256, u32)>, Error<Test>);
		let cases: Vec<Case> = vec![
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
				vec![],
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
		// 128 datasets of 16 contributors each, all distinct: 2,048 positions.
		let contributors = |n: u64| -> Vec<(AccountId, Perbill)> {
			(0..MAX_CONTRIBUTORS as u64)
				.map(|c| {
					(
						1_000 + n * MAX_CONTRIBUTORS as u64 + c,
						Perbill::from_rational(1u32, MAX_CONTRIBUTORS),
					)
				})
				.collect()
		};
		// 16 × 62_500_000 parts is exactly one billion.
		let all = MAX_DATASETS as u64;
		add_datasets(1, &(0..all).map(|n| (hash(n), contributors(n))).collect::<Vec<_>>());
		let datasets: Vec<(H256, u32)> = (0..all).map(|n| (hash(n), 1 + n as u32)).collect();
		let id = add_model(4, &datasets, 10, Perbill::zero());
		assert_eq!(Positions::<Test>::iter().filter(|(_, m, _)| *m == id).count(), 2_048);
		assert_eq!(Models::<Test>::get(id).unwrap().positions, 2_048);
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
		// The deposit stays with the model's storage: its one position is still there.
		assert_eq!(held(4), deposit);
		assert_eq!(last_event(), Event::ModelRetired { model_id: id });
	});
}

#[test]
fn a_retired_models_deposit_comes_back_with_its_last_position() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 60), (3, 40)]);
		let b = add_dataset(1, 2, &[(3, 100)]);
		let id = add_model(4, &[(a, 1), (b, 1)], 1_000, Perbill::zero());
		let deposit = held(4);
		pay(5, id, 1);
		assert_ok!(DataContribution::retire_model(RuntimeOrigin::signed(4), id));
		// Contributor 2 claims: one position left.
		claim(2);
		assert_eq!(Models::<Test>::get(id).unwrap().positions, 1);
		assert_eq!(held(4), deposit);
		// The owner settles the last one on 3's behalf: credited, then claimable.
		assert_noop!(
			DataContribution::settle_position(RuntimeOrigin::signed(4), id, 2),
			Error::<Test>::NoPosition
		);
		assert_noop!(
			DataContribution::remove_retired_model(RuntimeOrigin::signed(4), id),
			Error::<Test>::PositionsRemain
		);
		assert_ok!(DataContribution::settle_position(RuntimeOrigin::signed(4), id, 3));
		let owed_to_3 = 950 * 70 / 100;
		assert_eq!(
			last_event(),
			Event::PositionSettled {
				model_id: id,
				contributor: 3,
				credited: owed_to_3,
				escrowed: 0,
				forfeited: 0,
				redirected: 0,
			}
		);
		assert_ok!(DataContribution::remove_retired_model(RuntimeOrigin::signed(9), id));
		assert_eq!(last_event(), Event::ModelRemoved { model_id: id, owner: 4, deposit });
		assert!(Models::<Test>::get(id).is_none());
		assert_eq!(DatasetModels::<Test>::iter_prefix(a).count(), 0);
		assert_eq!(Datasets::<Test>::get(a).unwrap().models, 0);
		assert_eq!(held(4), 0);
		assert_eq!(pending(3), owed_to_3);
		let before = free(3);
		claim(3);
		assert_eq!(free(3), before + owed_to_3);
	});
}

#[test]
fn anyone_may_settle_a_position_and_the_last_one_of_a_retired_model_removes_it() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let b = add_dataset(1, 2, &[(3, 100)]);
		// `b` weighs nothing, `a` is the model's only source of positions.
		let id = add_model(4, &[(a, 1), (b, 0)], 10, Perbill::zero());
		assert_noop!(
			DataContribution::remove_retired_model(RuntimeOrigin::signed(9), id),
			Error::<Test>::ModelNotRetired
		);
		assert_noop!(
			DataContribution::remove_retired_model(RuntimeOrigin::signed(9), id + 1),
			Error::<Test>::UnknownModel
		);
		// Settling a position of an active model moves its checkpoint, and keeps it.
		assert_ok!(DataContribution::settle_position(RuntimeOrigin::signed(9), id, 2));
		assert_eq!(Models::<Test>::get(id).unwrap().positions, 1);
		assert_ok!(DataContribution::retire_model(RuntimeOrigin::signed(4), id));
		assert_ok!(DataContribution::settle_position(RuntimeOrigin::signed(9), id, 2));
		assert_ok!(DataContribution::remove_retired_model(RuntimeOrigin::signed(9), id));
		assert!(Models::<Test>::get(id).is_none());
		assert_eq!(held(4), 0);
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
