//! Weights measured on this project's machine: the database weights that every pallet's
//! storage reads and writes are charged at (`scripts/benchmark-db-weights.sh --base-path`, on a
//! state of ten million keys), and the declarations of polkadot-sdk pallets' calls that the
//! runtime charges more than their own benchmarks measured.

// The generated file documents the figures on the struct's fields.
pub mod dispatch_for;
pub mod multisig;
#[allow(unused_doc_comments)]
pub mod paritydb_weights;
