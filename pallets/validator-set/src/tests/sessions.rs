//! The pallet as `pallet-session`'s `SessionManager`.

use super::*;
use frame_support::assert_ok;
use pallet_session::SessionManager;

#[test]
fn genesis_sessions_get_the_genesis_set() {
	run_test(|| {
		assert_eq!(ValidatorSet::new_session_genesis(0), Some(vec![1, 2, 3]));
		assert_eq!(ValidatorSet::new_session_genesis(1), Some(vec![1, 2, 3]));
	});
}

#[test]
fn an_unchanged_set_is_not_handed_over_again() {
	run_test(|| {
		assert_eq!(ValidatorSet::new_session(2), None);
		assert_eq!(ValidatorSet::new_session(3), None);
	});
}

#[test]
fn a_changed_set_is_handed_over_once() {
	run_test(|| {
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 1));
		assert_eq!(ValidatorSet::new_session(2), Some(vec![2, 3, 4]));
		assert_eq!(last_event(), Event::NewSetPlanned { session: 2, validators: 3 });
		assert!(!SetChanged::<Test>::get());
		assert_eq!(ValidatorSet::new_session(3), None);
	});
}
