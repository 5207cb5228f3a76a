//! Storage migrations: a chain an older release wrote reads its records after today's code
//! upgrades it.
//!
//! Each `fixtures/v<N>.storage` is the whole state of this mock chain as the release at storage
//! version N wrote it with its own code, after the scenario of `fixtures/writer.rs`
//! (scripts/write-migration-fixture.sh). A test loads those bytes, runs the migrations the
//! runtime runs, with their try-runtime `pre_upgrade`/`post_upgrade` checks when the feature is
//! on (scripts/test.sh runs these tests with it), checks each record against what the scenario
//! did, and goes on using the records.

use super::*;
use crate::migrations::{stored_values, Migrations};
use codec::FullCodec;
use frame_support::{
	storage::{unhashed, StoragePrefixedMap},
	traits::{GetStorageVersion, OnRuntimeUpgrade},
	weights::Weight,
};

/// The releases' fixtures, by the storage version they were written at.
const FIXTURES: [(u16, &str); 3] = [
	(1, include_str!("../../fixtures/v1.storage")),
	(2, include_str!("../../fixtures/v2.storage")),
	(3, include_str!("../../fixtures/v3.storage")),
];

/// What the scenario paid through model 0 (price 1,000, owner share 20%): 2 queries, then 3,
/// then a receipt for 4.
const MODEL_0_QUERIES: u64 = 9;
/// What one query of model 0 pays each of its five datasets (weight 1 each): the price less the
/// protocol's 5% and the owner's 20% of the rest, shared five ways.
const PER_DATASET: Balance = 1_000 * 95 / 100 * 80 / 100 / 5;

/// The chain a fixture holds: every key and value it lists, nothing else.
fn chain_from(fixture: &str) -> sp_io::TestExternalities {
	let mut ext = sp_io::TestExternalities::new(Default::default());
	ext.execute_with(|| {
		for line in fixture.lines().filter(|line| !line.starts_with('#')) {
			let (key, value) = line.split_once(' ').expect("a line holds a key and a value");
			unhashed::put_raw(&from_hex(key), &from_hex(value));
		}
	});
	ext
}

fn from_hex(text: &str) -> Vec<u8> {
	let digits = text.strip_prefix("0x").expect("hex starts with 0x");
	(0..digits.len())
		.step_by(2)
		.map(|at| u8::from_str_radix(&digits[at..at + 2], 16).expect("hex digits"))
		.collect()
}

/// Runs the migrations the runtime runs, with their try-runtime checks when the feature is on;
/// returns the weight they declared.
fn upgrade() -> Weight {
	#[cfg(feature = "try-runtime")]
	return Migrations::<Test>::try_on_runtime_upgrade(true)
		.expect("pre_upgrade and post_upgrade pass");
	#[cfg(not(feature = "try-runtime"))]
	Migrations::<Test>::on_runtime_upgrade()
}

/// The weight of upgrading a chain the scenario left at version `written`: a read of the
/// storage version for each migration, and for each that runs, its records read and written
/// (the two models from version 1, the five datasets and two models from version 2) and the
/// version written.
fn upgrade_weight(written: u16) -> Weight {
	let db = TestDbWeight::get();
	let records = match written {
		1 => 2 + 7,
		2 => 7,
		_ => 0,
	};
	let ran = 3u64.saturating_sub(u64::from(written));
	db.reads_writes(3 + records, records + ran)
}

/// Every record of map `M` decodes as today's type and encodes back to the bytes stored: no
/// field was lost, added or moved. Returns how many records the map holds.
fn round_trips<M: StoragePrefixedMap<V>, V: FullCodec>() -> usize {
	let records = stored_values::<M, V>();
	for (key, bytes) in &records {
		let record: V = unhashed::get(key).expect("every record decodes");
		assert_eq!(&record.encode(), bytes, "a record encodes back to its bytes");
	}
	records.len()
}

/// Every map of the pallet round-trips, and holds as many records as the scenario left.
fn every_record_round_trips(written: u16) {
	let v3 = usize::from(written >= 3);
	assert_eq!(round_trips::<Datasets<Test>, _>(), 5 + v3);
	assert_eq!(round_trips::<Models<Test>, _>(), 2 + v3);
	assert_eq!(round_trips::<Challenges<Test>, _>(), 1);
	assert_eq!(round_trips::<Escrow<Test>, _>(), 1);
	assert_eq!(round_trips::<UsageChannels<Test>, _>(), 2);
	assert_eq!(round_trips::<ConsumerChannels<Test>, _>(), 2);
	assert_eq!(round_trips::<Commitments<Test>, _>(), 1);
	assert_eq!(round_trips::<DatasetOwnershipOffers<Test>, _>(), v3);
	assert_eq!(round_trips::<ModelOwnershipOffers<Test>, _>(), v3);
	for (map, count) in [
		("Positions", round_trips::<Positions<Test>, _>()),
		("DatasetModels", round_trips::<DatasetModels<Test>, _>()),
		("ClaimCursor", round_trips::<ClaimCursor<Test>, _>()),
		("Contributors", round_trips::<Contributors<Test>, _>()),
		("Reputations", round_trips::<Reputations<Test>, _>()),
	] {
		assert!(count > 0, "the scenario left no record in {map}");
	}
}

/// The datasets as the scenario left them: one in each status, with the terms a migration gives
/// (the loosest); on a version 3 chain, dataset 7 with the terms its owner set.
fn check_datasets(written: u16) {
	use DatasetStatus::*;
	let expected = [
		(1, Active, 1),
		(2, Challenged, 4),
		(3, Withdrawn, 5),
		(4, Slashed, 6),
		(5, Reattributed, 7),
	];
	for (n, status, owner) in expected {
		let dataset = Datasets::<Test>::get(hash(n)).expect("every dataset decodes");
		assert_eq!((dataset.status, dataset.owner), (status, owner), "dataset {n}");
		assert_eq!(dataset.withdrawn_at.is_some(), n == 3, "dataset {n}");
		assert_eq!(dataset.rightful, (n == 5).then_some(8), "dataset {n}");
		assert_eq!(dataset.terms, LicenceTerms::permissive(), "dataset {n}");
		// Model 0 uses every dataset; model 1, and on version 3 the fine-tune, dataset 1.
		let models = if n == 1 { 2 + u32::from(written >= 3) } else { 1 };
		assert_eq!(dataset.models, models, "dataset {n}");
	}
	let first = Datasets::<Test>::get(hash(1)).unwrap();
	let shares = [(2, Perbill::from_percent(60)), (3, Perbill::from_percent(40))];
	assert_eq!(first.contributors.into_inner(), shares.to_vec());
	if written >= 3 {
		let terms = Datasets::<Test>::get(hash(7)).expect("dataset 7 decodes").terms;
		let set = LicenceTerms {
			commercial_use: true,
			derivatives: false,
			min_contributor_share: Perbill::from_percent(20),
		};
		assert_eq!(terms, set);
	}
	let challenge = Challenges::<Test>::get(hash(2)).expect("dataset 2's challenge is open");
	assert_eq!((challenge.challenger, challenge.bond), (9, BOND));
	assert_eq!(
		Escrow::<Test>::iter().map(|(who, hash, _)| (who, hash)).collect::<Vec<_>>(),
		[(4, hash(2))]
	);
	let commitment = DataContribution::commitment_of(&hash(6), &15, &salt(15));
	assert!(Commitments::<Test>::contains_key(15, commitment), "account 15's commitment");
}

/// The models as the scenario left them: model 0 paid and active, model 1 retired; their
/// revenue credited from version 2 on (before, a payment paid the owner at once); no lineage
/// but on a version 3 chain's fine-tune.
fn check_models(written: u16) {
	let paid = Models::<Test>::get(0).expect("model 0 decodes");
	assert_eq!(
		(paid.owner, paid.price_per_query, paid.owner_share),
		(10, 1_000, Perbill::from_percent(20))
	);
	assert_eq!(
		(paid.status, paid.queries_served, paid.total_paid),
		(ModelStatus::Active, MODEL_0_QUERIES, 9_000)
	);
	let revenue = if written >= 2 {
		ModelRevenue { owner: 1_710, protocol: 450 }
	} else {
		ModelRevenue::new()
	};
	assert_eq!(paid.revenue, revenue);
	assert_eq!((paid.derivatives, paid.royalties_received), (u32::from(written >= 3), 0));
	assert!(paid.parents.is_empty() && paid.terms == LicenceTerms::permissive());

	let retired = Models::<Test>::get(1).expect("model 1 decodes");
	assert_eq!(
		(retired.owner, retired.status, retired.queries_served),
		(11, ModelStatus::Retired, 1)
	);
	assert_eq!(
		retired.revenue,
		ModelRevenue::new(),
		"model 1's revenue is claimed, or never was credited"
	);
	assert!(retired.parents.is_empty() && retired.ancestors == 0);

	if written >= 3 {
		let fine_tune = Models::<Test>::get(2).expect("the fine-tune decodes");
		assert_eq!(fine_tune.parents.into_inner(), vec![(0, Perbill::from_percent(10))]);
		assert_eq!(DatasetOwnershipOffers::<Test>::get(hash(1)), Some(16));
		assert_eq!(ModelOwnershipOffers::<Test>::get(0), Some(18));
	}

	let open = UsageChannels::<Test>::get(0).expect("channel 0 decodes");
	assert_eq!((open.consumer, open.model_id, open.settled_queries), (13, 0, 4));
	assert_eq!((open.escrow, open.spent, open.closes_at), (96_000, 4_000, None));
	let closing = UsageChannels::<Test>::get(1).expect("channel 1 decodes");
	assert_eq!((closing.consumer, closing.escrow, closing.spent), (14, 50_000, 0));
	assert!(closing.closes_at.is_some());
}

/// Uses the upgraded records: rules on the open challenge, pays and claims through every
/// dataset, closes the closing channel, removes the retired model, reveals the commitment.
/// Every account's figure is predicted from the scenario.
fn use_the_records(written: u16) {
	next_block();
	// Rejected: dataset 2's escrow (its 5 queries before account 4's claim) comes back, with
	// the 4 settled after that claim.
	let before = free(4);
	assert_ok!(DataContribution::resolve_challenge(RuntimeOrigin::root(), hash(2), false));
	claim(4);
	assert_eq!(free(4) - before, 9 * PER_DATASET);

	// Reattributed: dataset 5's parts, from every query of model 0 and one more, go to 8.
	pay(12, 0, 1);
	for contributor in [7, 17] {
		assert_ok!(DataContribution::settle_position(RuntimeOrigin::signed(8), 0, contributor));
	}
	let before = free(8);
	claim(8);
	assert_eq!(free(8) - before, (MODEL_0_QUERIES as Balance + 1) * PER_DATASET);

	// Retired: once its contributors have claimed (account 2 from its cursor on), which
	// settles and removes their positions in it, model 1 goes with its deposit.
	claim(2);
	assert!(!ClaimCursor::<Test>::contains_key(2), "account 2's claim went round");
	claim(3);
	assert_eq!(Models::<Test>::get(1).unwrap().positions, 0);
	assert_ok!(DataContribution::remove_retired_model(RuntimeOrigin::signed(8), 1));
	assert_eq!((free(11), held(11)), (INITIAL, 0), "model 1's owner holds nothing");

	// Closing: after the close period, the consumer has back all it put in.
	for _ in 0..USAGE_CLOSE_PERIOD {
		next_block();
	}
	assert_ok!(DataContribution::finish_close_usage(RuntimeOrigin::signed(8), 1));
	assert_eq!((free(14), held(14)), (INITIAL, 0), "channel 1's consumer has all back");

	// Committed: account 15 reveals dataset 6.
	reveal(15, hash(6), &[(15, 100)]);
	assert_eq!(Datasets::<Test>::get(hash(6)).map(|d| d.owner), Some(15));

	if written >= 3 {
		assert_ok!(DataContribution::accept_dataset_ownership(RuntimeOrigin::signed(16), hash(1)));
		assert_eq!(Datasets::<Test>::get(hash(1)).unwrap().owner, 16);
	}
	next_block();
}

#[test]
fn every_release_s_chain_upgrades_and_keeps_working() {
	for (written, fixture) in FIXTURES {
		chain_from(fixture).execute_with(|| {
			assert_eq!(DataContribution::on_chain_storage_version(), written);
			if written < 3 {
				assert!(Datasets::<Test>::get(hash(1)).is_none(), "an older record is not today's");
			}
			assert_eq!(upgrade(), upgrade_weight(written));
			assert_eq!(DataContribution::on_chain_storage_version(), 3);
			every_record_round_trips(written);
			check_datasets(written);
			check_models(written);
			use_the_records(written);
		});
	}
}

#[test]
fn a_chain_at_the_current_version_is_left_alone() {
	let (_, fixture) = FIXTURES[2];
	chain_from(fixture).execute_with(|| {
		let before = stored_values::<Datasets<Test>, _>();
		let models = stored_values::<Models<Test>, _>();
		assert_eq!(upgrade(), upgrade_weight(3));
		assert_eq!(
			(stored_values::<Datasets<Test>, _>(), stored_values::<Models<Test>, _>()),
			(before, models)
		);
	});
}

/// The checks `cargo test` runs are the ones a real upgrade runs: they refuse a migration that
/// puts the new fields anywhere but at the end, or appends other values than the migration's.
#[cfg(feature = "try-runtime")]
#[test]
fn the_post_upgrade_check_refuses_a_wrong_migration() {
	use crate::migrations::{append_to_every_value, v3};
	use frame_support::traits::UncheckedOnRuntimeUpgrade;
	/// Terms a dataset never had before version 3: not commercial.
	fn strict_terms() -> Vec<u8> {
		LicenceTerms { commercial_use: false, ..LicenceTerms::permissive() }.encode()
	}
	// How a wrong migration would rebuild a record from its old bytes and the appended fields.
	type Rebuild = fn(Vec<u8>, Vec<u8>) -> Vec<u8>;
	let wrong: [(&str, Rebuild); 2] = [
		// The terms in front of the old fields: the records no longer decode.
		("a record did not decode after the migration", |old, tail| [tail, old].concat()),
		// Other terms than the migration's: the records decode, to other values.
		("a record's fields moved in the migration", |old, _| [old, strict_terms()].concat()),
	];
	let (_, fixture) = FIXTURES[1];
	for (error, migrate) in wrong {
		chain_from(fixture).execute_with(|| {
			let state = v3::AddTermsAndLineage::<Test>::pre_upgrade().expect("the state is read");
			for (key, old) in stored_values::<Datasets<Test>, _>() {
				unhashed::put_raw(&key, &migrate(old, v3::dataset_tail()));
			}
			append_to_every_value::<Models<Test>, _>(&v3::model_tail::<Test>());
			assert_eq!(v3::AddTermsAndLineage::<Test>::post_upgrade(state), Err(error.into()));
		});
	}
}
