//! Benchmarks for `pallet-validator-set`, in the frame-benchmarking v2 syntax. The component `v`
//! is the size of the set before the call.

use super::*;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;

const SEED: u32 = 0;

/// Fills the set with `count` validators, each with session keys.
fn fill<T: Config>(count: u32)
where
	T::HasSessionKeys: BenchmarkHelper<T::AccountId>,
{
	let validators: Vec<T::AccountId> = (0..count).map(|i| account("validator", i, SEED)).collect();
	validators.iter().for_each(T::HasSessionKeys::register);
	Validators::<T>::put(BoundedVec::truncate_from(validators));
}

#[benchmarks(where T::HasSessionKeys: BenchmarkHelper<T::AccountId>)]
mod benchmarks {
	use super::*;

	/// The only branch that succeeds: a candidate with session keys joins a set of `v`, the
	/// duplicate check walking all of it.
	#[benchmark]
	fn add_validator(v: Linear<1, { T::MaxValidators::get() - 1 }>) -> Result<(), BenchmarkError> {
		fill::<T>(v);
		let who: T::AccountId = account("candidate", 0, SEED);
		T::HasSessionKeys::register(&who);
		let origin =
			T::ManagerOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Validators::<T>::get().contains(&who));
		Ok(())
	}

	/// The most expensive branch: see the comment in the body.
	#[benchmark]
	fn remove_validator(
		v: Linear<{ T::MinValidators::get() + 1 }, { T::MaxValidators::get() }>,
	) -> Result<(), BenchmarkError> {
		fill::<T>(v);
		// The worst case: the last one, so that the search walks the whole set, and every other
		// validator with keys, so that the count of validators with keys reads every one.
		let who: T::AccountId = account("validator", v - 1, SEED);
		let origin =
			T::ManagerOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Validators::<T>::get().contains(&who));
		Ok(())
	}

	/// The pallet's own part: the worst case reads a full set and finds the signer in none of
	/// it. The runtime adds the weight of `pallet-session`'s purge ([`PurgeKeys::purge_weight`]).
	#[benchmark]
	fn purge_keys(v: Linear<1, { T::MaxValidators::get() }>) -> Result<(), BenchmarkError> {
		fill::<T>(v);
		let who: T::AccountId = account("former", 0, SEED);
		T::HasSessionKeys::register(&who);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!T::HasSessionKeys::contains(&who));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::tests::new_test_ext(), crate::tests::Test);
}

/// How a benchmark gives an account session keys, so that it may become a validator.
pub trait BenchmarkHelper<AccountId> {
	/// Makes `who` count as having session keys.
	fn register(who: &AccountId);
}
