//! The pallets whose benchmarks `fairshare-node benchmark pallet` runs.

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_data_contribution, DataContribution]
	[pallet_validator_set, ValidatorSet]
	[pallet_utility, Utility]
	[pallet_multisig, Multisig]
	[pallet_proxy, Proxy]
	[pallet_parameters, Parameters]
);

use crate::{AccountId, Signature};

/// Signs usage receipts in the benchmarks with sr25519 keys generated in the benchmark's
/// keystore, as a consumer's wallet would.
pub struct UsageReceiptSigner;

impl pallet_data_contribution::benchmarking::BenchmarkHelper<AccountId, Signature>
	for UsageReceiptSigner
{
	fn consumer(index: u32) -> AccountId {
		let seed = alloc::format!("//consumer{index}").into_bytes();
		sp_io::crypto::sr25519_generate(RECEIPT_KEY_TYPE, Some(seed)).into()
	}

	fn sign(signer: &AccountId, message: &[u8]) -> Signature {
		let public = sp_core::sr25519::Public::from_raw(signer.clone().into());
		sp_io::crypto::sr25519_sign(RECEIPT_KEY_TYPE, &public, message)
			.expect("the benchmark generated this key")
			.into()
	}
}

/// The keystore slot of the benchmarks' consumer keys.
const RECEIPT_KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"fsur");
