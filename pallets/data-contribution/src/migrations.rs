//! Storage migrations, each behind the storage version it moves from.

use crate::*;
use frame_support::{
	migrations::VersionedMigration,
	traits::{Get, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};

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
	use codec::{Decode, Encode};
	use frame_support::BoundedVec;
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;
	#[cfg(feature = "try-runtime")]
	use sp_runtime::TryRuntimeError;

	/// A model's record as version 1 stored it: [`ModelInfo`] without `revenue`.
	#[derive(Encode, Decode)]
	pub struct ModelInfoV1<AccountId, Balance, MaxDatasets: Get<u32>, MaxMetadataLen: Get<u32>> {
		owner: AccountId,
		datasets: BoundedVec<(DatasetHash, AttributionWeight), MaxDatasets>,
		price_per_query: Balance,
		owner_share: Perbill,
		metadata: BoundedVec<u8, MaxMetadataLen>,
		deposit: Balance,
		status: ModelStatus,
		positions: u32,
		queries_served: u64,
		total_paid: Balance,
		rewards: RewardPool<Balance>,
	}

	/// [`ModelInfoV1`] with the pallet's types.
	pub type ModelInfoV1Of<T> = ModelInfoV1<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		<T as Config>::MaxDatasetsPerModel,
		<T as Config>::MaxMetadataLen,
	>;

	impl<AccountId, Balance, MaxDatasets: Get<u32>, MaxMetadataLen: Get<u32>>
		ModelInfoV1<AccountId, Balance, MaxDatasets, MaxMetadataLen>
	{
		/// A version 1 record, for tests of the migration.
		#[cfg(test)]
		pub fn from_current(
			model: ModelInfo<AccountId, Balance, MaxDatasets, MaxMetadataLen>,
		) -> Self
		where
			AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
			Balance: Clone + core::fmt::Debug + PartialEq + Eq,
		{
			Self {
				owner: model.owner,
				datasets: model.datasets,
				price_per_query: model.price_per_query,
				owner_share: model.owner_share,
				metadata: model.metadata,
				deposit: model.deposit,
				status: model.status,
				positions: model.positions,
				queries_served: model.queries_served,
				total_paid: model.total_paid,
				rewards: model.rewards,
			}
		}
	}

	/// Rewrites every model's record with nothing waiting in its revenue: before version 2 each
	/// payment paid the owner and the protocol account at once, so nothing of theirs is in the
	/// pot. One read and one write a model, in one block: the chains this runs on hold few
	/// models (a chain with very many would need a multi-block migration).
	pub struct AddModelRevenue<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for AddModelRevenue<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut models = 0u64;
			Models::<T>::translate::<ModelInfoV1Of<T>, _>(|_, old| {
				models.saturating_inc();
				Some(ModelInfo {
					owner: old.owner,
					datasets: old.datasets,
					price_per_query: old.price_per_query,
					owner_share: old.owner_share,
					metadata: old.metadata,
					deposit: old.deposit,
					status: old.status,
					positions: old.positions,
					queries_served: old.queries_served,
					total_paid: old.total_paid,
					rewards: old.rewards,
					revenue: ModelRevenue::new(),
				})
			});
			T::DbWeight::get().reads_writes(models, models)
		}

		/// Every model's stored bytes, by id.
		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			let raw: Vec<(ModelId, Vec<u8>)> = Models::<T>::iter_keys()
				.map(|id| {
					let key = Models::<T>::hashed_key_for(id);
					(id, frame_support::storage::unhashed::get_raw(&key).unwrap_or_default())
				})
				.collect();
			Ok(raw.encode())
		}

		/// Each model's record is its old bytes, field for field, followed by an empty revenue.
		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let before = Vec::<(ModelId, Vec<u8>)>::decode(&mut &state[..])
				.map_err(|_| "bad pre-upgrade state")?;
			frame_support::ensure!(
				before.len() == Models::<T>::iter_keys().count(),
				"the number of models changed"
			);
			let empty = ModelRevenue::<BalanceOf<T>>::new().encode();
			for (id, old) in before {
				let model = Models::<T>::get(id).ok_or("a model's record did not decode")?;
				let expected = [old, empty.clone()].concat();
				frame_support::ensure!(model.encode() == expected, "a model's fields moved in the migration");
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
