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

mod setup;

pub use setup::BenchmarkHelper;
use setup::*;

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
	/// the pot, the accumulator and the revenue, whatever the model's size. The payer is the
	/// whitelisted caller, as in polkadot-sdk's own transfer benchmarks: its account is read and
	/// written by the transaction's fee and nonce extensions, which are charged for it.
	#[benchmark]
	fn pay_for_queries() {
		let owner = funded::<T>("owner", 0);
		let all = datasets::<T>(&owner, T::MaxDatasetsPerModel::get(), T::MaxContributors::get());
		let id = model::<T>(&owner, all);
		let payer: T::AccountId = whitelisted_caller();
		fund::<T>(&payer);

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

	/// A proof of `d` siblings for a path of `p` bytes, against a registered dataset whose hash
	/// is the root they lead to: the leaf's hash grows with `p`, and each sibling adds one.
	#[benchmark]
	fn prove_inclusion(
		d: Linear<0, { T::MaxProofDepth::get() }>,
		p: Linear<0, { T::MaxProofPathLen::get() }>,
	) {
		let owner = funded::<T>("owner", 0);
		let path = vec![b'f'; p as usize];
		let content = H256::repeat_byte(7);
		let siblings: Vec<Sibling> = (0..d)
			.map(|i| {
				if i % 2 == 0 {
					Sibling::Left([i as u8; 32])
				} else {
					Sibling::Right([i as u8; 32])
				}
			})
			.collect();
		let root = pallet_data_contribution_merkle::root_from(
			pallet_data_contribution_merkle::leaf(&path, &content.0),
			&siblings,
		);
		let hash = H256(root);
		register_all::<T>(&owner, vec![(hash, contributors::<T>(1, 0))]);
		let proof = InclusionProof { path: path.clone(), content, siblings };

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), hash, proof);

		let path = path.try_into().expect("p is within MaxProofPathLen");
		frame_system::Pallet::<T>::assert_last_event(
			Event::<T>::InclusionProven { hash, path, content }.into(),
		);
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
		let (hash, curator) = awaiting_ruling::<T>(c)?;

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
		let (hash, curator) = awaiting_ruling::<T>(c)?;

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
