//! Session keys: only validators with keys count toward `MinValidators`, and a validator cannot
//! purge its keys.

use super::*;
use frame_support::{assert_noop, assert_ok};
use pallet_session::SessionManager;
use sp_runtime::DispatchError;

#[test]
fn a_validator_may_not_purge_its_keys() {
	run_test(|| {
		assert_noop!(
			ValidatorSet::purge_keys(RuntimeOrigin::signed(1)),
			Error::<Test>::StillValidator
		);
		assert!(WithKeys::contains(&1));
	});
}

#[test]
fn a_former_validator_purges_its_keys() {
	run_test(|| {
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 3));
		assert_ok!(ValidatorSet::purge_keys(RuntimeOrigin::signed(3)));
		assert_eq!(last_event(), Event::KeysPurged { who: 3 });
		assert!(!WithKeys::contains(&3));
		// Nothing left to purge.
		assert_noop!(
			ValidatorSet::purge_keys(RuntimeOrigin::signed(3)),
			DispatchError::Other("no session keys")
		);
		assert_noop!(ValidatorSet::purge_keys(RuntimeOrigin::none()), DispatchError::BadOrigin);
	});
}

#[test]
fn a_removal_counts_only_validators_with_keys() {
	run_test(|| {
		// Set [1, 2, 3], minimum 2: 2 purged its keys behind the pallet's back.
		purge_directly(2);
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 3),
			Error::<Test>::TooFewValidators
		);
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 1),
			Error::<Test>::TooFewValidators
		);
		// Removing the keyless one leaves two with keys.
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 2));
		assert_eq!(validators(), vec![1, 3]);
	});
}

#[test]
fn a_set_with_too_few_keyed_validators_is_refused_and_the_current_one_goes_on() {
	run_test(|| {
		// The review's case, with a minimum of 2: a change is planned, then all but one of the
		// validators lose their keys before the session boundary.
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		purge_directly(1);
		purge_directly(2);
		purge_directly(3);
		assert_eq!(ValidatorSet::new_session(2), None);
		assert_eq!(last_event(), Event::NewSetRefused { session: 2, with_keys: 1 });
		assert!(SetChanged::<Test>::get(), "the next boundary tries again");
	});
}

#[test]
fn a_lone_validator_cannot_purge_itself_out() {
	new_test_ext().execute_with(|| {
		Validators::<Test>::put(BoundedVec::truncate_from(vec![5]));
		assert_noop!(
			ValidatorSet::purge_keys(RuntimeOrigin::signed(5)),
			Error::<Test>::StillValidator
		);
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 5),
			Error::<Test>::TooFewValidators
		);
		assert!(WithKeys::contains(&5));
	});
}
