//! Weights measured on this project's machine: the database weights that every pallet's
//! storage reads and writes are charged at (`scripts/benchmark-db-weights.sh --base-path`, on a
//! state of ten million keys).

// The generated file documents the figures on the struct's fields.
pub mod multisig;
#[allow(unused_doc_comments)]
pub mod paritydb_weights;
