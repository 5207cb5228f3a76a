//! Checks on call input that datasets, models and lineage share.

use crate::*;
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	pub(crate) fn bounded_metadata<S: Get<u32>>(
		metadata: Vec<u8>,
	) -> Result<BoundedVec<u8, S>, Error<T>> {
		metadata.try_into().map_err(|_| Error::<T>::MetadataTooLong)
	}
}

/// Fails with `empty` for no items and with `duplicate` if two items share a key.
pub(crate) fn ensure_nonempty_distinct<K: Ord, V, E>(
	items: &[(K, V)],
	empty: E,
	duplicate: E,
) -> Result<(), E> {
	ensure!(!items.is_empty(), empty);
	ensure_distinct(items, duplicate)
}

/// Fails with `duplicate` if two items share a key.
pub(crate) fn ensure_distinct<K: Ord, V, E>(items: &[(K, V)], duplicate: E) -> Result<(), E> {
	let mut keys: Vec<&K> = items.iter().map(|(k, _)| k).collect();
	keys.sort();
	ensure!(!keys.windows(2).any(|pair| pair[0] == pair[1]), duplicate);
	Ok(())
}
