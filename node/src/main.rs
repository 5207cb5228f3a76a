//! `fairshare-node`: the Fairshare validator node.

#![warn(missing_docs)]

mod chain_spec;
mod cli;
mod command;
mod hash_dataset;
mod rpc;
mod service;
mod try_runtime;

fn main() -> sc_cli::Result<()> {
	command::run()
}
