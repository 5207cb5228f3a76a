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
//! Each method answers with the struct of the pallet's view function of the same name (see
//! `pallet_data_contribution::types::views`), serialized as that module says: camelCase names,
//! amounts as decimal strings, since a `u128` overflows JavaScript numbers. A malformed
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
	legacy::ModelViewV5, ContributorBalance, DatasetHash, DatasetView, ModelId, ModelReward,
	ModelView, Reputation, ViewPage,
};
use serde::Serialize;
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;
use sp_runtime::{
	traits::{Block as BlockT, Zero},
	Saturating,
};

/// The `dataContribution_*` methods.
#[rpc(
	server,
	server_bounds(
		BlockHash: serde::de::DeserializeOwned + Send + Sync + 'static,
		AccountId: Serialize + Clone + Send + Sync + 'static,
		Balance: Display + Clone + Send + Sync + 'static,
		BlockNumber: Serialize + Clone + Send + Sync + 'static
	)
)]
pub trait DataContributionApi<BlockHash, AccountId, Balance, BlockNumber> {
	/// An account's claimable, escrowed, claimed and total earned contributor rewards.
	#[method(name = "dataContribution_contributorBalance")]
	fn contributor_balance(
		&self,
		account: String,
		at: Option<BlockHash>,
		start: Option<ModelId>,
		limit: Option<u32>,
	) -> RpcResult<ContributorBalance<Balance>>;

	/// An account's claimable and escrowed reward in each model of one page of its positions.
	#[method(name = "dataContribution_contributorRewards")]
	fn contributor_rewards(
		&self,
		account: String,
		at: Option<BlockHash>,
		start: Option<ModelId>,
		limit: Option<u32>,
	) -> RpcResult<Vec<ModelReward<Balance>>>;

	/// An account's counts of datasets registered, challenged and slashed.
	#[method(name = "dataContribution_reputation")]
	fn reputation(&self, account: String, at: Option<BlockHash>) -> RpcResult<Reputation>;

	/// A dataset's record, terms and earnings over one page of its models, or `null` if it is
	/// not registered.
	#[method(name = "dataContribution_dataset")]
	fn dataset(
		&self,
		hash: String,
		at: Option<BlockHash>,
		start: Option<ModelId>,
		limit: Option<u32>,
	) -> RpcResult<Option<DatasetView<AccountId, Balance, BlockNumber>>>;

	/// A model's record, usage, earnings and lineage, or `null` if it does not exist.
	#[method(name = "dataContribution_model")]
	fn model(
		&self,
		model_id: ModelId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<ModelView<AccountId, Balance>>>;
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

impl<C, Block, AccountId, Balance, BlockNumber>
	DataContribution<C, Block, AccountId, Balance, BlockNumber>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	C::Api: DataContributionRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	AccountId: Codec,
	Balance: Codec,
	BlockNumber: Codec,
{
	fn at(&self, at: Option<Block::Hash>) -> Block::Hash {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}

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

impl<C, Block, AccountId, Balance, BlockNumber>
	DataContributionApiServer<Block::Hash, AccountId, Balance, BlockNumber>
	for DataContribution<C, Block, AccountId, Balance, BlockNumber>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DataContributionRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	AccountId: Codec + Ss58Codec + Serialize + Clone + Send + Sync + 'static,
	Balance: Codec + Display + Copy + Zero + Saturating + Send + Sync + 'static,
	BlockNumber: Codec + Serialize + Clone + Send + Sync + 'static,
{
	fn contributor_balance(
		&self,
		account: String,
		at: Option<Block::Hash>,
		start: Option<ModelId>,
		limit: Option<u32>,
	) -> RpcResult<ContributorBalance<Balance>> {
		let who = parse_account::<AccountId>(&account)?;
		let page = parse_page(start, limit)?;
		let (api, at) = (self.client.runtime_api(), self.at(at));
		if self.api_version(at)? >= 6 {
			return api.contributor_balance(at, who, page).map_err(runtime_error);
		}
		#[allow(deprecated)]
		let (balance, next) =
			api.contributor_balance_before_version_6(at, who, page).map_err(runtime_error)?;
		Ok(balance.complete(next))
	}

	fn contributor_rewards(
		&self,
		account: String,
		at: Option<Block::Hash>,
		start: Option<ModelId>,
		limit: Option<u32>,
	) -> RpcResult<Vec<ModelReward<Balance>>> {
		let who = parse_account::<AccountId>(&account)?;
		let page = parse_page(start, limit)?;
		let (rewards, _next) = self
			.client
			.runtime_api()
			.contributor_rewards(self.at(at), who, page)
			.map_err(runtime_error)?;
		Ok(rewards)
	}

	fn reputation(&self, account: String, at: Option<Block::Hash>) -> RpcResult<Reputation> {
		let who = parse_account::<AccountId>(&account)?;
		self.client.runtime_api().reputation(self.at(at), who).map_err(runtime_error)
	}

	fn dataset(
		&self,
		hash: String,
		at: Option<Block::Hash>,
		start: Option<ModelId>,
		limit: Option<u32>,
	) -> RpcResult<Option<DatasetView<AccountId, Balance, BlockNumber>>> {
		let hash = parse_hash(&hash)?;
		let page = parse_page(start, limit)?;
		let (api, at) = (self.client.runtime_api(), self.at(at));
		let version = self.api_version(at)?;
		if version >= 6 {
			return api.dataset(at, hash, page).map_err(runtime_error);
		}
		#[allow(deprecated)]
		let Some(view) = api.dataset_before_version_6(at, hash, page).map_err(runtime_error)?
		else {
			return Ok(None);
		};
		let terms =
			if version >= 4 { api.dataset_terms(at, hash).map_err(runtime_error)? } else { None };
		Ok(Some(view.complete(hash, terms)))
	}

	fn model(
		&self,
		model_id: ModelId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<ModelView<AccountId, Balance>>> {
		let (api, at) = (self.client.runtime_api(), self.at(at));
		let version = self.api_version(at)?;
		if version >= 6 {
			return api.model(at, model_id).map_err(runtime_error);
		}
		#[allow(deprecated)]
		let view = if version >= 3 {
			api.model_before_version_6(at, model_id).map_err(runtime_error)?
		} else {
			api.model_before_version_3(at, model_id)
				.map_err(runtime_error)?
				.map(ModelViewV5::from)
		};
		let Some(view) = view else { return Ok(None) };
		let lineage = if version >= 4 {
			api.model_lineage(at, model_id).map_err(runtime_error)?
		} else {
			None
		};
		Ok(Some(view.complete(model_id, lineage)))
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

	/// The JSON of each view, field by field: the interface clients build on.
	#[test]
	fn views_serialize_to_the_documented_json() {
		use pallet_data_contribution_runtime_api::{
			DatasetContributor, DatasetStatus, LicenceTerms, ModelDataset, ModelParent, ModelStatus,
		};
		use serde_json::json;
		use sp_runtime::Perbill;

		let alice = AccountId32::new([1; 32]);
		let hash = DatasetHash::repeat_byte(0xab);
		let hash_hex = format!("0x{}", "ab".repeat(32));
		let terms = LicenceTerms {
			commercial_use: true,
			derivatives: false,
			min_contributor_share: Perbill::from_parts(5),
		};
		let terms_json =
			json!({ "commercialUse": true, "derivatives": false, "minContributorShare": 5 });

		let balance = ContributorBalance::<u128> {
			pending: u128::MAX,
			escrowed: 1,
			claimed: 2,
			earned: 3,
			next: Some(9),
		};
		assert_eq!(
			serde_json::to_value(&balance).unwrap(),
			json!({ "pending": u128::MAX.to_string(), "escrowed": "1", "claimed": "2", "earned": "3", "next": 9 })
		);
		let reward = ModelReward::<u128> { model_id: 4, pending: 5, escrowed: 0 };
		assert_eq!(
			serde_json::to_value(&reward).unwrap(),
			json!({ "modelId": 4, "pending": "5", "escrowed": "0" })
		);
		let reputation = Reputation { registered: 3, challenged: 2, slashed: 1 };
		assert_eq!(
			serde_json::to_value(reputation).unwrap(),
			json!({ "registered": 3, "challenged": 2, "slashed": 1 })
		);

		let dataset = DatasetView::<AccountId32, u128, u32> {
			dataset_hash: hash,
			owner: alice.clone(),
			contributors: vec![DatasetContributor {
				account: alice.clone(),
				share: Perbill::one(),
				confirmed: true,
			}],
			metadata: vec![0, 255],
			deposit: 10,
			status: DatasetStatus::Reattributed,
			registered_at: 12,
			withdrawn_at: None,
			rightful: Some(alice.clone()),
			models: 1,
			earned: 95,
			next: None,
			terms,
		};
		assert_eq!(
			serde_json::to_value(&dataset).unwrap(),
			json!({
				"datasetHash": hash_hex, "owner": alice.to_ss58check(),
				"contributors": [{ "account": alice.to_ss58check(), "share": 1_000_000_000, "confirmed": true }],
				"metadata": "0x00ff", "deposit": "10", "status": "Reattributed", "registeredAt": 12,
				"withdrawnAt": null, "rightful": alice.to_ss58check(), "models": 1, "earned": "95",
				"next": null, "terms": terms_json,
			})
		);

		let model = ModelView::<AccountId32, u128> {
			model_id: 7,
			owner: alice.clone(),
			datasets: vec![ModelDataset { dataset: hash, weight: 3 }],
			price_per_query: 1_000,
			owner_share: Perbill::from_parts(600_000_000),
			metadata: vec![],
			deposit: 10,
			status: ModelStatus::Retired,
			queries_served: 4,
			total_paid: 100,
			data_paid: 50,
			claimed: 20,
			owner_pending: 9,
			protocol_pending: 1,
			parents: vec![ModelParent { model_id: 2, royalty: Perbill::from_parts(100) }],
			ancestors: 1,
			derivatives: 0,
			terms,
			royalties_received: 6,
			earned: 106,
		};
		assert_eq!(
			serde_json::to_value(&model).unwrap(),
			json!({
				"modelId": 7, "owner": alice.to_ss58check(),
				"datasets": [{ "dataset": hash_hex, "weight": 3 }],
				"pricePerQuery": "1000", "ownerShare": 600_000_000, "metadata": "0x", "deposit": "10",
				"status": "Retired", "queriesServed": 4, "totalPaid": "100", "dataPaid": "50",
				"claimed": "20", "ownerPending": "9", "protocolPending": "1",
				"parents": [{ "modelId": 2, "royalty": 100 }], "ancestors": 1, "derivatives": 0,
				"terms": terms_json, "royaltiesReceived": "6", "earned": "106",
			})
		);
	}
}
