//! The fuzzer's chain: a genesis with funded accounts and a curator, its first blocks (three
//! datasets, a paid and a free model, a usage channel on each), built once; and blocks built as
//! a node builds them.

use crate::{accounts, checks, input::Action, Report};
use codec::Encode;
use fairshare_runtime::{
	AccountId, BalancesConfig, CuratorsConfig, Executive, Hash, Header, Nonce, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeGenesisConfig, SessionConfig, SessionKeys, SignedPayload,
	TxExtension, UncheckedExtrinsic, ValidatorSetConfig, SLOT_DURATION, UNIT,
};
use frame_support::{
	dispatch::{DispatchResultWithPostInfo, GetDispatchInfo},
	traits::GetCallMetadata,
};
use pallet_data_contribution::LicenceTerms;
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::{storage::Storage, H256};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::{
	generic::Era,
	traits::{Applyable, BlakeTwo256, Checkable, Hash as _, Header as _},
	transaction_validity::TransactionValidityError,
	BuildStorage, Digest, DigestItem, MultiAddress, Perbill,
};
use std::sync::OnceLock;

/// What each account holds at genesis.
const ENDOWMENT: u128 = 1_000_000 * UNIT;
/// The Aura slot of the first block.
const FIRST_SLOT: u64 = 1_000;

/// The chain every input starts from, after its first blocks, and the hash of its last block.
pub fn snapshot() -> (sp_io::TestExternalities, Hash) {
	static SNAPSHOT: OnceLock<(Storage, Hash)> = OnceLock::new();
	let (storage, parent) = SNAPSHOT.get_or_init(first_blocks).clone();
	(sp_io::TestExternalities::new(storage), parent)
}

fn genesis() -> Storage {
	let alice = Sr25519Keyring::Alice;
	let keys =
		SessionKeys { aura: alice.public().into(), grandpa: Ed25519Keyring::Alice.public().into() };
	RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: accounts::all().map(|who| (who, ENDOWMENT)).collect(),
			..Default::default()
		},
		validator_set: ValidatorSetConfig { validators: vec![alice.to_account_id()] },
		session: SessionConfig {
			keys: vec![(alice.to_account_id(), alice.to_account_id(), keys)],
			..Default::default()
		},
		curators: CuratorsConfig {
			members: accounts::CURATORS
				.map(accounts::account)
				.to_vec()
				.try_into()
				.expect("within MAX_CURATORS"),
			..Default::default()
		},
		..Default::default()
	}
	.build_storage()
	.expect("the fuzzer's genesis builds")
}

/// Runs the first blocks on the genesis; returns the resulting storage and last block's hash.
fn first_blocks() -> (Storage, Hash) {
	let mut ext = sp_io::TestExternalities::new(genesis());
	let parent = ext.execute_with(|| {
		let mut report = Report::default();
		let mut block = Block::first();
		for action in first_actions() {
			block = block.after(action.lapse(), &mut report);
			block.apply(action, &mut report);
		}
		let parent = block.finish(&mut report);
		assert!(
			report.refused.is_empty(),
			"every call of the first blocks goes through: {report:?}"
		);
		parent
	});
	let mut storage = Storage::default();
	ext.execute_with(|| {
		let mut key = Vec::new();
		while let Some(next) = sp_io::storage::next_key(&key) {
			let value = sp_io::storage::get(&next).expect("a listed key has a value");
			storage.top.insert(next.clone(), value.to_vec());
			key = next;
		}
	});
	(storage, parent)
}

/// The first blocks' calls: datasets 1 to 3 committed, then revealed; once the reveal window
/// is over, model 0 (Dave's, paid) over datasets 1 and 2, model 1 (Ferdie's, free) over dataset
/// 3, and a usage channel on each (Two's on model 0, One's on model 1).
fn first_actions() -> Vec<Action> {
	let dataset = |n: u8| H256::repeat_byte(n);
	let salt = |owner: u8| [owner; 32];
	let share = Perbill::from_percent;
	let owners = [(1u8, 0u8), (2, 1), (3, 2)];
	let contributors = |n: u8| -> Vec<(AccountId, Perbill)> {
		let who = accounts::account;
		match n {
			1 => vec![(who(0), share(60)), (who(3), share(40))],
			2 => vec![(who(1), share(100))],
			_ => vec![(who(2), share(50)), (who(6), share(50))],
		}
	};
	let call = |lapse: u8, origin: u8, call: pallet_data_contribution::Call<Runtime>| {
		Action::Call { lapse, origin, call: Box::new(RuntimeCall::DataContribution(call)) }
	};
	use pallet_data_contribution::Call::*;
	let mut actions = Vec::new();
	for (n, owner) in owners {
		let commitment = fairshare_runtime::DataContribution::commitment_of(
			&dataset(n),
			&accounts::account(owner),
			&salt(owner),
		);
		actions.push(call(0, owner, commit_dataset { commitment }));
	}
	for (index, (n, owner)) in owners.into_iter().enumerate() {
		let register = register_dataset {
			hash: dataset(n),
			salt: salt(owner),
			contributors: contributors(n),
			metadata: vec![n],
			terms: LicenceTerms::permissive(),
		};
		// The reveals share the block after the commitments.
		actions.push(call(if index == 0 { 128 } else { 0 }, owner, register));
	}
	// 249: the reveal window and one block more.
	let paid = register_model {
		datasets: vec![(dataset(1), 1), (dataset(2), 2)],
		parents: vec![],
		price_per_query: UNIT / 1_000,
		owner_share: share(20),
		metadata: b"paid".to_vec(),
	};
	actions.push(call(249, 3, paid));
	let free = register_model {
		datasets: vec![(dataset(3), 1)],
		parents: vec![],
		price_per_query: 0,
		owner_share: share(0),
		metadata: b"free".to_vec(),
	};
	actions.push(call(0, 5, free));
	actions.push(call(0, 7, open_usage { model_id: 0, deposit: UNIT, max_price_per_query: UNIT }));
	actions.push(call(0, 6, open_usage { model_id: 1, deposit: UNIT, max_price_per_query: 0 }));
	actions
}

/// The block being built: its number and Aura slot.
pub struct Block {
	number: u32,
	slot: u64,
}

impl Block {
	/// Starts block 1 at [`FIRST_SLOT`], on the genesis.
	fn first() -> Self {
		let genesis = frame_system::BlockHash::<Runtime>::get(0);
		Self::start(1, FIRST_SLOT, genesis)
	}

	/// Starts the block after the finished block `parent`, the last in storage.
	pub fn after_snapshot(parent: Hash) -> Self {
		let number = frame_system::Pallet::<Runtime>::block_number() + 1;
		let slot = u64::from(pallet_aura::CurrentSlot::<Runtime>::get()) + 1;
		Self::start(number, slot, parent)
	}

	/// Starts block `number` at `slot`: `initialize_block` with Aura's pre-runtime digest, and
	/// the timestamp inherent for the slot (`Executive` notes the inherents' end before the first
	/// transaction, or in `finalize_block`).
	fn start(number: u32, slot: u64, parent: Hash) -> Self {
		let digest = Digest {
			logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode())],
		};
		let header = Header::new(number, Default::default(), Default::default(), parent, digest);
		Executive::initialize_block(&header);
		let now = slot * SLOT_DURATION;
		let timestamp = RuntimeCall::Timestamp(pallet_timestamp::Call::set { now });
		Executive::apply_extrinsic(UncheckedExtrinsic::new_bare(timestamp))
			.expect("the timestamp inherent is valid")
			.expect("the timestamp inherent applies");
		Self { number, slot }
	}

	/// The block `lapse` blocks on: this one when `lapse` is 0; otherwise this one finished and
	/// checked, and a new one started that many numbers and slots later. The blocks between are
	/// not built: the chain's number moves to the one before the new block
	/// (`set_block_number`), and their hooks do not run, so a session rotation or a fee
	/// multiplier update that one of them would have made is skipped.
	pub fn after(self, lapse: u32, report: &mut Report) -> Self {
		if lapse == 0 {
			return self;
		}
		let (number, slot) = (self.number + lapse, self.slot + u64::from(lapse));
		let parent = self.finish(report);
		frame_system::Pallet::<Runtime>::set_block_number(number - 1);
		Self::start(number, slot, parent)
	}

	/// Finishes the block (`finalize_block`) and checks every invariant; returns its hash.
	pub fn finish(self, report: &mut Report) -> Hash {
		let header = Executive::finalize_block();
		checks::after_block(self.number);
		report.blocks += 1;
		header.hash()
	}

	/// Applies `action` in this block.
	pub fn apply(&mut self, action: Action, report: &mut Report) {
		match action {
			Action::Call { origin, call, .. } => signed(origin, *call, report),
			Action::Settle { origin, model, receipts, .. } => {
				let receipts = receipts
					.into_iter()
					.map(|receipt| {
						let message = fairshare_runtime::DataContribution::usage_receipt(
							receipt.channel,
							receipt.queries,
						);
						let signature = accounts::sign(receipt.signer, &message);
						(receipt.channel, receipt.queries, signature)
					})
					.collect();
				let settle =
					pallet_data_contribution::Call::settle_usage { model_id: model, receipts };
				signed(origin, RuntimeCall::DataContribution(settle), report)
			},
		}
	}
}

/// `call` as a transaction signed by the account `origin` names, applied as a block builder
/// applies it: `Executive::apply_extrinsic`'s steps (below), in a storage transaction that is
/// rolled back when the transaction is invalid, as a block builder drops an invalid transaction
/// with what its checks wrote (a nonce raised before the weight check refused it, say).
fn signed(origin: u8, call: RuntimeCall, report: &mut Report) {
	let who = accounts::account(origin);
	let extension = extension(frame_system::Pallet::<Runtime>::account_nonce(&who));
	let payload = SignedPayload::new(call.clone(), extension.clone())
		.expect("the extensions' implicit data is on chain");
	let signature = payload.using_encoded(|bytes| accounts::sign(origin, bytes));
	let name = call_name(&call);
	if let RuntimeCall::CuratorCouncil(pallet_collective::Call::propose { proposal, .. }) = &call {
		report.motions.insert(BlakeTwo256::hash_of(proposal), call_name(proposal));
	}
	let events_before = frame_system::Pallet::<Runtime>::event_count();
	let transaction =
		UncheckedExtrinsic::new_signed(call, MultiAddress::Id(who), signature, extension);
	sp_io::storage::start_transaction();
	let outcome = match apply(&name, transaction) {
		Ok(result) => {
			sp_io::storage::commit_transaction();
			result.map(|_| ()).map_err(|error| format!("{:?}", error.error))
		},
		Err(invalid) => {
			sp_io::storage::rollback_transaction();
			Err(format!("{invalid:?}"))
		},
	};
	let (counts, key) = match outcome {
		Ok(()) => (&mut report.applied, name),
		Err(error) => (&mut report.refused, format!("{name}: {error}")),
	};
	*counts.entry(key).or_default() += 1;
	count_executed_motions(events_before, report);
}

/// `pallet::call` of `call`.
fn call_name(call: &RuntimeCall) -> String {
	let name = call.get_call_metadata();
	format!("{}::{}", name.pallet_name, name.function_name)
}

/// Counts in `report.executed` the council motions whose proposal dispatched without error in
/// the events after the first `events_before`: those the last transaction emitted.
fn count_executed_motions(events_before: u32, report: &mut Report) {
	// No motion proposed yet: nothing to count, and no events to decode.
	if report.motions.is_empty() {
		return;
	}
	for record in
		frame_system::Pallet::<Runtime>::read_events_no_consensus().skip(events_before as usize)
	{
		if let RuntimeEvent::CuratorCouncil(pallet_collective::Event::Executed {
			proposal_hash,
			result: Ok(()),
		}) = record.event
		{
			if let Some(name) = report.motions.get(&proposal_hash) {
				*report.executed.entry(name.clone()).or_default() += 1;
			}
		}
	}
}

/// What `Executive::apply_extrinsic` does with a signed transaction: the signature checked, the
/// inherents' end noted before the first transaction, the transaction noted, its extensions
/// validated and prepared, the call dispatched, the extensions post-dispatched, the outcome
/// noted. Keeps what `Executive` drops, the dispatch's post info, to check that no call weighs
/// more than it declared (FRAME would cap it silently).
fn apply(
	name: &str,
	transaction: UncheckedExtrinsic,
) -> Result<DispatchResultWithPostInfo, TransactionValidityError> {
	let encoded = transaction.encode();
	let len = encoded.len();
	let checked = transaction.check(&frame_system::ChainContext::<Runtime>::default())?;
	let info = checked.get_dispatch_info();
	if !frame_system::Pallet::<Runtime>::inherents_applied() {
		Executive::inherents_applied();
	}
	frame_system::Pallet::<Runtime>::note_extrinsic(encoded);
	let result = checked.apply::<Runtime>(&info, len)?;
	let post = match &result {
		Ok(post) => post,
		Err(error) => &error.post_info,
	};
	if let Some(actual) = post.actual_weight {
		let declared = info.total_weight();
		assert!(
			actual.all_lte(declared),
			"{name} weighed {actual:?}, above its declared {declared:?}"
		);
	}
	frame_system::Pallet::<Runtime>::note_applied_extrinsic(&result, info);
	Ok(result)
}

/// The runtime's transaction extensions for a transaction with `nonce`, immortal, without a tip
/// or a metadata hash.
fn extension(nonce: Nonce) -> TxExtension {
	(
		frame_system::AuthorizeCall::new(),
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::new(false),
		frame_system::WeightReclaim::new(),
	)
}
