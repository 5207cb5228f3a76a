//! The pallet's events: every state change emits one.
//! A [`pallet_section`] imported into the pallet module in `lib.rs`.

use frame_support::pallet_macros::pallet_section;

/// The pallet's events: every state change emits one.
#[pallet_section]
mod events {
	/// The pallet's events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A dataset was registered and its deposit held.
		DatasetRegistered {
			/// The dataset's content hash. (Not named `hash`, which polkadot.js objects use for
			/// their own digest.)
			dataset: DatasetHash,
			/// The account that registered it.
			owner: T::AccountId,
			/// How many contributors share its rewards.
			contributors: u32,
			/// The deposit held from the owner.
			deposit: BalanceOf<T>,
			/// The contributors and their shares of its rewards, in the order positions name
			/// them: what an indexer recomputes each one's earnings from.
			shares: ContributorsOf<T>,
		},
		/// A commitment to register a dataset was made and its deposit held.
		DatasetCommitted {
			/// Who committed.
			who: T::AccountId,
			/// The commitment (see [`Pallet::commitment_of`]).
			commitment: H256,
			/// The deposit held.
			deposit: BalanceOf<T>,
			/// The last block in which it may be revealed.
			expires_at: BlockNumberFor<T>,
		},
		/// A commitment was removed unrevealed, and its deposit released to who made it.
		CommitmentRemoved {
			/// Who made it.
			who: T::AccountId,
			/// The commitment.
			commitment: H256,
			/// The deposit released.
			deposit: BalanceOf<T>,
		},
		/// A registration was displaced by the reveal of an earlier commitment to the same hash,
		/// within `RevealWindow` blocks: its deposit was released.
		DatasetDisplaced {
			/// The dataset's content hash.
			dataset: DatasetHash,
			/// The displaced owner.
			owner: T::AccountId,
			/// Its released deposit.
			deposit: BalanceOf<T>,
		},
		/// A dataset's owner asked to withdraw it: no new model may reference it, and it stays
		/// challengeable while its record exists.
		DatasetWithdrawn {
			/// The dataset's content hash. (Not named `hash`, which polkadot.js objects use for
			/// their own digest.)
			dataset: DatasetHash,
			/// Its owner.
			owner: T::AccountId,
			/// From this block on, once no model references it, its record may be removed and
			/// its deposit released.
			notice_ends: BlockNumberFor<T>,
		},
		/// A withdrawn dataset's record was removed and its deposit released to its owner.
		DatasetRemoved {
			/// The dataset's content hash.
			dataset: DatasetHash,
			/// Its owner.
			owner: T::AccountId,
			/// The deposit released.
			deposit: BalanceOf<T>,
		},
		/// A named contributor confirmed its part in a dataset: the dataset now counts toward its
		/// reputation.
		ContributionConfirmed {
			/// The dataset.
			dataset: DatasetHash,
			/// The contributor.
			contributor: T::AccountId,
		},
		/// A model was registered.
		ModelRegistered {
			/// The new model's id.
			model_id: ModelId,
			/// Its owner.
			owner: T::AccountId,
			/// How many contributor positions it opened.
			positions: u32,
			/// The deposit held from the owner.
			deposit: BalanceOf<T>,
			/// The datasets it pays, with their attribution weights, in the order its positions'
			/// parts index them.
			datasets: ModelDatasetsOf<T>,
			/// Its parents and their royalties.
			parents: BoundedVec<(ModelId, Perbill), T::MaxParents>,
			/// The owner's share of each payment, after the protocol fee.
			owner_share: Perbill,
			/// Its price per query.
			price_per_query: BalanceOf<T>,
		},
		/// A model's price per query changed.
		ModelPriceSet {
			/// The model.
			model_id: ModelId,
			/// The new price of one query.
			price_per_query: BalanceOf<T>,
		},
		/// A model was retired: it accepts no more payments; earned rewards stay claimable. Its
		/// deposit is released when its last position is settled (`ModelRemoved`).
		ModelRetired {
			/// The model.
			model_id: ModelId,
		},
		/// A retired model with no position left was removed, with its index entries, and its
		/// deposit released to its owner.
		ModelRemoved {
			/// The model.
			model_id: ModelId,
			/// Its owner.
			owner: T::AccountId,
			/// The deposit released.
			deposit: BalanceOf<T>,
		},
		/// A position in a retired model was settled on its contributor's behalf and removed:
		/// what it owed was credited to the contributor (paid by its next claim), escrowed,
		/// forfeited or credited to a rightful account, as a claim would.
		PositionSettled {
			/// The retired model.
			model_id: ModelId,
			/// The contributor.
			contributor: T::AccountId,
			/// Credited to the contributor.
			credited: BalanceOf<T>,
			/// Moved to escrow, through challenged datasets.
			escrowed: BalanceOf<T>,
			/// Paid to the protocol account, through slashed datasets.
			forfeited: BalanceOf<T>,
			/// Credited to rightful accounts, through reattributed datasets.
			redirected: BalanceOf<T>,
		},
		/// Queries to a model were paid for, and the payment split.
		UsageRecorded {
			/// The model.
			model_id: ModelId,
			/// Who paid.
			payer: T::AccountId,
			/// How many queries were paid for.
			queries: u32,
			/// The whole payment: `price_per_query × queries`.
			amount: BalanceOf<T>,
			/// The protocol's part, credited to the model's revenue (paid to the protocol account
			/// by `claim_model_revenue`, with `ModelRevenueClaimed`).
			protocol_fee: BalanceOf<T>,
			/// The owner's part, credited to the model's revenue (paid to the owner by
			/// `claim_model_revenue`, with `ModelRevenueClaimed`).
			owner_reward: BalanceOf<T>,
			/// The part credited to the data contributors, held in the pot.
			data_reward: BalanceOf<T>,
		},
		/// A consumer opened a usage channel to a model, its escrow held.
		UsageOpened {
			/// The new channel.
			channel_id: ChannelId,
			/// The model it pays for.
			model_id: ModelId,
			/// The consumer, who signs its receipts.
			consumer: T::AccountId,
			/// The escrow put in.
			deposit: BalanceOf<T>,
			/// The highest price per query the consumer agreed to.
			max_price_per_query: BalanceOf<T>,
		},
		/// A consumer added to a usage channel's escrow.
		UsageToppedUp {
			/// The channel.
			channel_id: ChannelId,
			/// The amount added.
			amount: BalanceOf<T>,
			/// The escrow now left.
			escrow: BalanceOf<T>,
		},
		/// A model's owner settled a batch of usage receipts.
		UsageSettled {
			/// The model.
			model_id: ModelId,
			/// How many receipts settled.
			receipts: u32,
			/// The queries they paid for.
			queries: u64,
			/// What they charged from the channels' escrows in all.
			amount: BalanceOf<T>,
			/// The receipts refused, each with its index in the batch and why: they moved
			/// nothing.
			rejected: BoundedVec<RejectedReceipt, T::MaxReceiptsPerSettlement>,
			/// The part of `amount` paid to the protocol account.
			protocol_fee: BalanceOf<T>,
			/// The part paid to the model owner.
			owner_reward: BalanceOf<T>,
			/// The part credited to the data contributors, held in the pot.
			data_reward: BalanceOf<T>,
		},
		/// A consumer asked to close a usage channel.
		UsageClosing {
			/// The channel.
			channel_id: ChannelId,
			/// From this block on, anyone may finish the close.
			closes_at: BlockNumberFor<T>,
		},
		/// A usage channel was closed: what was left of its escrow and its deposit went back to
		/// its consumer.
		UsageClosed {
			/// The channel.
			channel_id: ChannelId,
			/// Its consumer.
			consumer: T::AccountId,
			/// The escrow returned.
			refunded: BalanceOf<T>,
			/// The channel's storage deposit, released.
			channel_deposit: BalanceOf<T>,
		},
		/// A contributor claimed accrued rewards.
		RewardsClaimed {
			/// The contributor.
			who: T::AccountId,
			/// The amount moved from the pot to the contributor's free balance.
			amount: BalanceOf<T>,
			/// The part settled through challenged datasets, moved to escrow.
			escrowed: BalanceOf<T>,
			/// The part settled through slashed datasets, paid to the protocol account.
			forfeited: BalanceOf<T>,
			/// The part settled through reattributed datasets, credited to their rightful
			/// accounts.
			redirected: BalanceOf<T>,
			/// How many positions (models) this call settled.
			positions: u32,
			/// Whether positions remain that this call did not reach; claim again for them.
			more_remaining: bool,
			/// The models whose positions this call settled, in the order it settled them.
			models: BoundedVec<ModelId, T::MaxPositionsPerClaim>,
		},
		/// A dataset was challenged and its challenger's bond held.
		ChallengeOpened {
			/// The challenged dataset.
			dataset: DatasetHash,
			/// Who challenged it.
			challenger: T::AccountId,
			/// The bond held from the challenger.
			bond: BalanceOf<T>,
			/// From this block on, anyone may close the challenge as rejected.
			expires_at: BlockNumberFor<T>,
		},
		/// A challenge was upheld: the dataset is slashed.
		ChallengeUpheld {
			/// The slashed dataset.
			dataset: DatasetHash,
			/// The challenger, whose bond was released.
			challenger: T::AccountId,
			/// The owner's deposit, slashed.
			slashed_deposit: BalanceOf<T>,
			/// The part of the slashed deposit paid to the challenger.
			challenger_reward: BalanceOf<T>,
			/// The escrow paid to the protocol account.
			forfeited_escrow: BalanceOf<T>,
		},
		/// A challenge of misattribution was upheld: the dataset is reattributed to `rightful`,
		/// who receives its escrow and everything it earns from now on.
		MisattributionUpheld {
			/// The reattributed dataset.
			dataset: DatasetHash,
			/// The challenger, whose bond was released.
			challenger: T::AccountId,
			/// The rightful account.
			rightful: T::AccountId,
			/// The owner's deposit, slashed.
			slashed_deposit: BalanceOf<T>,
			/// The part of the slashed deposit paid to the challenger.
			challenger_reward: BalanceOf<T>,
			/// The escrow credited to the rightful account.
			redirected_escrow: BalanceOf<T>,
		},
		/// A challenge was rejected, by a curator or by expiry: the dataset is active again.
		ChallengeRejected {
			/// The dataset, active again.
			dataset: DatasetHash,
			/// The challenger, whose bond went to the protocol account.
			challenger: T::AccountId,
			/// The bond, paid to the protocol account: a rejected challenge costs its challenger
			/// the whole bond, whether a curator rejected it or it expired unruled.
			bond: BalanceOf<T>,
			/// The escrow credited back to the contributors.
			released_escrow: BalanceOf<T>,
			/// Whether it was closed after `ChallengePeriod` without a ruling.
			expired: bool,
		},
		/// A model's revenue waiting in the pot was paid out: the owner's part to its owner, the
		/// protocol's to the protocol account. (Last, so that the earlier events keep their
		/// indices.)
		ModelRevenueClaimed {
			/// The model.
			model_id: ModelId,
			/// Its owner, who received `owner_amount`.
			owner: T::AccountId,
			/// Paid to the owner.
			owner_amount: BalanceOf<T>,
			/// Paid to the protocol account.
			protocol_amount: BalanceOf<T>,
		},
		/// A dataset's owner offered it to another account, which may accept it.
		DatasetOwnershipOffered {
			/// The dataset.
			dataset: DatasetHash,
			/// Its owner, who made the offer.
			owner: T::AccountId,
			/// The account that may accept it.
			new_owner: T::AccountId,
		},
		/// A dataset's owner withdrew its ownership offer.
		DatasetOwnershipOfferWithdrawn {
			/// The dataset.
			dataset: DatasetHash,
		},
		/// A dataset changed hands: the new owner holds its deposit, the old owner's was
		/// released.
		DatasetOwnershipTransferred {
			/// The dataset.
			dataset: DatasetHash,
			/// Its owner until now.
			old_owner: T::AccountId,
			/// Its owner from now on.
			new_owner: T::AccountId,
			/// The deposit now held from the new owner.
			deposit: BalanceOf<T>,
		},
		/// A model's owner offered it to another account, which may accept it.
		ModelOwnershipOffered {
			/// The model.
			model_id: ModelId,
			/// Its owner, who made the offer.
			owner: T::AccountId,
			/// The account that may accept it.
			new_owner: T::AccountId,
		},
		/// A model's owner withdrew its ownership offer.
		ModelOwnershipOfferWithdrawn {
			/// The model.
			model_id: ModelId,
		},
		/// A model changed hands: the new owner earns its owner share and holds its deposit
		/// from now on; the old owner's deposit was released.
		ModelOwnershipTransferred {
			/// The model.
			model_id: ModelId,
			/// Its owner until now.
			old_owner: T::AccountId,
			/// Its owner from now on.
			new_owner: T::AccountId,
			/// The deposit now held from the new owner.
			deposit: BalanceOf<T>,
		},
		/// A dataset's owner loosened its terms.
		DatasetTermsSet {
			/// The dataset.
			dataset: DatasetHash,
			/// Its terms from now on.
			terms: LicenceTerms,
		},
		/// A payment (or usage settlement) of a derivative credited a royalty to a parent's data
		/// reward; the parent passes part of it on to its own parents in the same way.
		RoyaltyCredited {
			/// The parent, whose data reward grew by `amount`.
			model_id: ModelId,
			/// The derivative whose payment paid it.
			from: ModelId,
			/// The royalty, in planck.
			amount: BalanceOf<T>,
		},
		/// The chain verified that a registered dataset holds a file (`prove_inclusion`): the
		/// leaf of `path` and `content` is under the dataset's hash. Evidence a challenge may
		/// cite; nothing is stored.
		InclusionProven {
			/// The dataset.
			hash: DatasetHash,
			/// The file's path in the dataset's directory.
			path: BoundedVec<u8, T::MaxProofPathLen>,
			/// The blake2-256 hash of the file's content.
			content: H256,
		},
	}
}
