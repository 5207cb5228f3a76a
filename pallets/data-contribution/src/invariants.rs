//! The pallet's invariants, checked by `try_state` after every block under `try-runtime`, by the
//! tests, and natively by the node's `populate-state` over a network-sized state (hence `std`).
//! Writes nothing.

use crate::{settlement::part_points, *};
use frame_support::{
	ensure,
	traits::{fungible::InspectHold, Footprint},
};
use sp_runtime::TryRuntimeError;

/// Every hold reason of the pallet, each once: [`ensure_listed`] names them all in an exhaustive
/// match, so that a reason added later does not compile until it is listed and checked here.
pub(crate) const ALL_HOLD_REASONS: [HoldReason; 7] = [
	HoldReason::DatasetDeposit,
	HoldReason::ModelDeposit,
	HoldReason::ChallengeBond,
	HoldReason::CommitmentDeposit,
	HoldReason::ReputationDeposit,
	HoldReason::UsageChannelDeposit,
	HoldReason::UsageEscrow,
];

/// The place of `reason` in [`ALL_HOLD_REASONS`].
const fn ensure_listed(reason: HoldReason) -> usize {
	match reason {
		HoldReason::DatasetDeposit => 0,
		HoldReason::ModelDeposit => 1,
		HoldReason::ChallengeBond => 2,
		HoldReason::CommitmentDeposit => 3,
		HoldReason::ReputationDeposit => 4,
		HoldReason::UsageChannelDeposit => 5,
		HoldReason::UsageEscrow => 6,
	}
}

// Each reason sits at the place the match gives it, so the list has each exactly once.
const _: () = {
	let mut i = 0;
	while i < ALL_HOLD_REASONS.len() {
		assert!(ensure_listed(ALL_HOLD_REASONS[i]) == i, "ALL_HOLD_REASONS out of step");
		i += 1;
	}
};

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants:
	/// - every position's points are the sum of its parts' points, every active model's points
	///   are the sum of its positions' points, and every model counts its positions;
	/// - no position is owed more than its model still holds, and the sum owed in a model fits in
	///   what the model holds (`data_paid − claimed`); the difference is the model's dust;
	/// - the pot holds at least everything the models hold (contributors' unclaimed rewards, and
	///   the owner's and protocol's revenue not yet paid out), the escrow and the credits, above
	///   the existential deposit;
	/// - every dataset's model count matches the dataset-to-models index, whose models exist;
	/// - a dataset is challenged exactly when it has an open challenge, escrow is only held for
	///   contributors of challenged datasets, a withdrawn dataset knows when, and a reattributed
	///   one names its rightful account;
	/// - every record's deposit is the price of its footprint (see `footprint.rs`);
	/// - every account holds, for each of this pallet's hold reasons, exactly the deposits and
	///   bonds of the records it has: none comes back while its storage stays. The usage escrow
	///   account holds under `UsageEscrow` exactly the sum of the channels' escrows (so every
	///   escrow is held and covers nothing beyond it), and no other account holds any;
	/// - every usage channel is indexed under its consumer and model, and the index only names
	///   channels;
	/// - every ownership offer is of an existing dataset or model, to an account other than its
	///   owner, and no offered dataset is ruled on;
	/// - every parent of a model exists and counts it among its derivatives, royalties sum to at
	///   most 100%, and a model's ancestors are `Σ_parents (1 + ancestors)`, at most
	///   `MaxAncestors`.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let held_by_models = Self::check_positions_and_models()?;
		Self::check_pot(held_by_models)?;
		Self::check_datasets()?;
		Self::check_usage_channels()?;
		Self::check_ownership_offers()?;
		Self::check_lineage()?;
		Self::check_footprints()?;
		Self::check_deposits(core::iter::empty())
	}

	/// Checks that every record's deposit is the price of its footprint: what it was charged
	/// when it was created, recomputed from what is stored now. A dataset ruled against keeps
	/// no deposit. A dataset or model written at an older storage version was priced on less
	/// (see `footprint.rs`): its deposit is the price of its footprint less exactly the bytes
	/// that version did not charge for.
	fn check_footprints() -> Result<(), TryRuntimeError> {
		let priced = |footprint: Footprint, appended: &[usize], deposit: BalanceOf<T>| {
			appended.iter().any(|bytes| {
				let size = (footprint.size as usize).saturating_sub(*bytes);
				deposit == Self::deposit_of(Footprint::from_parts(1, size))
			})
		};
		for (_, dataset) in Datasets::<T>::iter() {
			let ok = match dataset.status {
				DatasetStatus::Slashed | DatasetStatus::Reattributed => dataset.deposit.is_zero(),
				_ => priced(
					Self::dataset_footprint(&dataset),
					&Self::uncharged_dataset_bytes(),
					dataset.deposit,
				),
			};
			ensure!(ok, "a dataset's deposit differs from its footprint");
		}
		for (_, model) in Models::<T>::iter() {
			let contributors = model.datasets.iter().map(|(hash, weight)| {
				let dataset = Datasets::<T>::get(hash);
				(*weight, dataset.map(|d| d.contributors).unwrap_or_default())
			});
			let positions =
				Self::positions_of(contributors).map_err(|_| "a model's positions overflow")?;
			let footprint = Self::model_footprint(&model, positions.values());
			ensure!(
				priced(footprint, &Self::uncharged_model_bytes(), model.deposit),
				"a model's deposit differs from its footprint"
			);
		}
		let commitment = Self::deposit_of(Self::commitment_footprint());
		for (_, _, record) in Commitments::<T>::iter() {
			ensure!(record.deposit == commitment, "a commitment's deposit differs");
		}
		let channel = Self::deposit_of(Self::channel_footprint());
		for (_, record) in UsageChannels::<T>::iter() {
			ensure!(record.deposit == channel, "a channel's deposit differs from its footprint");
		}
		Ok(())
	}

	/// Checks positions against their models; returns what the models hold in the pot.
	fn check_positions_and_models() -> Result<BalanceOf<T>, TryRuntimeError> {
		let mut per_model = BTreeMap::<ModelId, (u128, BalanceOf<T>, u32)>::new();
		for (_, model_id, position) in Positions::<T>::iter() {
			let model = Models::<T>::get(model_id).ok_or("position in an unknown model")?;
			let parts = position.parts.iter().try_fold(0u128, |sum, part| {
				let weight = model.datasets.get(part.index as usize)?.1;
				sum.checked_add(part_points(weight, part.share))
			});
			ensure!(parts == Some(position.points), "position points differ from its parts");
			let owed = model
				.rewards
				.pending(position.points, position.checkpoint)
				.map_err(|_| "pending overflows")?;
			let entry = per_model.entry(model_id).or_insert((0, Zero::zero(), 0));
			entry.0 = entry.0.checked_add(position.points).ok_or("points overflow")?;
			entry.1 = entry.1.checked_add(&owed).ok_or("owed overflows")?;
			entry.2 += 1;
		}

		let mut held = BalanceOf::<T>::zero();
		for (model_id, model) in Models::<T>::iter() {
			let (points, owed, positions) = per_model.get(&model_id).cloned().unwrap_or_default();
			ensure!(
				model.rewards.claimed <= model.rewards.data_paid,
				"model claimed more than paid"
			);
			ensure!(owed <= model.rewards.unclaimed(), "model owes more than it holds");
			ensure!(model.positions == positions, "model position count out of step");
			// Only a closed model loses positions: anything credited later must find them all.
			if !model.is_closed() {
				ensure!(
					points == model.rewards.total_points,
					"positions do not sum to the model's points"
				);
			}
			held = held.checked_add(&model.rewards.unclaimed()).ok_or("held overflows")?;
			held = held.checked_add(&model.revenue.total()).ok_or("held overflows")?;
		}
		Ok(held)
	}

	/// Checks that the pot covers the models' unclaimed rewards and revenue, the escrow and the
	/// credits.
	fn check_pot(mut held: BalanceOf<T>) -> Result<(), TryRuntimeError> {
		for (who, hash, escrow) in Escrow::<T>::iter() {
			let dataset = Datasets::<T>::get(hash).ok_or("escrow for an unknown dataset")?;
			ensure!(dataset.status == DatasetStatus::Challenged, "escrow outside a challenge");
			ensure!(dataset.contributors.iter().any(|(c, _)| *c == who), "escrow for a stranger");
			held = held.checked_add(&escrow).ok_or("held overflows")?;
		}
		for (_, ledger) in Contributors::<T>::iter() {
			held = held.checked_add(&ledger.credit).ok_or("held overflows")?;
		}
		let pot = T::Currency::balance(&Self::pot_account());
		ensure!(
			pot >= held.saturating_add(T::Currency::minimum_balance()),
			"the pot holds less than the models' unclaimed rewards and revenue, the escrow and the credits"
		);
		Ok(())
	}

	/// Checks each dataset against the index, its challenge and its status.
	fn check_datasets() -> Result<(), TryRuntimeError> {
		for (hash, dataset) in Datasets::<T>::iter() {
			let mut models = 0u32;
			for model_id in DatasetModels::<T>::iter_key_prefix(hash) {
				ensure!(Models::<T>::contains_key(model_id), "index entry of a removed model");
				models += 1;
			}
			ensure!(dataset.models == models, "dataset model count out of step with the index");
			ensure!(
				(dataset.status == DatasetStatus::Challenged)
					== Challenges::<T>::contains_key(hash),
				"dataset status out of step with its challenge"
			);
			if dataset.status == DatasetStatus::Withdrawn {
				ensure!(dataset.withdrawn_at.is_some(), "a withdrawn dataset without its request");
			}
			ensure!(
				(dataset.status == DatasetStatus::Reattributed) == dataset.rightful.is_some(),
				"a reattributed dataset names its rightful account, and only it"
			);
		}
		Ok(())
	}

	/// Checks the usage channels against their index. (What is held for them is checked with
	/// the other holds, in [`Self::check_deposits`].)
	fn check_usage_channels() -> Result<(), TryRuntimeError> {
		for (channel_id, channel) in UsageChannels::<T>::iter() {
			ensure!(
				ConsumerChannels::<T>::get(&channel.consumer, channel.model_id) == Some(channel_id),
				"a usage channel missing from its consumer's index"
			);
			ensure!(channel_id < NextChannelId::<T>::get(), "a usage channel id not handed out");
		}
		for (_, _, channel_id) in ConsumerChannels::<T>::iter() {
			ensure!(UsageChannels::<T>::contains_key(channel_id), "an index entry of no channel");
		}
		Ok(())
	}

	/// Checks every model's parents, ancestors and derivative count.
	fn check_lineage() -> Result<(), TryRuntimeError> {
		let mut derivatives = BTreeMap::<ModelId, u32>::new();
		for (model_id, model) in Models::<T>::iter() {
			let mut ancestors = 0u32;
			let mut royalties = 0u64;
			for (parent_id, royalty) in model.parents.iter() {
				ensure!(*parent_id < model_id, "a parent younger than its derivative");
				let parent = Models::<T>::get(parent_id).ok_or("a model's parent is gone")?;
				ancestors = ancestors.saturating_add(1).saturating_add(parent.ancestors);
				royalties = royalties.saturating_add(royalty.deconstruct().into());
				*derivatives.entry(*parent_id).or_default() += 1;
			}
			ensure!(model.ancestors == ancestors, "a model's ancestor count is out of step");
			ensure!(
				model.parents.is_empty() || model.terms.derivatives,
				"a derivative of data that forbids it"
			);
			ensure!(ancestors <= T::MaxAncestors::get(), "a lineage above MaxAncestors");
			ensure!(royalties <= Perbill::one().deconstruct().into(), "royalties above 100%");
		}
		for (model_id, model) in Models::<T>::iter() {
			let named = derivatives.get(&model_id).copied().unwrap_or_default();
			ensure!(model.derivatives == named, "a model's derivative count is out of step");
		}
		Ok(())
	}

	/// Checks that every ownership offer names an existing record, to a new owner.
	fn check_ownership_offers() -> Result<(), TryRuntimeError> {
		for (hash, offered) in DatasetOwnershipOffers::<T>::iter() {
			let dataset = Datasets::<T>::get(hash).ok_or("an offer of an unknown dataset")?;
			ensure!(dataset.owner != offered, "a dataset offered to its owner");
			ensure!(
				!matches!(dataset.status, DatasetStatus::Slashed | DatasetStatus::Reattributed),
				"an offer of a ruled dataset"
			);
		}
		for (model_id, offered) in ModelOwnershipOffers::<T>::iter() {
			let model = Models::<T>::get(model_id).ok_or("an offer of an unknown model")?;
			ensure!(model.owner != offered, "a model offered to its owner");
		}
		Ok(())
	}

	/// Checks that every account with records, and each of `others`, holds, per hold reason,
	/// exactly what its records' deposits and bonds add up to (nothing for an account without
	/// records).
	pub(crate) fn check_deposits(
		others: impl Iterator<Item = T::AccountId>,
	) -> Result<(), TryRuntimeError> {
		let mut expected = BTreeMap::<(T::AccountId, u8), BalanceOf<T>>::new();
		let mut add = |who: &T::AccountId, reason: HoldReason, amount: BalanceOf<T>| {
			let entry = expected.entry((who.clone(), reason as u8)).or_insert_with(Zero::zero);
			*entry = entry.saturating_add(amount);
		};
		for (_, dataset) in Datasets::<T>::iter() {
			add(&dataset.owner, HoldReason::DatasetDeposit, dataset.deposit);
		}
		for (_, model) in Models::<T>::iter() {
			add(&model.owner, HoldReason::ModelDeposit, model.deposit);
		}
		for (who, _, commitment) in Commitments::<T>::iter() {
			add(&who, HoldReason::CommitmentDeposit, commitment.deposit);
		}
		let reputation_deposit = Self::deposit_of(Self::reputation_footprint());
		for (who, _) in Reputations::<T>::iter() {
			add(&who, HoldReason::ReputationDeposit, reputation_deposit);
		}
		for (_, challenge) in Challenges::<T>::iter() {
			add(&challenge.challenger, HoldReason::ChallengeBond, challenge.bond);
		}
		let escrow_account = Self::usage_escrow_account();
		for (_, channel) in UsageChannels::<T>::iter() {
			add(&channel.consumer, HoldReason::UsageChannelDeposit, channel.deposit);
			add(&escrow_account, HoldReason::UsageEscrow, channel.escrow);
		}
		let accounts: alloc::collections::BTreeSet<T::AccountId> = expected
			.keys()
			.map(|(who, _)| who.clone())
			.chain(others)
			.chain([escrow_account])
			.collect();
		for who in accounts {
			for reason in ALL_HOLD_REASONS {
				let want = expected.get(&(who.clone(), reason as u8)).copied().unwrap_or_default();
				let held = T::Currency::balance_on_hold(&reason.into(), &who);
				ensure!(held == want, "an account's holds differ from its records' deposits");
			}
		}
		Ok(())
	}
}
