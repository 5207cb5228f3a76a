//! The property test's dataset operations: registration, withdrawal and removal, confirmation,
//! challenges and every ruling, ownership offers and terms, each predicted by the model.

use super::*;

impl Expected {
	pub(super) fn register_dataset(
		&mut self,
		step: usize,
		owner: u64,
		contributors: Vec<(u64, Perbill)>,
		terms: LicenceTerms,
	) {
		let hash = hash(step as u64 + 1);
		let commitment = DataContribution::commitment_of(&hash, &owner, &salt(owner));
		assert!(dispatch(owner, Call::commit_dataset { commitment }));
		next_block();
		let call = Call::register_dataset {
			hash,
			salt: salt(owner),
			contributors: contributors.clone(),
			metadata: vec![],
			terms,
		};
		// A fresh hash with valid shares: the registration succeeds.
		assert!(dispatch(owner, call), "a registration of a fresh hash");
		let deposit = Datasets::<Test>::get(hash).unwrap().deposit;
		let confirmed = contributors.iter().map(|(c, _)| *c).filter(|c| *c == owner).collect();
		let dataset = ExpectedDataset {
			owner,
			contributors,
			confirmed,
			status: DatasetStatus::Active,
			withdrawn_at: None,
			challenge: None,
			rightful: None,
			models: 0,
			offer: None,
			terms,
			deposit,
		};
		self.datasets.insert(hash, dataset);
		self.dataset_order.push(hash);
	}

	pub(super) fn withdraw_dataset(&mut self, pick: usize, stranger: bool) {
		let Some(hash) = self.pick_dataset(pick, |d| d.status == DatasetStatus::Active) else {
			return;
		};
		let owner = self.dataset(&hash).owner;
		let signer = if stranger { stranger_of(owner) } else { owner };
		let ok = dispatch(signer, Call::withdraw_dataset { hash });
		assert_eq!(ok, !stranger, "only the owner withdraws, and it may");
		if ok {
			self.coverage.withdrawals += 1;
			let dataset = self.dataset_mut(&hash);
			dataset.status = DatasetStatus::Withdrawn;
			dataset.withdrawn_at = Some(System::block_number());
			let people = self.people_of(&hash);
			self.happened(Since::Withdrawal, people);
		}
	}

	pub(super) fn finish_withdraw(&mut self, who: u64, pick: usize) {
		// Mostly one that no model pays through, which may go.
		let unused = |d: &ExpectedDataset| d.withdrawn_at.is_some() && d.models == 0;
		let Some(hash) = self
			.pick_dataset(pick, unused)
			.or_else(|| self.pick_dataset(pick, |d| d.withdrawn_at.is_some()))
		else {
			return;
		};
		let dataset = self.dataset(&hash).clone();
		let notice_over =
			System::block_number() >= dataset.withdrawn_at.unwrap() + CHALLENGE_PERIOD;
		let predicted =
			dataset.status == DatasetStatus::Withdrawn && notice_over && dataset.models == 0;
		let ok = dispatch(who, Call::finish_withdraw_dataset { hash });
		assert_eq!(
			ok, predicted,
			"a withdrawn dataset goes after its notice, once no model pays through it"
		);
		if ok {
			self.coverage.withdrawals_finished += 1;
			self.datasets.remove(&hash);
		}
	}

	pub(super) fn confirm(&mut self, pick: usize, contributor: usize) {
		let Some(hash) = self.pick_dataset(pick, |_| true) else { return };
		let dataset = self.dataset(&hash);
		let who = dataset.contributors[contributor % dataset.contributors.len()].0;
		let predicted = !dataset.confirmed.contains(&who);
		let ok = dispatch(who, Call::confirm_contribution { hash });
		assert_eq!(ok, predicted, "a contributor confirms once");
		if ok {
			self.dataset_mut(&hash).confirmed.insert(who);
		}
	}

	pub(super) fn challenge(&mut self, challenger: u64, pick: usize) {
		// Withdrawn datasets stay challengeable while their record exists.
		let Some(hash) = self.pick_dataset(pick, |d| d.open()) else { return };
		let involved = self.dataset(&hash).answers_for(challenger);
		let ok = dispatch(challenger, Call::challenge_dataset { hash, evidence: vec![1; 8] });
		assert_eq!(
			ok, !involved,
			"anyone but the dataset's owner and confirmed contributors may challenge it"
		);
		if ok {
			let dataset = self.dataset_mut(&hash);
			dataset.status = DatasetStatus::Challenged;
			dataset.challenge = Some((challenger, System::block_number() + CHALLENGE_PERIOD));
		}
	}

	/// The challenger of dataset `hash`, whose challenge is closed now, and the dataset's status
	/// again as it was before the challenge.
	fn close_challenge(&mut self, hash: &H256) -> u64 {
		let dataset = self.dataset_mut(hash);
		let (challenger, _) = dataset.challenge.take().expect("an open challenge");
		dataset.status = if dataset.withdrawn_at.is_some() {
			DatasetStatus::Withdrawn
		} else {
			DatasetStatus::Active
		};
		challenger
	}

	pub(super) fn resolve(&mut self, by_root: bool, pick: usize, upheld: bool) {
		let Some(hash) = self.pick_dataset(pick, |d| d.status == DatasetStatus::Challenged) else {
			return;
		};
		let origin = if by_root { RuntimeOrigin::root() } else { RuntimeOrigin::signed(CURATOR) };
		assert!(dispatch_as(origin, Call::resolve_challenge { hash, upheld }), "a curator rules");
		let challenger = self.close_challenge(&hash);
		let people = self.people_of(&hash);
		if upheld {
			self.coverage.upheld += 1;
			self.happened(Since::Upheld, people);
			self.upheld(hash, None);
			let dataset = self.dataset_mut(&hash);
			dataset.status = DatasetStatus::Slashed;
			dataset.offer = None;
		} else {
			self.coverage.rejected += 1;
			if people.contains(&challenger) {
				self.coverage.rejected_by_contributor += 1;
			}
			self.happened(Since::Rejected, people);
			self.rejected(hash);
		}
	}

	pub(super) fn misattribution(&mut self, pick: usize, rightful: Rightful) {
		let Some(hash) = self.pick_dataset(pick, |d| d.status == DatasetStatus::Challenged) else {
			return;
		};
		let dataset = self.dataset(&hash).clone();
		let (challenger, _) = dataset.challenge.unwrap();
		let rightful = match rightful {
			Rightful::Contributor(index) => {
				self.coverage.misattributed_to_contributor += 1;
				dataset.contributors[index % dataset.contributors.len()].0
			},
			Rightful::Challenger => {
				self.coverage.misattributed_to_challenger += 1;
				challenger
			},
			Rightful::Account(who) => who,
		};
		let call = Call::resolve_misattribution { hash, rightful };
		assert!(dispatch_as(RuntimeOrigin::signed(CURATOR), call), "a curator reattributes");
		self.close_challenge(&hash);
		self.coverage.misattributions += 1;
		let people = self.people_of(&hash);
		self.happened(Since::Upheld, people);
		self.upheld(hash, Some(rightful));
		let dataset = self.dataset_mut(&hash);
		dataset.status = DatasetStatus::Reattributed;
		dataset.rightful = Some(rightful);
		dataset.offer = None;
	}

	pub(super) fn close_expired(&mut self, who: u64, pick: usize) {
		let Some(hash) = self.pick_dataset(pick, |d| d.status == DatasetStatus::Challenged) else {
			return;
		};
		let (_, expires_at) = self.dataset(&hash).challenge.unwrap();
		let ok = dispatch(who, Call::close_expired_challenge { hash });
		assert_eq!(
			ok,
			System::block_number() >= expires_at,
			"a challenge closes when its period is over"
		);
		if ok {
			self.close_challenge(&hash);
			self.coverage.expiries += 1;
			let people = self.people_of(&hash);
			self.happened(Since::Expiry, people);
			self.rejected(hash);
		}
	}

	pub(super) fn offer_dataset(&mut self, pick: usize, to: u64, stranger: bool) {
		let Some(hash) = self.pick_dataset(pick, |_| true) else { return };
		let dataset = self.dataset(&hash).clone();
		let signer = if stranger { stranger_of(dataset.owner) } else { dataset.owner };
		// An offer to the owner itself withdraws the offer there is; another needs the dataset
		// open to a change of owner.
		let predicted = signer == dataset.owner
			&& if to == dataset.owner { dataset.offer.is_some() } else { dataset.open() };
		let ok = dispatch(signer, Call::offer_dataset_ownership { hash, new_owner: to });
		assert_eq!(ok, predicted, "a dataset offer by its owner, while it may change hands");
		if !ok && dataset.status == DatasetStatus::Challenged && signer == dataset.owner {
			self.coverage.dataset_offers_refused_in_challenge += 1;
		}
		if ok {
			self.coverage.dataset_offers += 1;
			self.dataset_mut(&hash).offer = (to != dataset.owner).then_some(to);
		}
	}

	pub(super) fn accept_dataset(&mut self, pick: usize, stranger: bool) {
		let Some(hash) = self.pick_dataset(pick, |d| d.offer.is_some()) else { return };
		let dataset = self.dataset(&hash).clone();
		let offered = dataset.offer.unwrap();
		let signer = if stranger { offered % 9 + 1 } else { offered };
		let predicted = signer == offered && dataset.open();
		let ok = dispatch(signer, Call::accept_dataset_ownership { hash });
		assert_eq!(ok, predicted, "the offered account accepts while the dataset may change hands");
		if ok {
			self.coverage.dataset_transfers += 1;
			let dataset = self.dataset_mut(&hash);
			dataset.owner = signer;
			dataset.offer = None;
		}
	}

	pub(super) fn set_terms(&mut self, pick: usize, terms: LicenceTerms, stranger: bool) {
		let Some(hash) = self.pick_dataset(pick, |_| true) else { return };
		let dataset = self.dataset(&hash).clone();
		// Mostly a loosening of the terms there are.
		let terms = if stranger || terms.min_contributor_share.is_zero() {
			terms
		} else {
			let floor = dataset.terms.min_contributor_share.deconstruct() / 2;
			LicenceTerms { min_contributor_share: Perbill::from_parts(floor), ..dataset.terms }
		};
		let signer = if stranger { stranger_of(dataset.owner) } else { dataset.owner };
		let looser = (terms.commercial_use || !dataset.terms.commercial_use)
			&& (terms.derivatives || !dataset.terms.derivatives)
			&& terms.min_contributor_share <= dataset.terms.min_contributor_share;
		let ok = dispatch(signer, Call::set_dataset_terms { hash, terms });
		assert_eq!(ok, signer == dataset.owner && looser, "only the owner loosens terms");
		if ok {
			self.coverage.terms_set += 1;
			self.dataset_mut(&hash).terms = terms;
		}
	}
}
