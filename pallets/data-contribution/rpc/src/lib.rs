//! JSON-RPC methods for Fairshare contributor balances, datasets and models.
//!
//! | method | params | result |
//! | --- | --- | --- |
//! | `dataContribution_contributorBalance` | `account` (SS58), `at?`, `start?`, `limit?` | `{ pending, escrowed, claimed, earned, next }` |
//! | `dataContribution_contributorRewards` | `account` (SS58), `at?`, `start?`, `limit?` | `[{ modelId, pending, escrowed }]` |
//! | `dataContribution_reputation` | `account` (SS58), `at?` | `{ registered, challenged, slashed }` |
//! | `dataContribution_dataset` | `hash` (0x + 64 hex digits), `at?`, `start?`, `limit?` | the dataset (with `next`), or `null` |
//! | `dataContribution_model` | `modelId` (integer), `at?` | the model, or `null` |
//!
//! Amounts are decimal strings, since a `u128` overflows JavaScript numbers. A malformed
//! account, hash or page is answered with an "invalid params" error (-32602) whose message says
//! what is wrong; an unknown account is answered with zeros.
//!
//! # Pages
//!
//! An account's positions and a dataset's models grow with what others create (anyone may name
//! any account as a contributor, and register models over any dataset), so the methods that
//! walk them read one page: at most `limit` entries (default and maximum
//! [`MAX_VIEW_PAGE`]), after the entry of model `start` in the order the chain stores them
//! (like `state_getKeysPaged`'s start key). An account's page also ends before the position
//! that would take it past 1,000 dataset parts
//! ([`MAX_VIEW_PARTS`](pallet_data_contribution_runtime_api::MAX_VIEW_PARTS); its first
//! position counts whatever its parts), since each part may read a dataset record: so one call
//! reads at most 1,000 positions, their models, and `max(1,000, MaxDatasetsPerModel)` datasets,
//! and on its first page the account's settled escrow. `next` is the `start` of the next page,
//! `null` on the last one; a `contributorRewards` page covers the same positions as the
//! `contributorBalance` page with the same `start` and `limit`, whose `next` it continues from.
//! Amounts over several pages add up: the account's own figures
//! (credit, settled escrow, claimed) count on the first page only.

use std::{fmt::Display, sync::Arc};

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{
		error::{ErrorObjectOwned, INVALID_PARAMS_CODE},
		ErrorObject,
	},
};
pub use pallet_data_contribution_runtime_api::DataContributionApi as DataContributionRuntimeApi;
pub use pallet_data_contribution_runtime_api::MAX_VIEW_PAGE;
use pallet_data_contribution_runtime_api::{
	DatasetHash, DatasetView, LicenceTerms, ModelId, ModelLineage, ModelView, ViewPage,
};
use serde::{Deserialize, Serialize};
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;
use sp_runtime::traits::Block as BlockT;

/// A contributor's rewards: amounts in planck, as decimal strings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContributorBalance {
	/// Claimable now, with credits from rejected challenges.
	pub pending: String,
	/// Earned through datasets under an open challenge: claimable only if it is rejected.
	pub escrowed: String,
	/// Claimed so far.
	pub claimed: String,
	/// `pending + escrowed + claimed`.
	pub earned: String,
	/// More positions follow this page: the `start` of the next page; `null` on the last.
	pub next: Option<ModelId>,
}

/// A contributor's reward in one model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelReward {
	/// The model.
	pub model_id: ModelId,
	/// Accrued in this model and claimable now, in planck.
	pub pending: String,
	/// Accrued in this model through challenged datasets, in planck.
	pub escrowed: String,
}

/// An account's track record as a dataset owner or contributor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reputation {
	/// Datasets registered that name the account.
	pub registered: u32,
	/// Challenges opened against them.
	pub challenged: u32,
	/// Those of them slashed.
	pub slashed: u32,
}

/// One contributor of a dataset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contributor {
	/// SS58 address.
	pub account: String,
	/// The share, in parts per billion.
	pub share: u32,
	/// Whether the contributor confirmed its part (only then does the dataset count toward its
	/// reputation).
	pub confirmed: bool,
}

/// The terms on which models may use a dataset, or that a model was registered under.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Terms {
	/// Whether a model that charges for queries may use it.
	pub commercial_use: bool,
	/// Whether derivative (fine-tuned) models may use it.
	pub derivatives: bool,
	/// The least part of a model's revenue that must reach its contributors, in parts per
	/// billion.
	pub min_contributor_share: u32,
}

impl From<LicenceTerms> for Terms {
	fn from(terms: LicenceTerms) -> Self {
		Self {
			commercial_use: terms.commercial_use,
			derivatives: terms.derivatives,
			min_contributor_share: terms.min_contributor_share.deconstruct(),
		}
	}
}

/// One parent of a model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelParent {
	/// The parent model.
	pub model_id: ModelId,
	/// The part of this model's data reward that goes to the parent, in parts per billion.
	pub royalty: u32,
}

/// A dataset and its earnings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dataset {
	/// The content hash. (Not `hash`, which polkadot.js objects use for their own digest.)
	pub dataset_hash: String,
	/// SS58 address of the owner.
	pub owner: String,
	/// The contributors and their shares.
	pub contributors: Vec<Contributor>,
	/// The metadata, 0x-prefixed hex.
	pub metadata: String,
	/// The deposit held, in planck.
	pub deposit: String,
	/// `Active`, `Withdrawn`, `Challenged`, `Slashed` or `Reattributed`.
	pub status: String,
	/// The block of registration.
	pub registered_at: u64,
	/// The block in which its owner asked to withdraw it, if it did.
	pub withdrawn_at: Option<u64>,
	/// SS58 address of the rightful account a misattribution ruling named, if any.
	pub rightful: Option<String>,
	/// How many models were registered over it.
	pub models: u32,
	/// Earned for its contributors across the models of this page, in planck.
	pub earned: String,
	/// More of its models follow this page: the `start` of the next page; `null` on the last.
	pub next: Option<ModelId>,
	/// Its licence terms; `null` at a block of a runtime from before terms existed.
	pub terms: Option<Terms>,
}

/// One dataset of a model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelDataset {
	/// The dataset's content hash.
	pub dataset: String,
	/// Its attribution weight.
	pub weight: u32,
}

/// A model, its usage and its earnings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Model {
	/// The model id.
	pub model_id: ModelId,
	/// SS58 address of the owner.
	pub owner: String,
	/// The datasets with their weights.
	pub datasets: Vec<ModelDataset>,
	/// The price of one query, in planck.
	pub price_per_query: String,
	/// The owner's share after the protocol fee, in parts per billion.
	pub owner_share: u32,
	/// The metadata, 0x-prefixed hex.
	pub metadata: String,
	/// The deposit held, in planck.
	pub deposit: String,
	/// `Active` or `Retired`.
	pub status: String,
	/// Queries paid for so far.
	pub queries_served: u64,
	/// Everything payers have paid, in planck.
	pub total_paid: String,
	/// The part credited to the data contributors, in planck.
	pub data_paid: String,
	/// What contributors have claimed of it, in planck.
	pub claimed: String,
	/// The owner's part of its payments, waiting in the pot for `claimModelRevenue`, in planck.
	pub owner_pending: String,
	/// The protocol's part, waiting in the pot for `claimModelRevenue`, in planck.
	pub protocol_pending: String,
	/// The models it was derived from, with their royalties.
	pub parents: Vec<ModelParent>,
	/// How many models its payments' royalties reach, counted along every path.
	pub ancestors: u32,
	/// How many models name it as a parent.
	pub derivatives: u32,
	/// The terms fixed at its registration; `null` at a block of a runtime from before terms
	/// existed.
	pub terms: Option<Terms>,
	/// What its derivatives' royalties brought it, in planck; what it did not pass on to its own
	/// parents is part of `dataPaid`.
	pub royalties_received: String,
}

/// The `dataContribution_*` methods.
#[rpc(client, server)]
pub trait DataContributionApi<BlockHash> {
	/// An account's claimable, escrowed, claimed and total earned contributor rewards.
	#[method(name = "dataContribution_contributorBalance")]
	fn contributor_balance(
		&self,
		account: String,
		at: Option<BlockHash>,
		start: Option<ModelId>,
		limit: Option<u32>,
	) -> RpcResult<ContributorBalance>;

	/// An account's claimable and escrowed reward in each model of one page of its positions.
	#[method(name = "dataContribution_contributorRewards")]
	fn contributor_rewards(
		&self,
		account: String,
		at: Option<BlockHash>,
		start: Option<ModelId>,
		limit: Option<u32>,
	) -> RpcResult<Vec<ModelReward>>;

	/// An account's counts of datasets registered, challenged and slashed.
	#[method(name = "dataContribution_reputation")]
	fn reputation(&self, account: String, at: Option<BlockHash>) -> RpcResult<Reputation>;

	/// A dataset's record and its earnings over one page of its models, or `null` if it is not
	/// registered.
	#[method(name = "dataContribution_dataset")]
	fn dataset(
		&self,
		hash: String,
		at: Option<BlockHash>,
		start: Option<ModelId>,
		limit: Option<u32>,
	) -> RpcResult<Option<Dataset>>;

	/// A model's record, usage and earnings, or `null` if it does not exist.
	#[method(name = "dataContribution_model")]
	fn model(&self, model_id: ModelId, at: Option<BlockHash>) -> RpcResult<Option<Model>>;
}

/// The implementation of the `dataContribution_*` methods over a client, for a runtime with the
/// given account, balance and block number types.
pub struct DataContribution<C, Block, AccountId, Balance, BlockNumber> {
	client: Arc<C>,
	_marker: std::marker::PhantomData<(Block, AccountId, Balance, BlockNumber)>,
}

impl<C, Block, AccountId, Balance, BlockNumber>
	DataContribution<C, Block, AccountId, Balance, BlockNumber>
{
	/// Serves the methods from `client`'s state.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: Default::default() }
	}
}

/// The error code for a runtime API call that failed.
pub const RUNTIME_ERROR: i32 = 1;

fn invalid_params(message: String) -> ErrorObjectOwned {
	ErrorObject::owned(INVALID_PARAMS_CODE, message, None::<()>)
}

fn runtime_error(e: impl std::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "Unable to query the runtime", Some(format!("{e:?}")))
}

/// Parses an SS58 address, or says why it is not one.
pub fn parse_account<AccountId: Ss58Codec>(account: &str) -> Result<AccountId, ErrorObjectOwned> {
	AccountId::from_ss58check(account).map_err(|e| {
		invalid_params(format!("invalid account {account:?}: not an SS58 address ({e})"))
	})
}

/// Checks a page's `limit` (1 to [`MAX_VIEW_PAGE`], default [`MAX_VIEW_PAGE`]).
pub fn parse_page(
	start: Option<ModelId>,
	limit: Option<u32>,
) -> Result<ViewPage, ErrorObjectOwned> {
	let limit = limit.unwrap_or(MAX_VIEW_PAGE);
	if !(1..=MAX_VIEW_PAGE).contains(&limit) {
		return Err(invalid_params(format!(
			"invalid limit {limit}: a page holds 1 to {MAX_VIEW_PAGE} entries"
		)));
	}
	Ok(ViewPage { start, limit })
}

/// Parses a dataset hash: `0x` followed by 64 hex digits.
pub fn parse_hash(hash: &str) -> Result<DatasetHash, ErrorObjectOwned> {
	let invalid = || {
		invalid_params(format!(
			"invalid dataset hash {hash:?}: expected 0x followed by 64 hex digits (32 bytes)"
		))
	};
	let digits = hash.strip_prefix("0x").ok_or_else(invalid)?;
	let bytes = hex_decode(digits).ok_or_else(invalid)?;
	let bytes: [u8; 32] = bytes.try_into().map_err(|_| invalid())?;
	Ok(DatasetHash::from(bytes))
}

fn hex_decode(digits: &str) -> Option<Vec<u8>> {
	// `u8::from_str_radix` alone would take a leading `+`.
	if !digits.len().is_multiple_of(2) || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
		return None;
	}
	(0..digits.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(digits.get(i..i + 2)?, 16).ok())
		.collect()
}

fn hex(bytes: &[u8]) -> String {
	let mut out = String::with_capacity(2 + bytes.len() * 2);
	out.push_str("0x");
	for byte in bytes {
		out.push_str(&format!("{byte:02x}"));
	}
	out
}

/// A status's variant name, as polkadot.js shows the same enum from metadata.
fn status_name(status: impl std::fmt::Debug) -> String {
	format!("{status:?}")
}

fn dataset_json<AccountId: Ss58Codec, Balance: Display, BlockNumber: Into<u64>>(
	hash: DatasetHash,
	view: DatasetView<AccountId, Balance, BlockNumber>,
	terms: Option<LicenceTerms>,
) -> Dataset {
	Dataset {
		dataset_hash: hex(hash.as_bytes()),
		owner: view.owner.to_ss58check(),
		contributors: view
			.contributors
			.into_iter()
			.zip(view.confirmed)
			.map(|((account, share), confirmed)| Contributor {
				account: account.to_ss58check(),
				share: share.deconstruct(),
				confirmed,
			})
			.collect(),
		metadata: hex(&view.metadata),
		deposit: view.deposit.to_string(),
		status: status_name(view.status),
		registered_at: view.registered_at.into(),
		withdrawn_at: view.withdrawn_at.map(Into::into),
		rightful: view.rightful.map(|account| account.to_ss58check()),
		models: view.models,
		earned: view.earned.to_string(),
		next: view.next,
		terms: terms.map(Terms::from),
	}
}

fn model_json<AccountId: Ss58Codec, Balance: Display>(
	model_id: ModelId,
	view: ModelView<AccountId, Balance>,
	lineage: Option<ModelLineage<Balance>>,
) -> Model {
	let (parents, ancestors, derivatives, terms, royalties_received) = match lineage {
		Some(lineage) => (
			lineage
				.parents
				.into_iter()
				.map(|(model_id, royalty)| ModelParent { model_id, royalty: royalty.deconstruct() })
				.collect(),
			lineage.ancestors,
			lineage.derivatives,
			Some(Terms::from(lineage.terms)),
			lineage.royalties_received.to_string(),
		),
		None => (Vec::new(), 0, 0, None, "0".into()),
	};
	Model {
		model_id,
		owner: view.owner.to_ss58check(),
		datasets: view
			.datasets
			.into_iter()
			.map(|(hash, weight)| ModelDataset { dataset: hex(hash.as_bytes()), weight })
			.collect(),
		price_per_query: view.price_per_query.to_string(),
		owner_share: view.owner_share.deconstruct(),
		metadata: hex(&view.metadata),
		deposit: view.deposit.to_string(),
		status: status_name(view.status),
		queries_served: view.queries_served,
		total_paid: view.total_paid.to_string(),
		data_paid: view.data_paid.to_string(),
		claimed: view.claimed.to_string(),
		owner_pending: view.owner_pending.to_string(),
		protocol_pending: view.protocol_pending.to_string(),
		parents,
		ancestors,
		derivatives,
		terms,
		royalties_received,
	}
}

impl<C, Block, AccountId, Balance, BlockNumber>
	DataContribution<C, Block, AccountId, Balance, BlockNumber>
where
	Block: BlockT,
	C: HeaderBackend<Block>,
{
	fn at(&self, at: Option<Block::Hash>) -> Block::Hash {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}
}

impl<C, Block, AccountId, Balance, BlockNumber>
	DataContribution<C, Block, AccountId, Balance, BlockNumber>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block>,
	C::Api: DataContributionRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	AccountId: Codec,
	Balance: Codec,
	BlockNumber: Codec,
{
	/// The version of the runtime API at block `at`: what the runtime of that block serves.
	fn api_version(&self, at: Block::Hash) -> RpcResult<u32> {
		let version = self
			.client
			.runtime_api()
			.api_version::<dyn DataContributionRuntimeApi<Block, AccountId, Balance, BlockNumber>>(
				at,
			)
			.map_err(runtime_error)?;
		Ok(version.unwrap_or(0))
	}
}

impl<C, Block, AccountId, Balance, BlockNumber> DataContributionApiServer<Block::Hash>
	for DataContribution<C, Block, AccountId, Balance, BlockNumber>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DataContributionRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	AccountId: Codec + Ss58Codec + Send + Sync + 'static,
	Balance: Codec + Display + sp_runtime::traits::Zero + Send + Sync + 'static,
	BlockNumber: Codec + Into<u64> + Send + Sync + 'static,
{
	fn contributor_balance(
		&self,
		account: String,
		at: Option<Block::Hash>,
		start: Option<ModelId>,
		limit: Option<u32>,
	) -> RpcResult<ContributorBalance> {
		let who = parse_account::<AccountId>(&account)?;
		let page = parse_page(start, limit)?;
		let (balance, next) = self
			.client
			.runtime_api()
			.contributor_balance(self.at(at), who, page)
			.map_err(runtime_error)?;
		Ok(ContributorBalance {
			pending: balance.pending.to_string(),
			escrowed: balance.escrowed.to_string(),
			claimed: balance.claimed.to_string(),
			earned: balance.earned.to_string(),
			next,
		})
	}

	fn contributor_rewards(
		&self,
		account: String,
		at: Option<Block::Hash>,
		start: Option<ModelId>,
		limit: Option<u32>,
	) -> RpcResult<Vec<ModelReward>> {
		let who = parse_account::<AccountId>(&account)?;
		let page = parse_page(start, limit)?;
		let (rewards, _next) = self
			.client
			.runtime_api()
			.contributor_rewards(self.at(at), who, page)
			.map_err(runtime_error)?;
		Ok(rewards
			.into_iter()
			.map(|r| ModelReward {
				model_id: r.model_id,
				pending: r.pending.to_string(),
				escrowed: r.escrowed.to_string(),
			})
			.collect())
	}

	fn reputation(&self, account: String, at: Option<Block::Hash>) -> RpcResult<Reputation> {
		let who = parse_account::<AccountId>(&account)?;
		let reputation =
			self.client.runtime_api().reputation(self.at(at), who).map_err(runtime_error)?;
		Ok(Reputation {
			registered: reputation.registered,
			challenged: reputation.challenged,
			slashed: reputation.slashed,
		})
	}

	fn dataset(
		&self,
		hash: String,
		at: Option<Block::Hash>,
		start: Option<ModelId>,
		limit: Option<u32>,
	) -> RpcResult<Option<Dataset>> {
		let hash = parse_hash(&hash)?;
		let page = parse_page(start, limit)?;
		let (api, at) = (self.client.runtime_api(), self.at(at));
		let Some(view) = api.dataset(at, hash, page).map_err(runtime_error)? else {
			return Ok(None);
		};
		let terms = if self.api_version(at)? >= 4 {
			api.dataset_terms(at, hash).map_err(runtime_error)?
		} else {
			None
		};
		Ok(Some(dataset_json(hash, view, terms)))
	}

	fn model(&self, model_id: ModelId, at: Option<Block::Hash>) -> RpcResult<Option<Model>> {
		let (api, at) = (self.client.runtime_api(), self.at(at));
		// A block of a runtime from before API version 3 gives the older view, with nothing
		// waiting: those runtimes paid the owner and the protocol account at once. Before
		// version 4 there were no lineage and no terms.
		let version = self.api_version(at)?;
		let view = if version >= 3 {
			api.model(at, model_id).map_err(runtime_error)?
		} else {
			#[allow(deprecated)]
			api.model_before_version_3(at, model_id)
				.map_err(runtime_error)?
				.map(ModelView::from)
		};
		let Some(view) = view else { return Ok(None) };
		let lineage = if version >= 4 {
			api.model_lineage(at, model_id).map_err(runtime_error)?
		} else {
			None
		};
		Ok(Some(model_json(model_id, view, lineage)))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::crypto::AccountId32;

	#[test]
	fn parses_good_and_rejects_bad_accounts() {
		let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
		assert!(parse_account::<AccountId32>(alice).is_ok());
		let err = parse_account::<AccountId32>("garbage").unwrap_err();
		assert_eq!(err.code(), INVALID_PARAMS_CODE);
		assert!(err.message().contains("not an SS58 address"), "{}", err.message());
	}

	#[test]
	fn parses_good_and_rejects_bad_hashes() {
		let good = format!("0x{}", "ab".repeat(32));
		assert_eq!(parse_hash(&good).unwrap(), DatasetHash::repeat_byte(0xab));
		let plus = format!("0x+a{}", "ab".repeat(31));
		let non_ascii = format!("0x{}é", "a".repeat(62));
		for bad in [
			"",
			"0x",
			"ab".repeat(32).as_str(),
			"0x1234",
			&format!("0x{}", "zz".repeat(32)),
			&plus,
			&non_ascii,
		] {
			let err = parse_hash(bad).unwrap_err();
			assert_eq!(err.code(), INVALID_PARAMS_CODE);
			assert!(err.message().contains("expected 0x followed by 64 hex digits"));
		}
		assert_eq!(hex(&[0, 255]), "0x00ff");
	}

	#[test]
	fn pages_default_to_the_maximum_and_refuse_out_of_range_limits() {
		assert_eq!(parse_page(None, None).unwrap(), ViewPage { start: None, limit: MAX_VIEW_PAGE });
		assert_eq!(parse_page(Some(7), Some(3)).unwrap(), ViewPage { start: Some(7), limit: 3 });
		for bad in [0, MAX_VIEW_PAGE + 1, u32::MAX] {
			let err = parse_page(None, Some(bad)).unwrap_err();
			assert_eq!(err.code(), INVALID_PARAMS_CODE);
			assert!(err.message().contains("a page holds 1 to 1000 entries"), "{}", err.message());
		}
	}

	#[test]
	fn statuses_read_as_their_variant_names() {
		use pallet_data_contribution_runtime_api::{DatasetStatus, ModelStatus};
		assert_eq!(status_name(DatasetStatus::Challenged), "Challenged");
		assert_eq!(status_name(DatasetStatus::Slashed), "Slashed");
		assert_eq!(status_name(ModelStatus::Retired), "Retired");
	}
}
