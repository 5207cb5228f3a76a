//! Replays every committed input through the harness, without a fuzzer: the seed corpus
//! (`corpus/runtime`) and every input that ever failed (`regressions`). A failed check panics,
//! so a regression fails this test. scripts/test.sh runs it.

use fairshare_fuzz::{run, seeds};
use frame_support::traits::GetCallName;
use std::{
	collections::BTreeMap,
	fs,
	path::{Path, PathBuf},
};

fn directory(name: &str) -> PathBuf {
	Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// Every file of `dir` (none when it does not exist), by name.
fn inputs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
	let Ok(entries) = fs::read_dir(dir) else { return BTreeMap::new() };
	entries
		.map(|entry| entry.expect("the directory lists").path())
		.filter(|path| path.is_file() && !path.ends_with("README.md"))
		.map(|path| {
			let name = path.file_name().unwrap().to_string_lossy().into_owned();
			(name, fs::read(&path).expect("an input reads"))
		})
		.collect()
}

#[test]
fn every_committed_input_replays() {
	let corpus = inputs(&directory("corpus/runtime"));
	let regressions = inputs(&directory("regressions"));
	assert!(corpus.len() >= seeds::seeds().len(), "the corpus holds at least the seeds");
	for (name, input) in corpus.iter().chain(&regressions) {
		let report = run(input);
		println!(
			"{name}: {} blocks, applied {:?}, refused {:?}",
			report.blocks, report.applied, report.refused
		);
	}
}

/// The committed seed files are the seeds' encodings. With FAIRSHARE_WRITE_SEEDS=1, writes them
/// instead (scripts/fuzz.sh --write-seeds).
#[test]
fn the_seed_files_are_the_seeds() {
	let dir = directory("corpus/runtime");
	for (name, actions) in seeds::seeds() {
		let path = dir.join(format!("seed-{name}"));
		let bytes = seeds::encoded(&actions);
		if std::env::var_os("FAIRSHARE_WRITE_SEEDS").is_some() {
			fs::write(&path, &bytes).expect("the seed is written");
		}
		assert_eq!(fs::read(&path).ok(), Some(bytes), "{} is not seed {name}", path.display());
	}
}

/// Together, the seeds make every call of the data-contribution pallet go through, as a
/// transaction or in a council motion: the fuzzer starts from inputs that reach each of them,
/// receipts' settlement and rulings included.
#[test]
fn the_seeds_reach_every_data_contribution_call() {
	let mut applied = BTreeMap::<String, u32>::new();
	for (name, actions) in seeds::seeds() {
		let report = run(&seeds::encoded(&actions));
		println!(
			"{name}: {} blocks, applied {:?}, refused {:?}",
			report.blocks, report.applied, report.refused
		);
		// A ruling goes through only in a council motion.
		for (call, count) in report.applied.into_iter().chain(report.executed) {
			*applied.entry(call).or_default() += count;
		}
	}
	let calls = pallet_data_contribution::Call::<fairshare_runtime::Runtime>::get_call_names();
	let missing: Vec<_> = calls
		.iter()
		.filter(|call| !applied.contains_key(&format!("DataContribution::{call}")))
		.collect();
	assert!(missing.is_empty(), "no seed makes {missing:?} go through");
}
