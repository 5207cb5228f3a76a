//! The node service: the client, the transaction pool, networking, Aura block authoring and
//! GRANDPA finality, wired together.

use fairshare_runtime::{apis::RuntimeApi, opaque::Block};
use prometheus_endpoint::Registry;
use sc_client_api::BlockBackend;
use sc_consensus_aura::{ImportQueueParams, SlotProportion, StartAuraParams};
use sc_consensus_grandpa::SharedVoterState;
use sc_network_sync::SyncingService;
use sc_service::{error::Error as ServiceError, Configuration, TaskManager, WarpSyncConfig};
use sc_telemetry::{Telemetry, TelemetryHandle, TelemetryWorker};
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sp_consensus_aura::sr25519::AuthorityPair as AuraPair;
use std::{sync::Arc, time::Duration};

/// The host functions the Wasm runtime may call. A runtime built with `runtime-benchmarks`
/// also imports the benchmarking ones, so that node can run a chain too (for
/// `scripts/benchmark-db-weights.sh`, which fills a database before `benchmark storage`).
#[cfg(not(feature = "runtime-benchmarks"))]
type HostFunctions = sp_io::SubstrateHostFunctions;
#[cfg(feature = "runtime-benchmarks")]
type HostFunctions =
	(sp_io::SubstrateHostFunctions, frame_benchmarking::benchmarking::HostFunctions);

/// The client: it executes the runtime's Wasm, never native code.
pub type FullClient =
	sc_service::TFullClient<Block, RuntimeApi, sc_executor::WasmExecutor<HostFunctions>>;
pub type FullBackend = sc_service::TFullBackend<Block>;
type FullSelectChain = sc_consensus::LongestChain<FullBackend, Block>;
type GrandpaBlockImport =
	sc_consensus_grandpa::GrandpaBlockImport<FullBackend, Block, FullClient, FullSelectChain>;
type GrandpaLink = sc_consensus_grandpa::LinkHalf<Block, FullClient, FullSelectChain>;

/// Every how many blocks GRANDPA produces a justification, at least.
const GRANDPA_JUSTIFICATION_PERIOD: u32 = 512;

/// The parts of the service that subcommands need too.
pub type Service = sc_service::PartialComponents<
	FullClient,
	FullBackend,
	FullSelectChain,
	sc_consensus::DefaultImportQueue<Block>,
	sc_transaction_pool::TransactionPoolHandle<Block, FullClient>,
	(GrandpaBlockImport, GrandpaLink, Option<Telemetry>),
>;

/// The Aura inherent data for a block built on `parent`: its timestamp and slot.
fn aura_inherent_data(
	slot_duration: sp_consensus_aura::SlotDuration,
) -> (sp_consensus_aura::inherents::InherentDataProvider, sp_timestamp::InherentDataProvider) {
	let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
	let slot = sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
		*timestamp,
		slot_duration,
	);
	(slot, timestamp)
}

/// A block's hash.
type Hash = <Block as sp_runtime::traits::Block>::Hash;

/// The transaction pool.
type Pool = sc_transaction_pool::TransactionPoolHandle<Block, FullClient>;

/// Builds the client, the database, the transaction pool and the import queue.
pub fn new_partial(config: &Configuration) -> Result<Service, ServiceError> {
	let telemetry = config
		.telemetry_endpoints
		.clone()
		.filter(|endpoints| !endpoints.is_empty())
		.map(|endpoints| -> Result<_, sc_telemetry::Error> {
			let worker = TelemetryWorker::new(16)?;
			let telemetry = worker.handle().new_telemetry(endpoints);
			Ok((worker, telemetry))
		})
		.transpose()?;

	let executor = sc_service::new_wasm_executor::<HostFunctions>(&config.executor);
	let (client, backend, keystore_container, task_manager) =
		sc_service::new_full_parts::<Block, RuntimeApi, _>(
			config,
			telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
			executor,
			vec![Arc::new(sc_consensus_grandpa::GrandpaPruningFilter)],
		)?;
	let client = Arc::new(client);

	let telemetry = telemetry.map(|(worker, telemetry)| {
		task_manager.spawn_handle().spawn("telemetry", None, worker.run());
		telemetry
	});

	let select_chain = sc_consensus::LongestChain::new(backend.clone());

	let transaction_pool = Arc::from(
		sc_transaction_pool::Builder::new(
			task_manager.spawn_essential_handle(),
			client.clone(),
			config.role.is_authority().into(),
		)
		.with_options(config.transaction_pool.clone())
		.with_prometheus(config.prometheus_registry())
		.build(),
	);

	let (grandpa_block_import, grandpa_link) = sc_consensus_grandpa::block_import(
		client.clone(),
		GRANDPA_JUSTIFICATION_PERIOD,
		&client,
		select_chain.clone(),
		telemetry.as_ref().map(|x| x.handle()),
	)?;
	let import_queue = import_queue(
		&client,
		&grandpa_block_import,
		config,
		&task_manager,
		telemetry.as_ref().map(|x| x.handle()),
	)?;

	Ok(sc_service::PartialComponents {
		client,
		backend,
		task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (grandpa_block_import, grandpa_link, telemetry),
	})
}

/// Aura's import queue, which verifies each block's author and slot before GRANDPA's block
/// import takes it.
fn import_queue(
	client: &Arc<FullClient>,
	block_import: &GrandpaBlockImport,
	config: &Configuration,
	task_manager: &TaskManager,
	telemetry: Option<TelemetryHandle>,
) -> Result<sc_consensus::DefaultImportQueue<Block>, ServiceError> {
	let cidp_client = client.clone();
	let queue = sc_consensus_aura::import_queue::<AuraPair, _, _, _, _, _>(ImportQueueParams {
		block_import: block_import.clone(),
		justification_import: Some(Box::new(block_import.clone())),
		client: client.clone(),
		create_inherent_data_providers: move |parent_hash, _| {
			let cidp_client = cidp_client.clone();
			async move {
				let slot_duration =
					sc_consensus_aura::standalone::slot_duration_at(&*cidp_client, parent_hash)?;
				Ok(aura_inherent_data(slot_duration))
			}
		},
		spawner: &task_manager.spawn_essential_handle(),
		registry: config.prometheus_registry(),
		check_for_equivocation: Default::default(),
		telemetry,
		compatibility_mode: Default::default(),
	})?;
	Ok(queue)
}

/// What the validator's tasks start from once the network and the RPC run: the parts both
/// Aura and GRANDPA use, and what each takes from the configuration.
struct Started {
	task_manager: TaskManager,
	client: Arc<FullClient>,
	pool: Arc<Pool>,
	keystore: sc_service::KeystoreContainer,
	sync: Arc<SyncingService<Block>>,
	telemetry: Option<Telemetry>,
	settings: Settings,
}

/// What Aura and GRANDPA take from the configuration, which starting the RPC consumes.
struct Settings {
	role: sc_service::Role,
	force_authoring: bool,
	enable_grandpa: bool,
	name: String,
	prometheus: Option<Registry>,
}

impl Settings {
	fn of(config: &Configuration) -> Self {
		Self {
			role: config.role,
			force_authoring: config.force_authoring,
			enable_grandpa: !config.disable_grandpa,
			name: config.network.node_name.clone(),
			prometheus: config.prometheus_registry().cloned(),
		}
	}
}

/// GRANDPA's part of the network: its protocol's name and notification service.
struct GrandpaNetwork {
	protocol_name: sc_network::ProtocolName,
	notifications: Box<dyn sc_network::NotificationService>,
}

/// Builds and starts a full node: networking, RPC, and, on a validator, Aura and GRANDPA.
/// `hwbench`, the machine's scores (crate::hardware), goes to telemetry.
pub fn new_full<N: sc_network::NetworkBackend<Block, Hash>>(
	config: Configuration,
	hwbench: Option<sc_sysinfo::HwBench>,
) -> Result<TaskManager, ServiceError> {
	let sc_service::PartialComponents {
		client,
		backend,
		mut task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (block_import, grandpa_link, mut telemetry),
	} = new_partial(&config)?;

	let mut net_config = sc_network::config::FullNetworkConfiguration::<Block, Hash, N>::new(
		&config.network,
		config.prometheus_registry().cloned(),
	);
	let metrics = N::register_notification_metrics(config.prometheus_registry());
	let grandpa_network = grandpa_network::<N>(&client, &config, &mut net_config, &metrics)?;
	let warp_sync = Arc::new(sc_consensus_grandpa::warp_proof::NetworkProvider::new(
		backend.clone(),
		grandpa_link.shared_authority_set().clone(),
		Vec::default(),
	));

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
		sc_service::build_network(sc_service::BuildNetworkParams {
			config: &config,
			net_config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			import_queue,
			block_announce_validator_builder: None,
			warp_sync_config: Some(WarpSyncConfig::WithProvider(warp_sync)),
			block_relay: None,
			metrics,
			gap_sync_body_policy: None,
		})?;

	// The GRANDPA voter and the `grandpa_*` RPC methods share the voter's state.
	let shared_voter_state = SharedVoterState::empty();
	let rpc_builder =
		rpc_builder(&client, &transaction_pool, &backend, &grandpa_link, &shared_voter_state);
	let settings = Settings::of(&config);
	sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		network: network.clone(),
		client: client.clone(),
		keystore: keystore_container.keystore(),
		task_manager: &mut task_manager,
		transaction_pool: transaction_pool.clone(),
		rpc_builder,
		backend,
		system_rpc_tx,
		tx_handler_controller,
		sync_service: sync_service.clone(),
		config,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;
	crate::hardware::to_telemetry(&task_manager, telemetry.as_ref(), hwbench);

	let started = Started {
		task_manager,
		client,
		pool: transaction_pool,
		keystore: keystore_container,
		sync: sync_service,
		telemetry,
		settings,
	};
	if started.settings.role.is_authority() {
		start_aura(&started, select_chain, block_import)?;
	}
	if started.settings.enable_grandpa {
		start_grandpa(&started, grandpa_link, network, grandpa_network, shared_voter_state)?;
	}
	Ok(started.task_manager)
}

/// Registers GRANDPA's notification protocol with the network.
fn grandpa_network<N: sc_network::NetworkBackend<Block, Hash>>(
	client: &Arc<FullClient>,
	config: &Configuration,
	net_config: &mut sc_network::config::FullNetworkConfiguration<Block, Hash, N>,
	metrics: &sc_network::NotificationMetrics,
) -> Result<GrandpaNetwork, ServiceError> {
	let genesis_hash = client
		.block_hash(0)
		.ok()
		.flatten()
		.ok_or_else(|| ServiceError::Other("the genesis block is missing".into()))?;
	let protocol_name =
		sc_consensus_grandpa::protocol_standard_name(&genesis_hash, &config.chain_spec);
	let (protocol_config, notifications) = sc_consensus_grandpa::grandpa_peers_set_config::<_, N>(
		protocol_name.clone(),
		metrics.clone(),
		net_config.peer_store_handle(),
	);
	net_config.add_notification_protocol(protocol_config);
	Ok(GrandpaNetwork { protocol_name, notifications })
}

/// The node's RPC methods (`crate::rpc`), built afresh for each connection's executor.
fn rpc_builder(
	client: &Arc<FullClient>,
	pool: &Arc<Pool>,
	backend: &Arc<FullBackend>,
	grandpa_link: &GrandpaLink,
	shared_voter_state: &SharedVoterState,
) -> Box<dyn Fn(sc_rpc::SubscriptionTaskExecutor) -> Result<jsonrpsee::RpcModule<()>, ServiceError>>
{
	let client = client.clone();
	let pool = pool.clone();
	let shared_voter_state = shared_voter_state.clone();
	let shared_authority_set = grandpa_link.shared_authority_set().clone();
	let justification_stream = grandpa_link.justification_stream();
	let finality_provider = sc_consensus_grandpa::FinalityProofProvider::new_for_service(
		backend.clone(),
		Some(shared_authority_set.clone()),
	);
	Box::new(move |subscription_executor| {
		let deps = crate::rpc::FullDeps {
			client: client.clone(),
			pool: pool.clone(),
			grandpa: crate::rpc::GrandpaDeps {
				shared_voter_state: shared_voter_state.clone(),
				shared_authority_set: shared_authority_set.clone(),
				justification_stream: justification_stream.clone(),
				subscription_executor,
				finality_provider: finality_provider.clone(),
			},
		};
		crate::rpc::create_full(deps).map_err(Into::into)
	})
}

/// Starts Aura block authoring, as an essential task: if it fails, the node stops.
fn start_aura(
	started: &Started,
	select_chain: FullSelectChain,
	block_import: GrandpaBlockImport,
) -> Result<(), ServiceError> {
	let telemetry = started.telemetry.as_ref().map(|x| x.handle());
	let proposer_factory = sc_basic_authorship::ProposerFactory::new(
		started.task_manager.spawn_handle(),
		started.client.clone(),
		started.pool.clone(),
		started.settings.prometheus.as_ref(),
		telemetry.clone(),
	);
	let slot_duration = sc_consensus_aura::slot_duration(&*started.client)?;
	let aura =
		sc_consensus_aura::start_aura::<AuraPair, _, _, _, _, _, _, _, _, _, _>(StartAuraParams {
			slot_duration,
			client: started.client.clone(),
			select_chain,
			block_import,
			proposer_factory,
			create_inherent_data_providers: move |_, ()| async move {
				Ok(aura_inherent_data(slot_duration))
			},
			force_authoring: started.settings.force_authoring,
			backoff_authoring_blocks: Option::<()>::None,
			keystore: started.keystore.keystore(),
			sync_oracle: started.sync.clone(),
			justification_sync_link: started.sync.clone(),
			block_proposal_slot_portion: SlotProportion::new(2f32 / 3f32),
			max_block_proposal_slot_portion: None,
			telemetry,
			compatibility_mode: Default::default(),
		})?;
	started.task_manager.spawn_essential_handle().spawn_blocking(
		"aura",
		Some("block-authoring"),
		aura,
	);
	Ok(())
}

/// Starts the GRANDPA voter, as an essential task: if it fails, the node stops. Only a
/// validator votes, so only it is given the keystore.
fn start_grandpa(
	started: &Started,
	link: GrandpaLink,
	network: Arc<dyn sc_network::service::traits::NetworkService>,
	grandpa_network: GrandpaNetwork,
	shared_voter_state: SharedVoterState,
) -> Result<(), ServiceError> {
	let telemetry = started.telemetry.as_ref().map(|x| x.handle());
	let config = sc_consensus_grandpa::Config {
		gossip_duration: Duration::from_millis(333),
		justification_generation_period: GRANDPA_JUSTIFICATION_PERIOD,
		name: Some(started.settings.name.clone()),
		observer_enabled: false,
		keystore: started.settings.role.is_authority().then(|| started.keystore.keystore()),
		local_role: started.settings.role,
		telemetry: telemetry.clone(),
		protocol_name: grandpa_network.protocol_name,
	};
	let params = sc_consensus_grandpa::GrandpaParams {
		config,
		link,
		network,
		sync: started.sync.clone(),
		notification_service: grandpa_network.notifications,
		voting_rule: sc_consensus_grandpa::VotingRulesBuilder::default().build(),
		prometheus_registry: started.settings.prometheus.clone(),
		shared_voter_state,
		telemetry,
		offchain_tx_pool_factory: OffchainTransactionPoolFactory::new(started.pool.clone()),
	};
	started.task_manager.spawn_essential_handle().spawn_blocking(
		"grandpa-voter",
		None,
		sc_consensus_grandpa::run_grandpa_voter(params)?,
	);
	Ok(())
}
