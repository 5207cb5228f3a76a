//! Storage migrations, each behind the storage version it moves from.
//!
//! A record's layout only grows at its end: a migration that adds fields appends their encoded
//! values to each stored record's bytes ([`append_to_every_value`]), without decoding it as an
//! older type. So no old layout is kept in code, and a migration written for one version stays
//! right after later versions add more fields. Its try-runtime checks compare every record,
//! byte for byte, with its bytes before followed by the new fields.

use crate::*;
use frame_support::{
	migrations::VersionedMigration,
	storage::{unhashed, StoragePrefixedMap},
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};
#[cfg(feature = "try-runtime")]
use sp_runtime::TryRuntimeError;

/// Appends `tail` to the stored bytes of every value of map `M`; returns how many it rewrote.
/// One read and one write a record, in one block: the chains these migrations run on hold few
/// records (a chain with very many would need a multi-block migration).
pub fn append_to_every_value<M: StoragePrefixedMap<V>, V: codec::FullCodec>(tail: &[u8]) -> u64 {
	let mut count = 0u64;
	for (key, mut value) in stored_values::<M, V>() {
		value.extend_from_slice(tail);
		unhashed::put_raw(&key, &value);
		count.saturating_inc();
	}
	count
}

/// Every value of map `M` as stored bytes, with its whole storage key: what a migration
/// rewrites, and the state its `post_upgrade` compares against.
pub fn stored_values<M: StoragePrefixedMap<V>, V: codec::FullCodec>() -> Vec<(Vec<u8>, Vec<u8>)> {
	let prefix = M::final_prefix().to_vec();
	let entries = frame_support::storage::PrefixIterator::<(Vec<u8>, Vec<u8>)>::new(
		prefix.clone(),
		prefix.clone(),
		|key, value| Ok((key.to_vec(), value.to_vec())),
	);
	entries
		.map(|(key, value)| ([prefix.as_slice(), &key].concat(), value))
		.collect()
}

/// Checks that every value of `before` is now stored as its old bytes followed by `tail`, and
/// decodes as `V` to exactly those bytes; and that no record came or went.
#[cfg(feature = "try-runtime")]
pub fn ensure_appended<M: StoragePrefixedMap<V>, V: codec::FullCodec>(
	before: Vec<(Vec<u8>, Vec<u8>)>,
	tail: &[u8],
) -> Result<(), TryRuntimeError> {
	frame_support::ensure!(
		before.len() == stored_values::<M, V>().len(),
		"the number of records changed in the migration"
	);
	for (key, old) in before {
		let record: V = unhashed::get(&key).ok_or("a record did not decode after the migration")?;
		let expected = [old, tail.to_vec()].concat();
		frame_support::ensure!(
			record.encode() == expected,
			"a record's fields moved in the migration"
		);
	}
	Ok(())
}

/// Every migration of this pallet, in the order a runtime runs them: each runs only at the
/// storage version it moves from, so a chain at any version reaches the current one.
pub type Migrations<T> = (v1::MigrateV0ToV1<T>, v2::MigrateV1ToV2<T>, v3::MigrateV2ToV3<T>);

/// Version 0 to 1: usage channels.
pub mod v1 {
	use super::*;

	/// Usage channels' storage starts empty; what they need is the usage escrow account to
	/// exist, which genesis endows on a new chain (`Pallet::endow_accounts`). This endows it, with
	/// the existential deposit, on a chain that started before: without it, the first
	/// `open_usage` could not hold escrow there.
	pub struct EndowUsageEscrow<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for EndowUsageEscrow<T> {
		fn on_runtime_upgrade() -> Weight {
			Pallet::<T>::endow_accounts();
			// Each of the three accounts: its balance read, and at most a mint written.
			T::DbWeight::get().reads_writes(3, 4)
		}
	}

	/// [`EndowUsageEscrow`], run once, when the pallet's storage version is 0, which it then
	/// sets to 1.
	pub type MigrateV0ToV1<T> = VersionedMigration<
		0,
		1,
		EndowUsageEscrow<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 1 to 2: a model's owner and protocol parts wait in the pot, credited in its record.
pub mod v2 {
	use super::*;
	#[cfg(feature = "try-runtime")]
	use codec::Decode;

	/// The field version 2 appends to every model: an empty [`ModelRevenue`]. Before version 2
	/// each payment paid the owner and the protocol account at once, so nothing of theirs is in
	/// the pot.
	pub fn model_tail<T: Config>() -> Vec<u8> {
		ModelRevenue::<BalanceOf<T>>::new().encode()
	}

	/// Appends an empty revenue to every model's record.
	pub struct AddModelRevenue<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for AddModelRevenue<T> {
		fn on_runtime_upgrade() -> Weight {
			let models = append_to_every_value::<Models<T>, _>(&model_tail::<T>());
			T::DbWeight::get().reads_writes(models, models)
		}

		/// Every model's stored bytes.
		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			Ok(stored_values::<Models<T>, _>().encode())
		}

		/// Each model's record is its old bytes, field for field, followed by an empty revenue.
		/// (Checked against the layout of version 2: a later version's fields follow.)
		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let before = Vec::<(Vec<u8>, Vec<u8>)>::decode(&mut &state[..])
				.map_err(|_| "bad pre-upgrade state")?;
			for (key, old) in before {
				let now = unhashed::get_raw(&key).ok_or("a model's record went")?;
				let expected = [old, model_tail::<T>()].concat();
				frame_support::ensure!(now == expected, "a model's fields moved in the migration");
			}
			Ok(())
		}
	}

	/// [`AddModelRevenue`], run once, when the pallet's storage version is 1, which it then sets
	/// to 2.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		AddModelRevenue<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 2 to 3: licence terms on datasets; lineage and fixed terms on models.
pub mod v3 {
	use super::*;
	#[cfg(feature = "try-runtime")]
	use codec::Decode;

	/// The field version 3 appends to every dataset: the loosest terms, those under which every
	/// model registered before version 3 used it.
	pub fn dataset_tail() -> Vec<u8> {
		LicenceTerms::permissive().encode()
	}

	/// The fields version 3 appends to every model: no parents, no ancestors, no derivatives,
	/// the loosest terms (those of its datasets, see [`dataset_tail`]), no royalties received.
	pub fn model_tail<T: Config>() -> Vec<u8> {
		let parents = BoundedVec::<(ModelId, Perbill), T::MaxParents>::new();
		(parents, 0u32, 0u32, LicenceTerms::permissive(), BalanceOf::<T>::zero()).encode()
	}

	/// Appends the new fields to every dataset's and every model's record.
	pub struct AddTermsAndLineage<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for AddTermsAndLineage<T> {
		fn on_runtime_upgrade() -> Weight {
			let datasets = append_to_every_value::<Datasets<T>, _>(&dataset_tail());
			let models = append_to_every_value::<Models<T>, _>(&model_tail::<T>());
			let records = datasets.saturating_add(models);
			T::DbWeight::get().reads_writes(records, records)
		}

		/// Every dataset's and every model's stored bytes.
		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			Ok((stored_values::<Datasets<T>, _>(), stored_values::<Models<T>, _>()).encode())
		}

		/// Each record is its old bytes followed by the new fields, and decodes to exactly that.
		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			type Before = (Vec<(Vec<u8>, Vec<u8>)>, Vec<(Vec<u8>, Vec<u8>)>);
			let (datasets, models) =
				Before::decode(&mut &state[..]).map_err(|_| "bad pre-upgrade state")?;
			ensure_appended::<Datasets<T>, _>(datasets, &dataset_tail())?;
			ensure_appended::<Models<T>, _>(models, &model_tail::<T>())
		}
	}

	/// [`AddTermsAndLineage`], run once, when the pallet's storage version is 2, which it then
	/// sets to 3.
	pub type MigrateV2ToV3<T> = VersionedMigration<
		2,
		3,
		AddTermsAndLineage<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
