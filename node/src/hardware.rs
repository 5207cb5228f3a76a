//! The machine a Fairshare validator should run on, and the check of it at start.
//!
//! The runtime's weights are execution times: those of polkadot-sdk's pallets were measured on
//! its reference machine, Fairshare's own on this project's machines. A validator whose machine
//! executes blocks more slowly may take longer to import a full block than its weight says
//! (docs/validator.md, "Hardware"). So the node measures its machine when it starts, as
//! polkadot-sdk's nodes do, logs the scores, and warns when a validator's falls short.

use sc_service::Configuration;
use sc_sysinfo::{HwBench, Metric, Requirement, Requirements, Throughput};

/// The minimums a validator's machine should meet: the scores of polkadot-sdk's reference
/// machine for one core's hashing (a block executes on one core), copying memory, and writing
/// to the database's disk.
pub fn reference_hardware() -> Requirements {
	let at_least = |metric, mibs| Requirement {
		metric,
		minimum: Throughput::from_mibs(mibs),
		validator_only: false,
	};
	Requirements(vec![
		at_least(Metric::Blake2256, 1_000.0),
		at_least(Metric::MemCopy, 11_768.341),
		at_least(Metric::DiskSeqWrite, 950.0),
		at_least(Metric::DiskRndWrite, 420.0),
	])
}

/// Measures this machine (its disk in the database's directory, which it creates), logs the
/// scores, and warns when a validator's machine falls short of [`reference_hardware`]. Returns
/// the scores, for telemetry; none for a database without a directory.
pub fn check(config: &Configuration) -> Option<HwBench> {
	let directory = config.database.path()?;
	if let Err(e) = std::fs::create_dir_all(directory) {
		log::warn!("cannot create {} to measure its disk: {e}", directory.display());
	}
	let reference = reference_hardware();
	let scores = sc_sysinfo::gather_hwbench(Some(directory), &reference);
	sc_sysinfo::print_hwbench(&scores);
	if config.role.is_authority() {
		if let Some((_, failures)) = short_of(&reference, &scores) {
			let failures = failures.trim_end_matches(", ");
			log::warn!(
				"⚠️  This machine is below the reference hardware for a validator ({failures}): \
				 it may take longer to import a full block than the block's weight allows \
				 (docs/validator.md, \"Hardware\")"
			);
		}
	}
	Some(scores)
}

/// Sends `scores` to telemetry, when both are there.
pub fn to_telemetry(
	task_manager: &sc_service::TaskManager,
	telemetry: Option<&sc_telemetry::Telemetry>,
	scores: Option<HwBench>,
) {
	if let (Some(telemetry), Some(scores)) = (telemetry, scores) {
		let report = sc_sysinfo::initialize_hwbench_telemetry(telemetry.handle(), scores);
		task_manager.spawn_handle().spawn("telemetry_hwbench", None, report);
	}
}

/// The metrics in which a validator's `scores` fall short of `reference`, and what was expected
/// and found of each, or none.
fn short_of(reference: &Requirements, scores: &HwBench) -> Option<(Vec<Metric>, String)> {
	let failures = reference.check_hardware(scores, true).err()?;
	Some((failures.0.iter().map(|f| f.metric).collect(), failures.to_string()))
}

#[cfg(test)]
mod tests {
	use super::*;

	fn machine(single_core_mibs: f64, scale: f64) -> HwBench {
		HwBench {
			cpu_hashrate_score: Throughput::from_mibs(single_core_mibs),
			parallel_cpu_hashrate_score: Throughput::from_mibs(single_core_mibs),
			parallel_cpu_cores: 1,
			memory_memcpy_score: Throughput::from_mibs(11_768.341 * scale),
			disk_sequential_write_score: Some(Throughput::from_mibs(950.0 * scale)),
			disk_random_write_score: Some(Throughput::from_mibs(420.0 * scale)),
		}
	}

	#[test]
	fn a_machine_at_the_reference_passes() {
		assert_eq!(short_of(&reference_hardware(), &machine(1_000.0, 1.0)), None);
		assert_eq!(short_of(&reference_hardware(), &machine(2_000.0, 2.0)), None);
	}

	#[test]
	fn a_core_half_as_fast_falls_short_on_hashing_alone() {
		let (metrics, _) = short_of(&reference_hardware(), &machine(500.0, 1.0)).unwrap();
		assert_eq!(metrics, vec![Metric::Blake2256]);
	}

	#[test]
	fn a_slow_disk_falls_short_on_both_writes() {
		let mut scores = machine(1_000.0, 1.0);
		scores.disk_sequential_write_score = Some(Throughput::from_mibs(900.0));
		scores.disk_random_write_score = Some(Throughput::from_mibs(400.0));
		let (metrics, _) = short_of(&reference_hardware(), &scores).unwrap();
		assert_eq!(metrics, vec![Metric::DiskSeqWrite, Metric::DiskRndWrite]);
	}
}
