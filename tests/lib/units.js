// The chain's units, with no other import: for tools that need only these (scripts/new-network.mjs).

/** One FAIR, one milliFAIR, and a Perbill's whole, in planck and parts. */
export const FAIR = 1_000_000_000_000n;
export const MILLI = FAIR / 1_000n;
export const PERBILL = 1_000_000_000n;
