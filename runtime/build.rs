//! Builds the runtime to Wasm with substrate-wasm-builder; the node embeds the result.
//!
//! A build with the `try-runtime` checks names its Wasm apart
//! (`fairshare_runtime_try_runtime.compact.compressed.wasm`), so that
//! `scripts/build-upgrade-runtime.sh` builds it in one Wasm project with the previous release's
//! runtime (`fairshare_runtime.compact.compressed.wasm` there), sharing their compiled
//! dependencies, without either replacing the other's Wasm.

fn main() {
	#[cfg(feature = "std")]
	{
		let builder = substrate_wasm_builder::WasmBuilder::init_with_defaults();
		// The generated file's name is also the Wasm's; src/lib.rs includes it by this name.
		#[cfg(feature = "try-runtime")]
		let builder = builder.set_file_name("fairshare_runtime_try_runtime");
		#[cfg(feature = "metadata-hash")]
		let builder = builder.enable_metadata_hash("FAIR", 12);
		builder.build();
	}
}
