//! `fairshare-node populate-state --chain dev --base-path <DIR>`: writes a network-sized state
//! into a new chain's database, for the large-state measurements (docs/scale.md).
//!
//! The state is made by the runtime's own calls, run natively over the database's state, so that
//! every record, deposit and hold is what the pallet's call writes: funding by root's
//! `force_set_balance`, then `commit_dataset`, `register_dataset`, `register_model` and
//! `open_usage` as each owner and consumer. What a signed transaction adds around a call is not
//! there: no signature is checked, no fee paid and no nonce bumped, and no pallet's block hooks
//! run. Each step's writes are one block on top of the best one, with the header `frame_system`
//! makes for a block without extrinsics, imported with its storage changes as they are, and its
//! events dropped; no weight limit applies, which is what makes ten million keys take minutes
//! instead of days of blocks. Those blocks have no body that would re-create their state, so no
//! other node can import them: the database is for measuring on one node (`fairshare-node --dev
//! --base-path <DIR>` runs on it and authors on top), not for a network. It refuses any database
//! but a new development chain's, whose runtime code is the one this node was built with.
//!
//! At the end, the total issuance must be the sum of every account's balance, to the planck.

mod content;

use content::Sizes;
use fairshare_runtime::{opaque::Block, Hash, System};
use sc_cli::{CliConfiguration, DatabaseParams, PruningParams, SharedParams};
use sc_client_api::{backend::Backend as _, HeaderBackend, TrieCacheContext};
use sc_consensus::{BlockImport, BlockImportParams, ForkChoiceStrategy, ImportResult, StateAction};
use sc_service::ChainType;
use sp_consensus::BlockOrigin;
use sp_core::storage::well_known_keys;
use sp_runtime::{traits::Header as _, Digest};
use sp_state_machine::{Backend as _, Ext, IterArgs, OverlayedChanges};
use std::{os::unix::fs::MetadataExt, path::Path, time::Instant};

use crate::service::{FullBackend, FullClient};

/// The state of a block in the node's database.
type StateOf = <FullBackend as sc_client_api::Backend<Block>>::State;

/// Write a network-sized state into a new chain's database (for measurements on one node).
#[derive(Debug, Clone, clap::Parser)]
pub struct PopulateStateCmd {
	/// Funded accounts in all: the contributors (10 a dataset on average), one owner per dataset
	/// and per model, one consumer per channel, and holders of a balance for the rest.
	#[arg(long, default_value_t = 4_000_000)]
	pub accounts: u32,

	/// Datasets, of 4 to 16 contributors each (the runtime's `MaxContributors` is 16).
	#[arg(long, default_value_t = 100_000)]
	pub datasets: u32,

	/// Models, each over 1 to `--max-datasets-per-model` datasets, taking the datasets in turn
	/// (every dataset is in one when the models' datasets add up to at least `--datasets`).
	#[arg(long, default_value_t = 10_000)]
	pub models: u32,

	/// Usage channels, each from a consumer of its own.
	#[arg(long, default_value_t = 100_000)]
	pub channels: u32,

	/// The most datasets a model is trained on (at most the runtime's `MaxDatasetsPerModel`).
	#[arg(long, default_value_t = 100)]
	pub max_datasets_per_model: u32,

	/// One model in this many is a fine-tune of the model before it (0 or 1: none).
	#[arg(long, default_value_t = 10)]
	pub fine_tune_every: u32,

	#[allow(missing_docs)]
	#[clap(flatten)]
	pub shared_params: SharedParams,

	#[allow(missing_docs)]
	#[clap(flatten)]
	pub database_params: DatabaseParams,

	#[allow(missing_docs)]
	#[clap(flatten)]
	pub pruning_params: PruningParams,
}

impl CliConfiguration for PopulateStateCmd {
	fn shared_params(&self) -> &SharedParams {
		&self.shared_params
	}

	fn database_params(&self) -> Option<&DatabaseParams> {
		Some(&self.database_params)
	}

	fn pruning_params(&self) -> Option<&PruningParams> {
		Some(&self.pruning_params)
	}
}

/// Accounts funded per block.
const ACCOUNTS_PER_BLOCK: u32 = 250_000;
/// Datasets committed, then registered, per pair of blocks.
const DATASETS_PER_BLOCK: u32 = 50_000;
/// Models registered per block.
const MODELS_PER_BLOCK: u32 = 1_000;
/// Channels opened per block.
const CHANNELS_PER_BLOCK: u32 = 50_000;

impl PopulateStateCmd {
	fn sizes(&self) -> Result<Sizes, String> {
		let sizes = Sizes {
			accounts: self.accounts,
			datasets: self.datasets,
			models: self.models,
			channels: self.channels,
			max_datasets_per_model: self.max_datasets_per_model,
			fine_tune_every: self.fine_tune_every,
		};
		if sizes.models == 0 || sizes.max_datasets_per_model == 0 {
			return Err("--models and --max-datasets-per-model must be above 0".into());
		}
		if sizes.datasets < sizes.max_datasets_per_model {
			return Err("--datasets must be at least --max-datasets-per-model".into());
		}
		Ok(sizes)
	}

	/// Writes the state, block by block, on top of `client`'s best block, in the database at
	/// `db` (whose size on disk each step reports).
	pub fn run(
		&self,
		client: &FullClient,
		backend: &FullBackend,
		db: &Path,
		chain_type: ChainType,
	) -> Result<(), String> {
		let sizes = self.sizes()?;
		let mut chain = Chain { client, backend, db, blocks: 0, keys: 0 };
		chain.check_new(chain_type)?;
		chain.read(|| content::check_sizes(&sizes))??;
		let started = Instant::now();
		let contributors = (0..sizes.datasets)
			.map(|i| u64::from(content::contributor_count(i)))
			.sum::<u64>();
		let contributors =
			u32::try_from(contributors).map_err(|_| "too many contributors for u32")?;
		let roles = content::accounts(&sizes, contributors)?;
		for (role, count) in roles {
			let step = Instant::now();
			chain.in_blocks(count, ACCOUNTS_PER_BLOCK, |from, n| content::fund(role, from, n))?;
			report(&format!("{count} {role:?} accounts funded"), step, &chain);
		}
		self.datasets(&mut chain, sizes)?;
		let step = Instant::now();
		// Each model takes the datasets after the last one's, so that every dataset is in some.
		let mut cursor = 0;
		chain.in_blocks(sizes.models, MODELS_PER_BLOCK, |from, n| {
			for m in from..from + n {
				cursor = content::register_model(&sizes, m, cursor)?;
			}
			Ok(())
		})?;
		report(&format!("{} models registered", sizes.models), step, &chain);
		let step = Instant::now();
		chain.in_blocks(sizes.channels, CHANNELS_PER_BLOCK, |from, n| {
			(from..from + n).try_for_each(|k| content::open_channel(&sizes, k).map(|_| ()))
		})?;
		report(&format!("{} channels opened", sizes.channels), step, &chain);
		let step = Instant::now();
		chain.read(content::check_invariants)??;
		report("the pallets' try_state checks passed", step, &chain);
		let step = Instant::now();
		let (accounts, issuance) = chain.read(content::check_conservation)??;
		let (keys, positions) = chain.state_keys()?;
		report(
			&format!(
				"conservation checked over {accounts} accounts, {keys} keys counted \
				 ({positions} positions)"
			),
			step,
			&chain,
		);
		println!(
			"{{\"accounts\":{accounts},\"contributors\":{contributors},\"datasets\":{},\"models\":{},\
			 \"channels\":{},\"blocks\":{},\"keysWritten\":{},\"stateKeys\":{keys},\
			 \"issuance\":\"{issuance}\",\"seconds\":{},\"positions\":{positions}}}",
			sizes.datasets,
			sizes.models,
			sizes.channels,
			chain.blocks,
			chain.keys,
			started.elapsed().as_secs()
		);
		Ok(())
	}

	/// Commits to every dataset, registers each in the next block, and waits out the reveal
	/// window with empty blocks, so that models may cite them.
	fn datasets(&self, chain: &mut Chain, sizes: Sizes) -> Result<(), String> {
		let step = Instant::now();
		let mut first_contributor = 0;
		for from in (0..sizes.datasets).step_by(DATASETS_PER_BLOCK as usize) {
			let n = DATASETS_PER_BLOCK.min(sizes.datasets - from);
			chain.block(|| (from..from + n).try_for_each(content::commit_dataset))?;
			chain.block(|| {
				(from..from + n).try_for_each(|i| {
					first_contributor += content::register_dataset(i, first_contributor)?;
					Ok(())
				})
			})?;
		}
		let window = chain.read(content::reveal_window)?;
		for _ in 0..window {
			chain.block(|| Ok(()))?;
		}
		report(&format!("{} datasets registered", sizes.datasets), step, chain);
		Ok(())
	}
}

fn report(what: &str, since: Instant, chain: &Chain) {
	eprintln!(
		"populate-state: {what} in {:.1} s (block {}, {} keys written so far, database {} bytes on disk)",
		since.elapsed().as_secs_f64(),
		chain.blocks,
		chain.keys,
		disk_usage(chain.db)
	);
}

/// The bytes the files under `path` take on disk (allocated blocks, as `du` counts them).
fn disk_usage(path: &Path) -> u64 {
	let Ok(entries) = std::fs::read_dir(path) else { return 0 };
	entries
		.flatten()
		.map(|entry| match entry.metadata() {
			Ok(meta) if meta.is_dir() => disk_usage(&entry.path()),
			Ok(meta) => meta.blocks() * 512,
			Err(_) => 0,
		})
		.sum()
}

/// The chain being written: each `block` runs natively on the best block's state and imports
/// its changes as the next block.
struct Chain<'a> {
	client: &'a FullClient,
	backend: &'a FullBackend,
	db: &'a Path,
	blocks: u32,
	keys: u64,
}

impl Chain<'_> {
	/// Refuses any database but a new one (at genesis) of a development chain whose runtime code
	/// is the one this node was built with: the blocks this writes cannot be imported by other
	/// nodes, and the calls run natively must be the chain's own.
	fn check_new(&self, chain_type: ChainType) -> Result<(), String> {
		let info = self.client.info();
		if chain_type != ChainType::Development || info.best_number != 0 {
			return Err(format!(
				"populate-state writes only into a new development chain's database; \
				 this one is {chain_type:?} at block {}",
				info.best_number
			));
		}
		let code = self.read(|| sp_io::storage::get(well_known_keys::CODE))?;
		if code.as_deref() != fairshare_runtime::WASM_BINARY {
			return Err("the chain's runtime code is not the one this node was built with".into());
		}
		Ok(())
	}

	/// Block `hash`'s state, without the trusted trie cache: nothing bounds what this tool reads
	/// and writes in a block, as a block's size bounds the cache's use in a node.
	fn state_at(&self, hash: Hash) -> Result<StateOf, String> {
		self.backend
			.state_at(hash, TrieCacheContext::Untrusted)
			.map_err(|e| e.to_string())
	}

	/// Runs `f` natively on the best block's state, and drops what it wrote.
	fn read<R>(&self, f: impl FnOnce() -> R) -> Result<R, String> {
		let state = self.state_at(self.client.info().best_hash)?;
		let mut overlay = OverlayedChanges::default();
		let mut ext = Ext::new(&mut overlay, &state, None);
		Ok(sp_externalities::set_and_run_with_externalities(&mut ext, f))
	}

	/// How many keys the best block's state holds (the main trie's), and how many of them are
	/// positions.
	fn state_keys(&self) -> Result<(u64, u64), String> {
		let state = self.state_at(self.client.info().best_hash)?;
		let mut keys = state.keys(IterArgs::default()).map_err(|e| e.to_string())?;
		let positions = content::positions_prefix();
		keys.try_fold((0u64, 0u64), |(all, of_positions), key| {
			let key = key.map_err(|e| e.to_string())?;
			Ok((all + 1, of_positions + u64::from(key.starts_with(&positions))))
		})
	}

	/// `count` items in blocks of at most `per_block`: `f(from, n)` writes items `from..from + n`.
	fn in_blocks(
		&mut self,
		count: u32,
		per_block: u32,
		mut f: impl FnMut(u32, u32) -> Result<(), String>,
	) -> Result<(), String> {
		for from in (0..count).step_by(per_block as usize) {
			self.block(|| f(from, per_block.min(count - from)))?;
		}
		Ok(())
	}

	/// Runs `f` natively in a new block on top of the best one, and imports that block, final.
	fn block(&mut self, f: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
		let info = self.client.info();
		let state = self.state_at(info.best_hash)?;
		let mut overlay = OverlayedChanges::default();
		let header = {
			let mut ext = Ext::new(&mut overlay, &state, None);
			sp_externalities::set_and_run_with_externalities(&mut ext, || {
				System::initialize(&(info.best_number + 1), &info.best_hash, &Digest::default());
				f()?;
				// Events are for clients: a populated block leaves none in the state.
				System::reset_events();
				System::note_finished_extrinsics();
				Ok::<_, String>(System::finalize())
			})?
		};
		let version = fairshare_runtime::VERSION.state_version();
		let changes = overlay.drain_storage_changes(&state, version).map_err(|e| e.to_string())?;
		if changes.transaction_storage_root != *header.state_root() {
			return Err("the state root of the changes is not the one the runtime computed".into());
		}
		self.keys += changes.main_storage_changes.len() as u64;
		let mut import = BlockImportParams::<Block>::new(BlockOrigin::File, header);
		import.body = Some(Vec::new());
		import.state_action =
			StateAction::ApplyChanges(sc_consensus::StorageChanges::Changes(changes));
		import.fork_choice = Some(ForkChoiceStrategy::LongestChain);
		import.finalized = true;
		match futures::executor::block_on(self.client.import_block(import)) {
			Ok(ImportResult::Imported(_)) => {},
			Ok(other) => {
				return Err(format!("block {} was not imported: {other:?}", self.blocks + 1))
			},
			Err(e) => return Err(e.to_string()),
		}
		self.blocks += 1;
		Ok(())
	}
}
