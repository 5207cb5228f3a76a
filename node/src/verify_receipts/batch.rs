//! The verdicts of `verify-receipts`: for each receipt, what
//! [`pallet_data_contribution::Pallet::receipt_signed`] says of it, found faster where a batch
//! allows.
//!
//! A batch's ed25519 receipts are verified together with the batch equation of `ed25519-zebra`,
//! the implementation sp-core verifies each ed25519 signature with (its batch and single checks
//! agree, by ZIP 215), and its sr25519 receipts together with `schnorrkel`'s, the implementation
//! of sp-core's sr25519 (a prime-order group: the batch equation holds exactly when each
//! signature's does, but for a chance of 2^-128 with random weights). When a scheme's batch
//! passes, each of its receipts is signed; when it fails, each is checked on its own by
//! `receipt_signed`, as are ecdsa receipts (the protocol takes no other scheme). A verdict is
//! therefore always the rule's own; the batch only saves time when its receipts are good.
//!
//! Two things are remembered of up to [`MAX_REMEMBERED`] consumers each:
//! - who signs wrapped: a consumer may sign raw or wrapped in `<Bytes>`, and a batch equation
//!   takes one form a receipt, so each receipt is batched in the form its consumer's last good
//!   receipt had (raw for a consumer not seen before). Only the consumer's own good receipt
//!   changes it;
//! - who was refused: a bad receipt fails its whole batch, whose receipts are then checked one
//!   by one. The next receipts of a consumer whose last receipt was refused are checked on their
//!   own, outside the batches, until one passes.
//!
//! Anyone can send a bad receipt in a consumer's name (the gateway checks the channel's consumer,
//! not yet the signature). Each fails the batch it is in, unless that consumer's last receipt
//! was refused too: its receipts then cost what the bad receipt's own checks cost plus what
//! checking the batch's receipts alone costs, on top of the failed equation. docs/performance.md
//! measures it: with a bad receipt in every batch, the checks cost 1.26 to 1.73 times what
//! checking each alone costs (by scheme and size). A verdict never changes.
//!
//! A set that reaches its bound is emptied, and re-learnt: each consumer in it at the cost of
//! at most one failed batch. Strangers' receipts fill only the refused set.

use super::Receipt;
use fairshare_runtime::{AccountId, Runtime, Signature};
use pallet_data_contribution::Pallet as DataContribution;
use sp_core::{ed25519, H256};
use std::collections::HashSet;

/// The signing context of sp-core's sr25519 signatures.
const SR25519_CONTEXT: &[u8] = b"substrate";
/// The most consumers each set remembers.
pub const MAX_REMEMBERED: usize = 65_536;

/// Checks receipts, batch by batch, for one chain.
pub struct Checker {
	genesis: H256,
	/// Consumers whose last good receipt was signed wrapped in `<Bytes>`.
	wrapped: Remembered,
	/// Consumers whose last receipt was refused.
	refused: Remembered,
	/// How many receipts were checked on their own: those of failed batches, those alone of
	/// their scheme, those that do not decode, those of consumers last refused, ecdsa ones.
	pub checked_singly: u64,
}

/// A set of consumers, emptied when it would hold more than its bound.
struct Remembered {
	accounts: HashSet<AccountId>,
	bound: usize,
}

impl Remembered {
	fn new(bound: usize) -> Self {
		Self { accounts: HashSet::new(), bound }
	}

	/// Adds or removes `account`.
	fn set(&mut self, account: &AccountId, member: bool) {
		if !member {
			self.accounts.remove(account);
			return;
		}
		if self.accounts.len() >= self.bound && !self.accounts.contains(account) {
			self.accounts.clear();
		}
		self.accounts.insert(account.clone());
	}

	fn contains(&self, account: &AccountId) -> bool {
		self.accounts.contains(account)
	}
}

impl Checker {
	/// A checker of receipts signed for the chain with genesis hash `genesis`.
	pub fn new(genesis: H256) -> Self {
		Self::with_bound(genesis, MAX_REMEMBERED)
	}

	/// A checker that remembers up to `bound` consumers in each set.
	fn with_bound(genesis: H256, bound: usize) -> Self {
		let (wrapped, refused) = (Remembered::new(bound), Remembered::new(bound));
		Self { genesis, wrapped, refused, checked_singly: 0 }
	}

	/// Whether each of `receipts` is signed by its consumer, by the runtime's rule.
	pub fn check(&mut self, receipts: &[Receipt]) -> Vec<bool> {
		let mut ed = Vec::new();
		let mut sr = Vec::new();
		for (at, receipt) in receipts.iter().enumerate() {
			if self.refused.contains(&receipt.account) {
				continue;
			}
			match &receipt.signature {
				Signature::Ed25519(signature) => ed.push((at, signature)),
				// One that does not decode is refused on its own, without failing the batch.
				Signature::Sr25519(signature) => {
					let signature = schnorrkel::Signature::from_bytes(signature.as_ref());
					let key = schnorrkel::PublicKey::from_bytes(receipt.account.as_ref());
					if let (Ok(signature), Ok(key)) = (signature, key) {
						sr.push((at, signature, key));
					}
				},
				Signature::Ecdsa(_) | Signature::Eth(_) => {},
			}
		}
		let mut verdicts = vec![false; receipts.len()];
		if ed.len() > 1 && self.ed25519_batch_passes(receipts, &ed) {
			ed.iter().for_each(|&(at, _)| verdicts[at] = true);
		}
		if sr.len() > 1 && self.sr25519_batch_passes(receipts, &sr) {
			sr.iter().for_each(|&(at, ..)| verdicts[at] = true);
		}
		for (receipt, verdict) in receipts.iter().zip(verdicts.iter_mut()) {
			if !*verdict {
				*verdict = self.check_one(receipt);
			}
		}
		verdicts
	}

	/// `receipt_signed` on `receipt`, remembering what it showed of its consumer.
	fn check_one(&mut self, receipt: &Receipt) -> bool {
		self.checked_singly += 1;
		let mut wrapped = 0;
		let signed = DataContribution::<Runtime>::receipt_signed(
			&self.genesis,
			receipt.channel,
			receipt.cumulative,
			&receipt.signature,
			&receipt.account,
			&mut wrapped,
		);
		self.refused.set(&receipt.account, !signed);
		if signed {
			self.wrapped.set(&receipt.account, wrapped > 0);
		}
		signed
	}

	/// The bytes `receipt`'s consumer is taken to have signed: the receipt, wrapped in `<Bytes>`
	/// if their last good receipt was.
	fn message(&self, receipt: &Receipt) -> Vec<u8> {
		let message = DataContribution::<Runtime>::receipt_message(
			&self.genesis,
			receipt.channel,
			receipt.cumulative,
		);
		if self.wrapped.contains(&receipt.account) {
			DataContribution::<Runtime>::wrap_bytes(&message)
		} else {
			message
		}
	}

	/// Whether the batch equation holds for the ed25519 `batch` of `receipts`.
	fn ed25519_batch_passes(
		&self,
		receipts: &[Receipt],
		batch: &[(usize, &ed25519::Signature)],
	) -> bool {
		let mut verifier = ed25519_zebra::batch::Verifier::new();
		for &(at, signature) in batch {
			let receipt = &receipts[at];
			let key: &[u8; 32] = receipt.account.as_ref();
			let signature = ed25519_zebra::Signature::from_bytes(signature.as_ref());
			verifier.queue((
				ed25519_zebra::VerificationKeyBytes::from(*key),
				signature,
				&self.message(receipt)[..],
			));
		}
		verifier.verify(rand::thread_rng()).is_ok()
	}

	/// Whether the batch equation holds for the sr25519 `batch` of `receipts`, each with its
	/// signature and its consumer's key decoded.
	fn sr25519_batch_passes(
		&self,
		receipts: &[Receipt],
		batch: &[(usize, schnorrkel::Signature, schnorrkel::PublicKey)],
	) -> bool {
		let context = schnorrkel::signing_context(SR25519_CONTEXT);
		let transcripts = batch.iter().map(|(at, ..)| context.bytes(&self.message(&receipts[*at])));
		let signatures: Vec<_> = batch.iter().map(|(_, signature, _)| *signature).collect();
		let keys: Vec<_> = batch.iter().map(|(.., key)| *key).collect();
		schnorrkel::verify_batch_rng(transcripts, &signatures, &keys, false, rand::thread_rng())
			.is_ok()
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::verify_receipts::tests::{account, message, wrapped as in_bytes_tags, GENESIS};
	use sp_core::{ecdsa, sr25519, Pair};

	/// A consumer's key, of one of the three schemes.
	enum Key {
		Ed(Box<ed25519::Pair>),
		Sr(sr25519::Pair),
		Ec(ecdsa::Pair),
	}

	impl Key {
		/// The `n`th key of each scheme, `per_scheme` of each: ed25519 first, then sr25519, ecdsa.
		fn all(per_scheme: u8) -> Vec<Key> {
			let seed = |n: u8| [n + 1; 32];
			(0..per_scheme)
				.map(|n| Key::Ed(Box::new(ed25519::Pair::from_seed(&seed(n)))))
				.chain((0..per_scheme).map(|n| Key::Sr(sr25519::Pair::from_seed(&seed(n)))))
				.chain((0..per_scheme).map(|n| Key::Ec(ecdsa::Pair::from_seed(&seed(n)))))
				.collect()
		}

		fn account(&self) -> AccountId {
			match self {
				Key::Ed(pair) => account(pair.public()),
				Key::Sr(pair) => account(pair.public()),
				Key::Ec(pair) => account(pair.public()),
			}
		}

		fn sign(&self, bytes: &[u8]) -> Signature {
			match self {
				Key::Ed(pair) => pair.sign(bytes).into(),
				Key::Sr(pair) => pair.sign(bytes).into(),
				Key::Ec(pair) => pair.sign(bytes).into(),
			}
		}
	}

	/// What can be wrong with a receipt.
	#[derive(Clone, Copy, Debug, PartialEq)]
	enum Fault {
		None,
		/// Signed for another count.
		OtherCount,
		/// Signed by another key of the scheme.
		OtherKey,
		/// Its signature's second half (s) all ones: not a canonical scalar.
		SOverflow,
		/// Its signature's first byte (of R) changed.
		OtherR,
		/// Its signature's last bit flipped: for sr25519, the marker of schnorrkel 0.8's
		/// signatures, cleared.
		NoMarker,
		/// In the name of 0xee…ee, an account whose key signed nothing here (and may be no point).
		NotAKey,
	}

	/// The faults a receipt can have.
	const FAULTS: [Fault; 6] = [
		Fault::OtherCount,
		Fault::OtherKey,
		Fault::SOverflow,
		Fault::OtherR,
		Fault::NoMarker,
		Fault::NotAKey,
	];

	/// `key`'s receipt for `channel` at `cumulative`, signed raw or `wrapped`, with `fault`
	/// (`other` signs for [`Fault::OtherKey`]).
	fn receipt(
		key: &Key,
		other: &Key,
		channel: u64,
		cumulative: u64,
		wrapped: bool,
		fault: Fault,
	) -> Receipt {
		let form = |bytes: Vec<u8>| {
			if wrapped {
				in_bytes_tags(&bytes)
			} else {
				bytes
			}
		};
		let signed = form(message(GENESIS, channel, cumulative));
		let mut signature = match fault {
			Fault::OtherCount => key.sign(&form(message(GENESIS, channel, cumulative + 1))),
			Fault::OtherKey => other.sign(&signed),
			Fault::None | Fault::SOverflow | Fault::OtherR | Fault::NoMarker | Fault::NotAKey => {
				key.sign(&signed)
			},
		};
		let bytes: &mut [u8] = match &mut signature {
			Signature::Ed25519(s) => s.as_mut(),
			Signature::Sr25519(s) => s.as_mut(),
			Signature::Ecdsa(s) => s.as_mut(),
			Signature::Eth(s) => s.as_mut(),
		};
		match fault {
			Fault::SOverflow => bytes[32..64].fill(0xff),
			Fault::OtherR => bytes[0] ^= 1,
			Fault::NoMarker => bytes[63] ^= 0x80,
			Fault::None | Fault::OtherCount | Fault::OtherKey | Fault::NotAKey => {},
		}
		let account =
			if fault == Fault::NotAKey { AccountId::from([0xee; 32]) } else { key.account() };
		Receipt { signature, account, channel, cumulative }
	}

	/// A small deterministic generator of choices (xorshift64).
	fn next(state: &mut u64) -> u64 {
		*state ^= *state << 13;
		*state ^= *state >> 7;
		*state ^= *state << 17;
		*state
	}

	#[test]
	fn each_verdict_is_the_signers_whatever_else_the_batch_holds() {
		let keys = Key::all(3);
		let mut checker = Checker::new(H256(GENESIS));
		let mut wrapped = vec![false; keys.len()];
		let mut state = 0x2545_f491_4f6c_dd1d;
		let mut receipts_checked = 0;
		for channel in 0..120 {
			let size = 1 + next(&mut state) % 12;
			let (mut receipts, mut expected) = (Vec::new(), Vec::new());
			for cumulative in 0..size {
				let k = (next(&mut state) % keys.len() as u64) as usize;
				// Now and then a consumer changes the form it signs in.
				if next(&mut state).is_multiple_of(5) {
					wrapped[k] = !wrapped[k];
				}
				let choice = (next(&mut state) % 18) as usize;
				let fault = FAULTS.get(choice).copied().unwrap_or(Fault::None);
				let other = &keys[k - k % 3 + (k + 1) % 3];
				receipts.push(receipt(&keys[k], other, channel, cumulative, wrapped[k], fault));
				expected.push(fault == Fault::None);
			}
			assert_eq!(checker.check(&receipts), expected, "channel {channel}");
			receipts_checked += size;
		}
		// Some batches passed: not every receipt was checked on its own.
		assert!(checker.checked_singly < receipts_checked);
	}

	#[test]
	fn a_batch_of_good_receipts_passes_whole_once_each_consumers_form_is_known() {
		// Four ed25519 and four sr25519 consumers, two receipts each in every batch.
		let keys: Vec<Key> = Key::all(4).into_iter().take(8).collect();
		let mut checker = Checker::new(H256(GENESIS));
		let mut check = |wrapped: &[bool]| {
			let receipts: Vec<Receipt> = (0..16)
				.map(|n| {
					let k = n % 8;
					receipt(&keys[k], &keys[k], k as u64, n as u64, wrapped[k], Fault::None)
				})
				.collect();
			assert_eq!(checker.check(&receipts), vec![true; 16]);
			checker.checked_singly
		};
		let mut wrapped = [false; 8];
		assert_eq!(check(&wrapped), 0);
		// One consumer of each scheme starts to sign wrapped: both batches fail once, and their
		// receipts are checked one by one; then the new form is known.
		wrapped[1] = true;
		wrapped[6] = true;
		assert_eq!(check(&wrapped), 16);
		assert_eq!(check(&wrapped), 16);
		// Back to raw: the ed25519 batch fails once.
		wrapped[1] = false;
		assert_eq!(check(&wrapped), 24);
		assert_eq!(check(&wrapped), 24);
		// A batch of one is checked on its own.
		let single = receipt(&keys[0], &keys[0], 0, 1, false, Fault::None);
		assert_eq!(checker.check(&[single]), vec![true]);
		assert_eq!(checker.checked_singly, 25);
	}

	#[test]
	fn a_consumer_last_refused_is_checked_on_its_own_until_a_receipt_of_theirs_passes() {
		// Eight ed25519 consumers, one receipt each a batch; the first sends bad ones at first.
		let keys: Vec<Key> = Key::all(8).into_iter().take(8).collect();
		let mut checker = Checker::new(H256(GENESIS));
		let mut check = |cumulative: u64, first: Fault| {
			let receipts: Vec<Receipt> = (0..8)
				.map(|k| {
					let fault = if k == 0 { first } else { Fault::None };
					receipt(&keys[k], &keys[(k + 1) % 8], k as u64, cumulative, false, fault)
				})
				.collect();
			let mut expected = vec![true; 8];
			expected[0] = first == Fault::None;
			assert_eq!(checker.check(&receipts), expected);
			checker.checked_singly
		};
		// The first bad receipt fails the batch: all eight are checked on their own.
		assert_eq!(check(1, Fault::OtherKey), 8);
		// The next bad ones are checked alone, and the other seven pass as a batch.
		assert_eq!(check(2, Fault::OtherCount), 9);
		assert_eq!(check(3, Fault::SOverflow), 10);
		// A good receipt of theirs, checked alone, passes: they are back in the batches.
		assert_eq!(check(4, Fault::None), 11);
		assert_eq!(check(5, Fault::None), 11);
	}

	#[test]
	fn a_small_order_ed25519_key_and_signature_pass_alone_and_in_a_batch_as_the_rule_has_it() {
		// ZIP 215, which sp-core's ed25519 follows: the identity point as key and as R, with
		// s = 0, satisfies the cofactored equation for any message.
		let mut identity = [0u8; 32];
		identity[0] = 1;
		let mut signature = [0u8; 64];
		signature[..32].copy_from_slice(&identity);
		let forged = |cumulative| Receipt {
			signature: Signature::Ed25519(ed25519::Signature::from_raw(signature)),
			account: AccountId::from(identity),
			channel: 1,
			cumulative,
		};
		let mut rule = 0;
		let by_rule = DataContribution::<Runtime>::receipt_signed(
			&H256(GENESIS),
			1,
			1,
			&forged(1).signature,
			&forged(1).account,
			&mut rule,
		);
		assert!(by_rule);
		let keys = Key::all(2);
		let good = receipt(&keys[0], &keys[0], 0, 1, false, Fault::None);
		let mut checker = Checker::new(H256(GENESIS));
		assert_eq!(checker.check(&[forged(1)]), vec![true]);
		assert_eq!(checker.check(&[forged(2), good]), vec![true, true]);
		// The batch passed: only the first, alone, was checked on its own.
		assert_eq!(checker.checked_singly, 1);
	}

	#[test]
	fn a_full_set_is_emptied_and_refused_strangers_do_not_empty_the_wrapped_one() {
		let keys: Vec<Key> = Key::all(4).into_iter().take(4).collect();
		let mut checker = Checker::with_bound(H256(GENESIS), 2);
		let mut n = 0;
		let mut check = |k: usize, wrapped: bool, fault: Fault| {
			n += 1;
			let r = receipt(&keys[k], &keys[(k + 1) % 4], k as u64, n, wrapped, fault);
			assert_eq!(checker.check(&[r]), vec![fault == Fault::None]);
			(checker.wrapped.accounts.len(), checker.refused.accounts.len())
		};
		assert_eq!(check(0, true, Fault::None), (1, 0));
		assert_eq!(check(1, true, Fault::None), (2, 0));
		// Refused ones fill their own set, and empty it when full.
		assert_eq!(check(2, false, Fault::OtherKey), (2, 1));
		assert_eq!(check(3, false, Fault::OtherKey), (2, 2));
		assert_eq!(check(2, false, Fault::OtherCount), (2, 2));
		assert_eq!(check(1, false, Fault::OtherCount), (2, 1));
		// A third consumer signing wrapped empties the wrapped set first; it is refused no more.
		assert_eq!(check(2, true, Fault::None), (1, 1));
		assert!(checker.wrapped.contains(&keys[2].account()));
	}
}
