//! Property test: random sequences of registrations, payments, withdrawals, retirements, claims,
//! challenges and rulings, and usage channels opened, topped up, settled (with good and bad
//! receipts) and closed, by several accounts, checked against an independent model of the
//! economics in exact rational arithmetic. Usage operations pick their channels and models from
//! the live state, and the coverage of every usage path over all cases is asserted.

use super::*;
use frame_support::traits::UnfilteredDispatchable;
use num_bigint::BigInt;
use num_rational::BigRational;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Contributors and model owners.
const PEOPLE: u64 = 6;
/// Payers: accounts 7 to 9.
const PAYERS: std::ops::RangeInclusive<u64> = 7..=9;

#[derive(Clone, Debug)]
enum Op {
	RegisterDataset { owner: u64, contributors: Vec<(u64, u32)> },
	WithdrawDataset { owner: u64, dataset: usize },
	RegisterModel { owner: u64, datasets: Vec<(usize, u32)>, price: u128, owner_share: u32 },
	SetPrice { owner: u64, model: u64, price: u128 },
	RetireModel { owner: u64, model: u64 },
	Pay { payer: u64, model: u64, queries: u32, slack: u128 },
	Claim { who: u64 },
	Challenge { challenger: u64, dataset: usize },
	Resolve { by_root: bool, dataset: usize, upheld: bool },
	CloseExpired { who: u64, dataset: usize },
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

/// A model over some of the first three datasets, at least one of them weighing something.
fn model_registration() -> impl Strategy<Value = Op> {
	(person(), proptest::collection::vec((0usize..3, 1u32..5), 1..=3), 1u128..5_000, 0u32..=1_000_000_000)
		.prop_map(|(owner, datasets, price, owner_share)| Op::RegisterModel {
			owner,
			datasets,
			price,
			owner_share,
		})
}

/// Three datasets and two models to start from, then random operations.
fn scenario() -> impl Strategy<Value = Vec<Op>> {
	let dataset = (person(), contributors())
		.prop_map(|(owner, contributors)| Op::RegisterDataset { owner, contributors });
	(
		proptest::collection::vec(dataset, 3),
		proptest::collection::vec(model_registration(), 2),
		proptest::collection::vec(op(), 1..60),
	)
		.prop_map(|(datasets, models, ops)| datasets.into_iter().chain(models).chain(ops).collect())
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		2 => (person(), contributors())
			.prop_map(|(owner, contributors)| Op::RegisterDataset { owner, contributors }),
		1 => (person(), 0usize..8).prop_map(|(owner, dataset)| Op::WithdrawDataset { owner, dataset }),
		2 => (
			person(),
			proptest::collection::vec((0usize..8, 0u32..5), 1..=4),
			0u128..5_000,
			0u32..=1_000_000_000,
		)
			.prop_map(|(owner, datasets, price, owner_share)| Op::RegisterModel {
				owner,
				datasets,
				price,
				owner_share
			}),
		1 => (person(), 0u64..6, 0u128..5_000)
			.prop_map(|(owner, model, price)| Op::SetPrice { owner, model, price }),
		1 => (person(), 0u64..6).prop_map(|(owner, model)| Op::RetireModel { owner, model }),
		6 => (PAYERS, 0u64..4, 1u32..50, 0u128..4)
			.prop_map(|(payer, model, queries, slack)| Op::Pay { payer, model, queries, slack }),
		3 => (1..=PEOPLE + 1).prop_map(|who| Op::Claim { who }),
		1 => (1..=9u64, 0usize..8).prop_map(|(challenger, dataset)| Op::Challenge { challenger, dataset }),
		1 => (any::<bool>(), 0usize..8, any::<bool>())
			.prop_map(|(by_root, dataset, upheld)| Op::Resolve { by_root, dataset, upheld }),
		1 => (PAYERS, 0usize..8).prop_map(|(who, dataset)| Op::CloseExpired { who, dataset }),
		2 => (PAYERS, 0usize..8, 1u128..200_000, 0u128..3)
			.prop_map(|(consumer, model, escrow, slack)| Op::OpenUsage { consumer, model, escrow, slack }),
		1 => (0usize..8, 1u128..20_000, proptest::bool::weighted(0.1))
			.prop_map(|(channel, amount, stranger)| Op::TopUpUsage { channel, amount, stranger }),
		4 => (0usize..8, proptest::collection::vec((0usize..8, 1u64..6, receipt_kind()), 1..=4))
			.prop_map(|(model, receipts)| Op::SettleUsage { model, receipts }),
		2 => (0usize..8, proptest::bool::weighted(0.1))
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

/// The independent model of what everybody is owed.
#[derive(Default)]
struct Expected {
	/// Each model's contributors' exact fractions of its data reward.
	fractions: BTreeMap<u64, BTreeMap<u64, BigRational>>,
	/// Each contributor's exact entitlement so far.
	owed: BTreeMap<u64, BigRational>,
	/// How many payments reached models each contributor holds a position in.
	payments: BTreeMap<u64, u64>,
	/// What each contributor has claimed.
	claimed: BTreeMap<u64, u128>,
	paid_by_payers: u128,
	protocol: u128,
	owners: u128,
	/// Bonds of rejected challenges, credited to contributors.
	bonds_rejected: u128,
	/// The protocol account's part of slashed deposits.
	slashed_to_protocol: u128,
	/// Bonds of challenges that expired unruled, paid to the protocol account.
	bonds_expired: u128,
	/// Contributors of challenged datasets: their exact figures depend on rulings.
	challenged: std::collections::BTreeSet<u64>,
	/// An upper bound on each contributor's credit from rejected bonds.
	bond_credit: BTreeMap<u64, BigRational>,
	/// How many challenges were upheld, and how many rejected or closed.
	rulings: (u64, u64),
	/// The usage channels open, as the model sees them.
	channels: BTreeMap<ChannelId, ExpectedChannel>,
	/// What the usage operations reached.
	usage: UsageCoverage,
}

/// A usage channel as the independent model sees it.
#[derive(Clone, Debug)]
struct ExpectedChannel {
	consumer: u64,
	model: ModelId,
	escrow: u128,
	max_price: u128,
	settled: u64,
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

fn ratio(n: u128, d: u128) -> BigRational {
	BigRational::new(BigInt::from(n), BigInt::from(d))
}

impl Expected {
	fn model_registered(&mut self, id: u64, datasets: &[(H256, u32)]) {
		let total_weight: u128 = datasets.iter().map(|(_, w)| *w as u128).sum();
		let mut fractions = BTreeMap::<u64, BigRational>::new();
		for (hash, weight) in datasets {
			let dataset = Datasets::<Test>::get(hash).unwrap();
			for (who, share) in dataset.contributors.iter() {
				let f = ratio(*weight as u128, total_weight) *
					ratio(share.deconstruct() as u128, 1_000_000_000);
				*fractions.entry(*who).or_insert_with(|| ratio(0, 1)) += f;
			}
		}
		fractions.retain(|_, f| *f > ratio(0, 1));
		self.fractions.insert(id, fractions);
	}

	fn paid(&mut self, model: u64, amount: u128, owner_share: Perbill) {
		let protocol = amount * 50_000_000 / 1_000_000_000;
		let owner = (amount - protocol) * owner_share.deconstruct() as u128 / 1_000_000_000;
		let data = amount - protocol - owner;
		self.paid_by_payers += amount;
		self.protocol += protocol;
		self.owners += owner;
		for (who, f) in &self.fractions[&model] {
			*self.owed.entry(*who).or_insert_with(|| ratio(0, 1)) += f * ratio(data, 1);
			*self.payments.entry(*who).or_default() += 1;
		}
	}
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

/// Runs `ops`, checking the properties after each; returns how many contributor credits the
/// payments made, how many contributors claimed, and how many challenges were upheld and
/// rejected, so that a test can see what was exercised.
fn run(ops: Vec<Op>) -> (u64, u64, (u64, u64), UsageCoverage) {
	new_test_ext().execute_with(|| {
		let mut expected = Expected::default();
		let mut datasets: Vec<H256> = Vec::new();
		let protocol_start = free(PROTOCOL);
		let pot_start = free(pot());
		for (step, op) in ops.into_iter().enumerate() {
			match op {
				Op::RegisterDataset { owner, contributors } => {
					let hash = hash(step as u64 + 1);
					let commitment = DataContribution::commitment_of(&hash, &owner, &salt(owner));
					assert!(dispatch(owner, Call::commit_dataset { commitment }));
					next_block();
					let call = Call::register_dataset {
						hash,
						salt: salt(owner),
						contributors: shares(&contributors),
						metadata: vec![],
					};
					if dispatch(owner, call) {
						datasets.push(hash);
					}
				},
				Op::WithdrawDataset { owner, dataset } => {
					if let Some(hash) = datasets.get(dataset).copied() {
						dispatch(owner, Call::withdraw_dataset { hash });
					}
				},
				Op::RegisterModel { owner, datasets: picks, price, owner_share } => {
					let chosen: Vec<(H256, u32)> = picks
						.into_iter()
						.filter_map(|(i, w)| datasets.get(i).map(|h| (*h, w)))
						.collect();
					let id = NextModelId::<Test>::get();
					let call = Call::register_model {
						datasets: chosen.clone(),
						price_per_query: price,
						owner_share: Perbill::from_parts(owner_share),
						metadata: vec![],
					};
					if dispatch(owner, call) {
						expected.model_registered(id, &chosen);
					}
				},
				Op::SetPrice { owner, model, price } => {
					dispatch(owner, Call::set_model_price { model_id: model, price_per_query: price });
				},
				Op::RetireModel { owner, model } => {
					dispatch(owner, Call::retire_model { model_id: model });
				},
				Op::Pay { payer, model, queries, slack } => {
					let Some(info) = Models::<Test>::get(model) else { continue };
					let amount = info.price_per_query * queries as u128;
					// Now and then the payer's limit is one planck short.
					let max_total = (amount + slack).saturating_sub(1);
					let call = Call::pay_for_queries { model_id: model, queries, max_total };
					if dispatch(payer, call) {
						assert!(amount <= max_total);
						expected.paid(model, amount, info.owner_share);
					}
				},
				Op::Claim { who } => {
					let before = free(who);
					if dispatch(who, Call::claim_rewards {}) {
						*expected.claimed.entry(who).or_default() += free(who) - before;
					}
				},
				Op::Challenge { challenger, dataset } => {
					let Some(hash) = datasets.get(dataset).copied() else { continue };
					let call = Call::challenge_dataset { hash, evidence: vec![1; 8] };
					if dispatch(challenger, call) {
						let dataset = Datasets::<Test>::get(hash).unwrap();
						expected.challenged.extend(dataset.contributors.iter().map(|(c, _)| *c));
					}
				},
				Op::Resolve { by_root, dataset, upheld } => {
					let Some(hash) = datasets.get(dataset).copied() else { continue };
					let origin =
						if by_root { RuntimeOrigin::root() } else { RuntimeOrigin::signed(CURATOR) };
					let deposit = Datasets::<Test>::get(hash).unwrap().deposit;
					if dispatch_as(origin, Call::resolve_challenge { hash, upheld }) {
						expected.ruled(hash, upheld, deposit);
					}
				},
				Op::CloseExpired { who, dataset } => {
					let Some(hash) = datasets.get(dataset).copied() else { continue };
					if dispatch(who, Call::close_expired_challenge { hash }) {
						expected.expired();
					}
				},
				Op::OpenUsage { consumer, model, escrow, slack } => expected.open_usage(consumer, model, escrow, slack),
				Op::TopUpUsage { channel, amount, stranger } => expected.top_up_usage(channel, amount, stranger),
				Op::SettleUsage { model, receipts } => expected.settle_usage(model, receipts),
				Op::CloseUsage { channel, stranger } => expected.close_usage(channel, stranger),
				Op::FinishCloseUsage { who, channel } => expected.finish_close_usage(who, channel),
			}
			check(&expected, protocol_start, pot_start);
			next_block();
		}
		let payments = expected.payments.values().sum::<u64>();
		(payments, expected.claimed.len() as u64, expected.rulings, expected.usage)
	})
}

impl Expected {
	/// A challenge expired unruled: its bond went to the protocol account.
	fn expired(&mut self) {
		self.rulings.1 += 1;
		self.bonds_expired += BOND;
	}

	/// A curator ruled on a challenge against `hash`, while the dataset held `deposit`.
	fn ruled(&mut self, hash: H256, upheld: bool, deposit: u128) {
		if upheld {
			self.rulings.0 += 1;
			// Half to the challenger, rounded down; the rest to the protocol account.
			self.slashed_to_protocol += deposit - deposit / 2;
			return;
		}
		self.rulings.1 += 1;
		self.bonds_rejected += BOND;
		let dataset = Datasets::<Test>::get(hash).unwrap();
		let count = dataset.contributors.len() as u128;
		for (who, share) in dataset.contributors.iter() {
			let exact = ratio(share.deconstruct() as u128 * BOND, 1_000_000_000);
			*self.bond_credit.entry(*who).or_insert_with(|| ratio(0, 1)) += exact + ratio(count, 1);
		}
	}
}

/// The usage operations, each checked against the model's prediction of what it does.
impl Expected {
	/// The model id of the `pick`th live model (models are never reused).
	fn live_model(pick: usize) -> Option<ModelId> {
		let models: Vec<ModelId> = Models::<Test>::iter_keys().collect();
		(!models.is_empty()).then(|| models[pick % models.len()])
	}

	/// The `pick`th open channel.
	fn live_channel(&self, pick: usize) -> Option<(ChannelId, ExpectedChannel)> {
		let ids: Vec<&ChannelId> = self.channels.keys().collect();
		(!ids.is_empty()).then(|| {
			let id = *ids[pick % ids.len()];
			(id, self.channels[&id].clone())
		})
	}

	fn refused(&mut self, ok: bool) -> bool {
		if !ok {
			self.usage.refused_calls += 1;
		}
		ok
	}

	fn open_usage(&mut self, consumer: u64, pick: usize, escrow: u128, slack: u128) {
		let Some(model) = Self::live_model(pick) else { return };
		let info = Models::<Test>::get(model).unwrap();
		// Now and then the consumer's limit is one planck under the price.
		let max_price = (info.price_per_query + slack).saturating_sub(1);
		let id = NextChannelId::<Test>::get();
		let call = Call::open_usage { model_id: model, deposit: escrow, max_price_per_query: max_price };
		let predicted = info.status == ModelStatus::Active &&
			info.price_per_query <= max_price &&
			!self.channels.values().any(|c| c.consumer == consumer && c.model == model);
		let ok = dispatch(consumer, call);
		assert!(!ok || predicted, "a channel opened against the rules");
		if self.refused(ok) {
			self.usage.opened += 1;
			let channel = ExpectedChannel { consumer, model, escrow, max_price, settled: 0 };
			self.channels.insert(id, channel);
		}
	}

	fn top_up_usage(&mut self, pick: usize, amount: u128, stranger: bool) {
		let Some((id, channel)) = self.live_channel(pick) else { return };
		let who = if stranger { channel.consumer % 9 + 1 } else { channel.consumer };
		let ok = dispatch(who, Call::top_up_usage { channel_id: id, amount });
		assert!(!ok || !stranger, "a stranger topped up a channel");
		if self.refused(ok) {
			self.usage.topped_up += 1;
			self.channels.get_mut(&id).unwrap().escrow += amount;
		}
	}

	fn settle_usage(&mut self, pick: usize, picks: Vec<(usize, u64, ReceiptKind)>) {
		// Mostly a model with channels, so that receipts settle.
		let model = match self.live_channel(pick) {
			Some((_, channel)) if pick % 4 != 0 => channel.model,
			_ => match Self::live_model(pick) { Some(model) => model, None => return },
		};
		let info = Models::<Test>::get(model).unwrap();
		let mut after = self.channels.clone();
		let (mut settled, mut queries, mut amount, mut receipts) = (0u32, 0u64, 0u128, Vec::new());
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
				continue
			};
			let id = if matches!(kind, ReceiptKind::NoChannel) { id + 1_000 } else { id };
			let now = after.get(&id).map(|c| c.settled).unwrap_or(0);
			let cumulative = if matches!(kind, ReceiptKind::Replay) { now } else { now + more };
			let message = DataContribution::usage_receipt(id, cumulative);
			let signature = match kind {
				ReceiptKind::Forged => TestSignature(channel.consumer % 9 + 1, message),
				ReceiptKind::OtherChain => TestSignature(
					channel.consumer,
					(USAGE_RECEIPT_TAG, H256::repeat_byte(7), id, cumulative).encode(),
				),
				_ => TestSignature(channel.consumer, message),
			};
			receipts.push((id, cumulative, signature));
			let Some(state) = after.get_mut(&id) else { continue };
			let charge = info.price_per_query * (cumulative.saturating_sub(state.settled)) as u128;
			let accepted = matches!(kind, ReceiptKind::Good) &&
				state.model == model &&
				info.price_per_query <= state.max_price &&
				charge <= state.escrow;
			if accepted {
				settled += 1;
				queries += cumulative - state.settled;
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
		assert_eq!(ok, info.status == ModelStatus::Active, "a settlement by the owner of model {model}");
		if !self.refused(ok) {
			return;
		}
		let Event::UsageSettled { receipts, queries: got, amount: charged, rejected, .. } = last_event()
		else {
			panic!("a settlement emits UsageSettled")
		};
		assert_eq!((receipts, got, charged), (settled, queries, amount), "the settlement differs");
		assert_eq!(rejected.len() as u32, count - settled);
		self.usage.receipts_settled += settled as u64;
		self.usage.receipts_rejected += (count - settled) as u64;
		self.channels = after;
		if amount > 0 {
			self.paid(model, amount, info.owner_share);
		}
	}

	fn close_usage(&mut self, pick: usize, stranger: bool) {
		let Some((id, channel)) = self.live_channel(pick) else { return };
		let who = if stranger { channel.consumer % 9 + 1 } else { channel.consumer };
		let ok = dispatch(who, Call::close_usage { channel_id: id });
		assert!(!ok || !stranger, "a stranger closed a channel");
		self.refused(ok);
	}

	fn finish_close_usage(&mut self, who: u64, pick: usize) {
		let Some((id, channel)) = self.live_channel(pick) else { return };
		let before = free(channel.consumer);
		if self.refused(dispatch(who, Call::finish_close_usage { channel_id: id })) {
			self.usage.closes_finished += 1;
			let deposit = DataContribution::deposit_for(DataContribution::channel_storage_bytes()).unwrap();
			assert_eq!(free(channel.consumer), before + channel.escrow + deposit);
			self.channels.remove(&id);
		}
	}

	/// Every channel holds what the model says, and the escrow account holds their sum.
	fn check_channels(&self) {
		for (id, expected) in &self.channels {
			let channel = UsageChannels::<Test>::get(id).expect("an open channel");
			assert_eq!((channel.escrow, channel.settled_queries), (expected.escrow, expected.settled));
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

fn check(expected: &Expected, protocol_start: u128, pot_start: u128) {
	expected.check_channels();
	let pot_gain = free(pot()) - pot_start;
	let protocol_gain = free(PROTOCOL) - protocol_start;
	let claimed: u128 = expected.claimed.values().sum();
	// Conservation, to the planck: what payers paid, less the owners' parts, with the bonds of
	// rejected challenges and the protocol's part of slashed deposits, is in the protocol
	// account, claimed, or in the pot (pending rewards, escrow, credits and dust).
	assert_eq!(
		expected.paid_by_payers - expected.owners +
			expected.bonds_rejected +
			expected.slashed_to_protocol +
			expected.bonds_expired,
		protocol_gain + claimed + pot_gain
	);
	// The protocol account has its fees and slashed deposits, and maybe forfeited rewards.
	assert!(protocol_gain >= expected.protocol + expected.slashed_to_protocol + expected.bonds_expired);

	// The pot covers everything claimable and everything escrowed.
	let owed: u128 = (1..=PEOPLE)
		.map(|who| DataContribution::contributor_balance(&who))
		.map(|balance| balance.pending + balance.escrowed)
		.sum();
	assert!(pot_gain >= owed, "pot {pot_gain} < claimable and escrowed {owed}");

	for who in 1..=PEOPLE {
		let balance = DataContribution::contributor_balance(&who);
		assert_eq!(balance.pending + balance.escrowed + balance.claimed, balance.earned);
		assert_eq!(balance.claimed, expected.claimed.get(&who).copied().unwrap_or(0));
		let owed = expected.owed.get(&who).cloned().unwrap_or_else(|| ratio(0, 1));
		if expected.challenged.contains(&who) {
			// Rulings may have taken some of it, but nobody gets more than its exact figure
			// and its share of rejected bonds.
			let credit = expected.bond_credit.get(&who).cloned().unwrap_or_else(|| ratio(0, 1));
			assert!(ratio(balance.earned, 1) <= owed + credit, "contributor {who} overpaid");
			continue;
		}
		// Each contributor got its exact pro-rata figure, less under 1 planck per payment.
		let got = expected.claimed.get(&who).copied().unwrap_or(0) + pending(who);
		let lost = owed - ratio(got, 1);
		let payments = expected.payments.get(&who).copied().unwrap_or(0);
		assert!(lost >= ratio(0, 1), "contributor {who} got more than owed: {lost}");
		assert!(
			lost < ratio(payments.max(1) as u128, 1),
			"contributor {who} lost {lost} over {payments} payments"
		);
	}
}

/// Random scenarios conserve money and pay pro rata, and over all of them every usage path is
/// taken: a generator change that stops reaching one fails here.
#[test]
fn random_sequences_conserve_money_and_pay_pro_rata() {
	use proptest::test_runner::{Config, TestRunner};
	let mut runner = TestRunner::new(Config::with_cases(96));
	let total = std::cell::RefCell::new(UsageCoverage::default());
	runner
		.run(&scenario(), |ops| {
			total.borrow_mut().add(&run(ops).3);
			Ok(())
		})
		.unwrap();
	let total = total.into_inner();
	eprintln!("usage coverage over all cases: {total:?}");
	assert!(total.opened >= 50, "{total:?}");
	assert!(total.topped_up >= 10, "{total:?}");
	assert!(total.receipts_settled >= 100, "{total:?}");
	assert!(total.receipts_rejected >= 50, "{total:?}");
	assert!(total.closes_finished >= 5, "{total:?}");
	assert!(total.refused_calls >= 20, "{total:?}");
}

/// The checker above runs on real payments and claims, not only on failing calls.
#[test]
fn a_fixed_scenario_exercises_payments_and_claims() {
	let ops = vec![
		Op::RegisterDataset { owner: 1, contributors: vec![(1, 3), (2, 7)] },
		Op::RegisterDataset { owner: 2, contributors: vec![(3, 1), (4, 1), (5, 1)] },
		Op::RegisterModel { owner: 6, datasets: vec![(0, 2), (1, 1)], price: 997, owner_share: 123_456_789 },
		Op::Pay { payer: 7, model: 0, queries: 13, slack: 1 },
		Op::Claim { who: 4 },
		Op::Pay { payer: 8, model: 0, queries: 7, slack: 1 },
		Op::Claim { who: 1 },
		Op::Claim { who: 4 },
		Op::RetireModel { owner: 6, model: 0 },
		Op::Claim { who: 2 },
	];
	let (credits, claimers, rulings, _) = run(ops);
	assert_eq!(credits, 2 * 5);
	assert_eq!(claimers, 3);
	assert_eq!(rulings, (0, 0));
}

/// The checker above runs on escrow, an upheld and a rejected challenge, and an expiry.
#[test]
fn a_fixed_scenario_exercises_challenges_and_rulings() {
	let ops = vec![
		Op::RegisterDataset { owner: 1, contributors: vec![(1, 3), (2, 7)] },
		Op::RegisterDataset { owner: 2, contributors: vec![(3, 1), (4, 1), (5, 1)] },
		Op::RegisterDataset { owner: 6, contributors: vec![(2, 1), (6, 1)] },
		Op::RegisterModel { owner: 6, datasets: vec![(0, 2), (1, 1), (2, 1)], price: 997, owner_share: 1 },
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
	let (_, claimers, rulings, _) = run(ops);
	assert_eq!(claimers, 5);
	assert_eq!(rulings, (1, 2));
}
