//! On-chain governance: what Root may do goes through referenda. OpenGov's pallets as
//! polkadot-sdk ships them: `pallet-referenda` on a single `root` track, voted with
//! `pallet-conviction-voting`, proposals too large to inline noted with `pallet-preimage`, and
//! approved proposals enacted by `pallet-scheduler`. docs/validator.md ("Governance") gives the
//! figures and the path of a runtime upgrade.
//!
//! The root track's periods are real (a referendum takes days) on every chain whose genesis names
//! none: `dev`, `local` and networks from `scripts/new-network.sh`. A test chain's genesis may
//! shorten them (`genesisPeriods.rootPreparePeriod` and the like); nothing can change them after genesis but a
//! runtime upgrade. The metadata's `referenda.tracks` constant always shows the real ones.

use alloc::borrow::Cow;
use frame_support::{
	parameter_types,
	traits::{
		fungible::HoldConsideration,
		schedule::{
			v3::{Anon, Named, TaskName},
			DispatchTime, Period, Priority,
		},
		ActiveIssuanceOf, Bounded, ConstU32, Currency, EqualPrivilegeOnly, LinearStoragePrice,
		OnUnbalanced,
	},
	weights::Weight,
};
use frame_system::{EnsureRoot, EnsureSigned};
use pallet_referenda::{Curve, Track, TrackInfo};
use sp_runtime::{str_array, traits::BlakeTwo256, DispatchError, Perbill};

use super::{deposit, periods::genesis_periods, ProtocolAccount, RuntimeBlockWeights};
use crate::{
	AccountId, Balance, Balances, BlockNumber, OriginCaller, Preimage, Referenda, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeHoldReason, RuntimeOrigin, Scheduler, System, DAYS, HOURS,
	UNIT,
};

parameter_types! {
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
	/// A preimage's two storage items (its status and its bytes), and 64 bytes for them.
	pub const PreimageBaseDeposit: Balance = deposit(2, 64);
	/// Each byte of a preimage, priced as every record of the chain is.
	pub const PreimageByteDeposit: Balance = deposit(0, 1);
}

/// Preimages: a proposal longer than 128 bytes is noted here first (`preimage.notePreimage`),
/// holding a deposit from whoever notes it until it is enacted or unnoted. A runtime upgrade
/// needs none: `system.authorizeUpgrade(hash)` is 34 bytes, inline in its referendum.
impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

parameter_types! {
	/// What the scheduler may dispatch in one block: 80% of it, as on Polkadot.
	pub SchedulerMaxWeight: Weight = Perbill::from_percent(80) * RuntimeBlockWeights::get().max_block;
}

/// The scheduler: dispatches approved referenda (and their alarms) at the block they are due,
/// with the origin the referendum named. Only Root schedules by hand.
impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = SchedulerMaxWeight;
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	/// 50 tasks a block, as on Polkadot; a full block's tasks spill into the next ones
	/// ([`SpillingScheduler`]).
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = pallet_scheduler::weights::SubstrateWeight<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

/// Votes on referenda, with conviction: a vote locked for longer counts more (up to 6× for 32
/// weeks). Support is counted against the total issuance.
impl pallet_conviction_voting::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_conviction_voting::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type Polls = Referenda;
	/// The active issuance, as on Polkadot: what is deactivated does not dilute support.
	type MaxTurnout = ActiveIssuanceOf<Balances, AccountId>;
	/// As on Polkadot: 512 votes an account.
	type MaxVotes = ConstU32<512>;
	/// A vote with conviction 1× stays locked 7 days after the referendum ends; 6× 32 weeks.
	type VoteLockingPeriod = ConstU32<{ 7 * DAYS }>;
	type BlockNumberProvider = System;
	type VotingHooks = ();
}

/// A slashed referendum deposit (a referendum Root kills) goes to the protocol account, as a
/// rejected challenge's bond does: nothing is burned.
pub struct ToProtocolAccount;
impl OnUnbalanced<pallet_balances::NegativeImbalance<Runtime>> for ToProtocolAccount {
	fn on_nonzero_unbalanced(amount: pallet_balances::NegativeImbalance<Runtime>) {
		Balances::resolve_creating(&ProtocolAccount::get(), amount);
	}
}

/// The one track's id: `root`.
pub const ROOT_TRACK: u16 = 0;

/// The `root` track's decision deposit: 10,000 FAIR, a hundred challenge bonds, so that only
/// a proposal with real backing is decided, as Polkadot's root track asks 100,000 DOT.
pub const ROOT_DECISION_DEPOSIT: Balance = 10_000 * UNIT;

/// The `root` track's real periods, as on Polkadot: 2 hours to prepare (votes come in before
/// the decision starts), up to 28 days to decide, 1 day of confirmation (the approval must hold
/// that long), and 1 day at least before enactment.
pub const ROOT_PERIODS: TrackPeriods = TrackPeriods {
	prepare_period: 2 * HOURS,
	decision_period: 28 * DAYS,
	confirm_period: DAYS,
	min_enactment_period: DAYS,
};

/// The periods of a referendum on the `root` track, in blocks.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	codec::Encode,
	codec::Decode,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
)]
pub struct TrackPeriods {
	pub prepare_period: BlockNumber,
	pub decision_period: BlockNumber,
	pub confirm_period: BlockNumber,
	pub min_enactment_period: BlockNumber,
}

impl TrackPeriods {
	/// Each period within `[1, 90 days]`, whatever a genesis stored: a zero would let a
	/// referendum pass without a decision or a confirmation.
	pub fn bounded(self) -> Self {
		let bound = |period: BlockNumber| period.clamp(1, 90 * DAYS);
		Self {
			prepare_period: bound(self.prepare_period),
			decision_period: bound(self.decision_period),
			confirm_period: bound(self.confirm_period),
			min_enactment_period: bound(self.min_enactment_period),
		}
	}
}

/// The `root` track with `periods`: approval from 100% down to 50% of the conviction-weighted
/// votes over the decision period, and support from 50% down to 0% of the total issuance, as on
/// Polkadot's root track, so that a proposal passes early only with wide support and late only
/// with a clear majority of those who voted.
const fn root_track(periods: TrackPeriods) -> TrackInfo<Balance, BlockNumber> {
	TrackInfo {
		name: str_array("root"),
		// Five at once, so that a failing referendum (which runs its whole decision period)
		// cannot hold the track alone.
		max_deciding: 5,
		decision_deposit: ROOT_DECISION_DEPOSIT,
		prepare_period: periods.prepare_period,
		decision_period: periods.decision_period,
		confirm_period: periods.confirm_period,
		min_enactment_period: periods.min_enactment_period,
		min_approval: Curve::LinearDecreasing {
			length: Perbill::one(),
			floor: Perbill::from_percent(50),
			ceil: Perbill::one(),
		},
		min_support: Curve::LinearDecreasing {
			length: Perbill::one(),
			floor: Perbill::zero(),
			ceil: Perbill::from_percent(50),
		},
	}
}

/// The tracks: `root` alone, for every Root call (upgrades, parameters, the curator council's
/// and the validator set's members, forced transfers).
pub struct Tracks;

impl pallet_referenda::TracksInfo<Balance, BlockNumber> for Tracks {
	type Id = u16;
	type RuntimeOrigin = OriginCaller;

	/// The real tracks: what the metadata shows.
	fn tracks() -> impl Iterator<Item = Cow<'static, Track<u16, Balance, BlockNumber>>> {
		static TRACKS: [Track<u16, Balance, BlockNumber>; 1] =
			[Track { id: ROOT_TRACK, info: root_track(ROOT_PERIODS) }];
		TRACKS.iter().map(Cow::Borrowed)
	}

	/// Only Root has a track. The match names every origin of the runtime, so that a new one
	/// does not compile until someone decides whether referenda may dispatch with it.
	fn track_for(origin: &OriginCaller) -> Result<u16, ()> {
		match origin {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(ROOT_TRACK),
			OriginCaller::system(_) | OriginCaller::CuratorCouncil(_) | OriginCaller::Void(_) => {
				Err(())
			},
		}
	}

	/// The track the referenda run with: the periods a test chain's genesis chose, bounded, or
	/// the real ones.
	fn info(id: u16) -> Option<Cow<'static, TrackInfo<Balance, BlockNumber>>> {
		(id == ROOT_TRACK).then(|| {
			let periods = genesis_periods::RootTrack::<Runtime>::get().unwrap_or(ROOT_PERIODS);
			Cow::Owned(root_track(periods.bounded()))
		})
	}
}

parameter_types! {
	/// 100 FAIR to submit a referendum, returned once it is approved or cancelled; kept when it
	/// times out undecided, so that spam costs what it fills.
	pub const SubmissionDeposit: Balance = 100 * UNIT;
}

/// How many blocks after the one it asked for a task may land when that block's agenda is full.
pub const SCHEDULE_SPILL: BlockNumber = 16;

/// `pallet-scheduler` as the referenda use it, except that a task whose block's agenda is full
/// (`MaxScheduledPerBlock` tasks) lands in the first of the next [`SCHEDULE_SPILL`] blocks with
/// room, instead of failing. The referenda ignore a failed schedule: a referendum's alarm or
/// enactment would be lost, and with it a deciding slot for good, so a stranger who filled
/// one block's agenda with the timeouts of cheap submissions could stop governance. Filling 16
/// blocks' agendas takes 800 submissions, 80,000 FAIR that timeouts keep.
pub struct SpillingScheduler;

impl SpillingScheduler {
	/// Calls `place` with `when`, then at each of the [`SCHEDULE_SPILL`] blocks after the one
	/// it names while it fails with `Exhausted`.
	fn spill<A>(
		when: DispatchTime<BlockNumber>,
		mut place: impl FnMut(DispatchTime<BlockNumber>) -> Result<A, DispatchError>,
	) -> Result<A, DispatchError> {
		// As the scheduler reads it: `After(n)` is n blocks after the next.
		let first = match when {
			DispatchTime::At(block) => block,
			DispatchTime::After(delay) => {
				System::block_number().saturating_add(delay).saturating_add(1)
			},
		};
		let mut result = place(when);
		for later in 1..=SCHEDULE_SPILL {
			if !matches!(result, Err(DispatchError::Exhausted)) {
				break;
			}
			result = place(DispatchTime::At(first.saturating_add(later)));
		}
		result
	}
}

type Call = Bounded<RuntimeCall, BlakeTwo256>;

impl Anon<BlockNumber, RuntimeCall, OriginCaller> for SpillingScheduler {
	type Address = <Scheduler as Anon<BlockNumber, RuntimeCall, OriginCaller>>::Address;
	type Hasher = BlakeTwo256;

	fn schedule(
		when: DispatchTime<BlockNumber>,
		maybe_periodic: Option<Period<BlockNumber>>,
		priority: Priority,
		origin: OriginCaller,
		call: Call,
	) -> Result<Self::Address, DispatchError> {
		Self::spill(when, |at| {
			<Scheduler as Anon<_, _, _>>::schedule(
				at,
				maybe_periodic,
				priority,
				origin.clone(),
				call.clone(),
			)
		})
	}

	fn cancel(address: Self::Address) -> Result<(), DispatchError> {
		<Scheduler as Anon<_, RuntimeCall, OriginCaller>>::cancel(address)
	}

	fn reschedule(
		address: Self::Address,
		when: DispatchTime<BlockNumber>,
	) -> Result<Self::Address, DispatchError> {
		<Scheduler as Anon<_, RuntimeCall, OriginCaller>>::reschedule(address, when)
	}

	fn next_dispatch_time(address: Self::Address) -> Result<BlockNumber, DispatchError> {
		<Scheduler as Anon<_, RuntimeCall, OriginCaller>>::next_dispatch_time(address)
	}
}

impl Named<BlockNumber, RuntimeCall, OriginCaller> for SpillingScheduler {
	type Address = <Scheduler as Named<BlockNumber, RuntimeCall, OriginCaller>>::Address;
	type Hasher = BlakeTwo256;

	fn schedule_named(
		id: TaskName,
		when: DispatchTime<BlockNumber>,
		maybe_periodic: Option<Period<BlockNumber>>,
		priority: Priority,
		origin: OriginCaller,
		call: Call,
	) -> Result<Self::Address, DispatchError> {
		Self::spill(when, |at| {
			<Scheduler as Named<_, _, _>>::schedule_named(
				id,
				at,
				maybe_periodic,
				priority,
				origin.clone(),
				call.clone(),
			)
		})
	}

	fn cancel_named(id: TaskName) -> Result<(), DispatchError> {
		<Scheduler as Named<_, RuntimeCall, OriginCaller>>::cancel_named(id)
	}

	fn reschedule_named(
		id: TaskName,
		when: DispatchTime<BlockNumber>,
	) -> Result<Self::Address, DispatchError> {
		<Scheduler as Named<_, RuntimeCall, OriginCaller>>::reschedule_named(id, when)
	}

	fn next_dispatch_time(id: TaskName) -> Result<BlockNumber, DispatchError> {
		<Scheduler as Named<_, RuntimeCall, OriginCaller>>::next_dispatch_time(id)
	}
}

/// Referenda: anyone submits a proposal with the origin it is to be dispatched with (Root only,
/// on the `root` track), someone places the decision deposit, token holders vote, and an
/// approved proposal is enacted by the scheduler after the track's enactment period.
impl pallet_referenda::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_referenda::weights::SubstrateWeight<Runtime>;
	type Scheduler = SpillingScheduler;
	type Currency = Balances;
	type SubmitOrigin = frame_support::traits::AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	/// Root (a referendum, or sudo where a test chain keeps it) may cancel one, its deposits
	/// returned, or kill one, its deposits slashed to the protocol account.
	type CancelOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Slash = ToProtocolAccount;
	type Votes = pallet_conviction_voting::VotesOf<Runtime>;
	type Tally = pallet_conviction_voting::TallyOf<Runtime>;
	type SubmissionDeposit = SubmissionDeposit;
	type MaxQueued = ConstU32<100>;
	/// A referendum nobody places the decision deposit on times out after 14 days.
	type UndecidingTimeout = ConstU32<{ 14 * DAYS }>;
	type AlarmInterval = ConstU32<1>;
	type Tracks = Tracks;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}
