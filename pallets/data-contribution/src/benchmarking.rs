//! Benchmarks for `pallet-data-contribution`, in the frame-benchmarking v2 syntax.
//!
//! Each benchmark sets up the worst case for its components: contributors per dataset (`c`),
//! datasets per model (`d`), metadata length (`m`), positions claimed (`p`), dataset parts
//! claimed beyond the first of each position (`k`; every part is through a challenged dataset,
//! so that each is read and escrowed) and evidence length (`e`). A claim's weight is
//! `claim_rewards(p) + claim_rewards_parts(k)`: two one-component benchmarks, since a joint
//! two-component fit under-estimated the largest claims.
//! `pay_for_queries` runs on the largest model the bounds allow, and has no component: its cost
//! does not depend on the model's datasets or contributors. `settle_usage` too runs on the
//! largest model, with the number of receipts (`r`) as its one component; every receipt settles
//! 1,000 queries from its own consumer's channel. `settle_usage_wrapped` signs every receipt in
//! the `<Bytes>` form, so that each needs two signature checks: the most expensive branch, which
//! a bad signature also takes.

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;
use sp_core::H256;

const SEED: u32 = 0;

/// Signed usage receipts for the benchmarks: the runtime signs with keys it generates in the
/// benchmark's keystore.
pub trait BenchmarkHelper<AccountId, Signature> {
	/// The account of the `index`th consumer, whose key [`Self::sign`] can use.
	fn consumer(index: u32) -> AccountId;
	/// `signer`'s signature on `message`.
	fn sign(signer: &AccountId, message: &[u8]) -> Signature;
}

/// The queries each benchmark receipt settles.
const RECEIPT_QUERIES: u64 = 1_000;

/// The largest model the bounds allow, by a funded owner: returns the owner and the model id.
fn largest_model<T: Config>() -> (T::AccountId, ModelId) {
	let owner = funded::<T>("owner", 0);
	let all = datasets::<T>(&owner, T::MaxDatasetsPerModel::get(), T::MaxContributors::get());
	let id = model::<T>(&owner, all);
	(owner, id)
}

/// Opens a channel from the `index`th benchmark consumer to model `id`, with escrow for twice
/// [`RECEIPT_QUERIES`] queries; returns the consumer and the channel id.
fn open_channel<T: Config>(id: ModelId, index: u32) -> (T::AccountId, ChannelId) {
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
fn signed_receipts<T: Config>(
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
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who = account(name, index, SEED);
	let ample = T::Currency::minimum_balance().saturating_mul(1_000_000_000u32.into());
	T::Currency::set_balance(&who, ample);
	who
}

/// `count` distinct contributors whose shares sum to exactly 100%.
fn contributors<T: Config>(count: u32, offset: u32) -> Vec<(T::AccountId, Perbill)> {
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

fn dataset_hash(n: u32) -> H256 {
	let mut bytes = [0u8; 32];
	bytes[..4].copy_from_slice(&(n + 1).to_le_bytes());
	H256::from(bytes)
}

/// Moves `n` blocks on.
fn advance<T: Config>(n: BlockNumberFor<T>) {
	let now = frame_system::Pallet::<T>::block_number();
	frame_system::Pallet::<T>::set_block_number(now.saturating_add(n));
}

/// Commits `owner` to `hash` with an all-zero salt.
fn commit<T: Config>(owner: &T::AccountId, hash: H256) {
	let commitment = Pallet::<T>::commitment_of(&hash, owner, &[0; 32]);
	Pallet::<T>::commit_dataset(RawOrigin::Signed(owner.clone()).into(), commitment)
		.expect("benchmark commitment is made");
}

/// Registers each of `datasets` by `owner` (commits to all, reveals them all a block later),
/// and moves past the reveal window, so that models may use them.
fn register_all<T: Config>(
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
fn confirm_all<T: Config>(hash: H256) {
	let ample = T::Currency::minimum_balance().saturating_mul(1_000_000u32.into());
	for (contributor, _) in Datasets::<T>::get(hash).expect("registered").contributors {
		T::Currency::set_balance(&contributor, ample);
		Pallet::<T>::confirm_contribution(RawOrigin::Signed(contributor).into(), hash)
			.expect("a named contributor confirms");
	}
}

/// Registers `d` datasets of `c` distinct contributors each; returns them with weight 1 each.
fn datasets<T: Config>(owner: &T::AccountId, d: u32, c: u32) -> Vec<(H256, u32)> {
	register_all::<T>(
		owner,
		(0..d).map(|n| (dataset_hash(n), contributors::<T>(c, n * c))).collect(),
	);
	(0..d).map(|n| (dataset_hash(n), 1)).collect()
}

fn price<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance().saturating_mul(10u32.into())
}

/// Registers a model by `owner` over `datasets`, derived from `parent` at 50%; returns its id.
fn derived_model<T: Config>(
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
fn model<T: Config>(owner: &T::AccountId, datasets: Vec<(H256, u32)>) -> ModelId {
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
fn sole_datasets<T: Config>(
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
fn open_challenge<T: Config>(hash: H256, index: u32) -> T::AccountId {
	let challenger = funded::<T>("challenger", index);
	let evidence = vec![7u8; T::MaxEvidenceLen::get() as usize];
	Pallet::<T>::challenge_dataset(RawOrigin::Signed(challenger.clone()).into(), hash, evidence)
		.expect("benchmark challenge opens");
	challenger
}

/// A dataset of `c` contributors under challenge, each contributor with escrow in it and with
/// credit already in its ledger (so that a ruling updates rather than creates it).
fn challenged_with_escrow<T: Config>(c: u32) -> (H256, T::AccountId) {
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
fn claimable_positions<T: Config>(p: u32, k: u32, pay_first: bool) -> T::AccountId {
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
fn assert_all_escrowed<T: Config>(contributor: &T::AccountId) {
	let balance = Pallet::<T>::contributor_total(contributor);
	assert!(balance.pending.is_zero() && !balance.escrowed.is_zero(), "{balance:?}");
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The most expensive branch: the reveal displaces a later commitment's registration of
	/// the same hash within the reveal window (releasing its deposit and taking back the
	/// reputation of its owner and of `c` contributors who confirmed in the window), and opens
	/// the owner's reputation record.
	#[benchmark]
	fn register_dataset(
		c: Linear<1, { T::MaxContributors::get() }>,
		m: Linear<0, { T::MaxMetadataLen::get() }>,
	) {
		let owner = funded::<T>("owner", 0);
		let hash = dataset_hash(0);
		commit::<T>(&owner, hash);
		advance::<T>(1u32.into());
		// Without a reveal window (a test configuration) nothing can be displaced.
		if !T::RevealWindow::get().is_zero() {
			let squatter = funded::<T>("squatter", 0);
			commit::<T>(&squatter, hash);
			advance::<T>(1u32.into());
			let named = contributors::<T>(c, 1_000);
			Pallet::<T>::register_dataset(
				RawOrigin::Signed(squatter).into(),
				hash,
				[0; 32],
				named,
				vec![],
				LicenceTerms::permissive(),
			)
			.expect("the squatter registers first");
			confirm_all::<T>(hash);
		}
		let contributors = contributors::<T>(c, 0);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner.clone()),
			hash,
			[0; 32],
			contributors,
			vec![7u8; m as usize],
			LicenceTerms::permissive(),
		);

		assert_eq!(Datasets::<T>::get(hash).map(|d| d.owner), Some(owner));
	}

	/// The only branch: a new commitment and its deposit.
	#[benchmark]
	fn commit_dataset() {
		let owner = funded::<T>("owner", 0);
		let commitment = Pallet::<T>::commitment_of(&dataset_hash(0), &owner, &[0; 32]);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), commitment);

		assert!(Commitments::<T>::contains_key(&owner, commitment));
	}

	/// A stranger removes an expired commitment: the branch that checks the expiry, too.
	#[benchmark]
	fn remove_commitment() {
		let owner = funded::<T>("owner", 0);
		commit::<T>(&owner, dataset_hash(0));
		let commitment = Pallet::<T>::commitment_of(&dataset_hash(0), &owner, &[0; 32]);
		advance::<T>(T::CommitmentLifetime::get().saturating_add(1u32.into()));
		let anyone = funded::<T>("anyone", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), owner.clone(), commitment);

		assert!(!Commitments::<T>::contains_key(&owner, commitment));
	}

	/// The only branch that succeeds: a withdrawn dataset of the most contributors, after its
	/// notice, no model referencing it; its record and deposit go.
	#[benchmark]
	fn finish_withdraw_dataset() {
		let owner = funded::<T>("owner", 0);
		let hash = datasets::<T>(&owner, 1, T::MaxContributors::get())[0].0;
		Pallet::<T>::withdraw_dataset(RawOrigin::Signed(owner.clone()).into(), hash)
			.expect("benchmark dataset withdraws");
		advance::<T>(T::ChallengePeriod::get());
		let anyone = funded::<T>("anyone", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), hash);

		assert!(!Datasets::<T>::contains_key(hash));
	}

	/// The most expensive branch: a position in a retired model, of `1 + k` parts each through
	/// a challenged dataset, so that settling it escrows every part and removes the position.
	#[benchmark]
	fn settle_position(k: Linear<0, { T::MaxDatasetsPerModel::get() - 1 }>) {
		let contributor = claimable_positions::<T>(1, k, false);
		let owner: T::AccountId = account("owner", 0, SEED);
		Pallet::<T>::retire_model(RawOrigin::Signed(owner).into(), 0).expect("model retires");
		let anyone = funded::<T>("anyone", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), 0, contributor.clone());

		assert!(!Positions::<T>::contains_key(&contributor, 0));
		// Every part went to escrow; the parts' rounding remainder, under a planck each, is the
		// contributor's credit.
		let balance = Pallet::<T>::contributor_total(&contributor);
		assert!(balance.escrowed > balance.pending, "{balance:?}");
	}

	/// A retired model over `d` datasets, its positions settled: removing it pays out its
	/// revenue (both parts: `claimable_positions` paid for queries at a 20% owner share), clears
	/// `d` index entries and updates `d` datasets.
	#[benchmark]
	fn remove_retired_model(d: Linear<1, { T::MaxDatasetsPerModel::get() }>) {
		let contributor = claimable_positions::<T>(1, d - 1, false);
		let owner: T::AccountId = account("owner", 0, SEED);
		Pallet::<T>::retire_model(RawOrigin::Signed(owner).into(), 0).expect("model retires");
		let anyone = funded::<T>("anyone", 0);
		Pallet::<T>::settle_position(RawOrigin::Signed(anyone.clone()).into(), 0, contributor)
			.expect("the position settles");

		assert!(
			!Models::<T>::get(0).expect("model exists").revenue.owner.is_zero(),
			"revenue waits"
		);
		assert!(
			!Models::<T>::get(0).expect("model exists").revenue.protocol.is_zero(),
			"revenue waits"
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), 0);

		assert!(!Models::<T>::contains_key(0));
	}

	/// The last of `c` contributors confirms, in a challenged dataset, opening its reputation.
	#[benchmark]
	fn confirm_contribution(c: Linear<1, { T::MaxContributors::get() }>) {
		let owner = funded::<T>("owner", 0);
		let hash = datasets::<T>(&owner, 1, c)[0].0;
		open_challenge::<T>(hash, 0);
		let (last, _) = contributors::<T>(c, 0).pop().expect("c > 0");
		T::Currency::set_balance(
			&last,
			T::Currency::minimum_balance().saturating_mul(1_000_000u32.into()),
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(last.clone()), hash);

		assert_eq!(Reputations::<T>::get(&last).challenged, 1);
	}

	/// The only branch that succeeds: an active dataset of the most contributors.
	#[benchmark]
	fn withdraw_dataset() {
		let owner = funded::<T>("owner", 0);
		let hash = datasets::<T>(&owner, 1, T::MaxContributors::get())[0].0;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), hash);

		assert_eq!(Datasets::<T>::get(hash).map(|d| d.status), Some(DatasetStatus::Withdrawn));
	}

	/// The most expensive branch: `d` datasets of `c` distinct contributors each, every
	/// contributor a new position, every dataset a new index entry.
	#[benchmark]
	fn register_model(
		d: Linear<1, { T::MaxDatasetsPerModel::get() }>,
		c: Linear<1, { T::MaxContributors::get() }>,
		m: Linear<0, { T::MaxMetadataLen::get() }>,
	) {
		let owner = funded::<T>("owner", 0);
		let datasets = datasets::<T>(&owner, d, c);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			datasets,
			vec![],
			price::<T>(),
			Perbill::from_percent(20),
			vec![7u8; m as usize],
		);

		assert_eq!(NextModelId::<T>::get(), 1);
	}

	/// The only branch that succeeds: the owner of an active model.
	#[benchmark]
	fn set_model_price() {
		let owner = funded::<T>("owner", 0);
		let id = model::<T>(&owner, datasets::<T>(&owner, 1, 1));
		let new_price = price::<T>().saturating_mul(2u32.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, new_price);

		assert_eq!(Models::<T>::get(id).map(|m| m.price_per_query), Some(new_price));
	}

	/// The only branch that succeeds: the owner of an active model (retiring settles nothing).
	#[benchmark]
	fn retire_model() {
		let owner = funded::<T>("owner", 0);
		let id = model::<T>(&owner, datasets::<T>(&owner, 1, 1));

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);

		assert_eq!(Models::<T>::get(id).map(|m| m.status), Some(ModelStatus::Retired));
	}

	/// The only branch that succeeds, on the largest model the bounds allow: the one transfer to
	/// the pot, the accumulator and the revenue, whatever the model's size.
	#[benchmark]
	fn pay_for_queries() {
		let owner = funded::<T>("owner", 0);
		let all = datasets::<T>(&owner, T::MaxDatasetsPerModel::get(), T::MaxContributors::get());
		let id = model::<T>(&owner, all);
		let payer = funded::<T>("payer", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), id, 10, price::<T>().saturating_mul(10u32.into()));

		assert_eq!(Models::<T>::get(id).map(|m| m.queries_served), Some(10));
	}

	/// The only branch that pays: revenue waiting for both the owner and the protocol, on the
	/// largest model.
	#[benchmark]
	fn claim_model_revenue() {
		let (owner, id) = largest_model::<T>();
		let payer = funded::<T>("payer", 0);
		Pallet::<T>::pay_for_queries(
			RawOrigin::Signed(payer.clone()).into(),
			id,
			10,
			price::<T>().saturating_mul(10u32.into()),
		)
		.expect("benchmark payment succeeds");
		let before = T::Currency::balance(&owner);

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), id);

		assert!(T::Currency::balance(&owner) > before, "the owner was paid");
		assert_eq!(Models::<T>::get(id).map(|m| m.revenue.total()), Some(Zero::zero()));
	}

	/// What each parent adds to a model's registration: reading the parent (its status, terms
	/// and ancestors) and counting the new derivative in it. `p` base models, each over the
	/// largest dataset.
	#[benchmark]
	fn register_model_parents(p: Linear<1, { T::MaxParents::get() }>) {
		let owner = funded::<T>("owner", 0);
		let all = datasets::<T>(&owner, 1, T::MaxContributors::get());
		let parents: Vec<(ModelId, Perbill)> = (0..p)
			.map(|_| (model::<T>(&owner, all.clone()), Perbill::from_percent(1)))
			.collect();

		#[block]
		{
			let lineage =
				Pallet::<T>::validate_parents(parents.clone(), &LicenceTerms::permissive())
					.expect("the parents are valid");
			Pallet::<T>::note_derivative(&lineage.parents, |count| count.saturating_inc());
		}

		for (parent, _) in parents {
			assert_eq!(Models::<T>::get(parent).map(|m| m.derivatives), Some(1));
		}
	}

	/// Crediting royalties up a lineage of `a` models, a chain in which each model is the only
	/// parent of the next, at 50%: one read and one write of a model's record per ancestor, and
	/// an event. Every model cites the most datasets a model may (the largest record to decode
	/// and encode).
	#[benchmark]
	fn pay_royalties(a: Linear<1, { T::MaxAncestors::get() }>) {
		let owner = funded::<T>("owner", 0);
		let all = datasets::<T>(&owner, T::MaxDatasetsPerModel::get(), 1);
		let mut parent = model::<T>(&owner, all.clone());
		for _ in 1..a {
			parent = derived_model::<T>(&owner, all.clone(), parent);
		}
		let parents = vec![(parent, Perbill::from_percent(50))];
		let data = T::Currency::minimum_balance().saturating_mul(1_000_000_000u32.into());
		let mut reached = 0;

		#[block]
		{
			Pallet::<T>::pay_royalties(a.into(), &parents, data, &mut reached)
				.expect("royalties are paid");
		}

		assert_eq!(reached, a);
		assert!(!Models::<T>::get(0).expect("the root exists").royalties_received.is_zero());
	}

	/// Loosening every term of the dataset of the most contributors (the largest record).
	#[benchmark]
	fn set_dataset_terms() {
		let owner = funded::<T>("owner", 0);
		let hash = datasets::<T>(&owner, 1, T::MaxContributors::get())[0].0;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), hash, LicenceTerms::permissive());

		assert_eq!(Datasets::<T>::get(hash).map(|d| d.terms), Some(LicenceTerms::permissive()));
	}

	/// An offer of the dataset of the most contributors (the largest record to read) to a new
	/// account.
	#[benchmark]
	fn offer_dataset_ownership() {
		let owner = funded::<T>("owner", 0);
		let hash = datasets::<T>(&owner, 1, T::MaxContributors::get())[0].0;
		let new_owner = funded::<T>("new-owner", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), hash, new_owner.clone());

		assert_eq!(DatasetOwnershipOffers::<T>::get(hash), Some(new_owner));
	}

	/// The most expensive branch: the new owner of the dataset of the most contributors has no
	/// reputation record yet, so accepting opens one (a deposit held) besides moving the
	/// dataset's deposit.
	#[benchmark]
	fn accept_dataset_ownership() {
		let owner = funded::<T>("owner", 0);
		let hash = datasets::<T>(&owner, 1, T::MaxContributors::get())[0].0;
		let new_owner = funded::<T>("new-owner", 0);
		Pallet::<T>::offer_dataset_ownership(
			RawOrigin::Signed(owner).into(),
			hash,
			new_owner.clone(),
		)
		.expect("the owner offers");
		assert!(!Reputations::<T>::contains_key(&new_owner));

		#[extrinsic_call]
		_(RawOrigin::Signed(new_owner.clone()), hash);

		assert_eq!(Datasets::<T>::get(hash).map(|d| d.owner), Some(new_owner.clone()));
		assert!(Reputations::<T>::contains_key(&new_owner));
	}

	/// An offer of the largest model the bounds allow (the largest record to read).
	#[benchmark]
	fn offer_model_ownership() {
		let (owner, id) = largest_model::<T>();
		let new_owner = funded::<T>("new-owner", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, new_owner.clone());

		assert_eq!(ModelOwnershipOffers::<T>::get(id), Some(new_owner));
	}

	/// The most expensive branch: the largest model, with revenue waiting for both the owner and
	/// the protocol, paid out before the deposit moves.
	#[benchmark]
	fn accept_model_ownership() {
		let (owner, id) = largest_model::<T>();
		let payer = funded::<T>("payer", 0);
		Pallet::<T>::pay_for_queries(
			RawOrigin::Signed(payer).into(),
			id,
			10,
			price::<T>().saturating_mul(10u32.into()),
		)
		.expect("benchmark payment succeeds");
		let new_owner = funded::<T>("new-owner", 0);
		Pallet::<T>::offer_model_ownership(
			RawOrigin::Signed(owner.clone()).into(),
			id,
			new_owner.clone(),
		)
		.expect("the owner offers");
		let before = T::Currency::balance(&owner);

		#[extrinsic_call]
		_(RawOrigin::Signed(new_owner.clone()), id);

		assert!(T::Currency::balance(&owner) > before, "the old owner was paid its revenue");
		assert_eq!(Models::<T>::get(id).map(|m| m.owner), Some(new_owner));
	}

	/// The most expensive branch: a claim that pays, escrows and pages. There are `p + 1`
	/// positions of one part each: the first pays the contributor, the others go through
	/// challenged datasets into escrow (a write each). The claim settles them all or, at
	/// `p = MaxPositionsPerClaim`, all but the last, which it reads and leaves over, writing the
	/// cursor. So the weight at `p` covers the work of `p + 1` positions, which is at least that
	/// of `p` positions and a page break: every point of the line covers paging.
	#[benchmark]
	fn claim_rewards(p: Linear<1, { T::MaxPositionsPerClaim::get() }>) {
		let contributor = claimable_positions::<T>(p + 1, 0, true);
		let before = T::Currency::balance(&contributor);

		#[extrinsic_call]
		_(RawOrigin::Signed(contributor.clone()));

		assert!(T::Currency::balance(&contributor) > before, "the claim paid");
		let max = T::MaxPositionsPerClaim::get();
		assert_eq!(ClaimCursor::<T>::contains_key(&contributor), p + 1 > max, "the claim paged");
		let escrowed = Escrow::<T>::iter_prefix(&contributor).count() as u32;
		assert_eq!(escrowed, (p + 1).min(max) - 1, "the rest went to escrow");
	}

	/// One position of `1 + k` parts, every part through a challenged dataset (an escrow write
	/// each, the most expensive part): what each part beyond the first of a position adds to a
	/// claim.
	#[benchmark]
	fn claim_rewards_parts(k: Linear<0, { T::MaxDatasetsPerModel::get() - 1 }>) {
		let contributor = claimable_positions::<T>(1, k, false);

		#[extrinsic_call]
		claim_rewards(RawOrigin::Signed(contributor.clone()));

		assert_all_escrowed::<T>(&contributor);
	}

	/// The most expensive branch: `c` contributors who all confirmed (their reputation counts
	/// the challenge), the longest evidence.
	#[benchmark]
	fn challenge_dataset(
		c: Linear<1, { T::MaxContributors::get() }>,
		e: Linear<0, { T::MaxEvidenceLen::get() }>,
	) {
		let owner = funded::<T>("owner", 0);
		let hash = datasets::<T>(&owner, 1, c)[0].0;
		confirm_all::<T>(hash);
		let challenger = funded::<T>("challenger", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(challenger), hash, vec![7u8; e as usize]);

		assert!(Challenges::<T>::contains_key(hash));
	}

	/// Upheld against a dataset of `c` confirmed contributors, each with escrow and credit: the
	/// deposit is slashed, every escrow entry taken, every reputation updated.
	#[benchmark]
	fn resolve_challenge_upheld(
		c: Linear<1, { T::MaxContributors::get() }>,
	) -> Result<(), BenchmarkError> {
		let (hash, _) = challenged_with_escrow::<T>(c);
		let curator =
			T::CuratorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		resolve_challenge(curator as T::RuntimeOrigin, hash, true);

		assert_eq!(Datasets::<T>::get(hash).map(|d| d.status), Some(DatasetStatus::Slashed));
		Ok(())
	}

	/// Rejected for a dataset of `c` confirmed contributors, each with escrow and credit: the
	/// bond forfeited, every escrow entry released into credit.
	#[benchmark]
	fn resolve_challenge_rejected(
		c: Linear<1, { T::MaxContributors::get() }>,
	) -> Result<(), BenchmarkError> {
		let (hash, _) = challenged_with_escrow::<T>(c);
		let curator =
			T::CuratorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		resolve_challenge(curator as T::RuntimeOrigin, hash, false);

		assert_eq!(Datasets::<T>::get(hash).map(|d| d.status), Some(DatasetStatus::Active));
		Ok(())
	}

	/// Closed when it expires, for a dataset of `c` confirmed contributors, each with escrow:
	/// the rejection's work, the bond to the protocol account.
	#[benchmark]
	fn close_expired_challenge(c: Linear<1, { T::MaxContributors::get() }>) {
		let (hash, _) = challenged_with_escrow::<T>(c);
		let expiry = Challenges::<T>::get(hash).expect("open").expires_at;
		frame_system::Pallet::<T>::set_block_number(expiry);
		let anyone = funded::<T>("anyone", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), hash);

		assert_eq!(Datasets::<T>::get(hash).map(|d| d.status), Some(DatasetStatus::Active));
	}

	/// A fresh consumer's first channel: both of its holds are created.
	#[benchmark]
	fn open_usage() {
		let (_, id) = largest_model::<T>();
		let consumer = T::BenchmarkHelper::consumer(0);
		let ample = T::Currency::minimum_balance().saturating_mul(1_000_000_000u32.into());
		T::Currency::set_balance(&consumer, ample);

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer.clone()), id, price::<T>(), price::<T>());

		assert!(ConsumerChannels::<T>::contains_key(&consumer, id));
	}

	/// The only branch that succeeds: the consumer of an open channel.
	#[benchmark]
	fn top_up_usage() {
		let (_, id) = largest_model::<T>();
		let (consumer, channel) = open_channel::<T>(id, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), channel, price::<T>());

		assert!(UsageChannels::<T>::get(channel).is_some_and(|c| c.escrow > price::<T>()));
	}

	/// `r` receipts from `r` channels, each signed raw: one signature check each.
	#[benchmark]
	fn settle_usage(r: Linear<1, { T::MaxReceiptsPerSettlement::get() }>) {
		let (owner, id) = largest_model::<T>();
		let receipts = signed_receipts::<T>(id, r, false);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, receipts);

		assert_eq!(
			Models::<T>::get(id).map(|m| m.queries_served),
			Some(r as u64 * RECEIPT_QUERIES)
		);
	}

	/// `r` receipts from `r` channels, each signed in `<Bytes>`: two signature checks each, the
	/// most expensive branch (a bad signature costs the same and writes nothing).
	#[benchmark]
	fn settle_usage_wrapped(r: Linear<1, { T::MaxReceiptsPerSettlement::get() }>) {
		let (owner, id) = largest_model::<T>();
		let receipts = signed_receipts::<T>(id, r, true);

		#[extrinsic_call]
		settle_usage(RawOrigin::Signed(owner), id, receipts);

		assert_eq!(
			Models::<T>::get(id).map(|m| m.queries_served),
			Some(r as u64 * RECEIPT_QUERIES)
		);
	}

	/// The only branch that succeeds: the consumer of an open channel.
	#[benchmark]
	fn close_usage() {
		let (_, id) = largest_model::<T>();
		let (consumer, channel) = open_channel::<T>(id, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer), channel);

		assert!(UsageChannels::<T>::get(channel).is_some_and(|c| c.closes_at.is_some()));
	}

	/// A channel with escrow left, whose close period is over: the escrow and the deposit go
	/// back, and both records go.
	#[benchmark]
	fn finish_close_usage() {
		let (_, id) = largest_model::<T>();
		let (consumer, channel) = open_channel::<T>(id, 0);
		Pallet::<T>::close_usage(RawOrigin::Signed(consumer.clone()).into(), channel)
			.expect("benchmark channel closes");
		advance::<T>(T::UsageClosePeriod::get());

		#[extrinsic_call]
		_(RawOrigin::Signed(consumer.clone()), channel);

		assert!(!ConsumerChannels::<T>::contains_key(&consumer, id));
	}

	impl_benchmark_test_suite!(Pallet, crate::tests::new_test_ext(), crate::tests::Test);
}
