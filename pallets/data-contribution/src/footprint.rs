//! What each record's storage deposit pays for, measured the way `pallet-preimage` measures a
//! preimage: a [`Footprint`] of the bytes that the record and the entries it brings along take,
//! priced by [`LinearStoragePrice`] as `DepositBase + DepositPerByte × bytes`.
//!
//! Keys are measured by the storage maps themselves: [`KeyLenOf`] is the pallet and item
//! prefixes plus the hasher's output for the key at its `MaxEncodedLen`, so a change of hasher
//! or key type changes the deposit with it. Values of fixed size are measured by
//! `MaxEncodedLen`; datasets, models and positions, whose size depends on their contributors,
//! metadata and datasets, by their encoding when they are created.
//!
//! What each footprint counts:
//! - a commitment: its entry in [`Commitments`];
//! - a reputation: its entry in [`Reputations`];
//! - a channel: its entry in [`UsageChannels`] and in the [`ConsumerChannels`] index;
//! - a dataset: its record as registered, room for the block of a withdrawal request, and an
//!   ownership offer's entry;
//! - a model: its record as registered, its positions' entries in [`Positions`], its entries in
//!   the [`DatasetModels`] index, and an ownership offer's entry.
//!
//! The key of a dataset's or a model's own record is paid by `DepositBase` rather than counted
//! in bytes. These are the amounts charged before footprints were named, to the planck, so the
//! deposits already held need no migration.
//!
//! A dataset or model written before storage version 3 keeps the deposit it was charged then:
//! without the fields that later migrations appended to its record, and without the ownership
//! offer, which came with version 3. Repricing it would have to hold more from owners who may
//! not have it, for a few hundred bytes each; [`Pallet::uncharged_dataset_bytes`] and
//! [`Pallet::uncharged_model_bytes`] say exactly how many. A dataset ruled against loses its
//! whole deposit and carries none from then on. `try_state` checks every record against these
//! rules, exactly: a runtime that changes the prices, a hasher or a record's layout must either
//! migrate the deposits already held or say here what the records written before it were
//! charged, as for versions 1 and 2, or its upgrade fails its own try-runtime checks.

use crate::*;
use codec::MaxEncodedLen;
use frame_support::{
	storage::KeyLenOf,
	traits::{Footprint, LinearStoragePrice},
};
use sp_runtime::traits::Convert;

/// The price of a footprint: `DepositBase + DepositPerByte × bytes`.
pub type DepositPrice<T> =
	LinearStoragePrice<<T as Config>::DepositBase, <T as Config>::DepositPerByte, BalanceOf<T>>;

/// The bytes of a key of storage map `M`, at its largest.
fn key_len<M>() -> usize
where
	KeyLenOf<M>: Get<u32>,
{
	KeyLenOf::<M>::get() as usize
}

/// One storage item of `bytes` bytes.
fn item(bytes: usize) -> Footprint {
	Footprint::from_parts(1, bytes)
}

impl<T: Config> Pallet<T> {
	/// The deposit that `footprint` costs.
	pub fn deposit_of(footprint: Footprint) -> BalanceOf<T> {
		DepositPrice::<T>::convert(footprint)
	}

	/// A commitment: its entry in [`Commitments`].
	pub fn commitment_footprint() -> Footprint {
		item(key_len::<Commitments<T>>().saturating_add(Commitment::<T>::max_encoded_len()))
	}

	/// A reputation record: its entry in [`Reputations`].
	pub fn reputation_footprint() -> Footprint {
		item(key_len::<Reputations<T>>().saturating_add(Reputation::max_encoded_len()))
	}

	/// A usage channel: its entry in [`UsageChannels`] and in the [`ConsumerChannels`] index.
	pub fn channel_footprint() -> Footprint {
		let record =
			key_len::<UsageChannels<T>>().saturating_add(UsageChannelOf::<T>::max_encoded_len());
		let index = key_len::<ConsumerChannels<T>>().saturating_add(ChannelId::max_encoded_len());
		item(record.saturating_add(index))
	}

	/// A dataset: its record as registered (before any withdrawal request or ruling), room for
	/// the block of a withdrawal request, and one ownership offer.
	pub fn dataset_footprint(dataset: &DatasetInfo<T>) -> Footprint {
		let as_registered = dataset
			.encoded_size()
			.saturating_sub(dataset.withdrawn_at.as_ref().map_or(0, |block| block.encoded_size()))
			.saturating_sub(dataset.rightful.as_ref().map_or(0, |account| account.encoded_size()));
		item(
			as_registered
				.saturating_add(BlockNumberFor::<T>::max_encoded_len())
				.saturating_add(Self::offer_bytes::<DatasetOwnershipOffers<T>>()),
		)
	}

	/// A model: its record, its contributors' `positions`, its entries in the dataset-to-models
	/// index and one ownership offer.
	pub fn model_footprint<'a>(
		model: &ModelInfo<T>,
		positions: impl Iterator<Item = &'a Position<T>>,
	) -> Footprint {
		let position_bytes = positions.fold(0usize, |sum, position| {
			sum.saturating_add(key_len::<Positions<T>>())
				.saturating_add(position.encoded_size())
		});
		let index_bytes =
			Self::paid_datasets(model).count().saturating_mul(key_len::<DatasetModels<T>>());
		item(
			model
				.encoded_size()
				.saturating_add(position_bytes)
				.saturating_add(index_bytes)
				.saturating_add(Self::offer_bytes::<ModelOwnershipOffers<T>>()),
		)
	}

	/// The bytes of its footprint that a dataset was not charged for, by the storage version it
	/// was written at: none at version 3, and the terms that version 3 appended and the offer
	/// it introduced before.
	pub fn uncharged_dataset_bytes() -> [usize; 2] {
		let offer = Self::offer_bytes::<DatasetOwnershipOffers<T>>();
		[0, offer.saturating_add(migrations::v3::dataset_tail().len())]
	}

	/// The bytes of its footprint that a model was not charged for, by the storage version it
	/// was written at: none at version 3; the lineage and terms that version 3 appended and the
	/// offer it introduced at version 2; and the revenue that version 2 appended as well at
	/// version 1.
	pub fn uncharged_model_bytes() -> [usize; 3] {
		let v2 = Self::offer_bytes::<ModelOwnershipOffers<T>>()
			.saturating_add(migrations::v3::model_tail::<T>().len());
		[0, v2, v2.saturating_add(migrations::v2::model_tail::<T>().len())]
	}

	/// An ownership offer's entry in offer map `M`: its key and the offered account.
	fn offer_bytes<M>() -> usize
	where
		KeyLenOf<M>: Get<u32>,
	{
		key_len::<M>().saturating_add(T::AccountId::max_encoded_len())
	}
}
