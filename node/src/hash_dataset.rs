//! `fairshare-node hash-dataset <PATH>`: the blake2-256 content hash of a dataset, the id under
//! which `DataContribution::register_dataset` registers it; with `--prove RELPATH`, the proof
//! that one file of a directory is in it, which `fairshare-node verify-inclusion` checks.
//!
//! # The hash
//!
//! - **A file**: `blake2b-256(content)`, the same digest as `b2sum --length 256`.
//! - **A directory**: a Merkle root over every regular file below it, so that the result
//!   depends only on the files' relative paths and contents, never on the file system's order,
//!   timestamps, permissions or the machine. Its rules, and the proofs', are
//!   `pallet-data-contribution-merkle`'s, a `no_std` crate: each file is a leaf of its
//!   path relative to the directory (with `/` separators, sorted by their bytes) and its content
//!   hash, and neighbours pair level by level.
//!
//! Symbolic links are refused rather than followed, so that a hash never depends on what lies
//! outside the directory. Content is streamed through a fixed 1 MiB buffer, so memory stays flat
//! whatever a file's size.

use crate::inclusion::Proof;
use blake2::{digest::consts::U32, Blake2b, Digest};
use pallet_data_contribution_merkle as merkle;
use std::{
	fs::File,
	io::{self, Read},
	path::{Path, PathBuf},
};

type Blake2b256 = Blake2b<U32>;

/// A 32-byte digest.
pub type Digest32 = merkle::Digest32;

const BUFFER: usize = 1 << 20;

/// Print the blake2-256 content hash of a dataset file or directory.
#[derive(Debug, Clone, clap::Parser)]
pub struct HashDatasetCmd {
	/// The dataset: a file, or a directory whose files are hashed into a Merkle root.
	pub path: PathBuf,

	/// Print JSON: `{"hash": "0x…", "files": N, "bytes": N}`.
	#[arg(long)]
	pub json: bool,

	/// Print instead the inclusion proof of the file at RELPATH (relative to the directory, with
	/// `/` separators), as JSON: `{"root": "0x…", "path": "…", "content": "0x…", "siblings":
	/// [{"left": "0x…"} or {"right": "0x…"}, …]}`, lowest sibling first.
	#[arg(long, value_name = "RELPATH", conflicts_with = "json")]
	pub prove: Option<String>,
}

/// The content hash of a dataset, with what it covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetDigest {
	/// The hash to register.
	pub hash: Digest32,
	/// How many files it covers.
	pub files: u64,
	/// How many content bytes it covers.
	pub bytes: u64,
}

impl HashDatasetCmd {
	/// Prints the hash; on bad input, prints the reason and exits non-zero.
	pub fn run(&self) -> sc_cli::Result<()> {
		let output = match &self.prove {
			Some(relative) => prove_file(&self.path, relative).map(|proof| proof.to_json()),
			None => hash_path(&self.path).map(|digest| self.render(&digest)),
		};
		match output {
			Ok(text) => {
				println!("{text}");
				Ok(())
			},
			Err(message) => {
				eprintln!("error: {message}");
				std::process::exit(1);
			},
		}
	}

	fn render(&self, digest: &DatasetDigest) -> String {
		let hash = format!("0x{}", hex::encode(digest.hash));
		if self.json {
			serde_json::json!({ "hash": hash, "files": digest.files, "bytes": digest.bytes })
				.to_string()
		} else {
			hash
		}
	}
}

/// Hashes a file or a directory as the module documentation defines.
pub fn hash_path(path: &Path) -> Result<DatasetDigest, String> {
	let metadata = std::fs::symlink_metadata(path).map_err(|e| describe(path, e))?;
	if metadata.is_dir() {
		hash_directory(path)
	} else if metadata.is_file() {
		let (hash, bytes) = hash_file(path)?;
		Ok(DatasetDigest { hash, files: 1, bytes })
	} else {
		Err(format!("{}: not a regular file or directory", path.display()))
	}
}

fn describe(path: &Path, error: io::Error) -> String {
	format!("cannot read {}: {error}", path.display())
}

/// Streams a file through blake2b-256; returns its digest and size.
fn hash_file(path: &Path) -> Result<(Digest32, u64), String> {
	let mut file = File::open(path).map_err(|e| describe(path, e))?;
	let mut hasher = Blake2b256::new();
	let mut buffer = vec![0u8; BUFFER];
	let mut bytes = 0u64;
	loop {
		let read = match file.read(&mut buffer) {
			Ok(0) => break,
			Ok(read) => read,
			Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
			Err(e) => return Err(describe(path, e)),
		};
		hasher.update(&buffer[..read]);
		bytes += read as u64;
	}
	Ok((hasher.finalize().into(), bytes))
}

/// Every regular file below `root`, as (relative path bytes with `/` separators, full path).
fn list_files(root: &Path) -> Result<Vec<(Vec<u8>, PathBuf)>, String> {
	let mut files = Vec::new();
	let mut pending = vec![root.to_path_buf()];
	while let Some(dir) = pending.pop() {
		for entry in std::fs::read_dir(&dir).map_err(|e| describe(&dir, e))? {
			let path = entry.map_err(|e| describe(&dir, e))?.path();
			let kind =
				std::fs::symlink_metadata(&path).map_err(|e| describe(&path, e))?.file_type();
			if kind.is_dir() {
				pending.push(path);
			} else if kind.is_file() {
				files.push((relative_bytes(root, &path)?, path));
			} else {
				return Err(format!(
					"{}: symbolic links and special files are not hashed",
					path.display()
				));
			}
		}
	}
	files.sort();
	Ok(files)
}

fn relative_bytes(root: &Path, path: &Path) -> Result<Vec<u8>, String> {
	let relative = path.strip_prefix(root).map_err(|e| format!("{}: {e}", path.display()))?;
	let parts: Result<Vec<&str>, String> = relative
		.components()
		.map(|c| {
			c.as_os_str()
				.to_str()
				.ok_or_else(|| format!("{}: the path is not valid UTF-8", path.display()))
		})
		.collect();
	Ok(parts?.join("/").into_bytes())
}

fn hash_directory(root: &Path) -> Result<DatasetDigest, String> {
	let files = list_files(root)?;
	let (contents, bytes) = contents_of(&files)?;
	let hash = merkle::root(leaves_of(&files, &contents));
	Ok(DatasetDigest { hash, files: files.len() as u64, bytes })
}

/// The files' content hashes, in order, with the bytes they cover.
fn contents_of(files: &[(Vec<u8>, PathBuf)]) -> Result<(Vec<Digest32>, u64), String> {
	let mut contents = Vec::with_capacity(files.len());
	let mut bytes = 0u64;
	for (_, path) in files {
		let (content, size) = hash_file(path)?;
		bytes += size;
		contents.push(content);
	}
	Ok((contents, bytes))
}

fn leaves_of(files: &[(Vec<u8>, PathBuf)], contents: &[Digest32]) -> Vec<Digest32> {
	files
		.iter()
		.zip(contents)
		.map(|((relative, _), content)| merkle::leaf(relative, content))
		.collect()
}

/// The inclusion proof of the file at `relative` in directory `root`.
pub fn prove_file(root: &Path, relative: &str) -> Result<Proof, String> {
	if !std::fs::symlink_metadata(root).map_err(|e| describe(root, e))?.is_dir() {
		return Err(format!(
			"{}: --prove needs a directory (a single file's hash is its content's)",
			root.display()
		));
	}
	let files = list_files(root)?;
	let index = files
		.iter()
		.position(|(path, _)| path.as_slice() == relative.as_bytes())
		.ok_or_else(|| format!("{}: no file {relative:?} below it", root.display()))?;
	let (contents, _) = contents_of(&files)?;
	let leaves = leaves_of(&files, &contents);
	let siblings = merkle::prove(&leaves, index).expect("the index is one of the files'");
	let content = contents[index];
	Ok(Proof { root: merkle::root(leaves), path: relative.to_owned(), content, siblings })
}

#[cfg(test)]
mod tests {
	use super::*;
	use std::fs;

	fn hex_of(path: &Path) -> String {
		format!("0x{}", hex::encode(hash_path(path).unwrap().hash))
	}

	fn write(root: &Path, relative: &str, content: &[u8]) {
		let path = root.join(relative);
		fs::create_dir_all(path.parent().unwrap()).unwrap();
		fs::write(path, content).unwrap();
	}

	/// The nested fixture: three files in two levels.
	fn nested() -> tempfile::TempDir {
		let dir = tempfile::tempdir().unwrap();
		write(dir.path(), "b.txt", b"second");
		write(dir.path(), "a/x.csv", b"id,label\n1,cat\n");
		write(dir.path(), "a/y/z.bin", &[0u8, 1, 2, 255]);
		dir
	}

	// The expected values below were computed independently, with Python's hashlib.blake2b
	// (digest_size=32) following the module documentation, and `b2sum --length 256` for files.

	#[test]
	fn empty_file() {
		let dir = tempfile::tempdir().unwrap();
		write(dir.path(), "empty", b"");
		assert_eq!(
			hex_of(&dir.path().join("empty")),
			"0x0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"
		);
	}

	#[test]
	fn small_file() {
		let dir = tempfile::tempdir().unwrap();
		write(dir.path(), "hello.txt", b"hello world\n");
		assert_eq!(hex_of(&dir.path().join("hello.txt")), SMALL_FILE);
	}

	#[test]
	fn nested_directory() {
		let dir = nested();
		let digest = hash_path(dir.path()).unwrap();
		assert_eq!(format!("0x{}", hex::encode(digest.hash)), NESTED_DIRECTORY);
		assert_eq!((digest.files, digest.bytes), (3, 6 + 15 + 4));
	}

	#[test]
	fn empty_directory() {
		let dir = tempfile::tempdir().unwrap();
		assert_eq!(hex_of(dir.path()), EMPTY_DIRECTORY);
	}

	#[test]
	fn renaming_one_file_changes_the_root() {
		let dir = nested();
		let before = hex_of(dir.path());
		fs::rename(dir.path().join("b.txt"), dir.path().join("c.txt")).unwrap();
		let after = hex_of(dir.path());
		assert_ne!(before, after);
		assert_eq!(after, NESTED_RENAMED);
	}

	#[test]
	fn the_root_does_not_depend_on_creation_order_or_timestamps() {
		let other = tempfile::tempdir().unwrap();
		write(other.path(), "a/y/z.bin", &[0u8, 1, 2, 255]);
		write(other.path(), "b.txt", b"second");
		write(other.path(), "a/x.csv", b"id,label\n1,cat\n");
		// Other modification times than `nested()`'s files have: a day, a year and ten years ago.
		let now = std::time::SystemTime::now();
		for (file, age_days) in [("a/y/z.bin", 1u64), ("b.txt", 365), ("a/x.csv", 3650)] {
			let age = std::time::Duration::from_secs(age_days * 86_400);
			let handle = fs::File::options().write(true).open(other.path().join(file)).unwrap();
			handle.set_modified(now - age).unwrap();
		}
		let modified = fs::metadata(other.path().join("b.txt")).unwrap().modified().unwrap();
		assert!(now.duration_since(modified).unwrap().as_secs() >= 365 * 86_400);
		assert_eq!(hex_of(other.path()), NESTED_DIRECTORY);
		assert_eq!(hex_of(nested().path()), NESTED_DIRECTORY);
	}

	#[test]
	fn missing_unreadable_and_linked_paths_are_clear_errors() {
		let missing = hash_path(Path::new("/nonexistent/dataset")).unwrap_err();
		assert!(missing.contains("cannot read /nonexistent/dataset"), "{missing}");

		// A regular file whose reading fails, even for root: reading /proc/self/mem at offset 0
		// is an I/O error.
		let unreadable = hash_path(Path::new("/proc/self/mem")).unwrap_err();
		assert!(unreadable.contains("cannot read /proc/self/mem"), "{unreadable}");

		// A file without read permission: denied unless the tests run as root, who may read it.
		use std::os::unix::fs::PermissionsExt;
		let dir = nested();
		let secret = dir.path().join("b.txt");
		fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
		if fs::File::open(&secret).is_err() {
			let denied = hash_path(dir.path()).unwrap_err();
			assert!(denied.contains("cannot read") && denied.contains("b.txt"), "{denied}");
		}

		let dir = nested();
		std::os::unix::fs::symlink("/etc/hostname", dir.path().join("link")).unwrap();
		let link = hash_path(dir.path()).unwrap_err();
		assert!(link.contains("symbolic links"), "{link}");
	}

	const SMALL_FILE: &str = "0xc71b05fd1d1c7bf7e928ff18e58db5193e9316416cc26ba9cc9094da80d7011e";
	const NESTED_DIRECTORY: &str =
		"0xe1af112651e843ff32b8652c432dfc18028cbc2d0693c89ee196d63136173230";
	const NESTED_RENAMED: &str =
		"0x51bc639fc77a9465eb48d09586db7763c85aa540682a43fdf43507ef71448c2e";
	const EMPTY_DIRECTORY: &str =
		"0xbb30a42c1e62f0afda5f0a4e8a562f7a13a24cea00ee81917b86b89e801314aa";
}
