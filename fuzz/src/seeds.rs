//! The seed corpus: inputs that make every call of the data-contribution pallet go through at
//! least once on the fuzzer's chain ([`crate::chain`]), and batches, proxies and multisigs around
//! them. The fuzzer starts from their encodings (`corpus/runtime/seed-*`); the replay test
//! checks that those files are these inputs, and that together they reach every call.
//!
//! The chain's first blocks leave: datasets 1 to 3 (Alice's, with Dave; Bob's; Charlie's, with
//! One), model 0 (Dave's, over datasets 1 and 2, a thousandth of a FAIR a query), model 1
//! (Ferdie's, over dataset 3, free), channel 0 (Two's, on model 0) and channel 1 (One's, on
//! model 1). Eve, Ferdie and One are the curator council.

use crate::{accounts::account, Action, Receipt};
use codec::Encode;
use fairshare_runtime::{
	configs::{CuratorCollective, ProxyType},
	Runtime, RuntimeCall, UNIT,
};
use frame_support::dispatch::GetDispatchInfo;
use pallet_collective::Call as CouncilCall;
use pallet_data_contribution::{Call as Data, DatasetHash, InclusionProof, LicenceTerms, ModelId};
use sp_core::H256;
use sp_runtime::{
	traits::{BlakeTwo256, Hash},
	MultiAddress, Perbill,
};

const ALICE: u8 = 0;
const BOB: u8 = 1;
const CHARLIE: u8 = 2;
const DAVE: u8 = 3;
const EVE: u8 = 4;
const FERDIE: u8 = 5;
const ONE: u8 = 6;
const TWO: u8 = 7;

/// Lapse bytes ([`Action::lapse`]): the same block, the next one, and the long lapses.
const SAME: u8 = 0;
const NEXT: u8 = 128;
/// Two blocks on: where the next block is a session boundary, which `pallet_session` fills.
const SECOND_NEXT: u8 = 129;
const CLOSE_PERIOD_PASSED: u8 = 252;
const COMMITMENT_EXPIRED: u8 = 253;
/// The challenge period to the block: a challenge or a withdrawal made this many blocks back
/// (or more) is over. (A lapse one longer ends on another session boundary, whose block
/// `pallet_session` fills: see `checks::block_weight`.)
const CHALLENGE_PERIOD: u8 = 254;
const REVEAL_WINDOW_PASSED: u8 = 249;

fn dataset(n: u8) -> DatasetHash {
	H256::repeat_byte(n)
}

fn data(lapse: u8, origin: u8, call: Data<Runtime>) -> Action {
	any(lapse, origin, RuntimeCall::DataContribution(call))
}

fn any(lapse: u8, origin: u8, call: RuntimeCall) -> Action {
	Action::Call { lapse, origin, call: Box::new(call) }
}

fn pay(lapse: u8, origin: u8, model_id: ModelId, queries: u32) -> Action {
	data(lapse, origin, Data::pay_for_queries { model_id, queries, max_total: UNIT })
}

/// Every seed, by name.
pub fn seeds() -> Vec<(&'static str, Vec<Action>)> {
	vec![
		("payments", payments()),
		("challenges", challenges()),
		("ownership", ownership()),
		("lifecycle", lifecycle()),
		("accounts", accounts()),
		("evidence", evidence()),
	]
}

/// Every seed's encoding: the bytes of its corpus file.
pub fn encoded(actions: &[Action]) -> Vec<u8> {
	actions.iter().flat_map(Encode::encode).collect()
}

/// Payments, claims, receipts (one at `u64::MAX` on the free model), a channel's whole life.
fn payments() -> Vec<Action> {
	vec![
		pay(NEXT, EVE, 0, 10),
		data(SAME, DAVE, Data::confirm_contribution { hash: dataset(1) }),
		data(SAME, DAVE, Data::set_model_price { model_id: 0, price_per_query: 2 * UNIT / 1_000 }),
		data(NEXT, ALICE, Data::claim_rewards {}),
		data(SAME, EVE, Data::settle_position { model_id: 0, contributor: account(BOB) }),
		data(SAME, EVE, Data::claim_model_revenue { model_id: 0 }),
		Action::Settle {
			lapse: NEXT,
			origin: DAVE,
			model: 0,
			receipts: vec![Receipt { signer: TWO, channel: 0, queries: 5 }],
		},
		Action::Settle {
			lapse: SAME,
			origin: FERDIE,
			model: 1,
			receipts: vec![Receipt { signer: ONE, channel: 1, queries: u64::MAX }],
		},
		data(SAME, TWO, Data::top_up_usage { channel_id: 0, amount: UNIT }),
		data(SAME, EVE, Data::open_usage { model_id: 0, deposit: UNIT, max_price_per_query: UNIT }),
		data(NEXT, TWO, Data::close_usage { channel_id: 0 }),
		data(CLOSE_PERIOD_PASSED, EVE, Data::finish_close_usage { channel_id: 0 }),
	]
}

/// A challenge rejected, one upheld, a misattribution, and one that expires.
fn challenges() -> Vec<Action> {
	let challenge = |origin, n| {
		data(
			NEXT,
			origin,
			Data::challenge_dataset { hash: dataset(n), evidence: b"copied".to_vec() },
		)
	};
	let misattribution = Data::resolve_misattribution { hash: dataset(2), rightful: account(ONE) };
	let mut actions = vec![pay(NEXT, EVE, 0, 4), challenge(BOB, 1)];
	// A curator alone cannot rule: its motion of threshold 1 dispatches, and fails `BadOrigin`.
	actions.push(council(
		SAME,
		FERDIE,
		CouncilCall::propose {
			threshold: 1,
			proposal: Box::new(Data::resolve_challenge { hash: dataset(1), upheld: true }.into()),
			length_bound: 64,
		},
	));
	actions.extend(ruling(0, Data::resolve_challenge { hash: dataset(1), upheld: false }));
	actions.push(challenge(TWO, 1));
	actions.extend(ruling(1, Data::resolve_challenge { hash: dataset(1), upheld: true }));
	actions.push(challenge(CHARLIE, 2));
	actions.extend(ruling(2, misattribution));
	actions.extend([
		challenge(ALICE, 3),
		data(CHALLENGE_PERIOD, BOB, Data::close_expired_challenge { hash: dataset(3) }),
		pay(SECOND_NEXT, EVE, 0, 4),
		data(NEXT, ONE, Data::claim_rewards {}),
	]);
	actions
}

/// A ruling by the curator council (Eve, Ferdie and One): Eve proposes `ruling` for a majority
/// of two, Eve and Ferdie vote aye, and Alice, who is no curator, closes the motion, which
/// dispatches the ruling. `index` is the motion's index: the council's motions so far.
fn ruling(index: u32, ruling: Data<Runtime>) -> Vec<Action> {
	let proposal: RuntimeCall = ruling.into();
	let hash = BlakeTwo256::hash_of(&proposal);
	let length_bound = proposal.encoded_size() as u32;
	let proposal_weight_bound = proposal.get_dispatch_info().call_weight;
	vec![
		council(
			SAME,
			EVE,
			CouncilCall::propose { threshold: 2, proposal: Box::new(proposal), length_bound },
		),
		council(SAME, EVE, CouncilCall::vote { proposal: hash, index, approve: true }),
		council(SAME, FERDIE, CouncilCall::vote { proposal: hash, index, approve: true }),
		council(
			SAME,
			ALICE,
			CouncilCall::close { proposal_hash: hash, index, proposal_weight_bound, length_bound },
		),
	]
}

fn council(lapse: u8, origin: u8, call: CouncilCall<Runtime, CuratorCollective>) -> Action {
	any(lapse, origin, RuntimeCall::CuratorCouncil(call))
}

/// Evidence the chain verifies: Bob registers a dataset of two files by its Merkle root, and
/// Alice proves that it holds the first, then fails to with the second file's content.
fn evidence() -> Vec<Action> {
	use pallet_data_contribution_merkle as merkle;
	let files = [(b"a.txt".to_vec(), [1u8; 32]), (b"b.txt".to_vec(), [2u8; 32])];
	let leaves: Vec<_> = files.iter().map(|(path, content)| merkle::leaf(path, content)).collect();
	let root = H256(merkle::root(leaves.clone()));
	let salt = [3; 32];
	let commitment =
		fairshare_runtime::DataContribution::commitment_of(&root, &account(BOB), &salt);
	let proof = |content| InclusionProof {
		path: files[0].0.clone(),
		content: H256(content),
		siblings: merkle::prove(&leaves, 0).expect("file 0 is in the tree"),
	};
	vec![
		data(NEXT, BOB, Data::commit_dataset { commitment }),
		data(
			NEXT,
			BOB,
			Data::register_dataset {
				hash: root,
				salt,
				contributors: vec![(account(BOB), Perbill::one())],
				metadata: vec![],
				terms: LicenceTerms::permissive(),
			},
		),
		data(NEXT, ALICE, Data::prove_inclusion { hash: root, proof: proof(files[0].1) }),
		data(SAME, ALICE, Data::prove_inclusion { hash: root, proof: proof(files[1].1) }),
	]
}

/// Ownership offered and accepted, for a dataset and a model; a dataset's terms loosened.
fn ownership() -> Vec<Action> {
	vec![
		data(
			NEXT,
			ALICE,
			Data::offer_dataset_ownership { hash: dataset(1), new_owner: account(BOB) },
		),
		data(SAME, BOB, Data::accept_dataset_ownership { hash: dataset(1) }),
		data(SAME, DAVE, Data::offer_model_ownership { model_id: 0, new_owner: account(EVE) }),
		data(NEXT, EVE, Data::accept_model_ownership { model_id: 0 }),
		data(
			SAME,
			BOB,
			Data::set_dataset_terms { hash: dataset(2), terms: LicenceTerms::permissive() },
		),
		pay(NEXT, FERDIE, 0, 3),
		data(NEXT, EVE, Data::claim_model_revenue { model_id: 0 }),
	]
}

/// A fine-tune paid, retired and removed; the free model retired and removed, then its dataset
/// withdrawn and removed; a commitment left to expire and removed; a new dataset registered.
fn lifecycle() -> Vec<Action> {
	let fine_tune = Data::register_model {
		datasets: vec![(dataset(1), 1)],
		parents: vec![(0, Perbill::from_percent(10))],
		price_per_query: UNIT / 1_000,
		owner_share: Perbill::from_percent(10),
		metadata: b"fine-tune".to_vec(),
	};
	let salt = [9; 32];
	let commitment = |who: u8, n: u8| {
		fairshare_runtime::DataContribution::commitment_of(&dataset(n), &account(who), &salt)
	};
	vec![
		data(NEXT, CHARLIE, fine_tune),
		pay(NEXT, EVE, 2, 3),
		data(SAME, CHARLIE, Data::retire_model { model_id: 2 }),
		data(NEXT, ALICE, Data::claim_rewards {}),
		data(SAME, DAVE, Data::claim_rewards {}),
		data(SAME, EVE, Data::remove_retired_model { model_id: 2 }),
		data(SAME, ONE, Data::close_usage { channel_id: 1 }),
		data(SAME, FERDIE, Data::retire_model { model_id: 1 }),
		data(SAME, CHARLIE, Data::withdraw_dataset { hash: dataset(3) }),
		// Nothing is owed through the free model: settling removes its positions.
		data(NEXT, EVE, Data::settle_position { model_id: 1, contributor: account(CHARLIE) }),
		data(SAME, EVE, Data::settle_position { model_id: 1, contributor: account(ONE) }),
		data(CLOSE_PERIOD_PASSED, EVE, Data::finish_close_usage { channel_id: 1 }),
		data(SAME, EVE, Data::remove_retired_model { model_id: 1 }),
		data(CHALLENGE_PERIOD, BOB, Data::finish_withdraw_dataset { hash: dataset(3) }),
		data(SECOND_NEXT, TWO, Data::commit_dataset { commitment: commitment(TWO, 5) }),
		data(
			COMMITMENT_EXPIRED,
			EVE,
			Data::remove_commitment { who: account(TWO), commitment: commitment(TWO, 5) },
		),
		data(NEXT, EVE, Data::commit_dataset { commitment: commitment(EVE, 4) }),
		data(
			NEXT,
			EVE,
			Data::register_dataset {
				hash: dataset(4),
				salt,
				contributors: vec![(account(EVE), Perbill::one())],
				metadata: vec![],
				terms: LicenceTerms::permissive(),
			},
		),
		data(
			REVEAL_WINDOW_PASSED,
			FERDIE,
			Data::register_model {
				datasets: vec![(dataset(4), 1)],
				parents: vec![],
				price_per_query: 0,
				owner_share: Perbill::zero(),
				metadata: vec![],
			},
		),
	]
}

/// Calls around the pallet's: a batch, a proxy, transfers, a multisig.
fn accounts() -> Vec<Action> {
	let to = |who| MultiAddress::Id(account(who));
	let add_proxy = pallet_proxy::Call::add_proxy {
		delegate: to(BOB),
		proxy_type: ProxyType::DataContribution,
		delay: 0,
	};
	let claim = Box::new(RuntimeCall::DataContribution(Data::claim_rewards {}));
	let proxied =
		pallet_proxy::Call::proxy { real: to(ALICE), force_proxy_type: None, call: claim };
	let payment = |queries| {
		RuntimeCall::DataContribution(Data::pay_for_queries {
			model_id: 0,
			queries,
			max_total: UNIT,
		})
	};
	let batch = pallet_utility::Call::batch_all { calls: vec![payment(1), payment(2)] };
	// Charlie and Bob's 1-of-2 multisig account, funded by Alice, pays Bob.
	let transfer = |dest, value| {
		RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive { dest, value })
	};
	let shared =
		pallet_multisig::Pallet::<Runtime>::multi_account_id(&[account(BOB), account(CHARLIE)], 1);
	let multisig = pallet_multisig::Call::as_multi_threshold_1 {
		other_signatories: vec![account(BOB)],
		call: Box::new(transfer(to(BOB), UNIT)),
	};
	vec![
		any(NEXT, ALICE, transfer(MultiAddress::Id(shared), 10 * UNIT)),
		any(NEXT, EVE, RuntimeCall::Utility(batch)),
		any(SAME, ALICE, RuntimeCall::Proxy(add_proxy)),
		any(NEXT, BOB, RuntimeCall::Proxy(proxied)),
		any(SAME, CHARLIE, RuntimeCall::Multisig(multisig)),
	]
}
