//! Storage migrations: a chain that started before a change reads its records afterwards.

use super::*;
use crate::migrations::v2::{MigrateV1ToV2, ModelInfoV1};
use codec::Encode;
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

#[test]
fn the_v2_migration_gives_every_model_an_empty_revenue_and_keeps_the_rest() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let first = add_model(4, &[(a, 1)], 1_000, Perbill::from_percent(20));
		let second = add_model(5, &[(a, 3)], 7, Perbill::zero());
		pay(6, first, 3);
		// As a version 1 chain stored them: the records without `revenue`.
		let current: Vec<_> = [first, second].map(|id| Models::<Test>::get(id).unwrap()).into();
		for (id, model) in [first, second].into_iter().zip(current.clone()) {
			let old = ModelInfoV1::from_current(model).encode();
			frame_support::storage::unhashed::put_raw(&Models::<Test>::hashed_key_for(id), &old);
		}
		StorageVersion::new(1).put::<DataContribution>();
		assert!(Models::<Test>::get(first).is_none(), "a version 1 record does not decode as version 2");

		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(DataContribution::on_chain_storage_version(), 2);
		for (id, before) in [first, second].into_iter().zip(current) {
			let after = Models::<Test>::get(id).expect("the record decodes");
			assert_eq!(after.revenue, ModelRevenue::new());
			assert_eq!(ModelInfoV1::from_current(after).encode(), ModelInfoV1::from_current(before).encode());
		}
		// The model works as before: a payment credits its revenue, and pays.
		pay(6, first, 1);
		assert_eq!(Models::<Test>::get(first).unwrap().revenue, ModelRevenue { owner: 190, protocol: 50 });

		// Once at version 2, it does nothing.
		let weight = MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Models::<Test>::get(first).unwrap().revenue, ModelRevenue { owner: 190, protocol: 50 });
		use frame_support::traits::Get;
		let db = <<Test as frame_system::Config>::DbWeight as Get<frame_support::weights::RuntimeDbWeight>>::get();
		assert_eq!(weight, db.reads(1));
	});
}
