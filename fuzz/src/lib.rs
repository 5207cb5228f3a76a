//! A coverage-guided fuzzer of the Fairshare runtime: the real runtime, built natively with its
//! try-runtime checks, driven through blocks of random signed calls.
//!
//! An input decodes into a sequence of [`Action`]s: each a call of any pallet but `System`,
//! `Sudo` and `Timestamp` (nested in batches, proxies and multisigs too), made by one of the
//! [`accounts`] after a lapse of blocks, or a `settle_usage` whose receipts the harness signs
//! with the consumers' keys, so that settlement is reached and not only refused. Each block is
//! built as a node builds it ([`chain`]): `initialize_block` with an Aura slot, the timestamp
//! inherent, each call's transaction extensions validated, prepared, dispatched and
//! post-dispatched, `finalize_block`. After every block [`checks`] asserts every pallet's
//! `try_state`, the accounts' providers, consumers and holds, the total issuance against the sum
//! of the accounts, and the block's weight against its limit: a failed check panics, which the
//! fuzzer reports as a crash.
//!
//! [`run`] is the whole harness. The fuzzer (`fuzz_targets/runtime.rs`, built by
//! `scripts/fuzz.sh`) calls it with each input it generates; `tests/replay.rs` calls it with
//! every committed input, so that `cargo test` replays the corpus and every past failure.

pub mod accounts;
pub mod chain;
pub mod checks;
pub mod input;
pub mod seeds;

pub use input::{Action, Receipt};

use std::collections::BTreeMap;

/// What one input did: how many calls of each `pallet::call` went through, and how many were
/// refused, by their transaction extensions or in dispatch.
#[derive(Debug, Default)]
pub struct Report {
	/// Calls dispatched without error, by `pallet::call` (the outer call of a batch or proxy).
	pub applied: BTreeMap<String, u32>,
	/// Calls that failed their transaction extensions or their dispatch, by `pallet::call` and
	/// error.
	pub refused: BTreeMap<String, u32>,
	/// Blocks built.
	pub blocks: u32,
	/// Calls that a curator-council motion dispatched without error, by `pallet::call`: the
	/// rulings, which only a council majority (or Root) may make.
	pub executed: BTreeMap<String, u32>,
	/// The `pallet::call` of every proposal made to the council, by its hash.
	pub motions: BTreeMap<sp_core::H256, String>,
}

/// Runs `input` on a fresh copy of the fuzzer's chain ([`chain::snapshot`]), checking every
/// invariant after every block; panics when one does not hold.
pub fn run(input: &[u8]) -> Report {
	let actions = input::decode(input);
	let mut report = Report::default();
	let (mut chain, parent) = chain::snapshot();
	chain.execute_with(|| {
		let mut block = chain::Block::after_snapshot(parent);
		for action in actions {
			block = block.after(action.lapse(), &mut report);
			block.apply(action, &mut report);
		}
		block.finish(&mut report);
	});
	report
}
