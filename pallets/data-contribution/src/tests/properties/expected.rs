//! The independent model of the economics, in exact rational arithmetic: what every
//! contributor is owed through every dataset of every model, where each settlement routed it
//! (to the contributor, to escrow, to the protocol account), and what rulings did with escrow
//! and bonds. It reads from the chain only which positions a claim settled (the paging is the
//! claim mechanism's business) and each dataset's status; every amount it computes itself.

use super::*;

/// A model's terms, as the independent model records them from the calls.
#[derive(Clone, Debug)]
pub(super) struct ExpectedModel {
	pub(super) price: u128,
	pub(super) owner_share: Perbill,
	pub(super) active: bool,
	/// The parents, with their royalties.
	pub(super) parents: Vec<(ModelId, Perbill)>,
}

/// The model's state.
pub(super) struct Expected {
	/// Each model's price, owner share and status.
	models: BTreeMap<ModelId, ExpectedModel>,
	/// Each model's parts: contributor, dataset, and the exact fraction of the model's data
	/// reward that the contributor earns through the dataset (`w_d / W × share`).
	parts: BTreeMap<ModelId, Vec<(u64, H256, BigRational)>>,
	/// What each (contributor, model, dataset) accrued since the position was last settled.
	unsettled: BTreeMap<(u64, ModelId, H256), BigRational>,
	/// What each contributor was paid or credited: settled parts through datasets that were
	/// active or withdrawn, escrow released to it, its share of rejected bonds.
	received: BTreeMap<u64, BigRational>,
	/// What each contributor's settled parts through each challenged dataset hold in escrow.
	escrow: BTreeMap<(u64, H256), BigRational>,
	/// How many planck each contributor's figure may be off by, besides one per live position
	/// and part (the view's floors): one for each part settled (each settlement's floors) and
	/// each bond split.
	tolerance: BTreeMap<u64, u64>,
	/// What went to the protocol account through slashed datasets: parts settled through them
	/// and escrow forfeited by upheld rulings, exactly.
	forfeited: BigRational,
	/// One planck for each part forfeited or escrowed: how far the protocol's figure may be off.
	forfeit_tolerance: u64,
	/// Whether something was routed away from a contributor (escrow, bond): only then may its
	/// actual figure exceed the exact one.
	routed: std::collections::BTreeSet<u64>,
	/// What each contributor has claimed (actual planck).
	claimed: BTreeMap<u64, u128>,
	paid_by_payers: u128,
	/// The owner's and protocol's parts each model holds in the pot, not yet paid out.
	revenue: BTreeMap<ModelId, (u128, u128)>,
	/// Revenue paid out to the models' owners, and to the protocol account.
	paid_to_owners: u128,
	paid_to_protocol: u128,
	/// Bonds of rejected challenges, credited to contributors.
	bonds_rejected: u128,
	/// The protocol account's part of slashed deposits.
	slashed_to_protocol: u128,
	/// Bonds of challenges that expired unruled, paid to the protocol account.
	bonds_expired: u128,
	protocol_start: u128,
	pot_start: u128,
	/// The usage channels open, as the model sees them.
	pub(super) channels: BTreeMap<ChannelId, ExpectedChannel>,
	/// What the run reached.
	pub(super) coverage: Coverage,
	/// What happened, and to whom, for [`Coverage::claims_after`]: a claim by one of the
	/// accounts counts after the event.
	pub(super) since: Vec<(Since, std::collections::BTreeSet<u64>)>,
}

fn zero() -> BigRational {
	ratio(0, 1)
}

impl Expected {
	pub(super) fn new() -> Self {
		Self {
			models: BTreeMap::new(),
			forfeited: zero(),
			forfeit_tolerance: 0,
			parts: BTreeMap::new(),
			unsettled: BTreeMap::new(),
			received: BTreeMap::new(),
			escrow: BTreeMap::new(),
			tolerance: BTreeMap::new(),
			routed: Default::default(),
			claimed: BTreeMap::new(),
			paid_by_payers: 0,
			revenue: BTreeMap::new(),
			paid_to_owners: 0,
			paid_to_protocol: 0,
			bonds_rejected: 0,
			slashed_to_protocol: 0,
			bonds_expired: 0,
			protocol_start: free(PROTOCOL),
			pot_start: free(pot()),
			channels: BTreeMap::new(),
			coverage: Coverage::default(),
			since: Vec::new(),
		}
	}

	pub(super) fn model(&self, id: ModelId) -> ExpectedModel {
		self.models[&id].clone()
	}

	pub(super) fn model_mut(&mut self, id: ModelId) -> &mut ExpectedModel {
		self.models.get_mut(&id).expect("a registered model")
	}

	/// The contributors of dataset `hash`.
	pub(super) fn people_of(hash: &H256) -> std::collections::BTreeSet<u64> {
		Datasets::<Test>::get(hash).unwrap().contributors.iter().map(|(c, _)| *c).collect()
	}

	/// Notes that `since` happened to `affected`.
	pub(super) fn happened(&mut self, since: Since, affected: std::collections::BTreeSet<u64>) {
		if !affected.is_empty() {
			self.since.push((since, affected));
		}
	}

	pub(super) fn model_registered(
		&mut self,
		id: ModelId,
		datasets: &[(H256, u32)],
		parents: Vec<(ModelId, Perbill)>,
		price: u128,
		owner_share: Perbill,
	) {
		self.models.insert(id, ExpectedModel { price, owner_share, active: true, parents });
		let total_weight: u128 = datasets.iter().map(|(_, w)| *w as u128).sum();
		let mut parts = Vec::new();
		for (hash, weight) in datasets.iter().filter(|(_, w)| *w > 0) {
			let dataset = Datasets::<Test>::get(hash).unwrap();
			for (who, share) in dataset.contributors.iter() {
				let fraction = ratio(*weight as u128, total_weight) *
					ratio(share.deconstruct() as u128, 1_000_000_000);
				parts.push((*who, *hash, fraction));
			}
		}
		self.parts.insert(id, parts);
	}

	/// A payment (or a usage settlement) of `amount` to `model`, split as the economics say.
	pub(super) fn paid(&mut self, model: ModelId, amount: u128, owner_share: Perbill) {
		let protocol = amount * 50_000_000 / 1_000_000_000;
		let owner = (amount - protocol) * owner_share.deconstruct() as u128 / 1_000_000_000;
		let data = amount - protocol - owner;
		self.paid_by_payers += amount;
		let waiting = self.revenue.entry(model).or_insert((0, 0));
		*waiting = (waiting.0 + owner, waiting.1 + protocol);
		let depth = self.credit_data(model, data);
		if depth >= 1 {
			self.coverage.royalty_payments += 1;
		}
		if depth >= 2 {
			self.coverage.deep_royalty_payments += 1;
		}
	}

	/// Credits `data` to `model`'s data reward as the lineage rule says: each parent's royalty,
	/// `⌊royalty × data⌋`, to the parent's data reward (recursively), the rest to the model's
	/// own parts. Returns how deep up the lineage a royalty reached.
	fn credit_data(&mut self, model: ModelId, data: u128) -> u32 {
		let mut own = data;
		let mut depth = 0;
		for (parent, royalty) in self.models[&model].parents.clone() {
			let amount = royalty.deconstruct() as u128 * data / 1_000_000_000;
			if amount > 0 {
				own -= amount;
				depth = depth.max(1 + self.credit_data(parent, amount));
			}
		}
		for (who, hash, fraction) in &self.parts[&model] {
			*self.unsettled.entry((*who, model, *hash)).or_insert_with(zero) += fraction * ratio(own, 1);
		}
		depth
	}

	/// `who`'s positions and their checkpoints, to tell afterwards which ones a claim settled.
	pub(super) fn positions_of(&self, who: u64) -> Vec<(ModelId, u128)> {
		Positions::<Test>::iter_prefix(who).map(|(model, p)| (model, p.checkpoint)).collect()
	}

	/// `who` claimed `amount`; of `before`, its positions then, those whose checkpoint moved or
	/// that are gone were settled: route what each of their parts accrued by the dataset's
	/// status now.
	pub(super) fn claimed(&mut self, who: u64, amount: u128, before: Vec<(ModelId, u128)>) {
		*self.claimed.entry(who).or_default() += amount;
		for (model, checkpoint) in before {
			let settled = Positions::<Test>::get(who, model).is_none_or(|p| p.checkpoint != checkpoint);
			if settled {
				self.settled(who, model);
			}
		}
	}

	fn settled(&mut self, who: u64, model: ModelId) {
		let parts: Vec<H256> =
			self.parts[&model].iter().filter(|(c, _, _)| *c == who).map(|(_, h, _)| *h).collect();
		for hash in parts {
			let accrued = self.unsettled.remove(&(who, model, hash)).unwrap_or_else(zero);
			*self.tolerance.entry(who).or_default() += 1;
			match dataset_status(&hash).expect("a dataset that a model references stays") {
				DatasetStatus::Active | DatasetStatus::Withdrawn =>
					*self.received.entry(who).or_insert_with(zero) += accrued,
				DatasetStatus::Challenged => {
					self.routed.insert(who);
					self.forfeit_tolerance += 1;
					*self.escrow.entry((who, hash)).or_insert_with(zero) += accrued;
				},
				DatasetStatus::Slashed | DatasetStatus::Reattributed => {
					self.routed.insert(who);
					self.forfeit_tolerance += 1;
					self.forfeited += accrued;
				},
			}
		}
	}

	/// A ruling on the challenge against `hash`: upheld (the dataset held `deposit`), rejected
	/// by a curator, or closed as `expired`.
	pub(super) fn ruled(&mut self, hash: H256, upheld: bool, expired: bool, deposit: u128) {
		let dataset = Datasets::<Test>::get(hash).unwrap();
		let escrowed: Vec<(u64, BigRational)> = dataset
			.contributors
			.iter()
			.filter_map(|(c, _)| self.escrow.remove(&(*c, hash)).map(|e| (*c, e)))
			.collect();
		let people = Self::people_of(&hash);
		if upheld {
			self.coverage.upheld += 1;
			self.happened(Since::Upheld, people);
			// Half the deposit to the challenger, rounded down; the rest to the protocol.
			self.slashed_to_protocol += deposit - deposit / 2;
			for (_, escrow) in escrowed {
				self.forfeited += escrow;
			}
			return;
		}
		for (who, escrow) in escrowed {
			*self.received.entry(who).or_insert_with(zero) += escrow;
		}
		if expired {
			self.coverage.expiries += 1;
			self.happened(Since::Expiry, people);
			self.bonds_expired += BOND;
			return;
		}
		self.coverage.rejected += 1;
		self.happened(Since::Rejected, people);
		self.bonds_rejected += BOND;
		let count = dataset.contributors.len() as u64;
		for (who, share) in dataset.contributors.iter() {
			let exact = ratio(share.deconstruct() as u128 * BOND, 1_000_000_000);
			*self.received.entry(*who).or_insert_with(zero) += exact;
			*self.tolerance.entry(*who).or_default() += count;
			self.routed.insert(*who);
		}
	}

	/// The owner's and protocol's parts `model` holds, as the model sees them.
	pub(super) fn revenue_waiting(&self, model: ModelId) -> (u128, u128) {
		self.revenue.get(&model).copied().unwrap_or((0, 0))
	}

	/// `model`'s revenue was paid out: its owner's part to the owner, the protocol's to the
	/// protocol account.
	pub(super) fn revenue_claimed(&mut self, model: ModelId) {
		let (owner, protocol) = self.revenue.remove(&model).unwrap_or((0, 0));
		self.paid_to_owners += owner;
		self.paid_to_protocol += protocol;
	}

	/// What `who` is owed in all, exactly: received, in escrow, and accrued through datasets
	/// that are not slashed (what accrued through a slashed dataset goes to the protocol).
	fn owed(&self, who: u64) -> BigRational {
		let received = self.received.get(&who).cloned().unwrap_or_else(zero);
		let escrow = self.escrow.iter().filter(|((c, _), _)| *c == who).map(|(_, e)| e.clone());
		let unsettled = self.unsettled.iter().filter(|((c, _, hash), _)| {
			*c == who &&
				!matches!(dataset_status(hash), Some(DatasetStatus::Slashed | DatasetStatus::Reattributed))
		});
		escrow.chain(unsettled.map(|(_, u)| u.clone())).fold(received, |sum, x| sum + x)
	}

	/// Checks the chain against the model.
	pub(super) fn check(&self) {
		self.check_channels();
		let pot_gain = free(pot()) - self.pot_start;
		let protocol_gain = free(PROTOCOL) - self.protocol_start;
		let claimed: u128 = self.claimed.values().sum();
		// Each model holds exactly the owner's and protocol's parts of its payments not yet paid.
		for (id, model) in Models::<Test>::iter() {
			let (owner, protocol) = self.revenue_waiting(id);
			assert_eq!((model.revenue.owner, model.revenue.protocol), (owner, protocol), "model {id}'s revenue");
		}
		let waiting: u128 = self.revenue.values().map(|(owner, protocol)| owner + protocol).sum();
		// Conservation, to the planck: what payers paid, less the owners' parts paid out, with
		// the bonds of rejected challenges and the protocol's part of slashed deposits, is in the
		// protocol account, claimed, or in the pot (revenue waiting, pending rewards, escrow,
		// credits and dust).
		assert_eq!(
			self.paid_by_payers - self.paid_to_owners +
				self.bonds_rejected +
				self.slashed_to_protocol +
				self.bonds_expired,
			protocol_gain + claimed + pot_gain
		);
		// The protocol account has its fees paid out, slashed deposits, expired bonds, and what
		// was forfeited through slashed datasets, within a planck per forfeited or escrowed part.
		let fixed = ratio(self.paid_to_protocol + self.slashed_to_protocol + self.bonds_expired, 1);
		let protocol_exact = fixed.clone() + self.forfeited.clone();
		let slack = ratio(self.forfeit_tolerance as u128 + 1, 1);
		let gain = ratio(protocol_gain, 1);
		assert!(gain >= fixed, "the protocol account lost its fees");
		assert!(
			gain.clone() < protocol_exact.clone() + slack.clone() && protocol_exact.clone() < gain.clone() + slack,
			"the protocol account gained {gain}, exactly {protocol_exact}"
		);

		// The pot covers the revenue waiting, everything claimable and everything escrowed.
		let owed: u128 = (1..=PEOPLE)
			.map(|who| DataContribution::contributor_balance(&who))
			.map(|balance| balance.pending + balance.escrowed)
			.sum();
		assert!(pot_gain >= waiting + owed, "pot {pot_gain} < revenue {waiting} + claimable and escrowed {owed}");

		for who in 1..=PEOPLE {
			let balance = DataContribution::contributor_balance(&who);
			assert_eq!(balance.claimed, self.claimed.get(&who).copied().unwrap_or(0));
			// Each contributor's figure is its exact one, within a planck per rounding: the
			// view's floor per live position and part, each settlement's, each bond split's.
			let exact = self.owed(who);
			let actual = ratio(balance.pending + balance.escrowed + balance.claimed, 1);
			let live: u64 = Positions::<Test>::iter_prefix(who).map(|(_, p)| 1 + p.parts.len() as u64).sum();
			let settled = self.tolerance.get(&who).copied().unwrap_or(0);
			let tolerance = ratio((live + settled).max(1) as u128, 1);
			assert!(
				actual < exact.clone() + tolerance.clone() && exact.clone() < actual.clone() + tolerance,
				"contributor {who}: earned {actual}, exactly {exact}"
			);
			// Nothing routed away, nothing split: floors only ever round down. (A part split
			// off through a challenged or slashed dataset rounds down, and the contributor's
			// remainder up.)
			let split = self.parts.values().flatten().any(|(c, hash, _)| {
				*c == who && !matches!(dataset_status(hash), Some(DatasetStatus::Active | DatasetStatus::Withdrawn))
			});
			if !self.routed.contains(&who) && !split {
				assert!(actual <= exact, "contributor {who} got more than owed: earned {actual}, exactly {exact}");
			}
		}
	}
}
