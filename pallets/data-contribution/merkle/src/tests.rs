//! Proofs for every place a file can sit (first, last, odd last at some level) in trees of 1, 2,
//! a few and 1,000 files; tampered proofs refused; the depth bound.

use super::*;

/// `n` files named `file-00000` … with contents `content i`: their paths, content hashes and
/// leaves, in the order the root takes them.
fn files(n: usize) -> Vec<(Vec<u8>, Digest32, Digest32)> {
	(0..n)
		.map(|i| {
			let path = alloc::format!("dir/file-{i:05}").into_bytes();
			let content = sp_io::hashing::blake2_256(alloc::format!("content {i}").as_bytes());
			let leaf = leaf(&path, &content);
			(path, content, leaf)
		})
		.collect()
}

fn leaves(files: &[(Vec<u8>, Digest32, Digest32)]) -> Vec<Digest32> {
	files.iter().map(|(_, _, leaf)| *leaf).collect()
}

/// ⌈log₂ n⌉.
fn ceil_log2(n: usize) -> usize {
	(usize::BITS - (n.max(1) - 1).leading_zeros()) as usize
}

fn proves(n: usize, index: usize) {
	let files = files(n);
	let all = leaves(&files);
	let root = root(all.clone());
	let siblings = prove(&all, index).expect("a leaf in range");
	assert!(siblings.len() <= ceil_log2(n), "{n} files: {} siblings", siblings.len());
	let (path, content, _) = &files[index];
	assert_eq!(verify(&root, path, content, &siblings, MAX_DEPTH), Ok(()), "file {index} of {n}");
}

#[test]
fn every_file_of_small_trees_is_proven() {
	for n in 1..=9 {
		for index in 0..n {
			proves(n, index);
		}
	}
}

#[test]
fn first_last_and_odd_placed_files_of_1000_are_proven_in_10_siblings() {
	// 1,000 leaves: the last, 999, is the odd one on the first level; 998 pairs with it.
	for index in [0, 1, 2, 499, 500, 511, 512, 997, 998, 999] {
		proves(1000, index);
	}
	assert_eq!(ceil_log2(1000), 10);
}

#[test]
fn one_file_is_its_own_root_and_two_files_hash_as_one_node() {
	let one = files(1);
	assert_eq!(root(leaves(&one)), one[0].2);
	assert_eq!(prove(&leaves(&one), 0), Some(Vec::new()));

	let two = files(2);
	assert_eq!(root(leaves(&two)), node(&two[0].2, &two[1].2));
	assert_eq!(prove(&leaves(&two), 0), Some(alloc::vec![Sibling::Right(two[1].2)]));
	assert_eq!(prove(&leaves(&two), 1), Some(alloc::vec![Sibling::Left(two[0].2)]));
}

#[test]
fn a_proof_of_three_files_skips_the_odd_one_level() {
	// [a b c] → [ab c] → abc: c has no sibling on the first level, ab on the second.
	let three = files(3);
	let all = leaves(&three);
	assert_eq!(root(all.clone()), node(&node(&all[0], &all[1]), &all[2]));
	assert_eq!(prove(&all, 2), Some(alloc::vec![Sibling::Left(node(&all[0], &all[1]))]));
}

#[test]
fn no_leaf_no_proof_and_the_empty_root_is_apart() {
	assert_eq!(prove(&[], 0), None);
	assert_eq!(prove(&leaves(&files(3)), 3), None);
	assert_eq!(root(Vec::new()), empty_root());
	assert_ne!(empty_root(), leaf(b"", &[0; 32]));
}

#[test]
fn a_tampered_proof_is_refused() {
	let files = files(1000);
	let all = leaves(&files);
	let root = root(all.clone());
	let index = 617;
	let (path, content, _) = &files[index];
	let siblings = prove(&all, index).unwrap();
	let refused = |root: &Digest32, path: &[u8], content: &Digest32, siblings: &[Sibling]| {
		assert_eq!(verify(root, path, content, siblings, MAX_DEPTH), Err(ProofError::WrongRoot));
	};

	for at in 0..siblings.len() {
		let flip = |mut h: Digest32| {
			h[at % 32] ^= 1;
			h
		};
		let mut bad = siblings.clone();
		bad[at] = match siblings[at] {
			Sibling::Left(h) => Sibling::Left(flip(h)),
			Sibling::Right(h) => Sibling::Right(flip(h)),
		};
		refused(&root, path, content, &bad);
		// The same hash on the other side.
		let mut swapped = siblings.clone();
		swapped[at] = match siblings[at] {
			Sibling::Left(h) => Sibling::Right(h),
			Sibling::Right(h) => Sibling::Left(h),
		};
		refused(&root, path, content, &swapped);
	}
	// Another path, another content, another file's path with this proof, a root off by a bit.
	refused(&root, b"dir/file-00618", content, &siblings);
	let mut other = *content;
	other[0] ^= 0x80;
	refused(&root, path, &other, &siblings);
	refused(&root, &files[index + 1].0, &files[index + 1].1, &siblings);
	let mut off = root;
	off[31] ^= 1;
	refused(&off, path, content, &siblings);
	// A sibling dropped or added.
	refused(&root, path, content, &siblings[1..]);
	let mut longer = siblings.clone();
	longer.push(Sibling::Right([7; 32]));
	refused(&root, path, content, &longer);
}

#[test]
fn the_depth_bound_holds_before_any_hashing() {
	let files = files(1000);
	let all = leaves(&files);
	let root = root(all.clone());
	let (path, content, _) = &files[5];
	let siblings = prove(&all, 5).unwrap();
	assert_eq!(siblings.len(), 10);
	assert_eq!(verify(&root, path, content, &siblings, 10), Ok(()));
	assert_eq!(verify(&root, path, content, &siblings, 9), Err(ProofError::TooDeep));
	let deep = alloc::vec![Sibling::Left([1; 32]); MAX_DEPTH + 1];
	assert_eq!(verify(&root, path, content, &deep, usize::MAX), Err(ProofError::TooDeep));
	assert_eq!(
		verify(&root, path, content, &deep[..MAX_DEPTH], usize::MAX),
		Err(ProofError::WrongRoot)
	);
}
