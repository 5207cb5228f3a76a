//! `fairshare-node`: the Fairshare validator node.

#![warn(missing_docs)]
// Every sc-cli entry point returns polkadot-sdk's `sc_cli::Error`, a large enum; the node's own
// functions pass it on rather than box it.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod hardware;
mod hash_dataset;
mod inclusion;
mod populate;
mod rpc;
mod service;
mod try_runtime;
mod verify_receipts;

fn main() -> sc_cli::Result<()> {
	command::run()
}
