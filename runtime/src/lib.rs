//! The Fairshare runtime: FRAME pallets for accounts, consensus and fees, plus
//! `pallet-data-contribution`, compiled to Wasm that the node executes.

#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(all(feature = "std", not(feature = "try-runtime")))]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));
// With the try-runtime checks the Wasm is named apart (build.rs).
#[cfg(all(feature = "std", feature = "try-runtime"))]
include!(concat!(env!("OUT_DIR"), "/fairshare_runtime_try_runtime"));

#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;
pub mod apis;
pub mod configs;
pub mod genesis_config_presets;
pub mod migrations;
#[cfg(test)]
mod tests;
pub mod weights;

extern crate alloc;

use alloc::vec::Vec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::{runtime_version, RuntimeVersion};

pub use configs::periods::{
	dynamic_params, RuntimeParameters, RuntimeParametersKey, RuntimeParametersValue,
};
pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_data_contribution::Call as DataContributionCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Opaque types for the node: it handles blocks and extrinsics without knowing their format.
pub mod opaque {
	use super::*;
	use sp_runtime::traits::Hash as HashT;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as HashT>::Output;
}

impl_opaque_keys! {
	/// The session keys of a validator: Aura for authoring, GRANDPA for finality.
	pub struct SessionKeys {
		/// Block authoring.
		pub aura: Aura,
		/// Finality voting.
		pub grandpa: Grandpa,
	}
}

/// The runtime's version. Bump `spec_version` for every runtime upgrade.
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("fairshare"),
	impl_name: alloc::borrow::Cow::Borrowed("fairshare"),
	authoring_version: 1,
	spec_version: 109,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	// 2: `register_dataset` takes terms and `register_model` parents.
	transaction_version: 2,
	system_version: 1,
};

/// The target block time: Aura produces a block every slot.
pub const MILLI_SECS_PER_BLOCK: u64 = 6000;

/// Aura's slot duration. It cannot change once the chain runs.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

/// Blocks per minute, hour and day.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// One FAIR: the token has 12 decimals.
pub const UNIT: Balance = 1_000_000_000_000;
/// A thousandth of a FAIR.
pub const MILLI_UNIT: Balance = UNIT / 1_000;
/// A millionth of a FAIR.
pub const MICRO_UNIT: Balance = UNIT / 1_000_000;

/// The token symbol that chain specs advertise to wallets.
pub const TOKEN_SYMBOL: &str = "FAIR";
/// The token's decimals.
pub const TOKEN_DECIMALS: u8 = 12;
/// The SS58 address prefix: 42, the generic Substrate prefix.
pub const SS58_PREFIX: u16 = 42;

/// The minimum balance an account must keep to exist.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Signature of a transaction.
pub type Signature = MultiSignature;

/// An account: the public key of the signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// An amount of FAIR, in planck (10⁻¹² FAIR).
pub type Balance = u128;

/// A transaction counter.
pub type Nonce = u32;

/// A block or state hash.
pub type Hash = sp_core::H256;

/// A block number.
pub type BlockNumber = u32;

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;

/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extensions: what a signed transaction checks besides its signature.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Migrations to run on runtime upgrade, besides those the pallets declare.
type Migrations =
	(pallet_data_contribution::migrations::Migrations<Runtime>, migrations::SeatCuratorCouncil);

/// Executive: dispatches calls to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// The runtime: the pallets it is composed of, in order.
#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	// The validator set and the sessions come before the consensus pallets, so that a session
	// change reaches Aura and GRANDPA in the block that starts the session.
	#[runtime::pallet_index(8)]
	pub type ValidatorSet = pallet_validator_set;

	#[runtime::pallet_index(9)]
	pub type Session = pallet_session;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;

	#[runtime::pallet_index(7)]
	pub type DataContribution = pallet_data_contribution;

	#[runtime::pallet_index(10)]
	pub type Curators = pallet_membership<Instance1>;

	#[runtime::pallet_index(11)]
	pub type Utility = pallet_utility;

	#[runtime::pallet_index(12)]
	pub type Multisig = pallet_multisig;

	#[runtime::pallet_index(13)]
	pub type Proxy = pallet_proxy;

	#[runtime::pallet_index(14)]
	pub type Parameters = pallet_parameters;

	#[runtime::pallet_index(15)]
	pub type GenesisPeriods = configs::periods::genesis_periods;

	#[runtime::pallet_index(16)]
	pub type CuratorCouncil = pallet_collective<Instance1>;

	#[runtime::pallet_index(17)]
	pub type Preimage = pallet_preimage;

	#[runtime::pallet_index(18)]
	pub type Scheduler = pallet_scheduler;

	#[runtime::pallet_index(19)]
	pub type Referenda = pallet_referenda;

	#[runtime::pallet_index(20)]
	pub type ConvictionVoting = pallet_conviction_voting;
}
