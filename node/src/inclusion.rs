//! Inclusion proofs as JSON, made by `fairshare-node hash-dataset DIR --prove RELPATH`, and
//! `fairshare-node verify-inclusion PROOF.json`, which checks one offline by the rules of
//! `pallet-data-contribution-merkle`:
//!
//! ```json
//! {"root":"0x…","path":"a/x.csv","content":"0x…","siblings":[{"right":"0x…"},{"left":"0x…"}]}
//! ```
//!
//! `root` is the dataset's hash, `path` the file's path relative to the dataset's directory,
//! `content` the file's blake2-256, and `siblings` the proof, lowest first, each on its side: the
//! JSON that polkadot.js reads as the crate's SCALE `Sibling` enum.

use pallet_data_contribution_merkle::{self as merkle, Digest32, ProofError, Sibling};
use serde_json::{Map, Value};
use std::path::PathBuf;

/// The proof that the file at `path`, of content hash `content`, is in the dataset `root`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proof {
	/// The dataset's hash: the Merkle root over its files.
	pub root: Digest32,
	/// The file's path relative to the dataset's directory, with `/` separators.
	pub path: String,
	/// The file's blake2-256.
	pub content: Digest32,
	/// The siblings from the file's leaf to the root, lowest first.
	pub siblings: Vec<Sibling>,
}

fn hex32(digest: &Digest32) -> String {
	format!("0x{}", hex::encode(digest))
}

impl Proof {
	/// The proof as one line of JSON, its fields in the documented order.
	pub fn to_json(&self) -> String {
		let siblings: Vec<String> = self
			.siblings
			.iter()
			.map(|sibling| match sibling {
				Sibling::Left(hash) => format!(r#"{{"left":"{}"}}"#, hex32(hash)),
				Sibling::Right(hash) => format!(r#"{{"right":"{}"}}"#, hex32(hash)),
			})
			.collect();
		format!(
			r#"{{"root":"{}","path":{},"content":"{}","siblings":[{}]}}"#,
			hex32(&self.root),
			Value::String(self.path.clone()),
			hex32(&self.content),
			siblings.join(",")
		)
	}

	/// Reads a proof from its JSON, refusing any other shape with the reason.
	pub fn from_json(text: &str) -> Result<Self, String> {
		let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
		let object = value.as_object().ok_or("not a JSON object")?;
		only_keys(object, &["root", "path", "content", "siblings"], "the proof")?;
		let field = |name: &str| object.get(name).ok_or_else(|| format!("no \"{name}\""));
		let siblings = field("siblings")?.as_array().ok_or("\"siblings\" is not an array")?;
		if siblings.len() > merkle::MAX_DEPTH {
			return Err(format!(
				"{} siblings: a proof has at most {}",
				siblings.len(),
				merkle::MAX_DEPTH
			));
		}
		Ok(Self {
			root: digest(field("root")?, "root")?,
			path: field("path")?.as_str().ok_or("\"path\" is not a string")?.to_owned(),
			content: digest(field("content")?, "content")?,
			siblings: siblings.iter().enumerate().map(sibling).collect::<Result<_, _>>()?,
		})
	}

	/// Whether the proof leads from its file to its root.
	pub fn verify(&self) -> Result<(), ProofError> {
		let Self { root, path, content, siblings } = self;
		merkle::verify(root, path.as_bytes(), content, siblings, merkle::MAX_DEPTH)
	}
}

fn only_keys(object: &Map<String, Value>, keys: &[&str], what: &str) -> Result<(), String> {
	match object.keys().find(|key| !keys.contains(&key.as_str())) {
		Some(key) => Err(format!("{what} has an unknown field \"{key}\"")),
		None => Ok(()),
	}
}

/// A `0x`-prefixed 32-byte hex string.
fn digest(value: &Value, name: &str) -> Result<Digest32, String> {
	let bad = || format!("\"{name}\" is not a 0x-prefixed 32-byte hex string");
	let text = value.as_str().ok_or_else(bad)?;
	let bytes = hex::decode(text.strip_prefix("0x").ok_or_else(bad)?).map_err(|_| bad())?;
	bytes.try_into().map_err(|_| bad())
}

fn sibling((at, value): (usize, &Value)) -> Result<Sibling, String> {
	let what = format!("sibling {at}");
	let object = value
		.as_object()
		.filter(|object| object.len() == 1)
		.ok_or_else(|| format!("{what} is not {{\"left\": \"0x…\"}} or {{\"right\": \"0x…\"}}"))?;
	only_keys(object, &["left", "right"], &what)?;
	match (object.get("left"), object.get("right")) {
		(Some(hash), _) => Ok(Sibling::Left(digest(hash, &what)?)),
		(_, Some(hash)) => Ok(Sibling::Right(digest(hash, &what)?)),
		(None, None) => unreachable!("one key, left or right"),
	}
}

/// Check an inclusion proof offline: whether it shows its file in its dataset.
#[derive(Debug, Clone, clap::Parser)]
pub struct VerifyInclusionCmd {
	/// The proof, as `hash-dataset DIR --prove RELPATH` prints it.
	pub proof: PathBuf,
}

impl VerifyInclusionCmd {
	/// Prints what the proof shows and exits 0, or why it shows nothing and exits 1.
	pub fn run(&self) -> sc_cli::Result<()> {
		match self.check() {
			Ok(message) => {
				println!("{message}");
				Ok(())
			},
			Err(message) => {
				eprintln!("error: {message}");
				std::process::exit(1);
			},
		}
	}

	fn check(&self) -> Result<String, String> {
		let name = self.proof.display();
		let text =
			std::fs::read_to_string(&self.proof).map_err(|e| format!("cannot read {name}: {e}"))?;
		let proof = Proof::from_json(&text).map_err(|e| format!("{name}: {e}"))?;
		match proof.verify() {
			Ok(()) => Ok(format!(
				"ok: {:?} with content {} is in the dataset {} ({} siblings)",
				proof.path,
				hex32(&proof.content),
				hex32(&proof.root),
				proof.siblings.len()
			)),
			Err(ProofError::TooDeep) => {
				Err(format!("{name}: more siblings than {}", merkle::MAX_DEPTH))
			},
			Err(ProofError::WrongRoot) => Err(format!(
				"{name}: the siblings lead from {:?} with content {} to {}, not to the root {}",
				proof.path,
				hex32(&proof.content),
				hex32(&merkle::root_from(
					merkle::leaf(proof.path.as_bytes(), &proof.content),
					&proof.siblings
				)),
				hex32(&proof.root)
			)),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::hash_dataset::{hash_path, prove_file};
	use blake2::{digest::consts::U32, Blake2b, Digest};
	use std::fs;

	/// A directory of `n` files, some nested.
	fn directory(n: usize) -> tempfile::TempDir {
		let dir = tempfile::tempdir().unwrap();
		for i in 0..n {
			let path = dir.path().join(format!("part-{}/file-{i:04}.txt", i % 3));
			fs::create_dir_all(path.parent().unwrap()).unwrap();
			fs::write(path, format!("row {i}\n")).unwrap();
		}
		dir
	}

	fn check(proof: &Proof) -> Result<String, String> {
		let dir = tempfile::tempdir().unwrap();
		let file = dir.path().join("proof.json");
		fs::write(&file, proof.to_json()).unwrap();
		VerifyInclusionCmd { proof: file }.check()
	}

	#[test]
	fn a_proof_of_each_file_leads_to_the_hash_hash_dataset_prints() {
		for n in [1, 2, 5] {
			let dir = directory(n);
			let hash = hash_path(dir.path()).unwrap().hash;
			for i in 0..n {
				let relative = format!("part-{}/file-{i:04}.txt", i % 3);
				let proof = prove_file(dir.path(), &relative).unwrap();
				assert_eq!(proof.root, hash);
				let content: [u8; 32] = Blake2b::<U32>::digest(format!("row {i}\n")).into();
				assert_eq!(proof.content, content);
				assert_eq!(Proof::from_json(&proof.to_json()).unwrap(), proof);
				assert!(check(&proof).unwrap().starts_with("ok: "), "file {i} of {n}");
			}
		}
	}

	#[test]
	fn a_proof_grows_with_log2_of_the_file_count() {
		let dir = directory(1000);
		let first = prove_file(dir.path(), "part-0/file-0000.txt").unwrap();
		let last = prove_file(dir.path(), "part-0/file-0999.txt").unwrap();
		assert!(first.siblings.len() <= 10 && last.siblings.len() <= 10);
		assert!(check(&first).is_ok() && check(&last).is_ok());
	}

	#[test]
	fn a_tampered_proof_fails_and_says_where_it_leads() {
		let dir = directory(5);
		let proof = prove_file(dir.path(), "part-1/file-0001.txt").unwrap();
		let mut other = proof.clone();
		other.path = "part-1/file-0004.txt".into();
		let error = check(&other).unwrap_err();
		assert!(error.contains("not to the root"), "{error}");
		let mut other = proof.clone();
		other.content[0] ^= 1;
		assert!(check(&other).is_err());
		let mut other = proof;
		other.siblings[0] = match other.siblings[0] {
			Sibling::Left(h) => Sibling::Right(h),
			Sibling::Right(h) => Sibling::Left(h),
		};
		assert!(check(&other).is_err());
	}

	#[test]
	fn bad_requests_are_named() {
		let dir = directory(3);
		let missing = prove_file(dir.path(), "part-0/nope.txt").unwrap_err();
		assert!(missing.contains("no file \"part-0/nope.txt\""), "{missing}");
		let file = dir.path().join("part-0/file-0000.txt");
		let single = prove_file(&file, "x").unwrap_err();
		assert!(single.contains("needs a directory"), "{single}");

		let good = prove_file(dir.path(), "part-0/file-0000.txt").unwrap().to_json();
		for (text, reason) in [
			("[]", "not a JSON object"),
			("{", "not JSON"),
			(&good.replace("\"root\"", "\"rot\""), "unknown field \"rot\""),
			(&good.replace("\"0x", "\""), "not a 0x-prefixed 32-byte hex string"),
			(
				&good.replace("\"left\"", "\"up\"").replace("\"right\"", "\"up\""),
				"unknown field \"up\"",
			),
			(r#"{"root":"0x00","path":"a","content":"0x00","siblings":[]}"#, "\"root\" is not"),
		] {
			let error = Proof::from_json(text).unwrap_err();
			assert!(error.contains(reason), "{text}: {error}");
		}
		let deep = format!(
			r#"{{"root":"0x{z}","path":"a","content":"0x{z}","siblings":[{s}]}}"#,
			z = "00".repeat(32),
			s = vec![format!(r#"{{"left":"0x{}"}}"#, "00".repeat(32)); merkle::MAX_DEPTH + 1]
				.join(",")
		);
		assert!(Proof::from_json(&deep).unwrap_err().contains("at most 64"));
		let unreadable = VerifyInclusionCmd { proof: "/nonexistent/proof.json".into() }.check();
		assert!(unreadable.unwrap_err().contains("cannot read /nonexistent/proof.json"));
	}
}
