//! The independent model of the economics: what every contributor is owed through every dataset
//! of every model in exact rational arithmetic, and, from the rules alone, every amount a
//! settlement, a claim, a ruling or a payout moves, to the planck. It also keeps each dataset's
//! status, owner and challenge as the operations it applied leave them, and each model's owner,
//! price and lineage. It reads from the chain only which positions a claim settled (the paging is
//! the claim mechanism's business) and, at registration, a record's deposit and fixed terms.

use super::*;
use std::collections::BTreeSet;

/// A dataset as the model sees it.
#[derive(Clone, Debug)]
pub(super) struct ExpectedDataset {
	pub(super) owner: u64,
	pub(super) contributors: Vec<(u64, Perbill)>,
	/// The contributors who confirmed (the owner, when a contributor, at registration).
	pub(super) confirmed: BTreeSet<u64>,
	pub(super) status: DatasetStatus,
	pub(super) withdrawn_at: Option<u64>,
	/// The open challenge: its challenger and when it expires.
	pub(super) challenge: Option<(u64, u64)>,
	pub(super) rightful: Option<u64>,
	/// How many models pay through it.
	pub(super) models: u32,
	/// The account it is offered to.
	pub(super) offer: Option<u64>,
	pub(super) terms: LicenceTerms,
	pub(super) deposit: u128,
}

impl ExpectedDataset {
	/// Whether `who` answers for the dataset: its owner, or a contributor who confirmed.
	pub(super) fn answers_for(&self, who: u64) -> bool {
		self.owner == who || self.confirmed.contains(&who)
	}

	/// Active or withdrawn: open to a challenge and to a change of owner.
	pub(super) fn open(&self) -> bool {
		matches!(self.status, DatasetStatus::Active | DatasetStatus::Withdrawn)
	}
}

/// A model as the model sees it.
#[derive(Clone, Debug)]
pub(super) struct ExpectedModel {
	pub(super) owner: u64,
	pub(super) price: u128,
	pub(super) owner_share: Perbill,
	pub(super) active: bool,
	/// The parents, with their royalties.
	pub(super) parents: Vec<(ModelId, Perbill)>,
	/// The datasets it pays through (positive weight).
	pub(super) paid_datasets: Vec<H256>,
	pub(super) derivatives: u32,
	pub(super) offer: Option<u64>,
	/// Its fixed terms allow a price above zero.
	pub(super) commercial: bool,
}

/// A usage channel as the model sees it.
#[derive(Clone, Debug)]
pub(super) struct ExpectedChannel {
	pub(super) consumer: u64,
	pub(super) model: ModelId,
	pub(super) escrow: u128,
	pub(super) max_price: u128,
	pub(super) settled: u64,
	/// When its consumer's close takes effect, once asked.
	pub(super) closes_at: Option<u64>,
}

/// The model's state.
#[derive(Default)]
pub(super) struct Expected {
	pub(super) datasets: BTreeMap<H256, ExpectedDataset>,
	/// Dataset hashes in registration order, removed ones included: picks skip those gone.
	pub(super) dataset_order: Vec<H256>,
	pub(super) models: BTreeMap<ModelId, ExpectedModel>,
	/// Each model's parts: contributor, dataset, and the exact fraction of the model's data
	/// reward that the contributor earns through the dataset (`w_d / W × share`).
	parts: BTreeMap<ModelId, Vec<(u64, H256, BigRational)>>,
	/// What each (contributor, model, dataset) accrued since the position was last settled.
	unsettled: BTreeMap<(u64, ModelId, H256), BigRational>,
	/// What each account was credited and has not claimed yet, to the planck.
	pub(super) credit: BTreeMap<u64, u128>,
	/// What each contributor's settled parts through each challenged dataset hold in escrow.
	escrow: BTreeMap<(u64, H256), u128>,
	/// What each account has claimed.
	claimed: BTreeMap<u64, u128>,
	paid_by_payers: u128,
	/// The owner's and protocol's parts each model holds in the pot, not yet paid out.
	revenue: BTreeMap<ModelId, (u128, u128)>,
	paid_to_owners: u128,
	/// Revenue paid to the protocol account.
	paid_to_protocol: u128,
	/// Parts settled through slashed datasets, and escrow forfeited by upheld rulings.
	forfeited: u128,
	/// Bonds of rejected and expired challenges, paid to the protocol account.
	bonds_to_protocol: u128,
	/// The protocol account's part of slashed deposits.
	slashed_to_protocol: u128,
	protocol_start: u128,
	pot_start: u128,
	/// The usage channels open, as the model sees them.
	pub(super) channels: BTreeMap<ChannelId, ExpectedChannel>,
	/// What the run reached.
	pub(super) coverage: Coverage,
	/// What happened, and to whom, for [`Coverage::claims_after`].
	pub(super) since: Vec<(Since, BTreeSet<u64>)>,
}

fn zero() -> BigRational {
	ratio(0, 1)
}

/// `⌊x⌋` of a non-negative rational.
fn floor(x: &BigRational) -> u128 {
	u128::try_from(x.floor().to_integer()).expect("a non-negative amount that fits")
}

impl Expected {
	pub(super) fn new() -> Self {
		Self { protocol_start: free(PROTOCOL), pot_start: free(pot()), ..Default::default() }
	}

	pub(super) fn model(&self, id: ModelId) -> ExpectedModel {
		self.models[&id].clone()
	}

	pub(super) fn model_mut(&mut self, id: ModelId) -> &mut ExpectedModel {
		self.models.get_mut(&id).expect("a registered model")
	}

	pub(super) fn dataset(&self, hash: &H256) -> &ExpectedDataset {
		&self.datasets[hash]
	}

	pub(super) fn dataset_mut(&mut self, hash: &H256) -> &mut ExpectedDataset {
		self.datasets.get_mut(hash).expect("a registered dataset")
	}

	/// The first live dataset at or after `index` (cyclically) for which `suits` holds.
	pub(super) fn pick_dataset(
		&self,
		index: usize,
		suits: impl Fn(&ExpectedDataset) -> bool,
	) -> Option<H256> {
		pick(&self.dataset_order, index, |h| self.datasets.get(h).is_some_and(&suits))
	}

	/// The first model at or after `index` (cyclically) for which `suits` holds.
	pub(super) fn pick_model(
		&self,
		index: usize,
		suits: impl Fn(&ExpectedModel) -> bool,
	) -> Option<ModelId> {
		let ids: Vec<ModelId> = self.models.keys().copied().collect();
		pick(&ids, index, |id| suits(&self.models[id]))
	}

	/// The contributors of dataset `hash`.
	pub(super) fn people_of(&self, hash: &H256) -> BTreeSet<u64> {
		self.dataset(hash).contributors.iter().map(|(c, _)| *c).collect()
	}

	/// Notes that `since` happened to `affected`.
	pub(super) fn happened(&mut self, since: Since, affected: BTreeSet<u64>) {
		if !affected.is_empty() {
			self.since.push((since, affected));
		}
	}

	pub(super) fn model_registered(
		&mut self,
		id: ModelId,
		datasets: &[(H256, u32)],
		model: ExpectedModel,
	) {
		let total_weight: u128 = datasets.iter().map(|(_, w)| *w as u128).sum();
		let mut parts = Vec::new();
		for (hash, weight) in datasets.iter().filter(|(_, w)| *w > 0) {
			let dataset = self.dataset_mut(hash);
			dataset.models += 1;
			for (who, share) in dataset.contributors.iter() {
				let fraction = ratio(*weight as u128, total_weight)
					* ratio(share.deconstruct() as u128, 1_000_000_000);
				parts.push((*who, *hash, fraction));
			}
		}
		for (parent, _) in &model.parents {
			self.model_mut(*parent).derivatives += 1;
		}
		self.parts.insert(id, parts);
		self.models.insert(id, model);
	}

	/// Retired model `id` was removed: its revenue paid out, its datasets and parents count one
	/// model less.
	pub(super) fn model_removed(&mut self, id: ModelId) {
		self.revenue_claimed(id);
		let model = self.models.remove(&id).expect("a registered model");
		for hash in &model.paid_datasets {
			self.dataset_mut(hash).models -= 1;
		}
		for (parent, _) in &model.parents {
			self.model_mut(*parent).derivatives -= 1;
		}
		self.parts.remove(&id);
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
			*self.unsettled.entry((*who, model, *hash)).or_insert_with(zero) +=
				fraction * ratio(own, 1);
		}
		depth
	}

	/// `who`'s positions and their checkpoints, to tell afterwards which ones a claim settled.
	pub(super) fn positions_of(&self, who: u64) -> Vec<(ModelId, u128)> {
		Positions::<Test>::iter_prefix(who)
			.map(|(model, p)| (model, p.checkpoint))
			.collect()
	}

	/// Of `before`, `who`'s positions then, those whose checkpoint moved or that are gone were
	/// settled: settles each as the rules say, and returns what `who` itself gets from them.
	pub(super) fn settled_since(&mut self, who: u64, before: Vec<(ModelId, u128)>) -> u128 {
		let mut own = 0;
		for (model, checkpoint) in before {
			if Positions::<Test>::get(who, model).is_none_or(|p| p.checkpoint != checkpoint) {
				own += self.settle(who, model);
			}
		}
		own
	}

	/// Settles `who`'s position in `model`: it is owed the floor of what its parts accrued; the
	/// floor of each part through a challenged dataset goes to escrow, through a slashed one to
	/// the protocol account, through a reattributed one to its rightful account's credit. Returns
	/// the rest, `who`'s own.
	fn settle(&mut self, who: u64, model: ModelId) -> u128 {
		let parts: Vec<H256> = self.parts[&model]
			.iter()
			.filter(|(c, _, _)| *c == who)
			.map(|(_, h, _)| *h)
			.collect();
		let accrued: Vec<(H256, BigRational)> = parts
			.into_iter()
			.map(|hash| (hash, self.unsettled.remove(&(who, model, hash)).unwrap_or_else(zero)))
			.collect();
		let owed = floor(&accrued.iter().fold(zero(), |sum, (_, a)| sum + a));
		let mut own = owed;
		for (hash, accrued) in accrued {
			let part = floor(&accrued);
			let dataset = self.dataset(&hash).clone();
			match dataset.status {
				DatasetStatus::Active | DatasetStatus::Withdrawn => continue,
				DatasetStatus::Challenged => *self.escrow.entry((who, hash)).or_default() += part,
				DatasetStatus::Slashed => self.forfeited += part,
				DatasetStatus::Reattributed => {
					let rightful = dataset
						.rightful
						.expect("a reattributed dataset names its rightful account");
					*self.credit.entry(rightful).or_default() += part;
					if part > 0 {
						self.coverage.reattributed_parts += 1;
					}
				},
			}
			own -= part;
		}
		own
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

	/// `who` claimed: its credit and what its settled positions owed it, `settled`.
	pub(super) fn paid_claim(&mut self, who: u64, settled: u128) -> u128 {
		let amount = settled + self.credit.remove(&who).unwrap_or(0);
		*self.claimed.entry(who).or_default() += amount;
		amount
	}

	/// A ruling took the escrow of dataset `hash`: returns it, by contributor.
	pub(super) fn take_escrow(&mut self, hash: H256) -> Vec<(u64, u128)> {
		let people = self.people_of(&hash);
		people
			.into_iter()
			.filter_map(|c| self.escrow.remove(&(c, hash)).map(|e| (c, e)))
			.collect()
	}

	/// An upheld ruling on `hash`: the owner's deposit goes half (rounded down) to the
	/// challenger and the rest to the protocol; the escrow to the protocol (bad data) or to
	/// `rightful`'s credit (misattribution).
	pub(super) fn upheld(&mut self, hash: H256, rightful: Option<u64>) {
		let deposit = self.dataset(&hash).deposit;
		self.slashed_to_protocol += deposit - deposit / 2;
		let escrow: u128 = self.take_escrow(hash).into_iter().map(|(_, e)| e).sum();
		match rightful {
			None => self.forfeited += escrow,
			Some(rightful) => *self.credit.entry(rightful).or_default() += escrow,
		}
	}

	/// A rejected ruling on `hash`, by a curator or by expiry: the escrow back to each
	/// contributor's credit, and the bond to the protocol account, whoever challenged.
	pub(super) fn rejected(&mut self, hash: H256) {
		for (who, escrow) in self.take_escrow(hash) {
			*self.credit.entry(who).or_default() += escrow;
		}
		self.bonds_to_protocol += BOND;
	}

	/// What `who` is owed in all, exactly: credited, claimed, in escrow, and accrued through
	/// datasets whose earnings are still its own (active, withdrawn or challenged).
	fn owed(&self, who: u64) -> BigRational {
		let fixed = self.credit.get(&who).copied().unwrap_or(0)
			+ self.claimed.get(&who).copied().unwrap_or(0)
			+ self.escrow.iter().filter(|((c, _), _)| *c == who).map(|(_, e)| e).sum::<u128>();
		let unsettled = self.unsettled.iter().filter(|((c, _, hash), _)| {
			*c == who
				&& self.datasets.get(hash).is_some_and(|d| {
					!matches!(d.status, DatasetStatus::Slashed | DatasetStatus::Reattributed)
				})
		});
		unsettled.fold(ratio(fixed, 1), |sum, (_, u)| sum + u)
	}

	/// Checks the chain against the model.
	pub(super) fn check(&self) {
		self.check_channels();
		self.check_records();
		let pot_gain = free(pot()) - self.pot_start;
		let protocol_gain = free(PROTOCOL) - self.protocol_start;
		let claimed: u128 = self.claimed.values().sum();
		for (id, model) in Models::<Test>::iter() {
			let (owner, protocol) = self.revenue_waiting(id);
			assert_eq!(
				(model.revenue.owner, model.revenue.protocol),
				(owner, protocol),
				"model {id}'s revenue"
			);
		}
		// To the planck: the pot took every payment, and paid out claims, revenue and forfeited
		// parts; the protocol account took its revenue, forfeited parts, its part of slashed
		// deposits and the bonds of rejected challenges.
		assert_eq!(
			pot_gain,
			self.paid_by_payers
				- claimed - self.paid_to_owners
				- self.paid_to_protocol
				- self.forfeited,
			"the pot"
		);
		assert_eq!(
			protocol_gain,
			self.paid_to_protocol
				+ self.forfeited
				+ self.slashed_to_protocol
				+ self.bonds_to_protocol,
			"the protocol account"
		);
		let waiting: u128 = self.revenue.values().map(|(owner, protocol)| owner + protocol).sum();
		let owed: u128 = (1..=9)
			.map(|who| DataContribution::contributor_total(&who))
			.map(|balance| balance.pending + balance.escrowed)
			.sum();
		assert!(
			pot_gain >= waiting + owed,
			"pot {pot_gain} < revenue {waiting} + claimable and escrowed {owed}"
		);

		for who in 1..=9 {
			let balance = DataContribution::contributor_total(&who);
			assert_eq!(
				balance.claimed,
				self.claimed.get(&who).copied().unwrap_or(0),
				"{who}'s claims"
			);
			// The view floors each live position and each of its parts routed elsewhere once:
			// within that many planck of the exact figure, either way, whatever the history.
			let exact = self.owed(who);
			let actual = ratio(balance.pending + balance.escrowed + balance.claimed, 1);
			let live: u64 =
				Positions::<Test>::iter_prefix(who).map(|(_, p)| 1 + p.parts.len() as u64).sum();
			let tolerance = ratio(live.max(1) as u128, 1);
			assert!(
				actual < exact.clone() + tolerance.clone()
					&& exact.clone() < actual.clone() + tolerance,
				"account {who}: earned {actual}, exactly {exact}"
			);
		}
	}

	/// Every dataset and model on chain is the one the model predicts, with the status, owner,
	/// rightful account, challenge and offer the applied operations left it with.
	fn check_records(&self) {
		assert_eq!(Datasets::<Test>::iter().count(), self.datasets.len(), "the datasets");
		for (hash, expected) in &self.datasets {
			let dataset = Datasets::<Test>::get(hash).expect("a dataset the model holds");
			assert_eq!(dataset.status, expected.status, "dataset {hash:?}'s status");
			assert_eq!(dataset.owner, expected.owner, "dataset {hash:?}'s owner");
			assert_eq!(dataset.rightful, expected.rightful, "dataset {hash:?}'s rightful account");
			assert_eq!(
				dataset.withdrawn_at, expected.withdrawn_at,
				"dataset {hash:?}'s withdrawal"
			);
			assert_eq!(dataset.models, expected.models, "dataset {hash:?}'s models");
			assert_eq!(dataset.terms, expected.terms, "dataset {hash:?}'s terms");
			let challenge = Challenges::<Test>::get(hash).map(|c| (c.challenger, c.expires_at));
			assert_eq!(challenge, expected.challenge, "dataset {hash:?}'s challenge");
			assert_eq!(
				DatasetOwnershipOffers::<Test>::get(hash),
				expected.offer,
				"dataset {hash:?}'s offer"
			);
		}
		assert_eq!(Models::<Test>::iter().count(), self.models.len(), "the models");
		for (id, expected) in &self.models {
			let model = Models::<Test>::get(id).expect("a model the model holds");
			assert_eq!(model.owner, expected.owner, "model {id}'s owner");
			assert_eq!(model.price_per_query, expected.price, "model {id}'s price");
			assert_eq!(model.status == ModelStatus::Active, expected.active, "model {id}'s status");
			assert_eq!(model.derivatives, expected.derivatives, "model {id}'s derivatives");
			assert_eq!(ModelOwnershipOffers::<Test>::get(id), expected.offer, "model {id}'s offer");
		}
	}
}
