//! The built-in chain specs: `dev`, `dev-fast` and `local`, from the runtime's genesis presets.

use fairshare_runtime::{SS58_PREFIX, TOKEN_DECIMALS, TOKEN_SYMBOL, WASM_BINARY};
use sc_service::{ChainType, Properties};

/// A chain spec for the Fairshare runtime.
pub type ChainSpec = sc_service::GenericChainSpec;

/// The token properties that wallets such as polkadot.js Apps read: symbol, decimals, prefix.
fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

fn chain_spec(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	let wasm = WASM_BINARY.ok_or_else(|| "the runtime Wasm binary is not available".to_string())?;
	Ok(ChainSpec::builder(wasm, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// `dev`: a single validator, Alice.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	chain_spec(
		"Fairshare Development",
		"fairshare_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// `dev-fast`: `dev` with periods of a few blocks, for tests (never a network's).
pub fn development_fast_chain_spec() -> Result<ChainSpec, String> {
	chain_spec(
		"Fairshare Development (fast periods)",
		"fairshare_dev_fast",
		ChainType::Development,
		fairshare_runtime::genesis_config_presets::DEV_FAST_PRESET,
	)
}

/// `local`: four validators, Alice, Bob, Charlie and Dave.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	chain_spec(
		"Fairshare Local Testnet",
		"fairshare_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}
