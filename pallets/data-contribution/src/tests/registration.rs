//! Commit–reveal registration: a reveal must match an earlier commitment of the signer, and
//! whoever committed first wins.

use super::*;
use frame_support::assert_noop;

#[test]
fn the_commitment_is_the_documented_hash_of_tag_hash_owner_and_salt() {
	run_test(|| {
		// blake2_256 of the tag's 19 bytes, the hash, the account id and the salt, no prefixes.
		let mut preimage = b"fairshare/commit/v1".to_vec();
		preimage.extend_from_slice(hash(5).as_bytes());
		preimage.extend_from_slice(&7u64.to_le_bytes());
		preimage.extend_from_slice(&[9u8; 32]);
		let expected = H256(sp_io::hashing::blake2_256(&preimage));
		assert_eq!(DataContribution::commitment_of(&hash(5), &7, &[9u8; 32]), expected);
	});
}

#[test]
fn a_commitment_holds_a_deposit_until_it_is_revealed() {
	run_test(|| {
		commit(1, hash(1));
		let commitment = DataContribution::commitment_of(&hash(1), &1, &salt(1));
		let record = Commitments::<Test>::get(1, commitment).unwrap();
		assert_eq!(held(1), record.deposit);
		assert_eq!(
			last_event(),
			Event::DatasetCommitted {
				who: 1,
				commitment,
				deposit: record.deposit,
				expires_at: 1 + COMMITMENT_LIFETIME
			}
		);
		assert_noop!(
			DataContribution::commit_dataset(RuntimeOrigin::signed(1), commitment),
			Error::<Test>::CommitmentAlreadyExists
		);
		// Revealed in the same block: too early.
		assert_noop!(try_reveal(1, hash(1), &[(2, 100)]), Error::<Test>::CommitmentTooRecent);
		next_block();
		reveal(1, hash(1), &[(2, 100)]);
		assert!(Commitments::<Test>::get(1, commitment).is_none());
		// The commitment's deposit is released, the dataset's and the reputation's held.
		let dataset = Datasets::<Test>::get(hash(1)).unwrap();
		assert_eq!(held(1), dataset.deposit + reputation_deposit());
	});
}

#[test]
fn a_reveal_needs_the_signers_own_commitment_with_the_right_salt() {
	run_test(|| {
		commit(1, hash(1));
		next_block();
		// Someone else cannot reveal 1's commitment: the owner is in the preimage.
		assert_noop!(try_reveal(2, hash(1), &[(2, 100)]), Error::<Test>::UnknownCommitment);
		// A wrong salt matches no commitment.
		assert_noop!(
			DataContribution::register_dataset(
				RuntimeOrigin::signed(1),
				hash(1),
				[0; 32],
				vec![(2, Perbill::one())],
				vec![],
				LicenceTerms::permissive(),
			),
			Error::<Test>::UnknownCommitment
		);
		assert_noop!(try_reveal(1, hash(2), &[(2, 100)]), Error::<Test>::UnknownCommitment);
	});
}

#[test]
fn an_expired_commitment_cannot_be_revealed_and_anyone_may_remove_it() {
	run_test(|| {
		commit(1, hash(1));
		let commitment = DataContribution::commitment_of(&hash(1), &1, &salt(1));
		let deposit = held(1);
		assert_noop!(
			DataContribution::remove_commitment(RuntimeOrigin::signed(2), 1, commitment),
			Error::<Test>::CommitmentNotExpired
		);
		for _ in 0..=COMMITMENT_LIFETIME {
			next_block();
		}
		assert_noop!(try_reveal(1, hash(1), &[(2, 100)]), Error::<Test>::CommitmentExpired);
		let before = free(1);
		assert_ok!(DataContribution::remove_commitment(RuntimeOrigin::signed(2), 1, commitment));
		assert_eq!(last_event(), Event::CommitmentRemoved { who: 1, commitment, deposit });
		assert_eq!(free(1), before + deposit);
		assert_noop!(
			DataContribution::remove_commitment(RuntimeOrigin::signed(2), 1, commitment),
			Error::<Test>::UnknownCommitment
		);
	});
}

#[test]
fn its_maker_may_remove_a_commitment_at_any_time() {
	run_test(|| {
		commit(1, hash(1));
		let commitment = DataContribution::commitment_of(&hash(1), &1, &salt(1));
		assert_ok!(DataContribution::remove_commitment(RuntimeOrigin::signed(1), 1, commitment));
		assert_eq!(held(1), 0);
	});
}

/// The review's front-running attack: Mallory sees Alice's reveal in the pool, commits to the
/// same hash and gets her reveal in first. Alice's earlier commitment still wins, within the
/// reveal window.
#[test]
fn an_earlier_commitment_displaces_a_front_runner_within_the_reveal_window() {
	run_test(|| {
		RevealWindow::set(3);
		let (alice, mallory) = (1, 6);
		commit(alice, hash(1));
		next_block();
		// Alice's reveal is in the pool; Mallory commits after seeing it, and reveals first.
		commit(mallory, hash(1));
		next_block();
		reveal(mallory, hash(1), &[(mallory, 100)]);
		let squatted = Datasets::<Test>::get(hash(1)).unwrap();
		assert_eq!(squatted.owner, mallory);
		// Within the window nothing can use, withdraw or challenge the registration.
		assert_noop!(
			DataContribution::register_model(
				RuntimeOrigin::signed(4),
				vec![(hash(1), 1)],
				vec![],
				10,
				Perbill::zero(),
				vec![]
			),
			Error::<Test>::RegistrationPending
		);
		assert_noop!(
			DataContribution::withdraw_dataset(RuntimeOrigin::signed(mallory), hash(1)),
			Error::<Test>::RegistrationPending
		);
		assert_noop!(
			DataContribution::challenge_dataset(RuntimeOrigin::signed(3), hash(1), vec![]),
			Error::<Test>::RegistrationPending
		);
		// Alice's reveal is included later: her earlier commitment takes the dataset.
		next_block();
		reveal(alice, hash(1), &[(2, 100)]);
		let dataset = Datasets::<Test>::get(hash(1)).unwrap();
		assert_eq!((dataset.owner, dataset.contributors.len()), (alice, 1));
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::DataContribution(Event::DatasetDisplaced {
				dataset: hash(1),
				owner: mallory,
				deposit: squatted.deposit
			})));
		// Mallory's deposit came back, and her reputation lost the registration.
		assert_eq!(Reputations::<Test>::get(mallory).registered, 0);
		assert_eq!(Reputations::<Test>::get(alice).registered, 1);
		RevealWindow::set(0);
	});
}

#[test]
fn a_later_commitment_cannot_displace_and_the_window_closes() {
	run_test(|| {
		RevealWindow::set(2);
		commit(1, hash(1));
		next_block();
		commit(2, hash(1));
		reveal(1, hash(1), &[(1, 100)]);
		next_block();
		// 2 committed later than 1: no precedence.
		assert_noop!(try_reveal(2, hash(1), &[(2, 100)]), Error::<Test>::DatasetAlreadyRegistered);
		// An earlier commitment revealed after the window is too late.
		commit(3, hash(2));
		next_block();
		commit(4, hash(2));
		next_block();
		reveal(4, hash(2), &[(4, 100)]);
		next_block();
		next_block();
		assert_noop!(try_reveal(3, hash(2), &[(3, 100)]), Error::<Test>::DatasetAlreadyRegistered);
		// After the window the dataset is usable.
		add_model(5, &[(hash(2), 1)], 10, Perbill::zero());
		RevealWindow::set(0);
	});
}

#[test]
fn a_slashed_hash_stays_blocked() {
	run_test(|| {
		let h = add_dataset(1, 1, &[(2, 100)]);
		assert_ok!(DataContribution::challenge_dataset(RuntimeOrigin::signed(3), h, vec![]));
		assert_ok!(DataContribution::resolve_challenge(RuntimeOrigin::root(), h, true));
		commit(4, h);
		next_block();
		assert_noop!(try_reveal(4, h, &[(4, 100)]), Error::<Test>::DatasetAlreadyRegistered);
	});
}
