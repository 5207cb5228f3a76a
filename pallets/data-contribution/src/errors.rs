//! The pallet's errors: every failure is named.
//! A [`pallet_section`] imported into the pallet module in `lib.rs`.

use frame_support::pallet_macros::pallet_section;

/// The pallet's errors: every failure is named.
#[pallet_section]
mod errors {
	/// The pallet's errors.
	#[pallet::error]
	pub enum Error<T> {
		/// A dataset with this hash is already registered.
		DatasetAlreadyRegistered,
		/// The contributors' shares are not all positive or do not sum to exactly 100%.
		InvalidShares,
		/// A dataset must name at least one contributor.
		NoContributors,
		/// The same contributor appears twice in a dataset.
		DuplicateContributor,
		/// No dataset is registered with this hash.
		UnknownDataset,
		/// The dataset is not active: it was withdrawn, is challenged or was slashed.
		DatasetNotActive,
		/// No model has this id.
		UnknownModel,
		/// The model is not active: it was retired.
		ModelNotActive,
		/// Only the owner may do this.
		NotOwner,
		/// The payment would exceed the payer's `max_total`.
		PaymentAboveLimit,
		/// The payer cannot afford the payment and stay alive.
		InsufficientBalance,
		/// There are no rewards to claim.
		NothingToClaim,
		/// A model's attribution weights must not all be zero.
		ZeroWeight,
		/// A model must reference at least one dataset.
		NoDatasets,
		/// The same dataset appears twice in a model.
		DuplicateDataset,
		/// A payment must be for at least one query.
		ZeroQueries,
		/// More contributors than `MaxContributors`.
		TooManyContributors,
		/// More datasets than `MaxDatasetsPerModel`.
		TooManyDatasets,
		/// Metadata longer than `MaxMetadataLen`.
		MetadataTooLong,
		/// Not returned: an amount too large fails with `ArithmeticError::Overflow` (or
		/// `Underflow`), as in FRAME's own pallets. Kept so that the errors after it keep their
		/// indices.
		Overflow,
		/// The dataset already has an open challenge.
		ChallengeAlreadyOpen,
		/// The dataset has no open challenge.
		NoOpenChallenge,
		/// The challenger owns the dataset or is one of its contributors.
		ChallengerIsContributor,
		/// The challenge's period is not over: only a curator may rule on it yet.
		ChallengePeriodNotOver,
		/// Evidence longer than `MaxEvidenceLen`.
		EvidenceTooLong,
		/// No commitment of the signer matches this hash and salt: commit first
		/// (`commit_dataset`).
		UnknownCommitment,
		/// The signer already made this commitment.
		CommitmentAlreadyExists,
		/// A commitment is revealed in a later block than the one it was made in.
		CommitmentTooRecent,
		/// The commitment is older than `CommitmentLifetime` blocks: it can no longer be
		/// revealed.
		CommitmentExpired,
		/// Only the account that made a commitment may remove it before it expires.
		CommitmentNotExpired,
		/// The dataset was registered less than `RevealWindow` blocks ago: an earlier commitment
		/// may still displace it, so it can be neither used, withdrawn nor challenged yet.
		RegistrationPending,
		/// The withdrawal notice (`ChallengePeriod` blocks after the request) is not over.
		NoticeNotOver,
		/// The dataset is not withdrawn.
		NotWithdrawn,
		/// Models still reference the dataset, whose status routes their payments.
		DatasetInUse,
		/// The account holds no position in this model.
		NoPosition,
		/// The model is not retired.
		ModelNotRetired,
		/// Positions in the model remain: settle them first (`settle_position`).
		PositionsRemain,
		/// The signer is not one of the dataset's contributors.
		NotContributor,
		/// The contributor already confirmed its part.
		AlreadyConfirmed,
		/// An escrow or a top-up must be positive.
		EmptyEscrow,
		/// The model's price is above the consumer's `max_price_per_query`.
		PriceAboveMax,
		/// The consumer already has a channel open to this model: top it up instead.
		ChannelAlreadyOpen,
		/// No usage channel has this id.
		UnknownChannel,
		/// Only the channel's consumer may do this.
		NotConsumer,
		/// The channel is closing: it takes no top-up, and cannot be closed twice.
		ChannelClosing,
		/// The channel's consumer has not asked to close it.
		ChannelNotClosing,
		/// The channel's close period (`UsageClosePeriod` blocks) is not over.
		ClosePeriodNotOver,
		/// A settlement must carry at least one receipt.
		NoReceipts,
		/// More receipts than `MaxReceiptsPerSettlement`.
		TooManyReceipts,
		/// A model's revenue waits for an account that cannot take it now: the protocol account
		/// (or the owner's) holds less than the existential deposit and the part is smaller.
		/// The part stays credited to the model; once the account holds the existential deposit,
		/// it can be paid.
		RevenueUndeliverable,
		/// No ownership offer is open for this dataset or model.
		NoOwnershipOffer,
		/// The dataset or model was offered to another account.
		NotOfferedOwner,
		/// The dataset cannot change hands: it is under a challenge, or was slashed or
		/// reattributed.
		DatasetNotTransferable,
		/// Models still name this one as a parent, and pay it royalties: it stays until they are
		/// removed.
		DerivativesRemain,
		/// More parents than `MaxParents`.
		TooManyParents,
		/// The same parent appears twice in a model.
		DuplicateParent,
		/// A dataset or a parent the model uses does not allow derivative models.
		DerivativesForbidden,
		/// A parent model is not active: it was retired.
		ParentNotActive,
		/// The parents' royalties sum to more than 100%.
		RoyaltiesAboveWhole,
		/// The model's lineage reaches more than `MaxAncestors` models, counted along every path.
		TooManyAncestors,
		/// A dataset or a parent the model uses does not allow commercial use: its price must be
		/// zero.
		CommercialUseForbidden,
		/// The part of each payment that would reach the model's own datasets' contributors is
		/// below a dataset's `min_contributor_share`: lower the owner share or the royalties.
		ContributorShareBelowFloor,
		/// New terms may only loosen a dataset's terms, never tighten one.
		TermsTightened,
		/// A parent's royalty must be positive: a parent keeps its record while derivatives name
		/// it, so one must pay it something.
		ZeroRoyalty,
		/// An inclusion proof has more siblings than `MaxProofDepth`.
		ProofTooDeep,
		/// An inclusion proof's path is longer than `MaxProofPathLen`.
		ProofPathTooLong,
		/// The inclusion proof's siblings lead from its file to another root than the dataset's
		/// hash: the dataset does not hold that file, by that path and content.
		InclusionNotProven,
	}
}
