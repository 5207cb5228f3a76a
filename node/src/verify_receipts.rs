//! `fairshare-node verify-receipts --genesis HASH`: checks usage receipts' signatures for an
//! operator's gateway (`clients/gateway`), natively and by the runtime's own rule
//! ([`pallet_data_contribution::Pallet::receipt_signed`], with the runtime's `MultiSignature`):
//! a receipt it passes is one `settle_usage` takes, and the reverse.
//!
//! It reads batches from stdin and answers each on stdout, in order, until stdin ends. It
//! first writes its greeting, one line: [`READY`], then the runtime whose rule it applies and
//! the largest batch it takes, `FSRCPT2 runtime=fairshare-109 max_batch=65536\n`, so that a
//! gateway can refuse a binary of another runtime than its chain's. A batch is a `u32` count (1
//! to [`MAX_BATCH`], little-endian), then that many receipts, each:
//!
//! | bytes | field |
//! | --- | --- |
//! | 1 | the scheme, as `MultiSignature`'s index: 0 ed25519, 1 sr25519, 2 ecdsa |
//! | 32 | the consumer's account |
//! | 8 | the channel id, little-endian |
//! | 8 | the cumulative count, little-endian |
//! | 64, or 65 for ecdsa | the signature |
//!
//! The answer to a batch is its count again (`u32`, little-endian), then one byte a receipt: 1
//! when the consumer signed it, 0 when not. Anything else on stdin, a count cut short included,
//! ends the command with an error that says what.
//!
//! A batch's signatures are verified together where the scheme allows ([`batch`]), 1,024
//! receipts at a time, with the same verdicts as checking each; the count goes out before the
//! first verdict is known, and the verdicts follow as each 1,024 are checked.

mod batch;

use batch::Checker;
use codec::Decode;
use fairshare_runtime::{AccountId, Signature};
use sp_core::H256;
use std::io::{self, BufReader, BufWriter, ErrorKind, Read, Write};

/// What the command's greeting starts with, once it is ready to check: the protocol's name.
pub const READY: &[u8; 8] = b"FSRCPT2 ";
/// The most receipts in one batch.
pub const MAX_BATCH: u32 = 65_536;
/// The most receipts checked together, and answered before the next are checked.
const ANSWER_CHUNK: usize = 1_024;

/// The `verify-receipts` subcommand.
#[derive(Debug, Clone, clap::Parser)]
pub struct VerifyReceiptsCmd {
	/// The chain's genesis hash in hex: receipts signed for another chain are refused.
	#[arg(long, value_parser = parse_genesis)]
	pub genesis: H256,
}

fn parse_genesis(text: &str) -> Result<H256, String> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	let bytes = hex::decode(digits).map_err(|e| format!("not hex: {e}"))?;
	let bytes: [u8; 32] =
		bytes.try_into().map_err(|b: Vec<u8>| format!("{} bytes, not 32", b.len()))?;
	Ok(H256(bytes))
}

impl VerifyReceiptsCmd {
	/// Answers batches from stdin on stdout until stdin ends.
	pub fn run(&self) -> sc_cli::Result<()> {
		self.serve(io::stdin().lock(), io::stdout().lock())
	}

	/// Answers batches from `input` on `output` until `input` ends.
	pub fn serve(&self, input: impl Read, output: impl Write) -> sc_cli::Result<()> {
		let mut input = BufReader::with_capacity(1 << 16, input);
		let mut output = BufWriter::new(output);
		output.write_all(&greeting())?;
		output.flush()?;
		let mut checker = Checker::new(self.genesis);
		let mut receipts = Vec::new();
		let mut answer = Vec::new();
		while let Some(count) = read_count(&mut input)? {
			receipts.clear();
			for _ in 0..count {
				receipts.push(read_receipt(&mut input)?);
			}
			output.write_all(&count.to_le_bytes())?;
			// Answered a chunk at a time: the gateway sees progress on a large batch whose
			// receipts are checked one by one, and does not take it for a stall.
			for chunk in receipts.chunks(ANSWER_CHUNK) {
				answer.clear();
				answer.extend(checker.check(chunk).into_iter().map(u8::from));
				output.write_all(&answer)?;
				output.flush()?;
			}
		}
		Ok(())
	}
}

/// One receipt as read: its consumer's signature and account, and its counts.
pub struct Receipt {
	signature: Signature,
	account: AccountId,
	channel: u64,
	cumulative: u64,
}

/// Reads one receipt.
fn read_receipt(input: &mut impl Read) -> sc_cli::Result<Receipt> {
	let mut head = [0u8; 1 + 32 + 8 + 8];
	input.read_exact(&mut head)?;
	let signature_len = match head[0] {
		0 | 1 => 64,
		2 => 65,
		scheme => return Err(format!("scheme {scheme} is not 0, 1 or 2").into()),
	};
	let mut encoded = [0u8; 66];
	encoded[0] = head[0];
	input.read_exact(&mut encoded[1..=signature_len])?;
	let signature = Signature::decode(&mut &encoded[..=signature_len])
		.map_err(|e| format!("the signature does not decode: {e}"))?;
	Ok(Receipt {
		signature,
		account: AccountId::from(<[u8; 32]>::try_from(&head[1..33]).expect("32 bytes")),
		channel: u64::from_le_bytes(head[33..41].try_into().expect("8 bytes")),
		cumulative: u64::from_le_bytes(head[41..49].try_into().expect("8 bytes")),
	})
}

/// The greeting line: [`READY`], the runtime's name and spec version, and [`MAX_BATCH`].
pub fn greeting() -> Vec<u8> {
	let version = &fairshare_runtime::VERSION;
	let line =
		format!("runtime={}-{} max_batch={MAX_BATCH}\n", version.spec_name, version.spec_version);
	[READY.as_slice(), line.as_bytes()].concat()
}

/// A batch's count, or `None` where stdin ended between batches.
fn read_count(input: &mut impl Read) -> sc_cli::Result<Option<u32>> {
	let mut bytes = [0u8; 4];
	match input.read_exact(&mut bytes[..1]) {
		Err(e) if e.kind() == ErrorKind::UnexpectedEof => return Ok(None),
		result => result?,
	}
	input
		.read_exact(&mut bytes[1..])
		.map_err(|e| format!("a batch count cut short after its first byte: {e}"))?;
	let count = u32::from_le_bytes(bytes);
	if count == 0 || count > MAX_BATCH {
		return Err(format!("a batch of {count} receipts: 1 to {MAX_BATCH}").into());
	}
	Ok(Some(count))
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::{ecdsa, ed25519, sr25519, Pair};
	use sp_runtime::{traits::IdentifyAccount, MultiSigner};

	pub(super) const GENESIS: [u8; 32] = [7; 32];

	/// The documented receipt: the tag, the genesis hash, then the two counts little-endian.
	pub(super) fn message(genesis: [u8; 32], channel: u64, cumulative: u64) -> Vec<u8> {
		[
			b"fairshare/usage/v1".as_slice(),
			&genesis,
			&channel.to_le_bytes(),
			&cumulative.to_le_bytes(),
		]
		.concat()
	}

	/// `bytes` as browser extensions sign them: wrapped in `<Bytes>`.
	pub(super) fn wrapped(bytes: &[u8]) -> Vec<u8> {
		[b"<Bytes>".as_slice(), bytes, b"</Bytes>"].concat()
	}

	/// One receipt's record: `scheme`, `account`, the counts, and `signature`'s bytes.
	fn record(
		scheme: u8,
		account: &AccountId,
		channel: u64,
		cumulative: u64,
		signature: &[u8],
	) -> Vec<u8> {
		let account: &[u8; 32] = account.as_ref();
		[&[scheme][..], account, &channel.to_le_bytes(), &cumulative.to_le_bytes(), signature]
			.concat()
	}

	fn batch(records: &[Vec<u8>]) -> Vec<u8> {
		[(records.len() as u32).to_le_bytes().to_vec(), records.concat()].concat()
	}

	/// What the command writes for `input`, or its error.
	fn serve(input: &[u8]) -> Result<Vec<u8>, String> {
		let cmd = VerifyReceiptsCmd { genesis: H256(GENESIS) };
		let mut output = Vec::new();
		cmd.serve(input, &mut output).map_err(|e| e.to_string())?;
		let greeting = greeting();
		assert_eq!(&output[..greeting.len()], greeting);
		Ok(output[greeting.len()..].to_vec())
	}

	/// The answer to a batch with `verdicts`: their count, then one byte each.
	fn answer(verdicts: &[u8]) -> Vec<u8> {
		[(verdicts.len() as u32).to_le_bytes().as_slice(), verdicts].concat()
	}

	pub(super) fn account(signer: impl Into<MultiSigner>) -> AccountId {
		signer.into().into_account()
	}

	#[test]
	fn each_scheme_raw_or_wrapped_passes_and_any_other_receipt_fails() {
		let ed = ed25519::Pair::from_seed(&[1; 32]);
		let sr = sr25519::Pair::from_seed(&[2; 32]);
		let ec = ecdsa::Pair::from_seed(&[3; 32]);
		let (ed_who, sr_who, ec_who) =
			(account(ed.public()), account(sr.public()), account(ec.public()));
		let receipt = message(GENESIS, 5, 42);
		let wrapped = wrapped(&receipt);
		let ed_sig = ed.sign(&receipt);
		let records = [
			record(0, &ed_who, 5, 42, ed_sig.as_ref()),
			record(1, &sr_who, 5, 42, sr.sign(&receipt).as_ref()),
			record(2, &ec_who, 5, 42, ec.sign(&receipt).as_ref()),
			record(1, &sr_who, 5, 42, sr.sign(&wrapped).as_ref()),
			record(0, &ed_who, 5, 42, ed.sign(&wrapped).as_ref()),
			record(2, &ec_who, 5, 42, ec.sign(&wrapped).as_ref()),
			// Another channel, count, chain or signer; a scheme the signature is not of.
			record(0, &ed_who, 6, 42, ed_sig.as_ref()),
			record(0, &ed_who, 5, 43, ed_sig.as_ref()),
			record(0, &ed_who, 5, 42, ed.sign(&message([8; 32], 5, 42)).as_ref()),
			record(0, &sr_who, 5, 42, ed_sig.as_ref()),
			record(1, &ed_who, 5, 42, ed_sig.as_ref()),
		];
		assert_eq!(serve(&batch(&records)), Ok(answer(&[1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0])));
		// Batches are answered one after the other, in order.
		let two = [batch(&records[6..7]), batch(&records[..2])].concat();
		assert_eq!(serve(&two), Ok([answer(&[0]), answer(&[1, 1])].concat()));
		assert_eq!(serve(&[]), Ok(vec![]));
	}

	#[test]
	fn malformed_input_is_an_error_that_says_what() {
		let ed = ed25519::Pair::from_seed(&[1; 32]);
		let good =
			record(0, &account(ed.public()), 5, 42, ed.sign(&message(GENESIS, 5, 42)).as_ref());
		let mut bad_scheme = good.clone();
		bad_scheme[0] = 3;
		assert!(serve(&batch(&[bad_scheme])).unwrap_err().contains("scheme 3"));
		assert!(serve(&0u32.to_le_bytes()).unwrap_err().contains("a batch of 0"));
		assert!(serve(&(MAX_BATCH + 1).to_le_bytes()).unwrap_err().contains("1 to 65536"));
		// A count cut short at the end of the input, after a whole batch.
		let whole = batch(std::slice::from_ref(&good));
		for cut in 1..4 {
			let input = [whole.as_slice(), &1u32.to_le_bytes()[..cut]].concat();
			assert!(serve(&input).unwrap_err().contains("a batch count cut short"));
		}
		// A batch that ends early.
		let short = batch(&[good]);
		assert!(serve(&short[..short.len() - 1]).is_err());
		assert!(parse_genesis("0x1234").unwrap_err().contains("2 bytes, not 32"));
		assert!(parse_genesis("zz").unwrap_err().contains("not hex"));
	}

	#[test]
	fn a_batch_larger_than_a_chunk_is_answered_with_one_count_then_every_verdict() {
		let ed = ed25519::Pair::from_seed(&[1; 32]);
		let who = account(ed.public());
		let good = |n: u64| record(0, &who, 5, n, ed.sign(&message(GENESIS, 5, n)).as_ref());
		let bad = |n: u64| record(0, &who, 5, n, ed.sign(&message(GENESIS, 5, n + 1)).as_ref());
		// A bad receipt on each side of the first chunk's end.
		let count = ANSWER_CHUNK as u64 + 1;
		let last = ANSWER_CHUNK as u64 - 1;
		let records: Vec<_> = (0..count)
			.map(|n| if n == last || n == last + 1 { bad(n) } else { good(n) })
			.collect();
		let verdicts: Vec<u8> = (0..count).map(|n| u8::from(n != last && n != last + 1)).collect();
		assert_eq!(serve(&batch(&records)), Ok(answer(&verdicts)));
	}
}
