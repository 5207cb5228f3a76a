//! The property test's usage operations: open, top up, settle (good and bad receipts), close
//! and finish, each checked against the independent model's prediction of what it does.

use super::*;

/// The usage operations, each checked against the model's prediction of what it does.
impl Expected {
	/// The model id of the `pick`th model (ids are never reused).
	pub(super) fn live_model(&self, pick: usize) -> Option<ModelId> {
		self.pick_model(pick, |_| true)
	}

	/// The `pick`th open channel.
	pub(super) fn live_channel(&self, pick: usize) -> Option<(ChannelId, ExpectedChannel)> {
		let ids: Vec<ChannelId> = self.channels.keys().copied().collect();
		pick_index(&ids, pick).map(|id| (id, self.channels[&id].clone()))
	}

	pub(super) fn refused(&mut self, ok: bool) -> bool {
		if !ok {
			self.coverage.usage.refused_calls += 1;
		}
		ok
	}

	pub(super) fn open_usage(&mut self, consumer: u64, pick: usize, escrow: u128, slack: u128) {
		let Some(model) = self.live_model(pick) else { return };
		let info = self.model(model);
		// Now and then the consumer's limit is one planck under the price.
		let max_price = (info.price + slack).saturating_sub(1);
		let id = NextChannelId::<Test>::get();
		let call =
			Call::open_usage { model_id: model, deposit: escrow, max_price_per_query: max_price };
		let predicted = info.active
			&& info.price <= max_price
			&& !self.channels.values().any(|c| c.consumer == consumer && c.model == model);
		let ok = dispatch(consumer, call);
		assert_eq!(ok, predicted, "a channel opens exactly when the rules allow");
		if self.refused(ok) {
			self.coverage.usage.opened += 1;
			if info.price == 0 {
				self.coverage.usage.opened_free += 1;
			}
			let channel =
				ExpectedChannel { consumer, model, escrow, max_price, settled: 0, closes_at: None };
			self.channels.insert(id, channel);
		}
	}

	pub(super) fn top_up_usage(&mut self, pick: usize, amount: u128, stranger: bool) {
		let Some((id, channel)) = self.live_channel(pick) else { return };
		let who = if stranger { channel.consumer % 9 + 1 } else { channel.consumer };
		let ok = dispatch(who, Call::top_up_usage { channel_id: id, amount });
		assert_eq!(
			ok,
			!stranger && channel.closes_at.is_none(),
			"only the consumer tops up an open channel"
		);
		if self.refused(ok) {
			self.coverage.usage.topped_up += 1;
			self.channels.get_mut(&id).unwrap().escrow += amount;
		}
	}

	pub(super) fn settle_usage(&mut self, pick: usize, picks: Vec<(usize, u64, ReceiptKind)>) {
		// Mostly a model with channels, so that receipts settle. (A channel may outlive its model,
		// removed once retired: its consumer still closes it.)
		let model = match self.live_channel(pick) {
			Some((_, channel))
				if !pick.is_multiple_of(4) && self.models.contains_key(&channel.model) =>
			{
				channel.model
			},
			_ => match self.live_model(pick) {
				Some(model) => model,
				None => return,
			},
		};
		let info = self.model(model);
		let mut after = self.channels.clone();
		let (mut settled, mut queries, mut amount, mut receipts) = (0u32, 0u64, 0u128, Vec::new());
		let (mut largest_settled, mut largest_rejected) = (0, 0);
		let mut expected_rejections = Vec::new();
		for (channel_pick, more, kind) in picks {
			// Mostly a channel of this model; now and then any channel.
			let of_model = self.channels.iter().filter(|(_, c)| c.model == model);
			let of_model: Vec<(ChannelId, ExpectedChannel)> =
				of_model.map(|(id, c)| (*id, c.clone())).collect();
			let Some((id, channel)) = (match channel_pick % 8 {
				7 => self.live_channel(channel_pick),
				_ if !of_model.is_empty() => Some(of_model[channel_pick % of_model.len()].clone()),
				_ => self.live_channel(channel_pick),
			}) else {
				continue;
			};
			let id = if matches!(kind, ReceiptKind::NoChannel) { id + 1_000 } else { id };
			let now = after.get(&id).map(|c| c.settled).unwrap_or(0);
			let cumulative = match kind {
				ReceiptKind::Replay => now,
				ReceiptKind::Largest => u64::MAX,
				_ => now.saturating_add(more),
			};
			let message = DataContribution::usage_receipt(id, cumulative);
			let signature = match kind {
				ReceiptKind::Forged => TestSignature(channel.consumer % 9 + 1, message),
				ReceiptKind::OtherChain => TestSignature(
					channel.consumer,
					(USAGE_RECEIPT_TAG, H256::repeat_byte(7), id, cumulative).encode(),
				),
				_ => TestSignature(channel.consumer, message),
			};
			let index = receipts.len() as u32;
			receipts.push((id, cumulative, signature));
			let verdict = Self::verdict(kind, cumulative, after.get(&id), model, info.price);
			if matches!(kind, ReceiptKind::Largest) {
				if verdict.is_none() {
					largest_settled += 1
				} else {
					largest_rejected += 1
				}
			}
			if let Some(reason) = verdict {
				expected_rejections.push((index, id, reason));
			} else {
				let state = after.get_mut(&id).expect("an accepted receipt's channel");
				let charge = info.price * (cumulative - state.settled) as u128;
				settled += 1;
				// The batch's count saturates, as the model's does: it only reports.
				queries = queries.saturating_add(cumulative - state.settled);
				amount += charge;
				state.escrow -= charge;
				state.settled = cumulative;
			}
		}
		if receipts.is_empty() {
			return;
		}
		let count = receipts.len() as u32;
		let ok = dispatch(info.owner, Call::settle_usage { model_id: model, receipts });
		assert_eq!(ok, info.active, "a settlement by the owner of model {model}");
		if !self.refused(ok) {
			return;
		}
		let Event::UsageSettled { receipts, queries: got, amount: charged, rejected, .. } =
			last_event()
		else {
			panic!("a settlement emits UsageSettled")
		};
		assert_eq!((receipts, got, charged), (settled, queries, amount), "the settlement differs");
		let rejected: Vec<_> = rejected.iter().map(|r| (r.index, r.channel_id, r.reason)).collect();
		assert_eq!(rejected, expected_rejections, "each refused receipt, its place and why");
		assert_eq!(rejected.len() as u32, count - settled);
		self.coverage.usage.receipts_settled += settled as u64;
		self.coverage.usage.receipts_rejected += (count - settled) as u64;
		self.coverage.usage.largest_settled += largest_settled;
		self.coverage.usage.largest_rejected += largest_rejected;
		self.channels = after;
		if amount > 0 {
			self.paid(model, amount, info.owner_share);
		}
	}

	/// Why the pallet refuses a receipt of `kind` for `cumulative` queries in a channel now in
	/// `state` (none: no such channel), settled for `model` at `price`, checking as it does, in
	/// its order; `None` when it settles.
	fn verdict(
		kind: ReceiptKind,
		cumulative: u64,
		state: Option<&ExpectedChannel>,
		model: ModelId,
		price: u128,
	) -> Option<ReceiptRejection> {
		let Some(state) = state else { return Some(ReceiptRejection::UnknownChannel) };
		if state.model != model {
			return Some(ReceiptRejection::WrongModel);
		}
		if cumulative <= state.settled {
			return Some(ReceiptRejection::NotAboveSettled);
		}
		if matches!(kind, ReceiptKind::Forged | ReceiptKind::OtherChain) {
			return Some(ReceiptRejection::BadSignature);
		}
		if price > state.max_price {
			return Some(ReceiptRejection::PriceAboveMax);
		}
		// At most 5,000 × `u64::MAX`: no overflow in a `u128`.
		if price * (cumulative - state.settled) as u128 > state.escrow {
			return Some(ReceiptRejection::EscrowExhausted);
		}
		None
	}

	pub(super) fn close_usage(&mut self, pick: usize, stranger: bool) {
		let Some((id, channel)) = self.live_channel(pick) else { return };
		let who = if stranger { channel.consumer % 9 + 1 } else { channel.consumer };
		let ok = dispatch(who, Call::close_usage { channel_id: id });
		assert_eq!(ok, !stranger && channel.closes_at.is_none(), "only the consumer closes, once");
		if self.refused(ok) {
			self.channels.get_mut(&id).unwrap().closes_at =
				Some(System::block_number() + USAGE_CLOSE_PERIOD);
		}
	}

	pub(super) fn finish_close_usage(&mut self, who: u64, pick: usize) {
		let Some((id, channel)) = self.live_channel(pick) else { return };
		let before = free(channel.consumer);
		let ok = dispatch(who, Call::finish_close_usage { channel_id: id });
		let due = channel.closes_at.is_some_and(|at| System::block_number() >= at);
		assert_eq!(ok, due, "a channel closes exactly when its period is over");
		if self.refused(ok) {
			self.coverage.usage.closes_finished += 1;
			let deposit = DataContribution::deposit_of(DataContribution::channel_footprint());
			assert_eq!(free(channel.consumer), before + channel.escrow + deposit);
			self.channels.remove(&id);
		}
	}

	/// Every channel holds what the model says, and the escrow account holds their sum.
	pub(super) fn check_channels(&self) {
		for (id, expected) in &self.channels {
			let channel = UsageChannels::<Test>::get(id).expect("an open channel");
			assert_eq!(
				(channel.escrow, channel.settled_queries),
				(expected.escrow, expected.settled)
			);
		}
		assert_eq!(UsageChannels::<Test>::iter().count(), self.channels.len());
		let escrow: u128 = self.channels.values().map(|c| c.escrow).sum();
		let held = Balances::balance_on_hold(
			&HoldReason::UsageEscrow.into(),
			&DataContribution::usage_escrow_account(),
		);
		assert_eq!(held, escrow);
	}
}
