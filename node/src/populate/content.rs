//! What `populate-state` writes, through the runtime's own calls run natively: every record,
//! deposit and hold is the one the pallet makes for a real signed call, so the state keeps the
//! runtime's invariants by construction (`check_conservation` checks the money on the result).
//!
//! Everything is derived from indices, so that two runs with the same sizes write the same state.

use codec::Encode;
use fairshare_runtime::{
	AccountId, Balance, Balances, DataContribution, Runtime, RuntimeOrigin, UNIT,
};
use frame_support::{storage::StoragePrefixedMap, traits::Get};
use pallet_data_contribution::{types::LicenceTerms, ChannelId, DatasetHash, ModelId};
use sp_core::H256;
use sp_io::hashing::blake2_256;
use sp_runtime::{MultiAddress, Perbill};

/// The sizes of the state to write (see `PopulateStateCmd` for their meaning).
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
	pub accounts: u32,
	pub datasets: u32,
	pub models: u32,
	pub channels: u32,
	pub max_datasets_per_model: u32,
	pub fine_tune_every: u32,
}

/// The fewest and most contributors a dataset names: the count cycles through this range, 10 on
/// average. `MaxContributors` is 16 in this runtime.
const CONTRIBUTORS: (u32, u32) = (4, 16);
/// A query's price on every model, in planck.
pub const PRICE: Balance = UNIT / 1_000;
/// The royalty a fine-tune pays its base model.
const ROYALTY: Perbill = Perbill::from_percent(10);
/// The model owners' share of each payment.
const OWNER_SHARE: Perbill = Perbill::from_percent(20);
/// Each channel's escrow: ten thousand queries.
const ESCROW: Balance = 10_000 * PRICE;

/// The kinds of account the state holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
	Contributor,
	DatasetOwner,
	ModelOwner,
	Consumer,
	/// An account with a balance and nothing else: the rest of `--accounts`.
	Holder,
}

impl Role {
	fn tag(self) -> &'static [u8] {
		match self {
			Role::Contributor => b"contributor",
			Role::DatasetOwner => b"dataset-owner",
			Role::ModelOwner => b"model-owner",
			Role::Consumer => b"consumer",
			Role::Holder => b"holder",
		}
	}

	/// What an account of this kind is funded with: enough for its deposits and holds (a model
	/// over 128 datasets of 16 contributors holds about 300 FAIR), with room for transactions.
	pub fn funds(self) -> Balance {
		match self {
			Role::Contributor | Role::Holder => UNIT,
			Role::DatasetOwner => 10 * UNIT,
			Role::ModelOwner => 1_000 * UNIT,
			Role::Consumer => 100 * UNIT,
		}
	}
}

/// The `index`th account of `role`: 32 bytes hashed from both, with no key behind them.
pub fn account(role: Role, index: u32) -> AccountId {
	AccountId::new(blake2_256(&(b"fairshare/populate", role.tag(), index).encode()))
}

/// How many contributors dataset `index` names.
pub fn contributor_count(index: u32) -> u32 {
	CONTRIBUTORS.0 + index % (CONTRIBUTORS.1 - CONTRIBUTORS.0 + 1)
}

/// The content hash of dataset `index`.
pub fn dataset_hash(index: u32) -> DatasetHash {
	H256(blake2_256(&(b"fairshare/populate/dataset", index).encode()))
}

/// How many datasets model `index` is trained on: 1 to `max_datasets_per_model`.
pub fn datasets_of_model(sizes: &Sizes, index: u32) -> u32 {
	1 + index.wrapping_mul(37) % sizes.max_datasets_per_model
}

/// The accounts of each role, in the order they are funded: `(role, count)`.
pub fn accounts(sizes: &Sizes, contributors: u32) -> Result<Vec<(Role, u32)>, String> {
	let named = [
		(Role::Contributor, contributors),
		(Role::DatasetOwner, sizes.datasets),
		(Role::ModelOwner, sizes.models),
		(Role::Consumer, sizes.channels),
	];
	let needed = named.iter().try_fold(0u32, |sum, (_, n)| sum.checked_add(*n));
	let needed = needed.ok_or("the sizes overflow u32")?;
	let holders = sizes.accounts.checked_sub(needed).ok_or_else(|| {
		format!("--accounts must be at least {needed}: the contributors, owners and consumers")
	})?;
	Ok(named.into_iter().chain([(Role::Holder, holders)]).collect())
}

/// Gives `count` accounts of `role`, from `from` on, their funds, as root's `force_set_balance`.
pub fn fund(role: Role, from: u32, count: u32) -> Result<(), String> {
	for index in from..from + count {
		let who = MultiAddress::Id(account(role, index));
		Balances::force_set_balance(RuntimeOrigin::root(), who, role.funds())
			.map_err(|e| format!("funding {role:?} {index}: {e:?}"))?;
	}
	Ok(())
}

/// The salt of dataset `index`'s commitment.
fn salt(index: u32) -> [u8; 32] {
	blake2_256(&(b"fairshare/populate/salt", index).encode())
}

/// The `index`th dataset owner commits to dataset `index`.
pub fn commit_dataset(index: u32) -> Result<(), String> {
	let owner = account(Role::DatasetOwner, index);
	let commitment = DataContribution::commitment_of(&dataset_hash(index), &owner, &salt(index));
	DataContribution::commit_dataset(RuntimeOrigin::signed(owner), commitment)
		.map_err(|e| format!("commit_dataset {index}: {e:?}"))
}

/// Registers dataset `index` with its contributors, from contributor `first` on, in equal shares
/// (the first takes the rounding). Returns how many contributors it named.
pub fn register_dataset(index: u32, first: u32) -> Result<u32, String> {
	let count = contributor_count(index);
	let each = 1_000_000_000 / count;
	let contributors = (0..count)
		.map(|k| {
			let share = if k == 0 { 1_000_000_000 - each * (count - 1) } else { each };
			(account(Role::Contributor, first + k), Perbill::from_parts(share))
		})
		.collect();
	let owner = RuntimeOrigin::signed(account(Role::DatasetOwner, index));
	let terms = LicenceTerms::permissive();
	let hash = dataset_hash(index);
	DataContribution::register_dataset(owner, hash, salt(index), contributors, vec![], terms)
		.map_err(|e| format!("register_dataset {index}: {:?}", e.error))?;
	Ok(count)
}

/// Registers model `index` over the datasets from `cursor` on (wrapping), each of weight 1; every
/// `fine_tune_every`th model is a fine-tune of the model before it. Returns the next cursor.
pub fn register_model(sizes: &Sizes, index: u32, cursor: u32) -> Result<u32, String> {
	let count = datasets_of_model(sizes, index);
	let nth = |k: u32| ((u64::from(cursor) + u64::from(k)) % u64::from(sizes.datasets)) as u32;
	let datasets = (0..count).map(|k| (dataset_hash(nth(k)), 1)).collect();
	let fine_tune = sizes.fine_tune_every > 1 && index % sizes.fine_tune_every == 1;
	let parents = if fine_tune { vec![(ModelId::from(index - 1), ROYALTY)] } else { vec![] };
	let owner = RuntimeOrigin::signed(account(Role::ModelOwner, index));
	DataContribution::register_model(owner, datasets, parents, PRICE, OWNER_SHARE, vec![])
		.map_err(|e| format!("register_model {index}: {:?}", e.error))?;
	Ok(nth(count))
}

/// The `index`th consumer opens a channel to model `index % models`.
pub fn open_channel(sizes: &Sizes, index: u32) -> Result<ChannelId, String> {
	let consumer = RuntimeOrigin::signed(account(Role::Consumer, index));
	let channel = pallet_data_contribution::NextChannelId::<Runtime>::get();
	DataContribution::open_usage(consumer, ModelId::from(index % sizes.models), ESCROW, PRICE)
		.map_err(|e| format!("open_usage {index}: {e:?}"))?;
	Ok(channel)
}

/// The prefix of every key of the pallet's `Positions` map: one key a position.
pub fn positions_prefix() -> [u8; 32] {
	pallet_data_contribution::Positions::<Runtime>::final_prefix()
}

/// Checks `sizes` against the runtime's bounds before anything is written, so that a run does
/// not stop halfway.
pub fn check_sizes(sizes: &Sizes) -> Result<(), String> {
	type Bounds = <Runtime as pallet_data_contribution::Config>::MaxDatasetsPerModel;
	let max_contributors = <Runtime as pallet_data_contribution::Config>::MaxContributors::get();
	if CONTRIBUTORS.1 > max_contributors {
		return Err(format!("datasets of {} contributors exceed MaxContributors", CONTRIBUTORS.1));
	}
	let max_datasets: u32 = Bounds::get();
	if sizes.max_datasets_per_model > max_datasets {
		return Err(format!(
			"--max-datasets-per-model is above MaxDatasetsPerModel, {max_datasets}"
		));
	}
	Ok(())
}

/// The reveal window of a dataset registration, in blocks: models may cite it only after.
pub fn reveal_window() -> u32 {
	<Runtime as pallet_data_contribution::Config>::RevealWindow::get()
}

/// The two pallets' own invariants, their `try_state` checks, run natively over the state:
/// positions against models, the pot, deposits and holds, datasets, channels, lineage and
/// ownership offers (pallet-data-contribution's), and the validator set's.
pub fn check_invariants() -> Result<(), String> {
	DataContribution::do_try_state()
		.map_err(|e| format!("pallet-data-contribution's try_state: {e:?}"))?;
	fairshare_runtime::ValidatorSet::do_try_state()
		.map_err(|e| format!("pallet-validator-set's try_state: {e:?}"))
}

/// Checks that no planck was made or lost: the total issuance is the sum of every account's
/// free and reserved balance. Returns the number of accounts and the issuance.
pub fn check_conservation() -> Result<(u64, Balance), String> {
	let mut accounts = 0u64;
	let mut total: Balance = 0;
	for (_, info) in frame_system::Account::<Runtime>::iter() {
		accounts += 1;
		total = total
			.checked_add(info.data.free)
			.and_then(|t| t.checked_add(info.data.reserved))
			.ok_or("the balances overflow u128")?;
	}
	let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
	if total != issuance {
		return Err(format!("the accounts hold {total} planck, the total issuance is {issuance}"));
	}
	Ok((accounts, issuance))
}
