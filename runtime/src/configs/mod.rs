//! The configuration of every pallet in the runtime.

pub mod governance;
pub mod periods;

use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, Contains, EitherOfDiverse,
		VariantCountOf,
	},
	weights::{
		constants::{ExtrinsicBaseWeight, WEIGHT_REF_TIME_PER_SECOND},
		ConstantMultiplier, Weight,
	},
	PalletId,
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureRoot,
};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{
	traits::{AccountIdConversion, Bounded, ConvertInto, OpaqueKeys, Verify},
	FixedPointNumber, Perbill, Perquintill,
};
use sp_version::RuntimeVersion;

use super::{
	AccountId, Aura, Balance, Balances, Block, BlockNumber, CuratorCouncil, Hash, Nonce,
	PalletInfo, Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason,
	RuntimeOrigin, RuntimeTask, SessionKeys, Signature, System, ValidatorSet, DAYS,
	EXISTENTIAL_DEPOSIT, HOURS, MICRO_UNIT, MILLI_UNIT, MINUTES, SLOT_DURATION, SS58_PREFIX, UNIT,
	VERSION,
};

const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;

	/// Two seconds of compute per six-second block.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX),
		NORMAL_DISPATCH_RATIO,
	);
	/// 5 MiB blocks, of which normal transactions may fill 75%.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * *max)
		.build();
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BaseCallFilter = BaseCallFilter;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// Measured on the node's own database, ParityDB, on a state of ten million keys
	/// (`scripts/benchmark-db-weights.sh --base-path`).
	type DbWeight = crate::weights::paritydb_weights::constants::ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

/// The most validators, and so the most Aura and GRANDPA authorities.
pub const MAX_VALIDATORS: u32 = 32;

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = ();
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

/// What the base weight of an extrinsic costs at fee multiplier 1: 0.2 milliFAIR, so that a
/// transfer costs about 1.2 milliFAIR (docs/economics.md, "Transaction fees"). Every other
/// weight is priced in proportion (see [`WeightToFee`]).
pub const BASE_EXTRINSIC_FEE: Balance = MILLI_UNIT / 5;

/// What one byte of an extrinsic costs: 1 microFAIR, so that filling a block's length costs
/// about as much as filling its weight.
pub const TRANSACTION_BYTE_FEE: Balance = MICRO_UNIT;

/// Prices weight linearly, so that [`ExtrinsicBaseWeight`] costs [`BASE_EXTRINSIC_FEE`]. Only
/// the computation (`ref_time`) is priced: a solochain's proof size is not a scarce resource.
pub struct WeightToFee;
impl frame_support::weights::WeightToFee for WeightToFee {
	type Balance = Balance;

	fn weight_to_fee(weight: &Weight) -> Balance {
		let base = ExtrinsicBaseWeight::get().ref_time().max(1) as Balance;
		(weight.ref_time() as Balance).saturating_mul(BASE_EXTRINSIC_FEE) / base
	}
}

parameter_types! {
	pub const TransactionByteFee: Balance = TRANSACTION_BYTE_FEE;
	/// The block fullness the fee multiplier steers towards, as Polkadot's runtimes do: above it
	/// fees rise, below it they fall.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// How fast the multiplier moves, as in Polkadot's runtimes: with every block full, fees
	/// double in about 12,300 blocks (20 hours at 6 s).
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(75, 1_000_000);
	/// The lowest the multiplier falls to on an idle chain: a tenth of the nominal fee.
	pub MinimumMultiplier: Multiplier = Multiplier::saturating_from_rational(1, 10u128);
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
}

/// The fee multiplier update of Polkadot's runtimes: slow-adjusting, targeting 25% full blocks.
pub type SlowAdjustingFeeUpdate<R> = TargetedFeeAdjustment<
	R,
	TargetBlockFullness,
	AdjustmentVariable,
	MinimumMultiplier,
	MaximumMultiplier,
>;

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = WeightToFee;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = SlowAdjustingFeeUpdate<Self>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = crate::weights::dispatch_for::SudoWeight<Runtime>;
}

parameter_types! {
	/// The protocol's cut of every query payment: 5%.
	pub const ProtocolFee: Perbill = Perbill::from_percent(5);
	/// The pot that holds unclaimed data rewards.
	pub const DataContributionPalletId: PalletId = PalletId(*b"fs/dcpot");
	/// The protocol treasury, which receives protocol fees: a keyless account derived from
	/// `PalletId(*b"fs/proto")`, so only Root (through sudo) can move its funds.
	pub ProtocolAccount: AccountId = PalletId(*b"fs/proto").into_account_truncating();
}

impl pallet_data_contribution::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ProtocolFee = ProtocolFee;
	type ProtocolAccount = ProtocolAccount;
	type PalletId = DataContributionPalletId;
	/// 1 FAIR for any record, plus 1 milliFAIR per byte it stores.
	type DepositBase = ConstU128<UNIT>;
	type DepositPerByte = ConstU128<MILLI_UNIT>;
	type MaxContributors = ConstU32<16>;
	type MaxDatasetsPerModel = ConstU32<128>;
	type MaxMetadataLen = ConstU32<512>;
	/// A fine-tune names a handful of base models at most.
	type MaxParents = ConstU32<4>;
	/// A payment credits at most 8 ancestors' accumulators (one read and one write each).
	type MaxAncestors = ConstU32<8>;
	type MaxPositionsPerClaim = ConstU32<64>;
	/// A claim reads one dataset per part: room for the largest position (128 parts) on top of
	/// one part for each of the other positions of a full claim.
	type MaxPartsPerClaim = ConstU32<{ 64 + 128 }>;
	/// Root, or a motion of more than half of the curator council: no curator rules alone.
	type CuratorOrigin = EitherOfDiverse<
		EnsureRoot<AccountId>,
		pallet_collective::EnsureProportionMoreThan<AccountId, CuratorCollective, 1, 2>,
	>;
	/// 100 FAIR: far above a dataset's deposit (about 1.5 FAIR), so that challenging costs
	/// real money; a rejected bond goes to the protocol account, whoever challenged.
	type ChallengeBond = ConstU128<{ 100 * UNIT }>;
	/// A runtime parameter within bounds (see [`periods`]), like the three other periods.
	type ChallengePeriod = periods::ChallengePeriod;
	type ChallengerReward = ChallengerReward;
	type MaxEvidenceLen = ConstU32<256>;
	type CommitmentLifetime = periods::CommitmentLifetime;
	type RevealWindow = periods::RevealWindow;
	/// A thousand receipts a settlement: 81 bytes each, about 81 kB of extrinsic.
	type MaxReceiptsPerSettlement = ConstU32<1_000>;
	type UsageClosePeriod = periods::UsageClosePeriod;
	/// Receipts are signed like transactions: sr25519, ed25519 or ecdsa.
	type UsageSignature = Signature;
	type UsageSigner = <Signature as Verify>::Signer;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::UsageReceiptSigner;
	/// A dataset of up to 2³² files (4 billion) can prove any of them: 32 siblings, 1 kB.
	type MaxProofDepth = ConstU32<32>;
	/// As long as a path the Linux kernel opens in one piece (`PATH_MAX`, 4,096 bytes).
	type MaxProofPathLen = ConstU32<4_096>;
	type WeightInfo = pallet_data_contribution::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Half of a slashed dataset's deposit goes to its challenger, the rest to the protocol
	/// account: enough to pay for the work of finding bad data, and too little for an owner to
	/// profit from challenging its own dataset through another account.
	pub const ChallengerReward: Perbill = Perbill::from_percent(50);
}

/// The most curators: the members of the curator council.
pub const MAX_CURATORS: u32 = 32;

/// The curators: the members of the curator council, which rules on dataset challenges besides
/// Root. Root adds and removes them (`curators.addMember`, `curators.removeMember`); the council
/// follows every change (`MembershipChanged`), and takes its first members from this pallet's
/// genesis (`MembershipInitialized`). This pallet is the one source of the council's members.
impl pallet_membership::Config<pallet_membership::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = EnsureRoot<AccountId>;
	type RemoveOrigin = EnsureRoot<AccountId>;
	type SwapOrigin = EnsureRoot<AccountId>;
	type ResetOrigin = EnsureRoot<AccountId>;
	type PrimeOrigin = EnsureRoot<AccountId>;
	type MembershipInitialized = CuratorCouncil;
	type MembershipChanged = CuratorCouncil;
	type MaxMembers = ConstU32<MAX_CURATORS>;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

/// The curator council's instance of `pallet-collective`.
pub type CuratorCollective = pallet_collective::Instance1;

parameter_types! {
	/// Three days for the council to vote on a ruling: well within a challenge's seven days, so
	/// that a motion that fails leaves time for another before anyone may close the challenge
	/// as rejected.
	pub const CuratorMotionDuration: BlockNumber = 3 * DAYS;
	/// A motion may dispatch at most half a block's weight: a ruling takes far less.
	pub CuratorMaxProposalWeight: Weight =
		Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
	pub const CuratorProposalHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::CuratorCouncil(pallet_collective::HoldReason::ProposalSubmission);
	/// The first open motion's deposit: its two storage items (the call and the votes) and 1 kB
	/// for them. The proposer gets it back with `curatorCouncil.releaseProposalCost` once the
	/// motion is closed or disapproved; a motion that Root kills has it burned.
	pub const CuratorProposalDeposit: Balance = deposit(2, 1_024);
	/// Each motion already open makes the next one's deposit 10% dearer: a few motions cost
	/// about 3 FAIR each, while filling all 100 would hold about 417,000 FAIR, so that no
	/// curator can take every slot and let challenges expire unruled.
	pub CuratorDepositRatio: sp_runtime::FixedU128 = sp_runtime::FixedU128::from_rational(11, 10);
}

/// A motion's deposit, given how many motions are open: [`CuratorProposalDeposit`] grown by
/// [`CuratorDepositRatio`] for each, rounded down to a milliFAIR.
pub type CuratorProposalCost = pallet_collective::deposit::Round<
	ConstU32<9>,
	pallet_collective::deposit::Geometric<CuratorDepositRatio, CuratorProposalDeposit>,
>;

/// A curator who does not vote counts against a motion when it closes, whoever is prime: no
/// ruling passes by the others' silence.
pub struct AbsentIsNay;
impl pallet_collective::DefaultVote for AbsentIsNay {
	fn default_vote(_prime: Option<bool>, _yes: u32, _no: u32, _len: u32) -> bool {
		false
	}
}

/// The curator council: its motions carry the rulings on challenges (`CuratorOrigin`), by more
/// than half of its members. Its members are the `Curators`: `SetMembersOrigin` is no origin,
/// so that they change in one place.
impl pallet_collective::Config<CuratorCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CuratorMotionDuration;
	/// At most 100 motions open at once, each with its deposit.
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<MAX_CURATORS>;
	type DefaultVote = AbsentIsNay;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	type SetMembersOrigin = frame_support::traits::NeverEnsureOrigin<()>;
	type MaxProposalWeight = CuratorMaxProposalWeight;
	/// Root may strike a motion (`disapprove_proposal`, the deposit returned) or kill a malicious
	/// one (`kill`, the deposit lost).
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Consideration = frame_support::traits::fungible::HoldConsideration<
		AccountId,
		Balances,
		CuratorProposalHoldReason,
		CuratorProposalCost,
		u32,
	>;
}

parameter_types! {
	/// One session lasts ten blocks (one minute), so that a validator-set change takes effect
	/// within two minutes on the testnet. A production chain would use hours.
	pub const SessionPeriod: BlockNumber = MINUTES;
	pub const SessionOffset: BlockNumber = 0;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = ValidatorSet;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	/// 1 FAIR held while an account has session keys: it pays for their storage.
	type KeyDeposit = ConstU128<UNIT>;
}

/// The accounts that have set session keys: the candidates for the validator set.
pub struct HasSessionKeys;
impl Contains<AccountId> for HasSessionKeys {
	fn contains(who: &AccountId) -> bool {
		pallet_session::NextKeys::<Runtime>::contains_key(who)
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_validator_set::benchmarking::BenchmarkHelper<AccountId> for HasSessionKeys {
	fn register(who: &AccountId) {
		let keys = SessionKeys {
			aura: sp_core::sr25519::Public::from_raw([7; 32]).into(),
			grandpa: sp_core::ed25519::Public::from_raw([7; 32]).into(),
		};
		pallet_session::NextKeys::<Runtime>::insert(who, keys);
	}
}

/// Purges session keys through `pallet-session`, for `validatorSet.purgeKeys`.
pub struct SessionKeysPurger;
impl pallet_validator_set::PurgeKeys<AccountId> for SessionKeysPurger {
	fn purge_keys(who: &AccountId) -> frame_support::dispatch::DispatchResult {
		pallet_session::Pallet::<Runtime>::purge_keys(RuntimeOrigin::signed(who.clone()))
	}

	fn purge_weight() -> Weight {
		use pallet_session::WeightInfo;
		<Runtime as pallet_session::Config>::WeightInfo::purge_keys()
	}
}

/// Every call but `session.purge_keys`, which would let a validator drop out of the next set
/// with nothing to stop it; `validatorSet.purgeKeys` does the same for an account that is not a
/// validator.
pub struct BaseCallFilter;
impl Contains<RuntimeCall> for BaseCallFilter {
	fn contains(call: &RuntimeCall) -> bool {
		!matches!(call, RuntimeCall::Session(pallet_session::Call::purge_keys { .. }))
	}
}

/// The validator set, changed by Root (`validatorSet.addValidator`, through sudo) and enacted by
/// `pallet-session`.
impl pallet_validator_set::Config for Runtime {
	type ManagerOrigin = EnsureRoot<AccountId>;
	type HasSessionKeys = HasSessionKeys;
	type KeysPurger = SessionKeysPurger;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	/// One validator keeps the chain producing and finalizing; the dev chain has just one.
	type MinValidators = ConstU32<1>;
	type WeightInfo = pallet_validator_set::weights::SubstrateWeight<Runtime>;
}

/// The storage deposit for `items` storage items of `bytes` bytes in all, priced as
/// `pallet-data-contribution` prices its records (`DepositBase` per item, `DepositPerByte` per
/// byte): the one rule behind the multisig and proxy deposits, as Polkadot's runtimes derive
/// theirs from one `deposit` function.
pub const fn deposit(items: u32, bytes: u32) -> Balance {
	items as Balance * UNIT + bytes as Balance * MILLI_UNIT
}

parameter_types! {
	/// A multisig operation's record: its key and the `Multisig` value with its first approval.
	pub const MultisigDepositBase: Balance = deposit(1, 88);
	/// Each further approval adds an account (32 bytes) to the record.
	pub const MultisigDepositFactor: Balance = deposit(0, 32);
	/// A proxy list's storage item: its key and the deposit it records.
	pub const ProxyDepositBase: Balance = deposit(1, 8);
	/// Each proxy adds an account, its type and a delay (33 bytes and a block number).
	pub const ProxyDepositFactor: Balance = deposit(0, 33);
	/// An announcement list's storage item.
	pub const AnnouncementDepositBase: Balance = deposit(1, 8);
	/// Each announcement adds an account, a call hash and a block number.
	pub const AnnouncementDepositFactor: Balance = deposit(0, 66);
}

/// Multi-signature accounts: a dataset or a model can be owned by `k` of `n` keys.
impl pallet_multisig::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type DepositBase = MultisigDepositBase;
	type DepositFactor = MultisigDepositFactor;
	/// As on Polkadot: up to 100 signatories.
	type MaxSignatories = ConstU32<100>;
	type WeightInfo = crate::weights::multisig::MultisigWeight<Runtime>;
	type BlockNumberProvider = System;
}

/// What a proxy may do on its principal's behalf.
///
/// `Default` is the most permissive type, as `pallet-proxy` requires.
#[derive(
	Copy,
	Clone,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	Default,
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
	Debug,
)]
pub enum ProxyType {
	/// Any call.
	#[default]
	Any,
	/// Calls that cannot move funds or give away rights: those [`proxy_access`] opens to
	/// [`ProxyAccess::NonTransfer`] or [`ProxyAccess::Operator`]. `system` and `session` calls
	/// (a validator's keys), `validatorSet.purgeKeys`, `utility` (whose inner calls the same
	/// filter checks), adding or removing the principal's proxies of a type it covers, and the
	/// data-contribution calls of an operator. No balance transfer, no `sudo`, no multisig
	/// approval and no call through another proxy relation, which would escape this filter.
	NonTransfer,
	/// Only the data-contribution calls [`proxy_access`] opens to [`ProxyAccess::Operator`], and
	/// `utility` batches of them: what a model operator's gateway or bot needs (settle receipts,
	/// set a price, claim revenue and rewards, retire, settle and clean up), with a hot key that
	/// cannot spend its funds, put them at stake, or take its datasets.
	DataContribution,
}

/// The narrowest proxy type that may make a call; every wider one may too.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum ProxyAccess {
	/// A `DataContribution` proxy (and so `NonTransfer` and `Any`).
	Operator,
	/// A `NonTransfer` proxy (and `Any`).
	NonTransfer,
	/// Only an `Any` proxy: the principal itself decides.
	Principal,
}

/// Who may make `call` through a proxy. An allow-list: the match names every pallet of the
/// runtime, so that a pallet added later does not compile until someone decides who may call
/// it, and [`data_contribution_access`] names every call of the data-contribution pallet.
pub fn proxy_access(call: &RuntimeCall) -> ProxyAccess {
	use ProxyAccess::*;
	match call {
		RuntimeCall::DataContribution(call) => data_contribution_access(call),
		// A batch's calls are dispatched with the proxy's filter, so each is checked too.
		RuntimeCall::Utility(
			pallet_utility::Call::batch { .. }
			| pallet_utility::Call::batch_all { .. }
			| pallet_utility::Call::force_batch { .. },
		) => Operator,
		RuntimeCall::Utility(_) | RuntimeCall::System(_) | RuntimeCall::Session(_) => NonTransfer,
		RuntimeCall::ValidatorSet(pallet_validator_set::Call::purge_keys { .. }) => NonTransfer,
		// Adding a proxy is further bounded by `is_superset`.
		RuntimeCall::Proxy(
			pallet_proxy::Call::add_proxy { .. }
			| pallet_proxy::Call::remove_proxy { .. }
			| pallet_proxy::Call::remove_announcement { .. }
			| pallet_proxy::Call::reject_announcement { .. },
		) => NonTransfer,
		RuntimeCall::ValidatorSet(_)
		| RuntimeCall::Proxy(_)
		| RuntimeCall::Timestamp(_)
		| RuntimeCall::Grandpa(_)
		| RuntimeCall::Balances(_)
		| RuntimeCall::Sudo(_)
		| RuntimeCall::Curators(_)
		| RuntimeCall::CuratorCouncil(_)
		// Deposits and vote locks of the principal's: its own decisions.
		| RuntimeCall::Preimage(_)
		| RuntimeCall::Scheduler(_)
		| RuntimeCall::Referenda(_)
		| RuntimeCall::ConvictionVoting(_)
		| RuntimeCall::Parameters(_)
		| RuntimeCall::Multisig(_) => Principal,
	}
}

/// Who may make a data-contribution call through a proxy; the match names every call, so that a
/// call added later does not compile until someone decides.
///
/// Only the principal itself may make the calls that move its free funds to another account
/// (paying for queries, funding a usage channel, a challenge bond, which a rejection forfeits),
/// put its funds at stake (registering a dataset, whose deposit an
/// upheld challenge slashes, or a model, whose deposit a stranger's fine-tune can keep held),
/// give up a dataset's hash (a withdrawal frees it for anyone to register once the dataset is
/// removed; removing a commitment makes the reveal fail, publishing the hash and salt), answer
/// for a dataset (a confirmation), give away or take on a record (offering or accepting
/// ownership), loosen a dataset's terms for good, or rule as a curator (a ruling slashes a
/// deposit or sends a dataset's earnings to another account). An operator's hot key may make
/// the rest: they pay only the principal, or anyone may make them.
pub fn data_contribution_access(call: &pallet_data_contribution::Call<Runtime>) -> ProxyAccess {
	use pallet_data_contribution::Call as C;
	match call {
		C::set_model_price { .. }
		| C::retire_model { .. }
		| C::settle_usage { .. }
		| C::claim_model_revenue { .. }
		| C::claim_rewards { .. }
		| C::settle_position { .. }
		| C::remove_retired_model { .. }
		| C::finish_withdraw_dataset { .. }
		| C::close_expired_challenge { .. }
		| C::close_usage { .. }
		| C::finish_close_usage { .. }
		| C::prove_inclusion { .. } => ProxyAccess::Operator,
		C::commit_dataset { .. }
		| C::remove_commitment { .. }
		| C::register_dataset { .. }
		| C::withdraw_dataset { .. }
		| C::register_model { .. }
		| C::confirm_contribution { .. }
		| C::pay_for_queries { .. }
		| C::open_usage { .. }
		| C::top_up_usage { .. }
		| C::challenge_dataset { .. }
		| C::offer_dataset_ownership { .. }
		| C::offer_model_ownership { .. }
		| C::accept_dataset_ownership { .. }
		| C::accept_model_ownership { .. }
		| C::set_dataset_terms { .. }
		| C::resolve_challenge { .. }
		| C::resolve_misattribution { .. }
		| C::__Ignore(..) => ProxyAccess::Principal,
	}
}

impl frame_support::traits::InstanceFilter<RuntimeCall> for ProxyType {
	fn filter(&self, call: &RuntimeCall) -> bool {
		let access = proxy_access(call);
		match self {
			ProxyType::Any => true,
			ProxyType::NonTransfer => access <= ProxyAccess::NonTransfer,
			ProxyType::DataContribution => access == ProxyAccess::Operator,
		}
	}

	fn is_superset(&self, other: &Self) -> bool {
		match (self, other) {
			(x, y) if x == y => true,
			(ProxyType::Any, _) => true,
			(_, ProxyType::Any) => false,
			(ProxyType::NonTransfer, ProxyType::DataContribution) => true,
			_ => false,
		}
	}
}

/// Proxies: an account lets other accounts (hot keys, multisigs) act for it, within a
/// [`ProxyType`].
impl pallet_proxy::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type ProxyType = ProxyType;
	type ProxyDepositBase = ProxyDepositBase;
	type ProxyDepositFactor = ProxyDepositFactor;
	/// As on Polkadot: 32 proxies an account, 32 pending announcements.
	type MaxProxies = ConstU32<32>;
	type WeightInfo = pallet_proxy::weights::SubstrateWeight<Runtime>;
	type MaxPending = ConstU32<32>;
	type CallHasher = sp_runtime::traits::BlakeTwo256;
	type AnnouncementDepositBase = AnnouncementDepositBase;
	type AnnouncementDepositFactor = AnnouncementDepositFactor;
	type BlockNumberProvider = System;
}

/// Batches: several calls in one extrinsic, all or nothing with `batchAll`.
impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = crate::OriginCaller;
	type WeightInfo = crate::weights::dispatch_for::UtilityWeight<Runtime>;
}
