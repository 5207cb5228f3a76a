//! The command line: `fairshare-node [SUBCOMMAND] [OPTIONS]`.

/// The node's subcommands besides running it.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management CLI utilities.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification.
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export the chain specification.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Print the blake2-256 content hash of a dataset file or directory, to register on chain.
	HashDataset(crate::hash_dataset::HashDatasetCmd),

	/// Check offline an inclusion proof that `hash-dataset --prove` printed: exit 0 when it shows
	/// its file in its dataset, 1 with the reason when not.
	VerifyInclusion(crate::inclusion::VerifyInclusionCmd),

	/// Check usage receipts' signatures for an operator's gateway, natively and by the runtime's
	/// own rule: batches on stdin, verdicts on stdout (see the module's documentation).
	VerifyReceipts(crate::verify_receipts::VerifyReceiptsCmd),

	/// Run a runtime upgrade's checks (its migrations and every pallet's `try_state`) against a
	/// live chain's state, before the upgrade is authorized.
	TryRuntime(crate::try_runtime::TryRuntimeCmd),

	/// Write a network-sized state (accounts, datasets, models, positions, channels) into a new
	/// chain's database, through the runtime's own calls, for measurements on one node.
	PopulateState(crate::populate::PopulateStateCmd),

	/// Sub-commands concerned with benchmarking (built with `--features runtime-benchmarks`).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Db meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),
}

/// The node's command line.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// A subcommand; without one, the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// The options of a running node.
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// Do not measure the machine at start (one to a few seconds of hashing, copying memory and
	/// writing a few hundred MiB, flushed, in the database's directory), nor warn a validator
	/// whose machine is below the reference hardware.
	#[arg(long)]
	pub no_hardware_benchmarks: bool,
}
