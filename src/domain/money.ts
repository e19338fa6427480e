import { badInput } from './errors';

/**
 * Money crosses the API as a yuan decimal string and lives everywhere else as integer fen (bigint).
 * Parsing is done on the string itself: a float would silently round amounts that the bank
 * reconciliation later has to match to the fen.
 */

/** 999,999,999,999.99 yuan: far above any real wage account, small enough to catch garbage. */
export const MAX_MONEY_FEN = 99_999_999_999_999n;

// Leading zeros ("007.00") are refused rather than normalised: they usually mean a mangled
// export, and one canonical spelling keeps format(parse(x)) === x for every accepted x with 2 decimals.
const CANONICAL = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;
const EXAMPLE = 'such as "1234.50"';

export function parseMoney(input: unknown, field: string): bigint {
  if (typeof input === 'number') {
    throw badInput(field, `Money must be a string ${EXAMPLE}, not a number`);
  }
  if (typeof input !== 'string') {
    throw badInput(field, `Money must be a string ${EXAMPLE}`);
  }
  if (input.trim() === '') throw badInput(field, 'Money must not be empty');
  const m = CANONICAL.exec(input);
  if (!m) throw badInput(field, explainRefusal(input));
  const fen = BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
  if (fen > MAX_MONEY_FEN) throw badInput(field, `Money must be at most ${formatMoney(MAX_MONEY_FEN)}`);
  return fen;
}

/** Two decimals always; negatives only arise from differences, so the sign is kept. */
export function formatMoney(fen: bigint): string {
  const abs = fen < 0n ? -fen : fen;
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${fen < 0n ? '-' : ''}${abs / 100n}.${cents}`;
}

// Only for a more helpful message; the regex above is the actual rule.
function explainRefusal(s: string): string {
  if (s !== s.trim()) return 'Money must not have leading or trailing spaces';
  if (s.startsWith('-')) return 'Money must not be negative';
  if (/^\d+\.\d{3,}$/.test(s)) return 'Money must have at most two decimal places';
  if (/^0\d/.test(s)) return 'Money must not have leading zeros';
  return `Money must be yuan as plain digits with at most two decimals, ${EXAMPLE}`;
}
