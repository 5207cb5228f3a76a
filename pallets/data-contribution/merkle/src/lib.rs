//! The Merkle rules of a dataset's hash, one source for the node's `hash-dataset` and
//! `verify-inclusion` commands and for the runtime: the root over a directory's files, and the
//! proof that one file, by its path and content, is among them.
//!
//! # The root
//!
//! 1. Each file's path relative to the directory, with `/` separators, is taken as bytes; the
//!    files are sorted by these bytes.
//! 2. Each file is a leaf: `blake2b-256(0x00 ‖ u64_le(path length) ‖ path ‖
//!    blake2b-256(content))`.
//! 3. Each level pairs neighbours: `blake2b-256(0x01 ‖ left ‖ right)`; an odd last node moves up
//!    unchanged. The last node standing is the root.
//! 4. A directory with no files has the root `blake2b-256(0x02)`.
//!
//! The prefixes 0x00, 0x01 and 0x02 keep leaves, inner nodes and the empty root apart, so no
//! inner node can pass for a leaf.
//!
//! # An inclusion proof
//!
//! The siblings met on the way from a file's leaf up to the root, lowest first, each on its
//! side: `Left(h)` hashes as `0x01 ‖ h ‖ node`, `Right(h)` as `0x01 ‖ node ‖ h`. A level where
//! the node is the odd last one adds no sibling, since the node moves up unchanged. So a proof of
//! one of `n` files has at most ⌈log₂ n⌉ siblings.
//!
//! What a proof shows: that the tree whose root was registered holds a leaf of that path and
//! content. It binds no position and no file count, so it says nothing of what else the tree
//! holds: a registrant who builds a tree by hand may put any leaves in it, even one path twice.
//! Two more limits for a verifier that takes proofs from anyone:
//! - bound the path's length and the siblings before hashing (weight grows with both);
//! - check proofs only against a directory's root. A single file's hash is `blake2b-256(content)`
//!   with no prefix, so a file whose bytes are a leaf's encoding has a hash that a proof of no
//!   siblings leads to.
//!
//! Hashing goes through `sp_io::hashing`: natively in the node, a host function in the runtime.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

#[cfg(test)]
mod tests;

/// A 32-byte blake2b-256 digest.
pub type Digest32 = [u8; 32];

const LEAF: u8 = 0x00;
const NODE: u8 = 0x01;
const EMPTY: u8 = 0x02;

/// The most siblings a proof may have anywhere: a tree of 2⁶⁴ files, more than a `u64` counts.
/// The runtime bounds its own, lower.
pub const MAX_DEPTH: usize = 64;

/// One sibling of an inclusion proof, on the side it hashes from.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Sibling {
	/// The sibling is the left half: `0x01 ‖ sibling ‖ node`.
	Left(Digest32),
	/// The sibling is the right half: `0x01 ‖ node ‖ sibling`.
	Right(Digest32),
}

fn hash(parts: &[&[u8]]) -> Digest32 {
	let mut data = Vec::with_capacity(parts.iter().map(|part| part.len()).sum());
	for part in parts {
		data.extend_from_slice(part);
	}
	sp_io::hashing::blake2_256(&data)
}

/// A file's leaf: `blake2b-256(0x00 ‖ u64_le(path length) ‖ path ‖ content hash)`.
pub fn leaf(path: &[u8], content: &Digest32) -> Digest32 {
	hash(&[&[LEAF], &(path.len() as u64).to_le_bytes(), path, content])
}

/// An inner node over two children: `blake2b-256(0x01 ‖ left ‖ right)`.
pub fn node(left: &Digest32, right: &Digest32) -> Digest32 {
	hash(&[&[NODE], left, right])
}

/// The root of a directory with no files: `blake2b-256(0x02)`.
pub fn empty_root() -> Digest32 {
	hash(&[&[EMPTY]])
}

/// The level above `level`: neighbours paired, an odd last node moved up unchanged.
fn parents(level: &[Digest32]) -> Vec<Digest32> {
	level
		.chunks(2)
		.map(|pair| match pair {
			[left, right] => node(left, right),
			[odd] => *odd,
			_ => unreachable!("chunks(2) yields one or two items"),
		})
		.collect()
}

/// The Merkle root over `leaves`, in order; [`empty_root`] for none.
pub fn root(leaves: Vec<Digest32>) -> Digest32 {
	let mut level = leaves;
	if level.is_empty() {
		return empty_root();
	}
	while level.len() > 1 {
		level = parents(&level);
	}
	level[0]
}

/// The proof of leaf `index` among `leaves`: its siblings, lowest first. `None` when there is
/// no such leaf.
pub fn prove(leaves: &[Digest32], index: usize) -> Option<Vec<Sibling>> {
	if index >= leaves.len() {
		return None;
	}
	let mut level = leaves.to_vec();
	let mut at = index;
	let mut siblings = Vec::new();
	while level.len() > 1 {
		match (at % 2, level.get(at ^ 1)) {
			(0, Some(right)) => siblings.push(Sibling::Right(*right)),
			(_, Some(left)) => siblings.push(Sibling::Left(*left)),
			// The odd last node: it moves up unchanged.
			(_, None) => {},
		}
		level = parents(&level);
		at /= 2;
	}
	Some(siblings)
}

/// The root that `siblings` lead to from `leaf`.
pub fn root_from(leaf: Digest32, siblings: &[Sibling]) -> Digest32 {
	siblings.iter().fold(leaf, |at, sibling| match sibling {
		Sibling::Left(left) => node(left, &at),
		Sibling::Right(right) => node(&at, right),
	})
}

/// Why a proof does not show its file in a dataset.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ProofError {
	/// More siblings than `max_depth`.
	TooDeep,
	/// The siblings lead from the file's leaf to another root.
	WrongRoot,
}

/// Whether the file at `path` with content hash `content` is in the dataset of root `root`,
/// by `siblings`, which may number at most `max_depth` (and never more than [`MAX_DEPTH`]).
pub fn verify(
	root: &Digest32,
	path: &[u8],
	content: &Digest32,
	siblings: &[Sibling],
	max_depth: usize,
) -> Result<(), ProofError> {
	if siblings.len() > max_depth.min(MAX_DEPTH) {
		return Err(ProofError::TooDeep);
	}
	if root_from(leaf(path, content), siblings) != *root {
		return Err(ProofError::WrongRoot);
	}
	Ok(())
}
