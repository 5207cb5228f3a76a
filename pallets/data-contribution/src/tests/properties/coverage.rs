//! What the property test's runs reached, and the minimums a fixed set of scenarios must reach.

/// How often each usage path was taken.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct UsageCoverage {
	pub(super) opened: u64,
	/// Channels opened on free models.
	pub(super) opened_free: u64,
	pub(super) topped_up: u64,
	pub(super) receipts_settled: u64,
	pub(super) receipts_rejected: u64,
	/// Receipts for `u64::MAX` queries that settled (on free models).
	pub(super) largest_settled: u64,
	/// Receipts for `u64::MAX` queries refused (on priced models).
	pub(super) largest_rejected: u64,
	pub(super) closes_finished: u64,
	pub(super) refused_calls: u64,
}

/// How often each path was taken, over one run or, added up, over all of them.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Coverage {
	pub(super) payments: u64,
	/// Payments to a model whose query count is at its maximum.
	pub(super) payments_at_max_count: u64,
	/// Models registered with parents.
	pub(super) derivatives: u64,
	/// Models registered free.
	pub(super) free_models: u64,
	/// Payments and settlements whose royalties reached a parent.
	pub(super) royalty_payments: u64,
	/// Payments and settlements whose royalties reached a grandparent.
	pub(super) deep_royalty_payments: u64,
	/// Successful claims of a model's revenue.
	pub(super) revenue_claims: u64,
	pub(super) claims: u64,
	/// Claims that left positions for the next call.
	pub(super) multi_page_claims: u64,
	/// Claims that stopped at the parts bound before the positions bound.
	pub(super) parts_limited_claims: u64,
	/// Claims that settled parts through a challenged dataset into escrow.
	pub(super) escrowing_claims: u64,
	pub(super) retirements: u64,
	/// Retired models removed.
	pub(super) removals: u64,
	pub(super) withdrawals: u64,
	/// Withdrawn datasets removed after their notice.
	pub(super) withdrawals_finished: u64,
	pub(super) upheld: u64,
	pub(super) rejected: u64,
	/// Rejected challenges whose challenger was one of the dataset's contributors.
	pub(super) rejected_by_contributor: u64,
	pub(super) expiries: u64,
	pub(super) misattributions: u64,
	/// Misattribution rulings naming one of the dataset's contributors, or the challenger.
	pub(super) misattributed_to_contributor: u64,
	pub(super) misattributed_to_challenger: u64,
	/// Parts settled through a reattributed dataset to its rightful account.
	pub(super) reattributed_parts: u64,
	pub(super) dataset_offers: u64,
	/// Dataset offers made while a challenge was open (refused) or accepted.
	pub(super) dataset_offers_refused_in_challenge: u64,
	pub(super) dataset_transfers: u64,
	pub(super) model_offers: u64,
	pub(super) model_transfers: u64,
	pub(super) terms_set: u64,
	/// Claims that settled something after a retirement, a withdrawal, an upheld ruling, a
	/// rejected one and an expiry, respectively.
	pub(super) claims_after: [u64; 5],
	pub(super) usage: UsageCoverage,
}

/// The events after which claims are counted: see [`Coverage::claims_after`].
#[derive(Clone, Copy, Debug)]
pub(super) enum Since {
	Retirement,
	Withdrawal,
	Upheld,
	Rejected,
	Expiry,
}

/// Adds up the named counters of two coverage records, field by field.
macro_rules! add_fields {
	($total:expr, $other:expr, $($field:ident),* $(,)?) => {
		$( $total.$field += $other.$field; )*
	};
}

impl Coverage {
	pub(super) fn add(&mut self, other: &Self) {
		add_fields!(
			self,
			other,
			payments,
			payments_at_max_count,
			derivatives,
			free_models,
			royalty_payments,
			deep_royalty_payments,
			revenue_claims,
			claims,
			multi_page_claims,
			parts_limited_claims,
			escrowing_claims,
			retirements,
			removals,
			withdrawals,
			withdrawals_finished,
			upheld,
			rejected,
			rejected_by_contributor,
			expiries,
			misattributions,
			misattributed_to_contributor,
			misattributed_to_challenger,
			reattributed_parts,
			dataset_offers,
			dataset_offers_refused_in_challenge,
			dataset_transfers,
			model_offers,
			model_transfers,
			terms_set
		);
		for (total, count) in self.claims_after.iter_mut().zip(other.claims_after) {
			*total += count;
		}
		add_fields!(
			self.usage,
			other.usage,
			opened,
			opened_free,
			topped_up,
			receipts_settled,
			receipts_rejected,
			largest_settled,
			largest_rejected,
			closes_finished,
			refused_calls
		);
	}

	/// Fails unless every path was reached at least as often as its minimum: about half of what
	/// the fixed scenarios reach (256 scenarios of up to 76 steps).
	pub(super) fn assert_minimums(&self) {
		let minimums = [
			("payments", self.payments, 420),
			("payments at the largest query count", self.payments_at_max_count, 6),
			("derivative models", self.derivatives, 130),
			("free models", self.free_models, 55),
			("payments with royalties", self.royalty_payments, 150),
			("payments with royalties to a grandparent", self.deep_royalty_payments, 34),
			("model revenue claims", self.revenue_claims, 50),
			("claims", self.claims, 180),
			("multi-page claims", self.multi_page_claims, 60),
			("parts-limited claims", self.parts_limited_claims, 12),
			("claims into escrow", self.escrowing_claims, 28),
			("retirements", self.retirements, 70),
			("retired models removed", self.removals, 6),
			("withdrawals", self.withdrawals, 70),
			("withdrawn datasets removed", self.withdrawals_finished, 5),
			("upheld rulings", self.upheld, 28),
			("rejected rulings", self.rejected, 30),
			("rejected challenges of a contributor", self.rejected_by_contributor, 6),
			("expiries", self.expiries, 14),
			("misattribution rulings", self.misattributions, 30),
			("misattributed to a contributor", self.misattributed_to_contributor, 16),
			("misattributed to the challenger", self.misattributed_to_challenger, 8),
			("parts settled to a rightful account", self.reattributed_parts, 10),
			("dataset offers", self.dataset_offers, 50),
			(
				"dataset offers refused during a challenge",
				self.dataset_offers_refused_in_challenge,
				14,
			),
			("dataset transfers", self.dataset_transfers, 14),
			("model offers", self.model_offers, 45),
			("model transfers", self.model_transfers, 7),
			("terms loosened", self.terms_set, 50),
			("claims after a retirement", self.claims_after[Since::Retirement as usize], 40),
			("claims after a withdrawal", self.claims_after[Since::Withdrawal as usize], 23),
			("claims after an upheld ruling", self.claims_after[Since::Upheld as usize], 20),
			("claims after a rejected ruling", self.claims_after[Since::Rejected as usize], 8),
			("claims after an expiry", self.claims_after[Since::Expiry as usize], 4),
			("channels opened", self.usage.opened, 85),
			("channels opened on free models", self.usage.opened_free, 25),
			("top-ups", self.usage.topped_up, 15),
			("receipts settled", self.usage.receipts_settled, 120),
			("receipts rejected", self.usage.receipts_rejected, 130),
			("receipts for u64::MAX settled", self.usage.largest_settled, 4),
			("receipts for u64::MAX refused", self.usage.largest_rejected, 18),
			("channels closed", self.usage.closes_finished, 12),
			("usage calls refused", self.usage.refused_calls, 170),
		];
		for (path, reached, minimum) in minimums {
			assert!(
				reached >= minimum,
				"{path}: reached {reached} times, fewer than {minimum}: {self:#?}"
			);
		}
	}
}
