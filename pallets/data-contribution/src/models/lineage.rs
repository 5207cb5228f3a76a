//! Lineage and licence terms: fine-tuned models that pay their base models' contributors, and
//! the terms on which a dataset may be used.
//!
//! # Royalties
//!
//! A model `F` registered with parents `(P_i, r_i)` (royalties summing to at most 100%) splits
//! the data reward `D` of each payment or settlement:
//!
//! ```text
//! royalty_i = ⌊r_i × D⌋                 credited to P_i's data reward, recursively
//! own       = D − Σ_i royalty_i          credited to F's own accumulator
//! ```
//!
//! A parent receives its royalty as its own payments' data reward: it splits it the same way
//! among its own parents and its accumulator, where the parent's contributors earn it pro rata,
//! and where the contributor balance view shows it as earned in the parent model. Rounding
//! favours the derivative's own contributors (less than one planck per parent), and the parts
//! always add up to `D`: nothing is created or lost.
//!
//! The work of a payment grows with the number of models its royalties reach, counted along
//! every path (`ModelInfo::ancestors`, at most `MaxAncestors`), and never with the number of
//! contributors: each one is one accumulator write. Parents are older than their derivatives
//! (their ids are lower, and a model's parents never change), so the lineage has no cycles.
//!
//! # Terms
//!
//! A dataset carries [`LicenceTerms`]. A model must keep those of every dataset it cites: a price
//! above zero only if all allow commercial use; parents only if all allow derivatives; and the
//! part of each payment that reaches its own datasets' contributors,
//! `(100% − ProtocolFee) × (100% − owner_share) × (100% − Σ royalties)`, at least each floor. A
//! parent must allow derivatives and passes on whether commercial use is allowed. Every ancestor's
//! floor (its datasets' strictest) bounds the part of each payment that reaches that ancestor's
//! own datasets, `(100% − ProtocolFee) × (100% − owner_share) × Π royalties on the path × (100% −
//! the ancestor's own royalties)`, summed over every path: a fine-tune of a fine-tune cannot
//! starve the base data. The terms that applied are fixed into the model; a dataset's owner may
//! later only loosen them (`datasets/terms.rs`), so no existing model ever breaks.
//! Writes [`Models`] (royalties, derivative counts).

use crate::*;
use frame_support::ensure;

/// A whole, in the parts per billion of a `Perbill`.
const PARTS: u64 = 1_000_000_000;

/// A model's validated parents, and what they bring to it.
pub(crate) struct Lineage<MaxParents: Get<u32>> {
	/// The parents with their royalties.
	pub(crate) parents: BoundedVec<(ModelId, Perbill), MaxParents>,
	/// `Σ_parents (1 + parent.ancestors)`.
	pub(crate) ancestors: u32,
	/// The sum of the royalties.
	pub(crate) royalties: Perbill,
	/// What the parents pass on: whether all allow commercial use (and, as they must, derivatives).
	pub(crate) terms: LicenceTerms,
	/// Every ancestor reached, with the part of the new model's data reward that reaches the
	/// ancestor's own datasets (summed over every path) and the ancestor's floor, which that part
	/// of each payment must meet.
	pub(crate) reach: BTreeMap<ModelId, (u64, Perbill)>,
}

impl<T: Config> Pallet<T> {
	/// Checks a new model's `parents` against the terms of its datasets (`dataset_terms`): at
	/// most `MaxParents`, distinct, each active and allowing derivatives, each with a positive
	/// royalty, royalties summing to at most 100%, and at most `MaxAncestors` models reached.
	pub(crate) fn validate_parents(
		parents: Vec<(ModelId, Perbill)>,
		dataset_terms: &LicenceTerms,
	) -> Result<Lineage<T::MaxParents>, DispatchError> {
		let parents: BoundedVec<_, T::MaxParents> =
			parents.try_into().map_err(|_| Error::<T>::TooManyParents)?;
		let mut lineage = Lineage {
			parents: BoundedVec::new(),
			ancestors: 0,
			royalties: Perbill::zero(),
			terms: LicenceTerms::permissive(),
			reach: BTreeMap::new(),
		};
		if parents.is_empty() {
			return Ok(lineage);
		}
		checks::ensure_distinct(&parents, Error::<T>::DuplicateParent)?;
		ensure!(dataset_terms.derivatives, Error::<T>::DerivativesForbidden);
		let mut royalties: u64 = 0;
		for (parent_id, royalty) in parents.iter() {
			let parent = Models::<T>::get(parent_id).ok_or(Error::<T>::UnknownModel)?;
			ensure!(parent.status == ModelStatus::Active, Error::<T>::ParentNotActive);
			ensure!(parent.terms.derivatives, Error::<T>::DerivativesForbidden);
			// A parent that earns nothing must not keep the parent's record (and deposit) alive.
			ensure!(!royalty.is_zero(), Error::<T>::ZeroRoyalty);
			royalties = royalties.saturating_add(royalty.deconstruct().into());
			lineage.ancestors =
				lineage.ancestors.saturating_add(1).saturating_add(parent.ancestors);
			lineage.terms.commercial_use &= parent.terms.commercial_use;
		}
		let royalties = u32::try_from(royalties)
			.ok()
			.filter(|parts| *parts <= Perbill::one().deconstruct())
			.ok_or(Error::<T>::RoyaltiesAboveWhole)?;
		ensure!(lineage.ancestors <= T::MaxAncestors::get(), Error::<T>::TooManyAncestors);
		Self::collect_reach(&parents, PARTS, &mut lineage.reach)?;
		lineage.royalties = Perbill::from_parts(royalties);
		lineage.parents = parents;
		Ok(lineage)
	}

	/// Adds to `reach`, for every ancestor up `parents` along every path, the part of the data
	/// reward (in parts per billion, rounded down) that reaches its own datasets, when `via` of
	/// it reaches these parents: `via × royalty × (100% − the ancestor's own royalties)`. At
	/// most `MaxAncestors` reads, as `validate_parents` bounded the lineage first.
	fn collect_reach(
		parents: &[(ModelId, Perbill)],
		via: u64,
		reach: &mut BTreeMap<ModelId, (u64, Perbill)>,
	) -> DispatchResult {
		for (parent_id, royalty) in parents {
			let parent = Models::<T>::get(parent_id).ok_or(Error::<T>::UnknownModel)?;
			let reaching = via.saturating_mul(royalty.deconstruct().into()) / PARTS;
			let passed_on: u64 =
				parent.parents.iter().map(|(_, r)| u64::from(r.deconstruct())).sum();
			let kept = reaching.saturating_mul(PARTS.saturating_sub(passed_on)) / PARTS;
			let entry = reach.entry(*parent_id).or_insert((0, parent.terms.min_contributor_share));
			entry.0 = entry.0.saturating_add(kept);
			Self::collect_reach(&parent.parents, reaching, reach)?;
		}
		Ok(())
	}

	/// Checks that a model with `terms`, `price_per_query`, `owner_share` and `lineage` keeps
	/// them and its parents' floors (see the module doc).
	pub(crate) fn ensure_terms_kept(
		terms: &LicenceTerms,
		price_per_query: BalanceOf<T>,
		owner_share: Perbill,
		lineage: &Lineage<T::MaxParents>,
	) -> DispatchResult {
		Self::ensure_commercial_use(terms, price_per_query)?;
		let own =
			Self::contributors_part(owner_share, Perbill::one().saturating_sub(lineage.royalties));
		ensure!(own >= terms.min_contributor_share, Error::<T>::ContributorShareBelowFloor);
		for (kept, floor) in lineage.reach.values() {
			// `kept` is at most a billion parts: every path's fractions are at most one.
			let kept = Perbill::from_parts((*kept).min(PARTS) as u32);
			ensure!(
				Self::contributors_part(owner_share, kept) >= *floor,
				Error::<T>::ContributorShareBelowFloor
			);
		}
		Ok(())
	}

	/// Fails unless a model under `terms` may charge `price_per_query`.
	pub(crate) fn ensure_commercial_use(
		terms: &LicenceTerms,
		price_per_query: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(
			price_per_query.is_zero() || terms.commercial_use,
			Error::<T>::CommercialUseForbidden
		);
		Ok(())
	}

	/// `fraction` of the data part of a payment to a model with `owner_share`, as a part of the
	/// whole payment: `(100% − ProtocolFee) × (100% − owner_share) × fraction`, rounded down.
	///
	/// With `fraction = 100% − Σ royalties`, the least part of every payment that reaches the
	/// model's own datasets' contributors; with a parent's royalty, about the least its royalty
	/// carries to the parent (less than a planck short, for the royalty's own floor).
	/// [`PaymentSplit`] rounds the protocol's and the owner's parts down, and the royalties
	/// round down, so the own datasets' contributors get at least this much of every payment.
	pub fn contributors_part(owner_share: Perbill, fraction: Perbill) -> Perbill {
		let whole = u128::from(Perbill::one().deconstruct());
		let rest = |part: Perbill| whole - u128::from(part.deconstruct());
		let part = rest(T::ProtocolFee::get()) * rest(owner_share) / whole
			* u128::from(fraction.deconstruct())
			/ whole;
		// Each factor is at most one, so the product is too.
		Perbill::from_parts(part as u32)
	}

	/// Credits `data`, the data reward of a payment to model `model_id` with `parents`: each
	/// parent's royalty to that parent's data reward (which splits it in turn), the rest
	/// returned for the model's own accumulator. Counts in `reached` every parent credited, and
	/// emits `RoyaltyCredited` for each.
	pub(crate) fn pay_royalties(
		model_id: ModelId,
		parents: &[(ModelId, Perbill)],
		data: BalanceOf<T>,
		reached: &mut u32,
	) -> Result<BalanceOf<T>, DispatchError> {
		let mut own = data;
		for (parent_id, royalty) in parents {
			let amount = royalty.mul_floor(data);
			if amount.is_zero() {
				continue;
			}
			// The royalties sum to at most 100% of `data`, and each is rounded down.
			own = own.checked_sub(&amount).ok_or(ArithmeticError::Underflow)?;
			reached.saturating_inc();
			let mut parent = Models::<T>::get(parent_id).ok_or(Error::<T>::UnknownModel)?;
			let grandparents = parent.parents.clone();
			let parent_own = Self::pay_royalties(*parent_id, &grandparents, amount, reached)?;
			parent.rewards.record_payment(parent_own)?;
			parent.royalties_received = parent
				.royalties_received
				.checked_add(&amount)
				.ok_or(ArithmeticError::Overflow)?;
			Models::<T>::insert(parent_id, parent);
			Self::deposit_event(Event::RoyaltyCredited {
				model_id: *parent_id,
				from: model_id,
				amount,
			});
		}
		Ok(own)
	}

	/// Applies `f` to the derivative count of each of `parents`.
	pub(crate) fn note_derivative(parents: &[(ModelId, Perbill)], f: impl Fn(&mut u32)) {
		for (parent_id, _) in parents {
			Models::<T>::mutate(parent_id, |parent| {
				if let Some(parent) = parent {
					f(&mut parent.derivatives);
				}
			});
		}
	}
}
