/**
 * Bank amount strings to integer minor units (fen for CNY) without ever going through a float:
 * 0.1 + 0.2 style drift would break reconciliation against the statement balance to the fen.
 */
export type AmountUnit = 'yuan' | 'fen';

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** Thrown for an amount a row cannot be booked with; adapters turn it into a RejectedEvent. */
export class BadAmount extends Error {
  override name = 'BadAmount';
}

/**
 * `unit` is what the bank's number counts: 'yuan' (two decimals at most; "450.00", "450") or
 * 'fen' (an integer count of fen, as some 银企直连 profiles send). Signs are kept: negative
 * amounts mean red-ink reversals in some Chinese formats and the caller decides.
 */
export function toMinorUnits(input: string, unit: AmountUnit = 'yuan'): bigint {
  // No separator handling on purpose: "1,50" could be 1.50 or 150, and guessing is a 100x error.
  const s = input.trim();
  const m = DECIMAL.exec(s);
  if (!m) throw new BadAmount(`amount "${input}" is not a decimal number`);
  const [, sign, whole, frac = ''] = m;
  const significant = frac.replace(/0+$/, '');
  const places = unit === 'yuan' ? 2 : 0;
  if (significant.length > places) {
    throw new BadAmount(`amount "${input}" has more than ${places} decimal places for unit ${unit}`);
  }
  const minor = BigInt(whole) * 10n ** BigInt(places) + BigInt(significant.padEnd(places, '0') || '0');
  return sign === '-' ? -minor : minor;
}
