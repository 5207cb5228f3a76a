//! Benchmarks for `pallet-data-contribution`, in the frame-benchmarking v2 syntax.
//!
//! Each benchmark sets up the worst case for its components: contributors per dataset (`c`),
//! datasets per model (`d`), metadata length (`m`) and positions claimed (`p`).
//! `pay_for_queries` runs on the largest model the bounds allow, and has no component: its cost
//! does not depend on the model's datasets or contributors.

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;
use sp_core::H256;

const SEED: u32 = 0;

/// An account with ample funds for deposits and payments.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who = account(name, index, SEED);
	let ample = T::Currency::minimum_balance().saturating_mul(1_000_000_000u32.into());
	T::Currency::set_balance(&who, ample);
	who
}

/// `count` distinct contributors whose shares sum to exactly 100%.
fn contributors<T: Config>(count: u32, offset: u32) -> Vec<(T::AccountId, Perbill)> {
	let share = Perbill::from_rational(1, count);
	let remainder = Perbill::one().deconstruct() - share.deconstruct() * count;
	(0..count)
		.map(|i| {
			let extra = if i == 0 { remainder } else { 0 };
			(account("contributor", offset + i, SEED), Perbill::from_parts(share.deconstruct() + extra))
		})
		.collect()
}

fn dataset_hash(n: u32) -> H256 {
	let mut bytes = [0u8; 32];
	bytes[..4].copy_from_slice(&(n + 1).to_le_bytes());
	H256::from(bytes)
}

/// Registers `d` datasets of `c` distinct contributors each; returns them with weight 1 each.
fn datasets<T: Config>(owner: &T::AccountId, d: u32, c: u32) -> Vec<(H256, u32)> {
	(0..d)
		.map(|n| {
			let hash = dataset_hash(n);
			Pallet::<T>::register_dataset(
				RawOrigin::Signed(owner.clone()).into(),
				hash,
				contributors::<T>(c, n * c),
				vec![],
			)
			.expect("benchmark dataset registers");
			(hash, 1)
		})
		.collect()
}

fn price<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance().saturating_mul(10u32.into())
}

/// Registers a model by `owner` over `datasets`; returns its id.
fn model<T: Config>(owner: &T::AccountId, datasets: Vec<(H256, u32)>) -> ModelId {
	let id = NextModelId::<T>::get();
	Pallet::<T>::register_model(
		RawOrigin::Signed(owner.clone()).into(),
		datasets,
		price::<T>(),
		Perbill::from_percent(20),
		vec![],
	)
	.expect("benchmark model registers");
	id
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_dataset(
		c: Linear<1, { T::MaxContributors::get() }>,
		m: Linear<0, { T::MaxMetadataLen::get() }>,
	) {
		let owner = funded::<T>("owner", 0);
		let hash = dataset_hash(0);
		let contributors = contributors::<T>(c, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), hash, contributors, vec![7u8; m as usize]);

		assert!(Datasets::<T>::contains_key(hash));
	}

	#[benchmark]
	fn withdraw_dataset() {
		let owner = funded::<T>("owner", 0);
		let hash = datasets::<T>(&owner, 1, T::MaxContributors::get())[0].0;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), hash);

		assert_eq!(Datasets::<T>::get(hash).map(|d| d.status), Some(DatasetStatus::Withdrawn));
	}

	#[benchmark]
	fn register_model(
		d: Linear<1, { T::MaxDatasetsPerModel::get() }>,
		c: Linear<1, { T::MaxContributors::get() }>,
		m: Linear<0, { T::MaxMetadataLen::get() }>,
	) {
		let owner = funded::<T>("owner", 0);
		let datasets = datasets::<T>(&owner, d, c);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			datasets,
			price::<T>(),
			Perbill::from_percent(20),
			vec![7u8; m as usize],
		);

		assert_eq!(NextModelId::<T>::get(), 1);
	}

	#[benchmark]
	fn set_model_price() {
		let owner = funded::<T>("owner", 0);
		let id = model::<T>(&owner, datasets::<T>(&owner, 1, 1));
		let new_price = price::<T>().saturating_mul(2u32.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, new_price);

		assert_eq!(Models::<T>::get(id).map(|m| m.price_per_query), Some(new_price));
	}

	#[benchmark]
	fn retire_model() {
		let owner = funded::<T>("owner", 0);
		let id = model::<T>(&owner, datasets::<T>(&owner, 1, 1));

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert_eq!(Models::<T>::get(id).map(|m| m.status), Some(ModelStatus::Retired));
	}

	#[benchmark]
	fn pay_for_queries() {
		let owner = funded::<T>("owner", 0);
		let all = datasets::<T>(&owner, T::MaxDatasetsPerModel::get(), T::MaxContributors::get());
		let id = model::<T>(&owner, all);
		let payer = funded::<T>("payer", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), id, 10, price::<T>().saturating_mul(10u32.into()));

		assert_eq!(Models::<T>::get(id).map(|m| m.queries_served), Some(10));
	}

	#[benchmark]
	fn claim_rewards(p: Linear<1, { T::MaxPositionsPerClaim::get() }>) {
		let owner = funded::<T>("owner", 0);
		let payer = funded::<T>("payer", 0);
		let datasets = datasets::<T>(&owner, 1, 1);
		let contributor: T::AccountId = account("contributor", 0, SEED);
		T::Currency::set_balance(&contributor, T::Currency::minimum_balance());
		for _ in 0..p {
			let id = model::<T>(&owner, datasets.clone());
			Pallet::<T>::pay_for_queries(RawOrigin::Signed(payer.clone()).into(), id, 1, price::<T>())
				.expect("benchmark payment succeeds");
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(contributor.clone()));

		assert!(Pallet::<T>::contributor_balance(&contributor).pending.is_zero());
	}

	impl_benchmark_test_suite!(Pallet, crate::tests::new_test_ext(), crate::tests::Test);
}
