//! The pallet's unit tests, on a mock runtime, split by topic.

use crate::{self as pallet_validator_set, *};
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use sp_runtime::BuildStorage;

mod changes;
mod keys;
mod sessions;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		ValidatorSet: pallet_validator_set,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// The account that may add and remove validators, besides Root.
pub(crate) const MANAGER: u64 = 100;
/// Accounts above this one have no session keys.
pub(crate) const LAST_WITH_KEYS: u64 = 20;
pub(crate) const MAX_VALIDATORS: u32 = 6;

parameter_types! {
	pub const Manager: u64 = MANAGER;
}

/// Accounts 1 to [`LAST_WITH_KEYS`] have session keys until they purge them, and any account a
/// benchmark registers.
pub struct WithKeys;

thread_local! {
	static REGISTERED: core::cell::RefCell<alloc::vec::Vec<u64>> = Default::default();
	static PURGED: core::cell::RefCell<alloc::vec::Vec<u64>> = Default::default();
}

impl Contains<u64> for WithKeys {
	fn contains(who: &u64) -> bool {
		let registered = REGISTERED.with(|r| r.borrow().contains(who));
		let purged = PURGED.with(|p| p.borrow().contains(who));
		registered || ((1..=LAST_WITH_KEYS).contains(who) && !purged)
	}
}

impl PurgeKeys<u64> for WithKeys {
	fn purge_keys(who: &u64) -> frame_support::dispatch::DispatchResult {
		frame_support::ensure!(Self::contains(who), "no session keys");
		REGISTERED.with(|r| r.borrow_mut().retain(|r| r != who));
		PURGED.with(|p| p.borrow_mut().push(*who));
		Ok(())
	}

	fn purge_weight() -> Weight {
		Weight::from_parts(1_000, 0)
	}
}

/// Purges `who`'s keys behind the pallet's back, as `session.purge_keys` would without the
/// runtime's filter.
pub(crate) fn purge_directly(who: u64) {
	WithKeys::purge_keys(&who).unwrap();
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<u64> for WithKeys {
	fn register(who: &u64) {
		REGISTERED.with(|r| r.borrow_mut().push(*who));
	}
}

impl Config for Test {
	type ManagerOrigin = frame_support::traits::EitherOfDiverse<
		frame_system::EnsureRoot<u64>,
		frame_system::EnsureSignedBy<ManagerSet, u64>,
	>;
	type HasSessionKeys = WithKeys;
	type KeysPurger = WithKeys;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	type MinValidators = ConstU32<2>;
	type WeightInfo = ();
}

/// The manager set of the mock: [`MANAGER`] alone.
pub struct ManagerSet;
impl frame_support::traits::SortedMembers<u64> for ManagerSet {
	fn sorted_members() -> alloc::vec::Vec<u64> {
		alloc::vec![MANAGER]
	}
}

/// Validators 1, 2 and 3 at genesis.
pub(crate) fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_validator_set::GenesisConfig::<Test> { validators: alloc::vec![1, 2, 3] }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` in fresh externalities and checks the invariants afterwards.
pub(crate) fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		ValidatorSet::do_try_state().expect("try_state invariants hold");
	});
}

pub(crate) fn validators() -> alloc::vec::Vec<u64> {
	Validators::<Test>::get().into_inner()
}

pub(crate) fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::ValidatorSet(e) => Some(e),
			_ => None,
		})
		.next_back()
		.expect("an event of this pallet")
}
