//! What an input means: a sequence of [`Action`]s, SCALE-decoded with a depth limit, and which
//! calls the fuzzer may make.

use codec::{Decode, DecodeLimit, Encode};
use fairshare_runtime::{configs::CuratorCollective, BlockNumber, Runtime, RuntimeCall, MINUTES};
use pallet_data_contribution::{ChannelId, ModelId};

/// How deep a call may nest (a batch in a proxy in a multisig...) for an input to decode.
pub const MAX_DEPTH: u32 = 32;
/// How many actions of an input run: the rest is ignored.
pub const MAX_ACTIONS: usize = 64;
/// How many receipts a [`Action::Settle`] sends: the rest are dropped.
pub const MAX_RECEIPTS: usize = 8;

/// One step of an input. `lapse` is how many blocks pass before it ([`Action::lapse`]);
/// `origin` the account that signs it ([`crate::accounts::account`]).
#[derive(Clone, Debug, Encode, Decode)]
pub enum Action {
	/// `call`, signed by `origin`.
	Call { lapse: u8, origin: u8, call: Box<RuntimeCall> },
	/// `settle_usage` of `model` by `origin`, with `receipts` the harness signs.
	Settle { lapse: u8, origin: u8, model: ModelId, receipts: Vec<Receipt> },
}

/// A usage receipt for `channel` at `queries` cumulative queries, signed with the key of the
/// account `signer` names (the channel's consumer, or not).
#[derive(Clone, Debug, Encode, Decode)]
pub struct Receipt {
	pub signer: u8,
	pub channel: ChannelId,
	pub queries: u64,
}

impl Action {
	/// The blocks that pass before this action: none for half the bytes (the action joins the
	/// block before), one to four for most of the rest, and for the last eight the periods the
	/// pallet waits for, each met exactly or passed by a block, so that what waits for a
	/// period's end is reached.
	pub fn lapse(&self) -> BlockNumber {
		let byte = match self {
			Action::Call { lapse, .. } | Action::Settle { lapse, .. } => *lapse,
		};
		match byte {
			0..=127 => 0,
			128..=247 => BlockNumber::from(byte % 4) + 1,
			_ => long_lapses()[usize::from(byte - 248)],
		}
	}
}

/// The eight long lapses, from the real periods the fuzzer's genesis runs with.
fn long_lapses() -> [BlockNumber; 8] {
	use fairshare_runtime::configs::periods::real::*;
	let (reveal, close) = (REVEAL_WINDOW, USAGE_CLOSE_PERIOD);
	let (commitment, challenge) = (COMMITMENT_LIFETIME, CHALLENGE_PERIOD);
	[reveal, reveal + 1, MINUTES, close, close + 1, commitment + 1, challenge, challenge + 1]
}

/// The actions `input` encodes: as many as decode, up to [`MAX_ACTIONS`], without the calls
/// the fuzzer does not make ([`allowed`]).
pub fn decode(mut input: &[u8]) -> Vec<Action> {
	let mut actions = Vec::new();
	while !input.is_empty() && actions.len() < MAX_ACTIONS {
		let Ok(mut action) = Action::decode_with_depth_limit(MAX_DEPTH, &mut input) else {
			break;
		};
		match &mut action {
			Action::Call { call, .. } if !allowed(call) => continue,
			Action::Settle { receipts, .. } => receipts.truncate(MAX_RECEIPTS),
			Action::Call { .. } => {},
		}
		actions.push(action);
	}
	actions
}

/// Whether the fuzzer makes `call`: any call but `System`'s (a runtime upgrade would end the
/// run), `Sudo`'s (one key's power over everything) and `Timestamp`'s (the harness's inherent),
/// at any depth. Exhaustive matches: a new pallet, or a new call that carries a call, does not
/// compile until someone decides.
pub fn allowed(call: &RuntimeCall) -> bool {
	match call {
		RuntimeCall::System(_) | RuntimeCall::Sudo(_) | RuntimeCall::Timestamp(_) => false,
		RuntimeCall::Utility(call) => utility_allowed(call),
		RuntimeCall::Multisig(call) => multisig_allowed(call),
		RuntimeCall::Proxy(call) => proxy_allowed(call),
		RuntimeCall::CuratorCouncil(call) => council_allowed(call),
		RuntimeCall::Referenda(call) => referenda_allowed(call),
		RuntimeCall::ValidatorSet(_)
		| RuntimeCall::Session(_)
		| RuntimeCall::Grandpa(_)
		| RuntimeCall::Balances(_)
		| RuntimeCall::DataContribution(_)
		| RuntimeCall::Curators(_)
		| RuntimeCall::Preimage(_)
		| RuntimeCall::Scheduler(_)
		| RuntimeCall::ConvictionVoting(_)
		| RuntimeCall::Parameters(_) => true,
	}
}

fn utility_allowed(call: &pallet_utility::Call<Runtime>) -> bool {
	use pallet_utility::Call::*;
	match call {
		batch { calls } | batch_all { calls } | force_batch { calls } => calls.iter().all(allowed),
		as_derivative { call, .. }
		| dispatch_as { call, .. }
		| with_weight { call, .. }
		| dispatch_as_fallible { call, .. } => allowed(call),
		if_else { main, fallback } => allowed(main) && allowed(fallback),
		__Ignore(..) => false,
	}
}

fn multisig_allowed(call: &pallet_multisig::Call<Runtime>) -> bool {
	use pallet_multisig::Call::*;
	match call {
		as_multi_threshold_1 { call, .. } | as_multi { call, .. } => allowed(call),
		approve_as_multi { .. } | cancel_as_multi { .. } | poke_deposit { .. } => true,
		__Ignore(..) => false,
	}
}

fn council_allowed(call: &pallet_collective::Call<Runtime, CuratorCollective>) -> bool {
	use pallet_collective::Call::*;
	match call {
		execute { proposal, .. } | propose { proposal, .. } => allowed(proposal),
		set_members { .. }
		| vote { .. }
		| disapprove_proposal { .. }
		| close { .. }
		| kill { .. }
		| release_proposal_cost { .. } => true,
		__Ignore(..) => false,
	}
}

/// A referendum's proposal is checked when it is inline; one that names a preimage is not made,
/// since its bytes could be any call.
fn referenda_allowed(call: &pallet_referenda::Call<Runtime>) -> bool {
	use frame_support::traits::Bounded;
	use pallet_referenda::Call::*;
	match call {
		submit { proposal: Bounded::Inline(bytes), .. } => {
			RuntimeCall::decode_with_depth_limit(MAX_DEPTH, &mut &bytes[..])
				.is_ok_and(|call| allowed(&call))
		},
		submit { .. } => false,
		place_decision_deposit { .. }
		| refund_decision_deposit { .. }
		| cancel { .. }
		| kill { .. }
		| nudge_referendum { .. }
		| one_fewer_deciding { .. }
		| refund_submission_deposit { .. }
		| set_metadata { .. } => true,
		__Ignore(..) => false,
	}
}

fn proxy_allowed(call: &pallet_proxy::Call<Runtime>) -> bool {
	use pallet_proxy::Call::*;
	match call {
		proxy { call, .. } | proxy_announced { call, .. } => allowed(call),
		add_proxy { .. }
		| remove_proxy { .. }
		| remove_proxies { .. }
		| create_pure { .. }
		| kill_pure { .. }
		| announce { .. }
		| remove_announcement { .. }
		| reject_announcement { .. }
		| poke_deposit { .. } => true,
		__Ignore(..) => false,
	}
}
