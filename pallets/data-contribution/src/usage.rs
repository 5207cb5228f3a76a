//! Usage channels: pay per query at inference speed.
//!
//! A consumer prepays an escrow for one model (`open_usage`, `top_up_usage`) and signs, with each
//! request it sends the model's operator, a **receipt**: the cumulative number of queries it has
//! asked of the channel so far. The operator keeps only the latest receipt per channel and
//! settles many channels' receipts in one `settle_usage`. A settlement charges each channel
//! `(cumulative − settled) × price` from its escrow, and splits the batch's total once, as a
//! payment is split: the protocol fee, the owner share, and the data reward recorded in the
//! model's accumulator in one write, whatever the number of receipts and contributors.
//!
//! # The receipt
//!
//! The consumer signs the SCALE encoding of `(b"fairshare/usage/v1", genesis_hash, channel_id,
//! cumulative_queries)` (see [`Pallet::usage_receipt`]): 18 + 32 + 8 + 8 = 66 bytes, or the same
//! message wrapped in `<Bytes>`…`</Bytes>` as browser extensions sign raw data. The tag and the
//! genesis hash bind it to this purpose and chain, the channel id to one channel (ids are never
//! reused), and a count that is not above the settled one moves nothing.
//!
//! # Where the escrow is
//!
//! Escrow moves at `open_usage` and `top_up_usage` from the consumer into the **usage escrow
//! account** ([`Pallet::usage_escrow_account`]), held there under `UsageEscrow`; each channel
//! records its part. Settling a receipt therefore writes only its channel: the consumers'
//! accounts are not touched per receipt, and the funds move once per batch. What a channel has
//! left goes back to its consumer when the channel closes, `UsageClosePeriod` blocks after the
//! consumer asked, so that the operator can settle the last receipts first.
//!
//! Writes [`UsageChannels`], [`ConsumerChannels`], [`NextChannelId`], and [`Models`] (the
//! accumulator, queries served and revenue).

use crate::*;
use frame_support::{ensure, weights::Weight};
use sp_runtime::traits::Verify;

/// What one `settle_usage` batch settled.
pub(crate) struct UsageBatch<Balance, MaxReceipts: Get<u32>> {
	/// How many receipts settled.
	pub receipts: u32,
	/// The queries they paid for.
	pub queries: u64,
	/// What they charged in all.
	pub amount: Balance,
	/// How many receipts needed a second signature check (the `<Bytes>`-wrapped form, or a bad
	/// signature): they are charged `settle_usage_wrapped`'s weight.
	pub wrapped: u32,
	/// The receipts refused, and why.
	pub rejected: BoundedVec<RejectedReceipt, MaxReceipts>,
}

impl<T: Config> Pallet<T> {
	/// Opens a channel from `consumer` to model `model_id` with `escrow` in escrow: see
	/// [`Pallet::open_usage`].
	pub(crate) fn do_open_usage(
		consumer: T::AccountId,
		model_id: ModelId,
		escrow: BalanceOf<T>,
		max_price_per_query: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!escrow.is_zero(), Error::<T>::EmptyEscrow);
		let model = Models::<T>::get(model_id).ok_or(Error::<T>::UnknownModel)?;
		ensure!(model.status == ModelStatus::Active, Error::<T>::ModelNotActive);
		ensure!(model.price_per_query <= max_price_per_query, Error::<T>::PriceAboveMax);
		ensure!(
			!ConsumerChannels::<T>::contains_key(&consumer, model_id),
			Error::<T>::ChannelAlreadyOpen
		);

		let channel_id = NextChannelId::<T>::get();
		let next = channel_id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let deposit = Self::deposit_of(Self::channel_footprint());
		Self::hold(HoldReason::UsageChannelDeposit, &consumer, deposit)?;
		Self::hold_in_escrow(&consumer, escrow)?;

		UsageChannels::<T>::insert(
			channel_id,
			UsageChannel {
				consumer: consumer.clone(),
				model_id,
				escrow,
				max_price_per_query,
				settled_queries: 0,
				spent: Zero::zero(),
				deposit,
				closes_at: None,
			},
		);
		ConsumerChannels::<T>::insert(&consumer, model_id, channel_id);
		NextChannelId::<T>::put(next);
		Self::deposit_event(Event::UsageOpened {
			channel_id,
			model_id,
			consumer,
			deposit: escrow,
			max_price_per_query,
		});
		Ok(())
	}

	/// Adds `amount` to the escrow of `who`'s channel `channel_id`: see [`Pallet::top_up_usage`].
	pub(crate) fn do_top_up_usage(
		who: T::AccountId,
		channel_id: ChannelId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::EmptyEscrow);
		UsageChannels::<T>::try_mutate(channel_id, |maybe_channel| {
			let channel = maybe_channel.as_mut().ok_or(Error::<T>::UnknownChannel)?;
			ensure!(channel.consumer == who, Error::<T>::NotConsumer);
			ensure!(channel.closes_at.is_none(), Error::<T>::ChannelClosing);
			channel.escrow =
				channel.escrow.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
			Self::hold_in_escrow(&who, amount)?;
			Self::deposit_event(Event::UsageToppedUp {
				channel_id,
				amount,
				escrow: channel.escrow,
			});
			Ok(())
		})
	}

	/// Settles `receipts` for model `model_id`, signed off by its owner `who`: see
	/// [`Pallet::settle_usage`]. Returns the weight actually used.
	pub(crate) fn do_settle_usage(
		who: T::AccountId,
		model_id: ModelId,
		receipts: Vec<(ChannelId, u64, T::UsageSignature)>,
	) -> Result<Weight, DispatchError> {
		ensure!(!receipts.is_empty(), Error::<T>::NoReceipts);
		ensure!(
			receipts.len() <= T::MaxReceiptsPerSettlement::get() as usize,
			Error::<T>::TooManyReceipts
		);
		let mut model = Models::<T>::get(model_id).ok_or(Error::<T>::UnknownModel)?;
		ensure!(model.owner == who, Error::<T>::NotOwner);
		ensure!(model.status == ModelStatus::Active, Error::<T>::ModelNotActive);

		let count = receipts.len() as u32;
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let mut batch: UsageBatch<BalanceOf<T>, T::MaxReceiptsPerSettlement> = UsageBatch {
			receipts: 0,
			queries: 0,
			amount: Zero::zero(),
			wrapped: 0,
			rejected: BoundedVec::new(),
		};
		for (index, (channel_id, cumulative, signature)) in receipts.into_iter().enumerate() {
			match Self::settle_receipt(
				&genesis,
				model_id,
				&model,
				channel_id,
				cumulative,
				&signature,
				&mut batch.wrapped,
			) {
				Ok((queries, charge)) => {
					// Both sums are bounded by what the receipts' escrows held and counted.
					batch.receipts.saturating_inc();
					batch.queries = batch.queries.saturating_add(queries);
					batch.amount = batch.amount.saturating_add(charge);
				},
				Err(reason) => {
					let rejected = RejectedReceipt { index: index as u32, channel_id, reason };
					// The batch is at most `MaxReceiptsPerSettlement` long, as is this list.
					let _ = batch.rejected.try_push(rejected);
				},
			}
		}

		let (split, reached) =
			Self::record_usage(model_id, &mut model, batch.queries, batch.amount)?;
		let escrow = Self::usage_escrow_account();
		// As a payment: the whole batch into the pot, the owner's and protocol's parts credited.
		Self::transfer_held(HoldReason::UsageEscrow, &escrow, &Self::pot_account(), batch.amount)?;
		Models::<T>::insert(model_id, model);

		Self::deposit_event(Event::UsageSettled {
			model_id,
			receipts: batch.receipts,
			queries: batch.queries,
			amount: batch.amount,
			rejected: batch.rejected,
			protocol_fee: split.protocol,
			owner_reward: split.owner,
			data_reward: split.data,
		});
		Ok(Self::settle_usage_weight(count, batch.wrapped, reached))
	}

	/// Checks one receipt for channel `channel_id` against the channel and `model`, and settles
	/// it: returns the queries and the amount it charged the channel's escrow, or why it was
	/// refused, having written nothing. Counts in `wrapped` a receipt that needed a second
	/// signature check.
	fn settle_receipt(
		genesis: &T::Hash,
		model_id: ModelId,
		model: &ModelInfo<T>,
		channel_id: ChannelId,
		cumulative: u64,
		signature: &T::UsageSignature,
		wrapped: &mut u32,
	) -> Result<(u64, BalanceOf<T>), ReceiptRejection> {
		let mut channel =
			UsageChannels::<T>::get(channel_id).ok_or(ReceiptRejection::UnknownChannel)?;
		ensure!(channel.model_id == model_id, ReceiptRejection::WrongModel);
		ensure!(cumulative > channel.settled_queries, ReceiptRejection::NotAboveSettled);
		ensure!(
			Self::receipt_signed(
				genesis,
				channel_id,
				cumulative,
				signature,
				&channel.consumer,
				wrapped
			),
			ReceiptRejection::BadSignature
		);
		ensure!(
			model.price_per_query <= channel.max_price_per_query,
			ReceiptRejection::PriceAboveMax
		);
		// `cumulative > settled_queries`, so this does not underflow.
		let queries = cumulative - channel.settled_queries;
		let charge = Self::price_of(model.price_per_query, queries)
			.map_err(|_| ReceiptRejection::Overflow)?;
		channel.escrow =
			channel.escrow.checked_sub(&charge).ok_or(ReceiptRejection::EscrowExhausted)?;
		channel.spent = channel.spent.checked_add(&charge).ok_or(ReceiptRejection::Overflow)?;
		channel.settled_queries = cumulative;
		UsageChannels::<T>::insert(channel_id, channel);
		Ok((queries, charge))
	}

	/// Starts closing `who`'s channel `channel_id`: see [`Pallet::close_usage`].
	pub(crate) fn do_close_usage(who: T::AccountId, channel_id: ChannelId) -> DispatchResult {
		UsageChannels::<T>::try_mutate(channel_id, |maybe_channel| {
			let channel = maybe_channel.as_mut().ok_or(Error::<T>::UnknownChannel)?;
			ensure!(channel.consumer == who, Error::<T>::NotConsumer);
			ensure!(channel.closes_at.is_none(), Error::<T>::ChannelClosing);
			let closes_at = frame_system::Pallet::<T>::block_number()
				.saturating_add(T::UsageClosePeriod::get());
			channel.closes_at = Some(closes_at);
			Self::deposit_event(Event::UsageClosing { channel_id, closes_at });
			Ok(())
		})
	}

	/// Removes channel `channel_id` once its close period is over, returning what is left of its
	/// escrow and its deposit to its consumer: see [`Pallet::finish_close_usage`].
	pub(crate) fn do_finish_close_usage(channel_id: ChannelId) -> DispatchResult {
		let channel = UsageChannels::<T>::get(channel_id).ok_or(Error::<T>::UnknownChannel)?;
		let closes_at = channel.closes_at.ok_or(Error::<T>::ChannelNotClosing)?;
		ensure!(
			frame_system::Pallet::<T>::block_number() >= closes_at,
			Error::<T>::ClosePeriodNotOver
		);
		let escrow = Self::usage_escrow_account();
		Self::transfer_held(HoldReason::UsageEscrow, &escrow, &channel.consumer, channel.escrow)?;
		Self::release_deposit(HoldReason::UsageChannelDeposit, &channel.consumer, channel.deposit)?;
		UsageChannels::<T>::remove(channel_id);
		ConsumerChannels::<T>::remove(&channel.consumer, channel.model_id);
		Self::deposit_event(Event::UsageClosed {
			channel_id,
			consumer: channel.consumer,
			refunded: channel.escrow,
			channel_deposit: channel.deposit,
		});
		Ok(())
	}

	/// The message a consumer signs for channel `channel_id` at `cumulative_queries` queries on
	/// this chain: the SCALE encoding of `(USAGE_RECEIPT_TAG, genesis_hash, channel_id,
	/// cumulative_queries)`, 66 bytes with a 32-byte hash.
	pub fn usage_receipt(channel_id: ChannelId, cumulative_queries: u64) -> Vec<u8> {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		Self::receipt_message(&genesis, channel_id, cumulative_queries)
	}

	/// Whether `signature` is `consumer`'s on the receipt for `channel_id` at `cumulative`
	/// queries on the chain with genesis `genesis`, raw or else wrapped in `<Bytes>` (counted in
	/// `wrapped`): the one rule for a receipt's signature, which the node's `verify-receipts`
	/// applies for operators' gateways too.
	pub fn receipt_signed(
		genesis: &T::Hash,
		channel_id: ChannelId,
		cumulative: u64,
		signature: &T::UsageSignature,
		consumer: &T::AccountId,
		wrapped: &mut u32,
	) -> bool {
		let message = Self::receipt_message(genesis, channel_id, cumulative);
		if signature.verify(&message[..], consumer) {
			return true;
		}
		wrapped.saturating_inc();
		signature.verify(&Self::wrap_bytes(&message)[..], consumer)
	}

	/// The receipt for `channel_id` at `cumulative` queries on the chain with genesis `genesis`.
	pub fn receipt_message(genesis: &T::Hash, channel_id: ChannelId, cumulative: u64) -> Vec<u8> {
		(USAGE_RECEIPT_TAG, genesis, channel_id, cumulative).encode()
	}

	/// `message` as browser wallet extensions sign raw data: `<Bytes>message</Bytes>`.
	pub fn wrap_bytes(message: &[u8]) -> Vec<u8> {
		[b"<Bytes>".as_slice(), message, b"</Bytes>".as_slice()].concat()
	}
}
