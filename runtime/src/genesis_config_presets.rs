//! Genesis presets: the `development`, `dev-fast` and `local_testnet` chains that the node's
//! `dev`, `dev-fast` and `local` chain specs are built from.

use crate::{
	AccountId, BalancesConfig, CuratorsConfig, GenesisPeriodsConfig, RuntimeGenesisConfig,
	SessionConfig, SessionKeys, SudoConfig, ValidatorSetConfig, UNIT,
};
use alloc::string::ToString;
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// What each endowed development account starts with: one million FAIR.
pub const ENDOWMENT: u128 = 1_000_000 * UNIT;

/// A genesis with `validators` (account and session keys), `endowed` funded, `root` as sudo,
/// and `curators` as the curator council (`Curators`, whose genesis seats them in
/// `CuratorCouncil`). It names no period, so the chain runs with the real ones, and its JSON is
/// what the runtimes before the periods became parameters read too.
///
/// Aura's and GRANDPA's own genesis authorities stay empty: `pallet-session` hands them the
/// validators' keys at genesis and at every session change.
fn genesis(
	validators: Vec<(AccountId, SessionKeys)>,
	endowed: Vec<AccountId>,
	root: AccountId,
	curators: Vec<AccountId>,
) -> Value {
	let curators: frame_support::BoundedVec<_, _> =
		curators.try_into().expect("at most MAX_CURATORS curators; qed");
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.into_iter().map(|account| (account, ENDOWMENT)).collect::<Vec<_>>(),
		},
		validator_set: ValidatorSetConfig {
			validators: validators.iter().map(|(account, _)| account.clone()).collect::<Vec<_>>(),
		},
		session: SessionConfig {
			keys: validators
				.into_iter()
				.map(|(account, keys)| (account.clone(), account, keys))
				.collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
		curators: CuratorsConfig { members: curators },
	})
}

/// A well-known development validator: its account, and its session keys, the Aura (sr25519)
/// and GRANDPA (ed25519) keys derived from the seed `//Name` (what `--alice` and the like insert).
fn validator(name: Sr25519Keyring) -> (AccountId, SessionKeys) {
	let grandpa = Ed25519Keyring::iter()
		.find(|k| k.to_string() == name.to_string())
		.expect("every sr25519 dev keyring has its ed25519 twin; qed");
	let aura: AuraId = name.public().into();
	let grandpa: GrandpaId = grandpa.public().into();
	(name.to_account_id(), SessionKeys { aura, grandpa })
}

/// The development chains' curator council: Alice, Bob and Charlie, so that two of them make a
/// majority and none rules alone.
fn dev_curators() -> Vec<AccountId> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
		.map(|k| k.to_account_id())
		.to_vec()
}

/// The well-known development accounts Alice to Ferdie, with their stash accounts.
fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// `development`: Alice alone validates; Alice to Ferdie are funded; Alice is sudo; Alice, Bob
/// and Charlie are the curator council.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![validator(Sr25519Keyring::Alice)],
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
		dev_curators(),
	)
}

/// The id of the `dev-fast` preset.
pub const DEV_FAST_PRESET: &str = "dev-fast";

/// `dev-fast`: `development` with the periods a few blocks long, for tests that reach the end of
/// a challenge, a channel's closing, a commitment's lifetime or a withdrawal's notice, or carry
/// a referendum. Never a network's: `dev`, `local` and `scripts/new-network.sh` keep the real
/// periods.
pub fn dev_fast_config_genesis() -> Value {
	let periods = GenesisPeriodsConfig {
		challenge_period: Some(FAST_CHALLENGE_PERIOD),
		usage_close_period: Some(FAST_USAGE_CLOSE_PERIOD),
		commitment_lifetime: Some(FAST_COMMITMENT_LIFETIME),
		reveal_window: Some(FAST_REVEAL_WINDOW),
		root_prepare_period: Some(FAST_ROOT_PERIODS.prepare_period),
		root_decision_period: Some(FAST_ROOT_PERIODS.decision_period),
		root_confirm_period: Some(FAST_ROOT_PERIODS.confirm_period),
		root_enactment_period: Some(FAST_ROOT_PERIODS.min_enactment_period),
		..Default::default()
	};
	let mut genesis = development_config_genesis();
	// The field's name in `RuntimeGenesisConfig`'s JSON (camelCase).
	genesis["genesisPeriods"] =
		serde_json::to_value(periods).expect("serialization to json is expected to work. qed.");
	genesis
}

/// `dev-fast`'s challenge period and withdrawal notice: a minute.
pub const FAST_CHALLENGE_PERIOD: u32 = 10;
/// `dev-fast`'s usage-close period: half a minute.
pub const FAST_USAGE_CLOSE_PERIOD: u32 = 5;
/// `dev-fast`'s commitment lifetime: two minutes.
pub const FAST_COMMITMENT_LIFETIME: u32 = 20;
/// `dev-fast`'s reveal window: half a minute.
pub const FAST_REVEAL_WINDOW: u32 = 5;
/// `dev-fast`'s `root` track: a referendum with half the issuance behind it is enacted about six
/// blocks after its decision deposit (2 to prepare, 2 to confirm, 2 before enactment), and
/// times out of its decision after 20.
pub const FAST_ROOT_PERIODS: crate::configs::governance::TrackPeriods =
	crate::configs::governance::TrackPeriods {
		prepare_period: 2,
		decision_period: 20,
		confirm_period: 2,
		min_enactment_period: 2,
	};

/// `local_testnet`: Alice, Bob, Charlie and Dave validate; Alice to Ferdie are funded; Alice is
/// sudo; Alice, Bob and Charlie are the curator council.
pub fn local_config_genesis() -> Value {
	let validators =
		[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave];
	genesis(
		validators.into_iter().map(validator).collect(),
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
		dev_curators(),
	)
}

/// The preset with the given id, as JSON.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		DEV_FAST_PRESET => dev_fast_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// The ids of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(DEV_FAST_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
