//! The accounts the fuzzer's calls come from: the eight well-known development keys, each
//! funded at genesis. An input names one by a byte, taken modulo [`COUNT`].

use fairshare_runtime::{AccountId, Signature};
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use std::sync::OnceLock;

/// The keys, in the order an input's byte picks them.
const KEYS: [Sr25519Keyring; 8] = [
	Sr25519Keyring::Alice,
	Sr25519Keyring::Bob,
	Sr25519Keyring::Charlie,
	Sr25519Keyring::Dave,
	Sr25519Keyring::Eve,
	Sr25519Keyring::Ferdie,
	Sr25519Keyring::One,
	Sr25519Keyring::Two,
];

/// How many accounts there are.
pub const COUNT: u8 = KEYS.len() as u8;

/// The curators from genesis (the members of `Curators`, and so of the curator council): Eve,
/// Ferdie and One, so that a ruling takes two of them.
pub const CURATORS: [u8; 3] = [4, 5, 6];

/// The account byte `index` names.
pub fn account(index: u8) -> AccountId {
	KEYS[usize::from(index % COUNT)].to_account_id()
}

/// Every account, in order.
pub fn all() -> impl Iterator<Item = AccountId> {
	(0..COUNT).map(account)
}

/// `message` signed by the account byte `index` names (its key pair derived once).
pub fn sign(index: u8, message: &[u8]) -> Signature {
	static PAIRS: OnceLock<Vec<sr25519::Pair>> = OnceLock::new();
	let pairs = PAIRS.get_or_init(|| KEYS.iter().map(|key| key.pair()).collect());
	Signature::Sr25519(pairs[usize::from(index % COUNT)].sign(message))
}
