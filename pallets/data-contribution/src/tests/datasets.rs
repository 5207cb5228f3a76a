//! `register_dataset` and `withdraw_dataset`.

use super::*;
use frame_support::assert_noop;

fn register(owner: AccountId, h: H256, contributors: Vec<(AccountId, Perbill)>, metadata: Vec<u8>)
	-> sp_runtime::DispatchResult {
	DataContribution::register_dataset(RuntimeOrigin::signed(owner), h, contributors, metadata)
}

#[test]
fn register_dataset_stores_it_and_holds_the_deposit() {
	run_test(|| {
		let h = add_dataset(1, 7, &[(2, 60), (3, 40)]);
		let dataset = Datasets::<Test>::get(h).unwrap();
		assert_eq!(dataset.owner, 1);
		assert_eq!(
			dataset.contributors.to_vec(),
			vec![(2, Perbill::from_percent(60)), (3, Perbill::from_percent(40))]
		);
		assert_eq!(dataset.metadata.to_vec(), b"ipfs://dataset".to_vec());
		assert_eq!(dataset.status, DatasetStatus::Active);
		assert_eq!(dataset.registered_at, 1);
		assert_eq!(dataset.models, 0);
		// Base plus one per byte of the stored record.
		let expected = DEPOSIT_BASE + DEPOSIT_PER_BYTE * dataset.encoded_size() as Balance;
		assert_eq!(dataset.deposit, expected);
		assert_eq!(held(1), expected);
		assert_eq!(free(1), INITIAL - expected);
		assert_eq!(
			last_event(),
			Event::DatasetRegistered { dataset: h, owner: 1, contributors: 2, deposit: expected }
		);
	});
}

#[test]
fn the_owner_need_not_be_a_contributor() {
	run_test(|| {
		let h = add_dataset(1, 1, &[(5, 100)]);
		assert_eq!(Datasets::<Test>::get(h).unwrap().owner, 1);
	});
}

#[test]
fn register_dataset_rejects_bad_input_without_state_change() {
	run_test(|| {
		let h = add_dataset(1, 1, &[(2, 100)]);
		let pct = Perbill::from_percent;
		let cases: Vec<(Vec<(AccountId, Perbill)>, Vec<u8>, H256, Error<Test>)> = vec![
			(vec![(2, pct(100))], vec![], h, Error::<Test>::DatasetAlreadyRegistered),
			(vec![(2, pct(60)), (3, pct(39))], vec![], hash(2), Error::<Test>::InvalidShares),
			(vec![(2, pct(60)), (3, pct(41))], vec![], hash(2), Error::<Test>::InvalidShares),
			(vec![(2, pct(100)), (3, pct(0))], vec![], hash(2), Error::<Test>::InvalidShares),
			(vec![], vec![], hash(2), Error::<Test>::NoContributors),
			(vec![(2, pct(50)), (2, pct(50))], vec![], hash(2), Error::<Test>::DuplicateContributor),
			(
				(0..=MAX_CONTRIBUTORS as u64).map(|c| (c, Perbill::from_parts(1))).collect(),
				vec![],
				hash(2),
				Error::<Test>::TooManyContributors,
			),
			(
				vec![(2, pct(100))],
				vec![0; MAX_METADATA as usize + 1],
				hash(2),
				Error::<Test>::MetadataTooLong,
			),
		];
		for (contributors, metadata, h, error) in cases {
			assert_noop!(register(1, h, contributors, metadata), error);
		}
	});
}

#[test]
fn shares_summing_to_exactly_one_in_parts_are_accepted() {
	run_test(|| {
		let thirds = vec![
			(2, Perbill::from_parts(333_333_333)),
			(3, Perbill::from_parts(333_333_333)),
			(4, Perbill::from_parts(333_333_334)),
		];
		assert_ok!(register(1, hash(3), thirds, vec![]));
	});
}

#[test]
fn a_deposit_the_owner_cannot_afford_fails_cleanly() {
	run_test(|| {
		assert_noop!(
			register(42, hash(1), vec![(2, Perbill::one())], vec![]),
			sp_runtime::TokenError::FundsUnavailable
		);
	});
}

#[test]
fn withdraw_dataset_releases_the_deposit_and_closes_it_to_new_models() {
	run_test(|| {
		let h = add_dataset(1, 1, &[(2, 100)]);
		let deposit = held(1);
		assert_ok!(DataContribution::withdraw_dataset(RuntimeOrigin::signed(1), h));
		assert_eq!(held(1), 0);
		assert_eq!(free(1), INITIAL);
		let dataset = Datasets::<Test>::get(h).unwrap();
		assert_eq!(dataset.status, DatasetStatus::Withdrawn);
		assert_eq!(dataset.deposit, 0);
		assert_eq!(last_event(), Event::DatasetWithdrawn { dataset: h, owner: 1, deposit });
		assert_noop!(
			DataContribution::register_model(
				RuntimeOrigin::signed(3),
				vec![(h, 1)],
				10,
				Perbill::zero(),
				vec![]
			),
			Error::<Test>::DatasetNotActive
		);
		// The hash stays taken.
		assert_noop!(
			register(1, h, vec![(2, Perbill::one())], vec![]),
			Error::<Test>::DatasetAlreadyRegistered
		);
	});
}

#[test]
fn withdraw_dataset_errors() {
	run_test(|| {
		let h = add_dataset(1, 1, &[(2, 100)]);
		assert_noop!(
			DataContribution::withdraw_dataset(RuntimeOrigin::signed(2), h),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			DataContribution::withdraw_dataset(RuntimeOrigin::signed(1), hash(9)),
			Error::<Test>::UnknownDataset
		);
		assert_ok!(DataContribution::withdraw_dataset(RuntimeOrigin::signed(1), h));
		assert_noop!(
			DataContribution::withdraw_dataset(RuntimeOrigin::signed(1), h),
			Error::<Test>::DatasetNotActive
		);
	});
}

#[test]
fn models_over_a_withdrawn_dataset_keep_paying_its_contributors() {
	run_test(|| {
		let h = add_dataset(1, 1, &[(2, 100)]);
		let model = add_model(3, &[(h, 1)], 1_000, Perbill::zero());
		assert_ok!(DataContribution::withdraw_dataset(RuntimeOrigin::signed(1), h));
		pay(4, model, 1);
		// 5% protocol fee, no owner share: 950 to the contributor.
		assert_eq!(pending(2), 950);
	});
}
