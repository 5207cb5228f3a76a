//! The split of what one position owes, part by part, by the status of the dataset each part
//! comes through: to the contributor, to escrow (challenged), to the protocol account (slashed)
//! or to the rightful account (reattributed).

use super::part_points;
use crate::*;

impl<T: Config> Pallet<T> {
	/// Splits `owed`, what `position` in `model` accrued since `since`, by where it goes: the
	/// part earned through each challenged dataset to escrow, through each slashed dataset to
	/// the protocol account, and the rest to the contributor (see [`rewards`] for the rounding).
	/// The one rule for both settlement and the read-only views.
	pub(crate) fn split_owed(
		model: &ModelInfo<T>,
		position: &Position<T>,
		since: BalanceOf<T>,
		owed: BalanceOf<T>,
	) -> Result<OwedSplit<T::AccountId, BalanceOf<T>>, DispatchError> {
		let mut split = OwedSplit::to_contributor(owed);
		if owed.is_zero() {
			return Ok(split);
		}
		for part in position.parts.iter() {
			let Some((hash, weight)) = model.datasets.get(part.index as usize) else { continue };
			let Some(dataset) = Datasets::<T>::get(hash) else { continue };
			let route = match (dataset.status, dataset.rightful) {
				(DatasetStatus::Challenged, _) => PartRoute::Escrow(*hash),
				(DatasetStatus::Slashed, _) | (DatasetStatus::Reattributed, None) => {
					PartRoute::Protocol
				},
				(DatasetStatus::Reattributed, Some(rightful)) => PartRoute::Rightful(rightful),
				(DatasetStatus::Active | DatasetStatus::Withdrawn, _) => continue,
			};
			let part_owed = model.rewards.pending(part_points(*weight, part.share), since)?;
			split.contributor =
				split.contributor.checked_sub(&part_owed).ok_or(ArithmeticError::Underflow)?;
			match route {
				PartRoute::Escrow(hash) => split.escrowed.push((hash, part_owed)),
				PartRoute::Protocol => {
					split.forfeited =
						split.forfeited.checked_add(&part_owed).ok_or(ArithmeticError::Overflow)?
				},
				PartRoute::Rightful(rightful) => split.redirected.push((rightful, part_owed)),
			}
		}
		Ok(split)
	}
}

/// Where the part of a position earned through one dataset goes, when not to the contributor.
enum PartRoute<AccountId> {
	/// To escrow, through a challenged dataset.
	Escrow(DatasetHash),
	/// To the protocol account, through a slashed dataset.
	Protocol,
	/// To the rightful account of a reattributed dataset.
	Rightful(AccountId),
}

/// Where what one position owed goes.
pub(crate) struct OwedSplit<AccountId, Balance> {
	/// To the contributor.
	pub(crate) contributor: Balance,
	/// To escrow, by challenged dataset.
	pub(crate) escrowed: Vec<(DatasetHash, Balance)>,
	/// To the protocol account, through slashed datasets.
	pub(crate) forfeited: Balance,
	/// To rightful accounts, through reattributed datasets.
	pub(crate) redirected: Vec<(AccountId, Balance)>,
}

impl<AccountId, Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy>
	OwedSplit<AccountId, Balance>
{
	/// All of `owed` to the contributor.
	fn to_contributor(owed: Balance) -> Self {
		Self {
			contributor: owed,
			escrowed: Vec::new(),
			forfeited: Zero::zero(),
			redirected: Vec::new(),
		}
	}

	/// What goes to escrow, in all; `None` on overflow.
	pub(crate) fn escrowed_total(&self) -> Option<Balance> {
		total(self.escrowed.iter().map(|(_, amount)| *amount))
	}

	/// What goes to rightful accounts, in all; `None` on overflow.
	pub(crate) fn redirected_total(&self) -> Option<Balance> {
		total(self.redirected.iter().map(|(_, amount)| *amount))
	}
}

/// The sum of `amounts`; `None` on overflow.
fn total<Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy>(
	mut amounts: impl Iterator<Item = Balance>,
) -> Option<Balance> {
	amounts.try_fold(Balance::zero(), |sum, amount| sum.checked_add(&amount))
}
