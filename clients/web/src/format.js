// Formatting and parsing that the page needs: amounts, shares and addresses.

import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';

/**
 * `planck` (a bigint) in whole tokens with the chain's `decimals`, exactly: every digit is kept,
 * trailing zeros of the fraction dropped, thousands grouped. 203300000000000n with 12 decimals
 * is "203.3". With `group: false`, no thousands separator (for a CSV).
 */
export function formatUnits(planck, decimals, { group = true } = {}) {
  const negative = planck < 0n;
  const abs = negative ? -planck : planck;
  const scale = 10n ** BigInt(decimals);
  const digits = (abs / scale).toString();
  const whole = group ? digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : digits;
  const fraction = decimals > 0 ? (abs % scale).toString().padStart(decimals, '0').replace(/0+$/, '') : '';
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** A Perbill (parts per billion) as a percentage: 600000000 is "60%". */
export function formatPerbill(parts) {
  return `${formatUnits(BigInt(parts) * 100n, 9)}%`;
}

/**
 * The account `text` names, re-encoded with the chain's `ss58Format`, or an Error that says what
 * is wrong with it. Accepts an SS58 address or a 32-byte public key in hex.
 */
export function parseAccount(text, ss58Format) {
  const input = text.trim();
  if (!input) return new Error('Enter an account: an SS58 address or a 32-byte public key in hex.');
  try {
    const publicKey = decodeAddress(input);
    if (publicKey.length !== 32) return new Error(`"${input}" is ${publicKey.length} bytes long, not an account of 32 bytes.`);
    return encodeAddress(publicKey, ss58Format);
  } catch (e) {
    return new Error(`"${input}" is not an account address: ${e.message}`);
  }
}
