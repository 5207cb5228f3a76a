//! The configuration of every pallet in the runtime.

use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, Contains, EitherOfDiverse,
		VariantCountOf,
	},
	weights::{
		constants::{RocksDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		IdentityFee, Weight,
	},
	PalletId,
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureRoot, EnsureSignedBy,
};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{
	traits::{AccountIdConversion, ConvertInto, One, OpaqueKeys},
	Perbill,
};
use sp_version::RuntimeVersion;

use super::{
	AccountId, Aura, Balance, Balances, Block, BlockNumber, Curators, Hash, Nonce, PalletInfo,
	Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin,
	RuntimeTask, SessionKeys, System, ValidatorSet, DAYS, EXISTENTIAL_DEPOSIT, MILLI_UNIT,
	MINUTES, SLOT_DURATION, SS58_PREFIX, UNIT, VERSION,
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
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	type DbWeight = RocksDbWeight;
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

parameter_types! {
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
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
	type MaxPositionsPerClaim = ConstU32<64>;
	/// A claim reads one dataset per part: room for the largest position (128 parts) on top of
	/// one part for each of the other positions of a full claim.
	type MaxPartsPerClaim = ConstU32<{ 64 + 128 }>;
	/// Root (sudo) or any member of the `Curators` set rules on challenges.
	type CuratorOrigin = EitherOfDiverse<EnsureRoot<AccountId>, EnsureSignedBy<Curators, AccountId>>;
	/// 100 FAIR: far above a dataset's deposit (about 1.5 FAIR), so that challenging costs
	/// real money; a rejected bond compensates the contributors whose rewards it froze.
	type ChallengeBond = ConstU128<{ 100 * UNIT }>;
	/// Seven days for the curators to rule before anyone may close the challenge as rejected.
	type ChallengePeriod = ConstU32<{ 7 * DAYS }>;
	type ChallengerReward = ChallengerReward;
	type MaxEvidenceLen = ConstU32<256>;
	type WeightInfo = pallet_data_contribution::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Half of a slashed dataset's deposit goes to its challenger, the rest to the protocol
	/// account: enough to pay for the work of finding bad data, and too little for an owner to
	/// profit from challenging its own dataset through another account.
	pub const ChallengerReward: Perbill = Perbill::from_percent(50);
}

/// The curators: accounts that may rule on dataset challenges besides Root. Root adds and
/// removes them (`curators.addMember`, `curators.removeMember`, through sudo).
impl pallet_membership::Config<pallet_membership::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = EnsureRoot<AccountId>;
	type RemoveOrigin = EnsureRoot<AccountId>;
	type SwapOrigin = EnsureRoot<AccountId>;
	type ResetOrigin = EnsureRoot<AccountId>;
	type PrimeOrigin = EnsureRoot<AccountId>;
	type MembershipInitialized = ();
	type MembershipChanged = ();
	type MaxMembers = ConstU32<32>;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
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

/// The validator set, changed by Root (`validatorSet.addValidator`, through sudo) and enacted by
/// `pallet-session`.
impl pallet_validator_set::Config for Runtime {
	type ManagerOrigin = EnsureRoot<AccountId>;
	type HasSessionKeys = HasSessionKeys;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	/// One validator keeps the chain producing and finalizing; the dev chain has just one.
	type MinValidators = ConstU32<1>;
	type WeightInfo = pallet_validator_set::weights::SubstrateWeight<Runtime>;
}
