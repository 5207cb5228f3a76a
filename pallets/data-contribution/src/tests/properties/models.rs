//! The property test's model operations: registration, price, retirement and removal, payments,
//! claims and settlements, revenue and ownership, each predicted by the model.

use super::*;

impl Expected {
	pub(super) fn register_model(
		&mut self,
		owner: u64,
		picks: Vec<(usize, u32)>,
		parents: Vec<(usize, u32)>,
		price: u128,
		owner_share: u32,
	) {
		let chosen: Vec<(H256, u32)> = picks
			.into_iter()
			.filter_map(|(i, w)| self.pick_dataset(i, |_| true).map(|h| (h, w)))
			.collect();
		let ids: Vec<ModelId> = self.models.keys().copied().collect();
		let parents: Vec<(ModelId, Perbill)> = parents
			.into_iter()
			.filter_map(|(i, royalty)| {
				pick_index(&ids, i).map(|id| (id, Perbill::from_parts(royalty)))
			})
			.collect();
		let id = NextModelId::<Test>::get();
		let call = Call::register_model {
			datasets: chosen.clone(),
			parents: parents.clone(),
			price_per_query: price,
			owner_share: Perbill::from_parts(owner_share),
			metadata: vec![],
		};
		// Whether the datasets, weights, lineage and terms pass is the registration's own rule,
		// tested on its own (tests/models.rs, tests/lineage.rs); here its outcome is taken.
		if !dispatch(owner, call) {
			return;
		}
		if !parents.is_empty() {
			self.coverage.derivatives += 1;
		}
		if price == 0 {
			self.coverage.free_models += 1;
		}
		let commercial = Models::<Test>::get(id).unwrap().terms.commercial_use;
		let paid_datasets = chosen.iter().filter(|(_, w)| *w > 0).map(|(h, _)| *h).collect();
		let model = ExpectedModel {
			owner,
			price,
			owner_share: Perbill::from_parts(owner_share),
			active: true,
			parents,
			paid_datasets,
			derivatives: 0,
			offer: None,
			commercial,
		};
		self.model_registered(id, &chosen, model);
	}

	pub(super) fn set_price(&mut self, pick: usize, price: u128, stranger: bool) {
		let Some(id) = self.pick_model(pick, |_| true) else { return };
		let model = self.model(id);
		let signer = if stranger { stranger_of(model.owner) } else { model.owner };
		let ok = dispatch(signer, Call::set_model_price { model_id: id, price_per_query: price });
		let allowed = price == 0 || model.commercial;
		assert_eq!(
			ok,
			!stranger && model.active && allowed,
			"the owner prices an active model within its terms"
		);
		if ok {
			self.model_mut(id).price = price;
		}
	}

	pub(super) fn retire_model(&mut self, pick: usize, stranger: bool) {
		let Some(id) = self.pick_model(pick, |m| m.active) else { return };
		let owner = self.model(id).owner;
		let ok = dispatch(
			if stranger { stranger_of(owner) } else { owner },
			Call::retire_model { model_id: id },
		);
		assert_eq!(ok, !stranger, "the owner retires its model");
		if ok {
			self.coverage.retirements += 1;
			self.model_mut(id).active = false;
			let holders = Positions::<Test>::iter()
				.filter(|(_, m, _)| *m == id)
				.map(|(c, _, _)| c)
				.collect();
			self.happened(Since::Retirement, holders);
		}
	}

	pub(super) fn remove_retired(&mut self, who: u64, pick: usize) {
		// Mostly one that no derivative names, which may go.
		let removable = |m: &ExpectedModel| !m.active && m.derivatives == 0;
		let Some(id) = self
			.pick_model(pick, removable)
			.or_else(|| self.pick_model(pick, |m| !m.active))
		else {
			return;
		};
		let model = self.model(id);
		let positions = Positions::<Test>::iter().filter(|(_, m, _)| *m == id).count();
		let predicted = model.derivatives == 0 && positions == 0;
		let ok = dispatch(who, Call::remove_retired_model { model_id: id });
		assert_eq!(
			ok, predicted,
			"a retired model goes once no position and no derivative is left"
		);
		if ok {
			self.coverage.removals += 1;
			self.model_removed(id);
		}
	}

	pub(super) fn pay(&mut self, payer: u64, pick: usize, queries: u32, slack: u128) {
		let Some(id) = self.pick_model(pick, |m| m.active) else { return };
		let model = self.model(id);
		let amount = model.price * queries as u128;
		// Now and then the payer's limit is one planck short.
		let max_total = (amount + slack).saturating_sub(1);
		let before = free(payer);
		let at_max = Models::<Test>::get(id).unwrap().queries_served == u64::MAX;
		let ok = dispatch(payer, Call::pay_for_queries { model_id: id, queries, max_total });
		assert_eq!(ok, amount <= max_total, "a payment within its limit succeeds");
		if ok {
			assert_eq!(free(payer), before - amount, "the payer paid the price");
			self.coverage.payments += 1;
			if at_max {
				self.coverage.payments_at_max_count += 1;
			}
			self.paid(id, amount, model.owner_share);
		}
	}

	pub(super) fn claim_model_revenue(&mut self, who: u64, pick: usize) {
		let Some(id) = self.pick_model(pick, |_| true) else { return };
		let waiting = self.revenue_waiting(id);
		let owner = self.model(id).owner;
		let (owner_before, protocol_before) = (free(owner), free(PROTOCOL));
		let ok = dispatch(who, Call::claim_model_revenue { model_id: id });
		assert_eq!(ok, waiting != (0, 0), "a claim of revenue succeeds exactly when some waits");
		if ok {
			self.coverage.revenue_claims += 1;
			// The caller pays no fee in the mock: each side gains exactly its part.
			if owner != who {
				assert_eq!(free(owner), owner_before + waiting.0, "the owner got its part");
			}
			assert_eq!(free(PROTOCOL), protocol_before + waiting.1, "the protocol got its part");
			self.revenue_claimed(id);
		}
	}

	/// Settles a position in a model, mostly a retired one (so that its positions go and the
	/// model can be removed): the `holder`th of its holders, on its behalf.
	pub(super) fn settle_position(&mut self, who: u64, pick: usize, holder: usize) {
		let Some(id) =
			self.pick_model(pick, |m| !m.active).or_else(|| self.pick_model(pick, |_| true))
		else {
			return;
		};
		let holders: Vec<u64> = Positions::<Test>::iter()
			.filter(|(_, m, _)| *m == id)
			.map(|(c, _, _)| c)
			.collect();
		let Some(contributor) = pick_index(&holders, holder) else { return };
		let before: Vec<(ModelId, u128)> =
			self.positions_of(contributor).into_iter().filter(|(m, _)| *m == id).collect();
		assert!(
			dispatch(who, Call::settle_position { model_id: id, contributor }),
			"anyone settles a position"
		);
		let own = self.settled_since(contributor, before);
		*self.credit.entry(contributor).or_default() += own;
	}

	pub(super) fn offer_model(&mut self, pick: usize, to: u64, stranger: bool) {
		let Some(id) = self.pick_model(pick, |_| true) else { return };
		let model = self.model(id);
		let signer = if stranger { stranger_of(model.owner) } else { model.owner };
		let predicted = signer == model.owner && (to != model.owner || model.offer.is_some());
		let ok = dispatch(signer, Call::offer_model_ownership { model_id: id, new_owner: to });
		assert_eq!(ok, predicted, "a model offer by its owner");
		if ok {
			self.coverage.model_offers += 1;
			self.model_mut(id).offer = (to != model.owner).then_some(to);
		}
	}

	pub(super) fn accept_model(&mut self, pick: usize, stranger: bool) {
		let Some(id) = self.pick_model(pick, |m| m.offer.is_some()) else { return };
		let model = self.model(id);
		let offered = model.offer.unwrap();
		let signer = if stranger { offered % 9 + 1 } else { offered };
		let waiting = self.revenue_waiting(id);
		let old_owner_before = free(model.owner);
		let ok = dispatch(signer, Call::accept_model_ownership { model_id: id });
		assert_eq!(ok, signer == offered, "the offered account accepts");
		if ok {
			self.coverage.model_transfers += 1;
			// What the model earned until now went to the old owner, its deposit came back.
			let deposit = Models::<Test>::get(id).unwrap().deposit;
			assert_eq!(
				free(model.owner),
				old_owner_before + waiting.0 + deposit,
				"the old owner's revenue"
			);
			self.revenue_claimed(id);
			let model = self.model_mut(id);
			model.owner = signer;
			model.offer = None;
		}
	}

	/// Claims for `who` until nothing is pending: every call must succeed (the first may find
	/// nothing to claim, only when nothing is pending), each pays exactly what the model says
	/// its settled positions and its credit owe, and a number of calls bounded by the positions
	/// drains `pending` to zero.
	pub(super) fn claim_until_drained(&mut self, who: u64) {
		let bound = Positions::<Test>::iter_prefix(who).count() + 3;
		for call in 0.. {
			let nothing_pending = pending(who) == 0;
			let before = (free(who), self.positions_of(who));
			if !dispatch(who, Call::claim_rewards {}) {
				assert!(
					call == 0 && nothing_pending,
					"claim {call} of {who} failed with rewards pending"
				);
				break;
			}
			let own = self.settled_since(who, before.1);
			let amount = self.paid_claim(who, own);
			assert_eq!(free(who), before.0 + amount, "claim {call} of {who} paid what it owed");
			let Event::RewardsClaimed { positions, more_remaining, escrowed, .. } = last_event()
			else {
				panic!("a claim emits RewardsClaimed")
			};
			self.count_claim(who, positions, more_remaining, escrowed);
			// With more positions than a claim takes, `more_remaining` may stay set while the
			// claims go round the ring settling nothing: done when nothing is pending.
			if pending(who) == 0 {
				break;
			}
			assert!(call + 1 < bound, "{bound} claims did not drain {who}'s pending");
		}
		assert_eq!(pending(who), 0, "claims drain pending");
	}

	fn count_claim(&mut self, who: u64, positions: u32, more_remaining: bool, escrowed: u128) {
		self.coverage.claims += 1;
		if more_remaining {
			self.coverage.multi_page_claims += 1;
			if positions < ClaimPositions::get() {
				self.coverage.parts_limited_claims += 1;
			}
		}
		if escrowed > 0 {
			self.coverage.escrowing_claims += 1;
		}
		// A claim counts after an event that touched the claimant's positions or datasets.
		for (since, affected) in self.since.iter_mut() {
			if affected.remove(&who) {
				self.coverage.claims_after[*since as usize] += 1;
			}
		}
		self.since.retain(|(_, affected)| !affected.is_empty());
	}
}
