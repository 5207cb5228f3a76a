//! The periods of the data-contribution pallet as runtime parameters.
//!
//! They live in `pallet-parameters`' storage, so that Root changes them with
//! `parameters.setParameter` (an `Updated` event says what changed) without a runtime upgrade,
//! and a genesis preset sets them through [`genesis_periods`]. A period nobody set has the value
//! below: the real one, which `dev`, `local` and every network from `scripts/new-network.sh`
//! run with. `dev-fast` sets them to a few blocks for tests.
//!
//! A change applies at once, to the calls after it in the same block too. The end of a challenge
//! and of a closing channel is fixed when it starts (`expires_at`, `closes_at`); a registration's
//! reveal window, a commitment's lifetime and a withdrawn dataset's notice are counted from the
//! block they began, each time they are checked. So a shorter period can end these at once, and a
//! longer one can open them again: settled registrations become displaceable (and their datasets
//! unusable by new models, unchallengeable and not transferable) until the longer window passes,
//! expired commitments that nobody removed become revealable, and ended notices run on. The
//! `expires_at` of `DatasetCommitted` and the `notice_ends` of `DatasetWithdrawn` are what the
//! periods gave when the event was emitted.
//!
//! Each period is kept within bounds whatever is stored ([`Bounded`]): at least what its
//! mechanism needs to work, at most 30 days, so that no value (a zero, `u32::MAX`, a mistake in
//! units) disables a protection or locks a bond or an escrow for good.

use core::marker::PhantomData;
use frame_support::{
	dynamic_params::{dynamic_pallet_params, dynamic_params},
	traits::Get,
};
use frame_system::EnsureRoot;

use super::{AccountId, BlockNumber, Runtime, RuntimeEvent, DAYS, HOURS};

/// The real periods, in blocks.
pub mod real {
	use super::*;
	/// Seven days for the curators to rule on a challenge, and a withdrawn dataset's notice.
	pub const CHALLENGE_PERIOD: BlockNumber = 7 * DAYS;
	/// An hour for the operator to settle a closing channel's last receipts.
	pub const USAGE_CLOSE_PERIOD: BlockNumber = HOURS;
	/// A day to reveal a commitment: ample for a client that reveals a block or two later.
	pub const COMMITMENT_LIFETIME: BlockNumber = DAYS;
	/// Ten blocks (one minute) in which the reveal of an earlier commitment displaces a
	/// registration: longer than an honest reveal waits in a busy pool, and longer than a run of
	/// slots that one block author (who might censor the reveal) holds in a set of a few
	/// validators, so a front-runner that commits only after seeing it cannot keep the dataset.
	/// Models wait that long before they may use a new dataset.
	pub const REVEAL_WINDOW: BlockNumber = 10;
}

#[dynamic_params(RuntimeParameters, pallet_parameters::Parameters::<Runtime>)]
pub mod dynamic_params {
	use super::*;

	/// The data-contribution pallet's periods, in blocks.
	#[dynamic_pallet_params]
	#[codec(index = 0)]
	pub mod periods {
		/// `ChallengePeriod`.
		#[codec(index = 0)]
		pub static ChallengePeriod: BlockNumber = real::CHALLENGE_PERIOD;
		/// `UsageClosePeriod`.
		#[codec(index = 1)]
		pub static UsageClosePeriod: BlockNumber = real::USAGE_CLOSE_PERIOD;
		/// `CommitmentLifetime`.
		#[codec(index = 2)]
		pub static CommitmentLifetime: BlockNumber = real::COMMITMENT_LIFETIME;
		/// `RevealWindow`.
		#[codec(index = 3)]
		pub static RevealWindow: BlockNumber = real::REVEAL_WINDOW;
	}
}

/// The longest any period may be: 30 days.
pub const MAX_PERIOD: BlockNumber = 30 * DAYS;

/// The shortest periods that keep each mechanism working: a minute for curators to see a
/// challenge and for an operator to settle a closing channel's last receipts (half a minute), and
/// two blocks for a reveal (which must come in a later block than its commitment) and for the
/// reveal window.
pub mod min {
	use super::*;
	/// `ChallengePeriod`'s floor.
	pub const CHALLENGE_PERIOD: BlockNumber = 10;
	/// `UsageClosePeriod`'s floor.
	pub const USAGE_CLOSE_PERIOD: BlockNumber = 5;
	/// `CommitmentLifetime`'s floor.
	pub const COMMITMENT_LIFETIME: BlockNumber = 2;
	/// `RevealWindow`'s floor.
	pub const REVEAL_WINDOW: BlockNumber = 2;

	// A reveal comes in a later block than its commitment, within the commitment's lifetime: the
	// build fails if a floor is lowered below what that needs.
	const _: () = assert!(COMMITMENT_LIFETIME >= 2 && REVEAL_WINDOW >= 1);
}

/// `P`'s value, kept within `[MIN, MAX_PERIOD]`: what the pallet reads.
pub struct Bounded<P, const MIN: BlockNumber>(PhantomData<P>);

impl<P: Get<BlockNumber>, const MIN: BlockNumber> Get<BlockNumber> for Bounded<P, MIN> {
	fn get() -> BlockNumber {
		P::get().clamp(MIN, MAX_PERIOD)
	}
}

/// The challenge period the pallet runs with.
pub type ChallengePeriod =
	Bounded<dynamic_params::periods::ChallengePeriod, { min::CHALLENGE_PERIOD }>;
/// The usage-close period the pallet runs with.
pub type UsageClosePeriod =
	Bounded<dynamic_params::periods::UsageClosePeriod, { min::USAGE_CLOSE_PERIOD }>;
/// The commitment lifetime the pallet runs with.
pub type CommitmentLifetime =
	Bounded<dynamic_params::periods::CommitmentLifetime, { min::COMMITMENT_LIFETIME }>;
/// The reveal window the pallet runs with.
pub type RevealWindow = Bounded<dynamic_params::periods::RevealWindow, { min::REVEAL_WINDOW }>;

/// What `pallet-parameters`' benchmark sets: any one parameter.
#[cfg(feature = "runtime-benchmarks")]
impl Default for RuntimeParameters {
	fn default() -> Self {
		RuntimeParameters::Periods(dynamic_params::periods::Parameters::RevealWindow(
			dynamic_params::periods::RevealWindow,
			Some(real::REVEAL_WINDOW),
		))
	}
}

/// Runtime parameters: Root sets them.
impl pallet_parameters::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeParameters = RuntimeParameters;
	type AdminOrigin = frame_support::traits::AsEnsureOriginWithArg<EnsureRoot<AccountId>>;
	/// The pallet's own measured figures (Substrate's reference machine and RocksDB costs, for a
	/// larger parameter set than these four numbers): above what `set_parameter` costs here.
	type WeightInfo = ();
}

/// Sets the periods a genesis preset names; `pallet-parameters` has no genesis of its own. Keeps
/// the `root` track's, which are no runtime parameter: Root cannot shorten the referenda that
/// give it its power.
#[frame_support::pallet]
pub mod genesis_periods {
	use super::dynamic_params::periods;
	use crate::{
		configs::governance::{TrackPeriods, ROOT_PERIODS},
		BlockNumber, RuntimeParameters,
	};
	use frame_support::{pallet_prelude::*, traits::dynamic_params::AggregatedKeyValue};

	#[pallet::config]
	pub trait Config:
		frame_system::Config + pallet_parameters::Config<RuntimeParameters = RuntimeParameters>
	{
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The periods to start with; one left out keeps its real value.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		pub challenge_period: Option<BlockNumber>,
		pub usage_close_period: Option<BlockNumber>,
		pub commitment_lifetime: Option<BlockNumber>,
		pub reveal_window: Option<BlockNumber>,
		/// The `root` track's periods ([`RootTrack`]); one left out keeps its real value.
		pub root_prepare_period: Option<BlockNumber>,
		pub root_decision_period: Option<BlockNumber>,
		pub root_confirm_period: Option<BlockNumber>,
		pub root_enactment_period: Option<BlockNumber>,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			use periods::Parameters as P;
			let set = [
				self.challenge_period
					.map(|v| P::ChallengePeriod(periods::ChallengePeriod, Some(v))),
				self.usage_close_period
					.map(|v| P::UsageClosePeriod(periods::UsageClosePeriod, Some(v))),
				self.commitment_lifetime
					.map(|v| P::CommitmentLifetime(periods::CommitmentLifetime, Some(v))),
				self.reveal_window.map(|v| P::RevealWindow(periods::RevealWindow, Some(v))),
			];
			for parameter in set.into_iter().flatten() {
				let (key, value) = RuntimeParameters::Periods(parameter).into_parts();
				pallet_parameters::Parameters::<T>::set(key, value);
			}
			let root = [
				self.root_prepare_period,
				self.root_decision_period,
				self.root_confirm_period,
				self.root_enactment_period,
			];
			if root.iter().any(Option::is_some) {
				let [prepare, decision, confirm, enactment] = root;
				let real = ROOT_PERIODS;
				RootTrack::<T>::put(TrackPeriods {
					prepare_period: prepare.unwrap_or(real.prepare_period),
					decision_period: decision.unwrap_or(real.decision_period),
					confirm_period: confirm.unwrap_or(real.confirm_period),
					min_enactment_period: enactment.unwrap_or(real.min_enactment_period),
				});
			}
		}
	}

	/// The `root` track's periods a test chain's genesis chose, read by the referenda
	/// ([`crate::configs::governance::Tracks`]); none on a real network, which runs with
	/// [`ROOT_PERIODS`]. No call writes it: only a runtime upgrade could.
	#[pallet::storage]
	pub type RootTrack<T: Config> = StorageValue<_, TrackPeriods>;
}

impl genesis_periods::Config for Runtime {}
