//! The weights that calls compose from [`WeightInfo`]'s benchmarked functions: each rule once,
//! for the weight a call declares (at its bounds) and the one it reports (as it ran).

use crate::*;
use frame_support::weights::Weight;

impl<T: Config> Pallet<T> {
	/// Registering a model over `datasets` datasets of at most `contributors` contributors, with
	/// `metadata` bytes and `parents` parents whose lineage reaches `ancestors` models.
	pub(crate) fn register_model_weight(
		datasets: u32,
		contributors: u32,
		metadata: u32,
		parents: u32,
		ancestors: u32,
	) -> Weight {
		T::WeightInfo::register_model(datasets, contributors, metadata)
			.saturating_add(Self::parents_weight(parents, ancestors))
	}

	/// Registering a model's `parents` whose lineage reaches `ancestors` models: each parent
	/// read and written, and every ancestor read once more for its floor (charged as crediting
	/// it a royalty, a read and a write, an over-estimate).
	fn parents_weight(parents: u32, ancestors: u32) -> Weight {
		if parents == 0 {
			return Weight::zero();
		}
		T::WeightInfo::register_model_parents(parents)
			.saturating_add(Self::royalties_weight(ancestors))
	}

	/// Removing a retired model that named `datasets` datasets and `parents` parents, each
	/// parent read and written once, as at registration.
	pub(crate) fn remove_retired_model_weight(datasets: u32, parents: u32) -> Weight {
		let parents_weight = if parents == 0 {
			Weight::zero()
		} else {
			T::WeightInfo::register_model_parents(parents)
		};
		T::WeightInfo::remove_retired_model(datasets).saturating_add(parents_weight)
	}

	/// A payment for queries whose royalties reached `reached` models.
	pub(crate) fn pay_for_queries_weight(reached: u32) -> Weight {
		T::WeightInfo::pay_for_queries().saturating_add(Self::royalties_weight(reached))
	}

	/// A settlement of `receipts` receipts, `wrapped` of which needed a second signature check,
	/// whose royalties reached `reached` models.
	pub(crate) fn settle_usage_weight(receipts: u32, wrapped: u32, reached: u32) -> Weight {
		let mut weight = T::WeightInfo::settle_usage(receipts);
		if wrapped > 0 {
			weight = weight.saturating_add(
				T::WeightInfo::settle_usage_wrapped(wrapped)
					.saturating_sub(T::WeightInfo::settle_usage(wrapped)),
			);
		}
		weight.saturating_add(Self::royalties_weight(reached))
	}

	/// Crediting royalties to `reached` models, beyond a payment's own.
	fn royalties_weight(reached: u32) -> Weight {
		if reached == 0 {
			return Weight::zero();
		}
		T::WeightInfo::pay_royalties(reached)
	}

	/// A claim that settles `positions` positions of `parts` parts in all: each position's first
	/// part is in `claim_rewards`, the others in `claim_rewards_parts`.
	pub(crate) fn claim_weight(positions: u32, parts: u32) -> Weight {
		T::WeightInfo::claim_rewards(positions)
			.saturating_add(T::WeightInfo::claim_rewards_parts(parts.saturating_sub(positions)))
	}

	/// A ruling on a challenge of a dataset of at most `MaxContributors` contributors, upheld
	/// or rejected, whichever weighs more.
	pub(crate) fn resolve_challenge_weight() -> Weight {
		let contributors = T::MaxContributors::get();
		T::WeightInfo::resolve_challenge_upheld(contributors)
			.max(T::WeightInfo::resolve_challenge_rejected(contributors))
	}
}
