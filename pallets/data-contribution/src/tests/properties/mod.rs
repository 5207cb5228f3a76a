//! Property test: random sequences of every call of the pallet (registrations, payments,
//! withdrawals and their removal, retirements and removals, claims, challenges and rulings of
//! each kind, ownership offers and acceptances, terms, and usage channels with good, bad and
//! largest-count receipts, on priced and free models) by several accounts, checked after every
//! step against an independent model of the economics ([`expected`]).
//!
//! The model predicts: whether each call succeeds, every amount it moves, and each dataset's
//! status and owner, from the operations it applied. The generator picks its targets from the
//! model's own view of the state (a ruling goes to a dataset the model holds challenged), so that
//! calls succeed often; the claim bounds are small (1 to 3 positions, 2 to 5 parts), so that
//! claims page; and every claim is repeated until nothing is pending. What the runs reached is
//! counted, and minimums over a fixed set of scenarios are asserted ([`coverage`]): a generator
//! change that stops reaching a path fails the test.

use super::*;
use frame_support::traits::UnfilteredDispatchable;
use num_bigint::BigInt;
use num_rational::BigRational;
use proptest::prelude::*;
use std::collections::BTreeMap;

mod coverage;
mod datasets;
mod expected;
mod models;
mod usage;

use coverage::{Coverage, Since};
use expected::{Expected, ExpectedChannel, ExpectedDataset, ExpectedModel};

/// Contributors and model owners.
const PEOPLE: u64 = 6;
/// Payers: accounts 7 to 9.
const PAYERS: std::ops::RangeInclusive<u64> = 7..=9;

/// One step of a scenario. Indices (`dataset`, `model`, `channel`) pick from the model's view of
/// the state: the first suitable item at or after the index, cyclically.
#[derive(Clone, Debug)]
enum Op {
	RegisterDataset {
		owner: u64,
		contributors: Vec<(u64, u32)>,
		terms: LicenceTerms,
	},
	WithdrawDataset {
		dataset: usize,
		stranger: bool,
	},
	FinishWithdraw {
		who: u64,
		dataset: usize,
	},
	RegisterModel {
		owner: u64,
		datasets: Vec<(usize, u32)>,
		parents: Vec<(usize, u32)>,
		price: u128,
		owner_share: u32,
	},
	SetPrice {
		model: usize,
		price: u128,
		stranger: bool,
	},
	RetireModel {
		model: usize,
		stranger: bool,
	},
	RemoveRetired {
		who: u64,
		model: usize,
	},
	Pay {
		payer: u64,
		model: usize,
		queries: u32,
		slack: u128,
	},
	Claim {
		who: u64,
	},
	ClaimModelRevenue {
		who: u64,
		model: usize,
	},
	Challenge {
		challenger: u64,
		dataset: usize,
	},
	Resolve {
		by_root: bool,
		dataset: usize,
		upheld: bool,
	},
	Misattribution {
		dataset: usize,
		rightful: Rightful,
	},
	CloseExpired {
		who: u64,
		dataset: usize,
	},
	Confirm {
		dataset: usize,
		contributor: usize,
	},
	SettlePosition {
		who: u64,
		model: usize,
		holder: usize,
	},
	OfferDataset {
		dataset: usize,
		to: u64,
		stranger: bool,
	},
	AcceptDataset {
		dataset: usize,
		stranger: bool,
	},
	SetTerms {
		dataset: usize,
		terms: LicenceTerms,
		stranger: bool,
	},
	OfferModel {
		model: usize,
		to: u64,
		stranger: bool,
	},
	AcceptModel {
		model: usize,
		stranger: bool,
	},
	OpenUsage {
		consumer: u64,
		model: usize,
		escrow: u128,
		slack: u128,
	},
	TopUpUsage {
		channel: usize,
		amount: u128,
		stranger: bool,
	},
	SettleUsage {
		model: usize,
		receipts: Vec<(usize, u64, ReceiptKind)>,
	},
	CloseUsage {
		channel: usize,
		stranger: bool,
	},
	FinishCloseUsage {
		who: u64,
		channel: usize,
	},
}

/// Whom a misattribution ruling names as the dataset's rightful account.
#[derive(Clone, Copy, Debug)]
enum Rightful {
	/// One of the dataset's contributors, by index.
	Contributor(usize),
	/// The challenger.
	Challenger,
	/// Any account.
	Account(u64),
}

/// How a generated usage receipt is made.
#[derive(Clone, Copy, Debug)]
enum ReceiptKind {
	/// Signed by the channel's consumer, for more queries than settled.
	Good,
	/// Signed by the consumer, for `u64::MAX` queries.
	Largest,
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
		1 => Just(ReceiptKind::Largest),
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
	(
		proptest::bool::weighted(0.9),
		proptest::bool::weighted(0.85),
		prop_oneof![
			1 => Just(0u32),
			1 => 0u32..=600_000_000,
		],
	)
		.prop_map(|(commercial_use, derivatives, floor)| LicenceTerms {
			commercial_use,
			derivatives,
			min_contributor_share: Perbill::from_parts(floor),
		})
}

/// A price: now and then free.
fn price() -> impl Strategy<Value = u128> {
	prop_oneof![1 => Just(0u128), 4 => 1u128..5_000]
}

fn dataset_registration() -> impl Strategy<Value = Op> {
	(person(), contributors(), terms())
		.prop_map(|(owner, contributors, terms)| Op::RegisterDataset { owner, contributors, terms })
}

/// A model over some of the first three datasets, at least one of them weighing something,
/// derived from the model at index `parent`, if any: the scenarios start with a lineage three
/// models deep, now and then free.
fn model_registration(parent: Option<usize>) -> impl Strategy<Value = Op> {
	(
		person(),
		proptest::collection::vec((0usize..3, 1u32..5), 1..=3),
		0u32..=700_000_000,
		price(),
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

/// A scenario: claim bounds, three datasets and three models to start from, then random steps.
#[derive(Clone, Debug)]
struct Scenario {
	max_claim: u32,
	max_parts: u32,
	ops: Vec<Op>,
}

fn scenario() -> impl Strategy<Value = Scenario> {
	let dataset = (person(), contributors()).prop_map(|(owner, contributors)| {
		Op::RegisterDataset { owner, contributors, terms: LicenceTerms::permissive() }
	});
	(
		1u32..=3,
		2u32..=5,
		proptest::collection::vec(dataset, 3),
		(model_registration(None), model_registration(Some(0)), model_registration(Some(1))),
		proptest::collection::vec(op(), 1..70),
	)
		.prop_map(|(max_claim, max_parts, datasets, models, ops)| Scenario {
			max_claim,
			max_parts,
			ops: datasets.into_iter().chain([models.0, models.1, models.2]).chain(ops).collect(),
		})
}

fn rightful() -> impl Strategy<Value = Rightful> {
	prop_oneof![
		2 => (0usize..4).prop_map(Rightful::Contributor),
		1 => Just(Rightful::Challenger),
		1 => (1..=9u64).prop_map(Rightful::Account),
	]
}

fn op() -> impl Strategy<Value = Op> {
	let stranger = || proptest::bool::weighted(0.1);
	prop_oneof![
		2 => dataset_registration(),
		1 => (0usize..8, stranger()).prop_map(|(dataset, stranger)| Op::WithdrawDataset { dataset, stranger }),
		2 => (1..=9u64, 0usize..8).prop_map(|(who, dataset)| Op::FinishWithdraw { who, dataset }),
		3 => (
			person(),
			proptest::collection::vec((0usize..8, 0u32..5), 1..=4),
			proptest::collection::vec((0usize..8, 0u32..=600_000_000), 0..=3),
			price(),
			0u32..=1_000_000_000,
		)
			.prop_map(|(owner, datasets, parents, price, owner_share)| Op::RegisterModel {
				owner,
				datasets,
				parents,
				price,
				owner_share
			}),
		1 => (0usize..8, price(), stranger())
			.prop_map(|(model, price, stranger)| Op::SetPrice { model, price, stranger }),
		1 => (0usize..8, stranger()).prop_map(|(model, stranger)| Op::RetireModel { model, stranger }),
		2 => (1..=9u64, 0usize..8).prop_map(|(who, model)| Op::RemoveRetired { who, model }),
		8 => (PAYERS, 0usize..8, 1u32..50, 0u128..4)
			.prop_map(|(payer, model, queries, slack)| Op::Pay { payer, model, queries, slack }),
		6 => (1..=PEOPLE + 1).prop_map(|who| Op::Claim { who }),
		2 => (1..=9u64, 0usize..8).prop_map(|(who, model)| Op::ClaimModelRevenue { who, model }),
		3 => (1..=9u64, 0usize..8).prop_map(|(challenger, dataset)| Op::Challenge { challenger, dataset }),
		2 => (any::<bool>(), 0usize..8, any::<bool>())
			.prop_map(|(by_root, dataset, upheld)| Op::Resolve { by_root, dataset, upheld }),
		1 => (0usize..8, rightful()).prop_map(|(dataset, rightful)| Op::Misattribution { dataset, rightful }),
		1 => (PAYERS, 0usize..8).prop_map(|(who, dataset)| Op::CloseExpired { who, dataset }),
		1 => (0usize..8, 0usize..4).prop_map(|(dataset, contributor)| Op::Confirm { dataset, contributor }),
		2 => (1..=9u64, 0usize..8, 0usize..8)
			.prop_map(|(who, model, holder)| Op::SettlePosition { who, model, holder }),
		1 => (0usize..8, 1..=9u64, stranger())
			.prop_map(|(dataset, to, stranger)| Op::OfferDataset { dataset, to, stranger }),
		1 => (0usize..8, stranger()).prop_map(|(dataset, stranger)| Op::AcceptDataset { dataset, stranger }),
		1 => (0usize..8, terms(), stranger())
			.prop_map(|(dataset, terms, stranger)| Op::SetTerms { dataset, terms, stranger }),
		1 => (0usize..8, 1..=9u64, stranger()).prop_map(|(model, to, stranger)| Op::OfferModel { model, to, stranger }),
		1 => (0usize..8, stranger()).prop_map(|(model, stranger)| Op::AcceptModel { model, stranger }),
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
	let mut parts: Vec<(u64, u32)> = raw
		.iter()
		.map(|(c, w)| (*c, (*w as u64 * 1_000_000_000 / total) as u32))
		.collect();
	let assigned: u32 = parts.iter().map(|(_, p)| *p).sum();
	parts[0].1 += 1_000_000_000 - assigned;
	parts.into_iter().map(|(c, p)| (c, Perbill::from_parts(p))).collect()
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
	(0..items.len())
		.map(|i| &items[(index + i) % items.len()])
		.find(|item| suits(item))
		.cloned()
}

/// Another account than `who`, for a stranger to sign with.
fn stranger_of(who: u64) -> u64 {
	who % PEOPLE + 1
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
		for (step, op) in scenario.ops.into_iter().enumerate() {
			expected.step(step, op);
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
	/// Dispatches `op`, having predicted what it does, and checks the prediction.
	fn step(&mut self, step: usize, op: Op) {
		match op {
			Op::RegisterDataset { owner, contributors, terms } => {
				self.register_dataset(step, owner, shares(&contributors), terms)
			},
			Op::WithdrawDataset { dataset, stranger } => self.withdraw_dataset(dataset, stranger),
			Op::FinishWithdraw { who, dataset } => self.finish_withdraw(who, dataset),
			Op::RegisterModel { owner, datasets, parents, price, owner_share } => {
				self.register_model(owner, datasets, parents, price, owner_share)
			},
			Op::SetPrice { model, price, stranger } => self.set_price(model, price, stranger),
			Op::RetireModel { model, stranger } => self.retire_model(model, stranger),
			Op::RemoveRetired { who, model } => self.remove_retired(who, model),
			Op::Pay { payer, model, queries, slack } => self.pay(payer, model, queries, slack),
			Op::Claim { who } => self.claim_until_drained(who),
			Op::ClaimModelRevenue { who, model } => self.claim_model_revenue(who, model),
			Op::Challenge { challenger, dataset } => self.challenge(challenger, dataset),
			Op::Resolve { by_root, dataset, upheld } => self.resolve(by_root, dataset, upheld),
			Op::Misattribution { dataset, rightful } => self.misattribution(dataset, rightful),
			Op::CloseExpired { who, dataset } => self.close_expired(who, dataset),
			Op::Confirm { dataset, contributor } => self.confirm(dataset, contributor),
			Op::SettlePosition { who, model, holder } => self.settle_position(who, model, holder),
			Op::OfferDataset { dataset, to, stranger } => self.offer_dataset(dataset, to, stranger),
			Op::AcceptDataset { dataset, stranger } => self.accept_dataset(dataset, stranger),
			Op::SetTerms { dataset, terms, stranger } => self.set_terms(dataset, terms, stranger),
			Op::OfferModel { model, to, stranger } => self.offer_model(model, to, stranger),
			Op::AcceptModel { model, stranger } => self.accept_model(model, stranger),
			Op::OpenUsage { consumer, model, escrow, slack } => {
				self.open_usage(consumer, model, escrow, slack)
			},
			Op::TopUpUsage { channel, amount, stranger } => {
				self.top_up_usage(channel, amount, stranger)
			},
			Op::SettleUsage { model, receipts } => self.settle_usage(model, receipts),
			Op::CloseUsage { channel, stranger } => self.close_usage(channel, stranger),
			Op::FinishCloseUsage { who, channel } => self.finish_close_usage(who, channel),
		}
	}
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(128))]

	/// Random scenarios, drawn afresh on every run, conserve money and pay pro rata. A failing
	/// case is kept in proptest-regressions/ and run first from then on.
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
	eprintln!("coverage over all cases: {total:#?}");
	total.assert_minimums();
}

/// The two datasets the fixed scenarios start from: datasets 0 (two contributors, owned by
/// one of them) and 1 (three contributors).
fn two_datasets() -> Vec<Op> {
	vec![
		Op::RegisterDataset {
			owner: 1,
			contributors: vec![(1, 3), (2, 7)],
			terms: LicenceTerms::permissive(),
		},
		Op::RegisterDataset {
			owner: 2,
			contributors: vec![(3, 1), (4, 1), (5, 1)],
			terms: LicenceTerms::permissive(),
		},
	]
}

/// The checker above runs on real payments and claims, not only on failing calls.
#[test]
fn a_fixed_scenario_exercises_payments_and_claims() {
	let mut ops = two_datasets();
	ops.extend([
		Op::RegisterModel {
			owner: 6,
			datasets: vec![(0, 2), (1, 1)],
			parents: vec![],
			price: 997,
			owner_share: 123_456_789,
		},
		Op::Pay { payer: 7, model: 0, queries: 13, slack: 1 },
		Op::Claim { who: 4 },
		Op::Pay { payer: 8, model: 0, queries: 7, slack: 1 },
		Op::Claim { who: 1 },
		Op::Claim { who: 4 },
		Op::RetireModel { model: 0, stranger: false },
		Op::Claim { who: 2 },
	]);
	let coverage = run(Scenario { max_claim: MAX_CLAIM, max_parts: MAX_PARTS, ops });
	assert_eq!(coverage.payments, 2);
	assert_eq!(coverage.claims, 4);
	assert_eq!(coverage.retirements, 1);
	assert_eq!(coverage.claims_after[Since::Retirement as usize], 1);
}

/// The checker above runs on escrow, an upheld and a rejected challenge, an expiry, and a
/// misattribution whose rightful account then collects what the dataset earned.
#[test]
fn a_fixed_scenario_exercises_challenges_and_rulings() {
	let mut ops = two_datasets();
	ops.extend([
		Op::RegisterDataset {
			owner: 6,
			contributors: vec![(2, 1), (6, 1)],
			terms: LicenceTerms::permissive(),
		},
		Op::RegisterDataset {
			owner: 5,
			contributors: vec![(4, 1), (5, 1)],
			terms: LicenceTerms::permissive(),
		},
		Op::RegisterModel {
			owner: 6,
			datasets: vec![(0, 2), (1, 1), (2, 1), (3, 1)],
			parents: vec![],
			price: 997,
			owner_share: 1,
		},
		Op::Pay { payer: 7, model: 0, queries: 13, slack: 1 },
		Op::Challenge { challenger: 8, dataset: 0 },
		Op::Challenge { challenger: 9, dataset: 1 },
		Op::Challenge { challenger: 1, dataset: 2 },
		// 4 never confirmed its part of dataset 3: it may challenge it, and loses its whole bond.
		Op::Challenge { challenger: 4, dataset: 3 },
		Op::Pay { payer: 8, model: 0, queries: 7, slack: 1 },
		Op::Claim { who: 2 },
		Op::Claim { who: 3 },
		Op::Resolve { by_root: true, dataset: 0, upheld: true },
		Op::Resolve { by_root: false, dataset: 1, upheld: false },
		Op::Resolve { by_root: false, dataset: 3, upheld: false },
		Op::Challenge { challenger: 9, dataset: 1 },
		Op::Misattribution { dataset: 1, rightful: Rightful::Account(8) },
		Op::Pay { payer: 7, model: 0, queries: 3, slack: 1 },
		Op::Claim { who: 1 },
		Op::Claim { who: 2 },
		Op::Claim { who: 4 },
		Op::Claim { who: 5 },
		Op::SettlePosition { who: 8, model: 0, holder: 0 },
	]);
	ops.extend((0..CHALLENGE_PERIOD).map(|_| Op::Pay { payer: 9, model: 0, queries: 1, slack: 1 }));
	ops.extend([
		Op::CloseExpired { who: 7, dataset: 2 },
		Op::Claim { who: 6 },
		Op::Claim { who: 2 },
	]);
	let coverage = run(Scenario { max_claim: 1, max_parts: 4, ops });
	assert_eq!(
		(coverage.upheld, coverage.rejected, coverage.expiries, coverage.misattributions),
		(1, 2, 1, 1)
	);
	assert_eq!(coverage.rejected_by_contributor, 1);
	assert!(coverage.escrowing_claims >= 2, "{coverage:?}");
	assert!(coverage.reattributed_parts >= 1, "{coverage:?}");
}
