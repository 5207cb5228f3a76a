//! Ownership transfer of datasets and models: offer, accept, withdraw, and what moves with it.

use super::*;
use frame_support::assert_noop;

fn offer_dataset(owner: AccountId, dataset: H256, to: AccountId) -> sp_runtime::DispatchResult {
	DataContribution::offer_dataset_ownership(RuntimeOrigin::signed(owner), dataset, to)
}

fn accept_dataset(who: AccountId, dataset: H256) -> sp_runtime::DispatchResult {
	DataContribution::accept_dataset_ownership(RuntimeOrigin::signed(who), dataset)
}

fn offer_model(owner: AccountId, model_id: ModelId, to: AccountId) -> sp_runtime::DispatchResult {
	DataContribution::offer_model_ownership(RuntimeOrigin::signed(owner), model_id, to)
}

fn accept_model(who: AccountId, model_id: ModelId) -> sp_runtime::DispatchResult {
	DataContribution::accept_model_ownership(RuntimeOrigin::signed(who), model_id)
}

#[test]
fn a_dataset_changes_hands_in_two_steps_with_its_deposit() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let deposit = Datasets::<Test>::get(a).unwrap().deposit;
		let (held_1, held_3) = (held(1), held(3));

		assert_ok!(offer_dataset(1, a, 3));
		assert_eq!(
			last_event(),
			Event::DatasetOwnershipOffered { dataset: a, owner: 1, new_owner: 3 }
		);
		// Nothing changed hands yet.
		assert_eq!(Datasets::<Test>::get(a).unwrap().owner, 1);
		assert_eq!(held(1), held_1);

		assert_ok!(accept_dataset(3, a));
		assert_eq!(
			last_event(),
			Event::DatasetOwnershipTransferred { dataset: a, old_owner: 1, new_owner: 3, deposit }
		);
		assert_eq!(Datasets::<Test>::get(a).unwrap().owner, 3);
		assert_eq!(DatasetOwnershipOffers::<Test>::get(a), None);
		// The deposit moved; the new owner answers for the dataset, with a reputation record.
		assert_eq!(held(1), held_1 - deposit);
		assert_eq!(held(3), held_3 + deposit + reputation_deposit());
		assert_eq!(Reputations::<Test>::get(3).registered, 1);
		assert_eq!(Reputations::<Test>::get(1).registered, 0);
		// Passing it back and forth inflates nobody's reputation.
		assert_ok!(offer_dataset(3, a, 1));
		assert_ok!(accept_dataset(1, a));
		assert_ok!(offer_dataset(1, a, 3));
		assert_ok!(accept_dataset(3, a));
		assert_eq!(
			(Reputations::<Test>::get(1).registered, Reputations::<Test>::get(3).registered),
			(0, 1)
		);

		// The new owner withdraws it; the old one can do nothing with it any more.
		assert_noop!(
			DataContribution::withdraw_dataset(RuntimeOrigin::signed(1), a),
			Error::<Test>::NotOwner
		);
		assert_ok!(DataContribution::withdraw_dataset(RuntimeOrigin::signed(3), a));
	});
}

#[test]
fn only_the_named_account_accepts_and_the_owner_may_replace_or_withdraw_the_offer() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		assert_noop!(accept_dataset(3, a), Error::<Test>::NoOwnershipOffer);
		assert_noop!(offer_dataset(2, a, 3), Error::<Test>::NotOwner);
		assert_noop!(offer_dataset(1, hash(99), 3), Error::<Test>::UnknownDataset);
		assert_noop!(offer_dataset(1, a, 1), Error::<Test>::NoOwnershipOffer);

		// A typo: offered to 4 instead of 3. Nobody else can take it; the owner replaces it.
		assert_ok!(offer_dataset(1, a, 4));
		assert_noop!(accept_dataset(3, a), Error::<Test>::NotOfferedOwner);
		assert_ok!(offer_dataset(1, a, 3));
		assert_noop!(accept_dataset(4, a), Error::<Test>::NotOfferedOwner);

		// Offering to oneself withdraws the offer.
		assert_ok!(offer_dataset(1, a, 1));
		assert_eq!(last_event(), Event::DatasetOwnershipOfferWithdrawn { dataset: a });
		assert_noop!(accept_dataset(3, a), Error::<Test>::NoOwnershipOffer);
		assert_eq!(Datasets::<Test>::get(a).unwrap().owner, 1);
	});
}

#[test]
fn a_new_owner_that_cannot_hold_the_deposit_changes_nothing() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let poor = 42;
		assert_ok!(Balances::force_set_balance(
			RuntimeOrigin::root(),
			poor,
			EXISTENTIAL_DEPOSIT * 2
		));
		assert_ok!(offer_dataset(1, a, poor));
		let before = held(1);
		assert!(accept_dataset(poor, a).is_err());
		assert_eq!(Datasets::<Test>::get(a).unwrap().owner, 1);
		assert_eq!(held(1), before);
		assert_eq!(DatasetOwnershipOffers::<Test>::get(a), Some(poor));
		// Tidy up, so that the account without records holds nothing at the block's end.
		assert_ok!(offer_dataset(1, a, 1));
	});
}

#[test]
fn a_challenged_or_ruled_dataset_does_not_change_hands() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		assert_ok!(offer_dataset(1, a, 3));
		assert_ok!(DataContribution::challenge_dataset(
			RuntimeOrigin::signed(5),
			a,
			b"copied".to_vec()
		));
		assert_noop!(accept_dataset(3, a), Error::<Test>::DatasetNotTransferable);
		assert_noop!(offer_dataset(1, a, 4), Error::<Test>::DatasetNotTransferable);
		// Upheld: the offer lapses with the ruling.
		assert_ok!(DataContribution::resolve_challenge(RuntimeOrigin::root(), a, true));
		assert_eq!(DatasetOwnershipOffers::<Test>::get(a), None);
		assert_noop!(offer_dataset(1, a, 3), Error::<Test>::DatasetNotTransferable);
	});
}

#[test]
fn a_rejected_challenge_leaves_the_offer_open() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		assert_ok!(offer_dataset(1, a, 3));
		assert_ok!(DataContribution::challenge_dataset(
			RuntimeOrigin::signed(5),
			a,
			b"copied".to_vec()
		));
		assert_ok!(DataContribution::resolve_challenge(RuntimeOrigin::root(), a, false));
		assert_ok!(accept_dataset(3, a));
		assert_eq!(Datasets::<Test>::get(a).unwrap().owner, 3);
	});
}

#[test]
fn a_confirmed_contributor_taking_over_is_not_counted_twice() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		assert_ok!(DataContribution::confirm_contribution(RuntimeOrigin::signed(2), a));
		assert_eq!(Reputations::<Test>::get(2).registered, 1);
		assert_ok!(offer_dataset(1, a, 2));
		assert_ok!(accept_dataset(2, a));
		assert_eq!(Reputations::<Test>::get(2).registered, 1);
	});
}

#[test]
fn an_offer_goes_with_the_removed_dataset() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		assert_ok!(DataContribution::withdraw_dataset(RuntimeOrigin::signed(1), a));
		assert_ok!(offer_dataset(1, a, 3));
		System::set_block_number(System::block_number() + CHALLENGE_PERIOD);
		assert_ok!(DataContribution::finish_withdraw_dataset(RuntimeOrigin::signed(9), a));
		assert_eq!(DatasetOwnershipOffers::<Test>::get(a), None);
		assert_noop!(accept_dataset(3, a), Error::<Test>::NoOwnershipOffer);
	});
}

#[test]
fn a_model_changes_hands_after_paying_its_old_owner_what_it_earned() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let id = add_model(4, &[(a, 1)], 1_000, Perbill::from_percent(20));
		pay(5, id, 3);
		let deposit = Models::<Test>::get(id).unwrap().deposit;
		let (free_4, held_4, held_6, protocol) = (free(4), held(4), held(6), free(PROTOCOL));

		assert_ok!(offer_model(4, id, 6));
		assert_eq!(
			last_event(),
			Event::ModelOwnershipOffered { model_id: id, owner: 4, new_owner: 6 }
		);
		assert_ok!(accept_model(6, id));
		assert_eq!(
			last_event(),
			Event::ModelOwnershipTransferred { model_id: id, old_owner: 4, new_owner: 6, deposit }
		);
		// 3 queries at 1_000: 150 to the protocol, 570 to the owner, paid out before the move.
		assert_eq!(free(4), free_4 + 570 + deposit);
		assert_eq!(held(4), held_4 - deposit);
		assert_eq!(held(6), held_6 + deposit);
		assert_eq!(free(PROTOCOL), protocol + 150);
		let model = Models::<Test>::get(id).unwrap();
		assert_eq!((model.owner, model.revenue.total()), (6, 0));

		// From now on the owner's share is the new owner's, and only it may set the price.
		pay(5, id, 1);
		let free_6 = free(6);
		assert_ok!(DataContribution::claim_model_revenue(RuntimeOrigin::signed(9), id));
		assert_eq!(free(6), free_6 + 190);
		assert_noop!(
			DataContribution::set_model_price(RuntimeOrigin::signed(4), id, 1),
			Error::<Test>::NotOwner
		);
		assert_ok!(DataContribution::set_model_price(RuntimeOrigin::signed(6), id, 1));
		// The contributors' positions did not move.
		assert_eq!(pending(2), 2_280 + 760);
	});
}

#[test]
fn model_offers_are_checked_and_removed_with_the_model() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let id = add_model(4, &[(a, 1)], 1_000, Perbill::from_percent(20));
		assert_noop!(offer_model(5, id, 6), Error::<Test>::NotOwner);
		assert_noop!(offer_model(4, 9, 6), Error::<Test>::UnknownModel);
		assert_noop!(accept_model(6, id), Error::<Test>::NoOwnershipOffer);
		assert_noop!(offer_model(4, id, 4), Error::<Test>::NoOwnershipOffer);
		assert_ok!(offer_model(4, id, 7));
		assert_noop!(accept_model(6, id), Error::<Test>::NotOfferedOwner);
		assert_ok!(offer_model(4, id, 4));
		assert_eq!(last_event(), Event::ModelOwnershipOfferWithdrawn { model_id: id });

		// A retired model can still change hands; its offer goes when it is removed.
		assert_ok!(DataContribution::retire_model(RuntimeOrigin::signed(4), id));
		assert_ok!(offer_model(4, id, 6));
		assert_ok!(DataContribution::settle_position(RuntimeOrigin::signed(9), id, 2));
		assert_ok!(DataContribution::remove_retired_model(RuntimeOrigin::signed(9), id));
		assert_eq!(ModelOwnershipOffers::<Test>::get(id), None);
		assert_noop!(accept_model(6, id), Error::<Test>::NoOwnershipOffer);
	});
}
