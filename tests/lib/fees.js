// The transaction fee, predicted from the formula docs/economics.md ("Transaction fees") states,
// and checked against what the runtime charged: a test never subtracts a fee it did not predict.
//
//   fee = base + length × byte fee + multiplier × weight_fee(weight)
//   base = 0.2 mFAIR; weight_fee(w) = ⌊w.ref_time × base / ExtrinsicBaseWeight.ref_time⌋;
//   byte fee = 1 µFAIR; the multiplier applied as ⌊multiplier × weight_fee⌋.
//
// The inputs come from the chain's record of the transaction, not from its fee: the extrinsic's
// length from its block, its weight from its ExtrinsicSuccess or ExtrinsicFailed event (which
// adds the base weight), and the multiplier as it stood at the parent block.

const BASE_FEE = 200_000_000n; // 0.2 mFAIR, in planck
const BYTE_FEE = 1_000_000n; // 1 µFAIR, in planck
const FIXED_ONE = 10n ** 18n; // FixedU128's unit

/** The fee the formula gives the transaction whose `events` landed in block `blockHash`. */
export async function predictedFee(api, { events, blockHash }) {
  const outcome = events.find(({ event }) =>
    api.events.system.ExtrinsicSuccess.is(event) || api.events.system.ExtrinsicFailed.is(event));
  if (!outcome) throw new Error('no ExtrinsicSuccess or ExtrinsicFailed event');
  const info = outcome.event.data.dispatchInfo;
  const { block } = await api.rpc.chain.getBlock(blockHash);
  const length = BigInt(block.extrinsics[outcome.phase.asApplyExtrinsic.toNumber()].encodedLength);
  const baseWeight = api.consts.system.blockWeights.perClass.normal.baseExtrinsic.refTime.toBigInt();
  const weight = info.weight.refTime.toBigInt() - baseWeight;
  const multiplier = (await api.query.transactionPayment.nextFeeMultiplier.at(block.header.parentHash)).toBigInt();
  const weightFee = (weight * BASE_FEE) / baseWeight;
  return BASE_FEE + length * BYTE_FEE + (multiplier * weightFee) / FIXED_ONE;
}

/**
 * The fee the transaction paid (`{ events, blockHash }`, as signAndWait gives it), tip included,
 * once checked against the formula: throws when the runtime charged anything else.
 */
export async function checkedFee(api, result) {
  const paid = result.events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
  if (!paid) throw new Error('no TransactionFeePaid event');
  // `actualFee` includes the tip.
  const charged = paid.event.data.actualFee.toBigInt();
  const predicted = (await predictedFee(api, result)) + paid.event.data.tip.toBigInt();
  if (charged !== predicted) throw new Error(`the runtime charged ${charged} planck, the fee formula gives ${predicted}`);
  return predicted;
}

/**
 * What `who` paid in fees for its transactions in block `blockHash`, whose events are
 * `events` (all of the block's): each fee checked against the formula.
 */
export async function checkedFeesInBlock(api, blockHash, events, who) {
  let total = 0n;
  for (const { event, phase } of events) {
    if (!api.events.transactionPayment.TransactionFeePaid.is(event) || event.data.who.toString() !== who) continue;
    const index = phase.asApplyExtrinsic.toNumber();
    const own = events.filter((record) => record.phase.isApplyExtrinsic && record.phase.asApplyExtrinsic.toNumber() === index);
    total += await checkedFee(api, { events: own, blockHash });
  }
  return total;
}
