//! Benchmarks for `pallet-validator-set`, in the frame-benchmarking v2 syntax. The component `v`
//! is the size of the set before the call.

use super::*;
use frame_benchmarking::v2::*;

const SEED: u32 = 0;

/// Fills the set with `count` validators.
fn fill<T: Config>(count: u32) {
	let validators: Vec<T::AccountId> = (0..count).map(|i| account("validator", i, SEED)).collect();
	Validators::<T>::put(BoundedVec::truncate_from(validators));
}

#[benchmarks(where T::HasSessionKeys: BenchmarkHelper<T::AccountId>)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn add_validator(v: Linear<1, { T::MaxValidators::get() - 1 }>) -> Result<(), BenchmarkError> {
		fill::<T>(v);
		let who: T::AccountId = account("candidate", 0, SEED);
		T::HasSessionKeys::register(&who);
		let origin = T::ManagerOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Validators::<T>::get().contains(&who));
		Ok(())
	}

	#[benchmark]
	fn remove_validator(
		v: Linear<{ T::MinValidators::get() + 1 }, { T::MaxValidators::get() }>,
	) -> Result<(), BenchmarkError> {
		fill::<T>(v);
		// The last one: the search walks the whole set.
		let who: T::AccountId = account("validator", v - 1, SEED);
		let origin = T::ManagerOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Validators::<T>::get().contains(&who));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::tests::new_test_ext(), crate::tests::Test);
}

/// How a benchmark gives an account session keys, so that it may become a validator.
pub trait BenchmarkHelper<AccountId> {
	/// Makes `who` count as having session keys.
	fn register(who: &AccountId);
}
