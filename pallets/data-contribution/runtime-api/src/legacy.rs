//! What older runtimes answered: the structs their `DataContributionApi` methods returned, for
//! reading blocks they produced, and how each becomes today's view.

use crate::{
	ContributorBalance, DatasetContributor, DatasetHash, DatasetStatus, DatasetView, LicenceTerms,
	ModelDataset, ModelId, ModelLineage, ModelStatus, ModelView,
};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use scale_info::TypeInfo;
use sp_runtime::{traits::Zero, Perbill, Saturating};

/// A contributor's balance as versions 5 and older served it: the model id to resume after came
/// beside it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ContributorBalanceV5<Balance> {
	pub pending: Balance,
	pub escrowed: Balance,
	pub claimed: Balance,
	pub earned: Balance,
}

impl<Balance> ContributorBalanceV5<Balance> {
	/// Today's view, with the model id to resume after in it.
	pub fn complete(self, next: Option<ModelId>) -> ContributorBalance<Balance> {
		let Self { pending, escrowed, claimed, earned } = self;
		ContributorBalance { pending, escrowed, claimed, earned, next }
	}
}

/// A dataset's view as versions 5 and older served it: without its hash and terms, and with
/// the contributors' confirmations in a list of their own.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct DatasetViewV5<AccountId, Balance, BlockNumber> {
	pub owner: AccountId,
	pub contributors: Vec<(AccountId, Perbill)>,
	pub metadata: Vec<u8>,
	pub deposit: Balance,
	pub status: DatasetStatus,
	pub registered_at: BlockNumber,
	pub withdrawn_at: Option<BlockNumber>,
	pub models: u32,
	pub confirmed: Vec<bool>,
	pub rightful: Option<AccountId>,
	pub earned: Balance,
	pub next: Option<ModelId>,
}

impl<AccountId, Balance, BlockNumber> DatasetViewV5<AccountId, Balance, BlockNumber> {
	/// Today's view of dataset `dataset_hash`, with the terms `dataset_terms` gave (version 4
	/// on). A runtime older than that had no terms: every dataset was open to any use, and the
	/// storage migration that brought terms recorded the loosest ones for it.
	pub fn complete(
		self,
		dataset_hash: DatasetHash,
		terms: Option<LicenceTerms>,
	) -> DatasetView<AccountId, Balance, BlockNumber> {
		let contributors = self
			.contributors
			.into_iter()
			.zip(self.confirmed.into_iter().chain(core::iter::repeat(false)))
			.map(|((account, share), confirmed)| DatasetContributor { account, share, confirmed })
			.collect();
		DatasetView {
			dataset_hash,
			owner: self.owner,
			contributors,
			metadata: self.metadata,
			deposit: self.deposit,
			status: self.status,
			registered_at: self.registered_at,
			withdrawn_at: self.withdrawn_at,
			rightful: self.rightful,
			models: self.models,
			earned: self.earned,
			next: self.next,
			terms: terms.unwrap_or_else(LicenceTerms::permissive),
		}
	}
}

/// A model's view as versions 2 and older served it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ModelViewV2<AccountId, Balance> {
	pub owner: AccountId,
	pub datasets: Vec<ModelDataset>,
	pub price_per_query: Balance,
	pub owner_share: Perbill,
	pub metadata: Vec<u8>,
	pub deposit: Balance,
	pub status: ModelStatus,
	pub queries_served: u64,
	pub total_paid: Balance,
	pub data_paid: Balance,
	pub claimed: Balance,
}

/// A model's view as versions 3 to 5 served it: version 2's, then the owner's and the
/// protocol's revenue waiting in the pot.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ModelViewV5<AccountId, Balance> {
	pub v2: ModelViewV2<AccountId, Balance>,
	pub owner_pending: Balance,
	pub protocol_pending: Balance,
}

impl<AccountId, Balance: Zero> From<ModelViewV2<AccountId, Balance>>
	for ModelViewV5<AccountId, Balance>
{
	/// Nothing waiting: runtimes of version 2 and older paid both parts at once.
	fn from(v2: ModelViewV2<AccountId, Balance>) -> Self {
		Self { v2, owner_pending: Zero::zero(), protocol_pending: Zero::zero() }
	}
}

impl<AccountId, Balance: Zero + Saturating + Copy> ModelViewV5<AccountId, Balance> {
	/// Today's view of model `model_id`, with the lineage `model_lineage` gave (version 4 on).
	/// A runtime older than that had no lineage: no parents, no derivatives, no royalties, and
	/// the loosest terms, as the storage migration that brought them recorded.
	pub fn complete(
		self,
		model_id: ModelId,
		lineage: Option<ModelLineage<Balance>>,
	) -> ModelView<AccountId, Balance> {
		let lineage = lineage.unwrap_or_else(|| ModelLineage {
			parents: Vec::new(),
			ancestors: 0,
			derivatives: 0,
			terms: LicenceTerms::permissive(),
			royalties_received: Zero::zero(),
		});
		let v2 = self.v2;
		ModelView {
			model_id,
			owner: v2.owner,
			datasets: v2.datasets,
			price_per_query: v2.price_per_query,
			owner_share: v2.owner_share,
			metadata: v2.metadata,
			deposit: v2.deposit,
			status: v2.status,
			queries_served: v2.queries_served,
			earned: ModelView::<AccountId, Balance>::earned_from(
				v2.total_paid,
				lineage.royalties_received,
			),
			total_paid: v2.total_paid,
			data_paid: v2.data_paid,
			claimed: v2.claimed,
			owner_pending: self.owner_pending,
			protocol_pending: self.protocol_pending,
			parents: lineage.parents,
			ancestors: lineage.ancestors,
			derivatives: lineage.derivatives,
			terms: lineage.terms,
			royalties_received: lineage.royalties_received,
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const OWNER: u64 = 7;

	fn v2() -> ModelViewV2<u64, u128> {
		ModelViewV2 {
			owner: OWNER,
			datasets: vec![ModelDataset { dataset: DatasetHash::repeat_byte(1), weight: 3 }],
			price_per_query: 10,
			owner_share: Perbill::from_percent(20),
			metadata: b"m".to_vec(),
			deposit: 5,
			status: ModelStatus::Active,
			queries_served: 4,
			total_paid: 40,
			data_paid: 30,
			claimed: 1,
		}
	}

	/// Versions 3 to 5 encoded the model's fields one after another, the two revenue figures
	/// last: exactly what `ModelViewV5`, version 2's struct then those two, decodes.
	#[test]
	fn a_version_5_model_decodes_from_its_flat_encoding() {
		let old = v2();
		let flat = (
			old.owner,
			vec![(DatasetHash::repeat_byte(1), 3u32)],
			old.price_per_query,
			old.owner_share,
			old.metadata.clone(),
			old.deposit,
			old.status,
			old.queries_served,
			old.total_paid,
			old.data_paid,
			old.claimed,
			8u128,
			2u128,
		)
			.encode();
		let decoded = ModelViewV5::<u64, u128>::decode(&mut &flat[..]).unwrap();
		assert_eq!(decoded, ModelViewV5 { v2: old, owner_pending: 8, protocol_pending: 2 });
	}

	#[test]
	fn older_models_complete_with_what_their_runtime_had() {
		let before_revenue = ModelViewV5::from(v2());
		assert_eq!((before_revenue.owner_pending, before_revenue.protocol_pending), (0, 0));
		// Before lineage: no parents, the loosest terms, and earned is what payers paid.
		let view = before_revenue.clone().complete(9, None);
		assert_eq!((view.model_id, view.owner, view.earned), (9, OWNER, 40));
		assert_eq!((view.parents, view.terms), (vec![], LicenceTerms::permissive()));
		let lineage = ModelLineage {
			parents: vec![crate::ModelParent { model_id: 1, royalty: Perbill::from_percent(30) }],
			ancestors: 1,
			derivatives: 0,
			terms: LicenceTerms { commercial_use: false, ..LicenceTerms::permissive() },
			royalties_received: 6,
		};
		let view = before_revenue.complete(9, Some(lineage.clone()));
		assert_eq!(view.earned, 46);
		assert_eq!(ModelLineage::from(view), lineage);
	}

	#[test]
	fn older_datasets_complete_with_their_hash_terms_and_confirmations() {
		let old = DatasetViewV5::<u64, u128, u32> {
			owner: OWNER,
			contributors: vec![(1, Perbill::from_percent(60)), (2, Perbill::from_percent(40))],
			metadata: vec![],
			deposit: 3,
			status: DatasetStatus::Challenged,
			registered_at: 4,
			withdrawn_at: None,
			models: 2,
			confirmed: vec![true, false],
			rightful: None,
			earned: 90,
			next: Some(5),
		};
		let hash = DatasetHash::repeat_byte(2);
		let view = old.clone().complete(hash, None);
		assert_eq!(
			(view.dataset_hash, view.terms, view.next),
			(hash, LicenceTerms::permissive(), Some(5))
		);
		let confirmed: Vec<_> =
			view.contributors.iter().map(|c| (c.account, c.confirmed)).collect();
		assert_eq!(confirmed, vec![(1, true), (2, false)]);
		let strict = LicenceTerms { derivatives: false, ..LicenceTerms::permissive() };
		assert_eq!(old.complete(hash, Some(strict)).terms, strict);
	}
}
