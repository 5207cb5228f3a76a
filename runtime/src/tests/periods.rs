//! The periods as runtime parameters, and the `root` track's as a genesis chose them: what each
//! preset starts with, who may change them, and that the metadata (and so its hash, which
//! signers check) does not depend on them.

use crate::{
	configs::{
		governance::{TrackPeriods, Tracks, ROOT_PERIODS, ROOT_TRACK},
		periods::{dynamic_params::periods, genesis_periods, real},
	},
	genesis_config_presets::{self as presets, DEV_FAST_PRESET},
	AccountId, DataContribution, Parameters, Runtime, RuntimeGenesisConfig, RuntimeOrigin,
	RuntimeParameters,
};
use frame_support::{assert_noop, assert_ok, genesis_builder_helper::build_state};
use pallet_data_contribution::Periods;
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;
use sp_runtime::DispatchError;

/// `patch` merged into `base`, as the node merges a preset into the default genesis config.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// A chain built from `preset`, as the node builds its genesis.
fn chain(preset: &str) -> sp_io::TestExternalities {
	let patch = presets::get_preset(&preset.into()).expect("the runtime names this preset");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serializes");
	merge(&mut config, serde_json::from_slice(&patch).expect("a preset is JSON"));
	let json = serde_json::to_vec(&config).expect("serializes");
	let mut ext = sp_io::TestExternalities::new_empty();
	ext.execute_with(|| build_state::<RuntimeGenesisConfig>(json).expect("the preset builds"));
	ext
}

fn real_periods() -> Periods<u32> {
	Periods {
		challenge_period: real::CHALLENGE_PERIOD,
		usage_close_period: real::USAGE_CLOSE_PERIOD,
		commitment_lifetime: real::COMMITMENT_LIFETIME,
		reveal_window: real::REVEAL_WINDOW,
	}
}

#[test]
fn dev_and_local_run_with_the_real_periods() {
	assert_eq!(
		real_periods(),
		Periods {
			challenge_period: 100_800,
			usage_close_period: 600,
			commitment_lifetime: 14_400,
			reveal_window: 10
		}
	);
	for preset in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET] {
		// The preset names no period: the previous release's runtime reads the same JSON (the
		// upgrade test builds its chain from it), and an unknown field would stop it.
		let json: serde_json::Value =
			serde_json::from_slice(&presets::get_preset(&preset.into()).unwrap()).unwrap();
		assert!(json.get("genesisPeriods").is_none(), "{preset}");
		chain(preset).execute_with(|| {
			assert_eq!(DataContribution::periods(), real_periods(), "{preset}");
			assert_eq!(pallet_parameters::Parameters::<Runtime>::iter().count(), 0, "{preset}");
			assert_eq!(root_track_periods(), ROOT_PERIODS, "{preset}");
		});
	}
}

#[test]
fn dev_fast_runs_every_period_in_a_few_blocks() {
	chain(DEV_FAST_PRESET).execute_with(|| {
		assert_eq!(
			DataContribution::periods(),
			Periods {
				challenge_period: presets::FAST_CHALLENGE_PERIOD,
				usage_close_period: presets::FAST_USAGE_CLOSE_PERIOD,
				commitment_lifetime: presets::FAST_COMMITMENT_LIFETIME,
				reveal_window: presets::FAST_REVEAL_WINDOW,
			}
		);
		let fast = DataContribution::periods();
		for period in [fast.challenge_period, fast.usage_close_period, fast.reveal_window] {
			assert!((1..=10).contains(&period), "{fast:?}");
		}
		assert!(fast.commitment_lifetime > fast.reveal_window, "{fast:?}");
		assert_eq!(root_track_periods(), presets::FAST_ROOT_PERIODS);
	});
}

/// The periods the referenda run the `root` track with.
fn root_track_periods() -> TrackPeriods {
	use pallet_referenda::TracksInfo;
	let info = Tracks::info(ROOT_TRACK).expect("the root track");
	TrackPeriods {
		prepare_period: info.prepare_period,
		decision_period: info.decision_period,
		confirm_period: info.confirm_period,
		min_enactment_period: info.min_enactment_period,
	}
}

#[test]
fn the_root_track_runs_days_long_unless_a_genesis_shortened_it_and_never_below_a_block() {
	use pallet_referenda::TracksInfo;
	assert_eq!(
		ROOT_PERIODS,
		TrackPeriods {
			prepare_period: 1_200,
			decision_period: 28 * 14_400,
			confirm_period: 14_400,
			min_enactment_period: 14_400
		}
	);
	// What the metadata shows is the real track, whatever a genesis chose.
	let shown = Tracks::tracks().next().unwrap().info.clone();
	assert_eq!(shown.prepare_period, ROOT_PERIODS.prepare_period);
	chain(DEV_FAST_PRESET).execute_with(|| {
		genesis_periods::RootTrack::<Runtime>::put(TrackPeriods {
			prepare_period: 0,
			decision_period: 0,
			confirm_period: 0,
			min_enactment_period: u32::MAX,
		});
		let read = root_track_periods();
		assert_eq!([read.prepare_period, read.decision_period, read.confirm_period], [1, 1, 1]);
		assert_eq!(read.min_enactment_period, 90 * 14_400);
		// Only Root has a track.
		assert_eq!(Tracks::track_for(&frame_system::RawOrigin::Root.into()), Ok(ROOT_TRACK));
		let signed = frame_system::RawOrigin::Signed(AccountId::from([1; 32])).into();
		assert_eq!(Tracks::track_for(&signed), Err(()));
	});
}

fn reveal_window(value: Option<u32>) -> RuntimeParameters {
	RuntimeParameters::Periods(periods::Parameters::RevealWindow(periods::RevealWindow, value))
}

#[test]
fn root_changes_a_period_and_no_account_may() {
	chain(DEV_RUNTIME_PRESET).execute_with(|| {
		let alice = RuntimeOrigin::signed(Sr25519Keyring::Alice.to_account_id());
		assert_noop!(
			Parameters::set_parameter(alice, reveal_window(Some(1))),
			DispatchError::BadOrigin
		);
		assert_ok!(Parameters::set_parameter(RuntimeOrigin::root(), reveal_window(Some(20))));
		assert_eq!(DataContribution::periods().reveal_window, 20);
		// Removing the parameter brings back the real period.
		assert_ok!(Parameters::set_parameter(RuntimeOrigin::root(), reveal_window(None)));
		assert_eq!(DataContribution::periods(), real_periods());
	});
}

#[test]
fn a_period_set_out_of_bounds_is_read_within_them() {
	use crate::configs::periods::{min, MAX_PERIOD};
	chain(DEV_RUNTIME_PRESET).execute_with(|| {
		let set = |p: periods::Parameters| {
			assert_ok!(Parameters::set_parameter(
				RuntimeOrigin::root(),
				RuntimeParameters::Periods(p)
			));
		};
		use periods::Parameters as P;
		set(P::ChallengePeriod(periods::ChallengePeriod, Some(0)));
		set(P::UsageClosePeriod(periods::UsageClosePeriod, Some(0)));
		set(P::CommitmentLifetime(periods::CommitmentLifetime, Some(0)));
		set(P::RevealWindow(periods::RevealWindow, Some(0)));
		assert_eq!(
			DataContribution::periods(),
			Periods {
				challenge_period: min::CHALLENGE_PERIOD,
				usage_close_period: min::USAGE_CLOSE_PERIOD,
				commitment_lifetime: min::COMMITMENT_LIFETIME,
				reveal_window: min::REVEAL_WINDOW,
			}
		);
		set(P::ChallengePeriod(periods::ChallengePeriod, Some(u32::MAX)));
		set(P::UsageClosePeriod(periods::UsageClosePeriod, Some(u32::MAX)));
		set(P::CommitmentLifetime(periods::CommitmentLifetime, Some(u32::MAX)));
		set(P::RevealWindow(periods::RevealWindow, Some(u32::MAX)));
		assert_eq!(
			DataContribution::periods(),
			Periods {
				challenge_period: MAX_PERIOD,
				usage_close_period: MAX_PERIOD,
				commitment_lifetime: MAX_PERIOD,
				reveal_window: MAX_PERIOD,
			}
		);
		// dev-fast and the real periods are inside the bounds.
		for (period, floor) in [
			(presets::FAST_CHALLENGE_PERIOD, min::CHALLENGE_PERIOD),
			(presets::FAST_USAGE_CLOSE_PERIOD, min::USAGE_CLOSE_PERIOD),
			(presets::FAST_COMMITMENT_LIFETIME, min::COMMITMENT_LIFETIME),
			(presets::FAST_REVEAL_WINDOW, min::REVEAL_WINDOW),
			(real::CHALLENGE_PERIOD, min::CHALLENGE_PERIOD),
			(real::USAGE_CLOSE_PERIOD, min::USAGE_CLOSE_PERIOD),
			(real::COMMITMENT_LIFETIME, min::COMMITMENT_LIFETIME),
			(real::REVEAL_WINDOW, min::REVEAL_WINDOW),
		] {
			assert!(
				(floor..=MAX_PERIOD).contains(&period),
				"{period} within [{floor}, {MAX_PERIOD}]"
			);
		}
	});
}

#[test]
fn the_metadata_is_the_same_whatever_the_periods() {
	let metadata = |preset: &str| {
		chain(preset).execute_with(|| Runtime::metadata_at_version(15).expect("v15").to_vec())
	};
	assert!(metadata(DEV_RUNTIME_PRESET) == metadata(DEV_FAST_PRESET));
}
