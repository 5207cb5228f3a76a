//! `register_dataset` and `withdraw_dataset`.

use super::*;
use frame_support::{assert_noop, traits::fungible::Mutate};

/// Commits `owner` to `h` and moves to the next block, unless it committed already: so that a
/// `register` after it changes state only by its own doing.
fn committed(owner: AccountId, h: H256) {
	let commitment = DataContribution::commitment_of(&h, &owner, &salt(owner));
	if !Commitments::<Test>::contains_key(owner, commitment) {
		commit(owner, h);
		next_block();
	}
}

/// Reveals `owner`'s commitment to `h` (see [`committed`]).
fn register(
	owner: AccountId,
	h: H256,
	contributors: Vec<(AccountId, Perbill)>,
	metadata: Vec<u8>,
) -> sp_runtime::DispatchResult {
	DataContribution::register_dataset(
		RuntimeOrigin::signed(owner),
		h,
		salt(owner),
		contributors,
		metadata,
		LicenceTerms::permissive(),
	)
	.map(|_| ())
	.map_err(|e| e.error)
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
		assert_eq!((dataset.committed_at, dataset.registered_at), (1, 2));
		assert_eq!(dataset.models, 0);
		// Base plus one per byte of the stored record, with room for a withdrawal request's block
		// (8 bytes) and an ownership offer (88: two 16-byte prefixes, the 48-byte hashed key and a
		// u64 account).
		let expected =
			DEPOSIT_BASE + DEPOSIT_PER_BYTE * (dataset.encoded_size() as Balance + 8 + 88);
		assert_eq!(dataset.deposit, expected);
		// With the deposit of the owner's reputation record, opened by its first registration:
		// `DepositBase` and a byte for each of its key's and value's 68 bytes (a u64 account).
		assert_eq!(reputation_deposit(), DEPOSIT_BASE + 68 * DEPOSIT_PER_BYTE);
		assert_eq!(held(1), expected + reputation_deposit());
		assert_eq!(free(1), INITIAL - expected - reputation_deposit());
		assert_eq!(
			last_event(),
			Event::DatasetRegistered {
				dataset: h,
				owner: 1,
				contributors: 2,
				deposit: expected,
				shares: vec![(2, Perbill::from_percent(60)), (3, Perbill::from_percent(40))]
					.try_into()
					.unwrap(),
			}
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
		// The contributors, the metadata, the hash and the error each case gets.
		type Case = (Vec<(AccountId, Perbill)>, Vec<u8>, H256, Error<Test>);
		let cases: Vec<Case> = vec![
			(vec![(2, pct(100))], vec![], h, Error::<Test>::DatasetAlreadyRegistered),
			(vec![(2, pct(60)), (3, pct(39))], vec![], hash(2), Error::<Test>::InvalidShares),
			(vec![(2, pct(60)), (3, pct(41))], vec![], hash(2), Error::<Test>::InvalidShares),
			(vec![(2, pct(100)), (3, pct(0))], vec![], hash(2), Error::<Test>::InvalidShares),
			(vec![], vec![], hash(2), Error::<Test>::NoContributors),
			(
				vec![(2, pct(50)), (2, pct(50))],
				vec![],
				hash(2),
				Error::<Test>::DuplicateContributor,
			),
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
			committed(1, h);
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
		committed(1, hash(3));
		assert_ok!(register(1, hash(3), thirds, vec![]));
	});
}

#[test]
fn a_deposit_the_owner_cannot_afford_fails_cleanly() {
	run_test(|| {
		// Nothing to hold even the commitment's deposit with.
		let commitment = DataContribution::commitment_of(&hash(1), &42, &salt(42));
		assert_noop!(
			DataContribution::commit_dataset(RuntimeOrigin::signed(42), commitment),
			sp_runtime::TokenError::FundsUnavailable
		);
		// Enough for the commitment, not for the dataset and reputation deposits it turns into.
		let commitment_deposit =
			DataContribution::deposit_of(DataContribution::commitment_footprint());
		// Base plus one per byte of its key (the prefixes, a hashed u64 account and the 32-byte
		// commitment itself) and of its value (the block and the deposit).
		assert_eq!(commitment_deposit, DEPOSIT_BASE + DEPOSIT_PER_BYTE * ((32 + 24 + 32) + 24));
		Balances::set_balance(&42, EXISTENTIAL_DEPOSIT + commitment_deposit);
		committed(42, hash(1));
		assert_noop!(
			register(42, hash(1), vec![(2, Perbill::one())], vec![]),
			sp_runtime::TokenError::FundsUnavailable
		);
	});
}

#[test]
fn withdraw_dataset_starts_a_notice_and_closes_it_to_new_models() {
	run_test(|| {
		let h = add_dataset(1, 1, &[(2, 100)]);
		let deposit = Datasets::<Test>::get(h).unwrap().deposit;
		let now = System::block_number();
		assert_ok!(DataContribution::withdraw_dataset(RuntimeOrigin::signed(1), h));
		let dataset = Datasets::<Test>::get(h).unwrap();
		assert_eq!((dataset.status, dataset.withdrawn_at), (DatasetStatus::Withdrawn, Some(now)));
		// The deposit stays held with the record.
		assert_eq!(dataset.deposit, deposit);
		assert_eq!(
			last_event(),
			Event::DatasetWithdrawn { dataset: h, owner: 1, notice_ends: now + CHALLENGE_PERIOD }
		);
		assert_noop!(
			DataContribution::register_model(
				RuntimeOrigin::signed(3),
				vec![(h, 1)],
				vec![],
				10,
				Perbill::zero(),
				vec![]
			),
			Error::<Test>::DatasetNotActive
		);
		// The hash stays taken while the record stands.
		committed(1, h);
		assert_noop!(
			register(1, h, vec![(2, Perbill::one())], vec![]),
			Error::<Test>::DatasetAlreadyRegistered
		);
	});
}

#[test]
fn a_withdrawn_dataset_is_removed_after_its_notice_and_its_deposit_comes_back() {
	run_test(|| {
		let h = add_dataset(1, 1, &[(2, 100)]);
		let deposit = Datasets::<Test>::get(h).unwrap().deposit;
		assert_ok!(DataContribution::withdraw_dataset(RuntimeOrigin::signed(1), h));
		let notice_ends = System::block_number() + CHALLENGE_PERIOD;
		while System::block_number() < notice_ends {
			assert_noop!(
				DataContribution::finish_withdraw_dataset(RuntimeOrigin::signed(7), h),
				Error::<Test>::NoticeNotOver
			);
			next_block();
		}
		let before = free(1);
		assert_ok!(DataContribution::finish_withdraw_dataset(RuntimeOrigin::signed(7), h));
		assert_eq!(last_event(), Event::DatasetRemoved { dataset: h, owner: 1, deposit });
		assert!(Datasets::<Test>::get(h).is_none());
		assert_eq!(free(1), before + deposit);
		// The hash is free again, for a new commitment.
		add_dataset(3, 1, &[(3, 100)]);
		assert_eq!(Datasets::<Test>::get(h).unwrap().owner, 3);
	});
}

#[test]
fn a_withdrawn_dataset_stays_while_models_reference_it() {
	run_test(|| {
		let h = add_dataset(1, 1, &[(2, 100)]);
		let model = add_model(4, &[(h, 1)], 1_000, Perbill::zero());
		pay(5, model, 1);
		assert_ok!(DataContribution::withdraw_dataset(RuntimeOrigin::signed(1), h));
		for _ in 0..CHALLENGE_PERIOD {
			next_block();
		}
		assert_noop!(
			DataContribution::finish_withdraw_dataset(RuntimeOrigin::signed(1), h),
			Error::<Test>::DatasetInUse
		);
		// The model retires and its last position is settled: it goes, and the dataset can.
		assert_ok!(DataContribution::retire_model(RuntimeOrigin::signed(4), model));
		claim(2);
		assert_ok!(DataContribution::remove_retired_model(RuntimeOrigin::signed(4), model));
		assert!(Models::<Test>::get(model).is_none());
		assert_eq!(Datasets::<Test>::get(h).unwrap().models, 0);
		assert_ok!(DataContribution::finish_withdraw_dataset(RuntimeOrigin::signed(1), h));
		// Only the reputation record's deposit stays: the record does.
		assert_eq!(held(1), reputation_deposit());
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
		assert_noop!(
			DataContribution::finish_withdraw_dataset(RuntimeOrigin::signed(1), hash(9)),
			Error::<Test>::UnknownDataset
		);
		let active = add_dataset(1, 2, &[(2, 100)]);
		assert_noop!(
			DataContribution::finish_withdraw_dataset(RuntimeOrigin::signed(1), active),
			Error::<Test>::NotWithdrawn
		);
		assert_noop!(
			DataContribution::finish_withdraw_dataset(RuntimeOrigin::none(), active),
			sp_runtime::DispatchError::BadOrigin
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
