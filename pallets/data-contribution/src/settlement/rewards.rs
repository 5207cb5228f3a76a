//! The reward math: how one payment is split, and how a model's data reward reaches each
//! contributor without the payment ever looping over contributors.
//!
//! # Splitting a payment
//!
//! [`PaymentSplit::new`] splits a payment of `total` as the economics define it, every `Perbill`
//! multiplication rounding down:
//!
//! ```text
//! protocol = ProtocolFee × total
//! owner    = owner_share × (total − protocol)
//! data     = total − protocol − owner
//! ```
//!
//! The three parts always add up to `total`: what rounding takes from the protocol and the owner
//! lands in `data`.
//!
//! # Paying contributors in O(1)
//!
//! A contributor `c` of a model `m` holds a [`Position`](crate::Position) of `points`:
//!
//! ```text
//! points(c, m) = Σ_d w_d × share(c, d)          (shares in parts per billion)
//! P_m          = Σ_c points(c, m) = W × 10^9    (W = Σ_d w_d)
//! ```
//!
//! so `points(c, m) / P_m = Σ_d (w_d / W) × share(c, d)`, the contributor's fraction of the
//! model's data reward. This is the Scalable Reward Distribution scheme (Batog, Boca and Johnson,
//! 2018), also behind pallet-nomination-pools' reward counters: a pool-wide counter of reward per
//! point only grows, and each position remembers the counter at its last settlement, so that
//!
//! ```text
//! pending(c, m) = points(c, m) × (counter_now − counter_at_checkpoint)
//! ```
//!
//! A payment only moves the counter: one storage write, whatever the number of datasets and
//! contributors.
//!
//! Here the number of points of a model never changes after registration, so the counter
//! `reward_per_point = data_paid / P_m` has a fixed denominator. [`RewardPool`] therefore keeps
//! the counter exactly, as its integer numerator `data_paid` (the sum of the data parts of every
//! payment), rather than as a rounded `FixedU128`. A position's checkpoint is the `data_paid` it
//! was last settled at:
//!
//! ```text
//! pending(c, m) = ⌊(data_paid − checkpoint) × points(c, m) / P_m⌋
//! ```
//!
//! computed in 256-bit intermediate precision, so it cannot overflow: the result is at most
//! `data_paid − checkpoint`, because `points ≤ P_m`.
//!
//! # Rounding
//!
//! The counter itself never rounds. The only rounding is the floor in `pending`, applied once per
//! settlement (a claim), and it loses strictly less than 1 planck each time. A settlement that
//! loses anything follows at least one payment since the position's last one, so a contributor
//! loses less than 1 planck per model per payment: within the bound the economics promise (at
//! most 1 planck per contributor per payment), and usually far less, since one claim covers any
//! number of payments.
//!
//! The sum of all contributors' floors is at most `data_paid`, so the pool never owes more than
//! it was paid. What rounding keeps back, `data_paid − claimed − Σ pending`, is dust: it stays in
//! the pallet's pot, accounted to the model (see `Pallet::try_state`), and is never lost or
//! created.
//!
//! # Parts through one dataset
//!
//! When a dataset is challenged or slashed, what a position earned through it is told apart at
//! settlement: the part through dataset `d` is `⌊accrued × w_d × share(c, d) / P_m⌋`, the same
//! floor over the dataset's points. The parts' floors add up to at most the position's floor, so
//! what goes to escrow or to the protocol account plus what the contributor receives is exactly
//! what the position was owed: splitting creates nothing. The contributor receives the
//! remainder, so the split's own rounding (less than 1 planck per part) favours the contributor,
//! never the pot.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_arithmetic::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{AtLeast32BitUnsigned, Zero},
	ArithmeticError, Perbill, Rounding,
};

/// One payment, split between the protocol, the model owner and the data contributors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaymentSplit<Balance> {
	/// `ProtocolFee × total`, rounded down.
	pub protocol: Balance,
	/// `owner_share × (total − protocol)`, rounded down.
	pub owner: Balance,
	/// The rest: `total − protocol − owner`, for the contributors.
	pub data: Balance,
}

impl<Balance: AtLeast32BitUnsigned + Copy> PaymentSplit<Balance> {
	/// Splits `total`: the three parts always sum to `total` exactly.
	pub fn new(total: Balance, protocol_fee: Perbill, owner_share: Perbill) -> Self {
		let protocol = protocol_fee.mul_floor(total);
		// `protocol ≤ total` and `owner ≤ total − protocol`, as `Perbill` is at most one.
		let after_protocol = total - protocol;
		let owner = owner_share.mul_floor(after_protocol);
		Self { protocol, owner, data: after_protocol - owner }
	}
}

/// The owner's and the protocol's parts of a model's payments that wait in the pot: a payment
/// credits them here, in the model's record that it writes anyway, instead of paying two more
/// accounts; `claim_model_revenue` pays them out. Each part is what [`PaymentSplit`] gave,
/// summed: no rounding beyond the split's own.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct ModelRevenue<Balance> {
	/// The model owner's part, not yet paid to the owner.
	pub owner: Balance,
	/// The protocol's part, not yet paid to the protocol account.
	pub protocol: Balance,
}

impl<Balance: AtLeast32BitUnsigned + Copy> Default for ModelRevenue<Balance> {
	fn default() -> Self {
		Self::new()
	}
}

impl<Balance: AtLeast32BitUnsigned + Copy> ModelRevenue<Balance> {
	/// Nothing waiting.
	pub fn new() -> Self {
		Self { owner: Zero::zero(), protocol: Zero::zero() }
	}

	/// Credits the owner's and the protocol's parts of `split`.
	pub fn credit(&mut self, split: &PaymentSplit<Balance>) -> Result<(), ArithmeticError> {
		let owner = self.owner.checked_add(&split.owner).ok_or(ArithmeticError::Overflow)?;
		let protocol =
			self.protocol.checked_add(&split.protocol).ok_or(ArithmeticError::Overflow)?;
		(self.owner, self.protocol) = (owner, protocol);
		Ok(())
	}

	/// Everything waiting: what the pot holds for this record.
	pub fn total(&self) -> Balance {
		self.owner.saturating_add(self.protocol)
	}
}

/// A model's reward accumulator for its data contributors.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct RewardPool<Balance> {
	/// `P_m`: the sum of the points of every position in the model; fixed at registration.
	pub total_points: u128,
	/// The counter: every data part ever paid into the pool. Only grows.
	pub data_paid: Balance,
	/// What contributors have claimed from the pool so far.
	pub claimed: Balance,
}

impl<Balance: AtLeast32BitUnsigned + Copy> RewardPool<Balance> {
	/// An empty pool over `total_points` points.
	pub fn new(total_points: u128) -> Self {
		Self { total_points, data_paid: Zero::zero(), claimed: Zero::zero() }
	}

	/// The checkpoint of a fresh position, entitled only to payments from now on.
	pub fn checkpoint(&self) -> Balance {
		self.data_paid
	}

	/// Credits the data part of one payment to the pool: O(1), whatever the number of positions.
	pub fn record_payment(&mut self, data: Balance) -> Result<(), ArithmeticError> {
		self.data_paid = self.data_paid.checked_add(&data).ok_or(ArithmeticError::Overflow)?;
		Ok(())
	}

	/// What `points` points settled at `checkpoint` are owed now:
	/// `⌊(data_paid − checkpoint) × points / P_m⌋`.
	///
	/// The same formula gives the part owed through one dataset, with that dataset's points
	/// (`w_d × share`) in place of the position's. As `⌊a⌋ + ⌊b⌋ ≤ ⌊a + b⌋`, the parts through
	/// each dataset never add up to more than the position is owed.
	pub fn pending(&self, points: u128, checkpoint: Balance) -> Result<Balance, ArithmeticError> {
		let accrued: u128 = self
			.data_paid
			.checked_sub(&checkpoint)
			.ok_or(ArithmeticError::Underflow)?
			.try_into()
			.map_err(|_| ArithmeticError::Overflow)?;
		if accrued == 0 || points == 0 {
			return Ok(Zero::zero());
		}
		let owed =
			multiply_by_rational_with_rounding(accrued, points, self.total_points, Rounding::Down)
				.ok_or(ArithmeticError::DivisionByZero)?;
		// `owed ≤ accrued`, which came from a `Balance`, so it converts back.
		Balance::try_from(owed).map_err(|_| ArithmeticError::Overflow)
	}

	/// Settles `points` points at `checkpoint`: returns what they were owed, counts it as
	/// claimed from the pool, and moves the checkpoint to now.
	pub fn settle(
		&mut self,
		points: u128,
		checkpoint: &mut Balance,
	) -> Result<Balance, ArithmeticError> {
		let owed = self.pending(points, *checkpoint)?;
		self.claimed = self.claimed.checked_add(&owed).ok_or(ArithmeticError::Overflow)?;
		*checkpoint = self.data_paid;
		Ok(owed)
	}

	/// What the pool still holds for its contributors, dust included: `data_paid − claimed`.
	pub fn unclaimed(&self) -> Balance {
		self.data_paid.saturating_sub(self.claimed)
	}
}
