//! `challenge_dataset`, `resolve_challenge` and `close_expired_challenge`: bonds, escrow,
//! slashing, rejection, expiry and reputation.

use super::*;
use frame_support::assert_noop;
use sp_runtime::DispatchError;

const CHALLENGER: AccountId = 7;

/// Dataset A (owner 1; contributors 2 at 60%, 3 at 40%) and dataset B (owner 1; contributor 4),
/// in a model of owner 6 with weight 1 each, price 1_000 and no owner share. One query pays 50 to
/// the protocol and 950 to the data: 285 to 2, 190 to 3 and 475 to 4. Every contributor
/// confirmed its part.
fn setup() -> (H256, H256, ModelId) {
	let a = add_dataset(1, 1, &[(2, 60), (3, 40)]);
	let b = add_dataset(1, 2, &[(4, 100)]);
	for (who, hash) in [(2, a), (3, a), (4, b)] {
		assert_ok!(DataContribution::confirm_contribution(RuntimeOrigin::signed(who), hash));
	}
	let model = add_model(6, &[(a, 1), (b, 1)], 1_000, Perbill::zero());
	(a, b, model)
}

fn challenge(who: AccountId, dataset: H256) -> sp_runtime::DispatchResult {
	DataContribution::challenge_dataset(
		RuntimeOrigin::signed(who),
		dataset,
		b"ipfs://proof".to_vec(),
	)
	.map(|_| ())
	.map_err(|e| e.error)
}

fn resolve(origin: RuntimeOrigin, dataset: H256, upheld: bool) -> sp_runtime::DispatchResult {
	DataContribution::resolve_challenge(origin, dataset, upheld)
		.map(|_| ())
		.map_err(|e| e.error)
}

/// Dataset `hash` (owned by 1) can be neither withdrawn nor used by a new model.
fn assert_closed_to_withdrawal_and_models(hash: H256) {
	assert_noop!(
		DataContribution::withdraw_dataset(RuntimeOrigin::signed(1), hash),
		Error::<Test>::DatasetNotActive
	);
	assert_noop!(
		DataContribution::register_model(
			RuntimeOrigin::signed(6),
			vec![(hash, 1)],
			vec![],
			1,
			Perbill::zero(),
			vec![]
		),
		Error::<Test>::DatasetNotActive
	);
}

fn escrowed(who: AccountId) -> Balance {
	DataContribution::contributor_total(&who).escrowed
}

#[test]
fn a_challenge_holds_the_bond_and_marks_the_dataset() {
	run_test(|| {
		let (a, _, _) = setup();
		let expires_at = System::block_number() + CHALLENGE_PERIOD;
		assert_ok!(challenge(CHALLENGER, a));
		assert_eq!(held(CHALLENGER), BOND);
		assert_eq!(Datasets::<Test>::get(a).unwrap().status, DatasetStatus::Challenged);
		let open = Challenges::<Test>::get(a).unwrap();
		assert_eq!((open.challenger, open.bond, open.expires_at), (CHALLENGER, BOND, expires_at));
		assert_eq!(open.evidence.to_vec(), b"ipfs://proof".to_vec());
		assert_eq!(
			last_event(),
			Event::ChallengeOpened { dataset: a, challenger: CHALLENGER, bond: BOND, expires_at }
		);
		// The owner and both contributors have one dataset registered and one challenged.
		for who in [1, 2, 3] {
			assert_eq!(Reputations::<Test>::get(who).challenged, 1);
		}
		assert_eq!(Reputations::<Test>::get(1).registered, 2);
		assert_eq!(
			Reputations::<Test>::get(4),
			Reputation { registered: 1, challenged: 0, slashed: 0 }
		);
	});
}

#[test]
fn earnings_through_a_challenged_dataset_are_escrowed_and_payments_go_on() {
	run_test(|| {
		let (a, _, model) = setup();
		pay(5, model, 1);
		assert_ok!(challenge(CHALLENGER, a));
		pay(5, model, 1);
		// Everything A's contributors earned, before and during the challenge, is escrowed.
		assert_eq!((pending(2), escrowed(2)), (0, 2 * 285));
		assert_eq!((pending(3), escrowed(3)), (0, 2 * 190));
		assert_eq!((pending(4), escrowed(4)), (2 * 475, 0));

		let before = free(2);
		claim(2);
		assert_eq!(free(2), before);
		assert_eq!(Escrow::<Test>::get(2, a), 570);
		assert_eq!(
			last_claim(),
			Event::RewardsClaimed {
				who: 2,
				amount: 0,
				escrowed: 570,
				forfeited: 0,
				redirected: 0,
				positions: 1,
				more_remaining: false,
				models: settled_models(&[model]),
			}
		);
		assert_eq!(
			DataContribution::contributor_total(&2),
			ContributorBalance { pending: 0, escrowed: 570, claimed: 0, earned: 570, next: None }
		);
		// B's contributor is unaffected.
		let before = free(4);
		claim(4);
		assert_eq!(free(4), before + 950);
	});
}

#[test]
fn a_contributor_of_two_datasets_claims_the_unchallenged_part() {
	run_test(|| {
		let a = add_dataset(1, 1, &[(2, 100)]);
		let c = add_dataset(1, 3, &[(2, 50), (3, 50)]);
		let model = add_model(6, &[(a, 1), (c, 3)], 1_000, Perbill::zero());
		assert_eq!(Positions::<Test>::get(2, model).unwrap().parts.len(), 2);
		assert_ok!(challenge(CHALLENGER, a));
		pay(5, model, 1);
		// 950 for the data: A earns 237.5 (all for 2), C 712.5 (356.25 each for 2 and 3).
		let before = free(2);
		claim(2);
		assert_eq!(Escrow::<Test>::get(2, a), 237);
		// 2's position is owed ⌊593.75⌋ = 593, of which ⌊237.5⌋ = 237 is escrowed.
		assert_eq!(free(2), before + 356);
	});
}

#[test]
fn an_upheld_challenge_slashes_the_dataset() {
	run_test(|| {
		let (a, b, model) = setup();
		pay(5, model, 1);
		assert_ok!(challenge(CHALLENGER, a));
		claim(2); // 285 escrowed
		let deposit = Datasets::<Test>::get(a).unwrap().deposit;
		let (owner_held, challenger_free, protocol) = (held(1), free(CHALLENGER), free(PROTOCOL));

		assert_ok!(resolve(RuntimeOrigin::root(), a, true));
		let reward = deposit / 2;
		assert_eq!(
			last_event(),
			Event::ChallengeUpheld {
				dataset: a,
				challenger: CHALLENGER,
				slashed_deposit: deposit,
				challenger_reward: reward,
				forfeited_escrow: 285,
			}
		);
		assert_eq!(held(1), owner_held - deposit);
		assert_eq!(held(CHALLENGER), 0);
		assert_eq!(free(CHALLENGER), challenger_free + BOND + reward);
		assert_eq!(free(PROTOCOL), protocol + (deposit - reward) + 285);
		let dataset = Datasets::<Test>::get(a).unwrap();
		assert_eq!((dataset.status, dataset.deposit), (DatasetStatus::Slashed, 0));
		assert!(Challenges::<Test>::get(a).is_none());
		assert_eq!(Escrow::<Test>::get(2, a), 0);
		for who in [1, 2, 3] {
			assert_eq!(Reputations::<Test>::get(who).slashed, 1);
		}
		assert_eq!(Reputations::<Test>::get(4).slashed, 0);

		// Later earnings through A go to the protocol account when settled; B's are untouched.
		pay(5, model, 1);
		assert_eq!(DataContribution::contributor_total(&3), ContributorBalance::default());
		let (protocol, before) = (free(PROTOCOL), free(3));
		assert_ok!(DataContribution::claim_rewards(RuntimeOrigin::signed(3)));
		assert_eq!(free(3), before);
		// 3's unclaimed 190 from before the challenge and 190 from after.
		assert_eq!(free(PROTOCOL), protocol + 380);
		assert_eq!(
			last_claim(),
			Event::RewardsClaimed {
				who: 3,
				amount: 0,
				escrowed: 0,
				forfeited: 380,
				redirected: 0,
				positions: 1,
				more_remaining: false,
				models: settled_models(&[model]),
			}
		);
		assert_eq!(pending(4), 950);

		// A slashed dataset is closed to everything, also alongside an active one.
		assert_noop!(challenge(8, a), Error::<Test>::DatasetNotActive);
		assert_closed_to_withdrawal_and_models(a);
		assert_noop!(
			DataContribution::register_model(
				RuntimeOrigin::signed(6),
				vec![(b, 1), (a, 1)],
				vec![],
				1,
				Perbill::zero(),
				vec![]
			),
			Error::<Test>::DatasetNotActive
		);
	});
}

#[test]
fn a_rejected_challenge_forfeits_the_bond_and_releases_the_escrow() {
	run_test(|| {
		let (a, _, model) = setup();
		pay(5, model, 1);
		assert_ok!(challenge(CHALLENGER, a));
		claim(2); // 285 escrowed; 3's 190 stays in its position
		let (challenger_free, owner_held, protocol) = (free(CHALLENGER), held(1), free(PROTOCOL));

		assert_ok!(resolve(RuntimeOrigin::signed(CURATOR), a, false));
		assert_eq!(
			last_event(),
			Event::ChallengeRejected {
				dataset: a,
				challenger: CHALLENGER,
				bond: BOND,
				released_escrow: 285,
				expired: false,
			}
		);
		assert_eq!((held(CHALLENGER), free(CHALLENGER)), (0, challenger_free));
		assert_eq!(held(1), owner_held);
		assert_eq!(Datasets::<Test>::get(a).unwrap().status, DatasetStatus::Active);
		// The bond goes to the protocol account; 2 gets its escrow back.
		assert_eq!(free(PROTOCOL), protocol + BOND);
		assert_eq!(Contributors::<Test>::get(2).credit, 285);
		assert_eq!(Contributors::<Test>::get(3).credit, 0);
		assert_eq!(DataContribution::contributor_total(&3).pending, 190);

		let before = (free(2), free(3));
		claim(2);
		claim(3);
		assert_eq!(free(2), before.0 + 285);
		assert_eq!(free(3), before.1 + 190);
		assert_eq!(Contributors::<Test>::get(3), ContributorLedger { claimed: 190, credit: 0 });
		// The dataset can be challenged again.
		assert_ok!(challenge(8, a));
	});
}

#[test]
fn an_unruled_challenge_can_be_closed_by_anyone_after_its_period_and_forfeits_the_bond() {
	run_test(|| {
		let (a, _, _) = setup();
		let protocol = free(PROTOCOL);
		assert_ok!(challenge(CHALLENGER, a));
		for _ in 0..CHALLENGE_PERIOD - 1 {
			next_block();
		}
		assert_noop!(
			DataContribution::close_expired_challenge(RuntimeOrigin::signed(9), a),
			Error::<Test>::ChallengePeriodNotOver
		);
		next_block();
		assert_ok!(DataContribution::close_expired_challenge(RuntimeOrigin::signed(9), a));
		assert_eq!(
			last_event(),
			Event::ChallengeRejected {
				dataset: a,
				challenger: CHALLENGER,
				bond: BOND,
				released_escrow: 0,
				expired: true,
			}
		);
		// Nobody ruled: the bond goes to the protocol account, not to the contributors (who could
		// be the challenger's own accounts holding the challenge slot).
		assert_eq!(held(CHALLENGER), 0);
		assert_eq!(free(PROTOCOL), protocol + BOND);
		assert_eq!(Contributors::<Test>::get(2).credit, 0);
		assert_eq!(Datasets::<Test>::get(a).unwrap().status, DatasetStatus::Active);
	});
}

#[test]
fn challenges_reject_misuse_without_state_change() {
	run_test(|| {
		let (a, _, _) = setup();
		// Contributors and the owner may not challenge their own dataset.
		for who in [1, 2, 3] {
			assert_noop!(challenge(who, a), Error::<Test>::ChallengerIsContributor);
		}
		assert_noop!(challenge(CHALLENGER, hash(99)), Error::<Test>::UnknownDataset);
		let long = vec![0u8; MAX_EVIDENCE as usize + 1];
		assert_noop!(
			DataContribution::challenge_dataset(RuntimeOrigin::signed(CHALLENGER), a, long)
				.map_err(|e| e.error),
			Error::<Test>::EvidenceTooLong
		);
		// An account without the bond cannot challenge.
		assert!(challenge(30, a).is_err());
		assert_eq!(Datasets::<Test>::get(a).unwrap().status, DatasetStatus::Active);

		assert_noop!(resolve(RuntimeOrigin::root(), a, true), Error::<Test>::NoOpenChallenge);
		assert_noop!(
			DataContribution::close_expired_challenge(RuntimeOrigin::signed(9), a),
			Error::<Test>::NoOpenChallenge
		);

		assert_ok!(challenge(CHALLENGER, a));
		assert_noop!(challenge(8, a), Error::<Test>::ChallengeAlreadyOpen);
		assert_closed_to_withdrawal_and_models(a);
		// Only the curator origin rules.
		assert_noop!(resolve(RuntimeOrigin::signed(CHALLENGER), a, true), DispatchError::BadOrigin);
		assert_noop!(resolve(RuntimeOrigin::signed(1), a, false), DispatchError::BadOrigin);

		// A slashed dataset cannot be challenged again.
		assert_ok!(resolve(RuntimeOrigin::root(), a, true));
		assert_noop!(challenge(8, a), Error::<Test>::DatasetNotActive);
	});
}

#[test]
fn an_unconfirmed_contributor_gets_no_reputation_and_may_challenge() {
	run_test(|| {
		// A stranger (5) names 2 as a contributor of its dataset: nothing counts for 2 until 2
		// confirms, and 2 is not barred from challenging it.
		let d = add_dataset(5, 1, &[(2, 50), (5, 50)]);
		assert_eq!(Reputations::<Test>::get(2), Reputation::default());
		assert!(!Reputations::<Test>::contains_key(2));
		assert_eq!(Reputations::<Test>::get(5).registered, 1);
		assert_ok!(challenge(2, d));
		assert_ok!(resolve(RuntimeOrigin::root(), d, true));
		assert_eq!(Reputations::<Test>::get(2), Reputation::default());
		assert_eq!(
			Reputations::<Test>::get(5),
			Reputation { registered: 1, challenged: 1, slashed: 1 }
		);
		// The owner, a contributor too, was confirmed by registering.
		let own = add_dataset(5, 2, &[(5, 100)]);
		assert_noop!(challenge(5, own), Error::<Test>::ChallengerIsContributor);
	});
}

#[test]
fn a_confirmation_counts_the_datasets_record_as_it_stands() {
	run_test(|| {
		let d = add_dataset(5, 1, &[(2, 100)]);
		assert_ok!(challenge(CHALLENGER, d));
		assert_ok!(DataContribution::confirm_contribution(RuntimeOrigin::signed(2), d));
		assert_eq!(last_event(), Event::ContributionConfirmed { dataset: d, contributor: 2 });
		assert_eq!(
			Reputations::<Test>::get(2),
			Reputation { registered: 1, challenged: 1, slashed: 0 }
		);
		assert_noop!(
			DataContribution::confirm_contribution(RuntimeOrigin::signed(2), d),
			Error::<Test>::AlreadyConfirmed
		);
		assert_noop!(
			DataContribution::confirm_contribution(RuntimeOrigin::signed(3), d),
			Error::<Test>::NotContributor
		);
		assert_noop!(
			DataContribution::confirm_contribution(RuntimeOrigin::signed(3), hash(99)),
			Error::<Test>::UnknownDataset
		);
		// A slash counts for the confirmed contributor.
		assert_ok!(resolve(RuntimeOrigin::root(), d, true));
		assert_eq!(Reputations::<Test>::get(2).slashed, 1);
	});
}

#[test]
fn a_withdrawn_dataset_can_be_challenged_during_its_notice() {
	run_test(|| {
		let (a, _, model) = setup();
		pay(5, model, 1);
		assert_ok!(DataContribution::withdraw_dataset(RuntimeOrigin::signed(1), a));
		let deposit = Datasets::<Test>::get(a).unwrap().deposit;
		// The owner withdrew first; the challenge still reaches the dataset and its deposit.
		assert_ok!(challenge(CHALLENGER, a));
		assert_ok!(resolve(RuntimeOrigin::root(), a, true));
		assert_eq!(Datasets::<Test>::get(a).unwrap().status, DatasetStatus::Slashed);
		assert_eq!(free(CHALLENGER), INITIAL + deposit / 2);
	});
}

#[test]
fn a_withdrawn_dataset_stays_challengeable_while_models_pay_through_it() {
	run_test(|| {
		let (a, _, _) = setup();
		assert_ok!(DataContribution::withdraw_dataset(RuntimeOrigin::signed(1), a));
		assert_ok!(challenge(CHALLENGER, a));
		assert_ok!(resolve(RuntimeOrigin::root(), a, false));
		assert_eq!(Datasets::<Test>::get(a).unwrap().status, DatasetStatus::Withdrawn);
		// Long after the notice, the model still pays through it: still challengeable.
		for _ in 0..2 * CHALLENGE_PERIOD {
			next_block();
		}
		assert_ok!(challenge(8, a));
		// A withdrawn dataset no model uses goes after its notice, and nothing is left to
		// challenge.
		let lone = add_dataset(1, 3, &[(2, 100)]);
		assert_ok!(DataContribution::withdraw_dataset(RuntimeOrigin::signed(1), lone));
		for _ in 0..CHALLENGE_PERIOD {
			next_block();
		}
		assert_ok!(DataContribution::finish_withdraw_dataset(RuntimeOrigin::signed(9), lone));
		assert_noop!(challenge(CHALLENGER, lone), Error::<Test>::UnknownDataset);
	});
}

/// A squatter registered someone else's dataset; a curator upholds a challenge of
/// misattribution, naming the rightful account, which gets the escrow and every later part.
#[test]
fn a_misattribution_ruling_pays_the_rightful_account_from_then_on() {
	run_test(|| {
		let (a, _, model) = setup();
		let rightful = 8;
		pay(5, model, 1);
		assert_ok!(challenge(CHALLENGER, a));
		pay(5, model, 1);
		// 2 claims while the challenge is open: its 2 × 285 through A go to escrow.
		claim(2);
		assert_eq!(Escrow::<Test>::get(2, a), 2 * 285);
		let deposit = Datasets::<Test>::get(a).unwrap().deposit;
		assert_noop!(
			DataContribution::resolve_misattribution(RuntimeOrigin::signed(2), a, rightful)
				.map_err(|e| e.error),
			DispatchError::BadOrigin
		);
		assert_ok!(DataContribution::resolve_misattribution(
			RuntimeOrigin::signed(CURATOR),
			a,
			rightful
		));
		assert_eq!(
			last_event(),
			Event::MisattributionUpheld {
				dataset: a,
				challenger: CHALLENGER,
				rightful,
				slashed_deposit: deposit,
				challenger_reward: deposit / 2,
				redirected_escrow: 2 * 285,
			}
		);
		let dataset = Datasets::<Test>::get(a).unwrap();
		assert_eq!(
			(dataset.status, dataset.rightful),
			(DatasetStatus::Reattributed, Some(rightful))
		);
		assert_eq!(Contributors::<Test>::get(rightful).credit, 2 * 285);
		// Later payments: A's parts go to the rightful account when the positions settle.
		pay(5, model, 1);
		assert_eq!(pending(2), 0);
		assert_eq!(pending(3), 0, "3's parts through A, unclaimed, are the rightful account's too");
		assert_eq!(pending(4), 3 * 475);
		claim(2);
		assert!(matches!(last_event(), Event::RewardsClaimed { amount: 0, redirected: 285, .. }));
		// The rightful account settles 3's position itself, and claims everything.
		assert_ok!(DataContribution::settle_position(RuntimeOrigin::signed(rightful), model, 3));
		assert!(matches!(
			last_event(),
			Event::PositionSettled { credited: 0, redirected: 570, .. }
		));
		let before = free(rightful);
		claim(rightful);
		assert_eq!(free(rightful), before + 2 * 285 + 285 + 3 * 190);
		// The hash stays with its ruling.
		commit(rightful, a);
		next_block();
		assert_noop!(
			try_reveal(rightful, a, &[(rightful, 100)]),
			Error::<Test>::DatasetAlreadyRegistered
		);
	});
}
