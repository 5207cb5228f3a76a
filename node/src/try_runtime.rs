//! `fairshare-node try-runtime --runtime <WASM> [--code <WASM>] --uri <RPC>`: a runtime
//! upgrade's checks, run against a live chain's state before the upgrade is authorized.
//!
//! 1. The state of a block (the latest finalized one, or `--at`) is fetched over the node's
//!    JSON-RPC with polkadot-sdk's `frame-remote-externalities`, which checks it against the
//!    block's state root.
//! 2. The new runtime must offer the `TryRuntime` API, keep the chain's `spec_name` and raise
//!    its `spec_version`, as `system.apply_authorized_upgrade` will demand. With `--code`, the
//!    Wasm to enact must declare the very same version (name, spec, impl and transaction
//!    versions) as the checked one, and its hash, the one to authorize, is printed.
//! 3. The new Wasm takes the place of the chain's `:code`, and its
//!    `TryRuntime_on_runtime_upgrade` runs with every check (`UpgradeCheckSelect::All`, whose
//!    encoding the runtime's own metadata gives): each
//!    migration's `pre_upgrade` and `post_upgrade`, and every pallet's `try_state` afterwards.
//!    A failed check panics in the runtime, and the command fails with its message.
//! 4. The upgrade runs a second time over its own result, with no checks: the state must not
//!    change, or a migration would run again (an unversioned hook, say) on a later upgrade.
//!
//! Nothing is written to the chain: the state lives in memory and is dropped. The Wasm must be
//! built with the runtime's `try-runtime` feature (`scripts/build-upgrade-runtime.sh` builds
//! one); the code to enact is the same runtime built without it.

use blake2::{digest::consts::U8, Blake2b, Digest};
use codec::{Decode, Encode};
use frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed};
use frame_remote_externalities::{Builder, Mode, OnlineConfig, RemoteExternalities};
use sc_executor::{RuntimeVersion, RuntimeVersionOf, WasmExecutor};
use scale_info::TypeDef;
use sp_core::{
	storage::well_known_keys,
	traits::{CallContext, ReadRuntimeVersionExt, RuntimeCode, WrappedRuntimeCode},
	H256,
};
use sp_runtime::Weight;
use sp_state_machine::{OverlayedChanges, StateMachine};
use std::path::{Path, PathBuf};

use fairshare_runtime::opaque::Block;

/// Run a runtime upgrade's checks (migrations and `try_state`) against a live chain's state.
#[derive(Debug, Clone, clap::Parser)]
pub struct TryRuntimeCmd {
	/// The new runtime's Wasm, built with the runtime's `try-runtime` feature.
	#[arg(long)]
	pub runtime: PathBuf,

	/// The Wasm to enact (the same runtime without `try-runtime`): checked to declare the same
	/// version as `--runtime`; its hash is the one to authorize.
	#[arg(long)]
	pub code: Option<PathBuf>,

	/// The JSON-RPC endpoint of a node of the chain (an archive node for an old `--at`).
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	pub uri: String,

	/// The block whose state is checked (0x-prefixed hash); the latest finalized one by default.
	#[arg(long)]
	pub at: Option<H256>,
}

type Executor = WasmExecutor<sp_io::SubstrateHostFunctions>;

impl TryRuntimeCmd {
	/// Fetches the state, checks the versions and runs the upgrade with every check.
	pub fn run(&self) -> sc_cli::Result<()> {
		let code = read(&self.runtime)?;
		let tokio = tokio::runtime::Builder::new_multi_thread()
			.enable_all()
			.build()
			.map_err(|e| format!("cannot start the async runtime: {e}"))?;
		let mut ext = tokio.block_on(self.live_state())?;
		let executor = Executor::builder().build();

		let on_chain = ext
			.execute_with(|| sp_io::storage::get(well_known_keys::CODE))
			.ok_or("the chain's state has no :code")?;
		let old = runtime_version(&executor, &mut ext, &on_chain)?;
		let new = runtime_version(&executor, &mut ext, &code)?;
		println!(
			"try-runtime: block #{} {:?}; on chain {} v{}, new {} v{}",
			ext.header.number,
			ext.header.hash(),
			old.spec_name,
			old.spec_version,
			new.spec_name,
			new.spec_version
		);
		ensure_upgrade(&old, &new)?;
		self.ensure_try_runtime_api(&new)?;
		if let Some(path) = &self.code {
			let enact = read(path)?;
			ensure_same_version(path, &runtime_version(&executor, &mut ext, &enact)?, &new)?;
			println!(
				"try-runtime: code to authorize {}: 0x{}",
				path.display(),
				hex::encode(sp_io::hashing::blake2_256(&enact))
			);
		}

		ext.insert(well_known_keys::CODE.to_vec(), code.clone());
		ext.commit_all().map_err(|e| format!("cannot put the new code in place: {e}"))?;
		check_upgrade(Upgrade::new(&executor, &mut ext, &code))
	}

	/// Fails unless the runtime to check offers the `TryRuntime` API.
	fn ensure_try_runtime_api(&self, new: &RuntimeVersion) -> sc_cli::Result<()> {
		// A runtime API's id is the BLAKE2b-64 of its trait's name.
		let try_runtime_api: [u8; 8] = Blake2b::<U8>::digest(b"TryRuntime").into();
		if new.apis.iter().any(|(id, _)| *id == try_runtime_api) {
			return Ok(());
		}
		Err(format!(
			"{} has no TryRuntime API: build it with `--features try-runtime`",
			self.runtime.display()
		)
		.into())
	}

	/// The state of the chosen block, every key, fetched over RPC.
	async fn live_state(&self) -> sc_cli::Result<RemoteExternalities<Block>> {
		let config = OnlineConfig {
			at: self.at,
			transport_uris: vec![self.uri.clone()],
			..Default::default()
		};
		Builder::<Block>::new()
			.mode(Mode::Online(config))
			.build()
			.await
			.map_err(|e| format!("cannot fetch the state from {}: {e:?}", self.uri).into())
	}
}

/// Fails unless `new` may replace `old`, as `system.apply_authorized_upgrade` demands: the same
/// `spec_name` and a higher `spec_version`.
fn ensure_upgrade(old: &RuntimeVersion, new: &RuntimeVersion) -> sc_cli::Result<()> {
	if new.spec_name != old.spec_name {
		let (new_name, old_name) = (&new.spec_name, &old.spec_name);
		return Err(format!("the new runtime is `{new_name}`, not `{old_name}`").into());
	}
	if new.spec_version <= old.spec_version {
		return Err(format!(
			"the new spec_version {} is not above the chain's {}",
			new.spec_version, old.spec_version
		)
		.into());
	}
	Ok(())
}

/// Fails unless the Wasm to enact (at `path`, declaring `enacted`) declares the very version of
/// the checked runtime (`checked`): name, spec, impl and transaction versions.
fn ensure_same_version(
	path: &Path,
	enacted: &RuntimeVersion,
	checked: &RuntimeVersion,
) -> sc_cli::Result<()> {
	let version = |v: &RuntimeVersion| {
		(v.spec_name.clone(), v.spec_version, v.impl_version, v.transaction_version)
	};
	if version(enacted) == version(checked) {
		return Ok(());
	}
	Err(format!(
		"{} declares {:?}, not the checked runtime's {:?}",
		path.display(),
		version(enacted),
		version(checked)
	)
	.into())
}

/// Runs the upgrade with every check, then once more without checks over its own result, which
/// must leave the state as it was; fails if the migrations weigh more than a block.
fn check_upgrade(mut upgrade: Upgrade<'_>) -> sc_cli::Result<()> {
	let (all, none) = (upgrade.check_selection("All")?, upgrade.check_selection("None")?);
	let output = upgrade.run(&all)?;
	let (used, limit) = <(Weight, Weight)>::decode(&mut &output[..])
		.map_err(|e| format!("cannot decode the upgrade's weight: {e}"))?;
	let once = upgrade.state_root();
	upgrade.run(&none)?;
	if upgrade.state_root() != once {
		return Err("the upgrade is not idempotent: running it again changed the state".into());
	}
	println!(
		"try-runtime: on_runtime_upgrade passed every check (pre_upgrade, post_upgrade, \
		 try_state): weight {} ps, {} bytes of proof, of a block's {} ps ({:.2}%)",
		used.ref_time(),
		used.proof_size(),
		limit.ref_time(),
		100.0 * used.ref_time() as f64 / limit.ref_time().max(1) as f64
	);
	println!("try-runtime: a second run over the result changed nothing");
	if used.any_gt(limit) {
		return Err("the upgrade's migrations weigh more than a block".into());
	}
	Ok(())
}

/// The `RuntimeCode` of a Wasm blob.
fn runtime_code<'a>(code: &[u8], fetcher: &'a WrappedRuntimeCode<'_>) -> RuntimeCode<'a> {
	let hash = sp_io::hashing::blake2_256(code).to_vec();
	RuntimeCode { code_fetcher: fetcher, heap_pages: None, hash }
}

/// The version a Wasm blob declares.
fn runtime_version(
	executor: &Executor,
	ext: &mut RemoteExternalities<Block>,
	code: &[u8],
) -> sc_cli::Result<RuntimeVersion> {
	let fetcher = WrappedRuntimeCode(code.into());
	executor
		.runtime_version(&mut ext.ext(), &runtime_code(code, &fetcher))
		.map_err(|e| format!("cannot read the runtime's version: {e}").into())
}

/// Reads a Wasm file.
fn read(path: &Path) -> sc_cli::Result<Vec<u8>> {
	std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()).into())
}

/// `TryRuntime_on_runtime_upgrade` of a runtime over the externalities' state, with the changes
/// of each run kept in one overlay, so that a run sees the ones before it.
struct Upgrade<'a> {
	executor: &'a Executor,
	ext: &'a mut RemoteExternalities<Block>,
	code: &'a [u8],
	fetcher: WrappedRuntimeCode<'a>,
	overlay: OverlayedChanges<sp_runtime::traits::BlakeTwo256>,
}

impl<'a> Upgrade<'a> {
	fn new(
		executor: &'a Executor,
		ext: &'a mut RemoteExternalities<Block>,
		code: &'a [u8],
	) -> Self {
		let state = &mut ext.inner_ext;
		state.extensions.register(ReadRuntimeVersionExt::new(executor.clone()));
		Self {
			executor,
			ext,
			code,
			fetcher: WrappedRuntimeCode(code.into()),
			overlay: OverlayedChanges::default(),
		}
	}

	/// Runs the upgrade with the encoded `checks` (see [`Self::check_selection`]); returns the
	/// encoded `(weight, block limit)`.
	fn run(&mut self, checks: &[u8]) -> sc_cli::Result<Vec<u8>> {
		self.call("TryRuntime_on_runtime_upgrade", checks)
			.map_err(|e| format!("the upgrade failed its checks: {e}").into())
	}

	/// Calls the runtime's `method` with the encoded `input`; returns its encoded output.
	fn call(&mut self, method: &str, input: &[u8]) -> Result<Vec<u8>, String> {
		let state = &mut self.ext.inner_ext;
		let runtime_code = runtime_code(self.code, &self.fetcher);
		let output = StateMachine::new(
			&state.backend,
			&mut self.overlay,
			self.executor,
			method,
			input,
			&mut state.extensions,
			&runtime_code,
			CallContext::Offchain,
		)
		.execute();
		output.map_err(|e| e.to_string())
	}

	/// The encoding of the checks named `name` (`All`, `None`, ...): the index of that variant
	/// of the argument of `TryRuntime_on_runtime_upgrade` (`UpgradeCheckSelect`, which exists
	/// only in `try-runtime` builds of FRAME), read from the runtime's own metadata.
	fn check_selection(&mut self, name: &str) -> sc_cli::Result<Vec<u8>> {
		let output = self
			.call("Metadata_metadata_at_version", &15u32.encode())
			.map_err(|e| format!("cannot read the runtime's metadata: {e}"))?;
		let bytes = Option::<Vec<u8>>::decode(&mut &output[..])
			.map_err(|e| format!("cannot decode the runtime's metadata: {e}"))?
			.ok_or("the runtime offers no metadata of version 15")?;
		let metadata = match RuntimeMetadataPrefixed::decode(&mut &bytes[..]) {
			Ok(RuntimeMetadataPrefixed(_, RuntimeMetadata::V15(metadata))) => metadata,
			_ => return Err("cannot decode the runtime's metadata of version 15".into()),
		};
		let param = metadata
			.apis
			.iter()
			.find(|api| api.name == "TryRuntime")
			.and_then(|api| api.methods.iter().find(|m| m.name == "on_runtime_upgrade"))
			.and_then(|method| method.inputs.first())
			.ok_or("the runtime's metadata has no TryRuntime_on_runtime_upgrade argument")?;
		let variant = match metadata.types.resolve(param.ty.id).map(|ty| &ty.type_def) {
			Some(TypeDef::Variant(def)) => {
				def.variants.iter().find(|v| v.name == name && v.fields.is_empty())
			},
			_ => None,
		};
		let variant = variant.ok_or_else(|| format!("the runtime's checks have no `{name}`"))?;
		Ok(vec![variant.index])
	}

	/// The state root of the state with every run's changes.
	fn state_root(&mut self) -> H256 {
		let state = &self.ext.inner_ext;
		self.overlay.storage_root(&state.backend, state.state_version).0
	}
}
