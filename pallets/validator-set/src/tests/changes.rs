//! `add_validator` and `remove_validator`.

use super::*;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

#[test]
fn root_and_the_manager_add_validators() {
	run_test(|| {
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_eq!(last_event(), Event::ValidatorAdded { who: 4 });
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::signed(MANAGER), 5));
		assert_eq!(validators(), vec![1, 2, 3, 4, 5]);
		assert!(SetChanged::<Test>::get());
	});
}

#[test]
fn root_and_the_manager_remove_validators() {
	run_test(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 2));
		assert_eq!(last_event(), Event::ValidatorRemoved { who: 2 });
		assert_eq!(validators(), vec![1, 3]);
		assert!(SetChanged::<Test>::get());
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::signed(MANAGER), 2));
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::signed(MANAGER), 1));
		assert_eq!(validators(), vec![3, 2]);
	});
}

#[test]
fn misuse_is_rejected_without_state_change() {
	run_test(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::signed(1), 4),
			DispatchError::BadOrigin
		);
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::signed(1), 2),
			DispatchError::BadOrigin
		);
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::AlreadyValidator
		);
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), LAST_WITH_KEYS + 1),
			Error::<Test>::NoSessionKeys
		);
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 9),
			Error::<Test>::NotValidator
		);

		for who in 4..=MAX_VALIDATORS as u64 {
			assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), who));
		}
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 10),
			Error::<Test>::TooManyValidators
		);
	});
	run_test(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 1));
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::TooFewValidators
		);
		assert_eq!(validators(), vec![2, 3]);
	});
}
