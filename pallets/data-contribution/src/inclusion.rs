//! Evidence the chain verifies: that a registered dataset holds a file of a given path and
//! content, by the Merkle rules of its hash (`pallet_data_contribution_merkle`). Stores nothing;
//! the `InclusionProven` event is the record, which a challenge's evidence may cite.
//!
//! A proof shows what the dataset's registrant committed to when registering its hash, not that
//! anyone holds the file: the tree's leaves are hashes, so a registrant may name any content
//! hash it knows. When the same content is proven in two datasets, the one registered first
//! committed to it first (docs/economics.md, "Evidence of copying"). The chain cannot tell a
//! directory's root from a single file's hash; a single file whose bytes encode a leaf passes
//! for a directory of that one file, which is what it commits to.

use crate::*;
use frame_support::ensure;
use pallet_data_contribution_merkle::{verify, ProofError};

impl<T: Config> Pallet<T> {
	/// Verifies `proof` against the registered dataset `hash`: see [`Pallet::prove_inclusion`].
	/// Checks the bounds before any hashing, so that the work is within the declared weight.
	pub(crate) fn do_prove_inclusion(hash: DatasetHash, proof: InclusionProof) -> DispatchResult {
		let InclusionProof { path, content, siblings } = proof;
		let path: BoundedVec<u8, T::MaxProofPathLen> =
			path.try_into().map_err(|_| Error::<T>::ProofPathTooLong)?;
		let max_depth = T::MaxProofDepth::get();
		ensure!(siblings.len() <= max_depth as usize, Error::<T>::ProofTooDeep);
		ensure!(Datasets::<T>::contains_key(hash), Error::<T>::UnknownDataset);
		verify(&hash.0, &path, &content.0, &siblings, max_depth as usize).map_err(|error| {
			match error {
				ProofError::TooDeep => Error::<T>::ProofTooDeep,
				ProofError::WrongRoot => Error::<T>::InclusionNotProven,
			}
		})?;
		Self::deposit_event(Event::InclusionProven { hash, path, content });
		Ok(())
	}
}
