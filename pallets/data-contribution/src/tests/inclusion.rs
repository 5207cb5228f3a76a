//! `prove_inclusion`: proofs of a file in a registered dataset, built by the same Merkle rules as
//! `fairshare-node hash-dataset`, for trees of 1, 2, 5 and 1,000 files; tampered proofs and
//! proofs beyond the bounds are refused with named errors and change nothing.

use super::*;
use frame_support::{assert_noop, dispatch::GetDispatchInfo};
use pallet_data_contribution_merkle as merkle;

/// A directory of `n` files, sorted by path as `hash-dataset` sorts them: each file's path and
/// content hash.
fn directory(n: u32) -> Vec<(Vec<u8>, H256)> {
	(0..n)
		.map(|i| {
			let path = alloc::format!("data/{i:04}.txt").into_bytes();
			(path, H256(sp_io::hashing::blake2_256(&i.to_le_bytes())))
		})
		.collect()
}

fn leaves(files: &[(Vec<u8>, H256)]) -> Vec<merkle::Digest32> {
	files.iter().map(|(path, content)| merkle::leaf(path, &content.0)).collect()
}

/// Registers the dataset of `files` for owner 1 (contributor 2), by its Merkle root.
fn register(files: &[(Vec<u8>, H256)]) -> H256 {
	let root = H256(merkle::root(leaves(files)));
	commit(1, root);
	next_block();
	reveal(1, root, &[(2, 100)]);
	root
}

/// The proof of file `index` of `files`, as the CLI prints it.
fn proof(files: &[(Vec<u8>, H256)], index: usize) -> InclusionProof {
	let siblings = merkle::prove(&leaves(files), index).expect("index is in range");
	let (path, content) = files[index].clone();
	InclusionProof { path, content, siblings }
}

fn prove(hash: H256, proof: InclusionProof) -> DispatchResult {
	DataContribution::prove_inclusion(RuntimeOrigin::signed(9), hash, proof)
}

#[test]
fn the_first_last_and_odd_placed_files_are_proven_in_trees_of_every_shape() {
	run_test(|| {
		for n in [1u32, 2, 5, 1_000] {
			let files = directory(n);
			let root = register(&files);
			let last = n as usize - 1;
			for index in [0, last / 2, last] {
				let proof = proof(&files, index);
				// Up to ⌈log₂ n⌉ siblings: 10 for 1,000 files, none for one.
				assert!(proof.siblings.len() <= (n as f64).log2().ceil() as usize);
				let (path, content) = (proof.path.clone(), proof.content);
				assert_ok!(prove(root, proof));
				let path = path.try_into().unwrap();
				assert_eq!(last_event(), Event::InclusionProven { hash: root, path, content });
			}
		}
	});
}

#[test]
fn a_tampered_sibling_path_or_content_is_refused() {
	run_test(|| {
		let files = directory(1_000);
		let root = register(&files);
		let honest = proof(&files, 617);
		assert_ok!(prove(root, honest.clone()));

		let mut sibling = honest.clone();
		sibling.siblings[3] = match sibling.siblings[3] {
			Sibling::Left(mut h) | Sibling::Right(mut h) => {
				h[0] ^= 1;
				Sibling::Left(h)
			},
		};
		let mut side = honest.clone();
		side.siblings[0] = match side.siblings[0] {
			Sibling::Left(h) => Sibling::Right(h),
			Sibling::Right(h) => Sibling::Left(h),
		};
		let mut path = honest.clone();
		path.path = b"data/0618.txt".to_vec();
		let mut content = honest.clone();
		content.content = files[618].1;
		let mut dropped = honest.clone();
		dropped.siblings.pop();
		// Another file's proof does not carry this file's name.
		let mut swapped = proof(&files, 618);
		swapped.path = honest.path.clone();
		for tampered in [sibling, side, path, content, dropped, swapped] {
			assert_noop!(prove(root, tampered), Error::<Test>::InclusionNotProven);
		}
		// Nor does an honest proof hold against another dataset.
		let other = register(&directory(3));
		assert_noop!(prove(other, honest.clone()), Error::<Test>::InclusionNotProven);
		assert_noop!(prove(hash(77), honest), Error::<Test>::UnknownDataset);
	});
}

#[test]
fn the_depth_and_path_bounds_hold_before_any_hashing() {
	run_test(|| {
		let content = H256::repeat_byte(5);
		let at_bounds = InclusionProof {
			path: vec![b'p'; MAX_PROOF_PATH as usize],
			content,
			siblings: (0..MAX_PROOF_DEPTH).map(|i| Sibling::Right([i as u8; 32])).collect(),
		};
		let root =
			merkle::root_from(merkle::leaf(&at_bounds.path, &content.0), &at_bounds.siblings);
		let root = H256(root);
		commit(1, root);
		next_block();
		reveal(1, root, &[(2, 100)]);
		assert_ok!(prove(root, at_bounds.clone()));

		let mut deeper = at_bounds.clone();
		deeper.siblings.push(Sibling::Left([0; 32]));
		assert_noop!(prove(root, deeper.clone()), Error::<Test>::ProofTooDeep);
		let mut longer = at_bounds.clone();
		longer.path.push(b'p');
		assert_noop!(prove(root, longer.clone()), Error::<Test>::ProofPathTooLong);
		// The bounds are checked before the dataset: a stranger's oversized proof costs no read.
		assert_noop!(prove(hash(77), deeper.clone()), Error::<Test>::ProofTooDeep);

		// The weight declared for an oversized proof is that of the bounds, which is all the
		// work the call does before refusing it.
		let weight = |proof: InclusionProof| {
			Call::<Test>::prove_inclusion { hash: root, proof }
				.get_dispatch_info()
				.call_weight
		};
		let most = <() as WeightInfo>::prove_inclusion(MAX_PROOF_DEPTH, MAX_PROOF_PATH);
		assert_eq!(weight(at_bounds), most);
		deeper.siblings.extend((0..1_000).map(|_| Sibling::Left([0; 32])));
		assert_eq!(weight(deeper), most);
		assert!(weight(proof(&directory(1), 0)).ref_time() < most.ref_time());
	});
}

#[test]
fn the_same_content_proven_in_two_datasets_names_the_earlier_registration() {
	run_test(|| {
		let original = directory(8);
		let first = register(&original);
		next_block();
		// A copy under other paths, among other files, registered later by another account.
		let mut copy = directory(3);
		copy.push((b"mine/copied.txt".to_vec(), original[6].1));
		copy.sort();
		let copied_at = copy.iter().position(|(path, _)| path == b"mine/copied.txt").unwrap();
		let root = H256(merkle::root(leaves(&copy)));
		commit(3, root);
		next_block();
		reveal(3, root, &[(3, 100)]);

		assert_ok!(prove(first, proof(&original, 6)));
		assert_ok!(prove(root, proof(&copy, copied_at)));
		let proven: Vec<_> = System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::DataContribution(Event::InclusionProven {
					hash, content, ..
				}) => Some((hash, content)),
				_ => None,
			})
			.collect();
		assert_eq!(proven, vec![(first, original[6].1), (root, original[6].1)]);
		let registered_at = |hash| Datasets::<Test>::get(hash).unwrap().registered_at;
		assert!(registered_at(first) < registered_at(root));
	});
}
