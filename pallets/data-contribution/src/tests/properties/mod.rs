//! Property test: random sequences of registrations, payments, withdrawals, retirements, claims,
//! challenges and rulings, and usage channels opened, topped up, settled (with good and bad
//! receipts) and closed, by several accounts, checked after every step against an independent
//! model of the economics in exact rational arithmetic ([`expected`]).
//!
//! The generator picks its targets from the live state (a payment goes to an active model, a
//! ruling to a challenged dataset, a withdrawal is signed by the dataset's owner), so that calls
//! succeed often; the claim bounds are small (1 to 3 positions, 2 to 5 parts), so that claims
//! page; and every claim is repeated until nothing is pending, each call succeeding. What the
//! runs reached is counted, and minimums over all cases are asserted: a generator change that
//! stops reaching a path fails the test.

use super::*;
use frame_support::traits::UnfilteredDispatchable;
use num_bigint::BigInt;
use num_rational::BigRational;
use proptest::prelude::*;
use std::collections::BTreeMap;

mod expected;
mod usage;

use expected::Expected;

/// Contributors and model owners.
const PEOPLE: u64 = 6;
/// Payers: accounts 7 to 9.
const PAYERS: std::ops::RangeInclusive<u64> = 7..=9;

/// One step of a scenario. Indices (`dataset`, `model`, `channel`) pick from the live state: the
/// first suitable item at or after the index, cyclically.
#[derive(Clone, Debug)]
enum Op {
	RegisterDataset { owner: u64, contributors: Vec<(u64, u32)>, terms: LicenceTerms },
	WithdrawDataset { dataset: usize, stranger: bool },
	RegisterModel {
		owner: u64,
		datasets: Vec<(usize, u32)>,
		parents: Vec<(usize, u32)>,
		price: u128,
		owner_share: u32,
	},
	SetPrice { model: usize, price: u128, stranger: bool },
	RetireModel { model: usize, stranger: bool },
	Pay { payer: u64, model: usize, queries: u32, slack: u128 },
	Claim { who: u64 },
	ClaimModelRevenue { who: u64, model: usize },
	Challenge { challenger: u64, dataset: usize },
	Resolve { by_root: bool, dataset: usize, upheld: bool },
	CloseExpired { who: u64, dataset: usize },
	Confirm { dataset: usize, contributor: usize },
	SettlePosition { who: u64, contributor: u64, model: usize },
	OpenUsage { consumer: u64, model: usize, escrow: u128, slack: u128 },
	TopUpUsage { channel: usize, amount: u128, stranger: bool },
	SettleUsage { model: usize, receipts: Vec<(usize, u64, ReceiptKind)> },
	CloseUsage { channel: usize, stranger: bool },
	FinishCloseUsage { who: u64, channel: usize },
}

/// How a generated usage receipt is made.
#[derive(Clone, Copy, Debug)]
enum ReceiptKind {
	/// Signed by the channel's consumer, for more queries than settled.
	Good,
	/// Signed by the consumer, at the count already settled.
	Replay,
	/// Signed by another account.
	Forged,
	/// Signed by the consumer for another chain.
	OtherChain,
	/// For a channel id never handed out.
	NoChannel,
}

fn receipt_kind() -> impl Strategy<Value = ReceiptKind> {
	prop_oneof![
		8 => Just(ReceiptKind::Good),
		1 => Just(ReceiptKind::Replay),
		1 => Just(ReceiptKind::Forged),
		1 => Just(ReceiptKind::OtherChain),
		1 => Just(ReceiptKind::NoChannel),
	]
}

fn person() -> impl Strategy<Value = u64> {
	1..=PEOPLE
}

/// Distinct contributors with raw weights that the test turns into shares summing to 100%.
fn contributors() -> impl Strategy<Value = Vec<(u64, u32)>> {
	proptest::collection::btree_map(person(), 1u32..1_000, 1..=4)
		.prop_map(|m| m.into_iter().collect())
}

/// Terms for a dataset: mostly loose, now and then forbidding commercial use or derivatives,
/// and often with a floor under the contributors' part.
fn terms() -> impl Strategy<Value = LicenceTerms> {
	(proptest::bool::weighted(0.9), proptest::bool::weighted(0.85), prop_oneof![
		1 => Just(0u32),
		1 => 0u32..=600_000_000,
	])
		.prop_map(|(commercial_use, derivatives, floor)| LicenceTerms {
			commercial_use,
			derivatives,
			min_contributor_share: Perbill::from_parts(floor),
		})
}

fn dataset_registration() -> impl Strategy<Value = Op> {
	(person(), contributors(), terms())
		.prop_map(|(owner, contributors, terms)| Op::RegisterDataset { owner, contributors, terms })
}

/// A model over some of the first three datasets, at least one of them weighing something,
/// derived from the model at index `parent`, if any: the scenarios start with a lineage three
/// models deep.
fn model_registration(parent: Option<usize>) -> impl Strategy<Value = Op> {
	(
		person(),
		proptest::collection::vec((0usize..3, 1u32..5), 1..=3),
		0u32..=700_000_000,
		1u128..5_000,
		0u32..=1_000_000_000,
	)
		.prop_map(move |(owner, datasets, royalty, price, owner_share)| Op::RegisterModel {
			owner,
			datasets,
			parents: parent.map(|index| (index, royalty)).into_iter().collect(),
			price,
			owner_share,
		})
}

/// A scenario: claim bounds, three datasets and two models to start from, then random steps.
#[derive(Clone, Debug)]
struct Scenario {
	max_claim: u32,
	max_parts: u32,
	ops: Vec<Op>,
}

fn scenario() -> impl Strategy<Value = Scenario> {
	let dataset = (person(), contributors()).prop_map(|(owner, contributors)| Op::RegisterDataset {
		owner,
		contributors,
		terms: LicenceTerms::permissive(),
	});
	(
		1u32..=3,
		2u32..=5,
		proptest::collection::vec(dataset, 3),
		(model_registration(None), model_registration(Some(0)), model_registration(Some(1))),
		proptest::collection::vec(op(), 1..60),
	)
		.prop_map(|(max_claim, max_parts, datasets, models, ops)| Scenario {
			max_claim,
			max_parts,
			ops: datasets.into_iter().chain([models.0, models.1, models.2]).chain(ops).collect(),
		})
}

fn op() -> impl Strategy<Value = Op> {
	let stranger = || proptest::bool::weighted(0.1);
	prop_oneof![
		2 => dataset_registration(),
		1 => (0usize..8, stranger()).prop_map(|(dataset, stranger)| Op::WithdrawDataset { dataset, stranger }),
		3 => (
			person(),
			proptest::collection::vec((0usize..8, 0u32..5), 1..=4),
			proptest::collection::vec((0usize..8, 0u32..=600_000_000), 0..=3),
			0u128..5_000,
			0u32..=1_000_000_000,
		)
			.prop_map(|(owner, datasets, parents, price, owner_share)| Op::RegisterModel {
				owner,
				datasets,
				parents,
				price,
				owner_share
			}),
		1 => (0usize..8, 0u128..5_000, stranger())
			.prop_map(|(model, price, stranger)| Op::SetPrice { model, price, stranger }),
		1 => (0usize..8, stranger()).prop_map(|(model, stranger)| Op::RetireModel { model, stranger }),
		8 => (PAYERS, 0usize..8, 1u32..50, 0u128..4)
			.prop_map(|(payer, model, queries, slack)| Op::Pay { payer, model, queries, slack }),
		6 => (1..=PEOPLE + 1).prop_map(|who| Op::Claim { who }),
		2 => (1..=9u64, 0usize..8).prop_map(|(who, model)| Op::ClaimModelRevenue { who, model }),
		2 => (1..=9u64, 0usize..8).prop_map(|(challenger, dataset)| Op::Challenge { challenger, dataset }),
		2 => (any::<bool>(), 0usize..8, any::<bool>())
			.prop_map(|(by_root, dataset, upheld)| Op::Resolve { by_root, dataset, upheld }),
		1 => (PAYERS, 0usize..8).prop_map(|(who, dataset)| Op::CloseExpired { who, dataset }),
		1 => (0usize..8, 0usize..4).prop_map(|(dataset, contributor)| Op::Confirm { dataset, contributor }),
		1 => (1..=9u64, person(), 0usize..8)
			.prop_map(|(who, contributor, model)| Op::SettlePosition { who, contributor, model }),
		2 => (PAYERS, 0usize..8, 1u128..200_000, 0u128..3)
			.prop_map(|(consumer, model, escrow, slack)| Op::OpenUsage { consumer, model, escrow, slack }),
		1 => (0usize..8, 1u128..20_000, stranger())
			.prop_map(|(channel, amount, stranger)| Op::TopUpUsage { channel, amount, stranger }),
		4 => (0usize..8, proptest::collection::vec((0usize..8, 1u64..6, receipt_kind()), 1..=4))
			.prop_map(|(model, receipts)| Op::SettleUsage { model, receipts }),
		2 => (0usize..8, stranger())
			.prop_map(|(channel, stranger)| Op::CloseUsage { channel, stranger }),
		3 => (1..=9u64, 0usize..8).prop_map(|(who, channel)| Op::FinishCloseUsage { who, channel }),
	]
}

/// Turns raw weights into Perbill shares that sum to exactly one billion parts.
fn shares(raw: &[(u64, u32)]) -> Vec<(u64, Perbill)> {
	let total: u64 = raw.iter().map(|(_, w)| *w as u64).sum();
	let mut parts: Vec<(u64, u32)> =
		raw.iter().map(|(c, w)| (*c, (*w as u64 * 1_000_000_000 / total) as u32)).collect();
	let assigned: u32 = parts.iter().map(|(_, p)| *p).sum();
	parts[0].1 += 1_000_000_000 - assigned;
	parts.into_iter().map(|(c, p)| (c, Perbill::from_parts(p))).collect()
}

/// A usage channel as the independent model sees it.
#[derive(Clone, Debug)]
struct ExpectedChannel {
	consumer: u64,
	model: ModelId,
	escrow: u128,
	max_price: u128,
	settled: u64,
	/// When its consumer's close takes effect, once asked.
	closes_at: Option<u64>,
}

/// How often each usage path was taken.
#[derive(Clone, Copy, Debug, Default)]
struct UsageCoverage {
	opened: u64,
	topped_up: u64,
	receipts_settled: u64,
	receipts_rejected: u64,
	closes_finished: u64,
	refused_calls: u64,
}

impl UsageCoverage {
	fn add(&mut self, other: &Self) {
		self.opened += other.opened;
		self.topped_up += other.topped_up;
		self.receipts_settled += other.receipts_settled;
		self.receipts_rejected += other.receipts_rejected;
		self.closes_finished += other.closes_finished;
		self.refused_calls += other.refused_calls;
	}
}

/// How often each path was taken, over one run or, added up, over all of them.
#[derive(Clone, Copy, Debug, Default)]
struct Coverage {
	payments: u64,
	/// Models registered with parents.
	derivatives: u64,
	/// Payments and settlements whose royalties reached a parent.
	royalty_payments: u64,
	/// Payments and settlements whose royalties reached a grandparent.
	deep_royalty_payments: u64,
	/// Successful claims of a model's revenue.
	revenue_claims: u64,
	claims: u64,
	/// Claims that left positions for the next call.
	multi_page_claims: u64,
	/// Claims that stopped at the parts bound before the positions bound.
	parts_limited_claims: u64,
	/// Claims that settled parts through a challenged dataset into escrow.
	escrowing_claims: u64,
	retirements: u64,
	withdrawals: u64,
	upheld: u64,
	rejected: u64,
	expiries: u64,
	/// Claims that settled something after a retirement, a withdrawal, an upheld ruling, a
	/// rejected one and an expiry, respectively.
	claims_after: [u64; 5],
	usage: UsageCoverage,
}

impl Coverage {
	fn add(&mut self, other: &Self) {
		self.payments += other.payments;
		self.derivatives += other.derivatives;
		self.royalty_payments += other.royalty_payments;
		self.deep_royalty_payments += other.deep_royalty_payments;
		self.revenue_claims += other.revenue_claims;
		self.claims += other.claims;
		self.multi_page_claims += other.multi_page_claims;
		self.parts_limited_claims += other.parts_limited_claims;
		self.escrowing_claims += other.escrowing_claims;
		self.retirements += other.retirements;
		self.withdrawals += other.withdrawals;
		self.upheld += other.upheld;
		self.rejected += other.rejected;
		self.expiries += other.expiries;
		for (total, count) in self.claims_after.iter_mut().zip(other.claims_after) {
			*total += count;
		}
		self.usage.add(&other.usage);
	}
}

/// The events after which claims are counted: see [`Coverage::claims_after`].
#[derive(Clone, Copy, Debug)]
enum Since {
	Retirement,
	Withdrawal,
	Upheld,
	Rejected,
	Expiry,
}

fn ratio(n: u128, d: u128) -> BigRational {
	BigRational::new(BigInt::from(n), BigInt::from(d))
}

/// The item of `items` at `index`, cyclically.
fn pick_index<T: Clone>(items: &[T], index: usize) -> Option<T> {
	pick(items, index, |_| true)
}

/// The first item of `items` at or after `index` (cyclically) for which `suits` holds.
fn pick<T: Clone>(items: &[T], index: usize, suits: impl Fn(&T) -> bool) -> Option<T> {
	(0..items.len()).map(|i| &items[(index + i) % items.len()]).find(|item| suits(item)).cloned()
}

/// The ids of the models on chain, in order (storage iterates them in hash order).
fn model_ids() -> Vec<ModelId> {
	let mut ids: Vec<ModelId> = Models::<Test>::iter_keys().collect();
	ids.sort_unstable();
	ids
}

fn dataset_status(hash: &H256) -> Option<DatasetStatus> {
	Datasets::<Test>::get(hash).map(|d| d.status)
}

/// A model that is not `owner`, for a stranger to sign with.
fn stranger_of(owner: u64) -> u64 {
	owner % PEOPLE + 1
}

fn dispatch(who: u64, call: Call<Test>) -> bool {
	dispatch_as(RuntimeOrigin::signed(who), call)
}

fn dispatch_as(origin: RuntimeOrigin, call: Call<Test>) -> bool {
	let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
	let events = System::events().len();
	let result = call.dispatch_bypass_filter(origin);
	if result.is_err() {
		// A failed call changes nothing.
		assert_eq!(root, sp_io::storage::root(sp_runtime::StateVersion::V1));
		assert_eq!(events, System::events().len());
	}
	result.is_ok()
}

/// Runs `scenario`, checking the properties after each step; returns what it reached.
fn run(scenario: Scenario) -> Coverage {
	ClaimPositions::set(scenario.max_claim);
	ClaimParts::set(scenario.max_parts);
	let coverage = new_test_ext().execute_with(|| {
		let mut expected = Expected::new();
		let mut datasets: Vec<H256> = Vec::new();
		for (step, op) in scenario.ops.into_iter().enumerate() {
			expected.step(step, op, &mut datasets);
			expected.check();
			next_block();
		}
		expected.coverage
	});
	ClaimPositions::set(MAX_CLAIM);
	ClaimParts::set(MAX_PARTS);
	coverage
}

impl Expected {
	/// Dispatches `op`, and updates the model with what it did.
	fn step(&mut self, step: usize, op: Op, datasets: &mut Vec<H256>) {
		let models = model_ids();
		match op {
			Op::RegisterDataset { owner, contributors, terms } => {
				let hash = hash(step as u64 + 1);
				let commitment = DataContribution::commitment_of(&hash, &owner, &salt(owner));
				assert!(dispatch(owner, Call::commit_dataset { commitment }));
				next_block();
				let call = Call::register_dataset {
					hash,
					salt: salt(owner),
					contributors: shares(&contributors),
					metadata: vec![],
					terms,
				};
				if dispatch(owner, call) {
					datasets.push(hash);
				}
			},
			Op::WithdrawDataset { dataset, stranger } => {
				let suits = |h: &H256| dataset_status(h) == Some(DatasetStatus::Active);
				let Some(hash) = pick(datasets, dataset, suits) else { return };
				let owner = Datasets::<Test>::get(hash).unwrap().owner;
				let signer = if stranger { stranger_of(owner) } else { owner };
				let ok = dispatch(signer, Call::withdraw_dataset { hash });
				assert_eq!(ok, !stranger, "only the owner withdraws, and it may");
				if ok {
					self.coverage.withdrawals += 1;
					self.happened(Since::Withdrawal, Self::people_of(&hash));
				}
			},
			Op::RegisterModel { owner, datasets: picks, parents, price, owner_share } => {
				let chosen: Vec<(H256, u32)> =
					picks.into_iter().filter_map(|(i, w)| datasets.get(i).map(|h| (*h, w))).collect();
				let parents: Vec<(ModelId, Perbill)> = parents
					.into_iter()
					.filter_map(|(i, royalty)| models.get(i).map(|id| (*id, Perbill::from_parts(royalty))))
					.collect();
				let id = NextModelId::<Test>::get();
				let call = Call::register_model {
					datasets: chosen.clone(),
					parents: parents.clone(),
					price_per_query: price,
					owner_share: Perbill::from_parts(owner_share),
					metadata: vec![],
				};
				if dispatch(owner, call) {
					if !parents.is_empty() {
						self.coverage.derivatives += 1;
					}
					self.model_registered(id, &chosen, parents, price, Perbill::from_parts(owner_share));
				}
			},
			Op::SetPrice { model, price, stranger } => {
				let Some(id) = pick_index(&models, model) else { return };
				let info = Models::<Test>::get(id).unwrap();
				let signer = if stranger { stranger_of(info.owner) } else { info.owner };
				let ok = dispatch(signer, Call::set_model_price { model_id: id, price_per_query: price });
				let allowed = price == 0 || info.terms.commercial_use;
				assert_eq!(ok, !stranger && self.model(id).active && allowed);
				if ok {
					self.model_mut(id).price = price;
				}
			},
			Op::RetireModel { model, stranger } => {
				let active = |id: &ModelId| Models::<Test>::get(id).unwrap().status == ModelStatus::Active;
				let Some(id) = pick(&models, model, active) else { return };
				let owner = Models::<Test>::get(id).unwrap().owner;
				let ok = dispatch(if stranger { stranger_of(owner) } else { owner }, Call::retire_model { model_id: id });
				assert_eq!(ok, !stranger);
				if ok {
					self.coverage.retirements += 1;
					self.model_mut(id).active = false;
					let holders = Positions::<Test>::iter().filter(|(_, m, _)| *m == id).map(|(c, _, _)| c).collect();
					self.happened(Since::Retirement, holders);
				}
			},
			Op::Pay { payer, model, queries, slack } => {
				let active = |id: &ModelId| Models::<Test>::get(id).unwrap().status == ModelStatus::Active;
				let Some(id) = pick(&models, model, active) else { return };
				let info = self.model(id);
				let amount = info.price * queries as u128;
				// Now and then the payer's limit is one planck short.
				let max_total = (amount + slack).saturating_sub(1);
				let ok = dispatch(payer, Call::pay_for_queries { model_id: id, queries, max_total });
				assert_eq!(ok, amount <= max_total, "a payment within its limit succeeds");
				if ok {
					self.coverage.payments += 1;
					self.paid(id, amount, info.owner_share);
				}
			},
			Op::Claim { who } => self.claim_until_drained(who),
			Op::ClaimModelRevenue { who, model } => {
				let Some(id) = pick(&models, model, |_| true) else { return };
				let waiting = self.revenue_waiting(id);
				let (owner_before, protocol_before) = (free(Models::<Test>::get(id).unwrap().owner), free(PROTOCOL));
				let ok = dispatch(who, Call::claim_model_revenue { model_id: id });
				assert_eq!(ok, waiting != (0, 0), "a claim of revenue succeeds exactly when some waits");
				if ok {
					self.coverage.revenue_claims += 1;
					let owner = Models::<Test>::get(id).unwrap().owner;
					// The caller pays no fee in the mock: each side gains exactly its part.
					if owner != who {
						assert_eq!(free(owner), owner_before + waiting.0, "the owner got its part");
					}
					assert_eq!(free(PROTOCOL), protocol_before + waiting.1, "the protocol got its part");
					self.revenue_claimed(id);
				}
			},
			Op::Challenge { challenger, dataset } => {
				// Withdrawn datasets stay challengeable while their record exists.
				let suits = |h: &H256| matches!(dataset_status(h), Some(DatasetStatus::Active | DatasetStatus::Withdrawn));
				let Some(hash) = pick(datasets, dataset, suits) else { return };
				let record = Datasets::<Test>::get(hash).unwrap();
				// Only the owner and contributors who confirmed answer for a dataset.
				let involved = record.owner == challenger ||
					record.contributors.iter().enumerate().any(|(i, (c, _))| *c == challenger && record.is_confirmed(i));
				let ok = dispatch(challenger, Call::challenge_dataset { hash, evidence: vec![1; 8] });
				assert_eq!(ok, !involved, "anyone but the dataset's people may challenge it");
			},
			Op::Resolve { by_root, dataset, upheld } => {
				let suits = |h: &H256| dataset_status(h) == Some(DatasetStatus::Challenged);
				let Some(hash) = pick(datasets, dataset, suits) else { return };
				let origin = if by_root { RuntimeOrigin::root() } else { RuntimeOrigin::signed(CURATOR) };
				let deposit = Datasets::<Test>::get(hash).unwrap().deposit;
				assert!(dispatch_as(origin, Call::resolve_challenge { hash, upheld }), "a curator rules");
				self.ruled(hash, upheld, false, deposit);
			},
			Op::CloseExpired { who, dataset } => {
				let suits = |h: &H256| dataset_status(h) == Some(DatasetStatus::Challenged);
				let Some(hash) = pick(datasets, dataset, suits) else { return };
				let expires_at = Challenges::<Test>::get(hash).unwrap().expires_at;
				let ok = dispatch(who, Call::close_expired_challenge { hash });
				assert_eq!(ok, System::block_number() >= expires_at);
				if ok {
					self.ruled(hash, false, true, 0);
				}
			},
			Op::Confirm { dataset, contributor } => {
				let Some(hash) = pick(datasets, dataset, |h| dataset_status(h).is_some()) else { return };
				let record = Datasets::<Test>::get(hash).unwrap();
				let index = contributor % record.contributors.len();
				let who = record.contributors[index].0;
				let ok = dispatch(who, Call::confirm_contribution { hash });
				assert_eq!(ok, !record.is_confirmed(index), "a contributor confirms once");
			},
			Op::SettlePosition { who, contributor, model } => {
				let held: Vec<ModelId> = Positions::<Test>::iter_prefix(contributor).map(|(m, _)| m).collect();
				let Some(id) = pick_index(&held, model) else { return };
				let before = self.positions_of(contributor);
				assert!(dispatch(who, Call::settle_position { model_id: id, contributor }), "anyone settles a position");
				let settled = before.into_iter().filter(|(m, _)| *m == id).collect();
				self.claimed(contributor, 0, settled);
			},
			Op::OpenUsage { consumer, model, escrow, slack } => self.open_usage(consumer, model, escrow, slack),
			Op::TopUpUsage { channel, amount, stranger } => self.top_up_usage(channel, amount, stranger),
			Op::SettleUsage { model, receipts } => self.settle_usage(model, receipts),
			Op::CloseUsage { channel, stranger } => self.close_usage(channel, stranger),
			Op::FinishCloseUsage { who, channel } => self.finish_close_usage(who, channel),
		}
	}

	/// Claims for `who` until nothing is pending: every call must succeed (the first may find
	/// nothing to claim, only when nothing is pending), and a number of calls bounded by the
	/// positions drains `pending` to zero.
	fn claim_until_drained(&mut self, who: u64) {
		let bound = Positions::<Test>::iter_prefix(who).count() + 3;
		for call in 0.. {
			let nothing_pending = pending(who) == 0;
			let before = (free(who), self.positions_of(who));
			if !dispatch(who, Call::claim_rewards {}) {
				assert!(call == 0 && nothing_pending, "claim {call} of {who} failed with rewards pending");
				break;
			}
			self.claimed(who, free(who) - before.0, before.1);
			let Event::RewardsClaimed { positions, more_remaining, escrowed, .. } = last_event() else {
				panic!("a claim emits RewardsClaimed")
			};
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
			// With more positions than a claim takes, `more_remaining` may stay set while the
			// claims go round the ring settling nothing: done when nothing is pending.
			if pending(who) == 0 {
				break;
			}
			assert!(call + 1 < bound, "{bound} claims did not drain {who}'s pending");
		}
		assert_eq!(pending(who), 0, "claims drain pending");
	}
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(128))]

	/// Random scenarios, drawn afresh on every run, conserve money and pay pro rata.
	#[test]
	fn random_sequences_conserve_money_and_pay_pro_rata(scenario in scenario()) {
		run(scenario);
	}
}

/// The same properties over a fixed set of 256 scenarios (a deterministic generator, so that the
/// counts cannot vary from run to run), in which every path is taken at least as often as the
/// minimums say: a generator change that stops reaching one fails here.
#[test]
fn fixed_sequences_reach_every_path() {
	use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
	let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
	let mut runner = TestRunner::new_with_rng(Config::with_cases(256), rng);
	let total = std::cell::RefCell::new(Coverage::default());
	runner
		.run(&scenario(), |scenario| {
			total.borrow_mut().add(&run(scenario));
			Ok(())
		})
		.unwrap();
	let total = total.into_inner();
	eprintln!("coverage over all cases: {total:?}");
	// About half of what runs reach (256 cases of up to 65 steps).
	let minimums = [
		("payments", total.payments, 450),
		("derivative models", total.derivatives, 110),
		("payments with royalties", total.royalty_payments, 160),
		("payments with royalties to a grandparent", total.deep_royalty_payments, 50),
		("model revenue claims", total.revenue_claims, 80),
		("claims", total.claims, 200),
		("multi-page claims", total.multi_page_claims, 40),
		("parts-limited claims", total.parts_limited_claims, 3),
		("claims into escrow", total.escrowing_claims, 25),
		("retirements", total.retirements, 60),
		("withdrawals", total.withdrawals, 80),
		("upheld rulings", total.upheld, 30),
		("rejected rulings", total.rejected, 25),
		("expiries", total.expiries, 8),
		("claims after a retirement", total.claims_after[Since::Retirement as usize], 35),
		("claims after a withdrawal", total.claims_after[Since::Withdrawal as usize], 40),
		("claims after an upheld ruling", total.claims_after[Since::Upheld as usize], 15),
		("claims after a rejected ruling", total.claims_after[Since::Rejected as usize], 15),
		("claims after an expiry", total.claims_after[Since::Expiry as usize], 4),
		("channels opened", total.usage.opened, 75),
		("top-ups", total.usage.topped_up, 15),
		("receipts settled", total.usage.receipts_settled, 120),
		("receipts rejected", total.usage.receipts_rejected, 90),
		("channels closed", total.usage.closes_finished, 15),
		("usage calls refused", total.usage.refused_calls, 200),
	];
	for (path, reached, minimum) in minimums {
		assert!(reached >= minimum, "{path}: reached {reached} times, fewer than {minimum}: {total:?}");
	}
}

/// The checker above runs on real payments and claims, not only on failing calls.
#[test]
fn a_fixed_scenario_exercises_payments_and_claims() {
	let ops = vec![
		Op::RegisterDataset { owner: 1, contributors: vec![(1, 3), (2, 7)], terms: LicenceTerms::permissive() },
		Op::RegisterDataset { owner: 2, contributors: vec![(3, 1), (4, 1), (5, 1)], terms: LicenceTerms::permissive() },
		Op::RegisterModel { owner: 6, datasets: vec![(0, 2), (1, 1)], parents: vec![], price: 997, owner_share: 123_456_789 },
		Op::Pay { payer: 7, model: 0, queries: 13, slack: 1 },
		Op::Claim { who: 4 },
		Op::Pay { payer: 8, model: 0, queries: 7, slack: 1 },
		Op::Claim { who: 1 },
		Op::Claim { who: 4 },
		Op::RetireModel { model: 0, stranger: false },
		Op::Claim { who: 2 },
	];
	let coverage = run(Scenario { max_claim: MAX_CLAIM, max_parts: MAX_PARTS, ops });
	assert_eq!(coverage.payments, 2);
	assert_eq!(coverage.claims, 4);
	assert_eq!(coverage.retirements, 1);
	assert_eq!(coverage.claims_after[Since::Retirement as usize], 1);
}

/// The checker above runs on escrow, an upheld and a rejected challenge, and an expiry.
#[test]
fn a_fixed_scenario_exercises_challenges_and_rulings() {
	let ops = vec![
		Op::RegisterDataset { owner: 1, contributors: vec![(1, 3), (2, 7)], terms: LicenceTerms::permissive() },
		Op::RegisterDataset { owner: 2, contributors: vec![(3, 1), (4, 1), (5, 1)], terms: LicenceTerms::permissive() },
		Op::RegisterDataset { owner: 6, contributors: vec![(2, 1), (6, 1)], terms: LicenceTerms::permissive() },
		Op::RegisterModel { owner: 6, datasets: vec![(0, 2), (1, 1), (2, 1)], parents: vec![], price: 997, owner_share: 1 },
		Op::Pay { payer: 7, model: 0, queries: 13, slack: 1 },
		Op::Challenge { challenger: 8, dataset: 0 },
		Op::Challenge { challenger: 9, dataset: 1 },
		Op::Challenge { challenger: 1, dataset: 2 },
		Op::Pay { payer: 8, model: 0, queries: 7, slack: 1 },
		Op::Claim { who: 2 },
		Op::Claim { who: 3 },
		Op::Resolve { by_root: true, dataset: 0, upheld: true },
		Op::Resolve { by_root: false, dataset: 1, upheld: false },
		Op::Pay { payer: 7, model: 0, queries: 3, slack: 1 },
		Op::Claim { who: 1 },
		Op::Claim { who: 2 },
		Op::Claim { who: 4 },
	]
	.into_iter()
	.chain((0..CHALLENGE_PERIOD).map(|_| Op::Pay { payer: 9, model: 0, queries: 1, slack: 1 }))
	.chain([Op::CloseExpired { who: 7, dataset: 2 }, Op::Claim { who: 6 }, Op::Claim { who: 2 }])
	.collect();
	let coverage = run(Scenario { max_claim: 1, max_parts: 4, ops });
	assert_eq!((coverage.upheld, coverage.rejected, coverage.expiries), (1, 1, 1));
	assert!(coverage.escrowing_claims >= 2, "{coverage:?}");
}
