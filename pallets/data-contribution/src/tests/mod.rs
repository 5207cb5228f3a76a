//! The pallet's unit tests, on a mock runtime with pallet-balances, split by topic.

use crate::{self as pallet_data_contribution, *};
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{fungible::InspectHold, ConstU128, ConstU32, ConstU64, Hooks},
	PalletId,
};
use sp_core::H256;
use sp_runtime::{
	testing::{TestSignature, UintAuthorityId},
	BuildStorage, Perbill,
};

mod challenges;
mod claims;
mod datasets;
mod exact;
mod inclusion;
mod lineage;
mod migrations;
mod models;
mod ownership;
mod payments;
mod properties;
mod refusals;
mod registration;
mod security;
mod usage;
mod views;

pub(crate) type AccountId = u64;
pub(crate) type Balance = u128;
type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		DataContribution: pallet_data_contribution,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
	type DbWeight = TestDbWeight;
}

frame_support::parameter_types! {
	/// Reads and writes of distinct weights, so that a test of a declared weight tells them apart
	/// (the default, `()`, weighs both at zero).
	pub const TestDbWeight: frame_support::weights::RuntimeDbWeight =
		frame_support::weights::RuntimeDbWeight { read: 7, write: 1_000 };
}

pub(crate) const EXISTENTIAL_DEPOSIT: Balance = 10;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

pub(crate) const PROTOCOL: AccountId = 999;
pub(crate) const DEPOSIT_BASE: Balance = 100;
pub(crate) const DEPOSIT_PER_BYTE: Balance = 1;
pub(crate) const MAX_CONTRIBUTORS: u32 = 16;
pub(crate) const MAX_DATASETS: u32 = 128;
pub(crate) const MAX_METADATA: u32 = 64;
pub(crate) const MAX_CLAIM: u32 = 64;
pub(crate) const MAX_PARTS: u32 = MAX_CLAIM + MAX_DATASETS;
pub(crate) const BOND: Balance = 1_000;
pub(crate) const CHALLENGE_PERIOD: u64 = 10;
pub(crate) const MAX_EVIDENCE: u32 = 32;
pub(crate) const COMMITMENT_LIFETIME: u64 = 20;
pub(crate) const MAX_RECEIPTS: u32 = 1_000;
pub(crate) const USAGE_CLOSE_PERIOD: u64 = 5;
pub(crate) const MAX_PROOF_DEPTH: u32 = 12;
pub(crate) const MAX_PROOF_PATH: u32 = 64;
/// The account that may rule on challenges, besides Root.
pub(crate) const CURATOR: AccountId = 50;

parameter_types! {
	/// `MaxPositionsPerClaim`: [`MAX_CLAIM`], or smaller where a test pages claims.
	pub static ClaimPositions: u32 = MAX_CLAIM;
	/// `MaxPartsPerClaim`: [`MAX_PARTS`], or smaller where a test pages claims.
	pub static ClaimParts: u32 = MAX_PARTS;
	/// `RevealWindow`: none, so that a test may use a dataset in the block it registers it,
	/// unless it sets one.
	pub static RevealWindow: u64 = 0;
	pub const Fee: Perbill = Perbill::from_percent(5);
	pub const Protocol: AccountId = PROTOCOL;
	pub const PotId: PalletId = PalletId(*b"fs/dcpot");
	pub const ChallengerReward: Perbill = Perbill::from_percent(50);
}

/// The curator set of the mock: [`CURATOR`] alone.
pub struct Curators;
impl frame_support::traits::SortedMembers<AccountId> for Curators {
	fn sorted_members() -> alloc::vec::Vec<AccountId> {
		alloc::vec![CURATOR]
	}
}

impl Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ProtocolFee = Fee;
	type ProtocolAccount = Protocol;
	type PalletId = PotId;
	type DepositBase = ConstU128<DEPOSIT_BASE>;
	type DepositPerByte = ConstU128<DEPOSIT_PER_BYTE>;
	type MaxContributors = ConstU32<MAX_CONTRIBUTORS>;
	type MaxDatasetsPerModel = ConstU32<MAX_DATASETS>;
	type MaxMetadataLen = ConstU32<MAX_METADATA>;
	type MaxParents = ConstU32<3>;
	type MaxAncestors = ConstU32<6>;
	type MaxPositionsPerClaim = ClaimPositions;
	type MaxPartsPerClaim = ClaimParts;
	type CuratorOrigin = frame_support::traits::EitherOfDiverse<
		frame_system::EnsureRoot<AccountId>,
		frame_system::EnsureSignedBy<Curators, AccountId>,
	>;
	type ChallengeBond = ConstU128<BOND>;
	type ChallengePeriod = ConstU64<CHALLENGE_PERIOD>;
	type ChallengerReward = ChallengerReward;
	type MaxEvidenceLen = ConstU32<MAX_EVIDENCE>;
	type CommitmentLifetime = ConstU64<COMMITMENT_LIFETIME>;
	type RevealWindow = RevealWindow;
	type MaxReceiptsPerSettlement = ConstU32<MAX_RECEIPTS>;
	type UsageClosePeriod = ConstU64<USAGE_CLOSE_PERIOD>;
	type UsageSignature = TestSignature;
	type UsageSigner = UintAuthorityId;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestSigner;
	type MaxProofDepth = ConstU32<MAX_PROOF_DEPTH>;
	type MaxProofPathLen = ConstU32<MAX_PROOF_PATH>;
	type WeightInfo = ();
}

/// Signs usage receipts in the mock: a [`TestSignature`] names its signer and the message.
#[cfg(feature = "runtime-benchmarks")]
pub struct TestSigner;
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<AccountId, TestSignature> for TestSigner {
	fn consumer(index: u32) -> AccountId {
		1_000 + index as AccountId
	}
	fn sign(signer: &AccountId, message: &[u8]) -> TestSignature {
		TestSignature(*signer, message.to_vec())
	}
}

/// `who`'s receipt for `channel` at `cumulative` queries, signed raw.
pub(crate) fn receipt(
	who: AccountId,
	channel: ChannelId,
	cumulative: u64,
) -> (ChannelId, u64, TestSignature) {
	(channel, cumulative, TestSignature(who, DataContribution::usage_receipt(channel, cumulative)))
}

/// Every funded account's starting balance.
pub(crate) const INITIAL: Balance = 1_000_000_000;

/// Builds the test externalities: accounts 1 to 20 hold [`INITIAL`]; genesis endows the pot and
/// the protocol account with the existential deposit.
pub(crate) fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=20).map(|who| (who, INITIAL)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_data_contribution::GenesisConfig::<Test>::default()
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` in fresh externalities and checks the pallet's invariants afterwards.
pub(crate) fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		next_block();
	});
}

/// Ends the current block, checking the pallet's invariants (`try_state`), and starts the next.
pub(crate) fn next_block() {
	let now = System::block_number();
	DataContribution::on_finalize(now);
	DataContribution::do_try_state().expect("try_state invariants hold");
	// Accounts without records hold nothing for this pallet either.
	DataContribution::check_deposits((1..=20).chain([CURATOR]))
		.expect("every account holds exactly its records' deposits");
	System::set_block_number(now + 1);
	DataContribution::on_initialize(now + 1);
}

pub(crate) fn hash(n: u64) -> H256 {
	H256::from_low_u64_be(n)
}

pub(crate) fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

pub(crate) fn held(who: AccountId) -> Balance {
	Balances::total_balance_on_hold(&who)
}

/// The deposit an account's reputation record holds.
pub(crate) fn reputation_deposit() -> Balance {
	DataContribution::deposit_of(DataContribution::reputation_footprint())
}

pub(crate) fn pot() -> AccountId {
	DataContribution::pot_account()
}

pub(crate) fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::DataContribution(e) => Some(e),
			_ => None,
		})
		.next_back()
		.expect("an event of this pallet")
}

/// The last `RewardsClaimed` event, with the models it settled in id order (a claim settles
/// positions in their storage keys' order).
pub(crate) fn last_claim() -> Event<Test> {
	match last_event() {
		Event::RewardsClaimed {
			who,
			amount,
			escrowed,
			forfeited,
			redirected,
			positions,
			more_remaining,
			models,
		} => Event::RewardsClaimed {
			who,
			amount,
			escrowed,
			forfeited,
			redirected,
			positions,
			more_remaining,
			models: settled_models(&models),
		},
		other => panic!("the last event is not a claim: {other:?}"),
	}
}

/// `models` in id order, as a claim event's list.
pub(crate) fn settled_models(
	models: &[ModelId],
) -> BoundedVec<ModelId, <Test as Config>::MaxPositionsPerClaim> {
	let mut models = models.to_vec();
	models.sort();
	models.try_into().expect("at most MaxPositionsPerClaim")
}

/// The salt `owner` commits with in the tests.
pub(crate) fn salt(owner: AccountId) -> [u8; 32] {
	[owner as u8; 32]
}

/// Commits `owner` to dataset `hash` with [`salt`].
pub(crate) fn commit(owner: AccountId, hash: H256) {
	let commitment = DataContribution::commitment_of(&hash, &owner, &salt(owner));
	assert_ok!(DataContribution::commit_dataset(RuntimeOrigin::signed(owner), commitment));
}

/// Registers dataset `n` by `owner` with `contributors` given as (account, percent): commits to
/// it, and reveals it in the next block.
pub(crate) fn add_dataset(owner: AccountId, n: u64, contributors: &[(AccountId, u32)]) -> H256 {
	commit(owner, hash(n));
	next_block();
	reveal(owner, hash(n), contributors);
	hash(n)
}

/// Reveals `owner`'s commitment to `hash`, registering it with `contributors` given as
/// (account, percent).
pub(crate) fn reveal(owner: AccountId, hash: H256, contributors: &[(AccountId, u32)]) {
	assert_ok!(try_reveal(owner, hash, contributors));
}

/// Registers each of `datasets` by `owner`, with contributors' shares as given: commits to all
/// of them, then reveals them all in the next block.
pub(crate) fn add_datasets(owner: AccountId, datasets: &[(H256, Vec<(AccountId, Perbill)>)]) {
	for (hash, _) in datasets {
		commit(owner, *hash);
	}
	next_block();
	for (hash, contributors) in datasets {
		assert_ok!(DataContribution::register_dataset(
			RuntimeOrigin::signed(owner),
			*hash,
			salt(owner),
			contributors.clone(),
			vec![],
			LicenceTerms::permissive(),
		));
	}
}

/// `register_dataset` by `owner` for `hash` with its [`salt`].
pub(crate) fn try_reveal(
	owner: AccountId,
	hash: H256,
	contributors: &[(AccountId, u32)],
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	let contributors = contributors
		.iter()
		.map(|(who, pct)| (*who, Perbill::from_percent(*pct)))
		.collect();
	DataContribution::register_dataset(
		RuntimeOrigin::signed(owner),
		hash,
		salt(owner),
		contributors,
		b"ipfs://dataset".to_vec(),
		LicenceTerms::permissive(),
	)
}

/// Registers a model by `owner` over `datasets` (hash, weight); returns its id.
pub(crate) fn add_model(
	owner: AccountId,
	datasets: &[(H256, u32)],
	price: Balance,
	owner_share: Perbill,
) -> ModelId {
	let id = NextModelId::<Test>::get();
	assert_ok!(DataContribution::register_model(
		RuntimeOrigin::signed(owner),
		datasets.to_vec(),
		vec![],
		price,
		owner_share,
		b"model".to_vec(),
	));
	id
}

pub(crate) fn pay(payer: AccountId, model: ModelId, queries: u32) {
	assert_ok!(DataContribution::pay_for_queries(
		RuntimeOrigin::signed(payer),
		model,
		queries,
		Balance::MAX
	));
}

pub(crate) fn claim(who: AccountId) {
	assert_ok!(DataContribution::claim_rewards(RuntimeOrigin::signed(who)));
}

pub(crate) fn pending(who: AccountId) -> Balance {
	DataContribution::contributor_total(&who).pending
}

#[test]
fn genesis_endows_pot_and_protocol_account() {
	run_test(|| {
		assert_eq!(free(pot()), EXISTENTIAL_DEPOSIT);
		assert_eq!(free(PROTOCOL), EXISTENTIAL_DEPOSIT);
		assert_eq!(held(pot()), 0);
	});
}
