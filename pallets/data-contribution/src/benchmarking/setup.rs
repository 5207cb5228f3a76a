//! What the benchmarks set up: funded accounts, registered datasets and models, open challenges
//! and channels, and signed receipts, each at the bounds the benchmark names.

use crate::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;
use sp_core::H256;

pub(super) const SEED: u32 = 0;

/// Signed usage receipts for the benchmarks: the runtime signs with keys it generates in the
/// benchmark's keystore.
pub trait BenchmarkHelper<AccountId, Signature> {
	/// The account of the `index`th consumer, whose key [`Self::sign`] can use.
	fn consumer(index: u32) -> AccountId;
	/// `signer`'s signature on `message`.
	fn sign(signer: &AccountId, message: &[u8]) -> Signature;
}

/// The queries each benchmark receipt settles.
pub(super) const RECEIPT_QUERIES: u64 = 1_000;

/// The largest model the bounds allow, by a funded owner: returns the owner and the model id.
pub(super) fn largest_model<T: Config>() -> (T::AccountId, ModelId) {
	let owner = funded::<T>("owner", 0);
	let all = datasets::<T>(&owner, T::MaxDatasetsPerModel::get(), T::MaxContributors::get());
	let id = model::<T>(&owner, all);
	(owner, id)
}

/// Opens a channel from the `index`th benchmark consumer to model `id`, with escrow for twice
/// [`RECEIPT_QUERIES`] queries; returns the consumer and the channel id.
pub(super) fn open_channel<T: Config>(id: ModelId, index: u32) -> (T::AccountId, ChannelId) {
	let consumer = T::BenchmarkHelper::consumer(index);
	let ample = T::Currency::minimum_balance().saturating_mul(1_000_000_000u32.into());
	T::Currency::set_balance(&consumer, ample);
	let escrow = price::<T>().saturating_mul((2 * RECEIPT_QUERIES as u32).into());
	let channel = NextChannelId::<T>::get();
	Pallet::<T>::open_usage(RawOrigin::Signed(consumer.clone()).into(), id, escrow, price::<T>())
		.expect("benchmark channel opens");
	(consumer, channel)
}

/// Model `id` with `r` channels, and a receipt for [`RECEIPT_QUERIES`] queries from each,
/// signed raw or, if `wrapped`, in `<Bytes>`.
pub(super) fn signed_receipts<T: Config>(
	id: ModelId,
	r: u32,
	wrapped: bool,
) -> Vec<(ChannelId, u64, T::UsageSignature)> {
	(0..r)
		.map(|index| {
			let (consumer, channel) = open_channel::<T>(id, index);
			let mut message = Pallet::<T>::usage_receipt(channel, RECEIPT_QUERIES);
			if wrapped {
				message = Pallet::<T>::wrap_bytes(&message);
			}
			(channel, RECEIPT_QUERIES, T::BenchmarkHelper::sign(&consumer, &message))
		})
		.collect()
}

/// An account with ample funds for deposits and payments.
pub(super) fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who = account(name, index, SEED);
	fund::<T>(&who);
	who
}

/// Gives `who` an ample balance.
pub(super) fn fund<T: Config>(who: &T::AccountId) {
	let ample = T::Currency::minimum_balance().saturating_mul(1_000_000_000u32.into());
	T::Currency::set_balance(who, ample);
}

/// `count` distinct contributors whose shares sum to exactly 100%.
pub(super) fn contributors<T: Config>(count: u32, offset: u32) -> Vec<(T::AccountId, Perbill)> {
	let share = Perbill::from_rational(1, count);
	let remainder = Perbill::one().deconstruct() - share.deconstruct() * count;
	(0..count)
		.map(|i| {
			let extra = if i == 0 { remainder } else { 0 };
			(
				account("contributor", offset + i, SEED),
				Perbill::from_parts(share.deconstruct() + extra),
			)
		})
		.collect()
}

pub(super) fn dataset_hash(n: u32) -> H256 {
	let mut bytes = [0u8; 32];
	bytes[..4].copy_from_slice(&(n + 1).to_le_bytes());
	H256::from(bytes)
}

/// Moves `n` blocks on.
pub(super) fn advance<T: Config>(n: BlockNumberFor<T>) {
	let now = frame_system::Pallet::<T>::block_number();
	frame_system::Pallet::<T>::set_block_number(now.saturating_add(n));
}

/// Commits `owner` to `hash` with an all-zero salt.
pub(super) fn commit<T: Config>(owner: &T::AccountId, hash: H256) {
	let commitment = Pallet::<T>::commitment_of(&hash, owner, &[0; 32]);
	Pallet::<T>::commit_dataset(RawOrigin::Signed(owner.clone()).into(), commitment)
		.expect("benchmark commitment is made");
}

/// Registers each of `datasets` by `owner` (commits to all, reveals them all a block later),
/// and moves past the reveal window, so that models may use them.
pub(super) fn register_all<T: Config>(
	owner: &T::AccountId,
	datasets: Vec<(H256, Vec<(T::AccountId, Perbill)>)>,
) {
	for (hash, _) in datasets.iter() {
		commit::<T>(owner, *hash);
	}
	advance::<T>(1u32.into());
	for (hash, contributors) in datasets {
		Pallet::<T>::register_dataset(
			RawOrigin::Signed(owner.clone()).into(),
			hash,
			[0; 32],
			contributors,
			vec![],
			LicenceTerms::permissive(),
		)
		.expect("benchmark dataset registers");
	}
	advance::<T>(T::RevealWindow::get());
}

/// Every contributor of dataset `hash` confirms its part, so that rulings and displacements
/// update every one's reputation (their worst case).
pub(super) fn confirm_all<T: Config>(hash: H256) {
	let ample = T::Currency::minimum_balance().saturating_mul(1_000_000u32.into());
	for (contributor, _) in Datasets::<T>::get(hash).expect("registered").contributors {
		T::Currency::set_balance(&contributor, ample);
		Pallet::<T>::confirm_contribution(RawOrigin::Signed(contributor).into(), hash)
			.expect("a named contributor confirms");
	}
}

/// Registers `d` datasets of `c` distinct contributors each; returns them with weight 1 each.
pub(super) fn datasets<T: Config>(owner: &T::AccountId, d: u32, c: u32) -> Vec<(H256, u32)> {
	register_all::<T>(
		owner,
		(0..d).map(|n| (dataset_hash(n), contributors::<T>(c, n * c))).collect(),
	);
	(0..d).map(|n| (dataset_hash(n), 1)).collect()
}

pub(super) fn price<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance().saturating_mul(10u32.into())
}

/// Registers a model by `owner` over `datasets`, derived from `parent` at 50%; returns its id.
pub(super) fn derived_model<T: Config>(
	owner: &T::AccountId,
	datasets: Vec<(H256, u32)>,
	parent: ModelId,
) -> ModelId {
	let id = NextModelId::<T>::get();
	Pallet::<T>::register_model(
		RawOrigin::Signed(owner.clone()).into(),
		datasets,
		vec![(parent, Perbill::from_percent(50))],
		price::<T>(),
		Perbill::from_percent(20),
		vec![],
	)
	.expect("benchmark fine-tune registers");
	id
}

/// Registers a model by `owner` over `datasets`; returns its id.
pub(super) fn model<T: Config>(owner: &T::AccountId, datasets: Vec<(H256, u32)>) -> ModelId {
	let id = NextModelId::<T>::get();
	Pallet::<T>::register_model(
		RawOrigin::Signed(owner.clone()).into(),
		datasets,
		vec![],
		price::<T>(),
		Perbill::from_percent(20),
		vec![],
	)
	.expect("benchmark model registers");
	id
}

/// Registers datasets `first..first + count`, each with `contributor` alone.
pub(super) fn sole_datasets<T: Config>(
	owner: &T::AccountId,
	contributor: &T::AccountId,
	first: u32,
	count: u32,
) -> Vec<(H256, u32)> {
	let sole = vec![(contributor.clone(), Perbill::one())];
	register_all::<T>(
		owner,
		(first..first + count).map(|n| (dataset_hash(n), sole.clone())).collect(),
	);
	(first..first + count).map(|n| (dataset_hash(n), 1)).collect()
}

/// Opens a challenge with the longest evidence against `hash`; returns the challenger.
pub(super) fn open_challenge<T: Config>(hash: H256, index: u32) -> T::AccountId {
	let challenger = funded::<T>("challenger", index);
	let evidence = vec![7u8; T::MaxEvidenceLen::get() as usize];
	Pallet::<T>::challenge_dataset(RawOrigin::Signed(challenger.clone()).into(), hash, evidence)
		.expect("benchmark challenge opens");
	challenger
}

/// A challenge awaiting a curator's ruling (see [`challenged_with_escrow`]), and the origin that
/// rules.
pub(super) fn awaiting_ruling<T: Config>(
	c: u32,
) -> Result<(H256, <T as frame_system::Config>::RuntimeOrigin), BenchmarkError> {
	let (hash, _) = challenged_with_escrow::<T>(c);
	let curator =
		T::CuratorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
	Ok((hash, curator))
}

/// A dataset of `c` contributors under challenge, each contributor with escrow in it and with
/// credit already in its ledger (so that a ruling updates rather than creates it).
pub(super) fn challenged_with_escrow<T: Config>(c: u32) -> (H256, T::AccountId) {
	let owner = funded::<T>("owner", 0);
	let hash = datasets::<T>(&owner, 1, c)[0].0;
	confirm_all::<T>(hash);
	let challenger = open_challenge::<T>(hash, 0);
	let escrow = T::Currency::minimum_balance();
	for (contributor, _) in Datasets::<T>::get(hash).expect("registered").contributors {
		Escrow::<T>::insert(&contributor, hash, escrow);
		Contributors::<T>::mutate(&contributor, |ledger| ledger.credit = escrow);
	}
	let liabilities = escrow.saturating_mul((2 * c + 1).into());
	T::Currency::set_balance(&Pallet::<T>::pot_account(), liabilities);
	(hash, challenger)
}

/// A contributor with `p` positions, each in a model paid for 1,000 queries: the first over
/// `1 + k` datasets, the others over one each, all of them with the contributor alone. After the
/// payments, the datasets of every position but the first are challenged, and so are the first
/// position's too unless `pay_first`. Returns the contributor.
pub(super) fn claimable_positions<T: Config>(p: u32, k: u32, pay_first: bool) -> T::AccountId {
	let owner = funded::<T>("owner", 0);
	let payer = funded::<T>("payer", 0);
	let contributor: T::AccountId = account("contributor", 0, SEED);
	T::Currency::set_balance(&contributor, T::Currency::minimum_balance());
	let (mut next, mut all) = (0, Vec::new());
	for i in 0..p {
		let parts = if i == 0 { 1 + k } else { 1 };
		let datasets = sole_datasets::<T>(&owner, &contributor, next, parts);
		next += parts;
		let id = model::<T>(&owner, datasets.clone());
		// Enough queries that every part earns something.
		let queries = 1_000;
		let max_total = price::<T>().saturating_mul(queries.into());
		Pallet::<T>::pay_for_queries(
			RawOrigin::Signed(payer.clone()).into(),
			id,
			queries,
			max_total,
		)
		.expect("benchmark payment succeeds");
		all.extend(datasets);
	}
	let paid = if pay_first { 1 + k as usize } else { 0 };
	for (n, (hash, _)) in all.iter().enumerate().skip(paid) {
		open_challenge::<T>(*hash, n as u32);
	}
	contributor
}

/// Everything `contributor` earned went to escrow.
pub(super) fn assert_all_escrowed<T: Config>(contributor: &T::AccountId) {
	let balance = Pallet::<T>::contributor_total(contributor);
	assert!(balance.pending.is_zero() && !balance.escrowed.is_zero(), "{balance:?}");
}
