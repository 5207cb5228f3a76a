//! Storage migrations: a chain that started before a change reads its records afterwards.
//!
//! An older chain's records are made from today's by cutting off the fields that later versions
//! appended: each migration appends its fields at the end of the record.

use super::*;
use crate::migrations::{v2, v3};
use codec::Encode;
use frame_support::{
	storage::unhashed,
	traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	weights::RuntimeDbWeight,
};

fn db_weight() -> RuntimeDbWeight {
	use frame_support::traits::Get;
	<<Test as frame_system::Config>::DbWeight as Get<RuntimeDbWeight>>::get()
}

/// Stores `record` under `key` without the last `cut` bytes of its encoding: as an older
/// version stored it.
fn store_older(key: &[u8], record: impl Encode, cut: usize) {
	let bytes = record.encode();
	unhashed::put_raw(key, &bytes[..bytes.len() - cut]);
}

/// A dataset and two models, one of them paid.
fn chain_with_models() -> (H256, ModelId, ModelId) {
	let a = add_dataset(1, 1, &[(2, 100)]);
	let first = add_model(4, &[(a, 1)], 1_000, Perbill::from_percent(20));
	let second = add_model(5, &[(a, 3)], 7, Perbill::zero());
	pay(6, first, 3);
	(a, first, second)
}

#[test]
fn the_v2_migration_gives_every_model_an_empty_revenue_and_keeps_the_rest() {
	run_test(|| {
		let (_, first, second) = chain_with_models();
		// As a version 1 chain stored them: the records without `revenue` (nor version 3's
		// fields). (The pot keeps the parts of the payment above: more than the records say.)
		Models::<Test>::mutate(first, |m| m.as_mut().unwrap().revenue = ModelRevenue::new());
		let current: Vec<_> = [first, second].map(|id| Models::<Test>::get(id).unwrap()).into();
		let cut = v2::model_tail::<Test>().len() + v3::model_tail::<Test>().len();
		for (id, model) in [first, second].into_iter().zip(current.clone()) {
			store_older(&Models::<Test>::hashed_key_for(id), model, cut);
		}
		StorageVersion::new(1).put::<DataContribution>();
		assert!(Models::<Test>::get(first).is_none(), "a version 1 record does not decode as today's");

		v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(DataContribution::on_chain_storage_version(), 2);
		v3::MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(DataContribution::on_chain_storage_version(), 3);
		for (id, before) in [first, second].into_iter().zip(current) {
			assert_eq!(Models::<Test>::get(id).expect("the record decodes"), before);
		}
		// The model works as before: a payment credits its revenue.
		pay(6, first, 1);
		assert_eq!(Models::<Test>::get(first).unwrap().revenue, ModelRevenue { owner: 190, protocol: 50 });

		// Once at version 3, neither does anything.
		assert_eq!(v2::MigrateV1ToV2::<Test>::on_runtime_upgrade(), db_weight().reads(1));
		assert_eq!(v3::MigrateV2ToV3::<Test>::on_runtime_upgrade(), db_weight().reads(1));
		assert_eq!(Models::<Test>::get(first).unwrap().revenue, ModelRevenue { owner: 190, protocol: 50 });
	});
}

#[test]
fn the_v3_migration_gives_datasets_loose_terms_and_models_no_lineage() {
	run_test(|| {
		let (a, first, second) = chain_with_models();
		let dataset = Datasets::<Test>::get(a).unwrap();
		let models: Vec<_> = [first, second].map(|id| Models::<Test>::get(id).unwrap()).into();
		// As a version 2 chain stored them: without terms, lineage or royalties.
		store_older(&Datasets::<Test>::hashed_key_for(a), dataset.clone(), v3::dataset_tail().len());
		for (id, model) in [first, second].into_iter().zip(models.clone()) {
			store_older(&Models::<Test>::hashed_key_for(id), model, v3::model_tail::<Test>().len());
		}
		StorageVersion::new(2).put::<DataContribution>();
		assert!(Datasets::<Test>::get(a).is_none() && Models::<Test>::get(first).is_none());

		let weight = v3::MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(DataContribution::on_chain_storage_version(), 3);
		// Three records, each read and written, and the storage version.
		assert_eq!(weight, db_weight().reads_writes(3, 3).saturating_add(db_weight().reads_writes(1, 1)));
		assert_eq!(Datasets::<Test>::get(a), Some(dataset));
		assert_eq!(Datasets::<Test>::get(a).unwrap().terms, LicenceTerms::permissive());
		for (id, before) in [first, second].into_iter().zip(models) {
			let after = Models::<Test>::get(id).expect("the record decodes");
			assert!(after.parents.is_empty() && after.ancestors == 0 && after.derivatives == 0);
			assert_eq!((after.terms, after.royalties_received), (LicenceTerms::permissive(), 0));
			assert_eq!(after, before);
		}
		// A fine-tune of a migrated model works.
		let fine_tune = NextModelId::<Test>::get();
		assert_ok!(DataContribution::register_model(
			RuntimeOrigin::signed(7),
			vec![(a, 1)],
			vec![(first, Perbill::from_percent(50))],
			1_000,
			Perbill::zero(),
			vec![],
		));
		pay(6, fine_tune, 1);
		assert_eq!(Models::<Test>::get(first).unwrap().royalties_received, 475);
	});
}
