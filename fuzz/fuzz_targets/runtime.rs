//! The fuzz target: each input the fuzzer generates runs through the harness (`fairshare_fuzz::run`).
#![no_main]

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
	fairshare_fuzz::run(input);
});
