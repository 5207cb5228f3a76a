//! The pallet's dispatchables: each checks its origin and calls one `do_*` function of the
//! module that owns the mechanism. A [`pallet_section`] imported into the pallet module in
//! `lib.rs`.

use frame_support::pallet_macros::pallet_section;

/// The pallet's dispatchables.
#[pallet_section]
mod calls {
	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers the dataset with content hash `hash`, revealing the signer's commitment to
		/// it (`commit_dataset` with `salt`, in an earlier block and at most `CommitmentLifetime`
		/// blocks ago); the signer becomes its owner.
		///
		/// `contributors` names each co-contributor once, with a positive share; the shares sum to
		/// exactly 100%. The owner need not be a contributor. `metadata` holds a URI, CID, licence
		/// and the like. `terms` says how models may use the dataset (commercially, in
		/// derivatives, and the least part of their revenue its contributors get); the owner may
		/// only loosen them later. Holds a deposit of `DepositBase + DepositPerByte × bytes` from
		/// the owner, and releases the commitment's.
		///
		/// Whoever committed first wins: within `RevealWindow` blocks of a registration, the
		/// reveal of an earlier commitment to the same hash displaces it (`DatasetDisplaced`). A
		/// hash that is registered otherwise, or was slashed, cannot be registered.
		///
		/// Emits `DatasetRegistered`, after `DatasetDisplaced` when it displaces one.
		///
		/// The weight declared is that of the worst case, a displacement of a record whose
		/// `MaxContributors` contributors confirmed; what a registration without one, or with a
		/// smaller one, does not use is refunded.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_dataset(T::MaxContributors::get(), metadata.len() as u32))]
		pub fn register_dataset(
			origin: OriginFor<T>,
			hash: DatasetHash,
			salt: [u8; 32],
			contributors: Vec<(T::AccountId, Perbill)>,
			metadata: Vec<u8>,
			terms: LicenceTerms,
		) -> DispatchResultWithPostInfo {
			let owner = ensure_signed(origin)?;
			Self::do_register_dataset(owner, hash, salt, contributors, metadata, terms)
		}

		/// Asks to withdraw the dataset `hash`: only its owner may, once its registration can no
		/// longer be displaced. No new model may reference it from now on; it stays
		/// challengeable while its record exists. After `ChallengePeriod` blocks,
		/// `finish_withdraw_dataset` removes its record and releases its deposit, once no model
		/// pays through it.
		///
		/// Models already trained on the dataset keep paying its contributors: the data is in
		/// those models' parameters and cannot be taken back, and the owner alone must not be
		/// able to cut the co-contributors' income from models that use their data.
		///
		/// Emits `DatasetWithdrawn`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::withdraw_dataset())]
		pub fn withdraw_dataset(origin: OriginFor<T>, hash: DatasetHash) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_dataset(who, hash)
		}

		/// Registers a model trained on `datasets`, each paired with its attribution weight; the
		/// signer owns it. The datasets are distinct, registered and active, and the weights are
		/// not all zero. Holds a deposit for the model and the contributor positions it opens.
		///
		/// `parents` names the models this one was derived from (fine-tuned from), each with its
		/// royalty: the part of this model's data reward that goes to that parent's data reward,
		/// and so to the parent's contributors (and, in turn, its own parents). At most
		/// `MaxParents`, distinct, active, allowing derivatives, each royalty positive and all
		/// summing to at most 100%, and the whole lineage reaching at most `MaxAncestors` models.
		/// A parent stays (it cannot be removed) while derivatives name it.
		///
		/// The model must keep the terms of every dataset and parent: no price above zero
		/// unless all allow commercial use, no parents unless its datasets allow derivatives, and
		/// its contributors' part `(100% − ProtocolFee) × (100% − owner_share)` at least each
		/// floor. Those terms are fixed into the model.
		///
		/// Emits `ModelRegistered` with the new model id.
		#[pallet::call_index(2)]
		#[pallet::weight(Pallet::<T>::register_model_weight(
			datasets.len() as u32,
			T::MaxContributors::get(),
			metadata.len() as u32,
			parents.len() as u32,
			T::MaxAncestors::get(),
		))]
		pub fn register_model(
			origin: OriginFor<T>,
			datasets: Vec<(DatasetHash, AttributionWeight)>,
			parents: Vec<(ModelId, Perbill)>,
			price_per_query: BalanceOf<T>,
			owner_share: Perbill,
			metadata: Vec<u8>,
		) -> DispatchResultWithPostInfo {
			let owner = ensure_signed(origin)?;
			Self::do_register_model(
				owner,
				datasets,
				parents,
				price_per_query,
				owner_share,
				metadata,
			)
		}

		/// Sets the price of one query to model `model_id`: only its owner may, while it is active.
		/// A price above zero needs terms that allow commercial use.
		///
		/// Emits `ModelPriceSet`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_model_price())]
		pub fn set_model_price(
			origin: OriginFor<T>,
			model_id: ModelId,
			price_per_query: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_model_price(who, model_id, price_per_query)
		}

		/// Retires model `model_id`: only its owner may. It accepts no further payments and no new
		/// derivatives; rewards already earned stay claimable, and its derivatives' royalties keep
		/// reaching its contributors. The model's deposit is released with its record by
		/// `remove_retired_model`, once no derivative names it and its last position is settled
		/// (by the contributor's claim, or by anyone through `settle_position`).
		///
		/// Emits `ModelRetired`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::retire_model())]
		pub fn retire_model(origin: OriginFor<T>, model_id: ModelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_retire_model(who, model_id)
		}

		/// Pays for `queries` queries to model `model_id`: `price_per_query × queries`, moved to
		/// the pot in one transfer and split at once: the protocol's and the owner's parts are
		/// credited to the model's revenue (paid out by `claim_model_revenue`), the rest to the
		/// model's data contributors.
		///
		/// Fails, with nothing moved, if the total exceeds `max_total`: that guards the payer
		/// against a price change between signing and inclusion. Never loops over datasets or
		/// contributors: its cost grows only with the model's ancestors (at most `MaxAncestors`),
		/// whose data rewards get their royalties, and the unused weight is refunded.
		///
		/// Emits `UsageRecorded`.
		#[pallet::call_index(5)]
		#[pallet::weight(Pallet::<T>::pay_for_queries_weight(T::MaxAncestors::get()))]
		pub fn pay_for_queries(
			origin: OriginFor<T>,
			model_id: ModelId,
			queries: u32,
			max_total: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let payer = ensure_signed(origin)?;
			Self::do_pay_for_queries(payer, model_id, queries, max_total)
		}

		/// Moves the signer's accrued contributor rewards, across every model, and any credit from
		/// rejected challenges, from the pot into its free balance.
		///
		/// Settles up to `MaxPositionsPerClaim` positions, and up to `MaxPartsPerClaim` dataset
		/// parts, per call; when more remain, the event says so, and the next call resumes where
		/// this one stopped. Positions in retired models that no derivative names are removed once
		/// settled. What a position earned through a challenged dataset goes to escrow, and through
		/// a slashed dataset to the protocol account.
		///
		/// Emits `RewardsClaimed`.
		#[pallet::call_index(6)]
		#[pallet::weight(Pallet::<T>::claim_weight(
			T::MaxPositionsPerClaim::get(),
			T::MaxPartsPerClaim::get(),
		))]
		pub fn claim_rewards(origin: OriginFor<T>) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_claim_rewards(who)
		}

		/// Challenges dataset `hash`, active or withdrawn (a withdrawn dataset stays
		/// challengeable while its record exists), once its reveal window is over, stating
		/// `evidence` (a hash or URI, at most `MaxEvidenceLen` bytes). Holds `ChallengeBond` from
		/// the signer, who may be neither the dataset's owner nor a contributor who confirmed
		/// its part: an account named without its consent may challenge. A dataset has at most
		/// one open challenge; while it is open, the dataset's earnings are escrowed and it may
		/// not be withdrawn or referenced by new models.
		///
		/// Emits `ChallengeOpened`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::challenge_dataset(
			T::MaxContributors::get(),
			evidence.len() as u32,
		))]
		pub fn challenge_dataset(
			origin: OriginFor<T>,
			hash: DatasetHash,
			evidence: Vec<u8>,
		) -> DispatchResultWithPostInfo {
			let challenger = ensure_signed(origin)?;
			Self::do_challenge_dataset(challenger, hash, evidence)
		}

		/// Rules on the open challenge against dataset `hash`: only `CuratorOrigin` may.
		///
		/// Upheld: the dataset is slashed. The owner's deposit goes `ChallengerReward` to the
		/// challenger and the rest to the protocol account; the escrow, and everything the
		/// dataset earns from now on, goes to the protocol account; the bond is released.
		///
		/// Rejected: the dataset is active again. The bond goes to the protocol account (a rejected
		/// challenge costs its challenger the whole bond, whoever it is), and the escrow is
		/// credited back to the contributors, paid by their next claim.
		///
		/// Emits `ChallengeUpheld` or `ChallengeRejected`.
		#[pallet::call_index(8)]
		#[pallet::weight(Pallet::<T>::resolve_challenge_weight())]
		pub fn resolve_challenge(
			origin: OriginFor<T>,
			hash: DatasetHash,
			upheld: bool,
		) -> DispatchResultWithPostInfo {
			T::CuratorOrigin::ensure_origin(origin)?;
			Self::do_resolve_challenge(hash, upheld)
		}

		/// Closes the open challenge against dataset `hash` as rejected, once `ChallengePeriod`
		/// blocks have passed without a ruling; anyone may, so that no escrow stays locked. The
		/// escrow goes back to the contributors; the unruled bond to the protocol account.
		///
		/// Emits `ChallengeRejected` with `expired: true`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::close_expired_challenge(T::MaxContributors::get()))]
		pub fn close_expired_challenge(
			origin: OriginFor<T>,
			hash: DatasetHash,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::do_close_expired_challenge(hash)
		}

		/// Commits the signer to registering a dataset without revealing its hash:
		/// `commitment = blake2_256(SCALE((b"fairshare/commit/v1", hash, owner, salt)))` (see
		/// [`Pallet::commitment_of`]). Holds a deposit for it until it is revealed by
		/// `register_dataset` (in a later block, within `CommitmentLifetime` blocks) or removed.
		///
		/// Emits `DatasetCommitted`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::commit_dataset())]
		pub fn commit_dataset(origin: OriginFor<T>, commitment: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit_dataset(who, commitment)
		}

		/// Removes `who`'s unrevealed `commitment` and releases its deposit to `who`: `who` may at
		/// any time, anyone else once it has expired.
		///
		/// Emits `CommitmentRemoved`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::remove_commitment())]
		pub fn remove_commitment(
			origin: OriginFor<T>,
			who: T::AccountId,
			commitment: H256,
		) -> DispatchResult {
			let signer = ensure_signed(origin)?;
			Self::do_remove_commitment(signer, who, commitment)
		}

		/// Removes the record of withdrawn dataset `hash` and releases its deposit to its owner:
		/// anyone may, once the withdrawal notice is over and no model references the dataset.
		///
		/// Emits `DatasetRemoved`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::finish_withdraw_dataset())]
		pub fn finish_withdraw_dataset(origin: OriginFor<T>, hash: DatasetHash) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_finish_withdraw_dataset(hash)
		}

		/// Settles `contributor`'s position in model `model_id` on its behalf, as its claim
		/// would, crediting what it is owed to it (paid by its next `claim_rewards`); anyone
		/// may. A position in a retired model that no derivative names is removed: so a model's
		/// owner can settle its retired model's last positions and get its deposit back
		/// (`remove_retired_model`). The
		/// rightful account of a reattributed dataset uses it to collect what positions earned
		/// through that dataset.
		///
		/// Emits `PositionSettled`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::settle_position(T::MaxDatasetsPerModel::get()))]
		pub fn settle_position(
			origin: OriginFor<T>,
			model_id: ModelId,
			contributor: T::AccountId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::do_settle_position(model_id, contributor)
		}

		/// Confirms the signer's part in dataset `hash`, as one of its named contributors: the
		/// dataset then counts toward the signer's reputation. A contributor earns whether or
		/// not it confirms.
		///
		/// Emits `ContributionConfirmed`.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::confirm_contribution(T::MaxContributors::get()))]
		pub fn confirm_contribution(origin: OriginFor<T>, hash: DatasetHash) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_confirm_contribution(who, hash)
		}

		/// Removes retired model `model_id` once none of its positions is left and no model names
		/// it as a parent (royalties could still arrive): its revenue still waiting is paid out
		/// (as `claim_model_revenue` does), its record, its entries in the dataset-to-models
		/// index and its ownership offer go, its parents count one derivative less, and its
		/// deposit comes back to its owner; anyone may.
		///
		/// Emits `ModelRemoved` (after `ModelRevenueClaimed` when revenue waited).
		#[pallet::call_index(16)]
		#[pallet::weight(Pallet::<T>::remove_retired_model_weight(
			T::MaxDatasetsPerModel::get(),
			T::MaxParents::get(),
		))]
		pub fn remove_retired_model(
			origin: OriginFor<T>,
			model_id: ModelId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::do_remove_retired_model(model_id)
		}

		/// Upholds the open challenge against dataset `hash` as one of misattribution: only
		/// `CuratorOrigin` may. The dataset is reattributed to `rightful`: the owner's deposit is
		/// slashed as in `resolve_challenge`, and its escrow, and everything positions earn
		/// through it from now on, is credited to `rightful`; the bond is released.
		///
		/// Emits `MisattributionUpheld`.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::resolve_challenge_upheld(T::MaxContributors::get()))]
		pub fn resolve_misattribution(
			origin: OriginFor<T>,
			hash: DatasetHash,
			rightful: T::AccountId,
		) -> DispatchResultWithPostInfo {
			T::CuratorOrigin::ensure_origin(origin)?;
			Self::do_resolve_misattribution(hash, rightful)
		}

		/// Opens a usage channel from the signer (the consumer) to the active model `model_id`,
		/// whose price must be at most `max_price_per_query`. Moves `deposit` into escrow, held
		/// under `UsageEscrow`, and holds the channel's storage deposit from the signer. A
		/// consumer has at most one channel per model.
		///
		/// The consumer then signs a receipt ([`Pallet::usage_receipt`]) with each request to the
		/// model's operator, who settles them with `settle_usage`.
		///
		/// Emits `UsageOpened`.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::open_usage())]
		pub fn open_usage(
			origin: OriginFor<T>,
			model_id: ModelId,
			deposit: BalanceOf<T>,
			max_price_per_query: BalanceOf<T>,
		) -> DispatchResult {
			let consumer = ensure_signed(origin)?;
			Self::do_open_usage(consumer, model_id, deposit, max_price_per_query)
		}

		/// Adds `amount` to the escrow of the signer's usage channel `channel_id`, which must not
		/// be closing.
		///
		/// Emits `UsageToppedUp`.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::top_up_usage())]
		pub fn top_up_usage(
			origin: OriginFor<T>,
			channel_id: ChannelId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_top_up_usage(who, channel_id, amount)
		}

		/// Settles a batch of usage receipts for model `model_id`; the signer must own the model,
		/// which must be active. Each receipt is `(channel_id, cumulative_queries, signature)`,
		/// at most `MaxReceiptsPerSettlement` of them.
		///
		/// A receipt settles when its channel pays for this model, its signature is the channel's
		/// consumer's over the receipt (raw or in `<Bytes>`), its count is above what the
		/// channel settled, the model's price is at most the channel's `max_price_per_query`,
		/// and the escrow covers `(cumulative_queries − settled) × price`. A receipt that fails a
		/// check moves nothing and is listed in the event with the reason; the rest settle. The
		/// batch's total is split once, as `pay_for_queries` splits a payment: the data reward is
		/// recorded in the model's accumulator in one write.
		///
		/// Emits `UsageSettled`.
		#[pallet::call_index(19)]
		#[pallet::weight(Pallet::<T>::settle_usage_weight(
			receipts.len() as u32,
			receipts.len() as u32,
			T::MaxAncestors::get(),
		))]
		pub fn settle_usage(
			origin: OriginFor<T>,
			model_id: ModelId,
			receipts: Vec<(ChannelId, u64, T::UsageSignature)>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let used = Self::do_settle_usage(who, model_id, receipts)?;
			Ok(Some(used).into())
		}

		/// The signer (the channel's consumer) asks to close usage channel `channel_id`. Its
		/// escrow can be returned `UsageClosePeriod` blocks from now (`finish_close_usage`); until
		/// then the operator may still settle receipts from it.
		///
		/// Emits `UsageClosing`.
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::close_usage())]
		pub fn close_usage(origin: OriginFor<T>, channel_id: ChannelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close_usage(who, channel_id)
		}

		/// Removes usage channel `channel_id` once its close period is over, returning what is
		/// left of its escrow and its storage deposit to its consumer. Anyone may call it.
		///
		/// Emits `UsageClosed`.
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::finish_close_usage())]
		pub fn finish_close_usage(origin: OriginFor<T>, channel_id: ChannelId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_finish_close_usage(channel_id)
		}

		/// Pays out model `model_id`'s revenue: the owner's and the protocol's parts of its
		/// payments and usage settlements, which wait in the pot (credited in the model's record,
		/// so that a payment moves money once), go to the model's owner and to the protocol
		/// account. Anyone may call it: it pays only those two. A part whose account cannot take
		/// it now (one reaped below the existential deposit) stays credited, and the other is
		/// paid. Fails with `NothingToClaim` when nothing waits, and with `RevenueUndeliverable`
		/// when nothing that waits can be paid. Removing a retired model pays its revenue first.
		///
		/// Emits `ModelRevenueClaimed`.
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::claim_model_revenue())]
		pub fn claim_model_revenue(origin: OriginFor<T>, model_id: ModelId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_claim_model_revenue(model_id)
		}

		/// Offers dataset `hash` to `new_owner`: only its owner may, while the dataset is active
		/// or withdrawn (never under a challenge or after a ruling) and its registration can no
		/// longer be displaced. Nothing changes hands until `new_owner` accepts
		/// (`accept_dataset_ownership`), so a mistyped account loses nothing. A new offer
		/// replaces the last; an offer to the owner itself withdraws it.
		///
		/// Emits `DatasetOwnershipOffered`, or `DatasetOwnershipOfferWithdrawn`.
		#[pallet::call_index(23)]
		#[pallet::weight(T::WeightInfo::offer_dataset_ownership())]
		pub fn offer_dataset_ownership(
			origin: OriginFor<T>,
			hash: DatasetHash,
			new_owner: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_offer_ownership::<DatasetOwnership>(who, hash, new_owner)
		}

		/// Accepts the offer of dataset `hash`: only the account it was offered to may, while
		/// the dataset is still transferable. The signer becomes its owner and holds its deposit
		/// (the same amount), which is released to the old owner; the dataset counts toward the
		/// signer's reputation from now on.
		///
		/// Emits `DatasetOwnershipTransferred`.
		#[pallet::call_index(24)]
		#[pallet::weight(T::WeightInfo::accept_dataset_ownership())]
		pub fn accept_dataset_ownership(origin: OriginFor<T>, hash: DatasetHash) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_ownership::<DatasetOwnership>(who, hash)
		}

		/// Offers model `model_id` to `new_owner`: only its owner may. Nothing changes hands
		/// until `new_owner` accepts (`accept_model_ownership`). A new offer replaces the last;
		/// an offer to the owner itself withdraws it.
		///
		/// Emits `ModelOwnershipOffered`, or `ModelOwnershipOfferWithdrawn`.
		#[pallet::call_index(25)]
		#[pallet::weight(T::WeightInfo::offer_model_ownership())]
		pub fn offer_model_ownership(
			origin: OriginFor<T>,
			model_id: ModelId,
			new_owner: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_offer_ownership::<ModelOwnership>(who, model_id, new_owner)
		}

		/// Accepts the offer of model `model_id`: only the account it was offered to may. The
		/// model's revenue waiting is paid out first (as `claim_model_revenue` does), so that what
		/// it earned until now goes to the old owner; then the signer becomes its owner, earns
		/// its owner share and settles its usage receipts from now on, and holds its deposit (the
		/// same amount), which is released to the old owner.
		///
		/// Emits `ModelOwnershipTransferred` (after `ModelRevenueClaimed` when revenue waited).
		#[pallet::call_index(26)]
		#[pallet::weight(T::WeightInfo::accept_model_ownership())]
		pub fn accept_model_ownership(origin: OriginFor<T>, model_id: ModelId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_ownership::<ModelOwnership>(who, model_id)
		}

		/// Loosens the terms of dataset `hash`: only its owner may, and every term must be at
		/// least as loose as before (commercial use and derivatives may be allowed, not
		/// forbidden; the floor may go down, not up). Models already registered keep the terms
		/// they were registered under.
		///
		/// Emits `DatasetTermsSet`.
		#[pallet::call_index(27)]
		#[pallet::weight(T::WeightInfo::set_dataset_terms())]
		pub fn set_dataset_terms(
			origin: OriginFor<T>,
			hash: DatasetHash,
			terms: LicenceTerms,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_dataset_terms(who, hash, terms)
		}

		/// Verifies that the registered dataset `hash` holds a file: `proof` names the file's
		/// path and content hash, and the siblings that lead from its leaf to `hash` by the
		/// Merkle rules of `fairshare-node hash-dataset` (`--prove` prints such a proof). Anyone
		/// may, about any dataset whose record exists, whatever its status. Stores nothing: the
		/// event is the evidence, for instance that two datasets hold the same content.
		///
		/// Refused with `ProofPathTooLong` or `ProofTooDeep` beyond `MaxProofPathLen` and
		/// `MaxProofDepth`, before any hashing, and with `InclusionNotProven` when the siblings
		/// lead elsewhere. The weight grows linearly with the siblings and the path's length.
		///
		/// Emits `InclusionProven`.
		#[pallet::call_index(28)]
		#[pallet::weight(T::WeightInfo::prove_inclusion(
			(proof.siblings.len() as u32).min(T::MaxProofDepth::get()),
			(proof.path.len() as u32).min(T::MaxProofPathLen::get()),
		))]
		pub fn prove_inclusion(
			origin: OriginFor<T>,
			hash: DatasetHash,
			proof: InclusionProof,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_prove_inclusion(hash, proof)
		}
	}
}
